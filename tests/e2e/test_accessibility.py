"""axe-core on every main page, in the browser: no serious or critical violation."""

import pytest

from contrats.services.contrats import contrat_create
from fiches_actions.enums import StatutFiche
from fiches_actions.models import FicheAction
from gouvernance.services import seance_convene
from habilitations.enums import Role

from ..conftest import PASSWORD, mandate
from ..fiches_actions.conftest import complete_fiche
from ..gouvernance.conftest import in_days
from .conftest import shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BLOCKING = ("serious", "critical")


def violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response
    return [
        f"{v['id']} ({v['impact']}) : {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in BLOCKING
    ]


def test_main_pages_have_no_serious_accessibility_violation(gov, porteur_a1, page_for, live_server):
    fiche = complete_fiche(gov.world.a1, porteur_a1, titre="Campus des métiers d'Amboise")
    FicheAction.objects.filter(pk=fiche.pk).update(statut=StatutFiche.DEPOSEE)
    draft = complete_fiche(gov.world.a1, porteur_a1, titre="Brouillon en cours")
    seance = seance_convene(
        comite=gov.comite_a1, by=gov.chef_a1, date=in_days(4), lieu="Amboise", points_libres=["Calendrier du contrat"]
    )
    version = contrat_create(
        territoire=gov.world.a1, by=gov.chef_a1, intitule="Contrat 2023-2027", annee_debut=2023, annee_fin=2027
    )
    a1, region = gov.world.a1.code, gov.world.region_a.code
    journeys = {
        porteur_a1: [
            "/",
            f"/fiches/{fiche.pk}/",
            f"/fiches/{draft.pk}/modifier/identification/",
            f"/fiches/{draft.pk}/modifier/financement/",
            f"/fiches/{draft.pk}/recapitulatif/",
            "/fiches/nouvelle/",
            "/fiches/recherche/?q=campus",
        ],
        gov.chef_a1: [
            "/tableau-de-bord/",
            "/territoires/",
            f"/territoires/{a1}/",
            f"/territoires/{a1}/gouvernance/",
            f"/comites/{gov.comite_a1.pk}/",
            f"/seances/{seance.pk}/",
            f"/contrats/{version.contrat_id}/",
            f"/territoires/{a1}/protocole/",
            "/fiches/",
            "/fiches/import/",
        ],
        gov.pilote_a: ["/tableau-de-bord/", f"/regions/{region}/", f"/regions/{region}/gouvernance/"],
        mandate(Role.DELEGATION_NATIONALE): [
            "/tableau-de-bord/",
            "/gouvernance/nationale/",
            "/fiches/simplification/",
            "/verifier/",
            "/accessibilite/",
        ],
    }
    found = {}
    for user, urls in journeys.items():
        page = page_for(user, PASSWORD)
        for url in urls:
            response = page.goto(f"{live_server.url}{url}")
            assert response.status == 200 and page.url == f"{live_server.url}{url}", url
            problems = violations(page)
            if problems:
                found[url] = problems
    assert not found, found


def test_sign_in_page_is_accessible(browser, live_server):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(f"{live_server.url}/compte/connexion/")
    shot(page, "connexion")
    assert not violations(page)
    context.close()


def test_dashboards_with_their_charts_have_no_serious_accessibility_violation(gov, porteur_a1, page_for, live_server):
    import datetime

    from django.utils import timezone

    from fiches_actions.services import fiche_submit

    from ..factories.protocoles import ProtocoleFactory
    from ..gouvernance.conftest import validate_in_seance

    ProtocoleFactory(territoire=gov.world.a1, signe=True, date_signature=datetime.date(2024, 3, 14))
    fiches = [complete_fiche(gov.world.a1, porteur_a1, titre=f"Fiche {n}") for n in range(2)]
    for fiche in fiches:
        fiche_submit(fiche=fiche, by=porteur_a1)
    validate_in_seance(gov, fiches[0])

    found = {}
    for user in (gov.chef_a1, gov.pilote_a, mandate(Role.DELEGATION_NATIONALE)):
        page = page_for(user, PASSWORD)
        page.goto(f"{live_server.url}/")
        page.locator("#navigation-principale").get_by_role("link", name="Tableau de bord").click()
        charts = page.locator("svg.portail-graphique[role=img]")
        assert charts.count() == 4, (user, charts.count())
        charts.first.scroll_into_view_if_needed()
        shot(page, f"graphiques-{user.pk}")
        problems = violations(page)
        if problems:
            found[str(user)] = problems
    assert not found, found
