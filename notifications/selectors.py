from portail.cache import cache_get, cache_set

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
    for user_id, count in counts.items():
        cache_set(unread_key(user_id), count, None)
    return counts


def preferences_for(user) -> list[tuple]:
    """Each kind a person may set, with their current choice (immediately unless they chose)."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "frequency"))
    return [(n, chosen.get(n.kind, Frequency.IMMEDIATE)) for n in choosable_kinds()]
