"""Fiches through the API: the same scope and the same services as the pages."""

import re

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from habilitations.scoping import visible_territoires
from portail.api_errors import RuleRefused
from portail.api_fields import PositiveDecimalField, ReferenceField
from portail.kept import KeptListMixin
from territoires.models import EPCI, InstrumentFinancement, Operateur

from . import selectors, services
from .enums import Financeur, StatutFinancement, Suivi
from .filters import FicheFilter
from .models import FicheAction, Indicateur, LigneFinancement
from .validators import normalize_siret


@extend_schema_field(
    {
        "type": "string",
        "pattern": "^[0-9]{9}$",
        "nullable": True,
        "description": "SIREN d'une intercommunalité du périmètre du territoire.",
    }
)
class EpciField(serializers.Field):
    """An EPCI by its SIREN. The form of the SIREN is checked here (400); whether it is an
    intercommunalité of the territory's perimeter is the service's rule (422), like on the page."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(r"[0-9]{9}", data):
            raise serializers.ValidationError("Indiquez le SIREN à 9 chiffres de l'intercommunalité, ou null.")
        return EPCI.objects.filter(pk=data).first() or EPCI(siren=data)

    def get_attribute(self, instance):
        # The SIREN is the key the fiche holds: reading it fetches no intercommunalité (one query per
        # fiche of a list page before).
        return getattr(instance, f"{self.source}_id")

    def to_representation(self, value):
        return value.pk if hasattr(value, "pk") else value


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^[a-z0-9-]{1,40}$",
        "nullable": True,
        "description": "Code de l'enveloppe de la phase (ex. etat-investissement-ti), avec son année.",
    }
)
class InstrumentField(serializers.Field):
    """A financing instrument by its code; one that names nothing is refused by the portal's data (422)."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(r"[a-z0-9-]{1,40}", data):
            raise serializers.ValidationError("Indiquez le code de l'enveloppe (ex. etat-investissement-ti).")
        found = InstrumentFinancement.objects.filter(code=data).first()
        if found is None:
            raise RuleRefused({self.field_name: [f"Aucune enveloppe n'a pour code « {data} »."]})
        return found

    def to_representation(self, value):
        return value.code


class LigneSerializer(serializers.ModelSerializer):
    financeur = serializers.ChoiceField(choices=Financeur.choices)
    instrument = InstrumentField(allow_null=True, required=False)
    annee = serializers.IntegerField(min_value=2000, max_value=2100, allow_null=True, required=False)
    statut = serializers.ChoiceField(choices=StatutFinancement.choices, default=StatutFinancement.SOLLICITE)
    montant = PositiveDecimalField()
    operateur = ReferenceField(noun="opérateur", queryset=Operateur.objects.all(), allow_null=True, required=False)

    class Meta:
        model = LigneFinancement
        fields = ["financeur", "operateur", "precision", "montant", "statut", "instrument", "annee", "montant_obtenu"]
        read_only_fields = ["montant_obtenu"]


class IndicateurSerializer(serializers.ModelSerializer):
    cible = PositiveDecimalField()

    class Meta:
        model = Indicateur
        fields = ["libelle", "unite", "cible"]


TERRITOIRE_CODE = r"^[A-Za-z0-9-]{1,20}$"


