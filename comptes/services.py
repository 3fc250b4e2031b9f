from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.utils import timezone

from .backends import forget_person


def email_send(
    *,
    subject: str,
    body: str,
    to: list[str],
    html_body: str | None = None,
    attachments: Sequence[tuple[str, bytes, str]] = (),
    headers: dict | None = None,
) -> None:
    """Send one e-mail now. Called from Celery tasks, never from a request."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to, headers=headers or {}
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()


def email_queue(*, subject: str, body: str, to: list[str], html_body: str | None = None) -> None:
    """Queue an e-mail for the worker once the current transaction has committed."""
    from portail.queue import enqueue

    from .tasks import send_email

    transaction.on_commit(lambda: enqueue(send_email, subject=subject, body=body, to=list(to), html_body=html_body))


JETON_DURATIONS = {30: "30 jours", 90: "90 jours", 365: "1 an"}


@transaction.atomic
def jeton_create(*, user, nom: str, days: int = 90):
    """A new named API token for ``user``; its clear value is returned once and never stored."""
    import datetime

    from django.core.exceptions import ValidationError
    from knox.settings import knox_settings

    from .models import JetonAPI

    nom = nom.strip()
    if not nom:
        raise ValidationError({"nom": "Donnez un nom au jeton : l'outil qui s'en servira."})
    if days not in JETON_DURATIONS:
        raise ValidationError({"duree": "Choisissez une durée de 30 jours, 90 jours ou 1 an."})
    # Expired tokens open nothing and no longer count (the API's sign-in no longer sweeps them).
    user.auth_token_set.filter(expiry__lt=timezone.now()).delete()
    limit = knox_settings.TOKEN_LIMIT_PER_USER
    if limit and user.auth_token_set.count() >= limit:
        raise ValidationError(f"Vous avez déjà {limit} jetons : révoquez ceux qui ne servent plus.")
    return JetonAPI.objects.create(user=user, expiry=datetime.timedelta(days=days), nom=nom[:80])


@transaction.atomic
def jeton_revoke(*, user, digest: str) -> bool:
    """Revoke one of ``user``'s own tokens; another person's token is simply not found."""
    deleted, _ = user.auth_token_set.filter(digest=digest).delete()
    return bool(deleted)


def jetons_revoke(*, users) -> int:
    """Revoke every token of ``users`` (a queryset or list of accounts)."""
    from .models import JetonAPI

    deleted, _ = JetonAPI.objects.filter(user__in=users).delete()
    return deleted


@transaction.atomic
def other_sessions_end(*, request) -> None:
    """Sign the person out of every other browser: their sessions no longer match, this one is kept."""
    from django.contrib.auth import update_session_auth_hash

    from .models import User

    user = request.user
    User.objects.filter(pk=user.pk).update(generation_sessions=models.F("generation_sessions") + 1)
    forget_person(user.pk)  # update() sends no signal: the kept copy would keep the old generation
    user.refresh_from_db(fields=["generation_sessions"])
    update_session_auth_hash(request, user)
