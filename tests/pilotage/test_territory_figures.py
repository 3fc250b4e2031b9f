"""Each territory's aggregates are cached apart and retired by the changes to that territory only:
the national figures are right at the next load after a new fiche, a decision and a signature, and
that load recounts the territory that changed, not the programme."""

import datetime
import re

import pytest
from django.utils import timezone

from fiches_actions.services import fiche_submit
from gouvernance.enums import Verdict
from gouvernance.services import decision_record, seance_convene
from habilitations.enums import Role
from pilotage.territory_figures import compute_partials, median_of, region_key, territory_partials
from portail.cache import cache_get, partial_key, partials_generation

from ..conftest import mandate
from ..contrats.conftest import sign_all, signatories, validated_version  # noqa: F401 - fixtures
from ..fiches_actions.conftest import complete_fiche
from ..gouvernance.conftest import validate_in_seance

pytestmark = pytest.mark.django_db


def _cached(territoire):
    return cache_get(partial_key(territoire.pk)) is not None


def _region_cached(region):
    return cache_get(region_key(partials_generation(), "2023-2027", region.code)) is not None


def _national(client):
    html = client.get("/tableau-de-bord/").content.decode()

    def figure(pattern):
        return int(re.search(pattern, html).group(1).replace("\u202f", "").replace("\xa0", ""))

    return {
        "deposees": figure(r'axe=innovation&amp;statut=deposee">([\d\s\u202f\xa0]+)<'),
        "validees": figure(r'axe=innovation&amp;statut=validee">([\d\s\u202f\xa0]+)<'),
    }


def test_a_new_fiche_a_decision_and_a_signature_show_at_the_next_national_load(
    gov,
    porteur_a1,
    client,
    django_capture_on_commit_callbacks,
    validated_version,
    signatories,  # noqa: F811
):
    client.force_login(mandate(Role.DELEGATION_NATIONALE))
    before = _national(client)
    world = gov.world
    assert _cached(world.a1) and _cached(world.b1)
    assert _region_cached(world.region_a) and _region_cached(world.region_b)

    with django_capture_on_commit_callbacks(execute=True):
        fiche = complete_fiche(world.a1, porteur_a1, titre="Plateforme hydrogène")
        fiche_submit(fiche=fiche, by=porteur_a1)
    # The change in A1 retired A1's aggregates and its région's sum only.
    assert not _cached(world.a1) and _cached(world.b1)
    assert not _region_cached(world.region_a) and _region_cached(world.region_b)
    assert _national(client)["deposees"] == before["deposees"] + 1

    with django_capture_on_commit_callbacks(execute=True):
        validate_in_seance(gov, fiche)
    after = _national(client)
    assert (after["deposees"], after["validees"]) == (before["deposees"], before["validees"] + 1)

    signed_before = client.get("/api/v1/chiffres/").json()
    with django_capture_on_commit_callbacks(execute=True):
        sign_all(validated_version, signatories)
    validated_version.refresh_from_db()
    assert validated_version.statut == "signe"
    signed_after = client.get("/api/v1/chiffres/").json()
    year = validated_version.signee_le.year

    def contracts(payload):
        return sum(line["n"] for line in payload["contrats_signes"] if line["annee"] == year)

    assert contracts(signed_after) == contracts(signed_before) + 1


def test_a_territory_moved_to_another_pilot_region_is_counted_there_at_the_next_national_load(
    gov, porteur_a1, client, django_capture_on_commit_callbacks
):
    fiche = complete_fiche(gov.world.a1, porteur_a1)
    fiche_submit(fiche=fiche, by=porteur_a1)
    client.force_login(mandate(Role.DELEGATION_NATIONALE))

    def submitted_by_region():
        lines = client.get("/api/v1/chiffres/").json()["regions"]
        return {line["code"]: line["deposees"] for line in lines}

    before = submitted_by_region()
    assert before["24"] >= 1
    with django_capture_on_commit_callbacks(execute=True):
        gov.world.a1.region_pilote = gov.world.region_b
        gov.world.a1.save()
    after = submitted_by_region()
    # The former région's sum still counted A1: it is made again from its current territories.
    moved = before["24"] - after["24"]
    assert moved >= 1 and after["27"] == before["27"] + moved


