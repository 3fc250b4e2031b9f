import uuid

from portail.cache import cache_get, cache_set_many

from .models import Frequency, Notification, Preference
from .services import choosable_kinds


def notifications_for(user, *, unread_only: bool = False):
    rows = Notification.objects.filter(recipient=user)
    return rows.unread() if unread_only else rows


def unread_key(user_id: int) -> str:
    return f"avis-non-lus:{user_id}"


def unread_count(user) -> int:
    """The count drawn in every page's header, kept in the cache: written at sign-in and again each time
    a notice is written or read (services.refresh_counts), so a page reads no table for it."""
    if user is None or not user.is_authenticated:
        return 0
    count = cache_get(unread_key(user.pk))
    if count is None:
        count = refresh_counts([user.pk])[user.pk]
    return count


def refresh_counts(user_ids) -> dict[int, int]:
    from django.db.models import Count

    counts = dict.fromkeys(user_ids, 0)
    counts.update(
        Notification.objects.filter(recipient__in=list(user_ids))
        .unread()
        .values_list("recipient")
        .annotate(n=Count("pk"))
        .values_list("recipient", "n")
    )
    values: dict[str, object] = {unread_key(user_id): count for user_id, count in counts.items()}
    # Every notice written or read comes here once its transaction has committed: a new version
    # retires the person's kept notices pages (``notices_version``).
    values.update({version_key(user_id): uuid.uuid4().hex for user_id in counts})
    cache_set_many(values, None)
    return counts


def version_key(user_id: int) -> str:
    return f"avis-version:{user_id}"


def notices_version(user) -> str:
    """A token that changes whenever one of the person's notices is written or read."""
    version = cache_get(version_key(user.pk))
    if version is None:
        refresh_counts([user.pk])
        version = cache_get(version_key(user.pk)) or uuid.uuid4().hex  # no cache: nothing is kept for long
    return version


def preferences_for(user) -> list[tuple]:
    """Each kind a person may set, with their current choice (immediately unless they chose)."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "frequency"))
    return [(n, chosen.get(n.kind, Frequency.IMMEDIATE)) for n in choosable_kinds()]
