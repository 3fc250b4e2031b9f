import base64
import binascii

from django.core.files.base import ContentFile
from django.db.models import Prefetch
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from fiches_actions.scoping import visible_fiches
from habilitations.scoping import visible_territoires
from portail.api_fields import TERRITORY_CODE
from portail.kept import KeptListMixin

from . import selectors
from .models import Contrat, LigneContrat, PartieSignataire, Signature, VersionContrat
from .services import contrats as services


class LigneContratSerializer(serializers.ModelSerializer):
    class Meta:
        model = LigneContrat
        fields = ["fiche", "ordre", "engagement_ferme"]


class SignatureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Signature
        fields = ["signataire", "qualite", "date", "lieu"]


class PartieSerializer(serializers.ModelSerializer):
    signature = SignatureSerializer(read_only=True, allow_null=True)

    class Meta:
        model = PartieSignataire
        fields = ["id", "type", "libelle", "ordre", "signature"]


class VersionSerializer(serializers.ModelSerializer):
    pdf = serializers.SerializerMethodField(
        help_text="Le contrat signé et scellé, une fois produit ; s'ouvre avec le même jeton."
    )
    reference = serializers.CharField(source="document.reference", default=None, read_only=True)
    lignes = LigneContratSerializer(many=True, read_only=True)
    parties = PartieSerializer(many=True, read_only=True)

    class Meta:
        model = VersionContrat
        fields = [
            "id",
            "numero",
            "statut",
            "motif_avenant",
            "soumise_le",
            "validee_le",
            "signee_le",
            "reference",
            "pdf",
            "lignes",
            "parties",
        ]

    def get_pdf(self, version) -> str | None:
        document = getattr(version, "document", None)
        if document is None or document.statut != "termine":
            return None
        return self.context["request"].build_absolute_uri(reverse("contrats:version_download", args=[version.pk]))


class ContratSerializer(serializers.ModelSerializer):
    territoire = serializers.SlugRelatedField(slug_field="code", read_only=True)
    versions = VersionSerializer(many=True, read_only=True)

    class Meta:
        model = Contrat
        fields = ["id", "territoire", "intitule", "annee_debut", "annee_fin", "versions"]


class ContratInputSerializer(serializers.Serializer):
    territoire = serializers.RegexField(TERRITORY_CODE, help_text="Code du territoire (ex. ti-2405).")
    intitule = serializers.CharField(max_length=200)
    annee_debut = serializers.IntegerField(min_value=2000, max_value=2100)
    annee_fin = serializers.IntegerField(min_value=2000, max_value=2100)


class LigneInputSerializer(serializers.Serializer):
    fiche = serializers.IntegerField(min_value=1)
    engagement_ferme = serializers.BooleanField(default=False)


class LignesInputSerializer(serializers.Serializer):
    lignes = LigneInputSerializer(many=True, max_length=300, help_text="Les fiches validées, dans l'ordre du contrat.")


class PartieInputSerializer(serializers.Serializer):
    libelle = serializers.CharField(max_length=200, help_text="Par exemple : Le Département d'Indre-et-Loire.")


class SignatureInputSerializer(serializers.Serializer):
    partie = serializers.IntegerField(min_value=1)
    signataire = serializers.CharField(max_length=200)
    qualite = serializers.CharField(max_length=200, allow_blank=True, default="")
    date = serializers.DateField()
    lieu = serializers.CharField(max_length=120)
    preuve = serializers.CharField(
        required=False,
        allow_blank=False,
        max_length=14_000_000,
        help_text="La page de signature numérisée (PDF, PNG ou JPEG) encodée en base64, pour une partie sans mandat "
        "dans le portail.",
    )


