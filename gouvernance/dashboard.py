"""Figures of the programme, computed from what the user may see: the national delegation sees the
nation, a région its territories side by side, a territory its own fiches, séances and contract.
Every figure links to the list behind it.

The aggregates are cached per scope under a generation token that any change to a counted object
replaces (``dashboard_changed``, wired to the models' signals and called by the services that
write with ``QuerySet.update``): a decision or a signature shows at the next load, never later.
The token is random rather than a counter, so an evicted token can never bring back old figures.
"""

from __future__ import annotations

import statistics
import uuid

from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from contrats.enums import StatutVersion
from contrats.models import Protocole, VersionContrat
from fiches_actions.enums import Axe, Financeur, StatutFiche, Suivi
from fiches_actions.models import FicheAction, Indicateur, LigneFinancement, ValeurIndicateur
from portail.cache import cache_add, cache_get, cache_set
from territoires.enums import NiveauMaturite, Phase, StatutTerritoire

from .models import Seance
from .scoping import Scope, scope_for, visible_fiches, visible_territoires

GENERATION_KEY = "tableau-de-bord:generation"
FIGURES_TTL = 600  # seconds; only the "last séance" of the activity table depends on the clock
SUBMITTED = [s for s in StatutFiche if s != StatutFiche.BROUILLON]


def dashboard_changed(**_ignored) -> None:
    """Retire every cached figure and list total, now and again once the transaction commits.

    Now, so that the writer's own next read in the same transaction sees the change; after the
    commit, so that nothing computed by another request from the data before the commit survives."""
    cache_set(GENERATION_KEY, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache_set(GENERATION_KEY, uuid.uuid4().hex, None))


def generation() -> str:
    token = cache_get(GENERATION_KEY)
    if token is None:
        token = uuid.uuid4().hex
        if not cache_add(GENERATION_KEY, token, None):
            token = cache_get(GENERATION_KEY) or token
    return token


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


def cache_key(user) -> str:
    """The key of the user's scope under the current generation: what is cached under it is current."""
    return f"tableau-de-bord:{generation()}:{_scope_key(scope_for(user))}"


def dashboard(*, user, key: str | None = None) -> dict:
    key = key or cache_key(user)
    figures = cache_get(key)
    if figures is None:
        figures = compute_figures(user=user)
        cache_set(key, figures, FIGURES_TTL)
    return figures


