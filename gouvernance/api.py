from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from habilitations.scoping import visible_territoires
from portail.kept import KeptListMixin
from territoires.models import EPCI, Departement, Region, Territoire

from . import selectors, services
from .agenda import decidables
from .enums import Verdict
from .models import Comite, Decision, PointOrdreDuJour, Seance


class ComiteSerializer(serializers.ModelSerializer):
    # A comité régional, a comité des financeurs or the national COPIL has no territory.
    territoire = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    nom = serializers.CharField(read_only=True)

    class Meta:
        model = Comite
        fields = ["id", "type", "nom", "territoire", "region", "suivi_depuis"]


class PointSerializer(serializers.ModelSerializer):
    class Meta:
        model = PointOrdreDuJour
        fields = ["ordre", "titre", "fiche", "demande_perimetre", "version_contrat"]


class SeanceSerializer(serializers.ModelSerializer):
    points = PointSerializer(many=True, read_only=True)
    releve_pdf = serializers.SerializerMethodField(
        help_text="Le relevé de décisions en PDF (projet tant qu'il n'est pas publié) ; s'ouvre avec le même jeton."
    )

    class Meta:
        model = Seance
        fields = [
            "id",
            "comite",
            "date",
            "duree_minutes",
            "lieu",
            "lien_visio",
            "statut",
            "releve_publie_le",
            "releve_pdf",
            "points",
        ]

    def get_releve_pdf(self, seance) -> str:
        return self.context["request"].build_absolute_uri(reverse("gouvernance:seance_releve_pdf", args=[seance.pk]))


class DecisionSerializer(serializers.ModelSerializer):
    seance = serializers.IntegerField(source="point.seance_id", read_only=True)
    point = serializers.CharField(source="point.titre", read_only=True)

    class Meta:
        model = Decision
        fields = ["id", "seance", "point", "verdict", "motifs", "enregistree_le"]


class ComiteViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ComiteSerializer
    filterset_fields = ["type", "region"]

    def get_queryset(self):
        return selectors.visible_comites(self.request.user).select_related("territoire", "region").order_by("pk")


class SeanceInputSerializer(serializers.Serializer):
    """A séance to convene (in the future) or, with ``tenue``, one already held entered after the fact.
    Its agenda names, by kind, the ids of the objects waiting for this committee."""

    comite = serializers.IntegerField(min_value=1)
    date = serializers.DateTimeField()
    duree_minutes = serializers.IntegerField(min_value=15, max_value=600, default=120)
    lieu = serializers.CharField(max_length=200, allow_blank=True, default="")
    lien_visio = serializers.URLField(allow_blank=True, default="")
    points_libres = serializers.ListField(child=serializers.CharField(max_length=300), max_length=30, default=list)
    revue_plan = serializers.BooleanField(default=False)
    tenue = serializers.BooleanField(default=False, help_text="Séance déjà tenue, saisie après coup.")

    def get_fields(self):
        fields = super().get_fields()
        for kind in decidables():
            fields[kind.key] = serializers.ListField(
                child=serializers.IntegerField(min_value=1), max_length=200, default=list, help_text=kind.label
            )
        return fields


class DecisionInputSerializer(serializers.Serializer):
    point = serializers.IntegerField(min_value=1, help_text="Le numéro du point à l'ordre du jour.")
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    motifs = serializers.CharField(max_length=4000, allow_blank=True, default="")
    publiable = serializers.BooleanField(
        default=False,
        help_text="Pour une fiche validée : publiable en données ouvertes (titre, résumé, coût, financements).",
    )


