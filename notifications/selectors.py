from portail.cache import cache_get, cache_set

from .models import Frequency, Notification, Preference
from .services import choosable_kinds


def notifications_for(user, *, unread_only: bool = False):
    rows = Notification.objects.filter(recipient=user)
    return rows.unread() if unread_only else rows


UNREAD_TTL = 120  # seconds: the longest a count can lag should Redis miss an invalidation


def unread_key(user_id: int) -> str:
    return f"avis-non-lus:{user_id}"


def unread_count(user) -> int:
    """The count drawn in every page's header: kept in the cache, retired when a notice is written or read."""
    if user is None or not user.is_authenticated:
        return 0
    count = cache_get(unread_key(user.pk))
    if count is None:
        count = Notification.objects.filter(recipient=user).unread().count()
        cache_set(unread_key(user.pk), count, UNREAD_TTL)
    return count


def preferences_for(user) -> list[tuple]:
    """Each kind a person may set, with their current choice (immediately unless they chose)."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "frequency"))
    return [(n, chosen.get(n.kind, Frequency.IMMEDIATE)) for n in choosable_kinds()]