class ContratViewSet(KeptListMixin, viewsets.ReadOnlyModelViewSet):
    """Contracts and their versions, each with its lines, parties and signatures and the link to its sealed
    PDF once produced; assembled, submitted and signed through the same services as the pages. A signed
    contract changes by an avenant (on the contract's page)."""

    kept_name = "contrats"
    serializer_class = ContratSerializer
    http_method_names = ["get", "post", "head", "options"]

    def _read(self, contrat, code=status.HTTP_200_OK):
        return Response(
            ContratSerializer(self.get_queryset().get(pk=contrat.pk), context=self.get_serializer_context()).data,
            status=code,
        )

    def _current(self, contrat):
        return contrat.versions.order_by("-numero").first()

    @extend_schema(request=ContratInputSerializer, responses={201: ContratSerializer})
    def create(self, request, *args, **kwargs):
        """Open the contract of a period, with its proposed signatory parties."""
        data = ContratInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        territoire = visible_territoires(request.user).filter(code=values.pop("territoire")).first()
        if territoire is None:
            raise NotFound()
        version = services.contrat_create(territoire=territoire, by=request.user, **values)
        return self._read(version.contrat, status.HTTP_201_CREATED)

    @extend_schema(request=LignesInputSerializer, responses={200: ContratSerializer})
    @action(detail=True, methods=["post"])
    def lignes(self, request, pk=None):
        """Choose the validated fiches of the current version, in order, each « engagement ferme » or not."""
        contrat = self.get_object()
        data = LignesInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rows = data.validated_data["lignes"]
        fiches = {
            fiche.pk: fiche for fiche in visible_fiches(request.user).filter(pk__in=[row["fiche"] for row in rows])
        }
        missing = [row["fiche"] for row in rows if row["fiche"] not in fiches]
        if missing:
            raise NotFound(f"Aucune fiche visible n'a l'identifiant {missing[0]}.")
        services.version_set_fiches(
            version=self._current(contrat),
            by=request.user,
            lignes=[(fiches[row["fiche"]], row["engagement_ferme"]) for row in rows],
        )
        return self._read(contrat)

    @extend_schema(request=PartieInputSerializer, responses={201: ContratSerializer})
    @action(detail=True, methods=["post"])
    def parties(self, request, pk=None):
        """Add a signatory party (a Département, a CCI, ADEME…) before submission."""
        contrat = self.get_object()
        data = PartieInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.partie_add(version=self._current(contrat), by=request.user, libelle=data.validated_data["libelle"])
        return self._read(contrat, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: ContratSerializer})
    @action(detail=True, methods=["post"])
    def soumettre(self, request, pk=None):
        """Submit the current version to the comité régional of the pilot région."""
        contrat = self.get_object()
        services.version_submit(version=self._current(contrat), by=request.user)
        return self._read(contrat)

    @extend_schema(request=SignatureInputSerializer, responses={201: ContratSerializer})
    @action(detail=True, methods=["post"])
    def signatures(self, request, pk=None):
        """Record one party's signature of the validated contract; the last one seals the PDF."""
        contrat = self.get_object()
        data = SignatureInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        partie = self._current(contrat).parties.filter(pk=values.pop("partie")).first()
        if partie is None:
            raise NotFound("Aucune partie de ce contrat n'a cet identifiant.")
        preuve = values.pop("preuve", None)
        if preuve is not None:
            try:
                preuve = ContentFile(base64.b64decode(preuve, validate=True), name="signature.pdf")
            except (binascii.Error, ValueError):
                # Malformed (400), as any value of the wrong form; the page's own checks (type, size) follow.
                raise serializers.ValidationError(
                    {"preuve": "La page numérisée doit être encodée en base64."}
                ) from None
        services.signature_record(partie=partie, by=request.user, preuve=preuve, **values)
        return self._read(contrat, status.HTTP_201_CREATED)

    def get_queryset(self):

        return (
            selectors.visible_contrats(self.request.user)
            .select_related("territoire")
            .prefetch_related(
                Prefetch(
                    "versions",
                    queryset=VersionContrat.objects.select_related("document")
                    .prefetch_related(
                        Prefetch("lignes", queryset=LigneContrat.objects.order_by("ordre")),
                        Prefetch(
                            "parties", queryset=PartieSignataire.objects.select_related("signature").order_by("ordre")
                        ),
                    )
                    .order_by("numero"),
                )
            )
            .order_by("pk")
        )
