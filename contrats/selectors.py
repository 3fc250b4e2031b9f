from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404

from fiches_actions.enums import StatutFiche
from fiches_actions.models import FicheAction
from habilitations.scoping import visible_territoires

from .models import Contrat, LigneContrat, PartieSignataire, VersionContrat


def visible_contrats(user):
    return Contrat.objects.filter(territoire__in=visible_territoires(user).values("pk"))


def contrat_list(*, user, territoire=None):
    contrats = visible_contrats(user).select_related("territoire").annotate(nb_versions=Count("versions"))
    return contrats.filter(territoire=territoire) if territoire is not None else contrats


def contrat_get(*, user, pk: int) -> Contrat:
    return get_object_or_404(
        visible_contrats(user)
        .select_related("territoire__region_pilote")
        .prefetch_related(
            Prefetch("versions", queryset=VersionContrat.objects.select_related("document").order_by("numero"))
        ),
        pk=pk,
    )


def version_get(*, user, pk: int) -> VersionContrat:
    return get_object_or_404(
        VersionContrat.objects.filter(contrat__in=visible_contrats(user).values("pk"))
        .select_related("contrat__territoire__region_pilote")
        .prefetch_related(
            Prefetch("lignes", queryset=LigneContrat.objects.select_related("fiche__axe").order_by("ordre")),
            Prefetch(
                "parties",
                queryset=PartieSignataire.objects.select_related("signature__enregistree_par").order_by("ordre"),
            ),
        ),
        pk=pk,
    )


def partie_get(*, user, pk: int) -> PartieSignataire:
    return get_object_or_404(
        PartieSignataire.objects.filter(version__contrat__in=visible_contrats(user).values("pk")).select_related(
            "version__contrat__territoire"
        ),
        pk=pk,
    )


def fiches_for_contract(version: VersionContrat):
    """The validated fiches of the version's territory a contract may hold, by axe then title (the version
    comes from ``version_get``: the caller already sees it)."""
    return (
        FicheAction.objects.filter(territoire=version.contrat.territoire_id, statut=StatutFiche.VALIDEE)
        .select_related("axe")
        .order_by("axe__ordre", "titre")
    )
