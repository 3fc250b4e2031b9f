"""Reads of fiches; every one starts from the scoping layer (``visible_fiches`` / ``good_practice_fiches``)."""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Func, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from gouvernance.selectors import transitions_of
from territoires.phases import ordered_axes

from .enums import StatutFiche
from .models import Commentaire, FicheAction, Indicateur, LigneFinancement, PieceJointe
from .scoping import good_practice_fiches, visible_fiches

SORTS = {
    "-modifie": ("-modifie_le",),
    "titre": ("titre",),
    "territoire": ("territoire__nom", "titre"),
    "-cout": (F("cout_total").desc(nulls_last=True), "titre"),
    "statut": ("statut", "titre"),
}


# Every fiche past the draft: what the dashboards count as « déposées ».
SUBMITTED = "soumises"


def fiche_list(*, user, sort: str = "-modifie", **filters) -> QuerySet[FicheAction]:
    """The fiches the person reads, filtered (``filter_fiches``) and sorted: the list page, its exports
    and the API all read it."""
    # A correlated subquery rather than a join and GROUP BY: the paginator's count then needs no
    # aggregate, and the sum is computed for the rows of the page only.
    planned = (
        LigneFinancement.objects.filter(fiche=OuterRef("pk"))
        .order_by()
        .values("fiche")
        .annotate(total=Sum("montant"))
        .values("total")
    )
    fiches = (
        visible_fiches(user)
        .select_related("territoire", "auteur", "axe")
        .annotate(
            total_finance=Coalesce(Subquery(planned), Value(0, output_field=FicheAction._meta.get_field("cout_total")))
        )
    )
    return filter_fiches(fiches, **filters).order_by(*SORTS.get(sort, SORTS["-modifie"]))


def filter_fiches(
    fiches,
    *,
    statut: str = "",
    axe: str = "",
    phase: str = "",
    territoire: str = "",
    region: str = "",
    suivi: str = "",
    financeur: str = "",
    operateur: str = "",
    q: str = "",
):
    """The one meaning of the fiche list's filters (the page's form and the API's parameters alike):
    the territory and the région by their codes, the operator by its code."""
    if statut == SUBMITTED:
        fiches = fiches.exclude(statut=StatutFiche.BROUILLON)
    elif statut:
        fiches = fiches.filter(statut=statut)
    if axe:
        fiches = fiches.filter(axe__code=axe)
    if phase:
        fiches = fiches.filter(territoire__phase=phase)
    if territoire:
        fiches = fiches.filter(territoire__code=territoire)
    if region:
        fiches = fiches.filter(territoire__region_pilote=region)
    if suivi:
        fiches = fiches.filter(suivi=suivi)
    if financeur or operateur:
        lines = LigneFinancement.objects.filter(financeur=financeur) if financeur else LigneFinancement.objects.all()
        if operateur:
            lines = lines.filter(operateur=operateur)
        fiches = fiches.filter(pk__in=lines.values("fiche"))
    if q:
        fiches = fiches.filter(Q(titre__icontains=q) | Q(description__icontains=q))
    return fiches


def fiche_get(*, user, pk: int) -> FicheAction:
    """A fiche the user may read in full, with everything its page shows; otherwise 404."""
    return get_object_or_404(
        visible_fiches(user)
        .select_related("territoire__region_pilote", "auteur", "localisation", "reponse_par", "axe")
        .prefetch_related(
            "mesures",
            Prefetch("financements", queryset=LigneFinancement.objects.select_related("operateur", "instrument")),
            Prefetch("indicateurs", queryset=Indicateur.objects.prefetch_related("valeurs")),
            Prefetch("pieces", queryset=PieceJointe.objects.select_related("ajoutee_par")),
            Prefetch("commentaires", queryset=Commentaire.objects.select_related("auteur")),
        ),
        pk=pk,
    )


