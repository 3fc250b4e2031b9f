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
from pilotage.territory_figures import compute_partials, median_of, territory_partials
from portail.cache import cache_get, partial_key

from ..conftest import mandate
from ..contrats.conftest import sign_all, signatories, validated_version  # noqa: F401 - fixtures
from ..fiches_actions.conftest import complete_fiche
from ..gouvernance.conftest import validate_in_seance

pytestmark = pytest.mark.django_db


def _cached(territoire):
    return cache_get(partial_key(territoire.pk)) is not None


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
    assert _cached(gov.world.a1) and _cached(gov.world.b1)

    with django_capture_on_commit_callbacks(execute=True):
        fiche = complete_fiche(gov.world.a1, porteur_a1, titre="Plateforme hydrogène")
        fiche_submit(fiche=fiche, by=porteur_a1)
    # The change in A1 retired A1's aggregates only.
    assert not _cached(gov.world.a1) and _cached(gov.world.b1)
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
