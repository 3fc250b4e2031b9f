"""Figures of the programme, computed from what the user may see: the national delegation sees the
nation, a région its territories side by side, a territory its own fiches, séances and contract.
Every figure links to the list behind it.

Two levels of cache. Each territory's aggregates (``territory_figures``) are kept until a change in
that territory retires them; a scope's figures, and its rendered HTML, are kept under a generation
token that any change to a counted object replaces (``portail.cache.figures_changed``, wired to the
models' signals and called by the services that write with ``QuerySet.update``). So a decision or a
signature shows at the next load, never later, and that load adds up cached aggregates and recounts
only the territory that changed.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from contrats.enums import StatutVersion
from contrats.models import VersionContrat
from fiches_actions.enums import Financeur, StatutFiche, Suivi
from fiches_actions.models import FicheAction, Indicateur, ValeurIndicateur
from gouvernance.models import Seance
from habilitations.scoping import Scope, scope_for, visible_territoires
from portail.cache import cache_get, cache_set, generation, keep
from territoires.enums import NiveauMaturite, StatutTerritoire
from territoires.models import Phase
from territoires.phases import current_phase, ordered_axes, phase_named

from .territory_figures import (
    add_money,
    last_seance,
    median_of,
    merged,
    merged_quarters,
    region_sums,
    territory_partials,
)

FIGURES_TTL = 600  # seconds; only the "last séance" of the activity table depends on the clock
SUBMITTED = [s for s in StatutFiche if s != StatutFiche.BROUILLON]


class Choice(NamedTuple):
    """A row's heading as the templates and the API read it (a phase, an axe): kept in the cache."""

    value: str
    label: str


def selected_phase(code: str | None = None) -> Phase:
    """The phase a dashboard shows: the one asked for if it exists, the current one otherwise."""
    return phase_named(code) or current_phase()


def level_of(scope: Scope) -> str:
    if scope.is_national:
        return "national"
    return "regional" if scope.region_codes else "territorial"


def _scope_key(scope: Scope) -> str:
    if scope.is_national:
        return "national"
    regions = ",".join(sorted(scope.region_codes))
    territoires = ",".join(str(pk) for pk in sorted(scope.territoire_ids))
    return f"r{regions}:t{territoires}"


def cache_key(user, phase: Phase) -> str:
    """The key of the user's scope and phase under the current generation: what is cached under it is current."""
    return f"tableau-de-bord:{generation()}:{phase.code}:{_scope_key(scope_for(user))}"


def dashboard(*, user, phase: Phase, key: str | None = None) -> dict:
    key = key or cache_key(user, phase)
    figures = cache_get(key)
    if figures is None:
        figures = compute_figures(user=user, phase=phase)
        cache_set(key, figures, FIGURES_TTL)
    return figures


def rendered_figures(*, request, phase: Phase, key: str) -> str:
    """The figures' part of the dashboard page as HTML, kept under the same key as the figures (and
    the page of the territories side by side): a second load of an unchanged scope reads one cache
    entry and renders nothing but the page frame."""
    from types import SimpleNamespace

    from django.http import QueryDict
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    from gouvernance.selectors.territoires import scope_map
    from portail.pagination import paginate

    from .charts import dashboard_charts

    asked = request.GET.get("page", "1")
    html_key = f"{key}:html:{asked if asked.isdigit() and len(asked) < 5 else 1}"
    html = cache_get(html_key)
    if html is None:
        figures = dashboard(user=request.user, phase=phase, key=key)
        codes = [line["code"] for line in figures.get("regions", [])]
        # A région has up to 240 territories at ten times the programme: 25 lines a page keep the
        # page under 150 kB.
        side_by_side = paginate(request, figures.get("cote_a_cote", []))
        # The HTML is shared by everyone of this scope: its page links carry the phase and nothing
        # else of the address that first produced it.
        links = QueryDict(mutable=True)
        links["phase"] = phase.code
        html = render_to_string(
            "pilotage/_tableau_de_bord_chiffres.html",
            {
                **figures,
                "cote_a_cote": side_by_side,
                "request": SimpleNamespace(GET=links),
                "carte": map_with_figures(scope_map(region_codes=codes, phase=phase.code), figures),
                "graphiques": dashboard_charts(figures),
            },
        )
        if html_key.endswith(f":{side_by_side.number}"):
            # A page past the last shows the last one; it is not kept under the number asked.
            cache_set(html_key, str(html), FIGURES_TTL)
    return mark_safe(html)  # rendered by our own template, with autoescaping, above


