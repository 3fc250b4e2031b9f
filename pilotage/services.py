"""Reminders and summaries: what the portal sends on its own, on a schedule (Celery beat).

Each one is written as a notice whose key names its period (« rappel.brouillon:<fiche>:<day of the
last change> », « synthese.hebdomadaire:2026-W48 »): the notices table refuses a second row with the
same key, so running the schedule twice, or two schedulers at once, sends nothing twice; and since
the notice is written before its e-mail leaves, a broker outage only delays the e-mail.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import BigIntegerField, Exists, OuterRef
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils import timezone

from contrats.enums import StatutVersion
from contrats.models import PartieSignataire
from fiches_actions.enums import StatutFiche, Suivi
from fiches_actions.models import FicheAction, ValeurIndicateur
from fiches_actions.services.fiches import submission_errors
from gouvernance.enums import StatutSeance
from gouvernance.models import Seance
from habilitations.enums import Role
from habilitations.scoping import mandate_holders
from notifications.models import Notification
from notifications.services import notify

from .selectors import MISSING_LABELS, quarter_start

DRAFT_AFTER = datetime.timedelta(days=14)
WAITING_AFTER = datetime.timedelta(days=30)
SIGNATURE_AFTER = datetime.timedelta(days=7)
FOLLOW_UP_AFTER_DAYS = 30  # into the quarter, so the porteur has had a month to update it


def _told(kind: str, key: str, since=None):
    """A notice of ``kind`` about this object already exists (since the object last changed)."""
    told = (
        Notification.objects.filter(kind=kind)
        .annotate(about=Cast(KeyTextTransform(key, "params"), BigIntegerField()))
        .filter(about=OuterRef("pk"))
    )
    return Exists(told.filter(created_at__gte=OuterRef(since)) if since else told)


def quarter_label(day: datetime.date) -> str:
    return f"{day.year}-T{(day.month - 1) // 3 + 1}"


def reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Write every reminder due at ``now``; returns how many notices were written."""
    now = now or timezone.now()
    written = 0
    drafts = (
        FicheAction.objects.filter(statut=StatutFiche.BROUILLON, modifie_le__lte=now - DRAFT_AFTER)
        .exclude(_told("rappel.brouillon", "fiche", "modifie_le"))
        .select_related("territoire", "auteur")
        .prefetch_related("financements")
    )
    for fiche in drafts.iterator(chunk_size=200):
        missing = [MISSING_LABELS.get(field, field) for field in submission_errors(fiche)]
        written += _write("rappel.brouillon", fiche=fiche, missing=missing)
    waiting = (
        FicheAction.objects.filter(statut=StatutFiche.DEPOSEE, deposee_le__lte=now - WAITING_AFTER)
        .exclude(_told("rappel.fiche_en_attente", "fiche", "deposee_le"))
        .select_related("territoire")
    )
    for fiche in waiting.iterator(chunk_size=200):
        written += _write("rappel.fiche_en_attente", fiche=fiche)
    parties = PartieSignataire.objects.filter(
        version__statut=StatutVersion.VALIDE, signature__isnull=True, version__validee_le__lte=now - SIGNATURE_AFTER
    ).select_related("version__contrat__territoire")
    for partie in parties.iterator(chunk_size=200):
        validee_le = partie.version.validee_le
        if validee_le is None:  # excluded by the filter; said again for the type checker
            continue
        week = (now - validee_le).days // 7
        written += _write("rappel.signature", partie=partie, week=week)
    soon = timezone.localdate(now) + datetime.timedelta(days=2)
    seances = Seance.objects.filter(statut=StatutSeance.CONVOQUEE, date__date=soon).select_related(
        "comite__territoire", "comite__region"
    )
    for seance in seances:
        written += _write("rappel.seance", seance=seance)
    today = timezone.localdate(now)
    start = quarter_start(today)
    if (today - start).days >= FOLLOW_UP_AFTER_DAYS:
        measured = ValeurIndicateur.objects.filter(indicateur__fiche=OuterRef("pk"), date__gte=start)
        due = (
            FicheAction.objects.filter(statut=StatutFiche.VALIDEE, decidee_le__date__lt=start)
            .exclude(suivi__in=[Suivi.REALISEE, Suivi.ABANDONNEE])
            .exclude(Exists(measured))
            .select_related("territoire", "auteur")
        )
        for fiche in due.iterator(chunk_size=200):
            written += _write("rappel.suivi", fiche=fiche, quarter=quarter_label(today))
    return written


def _write(kind: str, **objects) -> int:
    with transaction.atomic():
        return len(notify(kind, **objects))


def weekly_summaries_send(*, now: datetime.datetime | None = None) -> int:
    """Monday: each chef de projet and binôme gets their territory's week and what waits for them."""
    now = now or timezone.now()
    year, week, _ = timezone.localdate(now).isocalendar()
    people = mandate_holders((Role.CHEF_DE_PROJET, Role.ELU_BINOME, Role.INDUSTRIEL_BINOME))
    written = 0
    for user in people.iterator(chunk_size=200):
        written += _write("synthese.hebdomadaire", user=user, period=f"{year}-S{week:02d}", now=now)
    return written


def monthly_summaries_send(*, now: datetime.datetime | None = None) -> int:
    """First of the month: pilotes régionaux and the delegation get the activity of their territories."""
    now = now or timezone.now()
    month = (timezone.localdate(now).replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")
    people = mandate_holders((Role.PILOTE_REGIONAL, Role.DELEGATION_NATIONALE))
    written = 0
    for user in people.iterator(chunk_size=200):
        written += _write("synthese.mensuelle", user=user, period=month, now=now)
    return written
