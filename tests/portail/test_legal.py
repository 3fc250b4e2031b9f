"""The footer's legal pages, as any visitor reaches them, and what they promise checked against the
portal itself."""

import pytest
from django.test import Client

from habilitations.enums import Role

from ..conftest import PASSWORD, mandate

pytestmark = pytest.mark.django_db

FOOTER = {
    "/plan-du-site/": "Plan du site",
    "/accessibilite/": "Déclaration d'accessibilité",
    "/mentions-legales/": "Mentions légales",
    "/donnees-personnelles/": "Données personnelles",
    "/cookies/": "Gestion des cookies",
}


def test_every_legal_page_is_in_the_footer_and_opens_without_signing_in():
    client = Client()
    home = client.get("/").content.decode()
    for url, title in FOOTER.items():
        assert f'href="{url}"' in home, url
        page = client.get(url)
        assert page.status_code == 200 and f"<h1>{title}</h1>" in page.content.decode()


def test_the_accessibility_statement_says_non_conforme_with_the_sections_the_rgaa_asks_for():
    html = Client().get("/accessibilite/").content.decode()
    assert "<strong>non conforme</strong>" in html and "partiellement conforme" not in html
    for section in ("Résultats des vérifications internes", "Contenus non accessibles", "Voies de recours"):
        assert section in html
    assert "Défenseur des droits" in html and "Schéma pluriannuel" in html
    assert "Accessibilité : non conforme" in html  # the footer says the same


def test_the_cookie_page_names_the_only_cookies_the_portal_sets(world):
    from comptes.services import jeton_create

    page = Client().get("/cookies/").content.decode()
    assert "<code>sessionid</code>" in page and "<code>csrftoken</code>" in page
    user = mandate(Role.CHEF_DE_PROJET, territoire=world.a1)
    jeton, _ = jeton_create(user=user, nom="Script")
    client = Client()
    seen = set(client.get("/compte/connexion/").cookies)
    seen |= set(client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD}).cookies)
    # A flash message (« jeton révoqué ») travels in the session, not in a cookie of its own.
    seen |= set(client.post(f"/compte/jetons/{jeton.digest}/revoquer/").cookies)
    shown = client.get("/compte/")
    seen |= set(shown.cookies)
    assert "Le jeton « Script » est révoqué" in shown.content.decode()
    assert seen <= {"sessionid", "csrftoken"}, seen
