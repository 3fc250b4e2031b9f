import datetime

import factory

from protocoles.models import Enjeu, Protocole

from .comptes import UserFactory
from .territoires import TerritoireFactory


class ProtocoleFactory(factory.django.DjangoModelFactory):
    """A draft protocole d'accord; ``signe=True`` gives one signed on 20 June 2019 at L'Arbresle."""

    class Meta:
        model = Protocole

    territoire = factory.SubFactory(TerritoireFactory)
    cree_par = factory.SubFactory(UserFactory)
    engagements = "Former les apprentis du territoire"

    class Params:
        signe = factory.Trait(
            statut=Protocole.SIGNE, date_signature=datetime.date(2019, 6, 20), lieu_signature="L'Arbresle"
        )


class EnjeuFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enjeu

    protocole = factory.SubFactory(ProtocoleFactory)
    axe = factory.LazyAttribute(lambda enjeu: enjeu.protocole.territoire.phase.axes.order_by("ordre").first())
    intitule = factory.Sequence(lambda n: f"Enjeu {n}")
