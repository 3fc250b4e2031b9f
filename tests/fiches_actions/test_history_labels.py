"""Histories speak the users' words: « déposée → en instruction », never the codes stored."""

import html

import pytest
from django.urls import reverse

from fiches_actions.models import FicheAction
from fiches_actions.services.workflow import fiche_submit
from gouvernance.services import seance_convene

from ..gouvernance.conftest import in_days
from .conftest import complete_fiche

pytestmark = pytest.mark.django_db


def test_the_fiche_history_shows_labels_not_codes(gov, porteur_a1, client, login):
    fiche = complete_fiche(gov.world.a1, porteur_a1)
    fiche_submit(fiche=fiche, by=porteur_a1)
    seance_convene(
        comite=gov.comite_a1,
        by=gov.chef_a1,
        date=in_days(4),
        lieu="Amboise",
        fiches=[FicheAction.objects.get(pk=fiche.pk)],
    )
    login(porteur_a1)
    page = html.unescape(client.get(reverse("fiches_actions:fiche_detail", args=[fiche.pk])).content.decode())
    assert "brouillon → déposée" in page and "déposée → en instruction" in page
    assert "en_instruction" not in page and "→ deposee" not in page
