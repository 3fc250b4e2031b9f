"""The cache as an accelerator only: when it is unreachable, pages are computed and writes go on.

The dashboards and list totals are cached in Redis in production. A Redis outage must not refuse a
signature or a decision (their signals retire the cached figures), nor break a page: every access
goes through these helpers, which log the failure and answer « not cached ». Figures cached before
an outage live at most their time-to-live (ten minutes) if a change happened while Redis was away.

A frozen Redis (not refusing, silent) is the worse case: each access would wait for its socket
timeout. After one failure the process therefore stops asking for ``PAUSE`` seconds, so a request
pays the timeout once at most, and the next ones none.
"""

import hashlib
import logging
import time
import uuid
from contextvars import ContextVar

from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)

PAUSE = 15.0
_unreachable_until = 0.0


def _available() -> bool:
    return time.monotonic() >= _unreachable_until


def _failed(action: str, key) -> None:
    global _unreachable_until
    _unreachable_until = time.monotonic() + PAUSE
    logger.warning("Cache injoignable (%s de %s) : ignoré pendant %s s", action, key, PAUSE, exc_info=True)


# ---------------------------------------------------------------- reading ahead
# A signed-in page reads the person, then their scope, their unread count and the generation token:
# four round trips to Redis, where one suffices once the first key is known. ``cache_get_with`` reads
# the others with it, and every later ``cache_get`` of them in the same request is answered from what
# was read, as a read at that moment would have been. A key this process writes or deletes in between
# is forgotten, so a read after a write sees the write. What is read ahead serves one request only
# (``forget_read_ahead``, on every request's start and end).
_read_ahead: ContextVar[dict | None] = ContextVar("portail_cache_read_ahead", default=None)
_asked_ahead: ContextVar[set | None] = ContextVar("portail_cache_asked_ahead", default=None)


def cache_get_with(key, also=()):
    """``cache_get(key)``, reading ``also`` in the same round trip for this request's later reads.
    When ``key`` and ``also`` were all read ahead already (with the session), nothing is asked."""
    if not also:
        return cache_get(key)
    ahead, asked = _read_ahead.get(), _asked_ahead.get()
    if ahead is not None and asked is not None and key in ahead and asked.issuperset(also):
        return ahead[key]
    found = cache_get_many([key, *also])
    if ahead is None:
        _read_ahead.set(dict(found))
    else:
        ahead.update(found)
    if asked is None:
        _asked_ahead.set({key, *also})
    else:
        asked.update((key, *also))
    return found.get(key)


def forget_read_ahead(**_signal) -> None:
    _read_ahead.set(None)
    _asked_ahead.set(None)


def _written(*keys) -> None:
    ahead = _read_ahead.get()
    if ahead:
        for key in keys:
            ahead.pop(key, None)


def cache_get(key):
    ahead = _read_ahead.get()
    if ahead and key in ahead:
        return ahead[key]
    if not _available():
        return None
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001 — any backend failure means « not cached »
        _failed("lecture", key)
        return None


def cache_set(key, value, timeout) -> bool:
    _written(key)
    if not _available():
        return False
    try:
        cache.set(key, value, timeout)
        return True
    except Exception:  # noqa: BLE001
        _failed("écriture", key)
        return False


def cache_add(key, value, timeout) -> bool:
    _written(key)
    if not _available():
        return False
    try:
        return cache.add(key, value, timeout)
    except Exception:  # noqa: BLE001
        _failed("ajout", key)
        return False


def cache_get_many(keys) -> dict:
    if not _available() or not keys:
        return {}
    try:
        return cache.get_many(keys)
    except Exception:  # noqa: BLE001
        _failed("lecture groupée", len(keys))
        return {}


def cache_set_many(values: dict, timeout) -> None:
    _written(*values)
    if not _available() or not values:
        return
    try:
        cache.set_many(values, timeout)
    except Exception:  # noqa: BLE001
        _failed("écriture groupée", len(values))


def cache_delete_many(keys) -> None:
    keys = list(keys)
    _written(*keys)
    if not _available() or not keys:
        return
    try:
        cache.delete_many(keys)
    except Exception:  # noqa: BLE001
        _failed("suppression groupée", len(keys))


def cache_delete(key) -> None:
    _written(key)
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
#
# Below the figures, each territory's own aggregates (its fiches by axe and status, its funding, its
# signatures…) are cached apart, under a second token: a change names the territories it touches and
# only their aggregates are retired, with the sums that count them (a région's, ``sums_counting``):
# the national figures after a decision in one territory add up the régions' cached sums and make
# one again from its territories' aggregates, one of them recomputed, instead of recounting the
# programme. A change that cannot name its territories retires them all.
GENERATION_KEY = "tableau-de-bord:generation"
PARTIALS_GENERATION_KEY = "chiffres-territoire:generation"


