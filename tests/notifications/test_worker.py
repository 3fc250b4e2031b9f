"""Two schedulers firing at once: two real Celery workers run the reminders together, through Redis,
and each person still gets each reminder once."""

import datetime
import email
import email.policy
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from fiches_actions.models import FicheAction
from notifications.models import EmailStatus, Notification
from pilotage.tasks import send_reminders
from portail.celery import app as celery_app

from ..contrats.test_worker import start_worker, wait_for
from ..fiches_actions.conftest import complete_fiche

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_two_workers_running_the_reminders_at_once_send_each_once(gov, porteur_a1, tmp_path, settings):
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.fail("CELERY_BROKER_URL manque : lancez la suite par la commande de test du README.")
    for n in range(6):
        draft = complete_fiche(gov.world.a1, porteur_a1, titre=f"Brouillon {n}")
        FicheAction.objects.filter(pk=draft.pk).update(modifie_le=timezone.now() - datetime.timedelta(days=20))
    emails = tmp_path / "emails"
    workers = [start_worker(tmp_path, name, emails=emails) for name in ("rappels-1", "rappels-2")]
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.task_always_eager = False
    try:
        send_reminders.delay()
        send_reminders.delay()
        assert wait_for(
            lambda: Notification.objects.filter(kind="rappel.brouillon", email_status=EmailStatus.SENT).count() == 6,
            timeout=90,
        ), "\n".join(Path(w[1].name).read_text() for w in workers)
    finally:
        celery_app.conf.task_always_eager = True
        for process, log in workers:
            process.terminate()
            process.wait(timeout=20)
            log.close()
    assert Notification.objects.filter(kind="rappel.brouillon").count() == 6
    messages = [
        email.message_from_string(part.strip(), policy=email.policy.default)
        for path in emails.glob("*.log")
        for part in path.read_text().split("-" * 79)
        if part.strip()
    ]
    reminders = [m for m in messages if m["Subject"].strip().startswith("Votre brouillon")]
    assert len(reminders) == 6, [m["Subject"] for m in messages]
    assert {m["To"].strip() for m in reminders} == {porteur_a1.email}
    assert len({m["Subject"] for m in reminders}) == 6
