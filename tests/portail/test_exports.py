"""Every list can be downloaded as CSV and Excel, with its filters, and only what the user sees."""

import csv
import io

import pytest
from openpyxl import load_workbook

from fiches_actions.enums import StatutFiche
from fiches_actions.models import FicheAction
from habilitations.enums import Role

from ..conftest import mandate
from ..fiches_actions.conftest import complete_fiche, of_first_phase

pytestmark = pytest.mark.django_db


def csv_rows(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert ".csv" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheet software then reads the accents right
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def xlsx_rows(response):
    assert response.status_code == 200 and ".xlsx" in response["Content-Disposition"]
    return [[c for c in row] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]


def test_territory_list_exports_with_its_filters_and_scope(gov, client):
    client.force_login(gov.pilote_a)
    rows = csv_rows(client.get("/territoires/", {"format": "csv", "q": "Touraine"}))
    assert rows[0][:3] == ["Territoire", "Code", "Phase"]
    assert [r[1] for r in rows[1:]] == [gov.world.a1.code]
    every = {r[1] for r in xlsx_rows(client.get("/territoires/", {"format": "xlsx"}))[1:]}
    assert every == {gov.world.a1.code, gov.world.a2.code, gov.world.ab.code}  # never B1
    region = {r[1] for r in csv_rows(client.get(f"/regions/{gov.world.region_a.code}/", {"format": "csv"}))[1:]}
    assert region == every
    assert client.get(f"/regions/{gov.world.region_b.code}/", {"format": "csv"}).status_code == 404


def test_the_list_page_offers_the_export_of_what_it_shows(gov, client):
    client.force_login(gov.pilote_a)
    page = client.get("/territoires/", {"phase": "2023-2027", "page": "1"}).content.decode()
    assert "?phase=2023-2027&amp;format=csv" in page and "format=xlsx" in page
    assert "page=1&amp;format" not in page


def test_committee_and_seance_exports(gov, client):
    from gouvernance.services import seance_convene

    from ..gouvernance.conftest import in_days

    seance_convene(comite=gov.comite_a1, by=gov.chef_a1, date=in_days(3), lieu="Amboise", points_libres=["Calendrier"])
    national = mandate(Role.DELEGATION_NATIONALE)
    client.force_login(national)
    names = [r[0] for r in csv_rows(client.get("/gouvernance/nationale/", {"format": "csv"}))[1:]]
    assert any("Grand Est Touraine" in n for n in names) and any("Le Creusot" in n for n in names)
    client.force_login(gov.chef_a1)
    [header, row] = xlsx_rows(client.get(f"/comites/{gov.comite_a1.pk}/", {"format": "xlsx"}))
    assert header[:3] == ["Date", "Lieu", "Statut"] and row[1] == "Amboise" and row[3] == 1
    client.force_login(gov.chef_b1)
    assert client.get(f"/comites/{gov.comite_a1.pk}/", {"format": "csv"}).status_code == 404
    assert client.get("/gouvernance/nationale/", {"format": "csv"}).status_code == 403


def test_simplification_export(gov, porteur_a1, client):
    fiche = complete_fiche(
        of_first_phase(gov.world.a1),
        porteur_a1,
        axe="simplifier",
        texte_concerne="Code de l'urbanisme",
        titre="Délai d'instruction des permis",
    )
    FicheAction.objects.filter(pk=fiche.pk).update(statut=StatutFiche.VALIDEE)
    client.force_login(mandate(Role.DELEGATION_NATIONALE))
    [header, row] = csv_rows(client.get("/fiches/simplification/", {"format": "csv"}))
    assert header[2] == "Demande" and row[2] == "Délai d'instruction des permis" and row[3] == "Code de l'urbanisme"
