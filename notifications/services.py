"""The one notification dispatcher: every notice of the portal is written here and e-mailed from here."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core import signing
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from comptes.services import email_send

from .models import EmailStatus, Frequency, Notification, Preference
from .registry import Message, all_notices, notice

logger = logging.getLogger(__name__)

_BY_FREQUENCY = {
    Frequency.IMMEDIATE: EmailStatus.PENDING,
    Frequency.DAILY: EmailStatus.DAILY,
    Frequency.WEEKLY: EmailStatus.WEEKLY,
    Frequency.OFF: EmailStatus.NONE,
}
_UNSUBSCRIBE_SALT = "notifications.desabonnement"
# A digest's unsubscribe link mutes every kind the person receives in that digest.
DIGEST_KINDS = {EmailStatus.DAILY: "*quotidien", EmailStatus.WEEKLY: "*hebdomadaire"}


def absolute(url: str) -> str:
    return url if url.startswith("http") else f"{settings.PORTAIL_BASE_URL}{url}"


def notify(kind: str, **objects) -> list[int]:
    """Tell everyone concerned by this event; their e-mails leave once the transaction commits."""
    definition = notice(kind)
    messages = [
        m for m in definition.announce(**objects) if m.address or (m.recipient is not None and m.recipient.is_active)
    ]
    return write(kind, messages)


def write(kind: str, messages: list[Message]) -> list[int]:
    if not messages:
        return []
    definition = notice(kind)
    users = {m.recipient.pk for m in messages if m.recipient is not None}
    chosen = dict(Preference.objects.filter(user__in=users, kind=kind).values_list("user_id", "frequency"))
    rows, seen = [], set()
    for message in messages:
        who = message.recipient.pk if message.recipient is not None else message.address.lower()
        if who in seen:
            continue  # one person holding two mandates is told once
        seen.add(who)
        status = EmailStatus.PENDING
        if message.recipient is not None and not definition.required:
            status = _BY_FREQUENCY[Frequency(chosen.get(message.recipient.pk, Frequency.IMMEDIATE))]
        rows.append(
            Notification(
                recipient=message.recipient,
                address=message.address,
                kind=kind,
                title=message.title[:300],
                url=message.url[:500],
                params=message.params,
                once=f"{message.once}:{who}" if message.once else None,
                email_status=status,
            )
        )
    _forget_counts({row.recipient_id for row in rows if row.recipient_id})
    keys = [row.once for row in rows if row.once]
    if keys:
        # Reminders and digests: a second run, even a concurrent one, inserts nothing.
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        ids = list(
            Notification.objects.filter(once__in=keys, email_status=EmailStatus.PENDING).values_list("pk", flat=True)
        )
    else:
        ids = [row.pk for row in Notification.objects.bulk_create(rows) if row.email_status == EmailStatus.PENDING]
    if ids:
        from portail.queue import enqueue

        from .tasks import deliver as deliver_task

        transaction.on_commit(lambda: enqueue(deliver_task, ids))
    return ids


# ------------------------------------------------------------------ sending (in the worker)


def unsubscribe_token(user_id: int, kind: str) -> str:
    # No timestamp: a link in an old e-mail keeps working, and the same person and kind give the same link.
    return signing.Signer(salt=_UNSUBSCRIBE_SALT).sign_object({"u": user_id, "k": kind}, compress=True)


def unsubscribe_url(user_id: int, kind: str) -> str:
    return absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(user_id, kind)]))


def _headers(row_user_id: int | None, kind: str, required: bool) -> dict:
    if row_user_id is None or required:
        return {}
    # RFC 8058: the mail client POSTs « List-Unsubscribe=One-Click » to this address, no sign-in.
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(row_user_id, kind)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def render(row: Notification) -> dict:
    definition = notice(row.kind)
    context = definition.context(row.params, row.recipient)
    context.update(
        recipient=row.recipient,
        title=row.title,
        url=absolute(row.url),
        notice=definition,
        preferences_url=absolute(reverse("notifications:preferences")),
        unsubscribe_url=(
            unsubscribe_url(row.recipient_id, row.kind) if row.recipient_id and not definition.required else ""
        ),
    )
    body = render_to_string(definition.template, context)
    body += render_to_string("notifications/emails/_pied.txt", context)
    return {
        "subject": row.title,
        "body": body,
        "to": [row.recipient.email if row.recipient is not None else row.address],
        "attachments": definition.attachments(row.params, row.recipient),
        "headers": _headers(row.recipient_id, row.kind, definition.required),
    }


def deliver(ids: list[int]) -> int:
    """Send each pending notice once: the row is locked while sent, and marked sent in the same step."""
    sent = 0
    for pk in ids:
        with transaction.atomic():
            row = (
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient")
                .filter(pk=pk, email_status=EmailStatus.PENDING)
                .first()
            )
            if row is None:
                continue
            try:
                email = render(row)
            except ObjectDoesNotExist:
                # What it told about is gone (a draft contract deleted): nothing left to send.
                row.email_status = EmailStatus.NONE
                row.save(update_fields=["email_status"])
                continue
            try:
                email_send(**email)
            except OSError:
                logger.warning("Courriel %s non envoyé : nouvel essai au prochain passage.", pk, exc_info=True)
                continue
            row.email_status = EmailStatus.SENT
            row.emailed_at = timezone.now()
            row.save(update_fields=["email_status", "emailed_at"])
            sent += 1
    return sent


def deliver_pending(*, older_than_seconds: int = 30, limit: int = 500) -> int:
    """The sweep: notices whose task never reached the broker (Redis away) leave now."""
    since = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    ids = list(
        Notification.objects.filter(email_status=EmailStatus.PENDING, created_at__lte=since)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    return deliver(ids)


def send_digests(status: EmailStatus) -> int:
    """One e-mail per person gathering the notices they chose to receive daily (or weekly)."""
    label = {EmailStatus.DAILY: "quotidien", EmailStatus.WEEKLY: "hebdomadaire"}[status]
    users = set(Notification.objects.filter(email_status=status).values_list("recipient_id", flat=True))
    sent = 0
    for user_id in sorted(users):
        with transaction.atomic():
            rows = list(
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient")
                .filter(recipient_id=user_id, email_status=status)
                .order_by("created_at")
            )
            if not rows:
                continue
            recipient = rows[0].recipient
            assert recipient is not None  # a digest gathers notices of one account, never of a bare address
            context = {
                "recipient": recipient,
                "rows": [(row, absolute(row.url)) for row in rows],
                "label": label,
                "preferences_url": absolute(reverse("notifications:preferences")),
                "unsubscribe_url": unsubscribe_url(user_id, DIGEST_KINDS[status]),
            }
            body = render_to_string("notifications/emails/recapitulatif.txt", context)
            try:
                email_send(
                    subject=f"Votre récapitulatif {label} : {len(rows)} avis",
                    body=body,
                    to=[recipient.email],
                    headers=_headers(user_id, DIGEST_KINDS[status], False),
                )
            except OSError:
                logger.warning(
                    "Récapitulatif de %s non envoyé : nouvel essai au prochain passage.", user_id, exc_info=True
                )
                continue
            Notification.objects.filter(pk__in=[r.pk for r in rows]).update(
                email_status=EmailStatus.SENT, emailed_at=timezone.now()
            )
            sent += 1
    return sent


# ------------------------------------------------------------------ the person's own choices


def _forget_counts(user_ids) -> None:
    """The header's unread counts of these people change: written again once the transaction commits."""
    from .selectors import refresh_counts

    user_ids = sorted(user_ids)
    if user_ids:
        transaction.on_commit(lambda: refresh_counts(user_ids))


