"""The e-mail of a password reset goes through Redis to a real Celery worker process."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from portail.celery import app as celery_app

from ..factories import UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(tmp_path):
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.fail("CELERY_BROKER_URL manque : lancez la suite par la commande de test du README.")
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portail.settings.test",
        CELERY_TASK_ALWAYS_EAGER="0",
        DATABASE_URL=_database_url(),
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(tmp_path / "emails"),
    )
    with open(tmp_path / "worker.log", "wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portail",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "-Q",
                "celery,imports",
                "--loglevel=WARNING",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
            ],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        yield tmp_path / "emails"
        process.terminate()
        process.wait(timeout=20)


def _database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def test_reset_email_is_sent_by_the_worker(client, worker, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.task_always_eager = False
    try:
        UserFactory(email="isabelle.mercier@exemple.fr")
        response = client.post("/compte/mot-de-passe/oubli/", {"email": "isabelle.mercier@exemple.fr"})
        assert response.status_code == 302
        deadline = time.monotonic() + 60
        files = []
        while time.monotonic() < deadline and not files:
            files = list(Path(worker).glob("*.log")) if Path(worker).exists() else []
            time.sleep(0.2)
        assert files, (
            "le worker n'a envoyé aucun message en 60 secondes : " + (Path(worker).parent / "worker.log").read_text()
        )
        content = files[0].read_text()
        assert "To: isabelle.mercier@exemple.fr" in content
        assert "/compte/mot-de-passe/nouveau/" in content
    finally:
        celery_app.conf.task_always_eager = True
