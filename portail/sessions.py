"""Sessions read from the cache first, written to the database and the cache (Django's ``cached_db``),
through the portal's cache breaker: a page costs no session query while Redis answers, and a frozen
or absent Redis costs one socket timeout per pause at most, then the database alone (as before).

A worker serves the same sessions again and again: it remembers whose each one was, and reads that
person's keys (the person, their scope, their unread count…: ``read_with_session``) in the session's
round trip to Redis. One round trip per signed-in page instead of two. The guess only chooses what
is read ahead: who is signed in is still what the session says, and a wrong guess costs the second
round trip, as before."""

from collections.abc import Callable

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbSessionStore

from . import cache as breaker

KNOWN_SESSIONS = 2000  # per process; forgotten all at once beyond, then learnt again at the next page
_user_of_session: dict[str, int] = {}
_keys_of_user: list[Callable[[int], list[str]]] = []


def read_with_session(keys_of: Callable[[int], list[str]]) -> None:
    """Registers ``keys_of(user_id)``: the keys every page reads about the signed-in person."""
    if keys_of not in _keys_of_user:
        _keys_of_user.append(keys_of)


def _remember(cache_key: str, data: dict) -> None:
    try:
        user_id = int(data[SESSION_KEY])
    except (KeyError, TypeError, ValueError):
        _user_of_session.pop(cache_key, None)
        return
    if len(_user_of_session) >= KNOWN_SESSIONS:
        _user_of_session.clear()
    _user_of_session[cache_key] = user_id


class _BreakerCache:
    """The few cache calls ``cached_db`` makes, each through ``portail.cache``."""

    def get(self, key, default=None):
        user_id = _user_of_session.get(key)
        if user_id is None or not _keys_of_user:
            value = breaker.cache_get(key)
        else:
            value = breaker.cache_get_with(key, also=[k for keys_of in _keys_of_user for k in keys_of(user_id)])
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

    def load(self):
        data = super().load()
        _remember(self.cache_key_prefix + (self.session_key or ""), data)
        return data