def compute_figures(*, user, phase: Phase) -> dict:
    """Every figure of the user's scope in one phase: its territories and their fiches, séances and
    contracts, so that each number equals the list it links to (which carries ``?phase=``).

    The figures are sums of each territory's aggregates (``territory_figures``), cached per territory
    and retired by the changes to it: after a decision, the national figures recount one territory
    and add up the others'. Territorial pages add what only they show (follow-up, indicators,
    contracts), read directly."""
    level = level_of(scope_for(user))
    territoires = visible_territoires(user).filter(phase=phase)
    rows = list(
        territoires.values("pk", "code", "nom", "region_pilote", "region_pilote__nom", "statut", "niveau_maturite")
    )
    per_territory = level != "national"  # national: by région only, its territories are too many to list
    if per_territory:
        groups, shares_of = rows, territory_partials([row["pk"] for row in rows])
        activity = shares_of
    else:
        shares_of = region_sums(rows, phase.pk)
        groups = [{"pk": region, "region_pilote": region} for region in shares_of]
        activity = {pk: line for share in shares_of.values() for pk, line in share["activite"].items()}
    fiche_rows = _fiche_rows(groups, shares_of, per_territory=per_territory)
    funding_rows = _funding_rows(groups, shares_of, per_territory=per_territory)
    contract_rows = _signed_contract_rows(groups, shares_of)
    shares = list(shares_of.values())
    figures = {
        "niveau": level,
        "phase": Choice(phase.code, phase.libelle),
        "territoires": _territories(rows, phase),
        "signatures": _signatures(shares, contract_rows),
        "fiches": _fiches_by_axe(fiche_rows, phase),
        "financement": _funding(funding_rows),
        "enveloppes": _envelopes(funding_rows, phase),
        **_decision_delay(shares),
        "simplifications": _simplifications(shares),
        # 2019-2022 had an axe of simplification requests; a phase without one shows no such figure.
        "simplification_possible": any(axe.demande_simplification for axe in phase.axes_list),
        "activite": _activity(rows, activity),
        "activite_trimestrielle": _quarterly_activity(shares, phase),
    }
    if level != "territorial":
        figures["regions"] = _regions_side_by_side(user, phase, fiche_rows, funding_rows, contract_rows)
    if per_territory:
        figures["cote_a_cote"] = _territories_side_by_side(territoires, fiche_rows, funding_rows)
    if level == "territorial":
        # Validated fiches are submitted ones, which every mandate on their territory reads
        # (``visible_fiches``); named by territory, the query avoids the visibility rule's OR of
        # authorship and drafts, which PostgreSQL plans as a scan of every fiche (190 ms at scale 10).
        validated = FicheAction.objects.filter(
            territoire_id__in=[row["pk"] for row in rows], statut=StatutFiche.VALIDEE
        )
        figures["suivi"] = _follow_up(fiche_rows)
        figures["indicateurs"] = _indicators(validated)
        figures["contrats"] = _contracts(territoires)
    return figures


def _territories(rows: list[dict], phase: Phase) -> dict:
    by_statut, by_maturity = {}, {}
    for row in rows:
        by_statut[row["statut"]] = by_statut.get(row["statut"], 0) + 1
        by_maturity[row["niveau_maturite"]] = by_maturity.get(row["niveau_maturite"], 0) + 1
    return {
        "lignes": [
            (Choice(phase.code, phase.code), [(statut, by_statut.get(statut.value, 0)) for statut in StatutTerritoire])
        ],
        "statuts": list(StatutTerritoire),
        "total": sum(by_statut.values()),
        "maturite": [(niveau, by_maturity.get(niveau.value, 0)) for niveau in NiveauMaturite]
        + [(None, by_maturity.get(None, 0))],
    }


def _signed_contract_rows(rows: list[dict], partials: dict) -> list[dict]:
    """Initial contracts signed, by year of signature and pilot région."""
    counts: dict[tuple, int] = {}
    for row in rows:
        for year, n in partials[row["pk"]]["contrats"].items():
            key = (year, row["region_pilote"])
            counts[key] = counts.get(key, 0) + n
    return [
        {"annee": year, "contrat__territoire__region_pilote": region, "n": n} for (year, region), n in counts.items()
    ]


