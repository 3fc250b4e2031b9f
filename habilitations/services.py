"""State changes of the access floor that no page asks for: they follow from dates."""

from django.db import transaction

from comptes.models import User
from comptes.services import jetons_revoke

from .models import Mandat


@transaction.atomic
def tokens_without_mandate_revoke() -> int:
    """API tokens open nothing once their owner holds no running mandate: they are revoked, the day
    the last mandate ends (called by the mandate's end and by a daily sweep for mandates ending on a
    date set in advance)."""
    holders = User.objects.filter(auth_token_set__isnull=False).exclude(
        pk__in=Mandat.objects.active().values("user_id")
    )
    return jetons_revoke(users=holders.distinct())
