"""What the portal tells about séances, perimeter requests and invitations, to whom and how."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from notifications.registry import Message, Notice, register
from notifications.services import absolute

from .ics import seance_ics
from .models import Decision, DemandePerimetre, Seance
from .services.seances import members_on


def _seance(params) -> Seance:
    return Seance.objects.select_related("comite__territoire", "comite__region").get(pk=params["seance"])


def _seance_url(seance) -> str:
    return reverse("gouvernance:seance_detail", args=[seance.pk])


class _ToMembers(Notice):
    def _messages(self, seance, title, **params):
        return [
            Message(m.user, title, _seance_url(seance), {"seance": seance.pk, **params}) for m in members_on(seance)
        ]

    def context(self, params, recipient):
        seance = _seance(params)
        return {**params, "seance": seance, "points": seance.points.all()}


@register
class SeanceConvoquee(_ToMembers):
    kind = "seance.convoquee"
    label = "Vous êtes convoqué(e) à une séance"
    template = "gouvernance/emails/convocation.txt"
    required = True

    def announce(self, *, seance):
        return self._messages(
            seance, f"Convocation : {seance.comite.nom}, le {_when(seance)}", sequence=seance.sequence
        )

    def attachments(self, params, recipient):
        return [
            (
                "convocation.ics",
                seance_ics(_seance(params), sequence=params["sequence"], attendee=recipient.email),
                "text/calendar",
            )
        ]


@register
class SeanceDeplacee(SeanceConvoquee):
    kind = "seance.deplacee"
    label = "Une séance où vous êtes convoqué(e) change de date ou de lieu"
    template = "gouvernance/emails/deplacement.txt"

    def announce(self, *, seance, avant: str):
        return self._messages(
            seance,
            f"Séance déplacée : {seance.comite.nom}, désormais le {_when(seance)}",
            sequence=seance.sequence,
            avant=avant,
        )


@register
class SeanceAnnulee(_ToMembers):
    kind = "seance.annulee"
    label = "Une séance où vous êtes convoqué(e) est annulée"
    template = "gouvernance/emails/annulation.txt"
    required = True

    def announce(self, *, seance, motif: str):
        return self._messages(
            seance, f"Séance annulée : {seance.comite.nom} du {_when(seance)}", sequence=seance.sequence, motif=motif
        )

    def attachments(self, params, recipient):
        return [
            (
                "annulation.ics",
                seance_ics(
                    _seance(params),
                    method="CANCEL",
                    sequence=params["sequence"],
                    attendee=recipient.email,
                    motif=params["motif"],
                ),
                "text/calendar",
            )
        ]


@register
class RelevePublie(_ToMembers):
    kind = "seance.releve_publie"
    label = "Le relevé de décisions d'une séance de votre comité est publié"
    template = "gouvernance/emails/releve.txt"

    def announce(self, *, seance):
        return self._messages(seance, f"Relevé de décisions : {seance.comite.nom} du {_when(seance)}")

    def context(self, params, recipient):
        context = super().context(params, recipient)
        seance = context["seance"]
        context["decisions"] = (
            Decision.objects.filter(point__seance=seance).select_related("point").order_by("point__ordre")
        )
        context["pdf"] = absolute(reverse("gouvernance:seance_releve_pdf", args=[seance.pk]))
        return context


@register
class RappelSeance(_ToMembers):
    kind = "rappel.seance"
    label = "Rappel : une séance où vous êtes convoqué(e) a lieu dans deux jours"
    template = "gouvernance/emails/rappel_seance.txt"

    def announce(self, *, seance):
        return [
            Message(
                m.user,
                f"Dans deux jours : {seance.comite.nom}, le {_when(seance)}",
                _seance_url(seance),
                {"seance": seance.pk},
                once=f"{self.kind}:{seance.pk}:{seance.date:%Y%m%d%H%M}",
            )
            for m in members_on(seance)
        ]


@register
class PerimetreDecide(Notice):
    kind = "perimetre.decide"
    label = "Le comité régional a décidé de votre demande d'adaptation du périmètre"
    template = "gouvernance/emails/perimetre.txt"

    def announce(self, *, demande, decision):
        return [
            Message(
                demande.auteur,
                f"Demande de périmètre de {demande.territoire.nom} : {decision.get_verdict_display().lower()}",
                reverse("gouvernance:demande_detail", args=[demande.pk]),
                {"demande": demande.pk, "decision": decision.pk},
            )
        ]

    def context(self, params, recipient):
        return {
            "demande": DemandePerimetre.objects.select_related("territoire").get(pk=params["demande"]),
            "decision": Decision.objects.select_related("point__seance__comite").get(pk=params["decision"]),
        }


@register
class InvitationAcceptee(Notice):
    kind = "invitation.acceptee"
    label = "Une personne que vous avez invitée a rejoint le portail"
    template = "gouvernance/emails/invitation_acceptee.txt"

    def announce(self, *, invitation, user):
        if invitation.invitee_par is None:
            return []
        name = user.get_full_name() or user.email
        return [
            Message(
                invitation.invitee_par,
                f"{name} a accepté votre invitation ({invitation.get_role_display().lower()})",
                _perimeter_url(invitation),
                {"invitation": invitation.pk, "personne": name},
            )
        ]

    def context(self, params, recipient):
        from .models import Invitation

        return {
            "invitation": Invitation.objects.select_related("territoire", "region").get(pk=params["invitation"]),
            "personne": params["personne"],
        }


def _perimeter_url(invitation) -> str:
    if invitation.territoire_id:
        return reverse("gouvernance:territoire_gouvernance", args=[invitation.territoire.code])
    if invitation.region_id:
        return reverse("gouvernance:region_gouvernance", args=[invitation.region.code])
    return reverse("accueil")


def _when(seance) -> str:
    return f"{timezone.localtime(seance.date):%d/%m/%Y à %H:%M}"
