import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fiches_actions.enums import StatutFiche
from fiches_actions.models import FicheAction

from .conftest import complete_fiche

pytestmark = pytest.mark.django_db


def count(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add(gov, porteur, n):
    for i in range(n):
        fiche = complete_fiche(gov.world.a1, porteur, titre=f"Formation industrielle {i}")
        FicheAction.objects.filter(pk=fiche.pk).update(statut=StatutFiche.DEPOSEE)


@pytest.mark.parametrize(
    "url,params",
    [
        ("fiches_actions:fiche_list", {}),
        ("fiches_actions:search", {"q": "formation"}),
        ("fiches_actions:fiche_list", {"format": "csv"}),
        ("fiches_actions:fiche_list", {"format": "xlsx"}),
        ("fiches_actions:simplification_list", {}),
    ],
)
def test_constant_query_count(gov, porteur_a1, client, url, params):
    client.force_login(gov.pilote_a)
    add(gov, porteur_a1, 3)
    count(client, reverse(url), params)  # the person's first page: their account and scope are kept
    # The first visit after a change computes everything (the list page then keeps its table for the
    # person); the second reads what is cached after it: the reference data, the list's total.
    add(gov, porteur_a1, 1)
    small = count(client, reverse(url), params), count(client, reverse(url), params)
    add(gov, porteur_a1, 40)
    large = count(client, reverse(url), params), count(client, reverse(url), params)
    assert large == small
    assert small[0] > 0  # the first visit did read the fiches


def test_fiche_page_does_not_grow_with_its_content(gov, porteur_a1, client):
    from fiches_actions.models import Commentaire, LigneFinancement

    small = complete_fiche(gov.world.a1, porteur_a1)
    big = complete_fiche(gov.world.a1, porteur_a1)
    for i in range(10):
        LigneFinancement.objects.create(fiche=big, financeur="autre", montant=1, statut="acquis")
        Commentaire.objects.create(fiche=big, auteur=gov.chef_a1, texte=f"Message {i}")
    client.force_login(porteur_a1)
    count(client, reverse("fiches_actions:fiche_detail", args=[small.pk]))  # the scope is cached after a first visit
    assert count(client, reverse("fiches_actions:fiche_detail", args=[small.pk])) == count(
        client, reverse("fiches_actions:fiche_detail", args=[big.pk])
    )
