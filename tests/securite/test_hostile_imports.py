"""Finding 10: a crafted spreadsheet is refused or ends « en échec » with a French reason; it never
needs the memory its declared size asks for, and never leaves a job « en cours » or its file behind."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError

from fiches_actions.models import FicheAction, ImportFiches
from fiches_actions.services.imports import (
    COLUMNS,
    MAX_IMPORT_ROWS,
    ImportRefused,
    _rows,
    import_queue,
    import_run,
    parse,
    precheck,
)

from ..fiches_actions.test_import import good_row, workbook_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def bpifrance(db):
    from ..factories import operateur

    return operateur()  # the financeur named by good_row


def rewrite_sheet(content: bytes, change) -> bytes:
    """The same workbook with its first sheet's XML passed through ``change``."""
    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = change(data.decode()).encode()
            out.writestr(item, data)
    return target.getvalue()


def sixteen_thousand_columns(xml):
    return re.sub(r'<dimension ref="[^"]+"/>', '<dimension ref="A1:XFD2"/>', xml)


def row_four_hundred_million(xml):
    return xml.replace(
        "</sheetData>", '<row r="400000000"><c r="A400000000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    )


XXE = (
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">'
    '<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
)


def with_entities(xml):
    body = xml.split("?>", 1)[1] if xml.startswith("<?xml") else xml
    return XXE + body.replace("Fiche importée 1", "&e;&b;")


def test_declared_dimensions_are_ignored(gov):
    content = rewrite_sheet(workbook_bytes([good_row(1)]), sixteen_thousand_columns)
    # Rows come as wide as their cells: openpyxl would otherwise pad each one to the 16,384 columns
    # the file declares, the gigabytes of the reported crash at a real file's scale.
    assert max(len(row) for row in _rows(content)) <= len(COLUMNS)
    [line] = parse(content, territoire=gov.world.a1)
    assert line["fields"]["titre"] == "Fiche importée 1"


def test_a_far_away_row_is_refused_without_walking_to_it(gov):
    content = rewrite_sheet(workbook_bytes([good_row(1)]), row_four_hundred_million)
    with pytest.raises(ImportRefused) as refused:
        precheck(content)
    assert f"dépasse {MAX_IMPORT_ROWS} fiches" in str(refused.value.errors[0])


def test_too_many_lines_or_bytes_are_refused_before_queuing(gov):
    with pytest.raises(ValidationError, match="dépasse"):
        import_queue(
            territoire=gov.world.a1,
            by=gov.chef_a1,
            name="f.xlsx",
            content=workbook_bytes([good_row(n) for n in range(MAX_IMPORT_ROWS + 1)]),
        )
    with pytest.raises(ValidationError, match="pèse 3,0.+Mo : la limite est de 2.+Mo"):
        import_queue(territoire=gov.world.a1, by=gov.chef_a1, name="f.xlsx", content=b"PK" + b"\0" * 3 * 1024 * 1024)
    with pytest.raises(ValidationError, match="pas un classeur Excel"):
        import_queue(territoire=gov.world.a1, by=gov.chef_a1, name="f.xlsx", content=b"PK\x03\x04 broken")
    assert not ImportFiches.objects.exists()


def test_external_entities_are_never_expanded(gov):
    content = rewrite_sheet(workbook_bytes([good_row(1)]), with_entities)
    with pytest.raises(ImportRefused) as refused:
        parse(content, territoire=gov.world.a1)
    assert "pas un classeur Excel (.xlsx) lisible" in str(refused.value.errors[0])


def _queued_job(gov, content):
    from django.core.files.base import ContentFile

    job = ImportFiches(territoire=gov.world.a1, par=gov.chef_a1)
    job.fichier.save("import.xlsx", ContentFile(content), save=False)
    job.save()
    return job


def test_any_failure_ends_the_job_in_french_and_deletes_the_file(gov, monkeypatch):
    job = _queued_job(gov, rewrite_sheet(workbook_bytes([good_row(1)]), with_entities))
    path = job.fichier.path
    import_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.statut == ImportFiches.ECHEC and "lisible" in job.erreurs[0]
    import os

    assert not os.path.exists(path)

    def exhausted(**kwargs):
        raise MemoryError

    monkeypatch.setattr("fiches_actions.services.imports.fiches_import", exhausted)
    job = _queued_job(gov, workbook_bytes([good_row(1)]))
    import_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.statut == ImportFiches.ECHEC and "interrompu" in job.erreurs[0] and not FicheAction.objects.exists()


def test_a_job_whose_worker_died_is_ended_not_run_again(gov):
    job = _queued_job(gov, workbook_bytes([good_row(1)]))
    ImportFiches.objects.filter(pk=job.pk).update(statut=ImportFiches.EN_COURS)  # the previous worker died here
    import_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.statut == ImportFiches.ECHEC and "interrompu" in job.erreurs[0]
    assert not FicheAction.objects.exists()