def _signatures(shares: list[dict], contract_rows) -> dict:
    by_year = {}
    for row in contract_rows:
        by_year[row["annee"]] = by_year.get(row["annee"], 0) + row["n"]
    protocols = merged(shares, "protocoles")
    return {
        "protocoles": [{"annee": year, "n": n} for year, n in sorted(protocols.items(), key=lambda item: item[0] or 0)],
        "contrats": [{"annee": year, "n": n} for year, n in sorted(by_year.items(), key=lambda item: item[0] or 0)],
    }


def _fiche_rows(rows: list[dict], partials: dict, *, per_territory: bool) -> list[dict]:
    """Submitted fiches counted by axe, status, follow-up and pilot région (and territory below the
    national level): the rows every fiche table folds."""
    counts: dict[tuple, int] = {}
    for row in rows:
        territory = row["pk"] if per_territory else None
        for axe, statut, suivi, n in partials[row["pk"]]["fiches"]:
            key = (axe, statut, suivi, row["region_pilote"], territory)
            counts[key] = counts.get(key, 0) + n
    return [
        {
            "axe__code": axe,
            "statut": statut,
            "suivi": suivi,
            "territoire__region_pilote": region,
            "territoire": territory,
            "n": n,
        }
        for (axe, statut, suivi, region, territory), n in counts.items()
    ]


def _fiches_by_axe(fiche_rows, phase: Phase) -> dict:
    by_axe = {}
    for row in fiche_rows:
        key = (row["axe__code"], row["statut"])
        by_axe[key] = by_axe.get(key, 0) + row["n"]
    axes = [Choice(axe.code, axe.libelle_court) for axe in ordered_axes(phase.code, {code for code, _s in by_axe})]
    return {
        "lignes": [(axe, [(statut, by_axe.get((axe.value, statut.value), 0)) for statut in SUBMITTED]) for axe in axes],
        "statuts": SUBMITTED,
        "total": sum(by_axe.values()),
    }


def _funding_rows(rows: list[dict], partials: dict, *, per_territory: bool) -> list[dict]:
    """Funding of validated fiches by financeur, operator, instrument, year and pilot région (and
    territory below the national level)."""
    sums: dict[tuple, list] = {}
    for row in rows:
        territory = row["pk"] if per_territory else None
        for financeur, operateur, operateur_nom, instrument, annee, demande, obtenu in partials[row["pk"]][
            "financements"
        ]:
            key = (financeur, operateur, operateur_nom, instrument, annee, row["region_pilote"], territory)
            add_money(sums.setdefault(key, [0, None]), demande, obtenu)
    return [
        {
            "financeur": financeur,
            "operateur": operateur,
            "operateur__nom": operateur_nom,
            "instrument": instrument,
            "annee": annee,
            "fiche__territoire__region_pilote": region,
            "fiche__territoire": territory,
            "demande": demande,
            "obtenu": obtenu,
        }
        for (financeur, operateur, operateur_nom, instrument, annee, region, territory), (
            demande,
            obtenu,
        ) in sums.items()
    ]


def _funding(funding_rows) -> list[dict]:
    totals = {}
    for row in funding_rows:
        line = totals.setdefault(
            (row["financeur"], row["operateur"]),
            {
                "financeur": row["financeur"],
                "operateur": row["operateur"],
                "operateur__nom": row["operateur__nom"],
                "demande": 0,
                "obtenu": None,
                "libelle": row["operateur__nom"] or Financeur(row["financeur"]).label,
            },
        )
        line["demande"] += row["demande"] or 0
        if row["obtenu"] is not None:
            line["obtenu"] = (line["obtenu"] or 0) + row["obtenu"]
    return sorted(totals.values(), key=lambda line: (-line["demande"], line["financeur"]))


def _envelopes(funding_rows, phase: Phase) -> list[dict]:
    """Each instrument of the phase, year by year: its amount (national) and what the validated fiches
    of the scope name of it."""
    committed = {}
    for row in funding_rows:
        if row["instrument"] is not None:
            key = (row["instrument"], row["annee"])
            committed[key] = committed.get(key, 0) + (row["demande"] or 0)
    return [
        {
            "libelle": libelle,
            "annees": [
                {"annee": annee, "montant": montant, "engage": committed.get((pk, annee), 0)}
                for annee, montant in sorted(amounts.items())
            ],
        }
        for pk, libelle, amounts in getattr(phase, "envelopes", [])
    ]


def _decision_delay(shares: list[dict]) -> dict:
    delays = merged(shares, "delais")
    return {"delai_median": median_of(delays), "nb_decisions": sum(delays.values())}


