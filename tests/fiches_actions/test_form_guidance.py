"""The fiche form guides its author: fields the deposit needs are marked while filling in, errors are
summed up at the top with a link to each field, and the summary lists every step with what it lacks."""

import html

import pytest
from django.urls import reverse

from fiches_actions.models import FicheAction

from .conftest import complete_fiche

pytestmark = pytest.mark.django_db


def text(response):
    return html.unescape(response.content.decode())


def test_fields_the_deposit_needs_are_marked_while_filling_in(gov, porteur_a1, client, login):
    fiche = complete_fiche(gov.world.a1, porteur_a1)
    login(porteur_a1)
    page = text(client.get(reverse("fiches_actions:fiche_step", args=[fiche.pk, "identification"])))
    assert page.count("Requis pour le dépôt") == 3  # titre, description, objectifs
    porteur = text(client.get(reverse("fiches_actions:fiche_step", args=[fiche.pk, "porteur"])))
    assert porteur.count("Requis pour le dépôt") == 2


def test_errors_are_summed_up_with_a_link_to_each_field(gov, porteur_a1, client, login):
    fiche = complete_fiche(gov.world.a1, porteur_a1)
    login(porteur_a1)
    url = reverse("fiches_actions:fiche_step", args=[fiche.pk, "financement"])
    response = client.post(
        url,
        {
            "version": FicheAction.objects.get(pk=fiche.pk).version,
            "date_debut": "2024-01-01",
            "date_fin": "2026-12-31",
            "cout_total": "1000",
            "lignes-TOTAL_FORMS": 1,
            "lignes-INITIAL_FORMS": 0,
            "lignes-MIN_NUM_FORMS": 0,
            "lignes-MAX_NUM_FORMS": 30,
            "lignes-0-financeur": "region",
            "lignes-0-montant": "-5",
            "lignes-0-statut": "sollicite",
        },
    )
    page = text(response)
    assert response.status_code == 200
    assert '<a href="#id_lignes-0-montant">Ligne de financement 1, montant (€ ht) :' in page
    assert "Rien n'a été enregistré ; votre saisie est conservée." in page


def test_the_summary_lists_every_step_with_what_it_lacks_and_its_link(gov, porteur_a1, client, login):
    fiche = complete_fiche(gov.world.a1, porteur_a1, objectifs="")
    fiche.financements.all().delete()
    login(porteur_a1)
    page = text(client.get(reverse("fiches_actions:fiche_summary", args=[fiche.pk])))
    identification = reverse("fiches_actions:fiche_step", args=[fiche.pk, "identification"])
    financement = reverse("fiches_actions:fiche_step", args=[fiche.pk, "financement"])
    assert (
        f'<a class="fr-link" href="{identification}">Identification</a> —\n    <strong>à compléter</strong> : '
        "Indiquez des objectifs." in page
    )
    assert (
        f'href="{financement}">Calendrier et financement</a> —\n    <strong>à compléter</strong> : '
        "Ajoutez au moins une ligne au plan de financement." in page
    )
    assert "Porteur et localisation</a> —\n    complète" in page
    assert "Mesures nationales mobilisées" in page
