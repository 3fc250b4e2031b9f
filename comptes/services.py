from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction


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
