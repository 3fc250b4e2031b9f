"""The cache as an accelerator only: when it is unreachable, pages are computed and writes go on.

The dashboards and list totals are cached in Redis in production. A Redis outage must not refuse a
signature or a decision (their signals retire the cached figures), nor break a page: every access
goes through these helpers, which log the failure and answer « not cached ». Figures cached before
an outage live at most their time-to-live (ten minutes) if a change happened while Redis was away.
"""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


def cache_get(key):
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001 — any backend failure means « not cached »
        logger.warning("Cache injoignable (lecture de %s)", key, exc_info=True)
        return None


def cache_set(key, value, timeout) -> bool:
    try:
        cache.set(key, value, timeout)
        return True
    except Exception:  # noqa: BLE001
        logger.warning("Cache injoignable (écriture de %s)", key, exc_info=True)
        return False


def cache_add(key, value, timeout) -> bool:
    try:
        return cache.add(key, value, timeout)
    except Exception:  # noqa: BLE001
        logger.warning("Cache injoignable (ajout de %s)", key, exc_info=True)
        return False
