"""Reads of the protocols, always through the scoping layer."""

from habilitations.scoping import visible_territoires

from .models import Protocole


def visible_protocoles(user):
    return Protocole.objects.filter(territoire__in=visible_territoires(user).values("pk"))
