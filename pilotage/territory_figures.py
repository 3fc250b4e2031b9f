"""Each territory's own aggregates, the bricks every dashboard adds up.

A dashboard's figures are sums over its territories: fiches by axe, status and follow-up; funding of
validated fiches by financeur, operator, instrument and year; signatures by year; decision delays;
answers to simplification requests; the last séance and the last fiche; deposits and decisions by
quarter. Each territory's share is computed once and cached (``portail.cache.partial_key``) until a
change in that territory retires it (``figures_changed(territoires=…)``), so the first load after a
decision recounts one territory, not the programme. Missing shares are computed together, with one
grouped query per kind whatever their number.

The national figures add up one share per pilot région (``region_sums``), itself the sum of its
territories' shares and retired with any of them: at ten times the programme, reading and adding up
1,830 territories' shares took most of the national dashboard's first load after a change.

Every dashboard reads submitted fiches of the territories it may see (``visible_fiches`` gives no
more and no less once drafts are left out), so a share is the same for every reader.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, F, Max, Q, Sum
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone

from contrats.enums import StatutVersion
from contrats.models import VersionContrat
from fiches_actions.enums import StatutFiche
from fiches_actions.models import FicheAction, LigneFinancement
from gouvernance.models import Seance
from portail.cache import partial_key, partials_generation, stamped_get_many, stamped_set_many
from protocoles.models import Protocole
from territoires.models import Territoire

PARTIAL_TTL = 24 * 3600  # seconds; a share is retired by the changes to its territory, not by time
REGION_TTL = PARTIAL_TTL  # seconds; a région's sum is retired with any of its territories' shares


def _empty() -> dict:
    return {
        "fiches": [],  # (axe code, statut, suivi, n): submitted fiches
        "financements": [],  # (financeur, operateur, operateur nom, instrument, annee, demande, obtenu)
        "contrats": {},  # year of signature of the initial contract -> n
        "protocoles": {},  # year of signature -> n
        "delais": {},  # days from deposit to decision -> n
        "simplifications": (0, 0),  # validated requests, answered ones
        "seance_passee": None,  # the last séance held before the share was computed
        "seances_a_venir": [],  # later ones: they become « the last séance » as the clock moves
        "derniere_fiche": None,
        "trimestres": {},  # (year, quarter) -> [deposited, decided]
    }


def territory_partials(territoire_ids: list[int]) -> dict[int, dict]:
    """The aggregates of each territory, from the cache or computed for those missing."""
    token = partials_generation()
    keys = {pk: partial_key(pk, token) for pk in territoire_ids}
    cached, stamps = stamped_get_many(list(keys.values()))
    partials = {pk: cached[key] for pk, key in keys.items() if key in cached}
    missing = [pk for pk in territoire_ids if pk not in partials]
    if missing:
        computed = compute_partials(missing)
        stamped_set_many({keys[pk]: computed[pk] for pk in missing}, stamps, PARTIAL_TTL)
        partials.update(computed)
    return partials


def compute_partials(ids: list[int]) -> dict[int, dict]:
    """The aggregates of ``ids``, one grouped query per kind."""
    partials = {pk: _empty() for pk in ids}
    submitted = FicheAction.objects.filter(territoire_id__in=ids).exclude(statut=StatutFiche.BROUILLON)
    for row in submitted.values("territoire_id", "axe__code", "statut", "suivi").annotate(n=Count("pk")).order_by():
        partials[row["territoire_id"]]["fiches"].append((row["axe__code"], row["statut"], row["suivi"], row["n"]))

    for row in (
        LigneFinancement.objects.filter(fiche__territoire_id__in=ids, fiche__statut=StatutFiche.VALIDEE)
        .values("fiche__territoire_id", "financeur", "operateur", "operateur__nom", "instrument", "annee")
        .annotate(demande=Sum("montant"), obtenu=Sum("montant_obtenu"))
        .order_by()
    ):
        partials[row["fiche__territoire_id"]]["financements"].append(
            (
                row["financeur"],
                row["operateur"],
                row["operateur__nom"],
                row["instrument"],
                row["annee"],
                row["demande"],
                row["obtenu"],
            )
        )

    for row in (
        VersionContrat.objects.filter(contrat__territoire_id__in=ids, statut=StatutVersion.SIGNE, numero=1)
        .values("contrat__territoire_id", annee=ExtractYear("signee_le"))
        .annotate(n=Count("pk"))
        .order_by()
    ):
        partials[row["contrat__territoire_id"]]["contrats"][row["annee"]] = row["n"]

    for row in (
        Protocole.objects.filter(territoire_id__in=ids, statut=Protocole.SIGNE)
        .values("territoire_id", annee=ExtractYear("date_signature"))
        .annotate(n=Count("pk"))
        .order_by()
    ):
        partials[row["territoire_id"]]["protocoles"][row["annee"]] = row["n"]

    # A fiche brought in after the séance that decided it (a séance entered after the fact) has no
    # delay to tell: decided on the séance's day, it was recorded as deposited later.
    for territoire_id, deposited, decided in submitted.filter(
        deposee_le__isnull=False, decidee_le__isnull=False, decidee_le__gte=F("deposee_le")
    ).values_list("territoire_id", "deposee_le", "decidee_le"):
        delays = partials[territoire_id]["delais"]
        days = (decided - deposited).days
        delays[days] = delays.get(days, 0) + 1

    for row in (
        submitted.filter(axe__demande_simplification=True, statut=StatutFiche.VALIDEE)
        .values("territoire_id")
        .annotate(total=Count("pk"), repondues=Count("pk", filter=Q(reponse_le__isnull=False)))
        .order_by()
    ):
        partials[row["territoire_id"]]["simplifications"] = (row["total"], row["repondues"])

    now = timezone.now()
    seances = Seance.objects.filter(comite__territoire_id__in=ids)
    for row in seances.filter(date__lte=now).values("comite__territoire_id").annotate(derniere=Max("date")).order_by():
        partials[row["comite__territoire_id"]]["seance_passee"] = row["derniere"]
    for territoire_id, date in seances.filter(date__gt=now).values_list("comite__territoire_id", "date"):
        partials[territoire_id]["seances_a_venir"].append(date)

    for row in (
        FicheAction.objects.filter(territoire_id__in=ids)
        .values("territoire_id")
        .annotate(derniere=Max("modifie_le"))
        .order_by()
    ):
        partials[row["territoire_id"]]["derniere_fiche"] = row["derniere"]

    for row in (
        submitted.filter(Q(deposee_le__isnull=False) | Q(decidee_le__isnull=False))
        .values(
            "territoire_id",
            dy=ExtractYear("deposee_le"),
            dq=ExtractQuarter("deposee_le"),
            cy=ExtractYear("decidee_le"),
            cq=ExtractQuarter("decidee_le"),
        )
        .annotate(n=Count("pk"))
        .order_by()
    ):
        quarters = partials[row["territoire_id"]]["trimestres"]
        if row["dy"] is not None:
            quarters.setdefault((row["dy"], row["dq"]), [0, 0])[0] += row["n"]
        if row["cy"] is not None:
            quarters.setdefault((row["cy"], row["cq"]), [0, 0])[1] += row["n"]
    return partials


def last_seance(partial: dict, now) -> object:
    """The last séance held by ``now``: a séance convened when the share was computed counts once its
    day has come, without any write to retire the share."""
    held = [date for date in partial["seances_a_venir"] if date <= now]
    if partial["seance_passee"] is not None:
        held.append(partial["seance_passee"])
    return max(held) if held else None


def median_of(histogram: dict[int, int]):
    """The median of the values a histogram counts, as ``statistics.median`` of the values listed."""
    total = sum(histogram.values())
    if not total:
        return None
    middle = [(total - 1) // 2, total // 2]
    found, seen = [], 0
    for value in sorted(histogram):
        count = histogram[value]
        for index in middle:
            if seen <= index < seen + count:
                found.append(value)
        seen += count
    return found[0] if found[0] == found[1] else (found[0] + found[1]) / 2


def merged(partials, key):
    """The ``key`` counters (year -> n, days -> n…) of several shares, added up."""
    total: dict = defaultdict(int)
    for partial in partials:
        for value, n in partial[key].items():
            total[value] += n
    return total


def add_money(line: list, demande, obtenu) -> None:
    """Adds a funding line's amounts to ``line`` ([requested, obtained]): a missing request counts as
    nothing, and « obtained » stays unknown (None) until one line says how much was obtained."""
    line[0] += demande or 0
    if obtenu is not None:
        line[1] = (line[1] or 0) + obtenu


def merged_quarters(shares) -> dict[tuple, list]:
    """The fiches deposited and decided by (year, quarter) of several shares, added up."""
    quarters: dict[tuple, list] = {}
    for share in shares:
        for key, (deposited, decided) in share["trimestres"].items():
            line = quarters.setdefault(key, [0, 0])
            line[0] += deposited
            line[1] += decided
    return quarters


def region_key(token: str, phase_id: str, region_id: str) -> str:
    return f"chiffres-region:{token}:{phase_id}:{region_id}"


def sums_counting(territoire_ids, token: str) -> list[str]:
    """The keys of the régions' sums that count ``territoire_ids`` (registered with
    ``portail.cache.sums_counting``). A territory that moved to another pilot région is still counted
    by its former région's sum, which ``region_sums`` finds by its members."""
    pairs = Territoire.objects.filter(pk__in=territoire_ids).values_list("phase_id", "region_pilote_id").distinct()
    return [region_key(token, phase_id, region_id) for phase_id, region_id in pairs]


