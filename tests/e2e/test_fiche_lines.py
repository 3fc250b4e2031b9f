"""The financing step in a real browser: « Ajouter une ligne » adds a line without saving, the running
total follows each amount against the total cost, and the plan saves with the added line."""

import pytest
from playwright.sync_api import expect

from fiches_actions.models import FicheAction

from ..conftest import PASSWORD
from ..fiches_actions.conftest import complete_fiche
from .conftest import shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_add_a_line_and_watch_the_total(gov, porteur_a1, page_for):
    fiche = complete_fiche(gov.world.a1, porteur_a1, titre="Atelier partagé de prototypage", objectifs="")
    page = page_for(porteur_a1, PASSWORD)
    page.locator("#a-faire-brouillons").get_by_role("link", name="Compléter : Atelier partagé de prototypage").click()
    page.get_by_role("link", name="3. Calendrier et financement").click()
    existing = fiche.financements.count()
    lines = page.locator("#lignes-lignes > fieldset")
    before = lines.count()
    page.get_by_role("button", name="Ajouter une ligne").click()
    page.get_by_role("button", name="Ajouter une ligne").click()
    assert lines.count() == before + 2
    index = before + 1  # the second added line, numbered from zero
    page.select_option(f"#id_lignes-{index}-financeur", "europe")
    page.fill(f"#id_lignes-{index}-montant", "150000")
    page.fill("#id_cout_total", str(int(fiche.cout_total) + 150000))
    total = page.locator("#total-financements")
    assert "le plan est équilibré" in total.inner_text()
    page.fill(f"#id_lignes-{index}-montant", "100000")
    assert "il manque 50" in total.inner_text().replace("\u202f", " ").replace("\xa0", " ")
    page.fill(f"#id_lignes-{index}-montant", "150000")
    shot(page, "fiche-ajouter-une-ligne")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_text("Enregistré.")).to_be_visible()
    assert FicheAction.objects.get(pk=fiche.pk).financements.count() == existing + 1
    assert FicheAction.objects.get(pk=fiche.pk).financements.filter(financeur="europe", montant=150000).exists()
