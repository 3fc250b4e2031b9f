"""Séance and decision lists keep the same number of SQL queries as the data grows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gouvernance.enums import Verdict
from gouvernance.models import Decision, PointOrdreDuJour, Seance

pytestmark = pytest.mark.django_db


def add_seances(gov, count):
    for i in range(count):
        seance = Seance.objects.create(
            comite=gov.comite_a1,
            date=timezone.now() - timezone.timedelta(days=i + 1),
            lieu="Amboise",
            convoquee_par=gov.chef_a1,
        )
        for ordre in (1, 2):
            point = PointOrdreDuJour.objects.create(seance=seance, ordre=ordre, titre=f"Point {ordre}")
            Decision.objects.create(point=point, verdict=Verdict.PRIS_ACTE, enregistree_par=gov.elu_a1)


def queries(client, url):
    # After a first visit, as for anyone but the first visitor: the person's scope and session are cached.
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url_name,arg",
    [
        ("gouvernance:comite_detail", "comite"),
        ("gouvernance:territoire_gouvernance", "code"),
    ],
)
def test_lists_do_not_grow_with_data(gov, client, url_name, arg):
    url = reverse(url_name, args=[gov.comite_a1.pk if arg == "comite" else gov.world.a1.code])
    client.force_login(gov.chef_a1)
    add_seances(gov, 2)
    small = queries(client, url)
    add_seances(gov, 30)
    assert queries(client, url) == small


def test_seance_page_does_not_grow_with_its_agenda(gov, client):
    client.force_login(gov.chef_a1)
    add_seances(gov, 1)
    small = Seance.objects.get()
    big = Seance.objects.create(
        comite=gov.comite_a1,
        date=timezone.now() - timezone.timedelta(days=40),
        lieu="Amboise",
        convoquee_par=gov.chef_a1,
    )
    for ordre in range(1, 16):
        PointOrdreDuJour.objects.create(seance=big, ordre=ordre, titre=f"Point {ordre}")
    assert queries(client, reverse("gouvernance:seance_detail", args=[small.pk])) == queries(
        client, reverse("gouvernance:seance_detail", args=[big.pk])
    )


def test_national_activity_does_not_grow_with_committees(gov, client):
    from gouvernance.services import comite_projet_get_or_create
    from habilitations.enums import Role
    from portail.cache import figures_changed

    from ..conftest import mandate
    from ..factories import TerritoireFactory

    def computed(url):
        # The page is kept between loads: what is measured is its first load after a change.
        client.get(url)
        figures_changed()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    client.force_login(mandate(Role.DELEGATION_NATIONALE))
    url = reverse("gouvernance:national_activity")
    small = computed(url)
    for territoire in TerritoireFactory.create_batch(20, region_pilote=gov.world.region_a):
        comite_projet_get_or_create(territoire=territoire)
    assert computed(url) == small
    assert small > 0


def test_the_convocation_form_does_not_grow_with_the_fiches_waiting(gov, porteur_a1, client):
    from fiches_actions.models import FicheAction

    from ..fiches_actions.conftest import complete_fiche

    client.force_login(gov.chef_a1)
    url = reverse("gouvernance:seance_create", args=[gov.comite_a1.pk])

    def deposit(n):
        for i in range(n):
            fiche = complete_fiche(gov.world.a1, porteur_a1, titre=f"Fiche {n}-{i}")
            FicheAction.objects.filter(pk=fiche.pk).update(statut="deposee", deposee_le=timezone.now())

    deposit(2)
    small = queries(client, url)
    deposit(12)
    assert queries(client, url) == small


def test_the_committees_activity_follows_a_convening_and_the_clock(gov, client, monkeypatch):
    """Kept between loads, the national view of committees shows a séance convened at the next load,
    and moves it from « prochaine » to « dernière » once it has begun, without anything written."""
    from habilitations.enums import Role

    from ..conftest import mandate
    from .conftest import convene_soon, once_begun

    client.force_login(mandate(Role.DELEGATION_NATIONALE))
    url = reverse("gouvernance:national_activity")

    def row():
        page = client.get(url).content.decode()
        return page[page.index(gov.comite_a1.nom) :].split("</tr>")[0]

    _, last, upcoming, _ = row().split("<td")
    assert "jamais réuni" in last and ">—<" in upcoming
    seance = convene_soon(gov)
    _, last, upcoming, _ = row().split("<td")
    assert "jamais réuni" in last and ">—<" not in upcoming

    once_begun(monkeypatch, seance)
    _, last, upcoming, _ = row().split("<td")
    assert "jamais réuni" not in last and ">—<" in upcoming