def good_practice_get(*, user, pk: int) -> FicheAction:
    return get_object_or_404(
        good_practice_fiches(user)
        .select_related("territoire__region_pilote", "axe")
        .only(
            "pk",
            "titre",
            "axe",
            "description",
            "objectifs",
            "territoire__nom",
            "territoire__code",
            "territoire__region_pilote__nom",
            "statut",
            "suivi",
        ),
        pk=pk,
    )


def piece_get(*, user, pk: int) -> PieceJointe:
    return get_object_or_404(
        PieceJointe.objects.filter(fiche__in=visible_fiches(user).values("pk")).select_related("fiche"), pk=pk
    )


def timeline(fiche):
    return transitions_of(fiche)


def validated_version(fiche):
    """The fiche, its financing plan and its indicators as they were when the committee validated it."""
    record = fiche.history.filter(statut=StatutFiche.VALIDEE).order_by("history_date").first()
    if record is None:
        return None
    return version_as_of(fiche.pk, record.history_date)


def version_as_of(fiche_id: int, when):
    """The fiche with its financing plan and indicators exactly as they stood at ``when``."""
    return {
        "fiche": FicheAction.history.as_of(when).get(pk=fiche_id),
        "financements": LigneFinancement.history.as_of(when).filter(fiche_id=fiche_id).select_related("operateur"),
        "indicateurs": Indicateur.history.as_of(when).filter(fiche_id=fiche_id),
        "le": when,
    }


def _unaccent(expression):
    return Func(expression, function="unaccent")


def search(*, user, q: str):
    """French full-text search (accent-insensitive, ranked) over the fiches the user may see in full,
    and the validated fiches of every territory (shown as good practices)."""
    q = q.strip()
    candidates = (visible_fiches(user) | good_practice_fiches(user)).distinct()
    if not q:
        return candidates.none()
    candidates = candidates.select_related("territoire", "axe")
    if connection.vendor != "postgresql":
        return candidates.filter(Q(titre__icontains=q) | Q(description__icontains=q) | Q(objectifs__icontains=q))
    vector = (
        SearchVector(_unaccent("titre"), weight="A", config="french")
        + SearchVector(_unaccent("objectifs"), weight="B", config="french")
        + SearchVector(_unaccent("description"), weight="C", config="french")
    )
    query = SearchQuery(_unaccent(Value(q)), config="french", search_type="websearch")
    return candidates.annotate(rank=SearchRank(vector, query)).filter(rank__gt=0).order_by("-rank", "titre")


def plan_actions(*, user, territoire) -> dict:
    """The territory's plan d'actions (feuille de route): its fiches past the draft, that the user may see,
    under each axe of its phase; and the comité de projet's yearly reviews of it, with their decisions."""
    from gouvernance.models import PointOrdreDuJour

    fiches = list(
        visible_fiches(user)
        .filter(territoire=territoire)
        .exclude(statut=StatutFiche.BROUILLON)
        .select_related("axe")
        .order_by("axe__ordre", "titre")
    )
    by_axe = []
    for axe in ordered_axes(territoire.phase_id, {fiche.axe.code for fiche in fiches}):
        mine = [fiche for fiche in fiches if fiche.axe_id == axe.pk]
        by_axe.append(
            {
                "axe": axe,
                "fiches": mine,
                "cout": sum((fiche.cout_total or 0) for fiche in mine),
                "validees": sum(1 for fiche in mine if fiche.statut == StatutFiche.VALIDEE),
            }
        )
    revues = (
        PointOrdreDuJour.objects.filter(revue_plan=True, seance__comite__territoire=territoire)
        .select_related("seance", "decision")
        .order_by("-seance__date")
    )
    return {"par_axe": by_axe, "revues": list(revues), "total": len(fiches)}


def simplification_list(*, user, phase: str = ""):
    """Validated simplification requests the user may see, for the national follow-up."""
    fiches = visible_fiches(user)
    if phase:
        fiches = fiches.filter(territoire__phase=phase)
    return (
        fiches.filter(axe__demande_simplification=True, statut=StatutFiche.VALIDEE)
        .select_related("territoire__region_pilote", "reponse_par", "axe")
        .order_by(F("reponse_le").asc(nulls_first=True), "decidee_le")
    )
