import datetime

import factory
from django.utils import timezone

from habilitations.enums import Role
from habilitations.models import Mandat

from .comptes import UserFactory


class MandatFactory(factory.django.DjangoModelFactory):
    """A running mandate of chef de projet unless told otherwise; the traits give the other usual shapes."""

    class Meta:
        model = Mandat

    user = factory.SubFactory(UserFactory)
    role = Role.CHEF_DE_PROJET
    date_debut = datetime.date(2019, 1, 1)

    class Params:
        # A mandate that stops today: from this day on it grants nothing.
        termine = factory.Trait(date_fin=factory.LazyFunction(timezone.localdate))
        pilote_regional = factory.Trait(role=Role.PILOTE_REGIONAL, territoire=None)
        delegation = factory.Trait(role=Role.DELEGATION_NATIONALE, territoire=None, region=None)
        porteur = factory.Trait(role=Role.PORTEUR_PROJET)