def region_sums(rows: list[dict], phase_id: str) -> dict[str, dict]:
    """One share per pilot région of ``rows`` (territories of one phase, with ``pk`` and
    ``region_pilote``): its territories' shares added up, kept until a change in one of them. A sum
    made of other territories than the région's current ones (a territory added, removed or moved)
    is made again."""
    members: dict[str, set] = defaultdict(set)
    for row in rows:
        members[row["region_pilote"]].add(row["pk"])
    token = partials_generation()
    keys = {region: region_key(token, phase_id, region) for region in members}
    cached, stamps = stamped_get_many(list(keys.values()))
    sums = {}
    for region, pks in members.items():
        share = cached.get(keys[region])
        if share is not None and share["membres"] == pks:
            sums[region] = share
    missing = [region for region in members if region not in sums]
    if missing:
        partials = territory_partials([pk for region in missing for pk in members[region]])
        made = {region: added_up({pk: partials[pk] for pk in members[region]}) for region in missing}
        stamped_set_many({keys[region]: share for region, share in made.items()}, stamps, REGION_TTL)
        sums.update(made)
    return sums


def added_up(partials: dict[int, dict]) -> dict:
    """Several territories' shares as one, with each territory's activity (its last séance and last
    fiche) kept apart under ``activite``: the least active territories are listed one by one."""
    fiches: dict[tuple, int] = defaultdict(int)
    money: dict[tuple, list] = {}
    for partial in partials.values():
        for axe, statut, suivi, n in partial["fiches"]:
            fiches[(axe, statut, suivi)] += n
        for *key, demande, obtenu in partial["financements"]:
            add_money(money.setdefault(tuple(key), [0, None]), demande, obtenu)
    shares = list(partials.values())
    return {
        **_empty(),
        "fiches": [(*key, n) for key, n in fiches.items()],
        "financements": [(*key, demande, obtenu) for key, (demande, obtenu) in money.items()],
        "contrats": dict(merged(shares, "contrats")),
        "protocoles": dict(merged(shares, "protocoles")),
        "delais": dict(merged(shares, "delais")),
        "simplifications": (
            sum(share["simplifications"][0] for share in shares),
            sum(share["simplifications"][1] for share in shares),
        ),
        "trimestres": merged_quarters(shares),
        "activite": {
            pk: {key: partial[key] for key in ("seance_passee", "seances_a_venir", "derniere_fiche")}
            for pk, partial in partials.items()
        },
        "membres": set(partials),
    }
