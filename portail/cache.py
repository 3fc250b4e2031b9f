"""The cache as an accelerator only: when it is unreachable, pages are computed and writes go on.

The dashboards and list totals are cached in Redis in production. A Redis outage must not refuse a
signature or a decision (their signals retire the cached figures), nor break a page: every access
goes through these helpers, which log the failure and answer « not cached ». Figures cached before
an outage live at most their time-to-live (ten minutes) if a change happened while Redis was away.

A frozen Redis (not refusing, silent) is the worse case: each access would wait for its socket
timeout. After one failure the process therefore stops asking for ``PAUSE`` seconds, so a request
pays the timeout once at most, and the next ones none.
"""

import logging
import time
import uuid

from django.core.cache import cache

logger = logging.getLogger(__name__)

PAUSE = 15.0
_unreachable_until = 0.0


def _available() -> bool:
    return time.monotonic() >= _unreachable_until


def _failed(action: str, key) -> None:
    global _unreachable_until
    _unreachable_until = time.monotonic() + PAUSE
    logger.warning("Cache injoignable (%s de %s) : ignoré pendant %s s", action, key, PAUSE, exc_info=True)


def cache_get(key):
    if not _available():
        return None
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001 — any backend failure means « not cached »
        _failed("lecture", key)
        return None


def cache_set(key, value, timeout) -> bool:
    if not _available():
        return False
    try:
        cache.set(key, value, timeout)
        return True
    except Exception:  # noqa: BLE001
        _failed("écriture", key)
        return False


def cache_add(key, value, timeout) -> bool:
    if not _available():
        return False
    try:
        return cache.add(key, value, timeout)
    except Exception:  # noqa: BLE001
        _failed("ajout", key)
        return False


def cache_delete(key) -> None:
    if not _available():
        return
    try:
        cache.delete(key)
    except Exception:  # noqa: BLE001
        _failed("suppression", key)


def reset() -> None:
    """Ask the cache again at once (tests, and a process that knows Redis is back)."""
    global _unreachable_until
    _unreachable_until = 0.0


# ---------------------------------------------------------------- the generation of counted data
# Figures and list totals are cached under a token that any change to a counted object replaces
# (``figures_changed``, wired to the models' signals by the top floor and called by the services that
# write with ``QuerySet.update``): a decision or a signature shows at the next load, never later. The
# token is random rather than a counter, so an evicted token can never bring back old figures.
GENERATION_KEY = "tableau-de-bord:generation"


def figures_changed(**_ignored) -> None:
    """Retire every cached figure and list total, now and again once the transaction commits.

    Now, so that the writer's own next read in the same transaction sees the change; after the
    commit, so that nothing computed by another request from the data before the commit survives."""
    from django.db import transaction

    cache_set(GENERATION_KEY, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache_set(GENERATION_KEY, uuid.uuid4().hex, None))


def generation() -> str:
    token = cache_get(GENERATION_KEY)
    if token is None:
        token = uuid.uuid4().hex
        if not cache_add(GENERATION_KEY, token, None):
            token = cache_get(GENERATION_KEY) or token
    return token