def rendered_figures(*, user, key: str) -> str:
    """The figures' part of the dashboard page as HTML, kept under the same key as the figures: a
    second load of an unchanged scope reads one cache entry and renders nothing but the page frame."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    from territoires.selectors import scope_map

    html = cache_get(key + ":html")
    if html is None:
        figures = dashboard(user=user, key=key)
        html = render_to_string("gouvernance/_tableau_de_bord_chiffres.html", {
            **figures, "carte": map_with_figures(scope_map(user=user), figures)})
        cache_set(key + ":html", str(html), FIGURES_TTL)
    return mark_safe(html)  # rendered by our own template, with autoescaping, above


def compute_figures(*, user) -> dict:
    level = level_of(scope_for(user))
    territoires = visible_territoires(user)
    fiches = visible_fiches(user).exclude(statut=StatutFiche.BROUILLON)
    validated = fiches.filter(statut=StatutFiche.VALIDEE)
    figures = {
        "niveau": level,
        "territoires": _territories(territoires),
        "signatures": _signatures(territoires),
        "fiches": _fiches_by_axe(fiches),
        "financement": _funding(validated),
        **_decision_delay(fiches),
        "simplifications": _simplifications(fiches),
        "activite": _activity(territoires),
    }
    if level != "territorial":
        figures["regions"] = _regions_side_by_side(user, territoires, fiches)
    if level != "national":
        figures["cote_a_cote"] = _territories_side_by_side(territoires, fiches)
    if level == "territorial":
        figures["suivi"] = _follow_up(validated)
        figures["indicateurs"] = _indicators(validated)
        figures["contrats"] = _contracts(territoires)
    return figures


def _territories(territoires) -> dict:
    by_phase = {(r["phase"], r["statut"]): r["n"]
                for r in territoires.values("phase", "statut").annotate(n=Count("pk")).order_by()}
    by_maturity = {r["niveau_maturite"]: r["n"] for r in territoires.filter(phase=Phase.PHASE_2)
                   .values("niveau_maturite").annotate(n=Count("pk")).order_by()}
    return {
        "lignes": [(phase, [(statut, by_phase.get((phase.value, statut.value), 0)) for statut in StatutTerritoire])
                   for phase in Phase],
        "statuts": list(StatutTerritoire),
        "total": sum(by_phase.values()),
        "maturite": [(niveau, by_maturity.get(niveau.value, 0)) for niveau in NiveauMaturite]
        + [(None, by_maturity.get(None, 0))],
    }


def _signatures(territoires) -> dict:
    return {
        "protocoles": list(Protocole.objects.filter(territoire__in=territoires.values("pk"), statut="signe")
                           .annotate(annee=ExtractYear("date_signature")).values("annee")
                           .annotate(n=Count("pk")).order_by("annee")),
        "contrats": list(VersionContrat.objects.filter(contrat__territoire__in=territoires.values("pk"),
                                                       statut=StatutVersion.SIGNE, numero=1)
                         .annotate(annee=ExtractYear("signee_le")).values("annee").annotate(n=Count("pk"))
                         .order_by("annee")),
    }


def _fiches_by_axe(fiches) -> dict:
    by_axe = {(r["axe"], r["statut"]): r["n"] for r in fiches.values("axe", "statut").annotate(n=Count("pk")).order_by()}
    return {
        "lignes": [(axe, [(statut, by_axe.get((axe.value, statut.value), 0)) for statut in SUBMITTED]) for axe in Axe],
        "statuts": SUBMITTED,
        "total": sum(by_axe.values()),
    }


def _funding(validated) -> list[dict]:
    rows = (LigneFinancement.objects.filter(fiche__in=validated.values("pk"))
            .values("financeur", "operateur__nom")
            .annotate(demande=Sum("montant"), obtenu=Sum("montant_obtenu")).order_by("-demande", "financeur"))
    return [{**row, "libelle": row["operateur__nom"] or Financeur(row["financeur"]).label} for row in rows]


def _decision_delay(fiches) -> dict:
    delays = [(decided - submitted).days for submitted, decided in
              fiches.filter(deposee_le__isnull=False, decidee_le__isnull=False).values_list("deposee_le", "decidee_le")]
    return {"delai_median": statistics.median(delays) if delays else None, "nb_decisions": len(delays)}


def _simplifications(fiches) -> dict:
    return fiches.filter(axe=Axe.SIMPLIFIER, statut=StatutFiche.VALIDEE).aggregate(
        total=Count("pk"), repondues=Count("pk", filter=Q(reponse_le__isnull=False)))


def _activity(territoires) -> list[dict]:
    current = Phase.PHASE_2 if territoires.filter(phase=Phase.PHASE_2).exists() else Phase.PHASE_1
    last_seance = (Seance.objects.filter(comite__territoire=OuterRef("pk"), date__lte=timezone.now())
                   .order_by("-date").values("date")[:1])
    last_fiche = FicheAction.objects.filter(territoire=OuterRef("pk")).order_by("-modifie_le").values("modifie_le")[:1]
    return list(territoires.filter(phase=current).without_geometry()
                .annotate(derniere_seance=Subquery(last_seance), derniere_fiche=Subquery(last_fiche))
                .order_by(F("derniere_seance").asc(nulls_first=True), F("derniere_fiche").asc(nulls_first=True),
                          "nom")
                .values("code", "nom", "region_pilote__nom", "derniere_seance", "derniere_fiche")[:20])


def _fiche_counts(fiches, group: str) -> dict:
    rows = fiches.values(group).annotate(
        deposees=Count("pk"),
        validees=Count("pk", filter=Q(statut=StatutFiche.VALIDEE)),
        realisees=Count("pk", filter=Q(suivi=Suivi.REALISEE)),
    ).order_by()
    return {row[group]: row for row in rows}


def _funding_by(validated, group: str) -> dict:
    rows = (LigneFinancement.objects.filter(fiche__in=validated.values("pk"))
            .values(group).annotate(demande=Sum("montant"), obtenu=Sum("montant_obtenu")).order_by())
    return {row[group]: row for row in rows}


def _regions_side_by_side(user, territoires, fiches) -> list[dict]:
    """One line per visible région (by pilot région): territories, fiches, funding, contracts."""
    from .scoping import visible_regions

    n_territoires = {r["region_pilote"]: r["n"] for r in territoires.filter(phase=Phase.PHASE_2)
                     .values("region_pilote").annotate(n=Count("pk")).order_by()}
    counts = _fiche_counts(fiches, "territoire__region_pilote")
    funding = _funding_by(fiches.filter(statut=StatutFiche.VALIDEE), "fiche__territoire__region_pilote")
    contracts = {r["contrat__territoire__region_pilote"]: r["n"] for r in VersionContrat.objects.filter(
        contrat__territoire__in=territoires.values("pk"), statut=StatutVersion.SIGNE, numero=1)
        .values("contrat__territoire__region_pilote").annotate(n=Count("pk")).order_by()}
    lines = []
    for code, nom in visible_regions(user).order_by("nom").values_list("code", "nom"):
        line = {"code": code, "nom": nom, "territoires": n_territoires.get(code, 0),
                "contrats": contracts.get(code, 0), "deposees": 0, "validees": 0, "realisees": 0,
                "demande": 0, "obtenu": 0}
        line.update({k: v for k, v in counts.get(code, {}).items() if k in ("deposees", "validees", "realisees")})
        line.update({k: v or 0 for k, v in funding.get(code, {}).items() if k in ("demande", "obtenu")})
        lines.append(line)
    return lines


def _territories_side_by_side(territoires, fiches) -> list[dict]:
    """One line per visible territory of the current phase: fiches, funding, last séance, contract."""
    counts = _fiche_counts(fiches, "territoire")
    funding = _funding_by(fiches.filter(statut=StatutFiche.VALIDEE), "fiche__territoire")
    last_seance = (Seance.objects.filter(comite__territoire=OuterRef("pk"), date__lte=timezone.now())
                   .order_by("-date").values("date")[:1])
    latest_version = (VersionContrat.objects.filter(contrat__territoire=OuterRef("pk"))
                      .order_by("-contrat__annee_debut", "-numero"))
    lines = []
    for row in (territoires.without_geometry().filter(phase=Phase.PHASE_2).order_by("nom")
                .annotate(derniere_seance=Subquery(last_seance),
                          contrat_statut=Subquery(latest_version.values("statut")[:1]),
                          contrat_numero=Subquery(latest_version.values("numero")[:1]))
                .values("pk", "code", "nom", "niveau_maturite", "derniere_seance", "contrat_statut", "contrat_numero")):
        count, money = counts.get(row["pk"], {}), funding.get(row["pk"], {})
        lines.append({**row, "deposees": count.get("deposees", 0), "validees": count.get("validees", 0),
                      "realisees": count.get("realisees", 0), "demande": money.get("demande") or 0,
                      "obtenu": money.get("obtenu") or 0,
                      "contrat_libelle": StatutVersion(row["contrat_statut"]).label if row["contrat_statut"] else None,
                      "maturite": NiveauMaturite(row["niveau_maturite"]).label if row["niveau_maturite"] else None})
    return lines


def _follow_up(validated) -> list:
    by_suivi = {r["suivi"]: r["n"] for r in validated.values("suivi").annotate(n=Count("pk")).order_by()}
    return [(suivi, by_suivi.get(suivi.value, 0)) for suivi in Suivi]


def _indicators(validated, limit: int = 30) -> list[dict]:
    last_value = ValeurIndicateur.objects.filter(indicateur=OuterRef("pk")).order_by("-date", "-pk")
    return list(Indicateur.objects.filter(fiche__in=validated.values("pk"))
                .annotate(derniere_valeur=Subquery(last_value.values("valeur")[:1]),
                          derniere_date=Subquery(last_value.values("date")[:1]),
                          nb_valeurs=Count("valeurs"))
                .order_by("fiche__titre", "pk")
                .values("fiche_id", "fiche__titre", "libelle", "unite", "cible", "derniere_valeur", "derniere_date",
                        "nb_valeurs")[:limit])


def _contracts(territoires) -> list[dict]:
    versions = (VersionContrat.objects.filter(contrat__territoire__in=territoires.values("pk"))
                .select_related("contrat").order_by("contrat__annee_debut", "numero"))
    latest = {}
    for version in versions.only("pk", "numero", "statut", "signee_le", "validee_le", "contrat__id",
                                 "contrat__intitule", "contrat__annee_debut", "contrat__annee_fin"):
        latest[version.contrat.pk] = {
            "pk": version.contrat.pk, "intitule": version.contrat.intitule,
            "periode": f"{version.contrat.annee_debut}-{version.contrat.annee_fin}",
            "numero": version.numero, "statut": StatutVersion(version.statut).label, "signee_le": version.signee_le}
    return list(latest.values())


def upcoming_seances(*, user, limit: int = 5) -> list:
    """The next convened séances of the visible committees; read on every load, as it moves with the clock."""
    from .selectors import seance_list

    return list(seance_list(user=user, upcoming=True)[:limit])


# Classes of the map by number of current territories; each région also carries its number, so
# the map reads without colour.
MAP_CLASSES = [(0, 0), (1, 5), (6, 10), (11, 15), (16, None)]


def map_class(count: int) -> int:
    return next(index for index, (low, high) in enumerate(MAP_CLASSES)
                if count >= low and (high is None or count <= high))


def map_with_figures(carte: dict | None, figures: dict) -> dict | None:
    """The projected map of the scope, each région with its count, class and name."""
    if carte is None:
        return None
    lines = {line["code"]: line for line in figures.get("regions", [])}
    regions = []
    for region in carte["regions"]:
        line = lines.get(region["code"], {"nom": region["code"], "territoires": 0})
        regions.append({**region, "nom": line["nom"], "n": line["territoires"], "classe": map_class(line["territoires"])})
    legend = [(index, low, high) for index, (low, high) in enumerate(MAP_CLASSES)]
    return {**carte, "regions": regions, "legende": legend}