def test_the_national_figures_added_up_by_region_equal_a_count_of_every_territory(gov, porteur_a1, client):
    from pilotage.dashboard import compute_figures
    from territoires.phases import current_phase

    for titre in ("Plateforme hydrogène", "Campus des métiers"):
        fiche_submit(fiche=complete_fiche(gov.world.a1, porteur_a1, titre=titre), by=porteur_a1)
    national = mandate(Role.DELEGATION_NATIONALE)
    by_region = compute_figures(user=national, phase=current_phase())
    # The regional level adds up each territory's share: summed over both régions, the same totals.
    totals = {}
    for region in (gov.world.region_a, gov.world.region_b):
        figures = compute_figures(user=mandate(Role.PILOTE_REGIONAL, region=region), phase=current_phase())
        for key in ("fiches", "signatures"):
            totals.setdefault(key, []).append(figures[key])
        totals.setdefault("nb_decisions", 0)
        totals["nb_decisions"] += figures["nb_decisions"]
    assert by_region["fiches"]["total"] == sum(fiches["total"] for fiches in totals["fiches"]) >= 2
    assert by_region["nb_decisions"] == totals["nb_decisions"]
    assert {line["code"] for line in by_region["activite"]} >= {gov.world.a1.code, gov.world.b1.code}


def test_an_aggregate_computed_from_data_read_before_a_change_is_not_served_after_it(
    gov, porteur_a1, monkeypatch, django_capture_on_commit_callbacks
):
    """A page counts A1 while a fiche of A1 is deposited and committed, then caches what it counted:
    the next page must not serve that count."""
    from pilotage import territory_figures

    ids = [gov.world.a1.pk]
    counted = territory_figures.compute_partials

    def counted_while_a_fiche_is_deposited(missing):
        partials = counted(missing)
        with django_capture_on_commit_callbacks(execute=True):
            fiche_submit(fiche=complete_fiche(gov.world.a1, porteur_a1), by=porteur_a1)
        return partials

    monkeypatch.setattr(territory_figures, "compute_partials", counted_while_a_fiche_is_deposited)
    before = territory_partials(ids)[gov.world.a1.pk]
    monkeypatch.undo()

    after = territory_partials(ids)[gov.world.a1.pk]
    assert sum(n for *_key, n in after["fiches"]) == sum(n for *_key, n in before["fiches"]) + 1
    assert after == compute_partials(ids)[gov.world.a1.pk]


def test_a_region_sum_made_from_aggregates_read_before_a_change_is_not_served_after_it(
    gov, porteur_a1, client, monkeypatch, django_capture_on_commit_callbacks
):
    from pilotage import territory_figures

    client.force_login(mandate(Role.DELEGATION_NATIONALE))
    before = _national(client)["deposees"]
    added_up = territory_figures.added_up

    def added_up_while_a_fiche_is_deposited(partials):
        share = added_up(partials)
        if gov.world.a1.pk in partials:
            with django_capture_on_commit_callbacks(execute=True):
                fiche_submit(fiche=complete_fiche(gov.world.a1, porteur_a1), by=porteur_a1)
        return share

    with django_capture_on_commit_callbacks(execute=True):
        fiche_submit(fiche=complete_fiche(gov.world.a1, porteur_a1, titre="Banc d'essai"), by=porteur_a1)
    monkeypatch.setattr(territory_figures, "added_up", added_up_while_a_fiche_is_deposited)
    client.get("/tableau-de-bord/")  # sums région A as the second fiche is deposited
    monkeypatch.undo()

    assert _national(client)["deposees"] == before + 2


def test_cached_aggregates_equal_a_fresh_count(gov, porteur_a1):
    fiche = complete_fiche(gov.world.a1, porteur_a1)
    fiche_submit(fiche=fiche, by=porteur_a1)
    ids = [gov.world.a1.pk, gov.world.b1.pk]
    first = territory_partials(ids)
    assert territory_partials(ids) == first == compute_partials(ids)
    assert first[gov.world.a1.pk]["fiches"] and not first[gov.world.b1.pk]["fiches"]


def test_a_seance_convened_in_the_future_becomes_the_last_one_when_its_day_comes(gov):
    from pilotage.territory_figures import last_seance

    seance = seance_convene(
        comite=gov.comite_a1,
        by=gov.chef_a1,
        date=timezone.now() + datetime.timedelta(days=2),
        lieu="Amboise",
        points_libres=["Calendrier du contrat"],
    )
    share = compute_partials([gov.world.a1.pk])[gov.world.a1.pk]
    assert last_seance(share, timezone.now()) is None
    assert last_seance(share, timezone.now() + datetime.timedelta(days=3)) == seance.date


@pytest.mark.parametrize("values", [[4], [1, 9], [3, 3, 10], [0, 2, 2, 7], [5, 1, 8, 8, 2, 40]])
def test_the_median_of_a_histogram_is_the_median_of_its_values(values):
    import statistics

    histogram = {}
    for value in values:
        histogram[value] = histogram.get(value, 0) + 1
    assert median_of(histogram) == statistics.median(values)
    assert median_of({}) is None
