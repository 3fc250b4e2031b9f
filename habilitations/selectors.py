"""Reads of the access floor about the signed-in person themselves."""

from django.db.models import Q
from django.utils import timezone

from .models import Mandat


def own_mandates(user) -> dict:
    """The person's mandates, running first then ended, with their perimeter (for « Mon compte »)."""
    today = timezone.localdate()
    mandats = list(
        Mandat.objects.filter(user=user).select_related("territoire", "region", "operateur").order_by("-date_debut")
    )
    running = Q(date_fin__isnull=True) | Q(date_fin__gt=today)
    active_ids = set(
        Mandat.objects.filter(user=user, date_debut__lte=today).filter(running).values_list("pk", flat=True)
    )
    return {
        "en_cours": [m for m in mandats if m.pk in active_ids],
        "a_venir": [m for m in mandats if m.date_debut > today],
        "termines": [m for m in mandats if m.pk not in active_ids and m.date_debut <= today],
    }
