"""E-mails about a fiche: each says what happened, what to do next, and links to the fiche.

Called after commit; they queue one Celery e-mail per recipient through ``comptes``.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from comptes.services import email_queue
from gouvernance.enums import Role
from gouvernance.models import Decision, Mandat

from ..models import Commentaire, FicheAction


def _url(fiche):
    return f"{settings.PORTAIL_BASE_URL}{reverse('fiches_actions:fiche_detail', args=[fiche.pk])}"


def _authors(fiche):
    from guardian.shortcuts import get_users_with_perms

    people = {fiche.auteur} | set(get_users_with_perms(fiche, only_with_perms_in=["change_ficheaction"]))
    return {p.email for p in people if p.is_active}


def _send(template, subject, recipients, **context):
    body = render_to_string(template, context)
    for email in sorted(recipients):
        email_queue(subject=subject, body=body, to=[email])


def notify_submitted(*, fiche_id):
    fiche = FicheAction.objects.select_related("territoire").get(pk=fiche_id)
    team = set(Mandat.objects.active().filter(
        territoire=fiche.territoire, role__in=[Role.CHEF_DE_PROJET, Role.ELU_BINOME, Role.INDUSTRIEL_BINOME])
        .values_list("user__email", flat=True))
    _send("fiches_actions/emails/deposee.txt", f"Fiche action déposée : {fiche.titre}", team - {fiche.auteur.email},
          fiche=fiche, url=_url(fiche))


def notify_decided(*, fiche_id, decision_id):
    fiche = FicheAction.objects.select_related("territoire").get(pk=fiche_id)
    decision = Decision.objects.select_related("point__seance__comite").get(pk=decision_id)
    _send("fiches_actions/emails/decision.txt", f"Décision du comité sur « {fiche.titre} »", _authors(fiche),
          fiche=fiche, decision=decision, url=_url(fiche))


def notify_commented(*, commentaire_id):
    commentaire = Commentaire.objects.select_related("fiche__territoire", "auteur").get(pk=commentaire_id)
    fiche = commentaire.fiche
    participants = _authors(fiche) | set(fiche.commentaires.values_list("auteur__email", flat=True))
    _send("fiches_actions/emails/commentaire.txt", f"Nouveau message sur « {fiche.titre} »",
          participants - {commentaire.auteur.email}, fiche=fiche, commentaire=commentaire, url=_url(fiche))
