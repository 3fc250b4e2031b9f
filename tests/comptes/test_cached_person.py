"""The signed-in person is read from the cache (comptes/backends.py), and whatever could sign them
out or change what they are takes effect at the very next page."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from habilitations.enums import Role

from ..conftest import PASSWORD, mandate

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    assert client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD}).status_code == 302
    return client


def test_after_a_first_page_the_person_is_not_read_from_the_database(world):
    client = signed_in(mandate(Role.CHEF_DE_PROJET, territoire=world.a1))
    client.get("/accessibilite/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/accessibilite/").status_code == 200
    assert not [q for q in queries.captured_queries if "comptes_user" in q["sql"]]


def test_a_deactivated_account_is_signed_out_at_the_next_page(world):
    user = mandate(Role.CHEF_DE_PROJET, territoire=world.a1)
    client = signed_in(user)
    assert client.get("/fiches/").status_code == 200  # the person is now kept
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get("/fiches/").status_code == 302


def test_a_password_changed_elsewhere_signs_this_browser_out_at_the_next_page(world):
    user = mandate(Role.CHEF_DE_PROJET, territoire=world.a1)
    client = signed_in(user)
    assert client.get("/fiches/").status_code == 200
    user.set_password("un-tout-autre-mot-de-passe-2026")
    user.save()
    assert client.get("/fiches/").status_code == 302


def test_a_renamed_person_reads_their_new_name_at_the_next_page(world):
    user = mandate(Role.CHEF_DE_PROJET, territoire=world.a1)
    client = signed_in(user)
    client.get("/accessibilite/")
    user.first_name, user.last_name = "Camille", "Renommée"
    user.save()
    assert "Camille Renommée" in client.get("/accessibilite/").content.decode()


def test_a_deleted_account_leaves_nothing_signed_in(world):
    user = mandate(Role.PORTEUR_PROJET, territoire=world.a1)
    client = signed_in(user)
    assert client.get("/fiches/").status_code == 200
    user.mandats.all().delete()
    user.delete()
    assert client.get("/fiches/").status_code == 302
