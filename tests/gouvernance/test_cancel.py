"""Cancelling a séance returns every agenda item to where it was before the convocation, and the
cancelled séance says why instead of offering a relevé."""

import pytest
from django.urls import reverse

from contrats.enums import StatutVersion
from fiches_actions.enums import StatutFiche
from fiches_actions.models import FicheAction
from gouvernance.models import DemandePerimetre
from gouvernance.selectors import transitions_of
from gouvernance.services import seance_cancel, seance_convene
from gouvernance.services.seances import pending
from pilotage.selectors import a_faire

from ..contrats.conftest import submitted_contract
from ..fiches_actions.conftest import complete_fiche
from .conftest import in_days

pytestmark = pytest.mark.django_db


def test_a_cancelled_seance_gives_back_its_fiches_contracts_and_requests(gov, porteur_a1, client):
    fiche = complete_fiche(gov.world.a1, porteur_a1, titre="Industry-lab")
    FicheAction.objects.filter(pk=fiche.pk).update(statut=StatutFiche.DEPOSEE)
    seance = seance_convene(comite=gov.comite_a1, by=gov.chef_a1, date=in_days(3), lieu="Amboise", fiches=[fiche])
    assert FicheAction.objects.get(pk=fiche.pk).statut == StatutFiche.EN_INSTRUCTION
    assert fiche not in pending("fiches", comite=gov.comite_a1)

    seance_cancel(seance=seance, by=gov.chef_a1, motif="Le quorum ne sera pas atteint.")
    fiche.refresh_from_db()
    assert fiche.statut == StatutFiche.DEPOSEE
    assert fiche in pending("fiches", comite=gov.comite_a1)  # offered on the next agenda
    assert "a_inscrire" in {g.cle for g in a_faire(gov.chef_a1)}
    last = list(transitions_of(fiche))[-1]
    assert (last.source, last.cible) == ("en_instruction", "deposee") and "quorum" in last.motif

    client.force_login(gov.chef_a1)
    page = client.get(reverse("gouvernance:seance_detail", args=[seance.pk])).content.decode()
    assert "Séance annulée" in page and "Le quorum ne sera pas atteint." in page
    assert "relevé de décisions (PDF)" not in page.lower() and "Publier le relevé" not in page
    assert "relevé de cette séance est publié" not in page and "La séance est annulée" in page


def test_regional_items_wait_for_their_committee_again(gov, porteur_a1):
    version = submitted_contract(gov, porteur_a1)
    demande = DemandePerimetre.objects.create(territoire=gov.world.a1, auteur=gov.chef_a1, motifs="Adhésion")
    seance = seance_convene(
        comite=gov.comite_regional_a,
        by=gov.pilote_a,
        date=in_days(4),
        lieu="Orléans",
        contrats=[version],
        demandes=[demande],
    )
    assert version not in pending("contrats", comite=gov.comite_regional_a)
    seance_cancel(seance=seance, by=gov.pilote_a, motif="Report à la session de printemps.")
    version.refresh_from_db()
    assert version.statut == StatutVersion.SOUMIS
    assert version in pending("contrats", comite=gov.comite_regional_a)
    assert demande in pending("demandes", comite=gov.comite_regional_a)
