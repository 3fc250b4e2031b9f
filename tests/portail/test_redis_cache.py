"""The portal's Redis cache backend: Django's, keeping one Redis client per connection pool."""

import uuid

import pytest
import redis
from django.conf import settings

from portail.redis_cache import RedisCache

pytestmark = pytest.mark.integration


@pytest.fixture
def redis_cache():
    # The test's Redis (the broker's server), under a prefix of this test alone.
    backend = RedisCache(
        settings.CELERY_BROKER_URL,
        {"KEY_PREFIX": f"test-{uuid.uuid4().hex}", "OPTIONS": settings.REDIS_TIMEOUTS},
    )
    yield backend
    backend.delete_many(["personne", "perimetre", "avis", "absent"])


def test_reads_and_writes_through_one_client(redis_cache, monkeypatch):
    built = []
    original = redis.Redis.__init__

    def counting(self, *args, **kwargs):
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counting)

    redis_cache.set("personne", {"nom": "Lefèvre"}, 60)
    redis_cache.set_many({"perimetre": ["ti-2405"], "avis": 3}, 60)
    for _ in range(20):
        assert redis_cache.get("personne") == {"nom": "Lefèvre"}
    assert redis_cache.get_many(["perimetre", "avis", "absent"]) == {"perimetre": ["ti-2405"], "avis": 3}
    assert redis_cache.incr("avis") == 4
    redis_cache.delete("personne")
    assert redis_cache.get("personne") is None

    assert len(built) == 1


def test_a_pool_rebuilt_gets_its_own_client(redis_cache):
    first = redis_cache._cache.get_client()
    # Django keeps its pools by server index; a pool replaced (as a test or a fork handler may do)
    # must not be bypassed by a client still holding the old one.
    redis_cache._cache._pools.clear()
    second = redis_cache._cache.get_client()
    assert second.connection_pool is not first.connection_pool
    redis_cache.set("personne", "après", 60)
    assert redis_cache.get("personne") == "après"
