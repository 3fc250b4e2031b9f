"""The invitation e-mail: it carries a one-time secret, so it is sent directly and never kept in the
outbox of the notices (the database keeps only the token's hash)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse


def _url(name, *args):
    return f"{settings.PORTAIL_BASE_URL}{reverse(name, args=args)}"


def invitation_message(*, invitation, token) -> dict:
    subject = "Invitation sur le portail Territoires d'industrie"
    body = render_to_string(
        "gouvernance/emails/invitation.txt",
        {"invitation": invitation, "url": _url("gouvernance:invitation_accept", token)},
    )
    return {"subject": subject, "body": body}
