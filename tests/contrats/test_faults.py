"""Redis refused or frozen at the last signature: the request still answers within seconds, and the
sealed PDF appears once, within a minute of Redis's return (real Redis, real worker with its beat)."""

import shutil
import signal
import socket
import subprocess
import time

import pytest
from django.conf import settings
from django.utils import timezone

from contrats.enums import StatutDocument
from contrats.models import DocumentContrat
from portail.celery import app as celery_app

from .conftest import sign_all
from .test_worker import start_worker, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def own_redis(tmp_path):
    """A Redis of this test alone, so that freezing it disturbs nothing else."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server manque : lancez la suite par la commande de test du README.")
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    assert wait_for(lambda: _answers(port), timeout=10)
    yield process, url
    process.send_signal(signal.SIGCONT)
    process.terminate()
    process.wait(timeout=10)


def _answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _new_connections():
    """The next publish opens a connection to the broker now configured (pools are rebuilt lazily)."""
    from kombu import pools

    pools.reset()  # kombu's registry of connection and producer pools, keyed by broker
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def portal_on(settings):
    """Point the portal's broker and cache at the given Redis for the test's duration."""

    def point(url):
        settings.CELERY_TASK_ALWAYS_EAGER = False
        celery_app.conf.task_always_eager = False
        celery_app.conf.broker_url = url
        celery_app.conf.broker_transport_options = {"socket_timeout": 2, "socket_connect_timeout": 2}
        _new_connections()
        settings.CACHES = {
            "default": {
                "BACKEND": "portail.redis_cache.RedisCache",
                "LOCATION": url.replace("/0", "/1"),
                "OPTIONS": settings.REDIS_TIMEOUTS,
            }
        }

    yield point
    celery_app.conf.task_always_eager = True
    celery_app.conf.broker_url = settings.CELERY_BROKER_URL
    _new_connections()


def last_party_and_signer(version, signatories):
    partie = version.parties.order_by("ordre").last()
    return partie, {
        "etat": signatories["etat"],
        "region": signatories["region"],
        "industriel": signatories["industriel"],
    }.get(partie.type) or (signatories["epci"][partie.epci] if partie.type == "epci" else signatories["operateur"][1])


@pytest.mark.parametrize("fault", ["frozen", "refused"])
def test_last_signature_with_redis_away(
    gov, validated_version, signatories, own_redis, portal_on, client, tmp_path, fault
):
    redis, url = own_redis
    portal_on(url)
    sign_all(validated_version, signatories, except_last=True)
    partie, signer = last_party_and_signer(validated_version, signatories)
    if fault == "frozen":
        redis.send_signal(signal.SIGSTOP)
    else:
        redis.terminate()
        redis.wait(timeout=10)
    client.force_login(signer)
    started = time.monotonic()
    response = client.post(
        f"/contrats/parties/{partie.pk}/signer/",
        {"signataire": str(signer), "qualite": "", "lieu": "Amboise", "date": timezone.localdate().isoformat()},
    )
    elapsed = time.monotonic() - started
    assert response.status_code == 302, response.content.decode()[:500]
    assert elapsed < 5, f"{elapsed:.1f} s"
    document = DocumentContrat.objects.get(version=validated_version)
    assert document.statut == StatutDocument.EN_ATTENTE  # the signature is kept; the PDF waits
    # Redis still away: the dashboards are computed without the cache, in a page's time.
    client.force_login(gov.pilote_a)
    started = time.monotonic()
    assert client.get("/tableau-de-bord/").status_code == 200
    assert time.monotonic() - started < 5

    if fault == "frozen":
        redis.send_signal(signal.SIGCONT)
    else:
        port = int(url.rsplit(":", 1)[1].split("/")[0])
        redis = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(tmp_path),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert wait_for(lambda: _answers(port), timeout=10)
    back = time.monotonic()
    worker, log = start_worker(tmp_path, "worker", broker_url=url, beat=True)
    try:
        assert wait_for(
            lambda: DocumentContrat.objects.get(pk=document.pk).statut == StatutDocument.TERMINE, timeout=60
        ), (tmp_path / "worker.log").read_text()
        assert time.monotonic() - back < 60
        produced = DocumentContrat.objects.get(pk=document.pk)
        files = list((settings.MEDIA_ROOT / "contrats").glob(f"contrat-{produced.reference}*.pdf"))
        assert len(files) == 1 and DocumentContrat.objects.filter(version=validated_version).count() == 1
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()
        if fault == "refused":
            redis.terminate()
            redis.wait(timeout=10)