class SeanceViewSet(KeptListMixin, viewsets.ReadOnlyModelViewSet):
    """Séances of the visible committees; convened (or entered after the fact), decided and closed through
    the same services as the pages."""

    kept_name = "seances"
    serializer_class = SeanceSerializer
    filterset_fields = ["comite", "statut"]
    ordering_fields = ["date"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.visible_seances(self.request.user).prefetch_related("points").order_by("-date", "pk")

    def _read(self, seance, code=status.HTTP_200_OK):
        return Response(
            SeanceSerializer(self.get_queryset().get(pk=seance.pk), context=self.get_serializer_context()).data,
            status=code,
        )

    @extend_schema(request=SeanceInputSerializer, responses={201: SeanceSerializer})
    def create(self, request, *args, **kwargs):
        data = SeanceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        data = dict(data.validated_data)
        comite = selectors.visible_comites(request.user).filter(pk=data.pop("comite")).first()
        if comite is None:
            raise NotFound()
        objets = {}
        for kind in decidables():
            ids = data.pop(kind.key)
            if ids:
                # As on the page's form: only objects waiting for this committee can be named.
                found = list(services.seances.pending(kind.key, comite=comite).filter(pk__in=ids))
                if len(found) != len(set(ids)):
                    raise ValidationError({kind.key: kind.refused})
                objets[kind.key] = found
        held = data.pop("tenue")
        opener = services.seance_record_past if held else services.seance_convene
        seance = opener(comite=comite, by=request.user, **data, **objets)
        return self._read(seance, status.HTTP_201_CREATED)

    @extend_schema(request=DecisionInputSerializer, responses={201: SeanceSerializer})
    @action(detail=True, methods=["post"])
    def decisions(self, request, pk=None):
        """Record the decision of one agenda item (by its number), as on the séance's page."""
        seance = self.get_object()
        data = DecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        point = seance.points.filter(ordre=data.validated_data["point"]).first()
        if point is None:
            raise NotFound("Aucun point de l'ordre du jour ne porte ce numéro.")
        services.decision_record(
            point=point,
            by=request.user,
            verdict=data.validated_data["verdict"],
            motifs=data.validated_data["motifs"],
            publiable=data.validated_data["publiable"],
        )
        return self._read(seance, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: SeanceSerializer})
    @action(detail=True, methods=["post"])
    def publier(self, request, pk=None):
        """Publish the relevé de décisions once every item is decided."""
        seance = self.get_object()
        services.seance_publish_releve(seance=seance, by=request.user)
        return self._read(seance)


class DecisionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DecisionSerializer
    filterset_fields = ["verdict"]

    def get_queryset(self):
        return selectors.decision_list(user=self.request.user)


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "nom", "chef_lieu", "zone"]


class DepartementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Departement
        fields = ["code", "nom", "region", "chef_lieu", "zone"]


class EPCISerializer(serializers.ModelSerializer):
    class Meta:
        model = EPCI
        fields = ["siren", "nom", "nature", "population", "nb_communes", "departement_principal", "region_principale"]


class TerritoireSerializer(serializers.ModelSerializer):
    regions = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    departements = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    nb_membres = serializers.IntegerField(read_only=True)

    class Meta:
        model = Territoire
        fields = [
            "id",
            "code",
            "nom",
            "phase",
            "region_pilote",
            "regions",
            "departements",
            "statut",
            "niveau_maturite",
            "nb_membres",
        ]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Reference data, the same for everyone signed in."""

    queryset = Region.objects.order_by("nom")
    serializer_class = RegionSerializer
    filterset_fields = ["zone"]
    ordering_fields = ["code", "nom"]


class DepartementViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Departement.objects.order_by("code")
    serializer_class = DepartementSerializer
    filterset_fields = ["region", "zone"]
    ordering_fields = ["code", "nom"]


class EPCIViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = EPCI.objects.order_by("nom")
    serializer_class = EPCISerializer
    filterset_fields = ["nature", "region_principale", "departement_principal"]
    ordering_fields = ["nom", "population"]


class TerritoireViewSet(KeptListMixin, viewsets.ReadOnlyModelViewSet):
    """Territories within the scope of the caller's mandates."""

    kept_name = "territoires"
    serializer_class = TerritoireSerializer
    lookup_field = "code"
    filterset_fields = ["phase", "statut", "region_pilote", "niveau_maturite"]
    ordering_fields = ["nom", "code"]

    def get_queryset(self):
        return (
            visible_territoires(self.request.user)
            .prefetch_related(
                Prefetch("regions", queryset=Region.objects.only("code")),
                Prefetch("departements", queryset=Departement.objects.only("code")),
            )
            .annotate(nb_membres=Count("membres", distinct=True))
            .order_by("nom", "pk")
        )
