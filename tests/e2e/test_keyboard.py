"""The fiche form with the keyboard alone: every field reached with Tab, filled, and sent with Enter."""

import pytest

from fiches_actions.models import FicheAction

from ..conftest import PASSWORD
from .conftest import shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def focused_id(page):
    return page.evaluate(
        "document.activeElement && (document.activeElement.id || document.activeElement.textContent.trim())"
    )


def tab_to(page, target, limit=80):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_id(page) == target:
            return
    raise AssertionError(f"« {target} » n'est pas atteignable au clavier")


def test_fiche_creation_with_the_keyboard_only(gov, porteur_a1, page_for, live_server):
    page = page_for(porteur_a1, PASSWORD)
    page.goto(f"{live_server.url}/fiches/nouvelle/")
    tab_to(page, "id_titre")
    page.keyboard.type("Plateforme de mobilité des apprentis")
    tab_to(page, "id_axe")
    # A closed select answers to the arrows: the first one picks the first axe after the blank choice.
    page.keyboard.press("ArrowDown")
    chosen = page.evaluate("document.getElementById('id_axe').value")
    assert chosen
    tab_to(page, "id_description")
    page.keyboard.type("Des navettes entre les gares et les zones d'activité.")
    tab_to(page, "id_objectifs")
    page.keyboard.type("Cent apprentis transportés chaque jour.")
    tab_to(page, "Créer le brouillon et continuer")
    shot(page, "clavier-identification")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    fiche = FicheAction.objects.get(titre="Plateforme de mobilité des apprentis")
    assert fiche.axe.code == chosen and fiche.auteur == porteur_a1
    assert f"/fiches/{fiche.pk}/modifier/" in page.url
    # The next step is reached the same way: its first field takes the focus by Tab.
    tab_to(page, "id_porteur_organisation")
