"""The territory list and the API's are kept for each person at each address between loads: a renamed
territory or a new member shows at the next load, and each person reads their own scope."""

import pytest

from territoires.models import Departement

pytestmark = pytest.mark.django_db


def test_each_pilote_reads_their_own_region_at_the_same_address(gov, client):
    for user, seen, unseen in (
        (gov.pilote_a, "Grand Est Touraine", "Le Creusot"),
        (gov.pilote_b, "Le Creusot", "Grand Est Touraine"),
    ):
        client.force_login(user)
        for _ in range(2):
            page = client.get("/territoires/").content.decode()
            assert seen in page and unseen not in page
            names = [row["nom"] for row in client.get("/api/v1/territoires/").json()["results"]]
            assert seen in names and unseen not in names


def test_a_renamed_territory_and_a_renamed_departement_show_at_the_next_load(gov, client):
    client.force_login(gov.pilote_a)
    assert "Grand Est Touraine" in client.get("/territoires/").content.decode()
    client.get("/api/v1/territoires/")
    territoire = gov.world.a1
    territoire.nom = "Touraine industrielle"
    territoire.save()
    page = client.get("/territoires/").content.decode()
    assert "Touraine industrielle" in page and "Grand Est Touraine" not in page
    assert "Touraine industrielle" in [row["nom"] for row in client.get("/api/v1/territoires/").json()["results"]]
    # The table shows départements by code; the filter offers them by name.
    departement = Departement.objects.get(code="37")
    departement.nom = "Indre-et-Loire (37)"
    departement.save()
    assert "Indre-et-Loire (37)" in client.get("/territoires/").content.decode()
