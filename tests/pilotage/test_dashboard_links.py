"""Every number of a dashboard equals the list it links to, for each level and each phase: the link is
followed as a user would, and the list's own count compared with the number shown."""

import datetime
import re
from decimal import Decimal

import lxml.html
import pytest
from django.utils import timezone

from fiches_actions.enums import StatutFiche, Suivi
from fiches_actions.models import FicheAction, LigneFinancement
from habilitations.enums import Role

from ..conftest import mandate
from ..factories import TerritoireFactory, phase
from ..fiches_actions.conftest import complete_fiche

pytestmark = pytest.mark.django_db

NUMBER = re.compile(r"^[\d\s\u202f\u00a0]+$")
LISTS = ("/fiches/", "/territoires/", "/fiches/simplifications/")


def _fiche(territoire, auteur, statut, axe, suivi=""):
    fiche = complete_fiche(territoire, auteur, axe=axe, titre=f"{axe} {statut} {territoire.code}")
    submitted = timezone.now() - datetime.timedelta(days=40)
    FicheAction.objects.filter(pk=fiche.pk).update(
        statut=statut,
        suivi=suivi,
        deposee_le=None if statut == StatutFiche.BROUILLON else submitted,
        decidee_le=submitted + datetime.timedelta(days=9) if statut == StatutFiche.VALIDEE else None,
    )
    return fiche


@pytest.fixture
def programme(gov, porteur_a1):
    """Both phases at once: territories of 2023-2027 in two régions (one spanning both, piloted by B), and a
    2019-2022 territory of région A whose fiches follow the old axes, simplification requests included."""
    world = gov.world
    for territoire, auteur in ((world.a1, porteur_a1), (world.b1, gov.chef_b1), (world.ab, gov.chef_b1)):
        _fiche(territoire, auteur, StatutFiche.VALIDEE, "innovation", suivi=Suivi.REALISEE)
        _fiche(territoire, auteur, StatutFiche.VALIDEE, "competences", suivi=Suivi.EN_COURS)
        _fiche(territoire, auteur, StatutFiche.DEPOSEE, "foncier")
        _fiche(territoire, auteur, StatutFiche.BROUILLON, "transition")
    ancien = TerritoireFactory(
        code="2401", nom="Bourges (2019)", phase=phase("2019-2022"), region_pilote=world.region_a
    )
    mandate(Role.CHEF_DE_PROJET, territoire=ancien)
    for statut, axe in ((StatutFiche.VALIDEE, "simplifier"), (StatutFiche.VALIDEE, "recruter"), ("refusee", "innover")):
        fiche = _fiche(ancien, gov.chef_a1, statut, axe)
        LigneFinancement.objects.filter(fiche=fiche).update(montant_obtenu=Decimal("100"))
    return gov


def numbers_and_links(html: str) -> list[tuple[int, str]]:
    """(number shown, list it links to) for every count of the page: table cells and map areas whose link
    is the number itself, and callouts whose title is the number of the list linked below it."""
    tree = lxml.html.fromstring(html)
    found = []
    for link in tree.iter("a"):
        href = link.get("href", "")
        if not href.startswith(LISTS):
            continue
        text = link.text_content().strip()
        if NUMBER.match(text):
            found.append((int(re.sub(r"\D", "", text)), href))
        elif (title := link.find("title")) is not None and (count := re.search(r": (\d+) territoire", title.text)):
            found.append((int(count.group(1)), href))
    for callout in tree.find_class("fr-callout"):
        title = callout.find_class("fr-callout__title")[0].text_content().strip()
        links = [a.get("href") for a in callout.iter("a") if a.get("href", "").startswith(LISTS)]
        if NUMBER.match(title) and links:
            found.append((int(re.sub(r"\D", "", title)), links[0]))
    return found


@pytest.mark.parametrize("phase_code", ["", "2023-2027", "2019-2022"])
@pytest.mark.parametrize("who", ["national", "regional A", "regional B", "territorial"])
def test_every_number_equals_the_list_it_opens(programme, client, who, phase_code):
    user = {
        "national": lambda: mandate(Role.DELEGATION_NATIONALE),
        "regional A": lambda: programme.pilote_a,
        "regional B": lambda: programme.pilote_b,
        "territorial": lambda: programme.chef_a1,
    }[who]()
    client.force_login(user)
    page = client.get("/tableau-de-bord/", {"phase": phase_code} if phase_code else {})
    assert page.status_code == 200
    html = page.content.decode()
    shown = page.context["phase_choisie"].code
    assert shown == (phase_code or "2023-2027")  # the current phase by default
    counts = numbers_and_links(html)
    assert len(counts) >= 10, counts  # the test reads the page, not an empty one
    mismatches = []
    for number, href in counts:
        listed = client.get(href.replace("&amp;", "&"))
        assert listed.status_code == 200, href
        if listed.context["page_obj"].paginator.count != number:
            mismatches.append((href, number, listed.context["page_obj"].paginator.count))
    assert mismatches == []


def test_a_dashboard_speaks_of_one_phase_at_a_time(programme, client):
    client.force_login(mandate(Role.DELEGATION_NATIONALE))
    current = client.get("/tableau-de-bord/").context
    assert current["phase_choisie"].code == "2023-2027"
    html = client.get("/tableau-de-bord/").content.decode()
    assert '<option value="2023-2027" selected>' in html and '<option value="2019-2022">' in html
    # 2023-2027: the four priorities, none of the old axes; 9 fiches past the draft in three territories.
    figures = client.get("/api/v1/chiffres/").json()
    assert {row["axe"] for row in figures["fiches"]} == {"competences", "transition", "innovation", "foncier"}
    assert sum(row["n"] for row in figures["fiches"]) == 9 and figures["phase"] == "2023-2027"
    old = client.get("/api/v1/chiffres/", {"phase": "2019-2022"}).json()
    assert {row["axe"] for row in old["fiches"]} == {"recruter", "attirer", "innover", "simplifier"}
    assert sum(row["n"] for row in old["fiches"]) == 3 and old["simplifications"] == {"total": 1, "repondues": 0}
    assert sum(row["n"] for row in old["territoires"]) == 1
    unknown = client.get("/api/v1/chiffres/", {"phase": "2031-2035"})
    assert unknown.status_code == 404  # a well-formed code that names no phase
    malformed = client.get("/api/v1/chiffres/", {"phase": "deuxième"})
    assert malformed.status_code == 400 and "Indiquez le code d'une phase" in malformed.content.decode()


def test_a_fiche_brought_in_after_its_seance_tells_no_delay_and_2023_shows_no_simplification(programme, client):
    from pilotage.dashboard import compute_figures, selected_phase

    national = mandate(Role.DELEGATION_NATIONALE)
    before = compute_figures(user=national, phase=selected_phase("2023-2027"))
    assert before["delai_median"] == 9 and before["nb_decisions"] == 6
    # Deposited (entered) today, decided in a séance held last year: recorded after the fact.
    late = _fiche(programme.world.a1, programme.chef_a1, StatutFiche.VALIDEE, "foncier")
    FicheAction.objects.filter(pk=late.pk).update(
        deposee_le=timezone.now(), decidee_le=timezone.now() - datetime.timedelta(days=300)
    )
    after = compute_figures(user=national, phase=selected_phase("2023-2027"))
    assert (after["delai_median"], after["nb_decisions"]) == (9, 6)

    client.force_login(national)
    assert "demandes de simplification validées" not in client.get("/tableau-de-bord/").content.decode()
    old = client.get("/tableau-de-bord/", {"phase": "2019-2022"}).content.decode()
    assert "demandes de simplification validées" in old
