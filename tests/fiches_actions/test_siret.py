"""The SIRET is checked as INSEE defines it (python-stdnum): La Poste's head office passes, a number
typed with spaces is accepted and stored as its 14 digits, a wrong key is refused in French."""

import html

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from fiches_actions.models import FicheAction

from .conftest import complete_fiche
from .test_form_as_shown import as_shown

pytestmark = pytest.mark.django_db


def post_porteur(client, fiche, siret):
    """The porteur step as the browser shows it, with this SIRET typed in."""
    url = reverse("fiches_actions:fiche_step", args=[fiche.pk, "porteur"])
    data = as_shown(client.get(url).content.decode())
    data["porteur_siret"] = siret
    return client.post(url, data)


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("356 000 000 00048", "35600000000048"),
        ("552 120 222 00013", "55212022200013"),
        ("73282932000074", "73282932000074"),
    ],
)
def test_valid_sirets_are_stored_as_fourteen_digits(gov, porteur_a1, client, login, typed, stored):
    fiche = complete_fiche(gov.world.a1, porteur_a1)
    login(porteur_a1)
    response = post_porteur(client, fiche, typed)
    assert response.status_code == 302, [line for line in response.content.decode().splitlines() if "error" in line]
    assert FicheAction.objects.get(pk=fiche.pk).porteur_siret == stored


def test_a_wrong_key_is_refused_in_french_and_nothing_is_lost(gov, porteur_a1, client, login):
    fiche = complete_fiche(gov.world.a1, porteur_a1)
    before = FicheAction.objects.get(pk=fiche.pk).porteur_siret
    login(porteur_a1)
    response = post_porteur(client, fiche, "552 120 222 00014")
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Ce SIRET n'est pas valide : vérifiez les chiffres (clé de contrôle)." in page
    assert 'value="552 120 222 00014"' in page  # the input is kept
    assert FicheAction.objects.get(pk=fiche.pk).porteur_siret == before


def test_the_api_takes_spaces_and_refuses_a_wrong_key(gov, porteur_a1):
    fiche = complete_fiche(gov.world.a1, porteur_a1)
    api = APIClient()
    api.force_authenticate(porteur_a1)
    version = FicheAction.objects.get(pk=fiche.pk).version
    ok = api.patch(f"/api/v1/fiches/{fiche.pk}/", {"porteur_siret": "356 000 000 00048", "version": version})
    assert ok.status_code == 200 and ok.json()["porteur_siret"] == "35600000000048"
    wrong = api.patch(
        f"/api/v1/fiches/{fiche.pk}/", {"porteur_siret": "55212022200014", "version": ok.json()["version"]}
    )
    assert wrong.status_code in (400, 422) and "clé de contrôle" in wrong.content.decode()
