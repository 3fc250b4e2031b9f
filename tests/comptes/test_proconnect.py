"""ProConnect login against a real OpenID Connect provider started on loopback by the test."""

import datetime
import urllib.parse

import pytest
from django.conf import settings as django_settings

from habilitations.enums import Role

from ..conftest import mandate
from ..factories import UserFactory
from .oidc_provider import OIDCProvider

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(settings):
    with OIDCProvider() as op:
        for name, value in op.settings().items():
            setattr(settings, name, value)
        settings.AUTHENTICATION_BACKENDS = [
            "habilitations.oidc.ProConnectBackend",
            *django_settings.AUTHENTICATION_BACKENDS,
        ]
        yield op


def proconnect_login(client, provider, email):
    start = client.get("/compte/proconnect/")
    assert start.status_code == 302 and start["Location"].startswith(provider.url + "/authorize")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(start["Location"]).query)
    assert query["client_id"] == [provider.client_id]
    provider.codes["code-1"] = (email, query["nonce"][0])
    return client.get("/compte/proconnect/retour/", {"code": "code-1", "state": query["state"][0]})


def test_account_with_a_mandate_logs_in(world, client, provider):
    user = mandate(Role.PILOTE_REGIONAL, region=world.region_a)
    user.first_name = ""
    user.save()
    response = proconnect_login(client, provider, user.email.upper())
    assert response.status_code == 302 and response["Location"] == "/"
    assert int(client.session["_auth_user_id"]) == user.pk
    user.refresh_from_db()
    assert user.first_name == "Isabelle"  # filled from the identity provider when empty
    assert user.siret_proconnect == "13002603200016"
    assert "13002603200016" in client.get("/compte/").content.decode()  # shown on « Mon compte »


def test_stranger_gets_no_account(world, client, provider):
    from comptes.models import User

    before = User.objects.count()
    response = proconnect_login(client, provider, "inconnu@administration.example")
    assert response["Location"] == "/compte/connexion/?proconnect=refuse"
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == before
    page = client.get(response["Location"]).content.decode()
    assert "aucun compte avec un mandat en cours" in page


def test_account_whose_mandate_ended_is_refused(world, client, provider):
    user = mandate(Role.CHEF_DE_PROJET, territoire=world.a1, date_fin=datetime.date(2020, 7, 1))
    response = proconnect_login(client, provider, user.email)
    assert response["Location"] == "/compte/connexion/?proconnect=refuse"
    assert "_auth_user_id" not in client.session


def test_account_without_mandate_is_refused(client, provider):
    user = UserFactory()
    proconnect_login(client, provider, user.email)
    assert "_auth_user_id" not in client.session


def test_login_page_offers_proconnect_only_when_enabled(client, settings):
    settings.OIDC_ENABLED = False
    assert "ProConnect" not in client.get("/compte/connexion/").content.decode()
    assert client.get("/compte/proconnect/").status_code == 404
    settings.OIDC_ENABLED = True
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "http://127.0.0.1:9/authorize"
    settings.OIDC_RP_CLIENT_ID = "x"
    assert "S’identifier avec" in client.get("/compte/connexion/").content.decode()
