"""The demonstration as a newcomer meets it: the élu of Grand Est Touraine lands on the 2023-2027
territory and its inbox, and reaches the signed 2019 contract from the territory's history."""

import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from playwright.sync_api import expect

from comptes.models import User

from .conftest import shot

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-de-test-2026"


def test_the_elu_works_on_the_current_phase_and_reaches_the_2019_history(page_for, live_server):
    def load():
        # Off the browser's thread: the demo seals its 2019 contract, and the seal's timestamping runs
        # its own event loop, which cannot start inside Playwright's.
        try:
            call_command("importer_referentiel", verbosity=0)
            call_command("charger_demo", "--mot-de-passe", PASSWORD, stdout=io.StringIO())
        finally:
            connection.close()

    loader = threading.Thread(target=load)
    loader.start()
    loader.join()
    elu = User.objects.get(email="elu.touraine@demo.territoires-industrie.example")
    page = page_for(elu, PASSWORD)

    # Home: the 2023-2027 territory first, and something to do in it.
    cards = page.locator(".fr-card__desc").all_inner_texts()
    assert cards[0].startswith("Phase 2023-2027") and any(card.startswith("Phase 2019-2022") for card in cards)
    expect(page.get_by_role("heading", name="À faire")).to_be_visible()
    shot(page, "demo-elu-accueil")

    # The inbox of notices.
    page.locator("#lien-notifications").click()
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    page.go_back()

    # The current territory, then its history: the protocol and the contract of 2019-2022.
    page.locator(".fr-card__title a").first.click()
    assert "Phase 2023-2027" in page.locator(".fr-badge-group").text_content()
    assert "prend la suite de" in page.locator("#historique").text_content()
    shot(page, "demo-elu-territoire-2023")
    page.get_by_role("link", name="protocole et contrat 2019-2022").click()
    page.get_by_role("link", name="Contrat Territoire d'industrie Grand Est Touraine").first.click()
    assert "2019-2022" in page.locator("h1").text_content()
    expect(page.get_by_role("link", name="Télécharger le contrat signé et scellé (PDF)")).to_be_visible()
    shot(page, "demo-elu-contrat-2019")
