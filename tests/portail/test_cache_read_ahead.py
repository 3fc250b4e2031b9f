"""A signed-in page reads the person, their scope and their unread count from the cache in one round
trip (portail/cache.py ``cache_get_with``), and never serves a value this process has since changed."""

import uuid

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from habilitations.enums import Role
from notifications.selectors import unread_count, unread_key
from portail.cache import cache_delete, cache_get, cache_get_with, cache_set, forget_read_ahead

from ..conftest import PASSWORD, mandate


@pytest.fixture
def reads(monkeypatch):
    """The keys the cache backend is asked for, in order."""
    asked = []
    get, get_many = cache.get, cache.get_many
    monkeypatch.setattr(cache, "get", lambda key, *a, **k: asked.append(key) or get(key, *a, **k))
    monkeypatch.setattr(cache, "get_many", lambda keys, *a, **k: asked.append(tuple(keys)) or get_many(keys, *a, **k))
    yield asked
    forget_read_ahead()


def test_keys_read_ahead_answer_the_next_read_without_asking_again(reads):
    cache.set("personne", "Lefèvre")
    cache.set("avis", 3)
    assert cache_get_with("personne", also=["avis", "absent"]) == "Lefèvre"
    assert reads[0] == ("personne", "avis", "absent")
    reads.clear()
    assert cache_get("avis") == 3
    assert reads == []
    assert cache_get("absent") is None
    assert reads == ["absent"]  # a miss is asked again, as before


def test_a_key_written_or_deleted_since_is_read_again(reads):
    cache.set("personne", "Lefèvre")
    cache.set("avis", 3)
    cache.set("perimetre", "ti-2405")
    cache_get_with("personne", also=["avis", "perimetre"])
    cache_set("avis", 4, 60)
    cache_delete("perimetre")
    assert cache_get("avis") == 4
    assert cache_get("perimetre") is None


def test_a_value_read_ahead_serves_its_request_until_written(reads):
    cache.set("personne", "Lefèvre")
    cache.set("reference", ["2023-2027"])
    cache_get_with("personne", also=["reference"])
    reads.clear()
    assert cache_get("reference") == ["2023-2027"]
    assert cache_get("reference") == ["2023-2027"]  # a page reads the reference data twice
    assert reads == []
    cache_set("reference", ["2019-2022", "2023-2027"], 60)
    assert cache_get("reference") == ["2019-2022", "2023-2027"]


@pytest.mark.django_db
def test_what_a_request_read_ahead_is_dropped_when_it_ends(world):
    """An API call reads the count with the person but draws no header: the count left over must not
    answer a later read in the same thread (the next request, a task)."""
    user = mandate(Role.CHEF_DE_PROJET, territoire=world.a1)
    client = Client()
    assert client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD}).status_code == 302
    client.get("/accessibilite/")  # the person is kept from now on
    assert client.get("/api/v1/territoires/").status_code == 200
    cache.set(unread_key(user.pk), 7)  # a notice written by another process
    assert unread_count(user) == 7


@pytest.fixture
def redis_commands(settings, monkeypatch):
    """The portal's cache on the test's real Redis (a prefix of this test alone); ``start()`` begins
    recording the commands sent to it."""
    settings.CACHES = {
        "default": {
            "BACKEND": "portail.redis_cache.RedisCache",
            "LOCATION": settings.CELERY_BROKER_URL,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            "OPTIONS": settings.REDIS_TIMEOUTS,
        }
    }
    commands = []
    execute = redis.Redis.execute_command

    def start():
        monkeypatch.setattr(
            redis.Redis,
            "execute_command",
            lambda self, *args, **kw: commands.append(args[0]) or execute(self, *args, **kw),
        )
        return commands

    return start


def _signed_in(user):
    client = Client()
    assert client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD}).status_code == 302
    return client


@pytest.mark.integration
@pytest.mark.django_db
def test_a_signed_in_page_asks_redis_once(world, redis_commands):
    """The session with the person, their scope and unread count: one round trip, once the process
    has seen the session (the first page asks for the session, then for the person)."""
    user = mandate(Role.CHEF_DE_PROJET, territoire=world.a1)
    client = _signed_in(user)
    commands = redis_commands()
    client.get("/accessibilite/")
    assert commands[:2] == ["GET", "MGET"]  # then what this first page keeps

    commands.clear()
    page = client.get("/accessibilite/")

    assert page.status_code == 200
    assert user.last_name in page.content.decode()
    assert "Chef de projet" in page.content.decode()  # the scope's mandate, in the header
    assert commands == ["MGET"]


@pytest.mark.integration
@pytest.mark.django_db
def test_a_wrong_guess_of_whose_session_it_is_costs_a_round_trip_and_shows_the_right_person(world, redis_commands):
    from portail import sessions

    chef = mandate(Role.CHEF_DE_PROJET, territoire=world.a1)
    pilote = mandate(Role.PILOTE_REGIONAL, region=world.region_b)
    for user, name in ((chef, "Lefèvre"), (pilote, "Moreau")):
        user.last_name = name
        user.save()
    client = _signed_in(chef)
    client.get("/accessibilite/")
    _signed_in(pilote).get("/accessibilite/")  # the pilot's person and scope are kept too
    session_key = next(key for key, user_id in sessions._user_of_session.items() if user_id == chef.pk)
    sessions._user_of_session[session_key] = pilote.pk

    commands = redis_commands()
    page = client.get("/accessibilite/").content.decode()

    assert commands == ["MGET", "MGET"]
    assert chef.last_name in page and "Chef de projet" in page
    assert pilote.last_name not in page and "Pilote régional" not in page
    assert sessions._user_of_session[session_key] == chef.pk  # learnt again from the session


@pytest.mark.integration
@pytest.mark.django_db
def test_an_api_call_with_a_token_asks_redis_three_times_and_postgresql_nothing(world, redis_commands):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from comptes.services import jeton_create

    user = mandate(Role.PILOTE_REGIONAL, region=world.region_a)
    _, token = jeton_create(user=user, nom="Tableur du SGAR")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/fiches/").status_code == 200

    commands = redis_commands()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/fiches/")

    assert response.status_code == 200 and response.json()["count"] == 0
    assert not queries.captured_queries
    # The token's digest, then the person with their scope, count and generation, then their kept list.
    assert commands == ["GET", "MGET", "GET"]


def test_what_a_task_read_ahead_is_dropped_when_it_ends(reads):
    """A Celery worker's thread runs task after task with no request around them: what one task read
    ahead must not answer the next one's reads."""
    from celery.signals import task_postrun, task_prerun

    cache.set("personne", "Lefèvre")
    cache.set("avis", 3)
    task_prerun.send(sender=None)
    cache_get_with("personne", also=["avis"])
    task_postrun.send(sender=None)
    cache.set("avis", 4)  # a notice written by another process in between
    task_prerun.send(sender=None)
    assert cache_get("avis") == 4
    assert cache_get_with("personne", also=["avis"]) == "Lefèvre"
    assert reads.count(("personne", "avis")) == 2  # asked again, not answered from the last task
