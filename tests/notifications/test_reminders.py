"""Reminders and summaries leave once per person and period, whatever the scheduler does: run twice,
run twice at once, or find Redis away (then they leave later, still once)."""

import datetime
import re
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from fiches_actions.enums import StatutFiche
from fiches_actions.models import FicheAction
from fiches_actions.services.workflow import fiche_submit
from gouvernance.services import seance_convene
from notifications.models import Notification
from notifications.services import deliver_pending
from pilotage.services import monthly_summaries_send, reminders_send, weekly_summaries_send
from portail.celery import app as celery_app

from ..conftest import mandate
from ..fiches_actions.conftest import complete_fiche
from ..gouvernance.conftest import in_days


def mails_to(user, start=""):
    return [m for m in mail.outbox if user.email in m.to and m.subject.startswith(start)]


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    """Run a scheduled job as the worker does: its e-mails leave once its transactions commit."""

    def run(job, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return job(**kwargs)

    return run


def age(fiche, **fields):
    FicheAction.objects.filter(pk=fiche.pk).update(**fields)


@pytest.mark.django_db
def test_each_reminder_reaches_who_must_act_with_the_link(gov, porteur_a1, sending):
    old = timezone.now() - datetime.timedelta(days=40)
    draft = complete_fiche(gov.world.a1, porteur_a1, titre="Brouillon oublié", objectifs="")
    age(draft, modifie_le=timezone.now() - datetime.timedelta(days=15))
    complete_fiche(gov.world.a1, porteur_a1, titre="Brouillon du jour")
    waiting = complete_fiche(gov.world.a1, porteur_a1, titre="Fiche qui attend")
    fiche_submit(fiche=waiting, by=porteur_a1)
    age(waiting, deposee_le=old)
    seance = seance_convene(
        comite=gov.comite_a1, by=gov.chef_a1, date=in_days(2), lieu="Amboise", points_libres=["Calendrier du contrat"]
    )
    mail.outbox.clear()

    written = sending(reminders_send)

    reminder = mails_to(porteur_a1, "Votre brouillon")
    assert len(reminder) == 1 and "« Brouillon oublié »" in reminder[0].subject
    assert "objectifs" in reminder[0].body and f"/fiches/{draft.pk}/" in reminder[0].body
    assert not [m for m in mail.outbox if "Brouillon du jour" in m.subject]
    chef = mails_to(gov.chef_a1, "« Fiche qui attend » attend une séance")
    assert len(chef) == 1 and f"/territoires/{gov.world.a1.code}/gouvernance/#seances" in chef[0].body
    soon = mails_to(gov.elu_a1, "Dans deux jours")
    assert len(soon) == 1 and "Calendrier du contrat" in soon[0].body and f"/seances/{seance.pk}/" in soon[0].body
    assert not mails_to(gov.chef_b1)
    assert written == Notification.objects.filter(kind__startswith="rappel.").count()


@pytest.mark.django_db
def test_a_signature_awaited_for_a_week_is_recalled_to_that_party(gov, validated_version, signatories, sending):
    from contrats.models import VersionContrat

    VersionContrat.objects.filter(pk=validated_version.pk).update(
        validee_le=timezone.now() - datetime.timedelta(days=8)
    )
    mail.outbox.clear()
    sending(reminders_send)
    etat = mails_to(signatories["etat"], "Signature attendue depuis 7 jours")
    assert len(etat) == 1 and "/contrats/parties/" in etat[0].body
    assert not mails_to(gov.pilote_b)
    sending(reminders_send)
    assert len(mails_to(signatories["etat"], "Signature attendue")) == 1


@pytest.mark.django_db
def test_quarterly_follow_up_reminder(gov, porteur_a1, sending):
    fiche = complete_fiche(gov.world.a1, porteur_a1, titre="Usine validée")
    age(fiche, statut=StatutFiche.VALIDEE, decidee_le=timezone.now() - datetime.timedelta(days=200))
    mail.outbox.clear()
    start_of_quarter = datetime.datetime(2026, 10, 1, 9, tzinfo=datetime.UTC)
    sending(reminders_send, now=start_of_quarter + datetime.timedelta(days=5))
    assert not mails_to(porteur_a1, "Suivi du trimestre")  # a month to do it before being reminded
    sending(reminders_send, now=start_of_quarter + datetime.timedelta(days=40))
    sending(reminders_send, now=start_of_quarter + datetime.timedelta(days=50))
    message = mails_to(porteur_a1, "Suivi du trimestre")
    assert len(message) == 1 and "2026-T4" in message[0].body and f"/fiches/{fiche.pk}/#suivi" in message[0].body


@pytest.mark.django_db
def test_weekly_and_monthly_summaries_once_per_period(gov, porteur_a1, sending):
    delegation = mandate("delegation_nationale")
    waiting = complete_fiche(gov.world.a1, porteur_a1, titre="Fiche déposée cette semaine")
    fiche_submit(fiche=waiting, by=porteur_a1)
    mail.outbox.clear()
    monday = timezone.now()
    sending(weekly_summaries_send, now=monday)
    sending(weekly_summaries_send, now=monday)
    week = mails_to(gov.chef_a1, "Votre semaine sur le portail")
    assert len(week) == 1
    assert "fiches actions déposées : 1" in week[0].body and "Fiche déposée cette semaine" in week[0].body
    assert not mails_to(gov.chef_b1, "Votre semaine")  # nothing happened there, nothing waits: no e-mail

    sending(monthly_summaries_send, now=monday)
    sending(monthly_summaries_send, now=monday)
    for person in (gov.pilote_a, delegation):
        month = mails_to(person, "Activité des territoires")
        assert len(month) == 1 and "SANS SÉANCE DEPUIS SIX MOIS" in month[0].body
        # The month named in French, as people say it: « Activité des territoires en octobre 2026 ».
        assert re.search(
            r"Activité des territoires en (janvier|février|mars|avril|mai|juin|juillet|août|"
            r"septembre|octobre|novembre|décembre) \d{4}",
            month[0].subject,
        ), month[0].subject
    assert gov.world.a1.nom in mails_to(gov.pilote_a, "Activité")[0].body
    assert gov.world.b1.nom not in mails_to(gov.pilote_a, "Activité")[0].body
    assert gov.world.b1.nom in mails_to(delegation, "Activité")[0].body


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_send_each_reminder_once(gov, porteur_a1):
    for n in range(5):
        draft = complete_fiche(gov.world.a1, porteur_a1, titre=f"Brouillon {n}")
        age(draft, modifie_le=timezone.now() - datetime.timedelta(days=20))
    mail.outbox.clear()
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            reminders_send()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Notification.objects.filter(kind="rappel.brouillon").count() == 5
    assert len(mails_to(porteur_a1, "Votre brouillon")) == 5


@pytest.mark.django_db(transaction=True)
def test_a_redis_outage_delays_reminders_and_never_duplicates_them(gov, porteur_a1, settings):
    from ..contrats.test_faults import _new_connections, free_port

    draft = complete_fiche(gov.world.a1, porteur_a1, titre="Brouillon pendant la panne")
    age(draft, modifie_le=timezone.now() - datetime.timedelta(days=20))
    mail.outbox.clear()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = f"redis://127.0.0.1:{free_port()}/0"  # nobody listens: refused
    _new_connections()
    try:
        reminders_send()
        reminders_send()
    finally:
        celery_app.conf.task_always_eager = True
        celery_app.conf.broker_url = settings.CELERY_BROKER_URL
        _new_connections()
    assert not mail.outbox  # postponed...
    assert Notification.objects.filter(kind="rappel.brouillon").count() == 1
    assert deliver_pending(older_than_seconds=0) == 1  # ...sent by the sweep once Redis is back
    reminders_send()
    assert deliver_pending(older_than_seconds=0) == 0
    assert len(mails_to(porteur_a1, "Votre brouillon")) == 1
