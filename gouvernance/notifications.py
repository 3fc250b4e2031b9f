"""Texts of the governance e-mails: each says what happened and what to do next, with the link."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse


def _url(name, *args):
    return f"{settings.PORTAIL_BASE_URL}{reverse(name, args=args)}"


def convocation_message(*, seance, membre) -> dict:
    subject = f"Convocation : {seance.comite.nom}"
    body = render_to_string("gouvernance/emails/convocation.txt", {
        "seance": seance, "membre": membre, "points": seance.points.all(),
        "url": _url("gouvernance:seance_detail", seance.pk)})
    return {"subject": subject, "body": body}


def releve_message(*, seance, membre) -> dict:
    subject = f"Relevé de décisions : {seance.comite.nom}"
    body = render_to_string("gouvernance/emails/releve.txt", {
        "seance": seance, "membre": membre,
        "decisions": [p.decision for p in seance.points.select_related("decision")],
        "url": _url("gouvernance:seance_detail", seance.pk),
        "pdf": _url("gouvernance:seance_releve_pdf", seance.pk)})
    return {"subject": subject, "body": body}


def invitation_message(*, invitation, token) -> dict:
    subject = "Invitation sur le portail Territoires d'industrie"
    body = render_to_string("gouvernance/emails/invitation.txt", {
        "invitation": invitation, "url": _url("gouvernance:invitation_accept", token)})
    return {"subject": subject, "body": body}