@extend_schema_field({"type": "string", "pattern": TERRITOIRE_CODE, "description": "Code du territoire (ex. ti-2405)."})
class TerritoireCodeField(serializers.Field):
    """A territory by its code. Read here as a string; whether the caller may see (and write on) that
    territory is the scoping layer's answer in the view: any other code is « not found » (404), so the
    API tells nothing of territories outside the caller's scope."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(TERRITOIRE_CODE, data):
            raise serializers.ValidationError("Indiquez le code du territoire (ex. ti-2405).")
        return data

    def to_representation(self, value):
        return value.code


AXE_CODE = r"^[a-z0-9-]{1,20}$"


@extend_schema_field(
    {
        "type": "string",
        "pattern": AXE_CODE,
        "description": "Code d'un axe ou d'une priorité de la phase du territoire "
        "(2023-2027 : competences, transition, innovation, foncier ; "
        "2019-2022 : recruter, attirer, innover, simplifier).",
    }
)
class AxeCodeField(serializers.Field):
    """An axe by its code. Whether it is one of the territory's phase is the service's rule (422 naming
    the phase's axes), the same as the page's and the import's."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(AXE_CODE, data):
            raise serializers.ValidationError("Indiquez le code de l'axe (ex. competences).")
        return data

    def to_representation(self, value):
        return value.code


class SiretField(serializers.RegexField):
    """14 digits, spaces allowed between them (« 552 120 222 00013 »); stored as the 14 digits. The
    check digit is the service's rule (422), as on the page."""

    def __init__(self, **kwargs):
        super().__init__(
            r"^(?:[0-9] ?){13}[0-9]$",
            max_length=24,
            error_messages={"invalid": "Un SIRET compte 14 chiffres."},
            **kwargs,
        )

    def to_internal_value(self, data):
        return normalize_siret(super().to_internal_value(data))


class FicheSerializer(serializers.ModelSerializer):
    territoire = TerritoireCodeField()
    axe = AxeCodeField()
    financements = LigneSerializer(many=True, required=False)
    indicateurs = IndicateurSerializer(many=True, required=False)
    # Empty until the fiche is validated: the schema must say so, or clients reject the value.
    suivi = serializers.ChoiceField(
        choices=[("", "Pas encore de suivi (fiche non validée)"), *Suivi.choices], read_only=True
    )

    localisation = EpciField(allow_null=True, required=False)
    # The enjeu of the territory's protocol the fiche answers (checked by the service: same territory).
    enjeu = ReferenceField(
        noun="enjeu",
        queryset=FicheAction._meta.get_field("enjeu").related_model.objects.all(),
        allow_null=True,
        required=False,
    )
    cout_total = PositiveDecimalField(allow_null=True, required=False)
    porteur_siret = SiretField(required=False, allow_blank=True)

    class Meta:
        model = FicheAction
        fields = [
            "id",
            "territoire",
            "titre",
            "axe",
            "enjeu",
            "description",
            "objectifs",
            "porteur_organisation",
            "porteur_siret",
            "porteur_type",
            "maitre_ouvrage",
            "contact_nom",
            "contact_email",
            "contact_telephone",
            "localisation",
            "date_debut",
            "date_fin",
            "cout_total",
            "obstacle",
            "texte_concerne",
            "derogation_demandee",
            "statut",
            "suivi",
            "version",
            "deposee_le",
            "financements",
            "indicateurs",
        ]
        read_only_fields = ["statut", "suivi", "version", "deposee_le"]


class FicheUpdateSerializer(FicheSerializer):
    """What a PATCH reads: the fields to change, all optional, and the ``version`` the client read
    (optimistic locking), required. Validated as a whole (not « partial »), so the schema and the
    server agree on what is required."""

    territoire = serializers.SlugRelatedField(slug_field="code", read_only=True)
    version = serializers.IntegerField(
        min_value=1, help_text="La version lue : une version dépassée est refusée (409) sans rien perdre."
    )

    class Meta(FicheSerializer.Meta):
        read_only_fields = ["statut", "suivi", "deposee_le", "territoire"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version" and not field.read_only:
                field.required = False
        self.fields["version"].error_messages["required"] = "Indiquez la version lue (verrouillage optimiste)."

    def to_internal_value(self, data):
        # Fields left out stay as they are: only what the client sent is written.
        validated = super().to_internal_value(data)
        return {name: value for name, value in validated.items() if name in data or name == "version"}


def _details(data: dict) -> dict:
    """The validated data as the services take them: the plan and indicators under their own names."""
    data = dict(data)
    data["lignes"] = data.pop("financements", None)
    data["indicateurs"] = data.pop("indicateurs", None)
    return data


class FicheViewSet(KeptListMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    kept_name = "fiches"
    serializer_class = FicheSerializer
    filterset_class = FicheFilter
    ordering_fields = ["modifie_le", "titre"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        # The list page's selector; the filters (FicheFilter) and the ordering apply on top of it.
        return (
            selectors.fiche_list(user=self.request.user)
            .prefetch_related(
                Prefetch("financements", queryset=LigneFinancement.objects.select_related("instrument").order_by("pk")),
                Prefetch("indicateurs", queryset=Indicateur.objects.order_by("pk")),
            )
            .order_by("-modifie_le", "pk")
        )

    def get_serializer_class(self):
        return FicheUpdateSerializer if self.action == "partial_update" else FicheSerializer

    def _read(self, fiche):
        return FicheSerializer(self.get_queryset().get(pk=fiche.pk), context=self.get_serializer_context()).data

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = _details(serializer.validated_data)
        territoire = visible_territoires(request.user).filter(code=data.pop("territoire")).first()
        if territoire is None:
            raise NotFound()
        fiche = services.fiche_create_with_details(by=request.user, territoire=territoire, **data)
        return Response(self._read(fiche), status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        fiche = self.get_object()
        serializer = self.get_serializer(fiche, data=request.data)
        serializer.is_valid(raise_exception=True)
        services.fiche_update_with_details(fiche=fiche, by=request.user, **_details(serializer.validated_data))
        return Response(self._read(fiche))

    @extend_schema(request=None, responses={200: FicheSerializer})
    @action(detail=True, methods=["post"])
    def deposer(self, request, pk=None):
        """Submit the fiche to the comité de projet (the same checks as the page)."""
        fiche = self.get_object()
        services.fiche_submit(fiche=fiche, by=request.user)
        return Response(self._read(fiche))
