"""Sessions read from the cache first, written to the database and the cache (Django's ``cached_db``),
through the portal's cache breaker: a page costs no session query while Redis answers, and a frozen
or absent Redis costs one socket timeout per pause at most, then the database alone (as before)."""

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbSessionStore

from . import cache as breaker


class _BreakerCache:
    """The few cache calls ``cached_db`` makes, each through ``portail.cache``."""

    def get(self, key, default=None):
        value = breaker.cache_get(key)
        return default if value is None else value

    def set(self, key, value, timeout=None):
        breaker.cache_set(key, value, timeout)

    def delete(self, key):
        breaker.cache_delete(key)

    def __contains__(self, key):
        return breaker.cache_get(key) is not None


class SessionStore(CachedDbSessionStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = _BreakerCache()
