import re

import pytest
from django.core import mail
from django.urls import reverse

from habilitations.enums import Role

from ..conftest import PASSWORD, mandate
from ..factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/compte/connexion/"


def test_login_by_email_whatever_its_case(client, world):
    user = mandate(Role.CHEF_DE_PROJET, territoire=world.a1)
    response = client.post(LOGIN, {"username": user.email.upper(), "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    home = client.get("/").content.decode()
    assert "Mes territoires" in home and "Grand Est Touraine" in home
    assert "Chef de projet — Grand Est Touraine (2023-2027)" in home  # the header lists the mandates


def test_bad_password_gets_a_french_message(client):
    user = UserFactory()
    response = client.post(LOGIN, {"username": user.email, "password": "faux"})
    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect" in response.content.decode()


def test_logout_is_a_post(client, world):
    client.force_login(mandate(Role.CHEF_DE_PROJET, territoire=world.a1))
    assert client.post("/compte/deconnexion/").status_code == 302
    assert client.get("/territoires/").status_code == 302


def test_password_reset_by_email(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="julie.bernard@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/mot-de-passe/oubli/", {"email": "Julie.Bernard@exemple.fr"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["julie.bernard@exemple.fr"]
    assert "choisissez un nouveau mot de passe" in message.subject
    link = re.search(r"https?://[^/]+(/compte/mot-de-passe/nouveau/\S+)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "Choisir un nouveau mot de passe" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "Amboise-23-avril-2019", "new_password2": "Amboise-23-avril-2019"}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Amboise-23-avril-2019")
    # The link served once: a second use is refused with a clear message.
    again = client.get(link, follow=True)
    assert "Ce lien n'est plus valable" in again.content.decode()


def test_unknown_email_reveals_nothing(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/mot-de-passe/oubli/", {"email": "inconnu@exemple.fr"})
    assert response.status_code == 302 and response["Location"] == reverse("comptes:password_reset_done")
    assert mail.outbox == []


def test_repeated_failures_lock_the_login(client, world):
    user = mandate(Role.CHEF_DE_PROJET, territoire=world.a1)
    for _ in range(5):
        client.post(LOGIN, {"username": user.email, "password": "faux"})
    locked = client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert "Connexion temporairement bloquée" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_signed_in_page_reads_its_session_from_the_cache_and_survives_losing_it(db, client):
    """The session costs no query while the cache answers, and nobody is signed out when the cache
    is emptied (a Redis restart): the session is read back from the database."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from habilitations.enums import Role

    from ..conftest import PASSWORD, mandate

    user = mandate(Role.DELEGATION_NATIONALE)
    assert client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD}).status_code == 302
    client.get("/accessibilite/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/accessibilite/").status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]
    cache.clear()
    page = client.get("/accessibilite/")
    assert page.status_code == 200 and "Se déconnecter" in page.content.decode()
