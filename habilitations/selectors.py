"""Reads of the access floor about the signed-in person themselves."""

from django.utils import timezone

from .models import Mandat


def own_mandates(user) -> dict:
    """The person's mandates, running first then ended, with their perimeter (for « Mon compte »)."""
    today = timezone.localdate()
    mandats = list(
        Mandat.objects.filter(user=user).select_related("territoire", "region", "operateur").order_by("-date_debut")
    )
    # Running is the scoping layer's rule (``MandatQuerySet.active``), asked once more rather than rewritten.
    active_ids = set(Mandat.objects.filter(user=user).active(today).values_list("pk", flat=True))
    return {
        "en_cours": [m for m in mandats if m.pk in active_ids],
        "a_venir": [m for m in mandats if m.date_debut > today],
        "termines": [m for m in mandats if m.pk not in active_ids and m.date_debut <= today],
    }


def own_tokens(user):
    """The person's API tokens still valid, newest first (for « Mon compte »): never another person's.
    An expired token opens nothing; it is deleted when next presented or when a new one is made."""
    from django.db.models import Q
    from django.utils import timezone

    return user.auth_token_set.filter(Q(expiry__isnull=True) | Q(expiry__gt=timezone.now())).order_by("-created")


def own_token(user, digest: str):
    """One of the person's tokens by its digest, or ``None`` (another person's token is not found)."""
    return own_tokens(user).filter(digest=digest).first()
