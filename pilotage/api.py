"""The top floor through the API: « À faire » and the programme's figures, each read by the same
selector as its page, in the caller's scope."""

import re

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from comptes.api import ClientAddressThrottle
from habilitations.scoping import scope_for
from portail.kept import kept_json

from .dashboard import cache_key, dashboard, selected_phase
from .selectors import a_faire


class TacheSerializer(serializers.Serializer):
    libelle = serializers.CharField()
    detail = serializers.CharField()
    url = serializers.CharField(help_text="La page du portail où la tâche se fait.")
    action = serializers.CharField()


class GroupeSerializer(serializers.Serializer):
    cle = serializers.CharField(help_text="Identifiant stable du groupe (ex. « a_inscrire », « signatures »).")
    titre = serializers.CharField()
    total = serializers.IntegerField(help_text="Nombre de tâches du groupe ; les premières sont listées.")
    taches = TacheSerializer(many=True)


class AFaireView(APIView):
    """The open tasks of the caller, grouped and counted, each with the link where it is done."""

    @extend_schema(responses={200: GroupeSerializer(many=True)})
    def get(self, request):
        return Response(GroupeSerializer(a_faire(request.user), many=True).data)


# ---------------------------------------------------------------- the programme's figures


class _Count(serializers.Serializer):
    n = serializers.IntegerField()


class PhaseStatutSerializer(_Count):
    phase = serializers.CharField()
    statut = serializers.CharField()


class MaturiteSerializer(_Count):
    niveau = serializers.IntegerField(allow_null=True, help_text="1 à 3 ; null : non évalué")


class AnneeSerializer(_Count):
    annee = serializers.IntegerField()


class AxeStatutSerializer(_Count):
    axe = serializers.CharField()
    statut = serializers.CharField()


class FinancementSerializer(serializers.Serializer):
    financeur = serializers.CharField()
    operateur = serializers.CharField(allow_null=True)
    demande = serializers.DecimalField(max_digits=16, decimal_places=2)
    obtenu = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)


class LigneRegionSerializer(serializers.Serializer):
    code = serializers.CharField()
    nom = serializers.CharField()
    territoires = serializers.IntegerField()
    deposees = serializers.IntegerField()
    validees = serializers.IntegerField()
    realisees = serializers.IntegerField()
    demande = serializers.DecimalField(max_digits=16, decimal_places=2)
    obtenu = serializers.DecimalField(max_digits=16, decimal_places=2)
    contrats = serializers.IntegerField()


class LigneTerritoireSerializer(serializers.Serializer):
    code = serializers.CharField()
    nom = serializers.CharField()
    niveau_maturite = serializers.IntegerField(allow_null=True)
    deposees = serializers.IntegerField()
    validees = serializers.IntegerField()
    realisees = serializers.IntegerField()
    demande = serializers.DecimalField(max_digits=16, decimal_places=2)
    obtenu = serializers.DecimalField(max_digits=16, decimal_places=2)
    derniere_seance = serializers.DateTimeField(allow_null=True)
    contrat_statut = serializers.CharField(allow_null=True)


class SimplificationsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    repondues = serializers.IntegerField()


class AnneeEnveloppeSerializer(serializers.Serializer):
    annee = serializers.IntegerField()
    montant = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="Enveloppe nationale de l'année.")
    engage = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="Demandé par les fiches validées du périmètre."
    )


class EnveloppeSerializer(serializers.Serializer):
    libelle = serializers.CharField()
    annees = AnneeEnveloppeSerializer(many=True)


class ChiffresSerializer(serializers.Serializer):
    niveau = serializers.ChoiceField(choices=["national", "regional", "territorial"])
    phase = serializers.CharField(help_text="La phase dont ces chiffres parlent.")
    territoires = PhaseStatutSerializer(many=True)
    maturite = MaturiteSerializer(many=True)
    protocoles_signes = AnneeSerializer(many=True)
    contrats_signes = AnneeSerializer(many=True)
    fiches = AxeStatutSerializer(many=True)
    financement = FinancementSerializer(many=True)
    enveloppes = EnveloppeSerializer(many=True)
    delai_median_jours = serializers.FloatField(allow_null=True)
    nb_decisions = serializers.IntegerField()
    simplifications = SimplificationsSerializer()
    regions = LigneRegionSerializer(many=True)
    territoires_cote_a_cote = LigneTerritoireSerializer(many=True)


