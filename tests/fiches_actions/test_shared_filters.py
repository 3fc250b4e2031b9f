"""The fiche list filters with the same names and the same meaning on the page and in the API: the
same filter gives the same count; a value not understood is dropped on the page (and named) and
refused by the API (a French 400 naming the parameter)."""

import html
import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from fiches_actions.enums import StatutFiche
from fiches_actions.models import FicheAction

from .conftest import complete_fiche

pytestmark = pytest.mark.django_db


@pytest.fixture
def fiches(gov, porteur_a1):
    made = [
        complete_fiche(gov.world.a1, porteur_a1, titre=f"Fiche {n}", axe=axe)
        for n, axe in enumerate(["innovation", "innovation", "competences", "foncier"])
    ]
    FicheAction.objects.filter(pk__in=[f.pk for f in made[:3]]).update(statut=StatutFiche.DEPOSEE)
    FicheAction.objects.filter(pk=made[0].pk).update(statut=StatutFiche.VALIDEE, suivi="en_cours")
    return made


def page_count(client, query):
    body = html.unescape(client.get(reverse("fiches_actions:fiche_list") + "?" + query).content.decode())
    return int(re.search(r'<p role="status">(\d+) fiche', body).group(1))


@pytest.mark.parametrize(
    "query",
    [
        "",
        "statut=deposee",
        "axe=innovation",
        "statut=validee&suivi=en_cours",
        "territoire={code}",
        "region={region}",
        "financeur=region",
        "q=Fiche 2",
        "axe=foncier&territoire={code}",
    ],
)
def test_the_page_and_the_api_count_the_same(gov, fiches, client, query):
    query = query.format(code=gov.world.a1.code, region=gov.world.a1.region_pilote_id)
    client.force_login(gov.chef_a1)
    api = APIClient()
    api.force_authenticate(gov.chef_a1)
    response = api.get("/api/v1/fiches/?" + query)
    assert response.status_code == 200, response.content
    assert response.json()["count"] == page_count(client, query)


def test_a_value_not_understood(gov, fiches, client):
    client.force_login(gov.chef_a1)
    body = html.unescape(
        client.get(reverse("fiches_actions:fiche_list") + "?statut=envolee&axe=innovation").content.decode()
    )
    assert "Filtre non reconnu, ignoré : Statut." in body
    assert page_count(client, "statut=envolee&axe=innovation") == page_count(client, "axe=innovation")
    api = APIClient()
    api.force_authenticate(gov.chef_a1)
    response = api.get("/api/v1/fiches/?statut=envolee")
    assert response.status_code == 400 and response["Content-Type"].startswith("application/problem+json")
    assert "statut" in response.json()["errors"]
    assert api.get("/api/v1/fiches/?tri=titre").status_code == 400  # the page's sort is not an API parameter
