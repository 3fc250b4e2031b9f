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
    return [
        [c for c in row]
        for row in load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    ]


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


def test_a_national_export_streams_before_the_list_is_read_to_its_end(gov, client, django_assert_max_num_queries):
    """The first bytes of both formats leave after the header and the first batch of rows, long before a
    large list is exhausted: the rows are read lazily, as the download goes."""
    from fiches_actions.exports import COLUMNS
    from portail.exports import export_response

    consumed = []

    def rows():
        for number in range(100_000):
            consumed.append(number)
            yield FicheAction(titre=f"Fiche {number}", territoire=gov.world.a1, statut=StatutFiche.DEPOSEE)

    columns = [column for column in COLUMNS if column[0] in {"Titre", "Statut"}]
    for fmt in ("csv", "xlsx"):
        consumed.clear()
        response = export_response(rows(), columns, fmt=fmt, name="fiches", sheet="Fiches")
        stream = iter(response.streaming_content)
        first = next(stream)
        while not first:
            first = next(stream)
        assert first and len(consumed) < 1_000, (fmt, len(consumed))


def test_the_streamed_workbook_keeps_types_dates_and_inert_text(gov, client):
    import datetime
    from decimal import Decimal

    from portail.exports import export_response

    rows = [
        {"titre": "=SOMME(A1:A9)", "cout": Decimal("1250000.50"), "le": datetime.date(2024, 3, 1), "ok": True},
        {"titre": "Usine 4.0 — « Touraine »\x0b", "cout": None, "le": None, "ok": False},
    ]
    columns = [
        ("Titre", lambda r: r["titre"]),
        ("Coût", lambda r: r["cout"]),
        ("Le", lambda r: r["le"]),
        ("Ok", lambda r: r["ok"]),
    ]
    response = export_response(rows, columns, fmt="xlsx", name="essai", sheet="Fiches actions et leurs coûts 2024")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["Fiches actions et leurs coûts 2"]  # 31 characters at most
    values = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    assert values[0] == ["Titre", "Coût", "Le", "Ok"]
    assert values[1] == ["'=SOMME(A1:A9)", 1250000.5, datetime.datetime(2024, 3, 1), "oui"]
    assert values[2] == ["Usine 4.0 — « Touraine »", None, None, "non"]
    assert workbook.active["C2"].number_format == "mm-dd-yy"  # the built-in date format, shown in the locale's order


def test_the_fiche_export_writes_every_column_of_a_fiche(gov, porteur_a1, client):
    """The export reads only its columns' fields: each one still says what the fiche holds."""
    import datetime

    from django.utils import timezone

    fiche = complete_fiche(gov.world.a1, porteur_a1, titre="Atelier de robotique partagé")
    deposited = timezone.make_aware(datetime.datetime(2026, 3, 2, 23, 30))
    FicheAction.objects.filter(pk=fiche.pk).update(statut=StatutFiche.VALIDEE, suivi="en_cours", deposee_le=deposited)
    client.force_login(gov.chef_a1)
    header, *rows = csv_rows(client.get("/fiches/", {"format": "csv"}))
    row = dict(zip(header, next(r for r in rows if r[2] == "Atelier de robotique partagé"), strict=True))
    assert row == {
        "Territoire": gov.world.a1.nom,
        "Code du territoire": gov.world.a1.code,
        "Titre": "Atelier de robotique partagé",
        "Axe": fiche.axe.libelle_court,
        "Statut": "Validée",
        "Avancement": "En cours",
        "Porteur": "CFAI Centre-Val de Loire",
        "Coût total (€ HT)": "1000000,00",
        "Financements prévus (€ HT)": "1000000,00",
        "Début": "2019-09-01",
        "Fin": "2022-12-31",
        "Déposée le": timezone.localtime(deposited).date().isoformat(),
    }