def chiffres_payload(figures: dict) -> dict:
    """The dashboard's figures flattened for partners' tools (same scope, same cache)."""
    return {
        "niveau": figures["niveau"],
        "phase": figures["phase"].value,
        "territoires": [
            {"phase": phase.value, "statut": statut.value, "n": n}
            for phase, cells in figures["territoires"]["lignes"]
            for statut, n in cells
        ],
        "maturite": [
            {"niveau": niveau.value if niveau else None, "n": n} for niveau, n in figures["territoires"]["maturite"]
        ],
        "protocoles_signes": figures["signatures"]["protocoles"],
        "contrats_signes": figures["signatures"]["contrats"],
        "fiches": [
            {"axe": axe.value, "statut": statut.value, "n": n}
            for axe, cells in figures["fiches"]["lignes"]
            for statut, n in cells
        ],
        "financement": [
            {
                "financeur": r["financeur"],
                "operateur": r["operateur__nom"],
                "demande": r["demande"],
                "obtenu": r["obtenu"],
            }
            for r in figures["financement"]
        ],
        "enveloppes": figures["enveloppes"],
        "delai_median_jours": figures["delai_median"],
        "nb_decisions": figures["nb_decisions"],
        "simplifications": figures["simplifications"],
        "regions": figures.get("regions", []),
        "territoires_cote_a_cote": figures.get("cote_a_cote", []),
    }


class ChiffresView(APIView):
    """The programme's figures in the scope of the caller's mandates: national, a région's, a territory's."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "phase",
                {"type": "string", "pattern": r"^([0-9]{4}-[0-9]{4})?$"},
                description="Code de la phase (ex. 2023-2027) ; par défaut, la phase en cours.",
            )
        ],
        responses={200: ChiffresSerializer},
    )
    def get(self, request):
        if not scope_for(request.user).has_mandate:
            raise NotFound("Aucun mandat actif : aucun chiffre à montrer.")
        code = request.query_params.get("phase")
        if code and not re.fullmatch(r"[0-9]{4}-[0-9]{4}", code):
            raise ValidationError({"phase": "Indiquez le code d'une phase (ex. 2023-2027)."})
        phase = selected_phase(code)
        if code and phase.code != code:
            raise NotFound(f"Aucune phase du programme n'a pour code {code}.")
        # Kept as its JSON document beside the figures, under the same key: the same for everyone of the
        # same scope, retired by the same changes.
        key = cache_key(request.user, phase)
        return kept_json(
            request,
            self,
            key,
            lambda: ChiffresSerializer(chiffres_payload(dashboard(user=request.user, phase=phase, key=key))).data,
        )


class PublicThrottle(ClientAddressThrottle):
    """Open data is public: each client address is limited, whoever it is."""

    scope = "public"


@extend_schema(
    parameters=[
        OpenApiParameter(
            "name",
            str,
            OpenApiParameter.PATH,
            description="Nom du jeu de données (ex. « territoires-2023-2027 », « chiffres-regions », "
            "« fiches-publiables », « financements-fiches-publiables »), comme sur /donnees-ouvertes/.",
            pattern=r"^[a-z0-9-]{1,60}$",
        )
    ],
    responses={200: {"type": "object", "additionalProperties": True}},
    auth=[],
)
class PublicDatasetView(APIView):
    """A public dataset under the Etalab 2.0 licence, without authentication: its TableSchema and its
    rows (paginated), the same as the CSV file of /donnees-ouvertes/."""

    authentication_classes = []
    permission_classes = []
    throttle_classes = [PublicThrottle]

    def get(self, request, name):
        from portail.pagination import ApiPagination

        from .open_data import datasets

        dataset = datasets().get(name)
        if dataset is None:
            raise NotFound("Ce jeu de données n'existe pas.")
        paginator = ApiPagination()
        page = paginator.paginate_queryset(list(dataset.rows()), request, view=self)
        response = paginator.get_paginated_response(page)
        response.data["schema"] = dataset.schema()
        return response
