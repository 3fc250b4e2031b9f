"""In a real browser: a porteur writes a fiche over two visits, attaches a PDF, submits it, and a
member of the comité de projet finds it."""

import pytest
from playwright.sync_api import expect

from fiches_actions.enums import StatutFiche
from fiches_actions.models import FicheAction

from ..conftest import PASSWORD
from .conftest import shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_porteur_submits_a_fiche_the_committee_sees(gov, porteur_a1, page_for, live_server, tmp_path):
    page = page_for(porteur_a1, PASSWORD)
    page.get_by_role("link", name="Fiches actions").first.click()
    button = page.get_by_role("link", name="Nouvelle fiche action")
    assert button.bounding_box()["width"] > 120  # its label shows, not an icon alone
    button.click()
    page.fill("#id_titre", "Industry-lab au CFAI d'Amboise")
    page.select_option("#id_axe", "innovation")
    page.fill("#id_description", "Un laboratoire de formation aux technologies de l'industrie du futur.")
    page.fill("#id_objectifs", "Former 200 salariés par an.")
    shot(page, "01-identification")
    page.get_by_role("button", name="Créer le brouillon et continuer").click()

    page.fill("#id_porteur_organisation", "CFAI Centre-Val de Loire")
    page.select_option("#id_porteur_type", "public")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    page.fill("#id_date_debut", "2019-09-01")
    page.fill("#id_date_fin", "2022-12-31")
    page.fill("#id_cout_total", "850000")
    page.select_option("#id_lignes-0-financeur", "region")
    page.fill("#id_lignes-0-montant", "500000")
    page.select_option("#id_lignes-1-financeur", "etat")
    page.fill("#id_lignes-1-montant", "350000")
    page.select_option("#id_lignes-1-statut", "acquis")
    shot(page, "02-financement")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_text("Enregistré.")).to_be_visible()
    # The porteur leaves, then comes back to the draft from the list.
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Fiches actions").first.click()
    page.get_by_role("link", name="Industry-lab au CFAI d'Amboise").click()
    expect(page.get_by_text("Brouillon").first).to_be_visible()
    page.get_by_role("link", name="Modifier la fiche").click()
    page.get_by_role("link", name="4. Indicateurs").click()
    page.fill("#id_indicateurs-0-libelle", "Salariés formés")
    page.fill("#id_indicateurs-0-unite", "personnes")
    page.fill("#id_indicateurs-0-cible", "200")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    pdf = tmp_path / "programme-industry-lab.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.set_input_files("#id_fichier", str(pdf))
    page.get_by_role("button", name="Joindre le document").click()
    expect(page.get_by_text("« programme-industry-lab.pdf » est joint à la fiche.")).to_be_visible()
    page.get_by_role("link", name="Voir le récapitulatif").click()
    shot(page, "03-recapitulatif")
    page.get_by_role("button", name="Déposer la fiche").click()
    expect(page.get_by_text("Fiche déposée")).to_be_visible()
    shot(page, "04-deposee")

    fiche = FicheAction.objects.get()
    assert fiche.statut == StatutFiche.DEPOSEE
    assert [(ligne.financeur, int(ligne.montant)) for ligne in fiche.financements.all()] == [
        ("region", 500000),
        ("etat", 350000),
    ]
    assert fiche.indicateurs.get().libelle == "Salariés formés"
    assert fiche.pieces.get().nom == "programme-industry-lab.pdf"

    committee = page_for(gov.etat_a1, PASSWORD)
    committee.get_by_role("link", name="Fiches actions").first.click()
    committee.get_by_role("link", name="Industry-lab au CFAI d'Amboise").click()
    expect(committee.get_by_text("Déposée").first).to_be_visible()
    expect(committee.get_by_role("link", name="programme-industry-lab.pdf")).to_be_visible()
    shot(committee, "05-vue-comite")
