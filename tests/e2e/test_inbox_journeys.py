"""Each role starts from the home page and reaches its task only by clicking its « À faire » inbox
(or, for a signatory, the notice it received): no typed address after signing in. A screenshot of
each inbox goes to test-artifacts/."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contrats.models import Signature
from fiches_actions.enums import StatutFiche
from fiches_actions.models import FicheAction
from fiches_actions.services.workflow import fiche_submit
from gouvernance.enums import StatutSeance, Verdict
from gouvernance.models import Seance
from gouvernance.services import decision_record, seance_convene

from ..conftest import PASSWORD
from ..contrats.conftest import signatories, submitted_contract, validated_version  # noqa: F401 — fixtures
from ..fiches_actions.conftest import complete_fiche
from ..gouvernance.conftest import in_days, move_to_past
from .conftest import shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def inbox_task(page, group, action, label):
    """The link of one task in one group of the inbox on the home page."""
    return page.locator(f"#a-faire-{group}").get_by_role("link", name=f"{action} : {label}")


def test_porteur_completes_the_fiche_sent_back_from_the_inbox(gov, porteur_a1, page_for):
    fiche = complete_fiche(gov.world.a1, porteur_a1, titre="Halle de formation aux métiers du bois")
    fiche_submit(fiche=fiche, by=porteur_a1)
    seance = move_to_past(
        seance_convene(
            comite=gov.comite_a1,
            by=gov.chef_a1,
            date=in_days(3),
            lieu="Amboise",
            fiches=[FicheAction.objects.get(pk=fiche.pk)],
        )
    )
    decision_record(
        point=seance.points.get(),
        by=gov.etat_a1,
        verdict=Verdict.A_COMPLETER,
        motifs="Préciser le nombre d'apprentis formés chaque année.",
    )

    page = page_for(porteur_a1, PASSWORD)
    group = page.locator("#a-faire-a_completer")
    assert "Préciser le nombre d'apprentis formés chaque année." in group.inner_text()
    shot(page, "a-faire-porteur")
    inbox_task(page, "a_completer", "Compléter", fiche.titre).click()
    page.fill("#id_description", "Une halle de 800 m² pour former 40 apprentis par an aux métiers du bois.")
    for _ in range(6):  # through each step of the form, as far as the documents
        if not page.get_by_role("button", name="Enregistrer et continuer").count():
            break
        before = page.url
        page.get_by_role("button", name="Enregistrer et continuer").click()
        page.wait_for_load_state()
        assert page.url != before, f"l'étape {before} n'a pas enregistré : " + page.locator("main").inner_text()[:800]
    page.get_by_role("link", name="Voir le récapitulatif").click()
    page.get_by_role("button", name="Déposer la fiche").click()
    expect(page.get_by_text("Fiche déposée").first).to_be_visible()
    assert FicheAction.objects.get(pk=fiche.pk).statut == StatutFiche.DEPOSEE
    page.get_by_role("link", name="Accueil").first.click()
    assert not page.locator("#a-faire-a_completer").count()


def test_chef_puts_the_fiche_on_an_agenda_moves_then_cancels_the_seance(gov, porteur_a1, page_for):
    fiche = complete_fiche(gov.world.a1, porteur_a1, titre="Réseau de chaleur de la zone industrielle")
    fiche_submit(fiche=fiche, by=porteur_a1)

    page = page_for(gov.chef_a1, PASSWORD)
    shot(page, "a-faire-chef-de-projet")
    inbox_task(page, "a_inscrire", "Inscrire à une séance", fiche.titre).click()
    assert page.get_by_label(f"{fiche.titre} (", exact=False).is_checked()  # ticked by the inbox's link
    moment = timezone.localtime() + datetime.timedelta(days=10)
    page.fill("#id_date", moment.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_lieu", "Mairie d'Amboise")
    page.get_by_role("button", name="Convoquer").click()
    page.wait_for_url("**/seances/*/")
    seance = Seance.objects.get(comite=gov.comite_a1)
    assert FicheAction.objects.get(pk=fiche.pk).statut == StatutFiche.EN_INSTRUCTION

    page.get_by_role("link", name="Déplacer la séance").click()
    later = moment + datetime.timedelta(days=4)
    page.fill("#id_date", later.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_lieu", "Hôtel de ville de Tours")
    page.get_by_role("button", name="Déplacer la séance").click()
    page.wait_for_url(f"**/seances/{seance.pk}/")
    expect(page.get_by_text("La séance est déplacée")).to_be_visible()
    seance.refresh_from_db()
    assert seance.lieu == "Hôtel de ville de Tours" and seance.sequence == 1
    shot(page, "chef-seance-deplacee")

    page.get_by_role("link", name="Annuler la séance").click()
    page.fill("#id_motif", "Le président de l'EPCI ne peut être présent.")
    page.get_by_role("button", name="Annuler la séance").click()
    page.wait_for_url(f"**/seances/{seance.pk}/")
    expect(page.get_by_text("Le président de l'EPCI ne peut être présent.").first).to_be_visible()
    assert Seance.objects.get(pk=seance.pk).statut == StatutSeance.ANNULEE

    page.get_by_role("link", name="Accueil").first.click()
    expect(inbox_task(page, "a_inscrire", "Inscrire à une séance", fiche.titre)).to_be_visible()
    assert FicheAction.objects.get(pk=fiche.pk).statut == StatutFiche.DEPOSEE
    shot(page, "a-faire-chef-apres-annulation")


def test_elu_records_the_decision_from_the_inbox(gov, porteur_a1, page_for):
    fiche = complete_fiche(gov.world.a1, porteur_a1, titre="Plateforme logistique mutualisée")
    fiche_submit(fiche=fiche, by=porteur_a1)
    seance = move_to_past(
        seance_convene(
            comite=gov.comite_a1,
            by=gov.chef_a1,
            date=in_days(3),
            lieu="Amboise",
            fiches=[FicheAction.objects.get(pk=fiche.pk)],
        )
    )

    page = page_for(gov.elu_a1, PASSWORD)
    shot(page, "a-faire-elu")
    page.locator("#a-faire-seances_sans_decision").get_by_role("link").first.click()
    page.wait_for_url(f"**/seances/{seance.pk}/")
    point = seance.points.get()
    page.select_option(f"#id_p{point.pk}-verdict", "validee")
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.wait_for_load_state()
    assert FicheAction.objects.get(pk=fiche.pk).statut == StatutFiche.VALIDEE


def test_pilote_regional_schedules_the_submitted_contract_from_the_inbox(gov, porteur_a1, page_for):
    version = submitted_contract(gov, porteur_a1)
    page = page_for(gov.pilote_a, PASSWORD)
    shot(page, "a-faire-pilote-regional")
    page.locator("#a-faire-contrats_soumis").get_by_role(
        "link", name="Inscrire en comité régional", exact=False
    ).first.click()
    moment = timezone.localtime() + datetime.timedelta(days=12)
    page.fill("#id_date", moment.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_lieu", "Hôtel de région, Orléans")
    page.get_by_role("button", name="Convoquer").click()
    page.wait_for_url("**/seances/*/")
    seance = Seance.objects.get(comite=gov.comite_regional_a)
    assert seance.points.get().version_contrat_id == version.pk
    page.get_by_role("link", name="Accueil").first.click()
    assert not page.locator("#a-faire-contrats_soumis").count()


def test_a_signatory_signs_from_the_notice(gov, validated_version, signatories, page_for):  # noqa: F811
    signatory = signatories["etat"]
    page = page_for(signatory, PASSWORD)
    shot(page, "a-faire-signataire")
    page.locator("#lien-notifications").click()
    shot(page, "notifications-signataire")
    page.get_by_role("link", name="À signer pour", exact=False).first.click()
    page.fill("#id_lieu", "Préfecture de région, Orléans")
    page.fill("#id_qualite", "Préfet de région")
    page.get_by_role("button", name="Enregistrer la signature").click()
    page.wait_for_url(f"**/contrats/{validated_version.contrat_id}/")
    assert Signature.objects.filter(
        partie__version=validated_version, partie__type="etat", enregistree_par=signatory
    ).exists()
