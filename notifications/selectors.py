from .models import Frequency, Notification, Preference
from .services import choosable_kinds


def notifications_for(user, *, unread_only: bool = False):
    rows = Notification.objects.filter(recipient=user)
    return rows.unread() if unread_only else rows


def unread_count(user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user).unread().count()


def preferences_for(user) -> list[tuple]:
    """Each kind a person may set, with their current choice (immediately unless they chose)."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "frequency"))
    return [(n, chosen.get(n.kind, Frequency.IMMEDIATE)) for n in choosable_kinds()]
