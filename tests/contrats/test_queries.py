"""The choice of a contract's fiches reads a constant number of queries, whatever the number of fiches."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contrats.services import contrats as services
from fiches_actions.models import FicheAction

from ..fiches_actions.conftest import complete_fiche

pytestmark = pytest.mark.django_db


def test_the_choice_of_fiches_does_not_grow_with_them(gov, porteur_a1, client):
    version = services.contrat_create(
        territoire=gov.world.a1, by=gov.chef_a1, intitule="Contrat", annee_debut=2024, annee_fin=2027
    )
    client.force_login(gov.chef_a1)
    url = reverse("contrats:version_fiches", args=[version.pk])

    def grow_and_count(n, axe):
        for i in range(n):
            fiche = complete_fiche(gov.world.a1, porteur_a1, titre=f"{axe} {i}", axe=axe)
            FicheAction.objects.filter(pk=fiche.pk).update(statut="validee")
        client.get(url)  # measured after a first page, as every visitor but the first is served
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(url)
        assert page.status_code == 200
        return len(ctx.captured_queries), page.content.decode()

    small, _ = grow_and_count(2, "innovation")
    large, html = grow_and_count(12, "foncier")
    assert large == small
    assert html.index("innovation 0") < html.index("foncier 0")  # by the phase's order of priorities