def mark_read(*, user, notification_id: int | None = None) -> int:
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        rows = rows.filter(pk=notification_id)
    count = rows.update(read_at=timezone.now())
    _forget_counts([user.pk])
    return count


def choosable_kinds():
    return [n for n in all_notices() if not n.required and not n.kind.startswith("invitation.envoyee")]


@transaction.atomic
def preferences_save(*, user, choices: dict[str, str]) -> None:
    allowed = {n.kind for n in choosable_kinds()}
    for kind, frequency in choices.items():
        if kind not in allowed:
            raise ValidationError({kind: "Cet avis ne se règle pas : il demande une action de votre part."})
        if frequency not in Frequency.values:
            raise ValidationError({kind: "Choisissez une fréquence proposée."})
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"frequency": frequency})


def unsubscribe_read(token: str) -> tuple[int, str]:
    """Who and which kind a link names; a forged or damaged link is refused in French."""
    try:
        data = signing.Signer(salt=_UNSUBSCRIBE_SALT).unsign_object(token)
        user_id, kind = int(data["u"]), str(data["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ValidationError(
            "Ce lien de désabonnement n'est pas valide : réglez vos avis depuis votre compte."
        ) from None
    if kind not in DIGEST_KINDS.values() and kind not in {n.kind for n in choosable_kinds()}:
        # Convocations and signature requests ask for an action: no link turns them off.
        raise ValidationError("Ces avis vous demandent d'agir (convocation, signature) : ils ne se désactivent pas.")
    return user_id, kind


@transaction.atomic
def unsubscribe(token: str) -> list[str]:
    """Turn off, for the person named in the link, the kind it names (and nothing else)."""
    from comptes.models import User

    user_id, kind = unsubscribe_read(token)
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise ValidationError("Ce lien de désabonnement n'est plus valide.")
    if kind in DIGEST_KINDS.values():
        frequency = Frequency.DAILY if kind == DIGEST_KINDS[EmailStatus.DAILY] else Frequency.WEEKLY
        kinds = list(Preference.objects.filter(user=user, frequency=frequency).values_list("kind", flat=True))
    else:
        kinds = [kind]
    allowed = {n.kind for n in choosable_kinds()}
    kinds = [k for k in kinds if k in allowed]
    for k in kinds:
        Preference.objects.update_or_create(user=user, kind=k, defaults={"frequency": Frequency.OFF})
    return kinds
