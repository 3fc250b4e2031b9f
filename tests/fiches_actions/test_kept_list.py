"""The fiche list and the API list are kept for each person at each address between loads
(``portail.cache.kept_for_person``): every change to what they show is seen at the next load, and
no one ever reads another person's list."""

import datetime

import pytest
from django.utils import timezone

from fiches_actions.services import fiche_share, fiche_submit
from habilitations.enums import Role
from habilitations.models import Mandat

from ..conftest import mandate
from ..gouvernance.conftest import validate_in_seance
from .conftest import complete_fiche

pytestmark = pytest.mark.django_db


def titles(client, address="/fiches/"):
    page = client.get(address)
    assert page.status_code == 200
    return page.content.decode()


def test_a_decision_shows_in_the_list_at_the_next_load(gov, porteur_a1, client):
    fiche = complete_fiche(gov.world.a1, porteur_a1, titre="Campus des métiers")
    fiche_submit(fiche=fiche, by=porteur_a1)
    client.force_login(gov.pilote_a)
    assert "Campus des métiers" in titles(client, "/fiches/?statut=deposee")
    assert "Campus des métiers" not in titles(client, "/fiches/?statut=validee")

    validate_in_seance(gov, fiche)

    assert "Campus des métiers" not in titles(client, "/fiches/?statut=deposee")
    assert "Campus des métiers" in titles(client, "/fiches/?statut=validee")
    api = client.get("/api/v1/fiches/?statut=validee").json()
    assert [row["statut"] for row in api["results"]] == ["validee"]


def test_two_people_at_the_same_address_each_read_their_own_list(gov, porteur_a1, client):
    fiche = complete_fiche(gov.world.a1, porteur_a1, titre="Campus des métiers")
    fiche_submit(fiche=fiche, by=porteur_a1)
    for user, sees in ((gov.pilote_a, True), (gov.pilote_b, False), (gov.pilote_a, True), (gov.chef_b1, False)):
        client.force_login(user)
        assert ("Campus des métiers" in titles(client)) is sees
        assert (client.get("/api/v1/fiches/").json()["count"] == 1) is sees


def test_a_draft_shared_with_a_co_author_shows_at_their_next_load(gov, porteur_a1, client):
    fiche = complete_fiche(gov.world.a1, porteur_a1, titre="Brouillon partagé")
    coauteur = mandate(Role.PORTEUR_PROJET, territoire=gov.world.a1)
    client.force_login(coauteur)
    assert "Brouillon partagé" not in titles(client)
    fiche_share(fiche=fiche, by=porteur_a1, coauteur=coauteur)
    assert "Brouillon partagé" in titles(client)


def test_an_ended_mandate_empties_the_list_at_the_next_load(gov, porteur_a1, client, monkeypatch):
    fiche = complete_fiche(gov.world.a1, porteur_a1, titre="Campus des métiers")
    fiche_submit(fiche=fiche, by=porteur_a1)
    client.force_login(gov.pilote_a)
    assert "Campus des métiers" in titles(client)
    Mandat.objects.filter(user=gov.pilote_a).update(date_fin=timezone.localdate())
    # An update() sends no signal: what the list shows still changes with the day the mandate ends.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    page = client.get("/fiches/")
    assert page.status_code == 200 and "Campus des métiers" not in page.content.decode()


def test_a_renamed_territory_shows_its_new_name_in_the_list(gov, porteur_a1, client):
    fiche = complete_fiche(gov.world.a1, porteur_a1, titre="Campus des métiers")
    fiche_submit(fiche=fiche, by=porteur_a1)
    client.force_login(gov.pilote_a)
    assert "Grand Est Touraine" in titles(client)
    territoire = gov.world.a1
    territoire.nom = "Touraine industrielle"
    territoire.save()
    assert "Touraine industrielle" in titles(client)


def test_each_json_form_asked_is_kept_apart(gov, porteur_a1, client):
    fiche = complete_fiche(gov.world.a1, porteur_a1, titre="Campus des métiers")
    fiche_submit(fiche=fiche, by=porteur_a1)
    client.force_login(gov.pilote_a)
    for address in ("/api/v1/fiches/", "/api/v1/chiffres/"):
        compact = client.get(address, HTTP_ACCEPT="application/json")
        indented = client.get(address, HTTP_ACCEPT="application/json; indent=4")
        assert compact["Content-Type"] == indented["Content-Type"] == "application/json"
        assert b"\n    " not in compact.content and b"\n    " in indented.content
        assert compact.json() == indented.json()
