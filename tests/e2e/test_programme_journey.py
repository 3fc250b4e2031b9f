"""The whole programme in a real browser: a porteur submits a fiche, the comité de projet validates it
in a séance, the chef de projet assembles the contract, the comité régional validates it, the parties
sign, a real Celery worker produces the sealed PDF while the page follows it, the PDF downloads, and
the national dashboard counts the contract. A screenshot of each step goes to test-artifacts/."""

import datetime
import io
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from contrats.models import Contrat
from fiches_actions.enums import StatutFiche
from fiches_actions.models import FicheAction
from gouvernance.models import Seance
from habilitations.enums import Role

from ..conftest import PASSWORD, mandate
from ..contrats.test_worker import real_broker, start_worker  # noqa: F401 — fixture used below
from ..fiches_actions.conftest import complete_fiche
from ..gouvernance.conftest import move_to_past
from .conftest import shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def convene(page, live_server, comite, label):
    page.goto(f"{live_server.url}/comites/{comite.pk}/convoquer/")
    moment = timezone.localtime() + datetime.timedelta(days=7)
    page.fill("#id_date", moment.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_lieu", "Hôtel de ville d'Amboise")
    page.get_by_label(label).check(force=True)
    page.get_by_role("button", name="Convoquer").click()
    page.wait_for_url("**/seances/*/")
    seance = Seance.objects.filter(comite=comite).latest("pk")
    # The séance takes place: the clock moves a week on.
    move_to_past(seance)
    return seance


def decide(page, live_server, seance, verdict):
    page.goto(f"{live_server.url}/seances/{seance.pk}/")
    point = seance.points.get()
    page.select_option(f"#id_p{point.pk}-verdict", verdict)
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.wait_for_load_state()


def test_from_fiche_to_signed_contract_to_national_dashboard(
    gov, porteur_a1, page_for, live_server, tmp_path, real_broker
):  # noqa: F811
    worker, log = start_worker(tmp_path, "parcours")
    try:
        _journey(gov, porteur_a1, page_for, live_server, tmp_path)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()


def _journey(gov, porteur_a1, page_for, live_server, tmp_path):
    draft = complete_fiche(gov.world.a1, porteur_a1, titre="Campus des métiers de l'industrie")

    # 1. The porteur submits the fiche.
    porteur = page_for(porteur_a1, PASSWORD)
    porteur.goto(f"{live_server.url}/fiches/{draft.pk}/recapitulatif/")
    porteur.get_by_role("button", name="Déposer la fiche").click()
    expect(porteur.get_by_text("Fiche déposée").first).to_be_visible()
    shot(porteur, "parcours-01-fiche-deposee")

    # 2. The comité de projet puts it on a séance and validates it.
    chef = page_for(gov.chef_a1, PASSWORD)
    seance = convene(chef, live_server, gov.comite_a1, "Campus des métiers de l'industrie (innovation)")
    elu = page_for(gov.elu_a1, PASSWORD)
    decide(elu, live_server, seance, "validee")
    assert FicheAction.objects.get(pk=draft.pk).statut == StatutFiche.VALIDEE
    shot(elu, "parcours-02-fiche-validee-en-seance")

    # 3. The chef de projet assembles the contract and submits it.
    chef.goto(f"{live_server.url}/territoires/{gov.world.a1.code}/contrats/nouveau/")
    chef.fill("#id_intitule", "Contrat Territoire d'industrie")
    chef.fill("#id_annee_debut", "2023")
    chef.fill("#id_annee_fin", "2027")
    chef.get_by_role("button", name="Ouvrir le contrat").click()
    chef.wait_for_url("**/contrats/versions/*/fiches/")  # opened, straight to the choice of its fiches
    shot(chef, "parcours-03a-choix-des-fiches")
    # By their labels, as a screen reader finds them.
    chef.get_by_label(f"Inscrire {draft.titre}").check(force=True)
    chef.get_by_label(f"Engagement ferme pour {draft.titre}").check(force=True)
    chef.get_by_role("button", name="Enregistrer").click()
    chef.wait_for_url("**/contrats/*/")
    chef.get_by_role("link", name="Soumettre au comité régional").click()
    chef.get_by_role("button", name="Soumettre au comité régional").click()
    contrat = Contrat.objects.get(territoire=gov.world.a1)
    shot(chef, "parcours-03-contrat-soumis")

    # 4. The comité régional validates it.
    pilote = page_for(gov.pilote_a, PASSWORD)
    regional = convene(pilote, live_server, gov.comite_regional_a, "Contrat Territoire d'industrie — Contrat")
    membre = page_for(gov.membre_regional_a, PASSWORD)
    decide(membre, live_server, regional, "validee")
    shot(membre, "parcours-04-contrat-valide")

    # 5. Each party signs; the chef de projet records them with the scanned signature pages.
    scan = tmp_path / "page-signee.pdf"
    scan.write_bytes(SCAN)
    chef.goto(f"{live_server.url}/contrats/{contrat.pk}/")
    parties = chef.get_by_role("link", name="Enregistrer la signature")
    count = parties.count()
    assert count >= 2
    for _ in range(count):
        chef.goto(f"{live_server.url}/contrats/{contrat.pk}/")
        chef.get_by_role("link", name="Enregistrer la signature").first.click()
        chef.fill("#id_signataire", "Signataire de la partie")
        chef.fill("#id_qualite", "Représentant")
        chef.fill("#id_lieu", "Amboise")
        chef.set_input_files("#id_preuve", str(scan))
        chef.get_by_role("button", name="Enregistrer la signature").click()
        chef.wait_for_url(f"**/contrats/{contrat.pk}/")

    # 6. The sealed PDF is produced by the worker while the page follows it, then downloads.
    progress = chef.locator("#suivi-document")
    expect(progress).to_be_visible()
    shot(chef, "parcours-05-production-du-pdf")
    download_link = chef.get_by_role("link", name="Télécharger le contrat signé et scellé (PDF)")
    download_link.wait_for(timeout=120_000)
    shot(chef, "parcours-06-pdf-pret")
    with chef.expect_download() as download:
        download_link.click()
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "Campus des métiers de l'industrie" in text and gov.world.a1.nom in text

    # 7. The national dashboard counts it at its next load.
    national = page_for(mandate(Role.DELEGATION_NATIONALE), PASSWORD)
    national.goto(f"{live_server.url}/tableau-de-bord/")
    table = national.get_by_role("table", name="Contrats signés")
    year = str(timezone.localdate().year)
    expect(table.get_by_role("row", name=f"{year} 1")).to_be_visible()
    shot(national, "parcours-07-tableau-de-bord-national")
