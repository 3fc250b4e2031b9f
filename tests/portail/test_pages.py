import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

pytestmark = pytest.mark.django_db


def render(source, **context):
    with translation.override("fr"):
        return Template("{% load portail_tags %}" + source).render(Context(context))


def test_french_date_and_amount_formats():
    assert render("{{ d|date }}", d=datetime.date(2019, 4, 23)) == "23 avril 2019"
    assert render("{{ v|euros }}", v=1234567) == "1\u202f234\u202f567\u00a0€"
    assert render("{{ v|euros }}", v=Decimal("1500.5")) == "1\u202f500,50\u00a0€"
    assert render("{{ v|nombre }}", v=34871) == "34\u202f871"


def test_public_home_is_dsfr_and_french(client):
    page = client.get("/").content.decode()
    assert '<html lang="fr"' in page
    assert "fr-header" in page and "fr-footer" in page and "fr-skiplinks" in page
    assert "Se connecter" in page
    assert "/static/dsfr/" in page


def test_404_page_is_french_and_dsfr(client):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page non trouvée" in page and "fr-header" in page


def test_500_page_is_french(client):
    from portail.views import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert "Erreur inattendue" in response.content.decode()
    # Its frame keeps every link (home, legal pages…), although it renders without a request context.
    assert 'href=""' not in response.content.decode() and 'href="/accessibilite/"' in response.content.decode()


def test_403_page_is_french(rf):
    from portail.views import permission_denied

    request = rf.get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = permission_denied(request)
    assert response.status_code == 403 and "Accès refusé" in response.content.decode()


def test_accessibility_statement(client):
    assert "Déclaration d'accessibilité" in client.get("/accessibilite/").content.decode()


def test_content_security_policy_and_no_inline_script(client, world):
    import re

    from habilitations.enums import Role

    from ..conftest import mandate

    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    client.force_login(mandate(Role.CHEF_DE_PROJET, territoire=world.a1))
    for url in (
        "/",
        "/territoires/",
        f"/territoires/{world.a1.code}/",
        f"/territoires/{world.a1.code}/gouvernance/",
        "/fiches/",
        "/fiches/nouvelle/",
        "/verifier/",
    ):
        page = client.get(url).content.decode()
        inline = [s for s in re.findall(r"<script\b[^>]*>", page) if "src=" not in s]
        assert not inline, (url, inline)
        assert ' style="' not in page, url
