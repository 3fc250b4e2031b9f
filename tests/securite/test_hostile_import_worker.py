"""Finding 10 with a real worker: a crafted spreadsheet already in the queue ends « en échec » with a
French reason, the worker lives on, and the next contract PDF is still produced."""

import pytest

from contrats.enums import StatutDocument
from contrats.models import DocumentContrat
from fiches_actions.models import ImportFiches
from fiches_actions.tasks import run_import
from portail.queue import enqueue

from ..contrats.conftest import sign_all, signatories, validated_version  # noqa: F401  (fixtures)
from ..contrats.test_worker import real_broker, start_worker, wait_for  # noqa: F401  (fixtures)
from ..fiches_actions.test_import import good_row, workbook_bytes
from .test_hostile_imports import bpifrance, rewrite_sheet, row_four_hundred_million, with_entities  # noqa: F401

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def queued(gov, content):
    from django.core.files.base import ContentFile

    job = ImportFiches(territoire=gov.world.a1, par=gov.chef_a1)
    job.fichier.save("import.xlsx", ContentFile(content), save=False)
    job.save()
    return job


def test_hostile_files_in_the_queue_end_in_failure_and_the_worker_lives(
    gov, validated_version, signatories, real_broker, tmp_path
):
    worker, log = start_worker(tmp_path, "imports")
    try:
        # Files that got into the queue before the checks at upload (or around them).
        jobs = [
            queued(gov, rewrite_sheet(workbook_bytes([good_row(1)]), change))
            for change in (row_four_hundred_million, with_entities)
        ]
        jobs.append(queued(gov, b"PK\x03\x04 not a workbook"))
        for job in jobs:
            enqueue(run_import, job.pk)
        finished = (ImportFiches.TERMINE, ImportFiches.ECHEC)
        assert wait_for(lambda: all(ImportFiches.objects.get(pk=j.pk).statut in finished for j in jobs), 120), (
            tmp_path / "imports.log"
        ).read_text()
        for job in jobs:
            job.refresh_from_db()
            assert job.statut == ImportFiches.ECHEC and job.erreurs and not job.fichier.storage.exists(job.fichier.name)
        assert worker.poll() is None, "the worker is still alive"
        sign_all(validated_version, signatories)
        document = DocumentContrat.objects.get(version=validated_version)
        assert wait_for(lambda: DocumentContrat.objects.get(pk=document.pk).statut == StatutDocument.TERMINE, 90), (
            tmp_path / "imports.log"
        ).read_text()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()