def _simplifications(shares: list[dict]) -> dict:
    return {
        "total": sum(share["simplifications"][0] for share in shares),
        "repondues": sum(share["simplifications"][1] for share in shares),
    }


def _activity(rows: list[dict], partials: dict, limit: int = 20) -> list[dict]:
    """The least active territories first: the oldest last séance (none first), then the oldest fiche.
    ``partials``: each territory's last séances and last fiche, by pk."""
    now = timezone.now()
    lines = [
        {
            "code": row["code"],
            "nom": row["nom"],
            "region_pilote__nom": row["region_pilote__nom"],
            "derniere_seance": last_seance(partials[row["pk"]], now),
            "derniere_fiche": partials[row["pk"]]["derniere_fiche"],
        }
        for row in rows
    ]
    lines.sort(
        key=lambda line: (
            line["derniere_seance"] is not None,
            line["derniere_seance"] or now,
            line["derniere_fiche"] is not None,
            line["derniere_fiche"] or now,
            line["nom"],
        )
    )
    return lines[:limit]


def _quarterly_activity(shares: list[dict], phase: Phase) -> dict:
    """Fiches deposited and decided in each quarter of the phase, up to the current one; every quarter
    is listed (a quarter without any is a zero, not a gap)."""
    last = min(phase.fin, timezone.localdate())
    counts = merged_quarters(shares)
    quarters = []
    year, quarter = phase.debut.year, (phase.debut.month - 1) // 3 + 1
    while (year, quarter) <= (last.year, (last.month - 1) // 3 + 1):
        deposited, decided = counts.get((year, quarter), (0, 0))
        quarters.append(
            {
                "annee": year,
                "trimestre": quarter,
                "debut": datetime.date(year, 3 * quarter - 2, 1),
                "deposees": deposited,
                "decidees": decided,
            }
        )
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return {"trimestres": quarters}


def _fiche_counts(fiche_rows, key: str) -> dict:
    """Fiches submitted, validated and completed, summed by ``key`` of the grouped rows."""
    counts = {}
    for row in fiche_rows:
        line = counts.setdefault(row[key], {"deposees": 0, "validees": 0, "realisees": 0})
        line["deposees"] += row["n"]
        if row["statut"] == StatutFiche.VALIDEE:
            line["validees"] += row["n"]
        if row["suivi"] == Suivi.REALISEE:
            line["realisees"] += row["n"]
    return counts


def _money_by(funding_rows, key: str) -> dict:
    money = {}
    for row in funding_rows:
        line = money.setdefault(row[key], {"demande": 0, "obtenu": 0})
        line["demande"] += row["demande"] or 0
        line["obtenu"] += row["obtenu"] or 0
    return money


def _regions_side_by_side(user, phase: Phase, fiche_rows, funding_rows, contract_rows) -> list[dict]:
    """One line per visible région (by pilot région): territories, fiches, funding, contracts."""
    from habilitations.scoping import visible_regions

    counts = _fiche_counts(fiche_rows, "territoire__region_pilote")
    money = _money_by(funding_rows, "fiche__territoire__region_pilote")
    contracts = {}
    for row in contract_rows:
        region = row["contrat__territoire__region_pilote"]
        contracts[region] = contracts.get(region, 0) + row["n"]
    regions = (
        visible_regions(user)
        .order_by("nom")
        .annotate(
            nb=Count(
                "territoires_pilotes",
                filter=Q(territoires_pilotes__phase=phase, territoires_pilotes__in=visible_territoires(user)),
            )
        )
        .values_list("code", "nom", "nb")
    )
    empty_counts, empty_money = {"deposees": 0, "validees": 0, "realisees": 0}, {"demande": 0, "obtenu": 0}
    return [
        {
            "code": code,
            "nom": nom,
            "territoires": nb,
            "contrats": contracts.get(code, 0),
            **counts.get(code, empty_counts),
            **money.get(code, empty_money),
        }
        for code, nom, nb in regions
    ]


def _territories_side_by_side(territoires, fiche_rows, funding_rows) -> list[dict]:
    """One line per visible territory of the phase: fiches, funding, last séance, contract."""
    counts = _fiche_counts(fiche_rows, "territoire")
    money = _money_by(funding_rows, "fiche__territoire")
    last_seance = (
        Seance.objects.filter(comite__territoire=OuterRef("pk"), date__lte=timezone.now())
        .order_by("-date")
        .values("date")[:1]
    )
    latest_version = VersionContrat.objects.filter(contrat__territoire=OuterRef("pk")).order_by(
        "-contrat__annee_debut", "-numero"
    )
    lines = []
    for row in (
        territoires.order_by("nom")
        .annotate(
            derniere_seance=Subquery(last_seance),
            contrat_statut=Subquery(latest_version.values("statut")[:1]),
            contrat_numero=Subquery(latest_version.values("numero")[:1]),
        )
        .values("pk", "code", "nom", "niveau_maturite", "derniere_seance", "contrat_statut", "contrat_numero")
    ):
        lines.append(
            {
                **row,
                **counts.get(row["pk"], {"deposees": 0, "validees": 0, "realisees": 0}),
                **money.get(row["pk"], {"demande": 0, "obtenu": 0}),
                "contrat_libelle": StatutVersion(row["contrat_statut"]).label if row["contrat_statut"] else None,
                "maturite": NiveauMaturite(row["niveau_maturite"]).label if row["niveau_maturite"] else None,
            }
        )
    return lines


def _follow_up(fiche_rows) -> list:
    by_suivi = {}
    for row in fiche_rows:
        if row["statut"] == StatutFiche.VALIDEE:
            by_suivi[row["suivi"]] = by_suivi.get(row["suivi"], 0) + row["n"]
    return [(suivi, by_suivi.get(suivi.value, 0)) for suivi in Suivi]


def _indicators(validated, limit: int = 30) -> list[dict]:
    last_value = ValeurIndicateur.objects.filter(indicateur=OuterRef("pk")).order_by("-date", "-pk")
    return list(
        Indicateur.objects.filter(fiche__in=validated.values("pk"))
        .annotate(
            derniere_valeur=Subquery(last_value.values("valeur")[:1]),
            derniere_date=Subquery(last_value.values("date")[:1]),
            nb_valeurs=Count("valeurs"),
        )
        .order_by("fiche__titre", "pk")
        .values(
            "fiche_id", "fiche__titre", "libelle", "unite", "cible", "derniere_valeur", "derniere_date", "nb_valeurs"
        )[:limit]
    )


def _contracts(territoires) -> list[dict]:
    versions = (
        VersionContrat.objects.filter(contrat__territoire__in=territoires.values("pk"))
        .select_related("contrat")
        .order_by("contrat__annee_debut", "numero")
    )
    latest = {}
    for version in versions.only(
        "pk",
        "numero",
        "statut",
        "signee_le",
        "validee_le",
        "contrat__id",
        "contrat__intitule",
        "contrat__annee_debut",
        "contrat__annee_fin",
    ):
        latest[version.contrat.pk] = {
            "pk": version.contrat.pk,
            "intitule": version.contrat.intitule,
            "periode": f"{version.contrat.annee_debut}-{version.contrat.annee_fin}",
            "numero": version.numero,
            "statut": StatutVersion(version.statut).label,
            "signee_le": version.signee_le,
        }
    return list(latest.values())


def upcoming_seances(*, user, limit: int = 5) -> list:
    """The next convened séances of the visible committees.

    Kept under the generation token (a séance convened, moved, cancelled or given an agenda item
    replaces it) for as long as the first of them has not begun: the list only moves with the clock
    when its first séance passes, and is then read again."""
    from gouvernance.selectors import next_convened_start, seance_list

    return keep(
        f"prochaines-seances:{generation()}:{_scope_key(scope_for(user))}:{limit}",
        lambda: list(seance_list(user=user, upcoming=True)[:limit]),
        until=lambda: next_convened_start(user),
    )


# Classes of the map by number of current territories; each région also carries its number, so
# the map reads without colour.
MAP_CLASSES = [(0, 0), (1, 5), (6, 10), (11, 15), (16, None)]


def map_class(count: int) -> int:
    return next(
        index for index, (low, high) in enumerate(MAP_CLASSES) if count >= low and (high is None or count <= high)
    )


def map_with_figures(carte: dict | None, figures: dict) -> dict | None:
    """The projected map of the scope, each région with its count, class and name."""
    if carte is None:
        return None
    lines = {line["code"]: line for line in figures.get("regions", [])}
    regions = []
    for region in carte["regions"]:
        line = lines.get(region["code"], {"nom": region["code"], "territoires": 0})
        regions.append(
            {**region, "nom": line["nom"], "n": line["territoires"], "classe": map_class(line["territoires"])}
        )
    legend = [(index, low, high) for index, (low, high) in enumerate(MAP_CLASSES)]
    return {**carte, "regions": regions, "legende": legend}