def figures_changed(*, territoires=None, **_ignored) -> None:
    """Retire every cached figure and list total, and the aggregates of ``territoires`` (ids; all of
    them when ``None``, none when empty), now and again once the transaction commits.

    Now, so that the writer's own next read in the same transaction sees the change; after the
    commit, so that nothing computed by another request from the data before the commit survives."""
    from django.db import transaction

    ids = None if territoires is None else sorted({pk for pk in territoires if pk is not None})

    def retire():
        cache_set(GENERATION_KEY, uuid.uuid4().hex, None)
        if ids is None:
            cache_set(PARTIALS_GENERATION_KEY, uuid.uuid4().hex, None)
        elif ids:
            token = partials_generation()
            sums = [key for counting in _SUMS_COUNTING for key in counting(ids, token)]
            retired = [partial_key(pk, token) for pk in ids] + sums
            cache_delete_many(retired)
            # A page computing one of these from data read before this change may write it after
            # this retirement: a new stamp makes what it writes (tagged with the stamp it read
            # first) worthless.
            cache_set_many({stamp_key(key): uuid.uuid4().hex for key in retired}, STAMP_TTL)

    retire()
    transaction.on_commit(retire)


STAMP_TTL = 24 * 3600  # seconds; as long as what is stamped (an aggregate, a sum) may live


def stamp_key(key: str) -> str:
    """The key of ``key``'s stamp, replaced each time ``key`` is retired: a value cached under ``key``
    holds the stamp read before it was computed, and is current only while the stamp is the same."""
    return f"{key}:tampon"


def stamped_get_many(keys: list[str]) -> tuple[dict, dict]:
    """The current values of ``keys`` (written by ``stamped_set_many``), and the stamps to write the
    missing ones with, in one round trip."""
    found = cache_get_many([*keys, *(stamp_key(key) for key in keys)])
    stamps = {key: found.get(stamp_key(key)) for key in keys}
    values = {}
    for key in keys:
        entry = found.get(key)
        if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == stamps[key]:
            values[key] = entry[1]
    return values, stamps


def stamped_set_many(values: dict, stamps: dict, timeout) -> None:
    """Caches each value with the stamp read before it was computed (``stamped_get_many``)."""
    cache_set_many({key: (stamps.get(key), value) for key, value in values.items()}, timeout)


# Functions ``(territory ids, token) -> keys``: the sums of several territories' aggregates (a
# région's, kept by the top floor) that count those territories, retired with their aggregates.
_SUMS_COUNTING: list = []


def sums_counting(function) -> None:
    """Registers ``function(ids, token)``, which names the cache keys of the sums of aggregates that
    count the territories ``ids`` under the aggregates' ``token``."""
    if function not in _SUMS_COUNTING:
        _SUMS_COUNTING.append(function)


def _token(key: str) -> str:
    token = cache_get(key)
    if token is None:
        token = uuid.uuid4().hex
        if not cache_add(key, token, None):
            token = cache_get(key) or token
    return token


def generation() -> str:
    return _token(GENERATION_KEY)


def partial_key(territoire_id: int, token: str | None = None) -> str:
    """The cache key of one territory's aggregates under the current (or given) generation."""
    return f"chiffres-territoire:{token or _token(PARTIALS_GENERATION_KEY)}:{territoire_id}"


def partials_generation() -> str:
    return _token(PARTIALS_GENERATION_KEY)


# ---------------------------------------------------------------- a person's lists and tasks, kept
PAGE_PART_TTL = 600  # seconds


def keep(key: str, produce, *, until=None):
    """What ``produce()`` returns, kept under ``key`` (which holds the generation token: any counted
    change replaces it) for ``PAGE_PART_TTL`` at most. ``until()``, asked when the value is produced,
    names the moment it stops being true without anything written (the start of the next convened
    séance, when « prochaine » becomes « tenue »); from then on it is produced again."""
    kept = cache_get(key)
    if kept is not None and (kept[0] is None or timezone.now() < kept[0]):
        return kept[1]
    # Asked first: a séance that begins while the value is produced is then already past this moment.
    moment = until() if until else None
    value = produce()
    cache_set(key, (moment, value), PAGE_PART_TTL)
    return value


def kept_key(name: str, user, address: str = "") -> str:
    """A key for what one person reads: the person (their scope, their own fiches), the day (a mandate
    ends on a date), the generation and, for a page, its address."""
    return f"partie:{name}:{generation()}:{user.pk}:{timezone.localdate().isoformat()}:{address}"


def address_key(request) -> str:
    """The address asked, taken whole with its host: filters, sort, page, and the API's absolute
    « next » links."""
    return hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()


def page_key(request, name: str) -> str:
    """The key of what one person reads at this address."""
    return kept_key(name, request.user, address_key(request))


def kept_for_person(request, name: str, produce, *, until=None):
    """What ``produce()`` writes for this person at this address (a list's table and filters), kept
    until any counted data changes (``keep``).

    The generation is replaced by every change to what a list shows — fiches, financing,
    territories, mandates, co-authors, committees, the phases' reference data. Parts that carry a
    form's CSRF token must not be kept: the token belongs to a session, not a person.
    """
    return keep(page_key(request, name), produce, until=until)
