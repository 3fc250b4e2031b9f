"""What the portal tells about fiches actions, to whom (read through the scoping layer), and how."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from habilitations.enums import Role
from habilitations.scoping import acting_authors, mandate_holders
from notifications.registry import Message, Notice, register
from portail.pdf import render_pdf

from .models import Commentaire, FicheAction

TEAM = (Role.CHEF_DE_PROJET, Role.ELU_BINOME, Role.INDUSTRIEL_BINOME)


def fiche_url(fiche) -> str:
    return reverse("fiches_actions:fiche_detail", args=[fiche.pk])


def _fiche(params) -> FicheAction:
    return FicheAction.objects.select_related("territoire", "auteur").get(pk=params["fiche"])


@register
class FicheDeposee(Notice):
    kind = "fiche.deposee"
    label = "Une fiche action est déposée sur votre territoire"
    template = "fiches_actions/emails/deposee.txt"

    def announce(self, *, fiche):
        authors = {p.pk for p in acting_authors(fiche)}
        return [
            Message(user, f"Fiche action déposée : {fiche.titre}", fiche_url(fiche), {"fiche": fiche.pk})
            for user in mandate_holders(TEAM, territoire=fiche.territoire)
            if user.pk not in authors
        ]

    def context(self, params, recipient):
        return {"fiche": _fiche(params)}


@register
class FicheAccuseReception(Notice):
    kind = "fiche.accuse_reception"
    label = "Accusé de réception de votre fiche déposée, avec son récapitulatif"
    template = "fiches_actions/emails/accuse_reception.txt"

    def announce(self, *, fiche):
        params = {"fiche": fiche.pk, "le": fiche.deposee_le.isoformat()}
        return [
            Message(user, f"Accusé de réception : « {fiche.titre} » est déposée", fiche_url(fiche), params)
            for user in acting_authors(fiche)
        ]

    def context(self, params, recipient):
        return {"fiche": _fiche(params), "le": timezone.datetime.fromisoformat(params["le"])}

    def attachments(self, params, recipient):
        from .selectors import version_as_of

        when = timezone.datetime.fromisoformat(params["le"])
        version = version_as_of(params["fiche"], when)
        pdf = render_pdf("fiches_actions/recapitulatif_pdf.html", {**version, "territoire": _fiche(params).territoire})
        return [(f"recapitulatif-fiche-{params['fiche']}.pdf", pdf, "application/pdf")]


@register
class FicheDecidee(Notice):
    kind = "fiche.decidee"
    label = "Le comité a décidé d'une fiche dont vous êtes l'auteur"
    template = "fiches_actions/emails/decision.txt"

    def announce(self, *, fiche, decision):
        title = f"{decision.get_verdict_display()} : « {fiche.titre} »"
        return [
            Message(user, title, fiche_url(fiche), {"fiche": fiche.pk, "decision": decision.pk})
            for user in acting_authors(fiche)
        ]

    def context(self, params, recipient):
        from gouvernance.models import Decision

        return {
            "fiche": _fiche(params),
            "decision": Decision.objects.select_related("point__seance__comite").get(pk=params["decision"]),
        }


@register
class FicheCommentee(Notice):
    kind = "fiche.commentee"
    label = "Un message est écrit sur une fiche où vous échangez"
    template = "fiches_actions/emails/commentaire.txt"

    def announce(self, *, commentaire):
        fiche = commentaire.fiche
        people = {p.pk: p for p in acting_authors(fiche)}
        from comptes.models import User

        for user in User.objects.filter(pk__in=fiche.commentaires.values("auteur_id"), is_active=True):
            people.setdefault(user.pk, user)
        people.pop(commentaire.auteur_id, None)
        return [
            Message(
                user,
                f"Nouveau message sur « {fiche.titre} »",
                fiche_url(fiche) + "#discussion",
                {"commentaire": commentaire.pk},
            )
            for user in people.values()
        ]

    def context(self, params, recipient):
        commentaire = Commentaire.objects.select_related("fiche__territoire", "auteur").get(pk=params["commentaire"])
        return {"fiche": commentaire.fiche, "commentaire": commentaire}


# ---------------------------------------------------------------- reminders (sent by pilotage)


@register
class RappelBrouillon(Notice):
    kind = "rappel.brouillon"
    label = "Rappel : un brouillon de fiche n'a pas bougé depuis 14 jours"
    template = "fiches_actions/emails/rappel_brouillon.txt"

    def announce(self, *, fiche, missing):
        return [
            Message(
                user,
                f"Votre brouillon « {fiche.titre} » attend d'être déposé",
                fiche_url(fiche),
                {"fiche": fiche.pk, "manque": missing},
                once=f"{self.kind}:{fiche.pk}:{fiche.modifie_le:%Y%m%d}",
            )
            for user in acting_authors(fiche)
        ]

    def context(self, params, recipient):
        return {"fiche": _fiche(params), "manque": params.get("manque", [])}


@register
class RappelFicheEnAttente(Notice):
    kind = "rappel.fiche_en_attente"
    label = "Rappel : une fiche déposée attend une séance depuis 30 jours"
    template = "fiches_actions/emails/rappel_en_attente.txt"

    def announce(self, *, fiche):
        return [
            Message(
                user,
                f"« {fiche.titre} » attend une séance du comité de projet depuis 30 jours",
                reverse("gouvernance:territoire_gouvernance", args=[fiche.territoire.code]) + "#seances",
                {"fiche": fiche.pk},
                once=f"{self.kind}:{fiche.pk}:{fiche.deposee_le:%Y%m%d}",
            )
            for user in mandate_holders([Role.CHEF_DE_PROJET], territoire=fiche.territoire)
        ]

    def context(self, params, recipient):
        return {"fiche": _fiche(params)}


@register
class RappelSuivi(Notice):
    kind = "rappel.suivi"
    label = "Rappel : le suivi trimestriel d'une fiche validée est à mettre à jour"
    template = "fiches_actions/emails/rappel_suivi.txt"

    def announce(self, *, fiche, quarter: str):
        return [
            Message(
                user,
                f"Suivi du trimestre à mettre à jour : « {fiche.titre} »",
                fiche_url(fiche) + "#suivi",
                {"fiche": fiche.pk, "trimestre": quarter},
                once=f"{self.kind}:{fiche.pk}:{quarter}",
            )
            for user in acting_authors(fiche)
        ]

    def context(self, params, recipient):
        return {"fiche": _fiche(params), "trimestre": params["trimestre"]}
