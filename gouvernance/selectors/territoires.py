"""Reads of territories and régions; every one starts from the scoping layer."""

import functools

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from habilitations.enums import Role
from habilitations.models import Mandat
from habilitations.scoping import visible_regions, visible_territoires
from territoires.enums import CodePhase
from territoires.maps import france_map
from territoires.models import Contour, Departement, ImportReferentiel, MembreTerritoire, Phase, Region, Territoire

SORTS = {
    "nom": ("nom", "phase_id"),
    "-nom": ("-nom", "phase_id"),
    "code": ("code",),
    "region": ("region_pilote__nom", "nom"),
    "phase": ("phase_id", "nom"),
    "-phase": ("-phase_id", "nom"),
    "membres": ("nb_membres", "nom"),
    "-membres": ("-nb_membres", "nom"),
}


def territoire_list(
    *,
    user,
    region: str = "",
    pilote: str = "",
    departement: str = "",
    phase: str = "",
    statut: str = "",
    maturite: int | None = None,
    q: str = "",
    sort: str = "nom",
) -> QuerySet[Territoire]:
    territoires = (
        visible_territoires(user)
        .select_related("region_pilote")
        .prefetch_related(Prefetch("departements", queryset=Departement.objects.order_by("code")))
        .annotate(nb_membres=Count("membres", distinct=True))
    )
    if region:
        territoires = territoires.filter(
            pk__in=Territoire.regions.through.objects.filter(region_id=region).values("territoire_id")
        )
    if pilote:
        territoires = territoires.filter(region_pilote=pilote)
    if departement:
        territoires = territoires.filter(
            pk__in=Territoire.departements.through.objects.filter(departement_id=departement).values("territoire_id")
        )
    if phase:
        territoires = territoires.filter(phase=phase)
    if statut:
        territoires = territoires.filter(statut=statut)
    if maturite:
        territoires = territoires.filter(niveau_maturite=maturite)
    if q:
        territoires = territoires.filter(Q(nom__icontains=q) | Q(code__iexact=q))
    return territoires.order_by(*SORTS.get(sort, SORTS["nom"]))


def lineage(*, user, territoire: Territoire) -> dict:
    """The territory of the previous phase it takes up, and those of later phases that take it up, as far
    as the user may see them: a territory's history across phases."""
    visible = visible_territoires(user)
    return {
        "precedent": visible.filter(pk=territoire.precedent_id).first() if territoire.precedent_id else None,
        "suivants": list(visible.filter(precedent=territoire).order_by("phase_id")),
    }


def territoire_get(*, user, code: str) -> Territoire:
    """One visible territory with its perimeter; another scope's territory is a 404."""
    return get_object_or_404(
        visible_territoires(user)
        .select_related("region_pilote")
        .prefetch_related(
            "regions",
            Prefetch("departements", queryset=Departement.objects.order_by("code")),
            Prefetch("membres", queryset=MembreTerritoire.objects.select_related("epci", "commune")),
            Prefetch(
                "mandats",
                to_attr="referents",
                queryset=Mandat.objects.active()
                .filter(role=Role.REFERENT_OPERATEUR)
                .select_related("operateur", "user")
                .order_by("operateur__nom"),
            ),
        ),
        code=code,
    )


def region_get(*, user, code: str) -> Region:
    return get_object_or_404(visible_regions(user), code=code)


def filter_choices(*, user) -> dict:
    """The régions and départements that the user's visible territories touch, for list filters."""
    territoires = visible_territoires(user).values("pk")
    return {
        "regions": list(
            Region.objects.filter(territoires__in=territoires).distinct().order_by("nom").values_list("code", "nom")
        ),
        "departements": list(
            Departement.objects.filter(territoires__in=territoires)
            .distinct()
            .order_by("code")
            .values_list("code", "nom")
        ),
        "phases": list(Phase.objects.values_list("code", flat=True)),
    }


def perimeter_outlines(territoire: Territoire) -> dict:
    """The outlines a territory's map draws: its own (None when the reference data has none, as for the
    2019-2022 perimeters) and its départements', in code order."""
    departements = sorted(d.code for d in territoire.departements.all())
    by_code = Contour.objects.by_code(Contour.Objet.DEPARTEMENT, departements)
    return {
        "territoire": Contour.objects.of(territoire),
        "departements": [by_code[code] for code in departements if code in by_code],
    }


def scope_map(*, region_codes, phase: str = CodePhase.PHASE_2.value) -> dict | None:
    """The map of ``region_codes`` — the régions the user sees as a région, all of them when
    national, as the scoping layer listed them — with the perimeters of their current territories;
    None for a territory-only user, whose territory page has its own map. Reference geometry
    changes only with an import, so the projected drawing is kept per process and per import."""
    if not region_codes:
        return None
    latest = ImportReferentiel.objects.order_by("-pk").values_list("pk", flat=True).first()
    return _projected_map(frozenset(region_codes), latest, str(phase))


@functools.lru_cache(maxsize=64)
def _projected_map(region_codes: frozenset[str], import_id: int | None, phase: str) -> dict | None:
    regions = Contour.objects.by_code(Contour.Objet.REGION, region_codes)
    # Only the 2023-2027 perimeters are published as shapes: another phase's map draws its régions only.
    rows = list(
        Territoire.objects.filter(region_pilote__in=region_codes, phase=phase).values_list(
            "code", "nom", "region_pilote"
        )
    )
    outlines = Contour.objects.by_code(Contour.Objet.TERRITOIRE, [code for code, _, _ in rows])
    names = {code: nom for code, nom, _ in rows}
    carte = france_map(
        regions=regions,
        territoires={code: (region, outlines[code]) for code, _, region in rows if code in outlines},
    )
    if carte:
        for territoire in carte["territoires"]:
            territoire["nom"] = names[territoire["code"]]
    return carte
