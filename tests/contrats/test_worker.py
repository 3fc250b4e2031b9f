"""With real Redis and real Celery worker processes: a validated contract becomes a sealed PDF,
and a worker killed in the middle of the rendering still yields exactly one document."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from contrats.enums import StatutDocument
from contrats.models import DocumentContrat
from contrats.services.sceau import seal_status
from portail.celery import app as celery_app

from .conftest import sign_all

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def start_worker(tmp_path, name, *, broker_url=None, beat=False, emails=None):
    """A real Celery worker on the test database (and, with ``beat``, its periodic sweeps); with
    ``emails``, the e-mails it sends are written as files in that folder."""
    db = connection.settings_dict
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="portail.settings.test",
        CELERY_TASK_ALWAYS_EAGER="0",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        CELERY_VISIBILITY_TIMEOUT="5",
    )
    if broker_url:
        env["CELERY_BROKER_URL"] = broker_url
    if emails is not None:
        env.update(EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend", EMAIL_FILE_PATH=str(emails))
    log = open(tmp_path / f"{name}.log", "wb")
    extra = ["-B", "-s", str(tmp_path / f"{name}-beat-schedule")] if beat else []
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portail",
            "worker",
            *extra,
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            "celery,imports",
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"{name}@%h",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return process, log


def wait_for(predicate, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def real_broker(settings):
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.fail("CELERY_BROKER_URL manque : lancez la suite par la commande de test du README.")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_transport_options = {"visibility_timeout": 5}
    yield
    celery_app.conf.task_always_eager = True


def test_worker_renders_and_seals(gov, validated_version, signatories, real_broker, tmp_path):
    worker, log = start_worker(tmp_path, "w1")
    try:
        sign_all(validated_version, signatories)
        document = DocumentContrat.objects.get(version=validated_version)
        assert wait_for(lambda: DocumentContrat.objects.get(pk=document.pk).statut == StatutDocument.TERMINE), (
            tmp_path / "w1.log"
        ).read_text()
        document.refresh_from_db()
        assert document.tache  # the row says which task produced it
        with document.fichier.open("rb") as handle:
            content = handle.read()
        assert seal_status(content)
        from .test_contrats import pdf_text

        text = pdf_text(content)
        version = document.version
        for ligne in version.lignes.all():
            assert ligne.instantane["titre"] in text
        for partie in version.parties.select_related("signature"):
            assert partie.libelle.split(",")[0][:20] in text
            assert partie.signature.date.strftime("%Y") in text
        from contrats.services.verification import verify

        assert verify(content=content)["authentique"]
        tampered = bytearray(content)
        tampered[len(tampered) // 3] ^= 0xFF
        assert not verify(content=bytes(tampered))["authentique"]
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()


def test_worker_killed_during_rendering_yields_one_document(gov, validated_version, signatories, real_broker, tmp_path):
    first, log1 = start_worker(tmp_path, "w1")
    second = log2 = None
    try:
        sign_all(validated_version, signatories)
        document = DocumentContrat.objects.get(version=validated_version)
        caught = wait_for(lambda: DocumentContrat.objects.get(pk=document.pk).statut == StatutDocument.EN_COURS)
        assert caught, (tmp_path / "w1.log").read_text()
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        assert DocumentContrat.objects.get(pk=document.pk).statut == StatutDocument.EN_COURS
        # The message was not acknowledged (Redis hands it out again after the visibility delay), and
        # the periodic sweep queues the interrupted document as well: whichever comes first renders
        # it, the other finds it done.
        from contrats.services.documents import documents_requeue

        second, log2 = start_worker(tmp_path, "w2")
        assert documents_requeue(waiting_for_seconds=0, rendering_for_seconds=0) == 1
        assert wait_for(
            lambda: DocumentContrat.objects.get(pk=document.pk).statut == StatutDocument.TERMINE, timeout=120
        ), (tmp_path / "w2.log").read_text()
        assert DocumentContrat.objects.filter(version=validated_version).count() == 1
        produced = DocumentContrat.objects.get(pk=document.pk)
        assert produced.essais >= 2
        files = list((settings.MEDIA_ROOT / "contrats").glob(f"contrat-{produced.reference}*.pdf"))
        assert len(files) == 1
    finally:
        for process, log in ((first, log1), (second, log2)):
            if process and process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
            if log:
                log.close()
