import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fiches_actions.models import FicheAction
from fiches_actions.services.imports import COLUMNS

pytestmark = pytest.mark.django_db


def workbook_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def good_row(n, siren=""):
    return [
        f"Fiche importée {n}",
        "competences",
        "Description",
        "Objectifs",
        "Club des industriels",
        "",
        "privé",
        "",
        "",
        "contact@exemple.fr",
        siren,
        "01/09/2019",
        "31/12/2022",
        1000,
        "Région",
        600,
        "sollicité",
        "Bpifrance",
        400,
        "acquis",
    ]


def post(client, territoire, content, capture):
    """Upload, let the import task run (after commit), then open the import's own page."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    with capture(execute=True):
        response = client.post(
            reverse("fiches_actions:import"),
            {"territoire": territoire.code, "fichier": SimpleUploadedFile("fiches.xlsx", content)},
        )
    assert response.status_code == 302
    return client.get(response["Location"])


def test_500_lines_with_3_bad_import_nothing_and_name_them(gov, client, django_capture_on_commit_callbacks):
    from ..factories import operateur

    operateur()
    rows = [good_row(n) for n in range(500)]
    rows[41][1] = "innover"  # line 43: an axe of 2019-2022, not of this 2023-2027 territory
    rows[199][15] = "mille"  # line 201: not an amount
    rows[349][12] = "01/01/2018"  # line 351: ends before it starts
    client.force_login(gov.chef_a1)
    response = post(client, gov.world.a1, workbook_bytes(rows), django_capture_on_commit_callbacks)
    page = response.content.decode()
    assert "Import refusé : 3 erreurs, aucune fiche créée" in page
    assert (
        "Ligne 43, colonne « Axe » : « innover » n&#x27;est pas un axe de la phase 2023-2027 de ce territoire ; "
        "choisissez parmi : competences, transition, innovation, foncier." in page
    )
    assert "Ligne 201, colonne « Montant 1 » : « mille » n&#x27;est pas un montant." in page
    assert "Ligne 351, colonne « Fin » : La fin ne peut précéder le début." in page
    assert not FicheAction.objects.exists()
    from fiches_actions.models import ImportFiches

    job = ImportFiches.objects.get()
    assert (job.statut, job.lignes_traitees, job.lignes_total) == ("echec", 500, 500)
    status = client.get(reverse("fiches_actions:import_status", args=[job.pk])).json()
    assert status == {"statut": "echec", "lignes_traitees": 500, "lignes_total": 500, "pourcentage": 100, "fini": True}
    # Another person cannot follow someone else's import.
    client.force_login(gov.chef_b1)
    assert client.get(reverse("fiches_actions:import_detail", args=[job.pk])).status_code == 404


def test_a_clean_file_imports_every_line_as_a_draft(gov, client, django_capture_on_commit_callbacks):
    from ..factories import operateur

    operateur()
    client.force_login(gov.chef_a1)
    response = post(
        client, gov.world.a1, workbook_bytes([good_row(n) for n in range(12)]), django_capture_on_commit_callbacks
    )
    assert "Import terminé : 12 fiches créées en brouillon" in response.content.decode()
    assert FicheAction.objects.filter(territoire=gov.world.a1, statut="brouillon", auteur=gov.chef_a1).count() == 12
    fiche = FicheAction.objects.first()
    assert [(ligne.libelle_financeur, ligne.montant) for ligne in fiche.financements.all()] == [
        ("Région", 600),
        ("Bpifrance", 400),
    ]


def test_template_is_a_workbook_with_the_columns(gov, client):
    client.force_login(gov.chef_a1)
    content = client.get(reverse("fiches_actions:import_template")).content
    header = [c.value for c in next(load_workbook(io.BytesIO(content)).active.iter_rows())]
    assert header == COLUMNS


def test_only_the_chef_de_projet_imports(gov, porteur_a1, client):
    client.force_login(porteur_a1)
    assert client.get(reverse("fiches_actions:import")).status_code == 403
