"""« Mon compte »: identity, mandates, named API tokens (hashed, expiring, revoked with the last
mandate or a new password), password change and signing out of the other devices."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from comptes.models import JetonAPI
from habilitations.enums import Role
from habilitations.scoping import forget_cached_scope

from ..conftest import PASSWORD, mandate

pytestmark = pytest.mark.django_db


def api_with(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_the_account_page_shows_identity_and_every_mandate(world, login):
    user = mandate(Role.CHEF_DE_PROJET, territoire=world.a1)
    mandate(Role.PORTEUR_PROJET, territoire=world.b1, user=user, date_fin=datetime.date(2022, 12, 31))
    page = login(user).get("/compte/")
    html = page.content.decode()
    assert page.status_code == 200
    assert user.email in html and "Chef de projet" in html and world.a1.nom in html
    assert "Mandats terminés (1)" in html and world.b1.nom in html
    assert 'href="/compte/"' in login(user).get("/").content.decode()  # the header's name leads here


def test_a_named_token_is_shown_once_stored_hashed_and_opens_the_api(world, login):
    user = mandate(Role.CHEF_DE_PROJET, territoire=world.a1)
    client = login(user)
    created = client.post("/compte/jetons/nouveau/", {"nom": "Tableur du SGAR", "duree": "30"})
    assert created.status_code == 201 and "no-store" in created["Cache-Control"]
    token = created.context["nouveau_jeton"]["valeur"]
    jeton = JetonAPI.objects.get(user=user)
    assert jeton.nom == "Tableur du SGAR" and token not in jeton.digest and token not in str(jeton.__dict__)
    assert (jeton.expiry - timezone.now()).days in (29, 30)
    assert api_with(token).get("/api/v1/territoires/").status_code == 200
    # Shown once: the page afterwards lists it by name and start only.
    later = client.get("/compte/").content.decode()
    assert "Tableur du SGAR" in later and token not in later


def test_a_token_without_a_name_is_refused_in_french_and_nothing_is_created(world, login):
    user = mandate(Role.CHEF_DE_PROJET, territoire=world.a1)
    response = login(user).post("/compte/jetons/nouveau/", {"nom": "  ", "duree": "90"})
    assert response.status_code == 400 and "Ce champ est obligatoire." in response.content.decode()
    response = login(user).post("/compte/jetons/nouveau/", {"nom": "Script", "duree": "7"})
    assert response.status_code == 400 and "Sélectionnez un choix valide" in response.content.decode()
    assert not JetonAPI.objects.exists()


def test_revoking_asks_first_then_closes_the_api(world, login):
    from comptes.services import jeton_create

    user = mandate(Role.CHEF_DE_PROJET, territoire=world.a1)
    jeton, token = jeton_create(user=user, nom="Script de suivi")
    client = login(user)
    url = f"/compte/jetons/{jeton.digest}/revoquer/"
    assert "Révoquer le jeton « Script de suivi » ?" in client.get(url).content.decode()
    assert JetonAPI.objects.filter(pk=jeton.pk).exists()  # a GET changes nothing
    assert client.post(url).status_code == 302
    assert api_with(token).get("/api/v1/territoires/").status_code == 401
    # Another person's token is not found, and stays.
    other = mandate(Role.CHEF_DE_PROJET, territoire=world.b1)
    theirs, _ = jeton_create(user=other, nom="Le leur")
    assert client.post(f"/compte/jetons/{theirs.digest}/revoquer/").status_code == 404
    assert JetonAPI.objects.filter(pk=theirs.pk).exists()


def test_a_token_in_use_is_refused_at_its_next_call_once_revoked_or_its_account_closed(world, login):
    """Tokens are kept in the cache between calls: revoking one, or deactivating its account, takes
    effect at the very next call."""
    from comptes.services import jeton_create, jeton_revoke

    user = mandate(Role.CHEF_DE_PROJET, territoire=world.a1)
    jeton, token = jeton_create(user=user, nom="Script de suivi")
    _, other = jeton_create(user=user, nom="Tableur du SGAR")
    for _ in range(2):
        assert api_with(token).get("/api/v1/territoires/").status_code == 200
        assert api_with(other).get("/api/v1/territoires/").status_code == 200
    assert jeton_revoke(user=user, digest=jeton.digest)
    assert api_with(token).get("/api/v1/territoires/").status_code == 401
    assert api_with(other).get("/api/v1/territoires/").status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert api_with(other).get("/api/v1/territoires/").status_code == 401


def test_a_made_up_token_is_refused_and_leaves_nothing_in_the_cache(world):
    from django.core.cache import cache

    from comptes.jetons import tokens_key

    forged = "f" * 64
    assert api_with(forged).get("/api/v1/territoires/").status_code == 401
    assert cache.get(tokens_key(forged[:15])) is None


def test_an_expired_token_opens_nothing(world):
    from comptes.services import jeton_create

    user = mandate(Role.CHEF_DE_PROJET, territoire=world.a1)
    jeton, token = jeton_create(user=user, nom="Ancien")
    JetonAPI.objects.filter(pk=jeton.pk).update(expiry=timezone.now() - datetime.timedelta(minutes=1))
    response = api_with(token).get("/api/v1/territoires/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    assert "Jeton ou identifiants invalides." in response.content.decode()


def test_a_token_kept_between_calls_is_refused_once_its_expiry_has_passed(world, monkeypatch):
    from comptes.services import jeton_create

    user = mandate(Role.CHEF_DE_PROJET, territoire=world.a1)
    jeton, token = jeton_create(user=user, nom="Script de 30 jours", days=30)
    assert api_with(token).get("/api/v1/territoires/").status_code == 200  # kept from now on
    later = jeton.expiry + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert api_with(token).get("/api/v1/territoires/").status_code == 401
    assert not JetonAPI.objects.filter(pk=jeton.pk).exists()


def test_an_expired_token_is_no_longer_listed_nor_counted_and_goes_with_the_next_one(world, login, settings):
    from comptes.services import jeton_create

    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_LIMIT_PER_USER": 2}
    user = mandate(Role.CHEF_DE_PROJET, territoire=world.a1)
    ancien, _ = jeton_create(user=user, nom="Ancien script")
    _, actuel = jeton_create(user=user, nom="Tableur du SGAR")
    JetonAPI.objects.filter(pk=ancien.pk).update(expiry=timezone.now() - datetime.timedelta(days=1))
    assert api_with(actuel).get("/api/v1/territoires/").status_code == 200
    page = login(user).get("/compte/").content.decode()
    assert "Tableur du SGAR" in page and "Ancien script" not in page
    # At the limit of two, the expired one does not count, and is deleted by the new one.
    jeton_create(user=user, nom="Nouveau script")
    assert sorted(user.auth_token_set.values_list("nom", flat=True)) == ["Nouveau script", "Tableur du SGAR"]


def test_the_tokens_go_with_the_last_mandate(world, gov):
    from comptes.services import jeton_create
    from gouvernance.services.mandats import mandat_end
    from habilitations.services import tokens_without_mandate_revoke

    user = mandate(Role.PORTEUR_PROJET, territoire=world.a1)
    mandate(Role.PORTEUR_PROJET, territoire=world.b1, user=user)
    _, token = jeton_create(user=user, nom="Script")
    mandat_end(mandat=user.mandats.get(territoire=world.a1), by=gov.chef_a1)
    assert api_with(token).get("/api/v1/territoires/").status_code == 200  # one mandate still runs
    # The other ends on a date set in advance; the nightly sweep revokes the tokens that morning.
    user.mandats.filter(territoire=world.b1).update(date_fin=timezone.localdate())
    forget_cached_scope(user.pk)  # update() sends no signal: as a service would, retire the scope
    assert tokens_without_mandate_revoke() == 1
    assert tokens_without_mandate_revoke() == 0  # idempotent
    assert api_with(token).get("/api/v1/territoires/").status_code == 401


def test_ending_the_last_mandate_revokes_at_once(world, gov):
    from comptes.services import jeton_create
    from gouvernance.services.mandats import mandat_end

    user = mandate(Role.PORTEUR_PROJET, territoire=world.a1)
    _, token = jeton_create(user=user, nom="Script")
    mandat_end(mandat=user.mandats.get(), by=gov.chef_a1)
    assert not user.auth_token_set.exists()


def test_signing_out_of_the_other_devices_keeps_this_one(world, login):
    user = mandate(Role.CHEF_DE_PROJET, territoire=world.a1)
    here, elsewhere = Client(), Client()
    for client in (here, elsewhere):
        assert client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD}).status_code == 302
    assert "autres sessions" in here.get("/compte/autres-appareils/").content.decode()
    assert here.post("/compte/autres-appareils/").status_code == 302
    assert here.get("/fiches/").status_code == 200
    assert elsewhere.get("/fiches/").status_code == 302  # back to the sign-in page


def test_changing_the_password_from_the_account_revokes_the_tokens(world, login):
    from comptes.services import jeton_create

    user = mandate(Role.CHEF_DE_PROJET, territoire=world.a1)
    _, token = jeton_create(user=user, nom="Script")
    here = Client()
    here.post("/compte/connexion/", {"username": user.email, "password": PASSWORD})
    wrong = here.post(
        "/compte/mot-de-passe/",
        {"old_password": "faux", "new_password1": "un-nouveau-mot-de-passe-2026", "new_password2": "x"},
    )
    assert wrong.status_code == 200 and "ancien mot de passe est incorrect" in wrong.content.decode()
    done = here.post(
        "/compte/mot-de-passe/",
        {
            "old_password": PASSWORD,
            "new_password1": "un-nouveau-mot-de-passe-2026",
            "new_password2": "un-nouveau-mot-de-passe-2026",
        },
    )
    assert done.status_code == 302 and done["Location"] == "/compte/"
    assert here.get("/compte/").status_code == 200  # this session stays open
    assert api_with(token).get("/api/v1/territoires/").status_code == 401
