"""What the portal tells about contracts, to whom (by mandate over the territory or région), and how."""

from __future__ import annotations

from django.urls import reverse

from habilitations.enums import Role
from habilitations.scoping import mandate_holders
from notifications.registry import Message, Notice, register
from notifications.services import absolute

from .models import DocumentContrat, PartieSignataire, VersionContrat

TEAM = (Role.CHEF_DE_PROJET, Role.ELU_BINOME, Role.INDUSTRIEL_BINOME)


def _version(params) -> VersionContrat:
    return VersionContrat.objects.select_related("contrat__territoire__region_pilote").get(pk=params["version"])


def _contrat_url(version) -> str:
    return reverse("contrats:contrat_detail", args=[version.contrat_id])


class _AboutVersion(Notice):
    def context(self, params, recipient):
        version = _version(params)
        return {**params, "version": version, "contrat": version.contrat, "territoire": version.contrat.territoire}


@register
class ContratSoumis(_AboutVersion):
    kind = "contrat.soumis"
    label = "Un contrat de votre région attend la validation du comité régional"
    template = "contrats/emails/soumis.txt"

    def announce(self, *, version):
        territoire = version.contrat.territoire
        region = territoire.region_pilote
        comite = reverse("gouvernance:region_gouvernance", args=[region.code])
        return [
            Message(
                user, f"Contrat soumis : {version.contrat.intitule} ({territoire.nom})", comite, {"version": version.pk}
            )
            for user in mandate_holders((Role.PILOTE_REGIONAL, Role.MEMBRE_COMITE_REGIONAL), region=region)
        ]


@register
class ContratDecide(_AboutVersion):
    kind = "contrat.decide"
    label = "Le comité régional a décidé du contrat de votre territoire"
    template = "contrats/emails/decide.txt"

    def announce(self, *, version, decision):
        title = f"{decision.get_verdict_display()} par le comité régional : {version.contrat.intitule}"
        return [
            Message(
                user,
                title,
                _contrat_url(version),
                {"version": version.pk, "motifs": decision.motifs, "verdict": decision.verdict},
            )
            for user in mandate_holders(TEAM, territoire=version.contrat.territoire)
        ]


@register
class SignatureDemandee(_AboutVersion):
    kind = "contrat.signature_demandee"
    label = "Votre signature est attendue sur un contrat validé"
    template = "contrats/emails/signature_demandee.txt"
    required = True

    def announce(self, *, version):
        from comptes.models import User

        from .services.contrats import party_holders

        messages = []
        for partie in version.parties.all():
            for user in User.objects.filter(pk__in=party_holders(partie), is_active=True):
                messages.append(
                    Message(
                        user,
                        f"À signer pour {partie.libelle} : {version.contrat.intitule}",
                        reverse("contrats:partie_sign", args=[partie.pk]),
                        {"version": version.pk, "partie": partie.libelle},
                    )
                )
        return messages


@register
class RappelSignature(SignatureDemandee):
    kind = "rappel.signature"
    label = "Rappel : une signature attendue depuis 7 jours"
    template = "contrats/emails/rappel_signature.txt"
    required = False

    def announce(self, *, partie: PartieSignataire, week: int):
        from comptes.models import User

        from .services.contrats import party_holders

        version = partie.version
        return [
            Message(
                user,
                f"Signature attendue depuis {7 * week} jours : {version.contrat.intitule}",
                reverse("contrats:partie_sign", args=[partie.pk]),
                {"version": version.pk, "partie": partie.libelle},
                once=f"{self.kind}:{partie.pk}:{week}",
            )
            for user in User.objects.filter(pk__in=party_holders(partie), is_active=True)
        ]


@register
class ContratSigne(_AboutVersion):
    kind = "contrat.signe"
    label = "Un contrat que vous avez signé ou préparé est signé par toutes les parties"
    template = "contrats/emails/signe.txt"

    def announce(self, *, document):
        from .services.contrats import party_holders

        version = document.version
        people = {u.pk: u for u in mandate_holders(TEAM, territoire=version.contrat.territoire)}
        from comptes.models import User

        signatories = set()
        for partie in version.parties.all():
            signatories |= party_holders(partie)
        people.update({u.pk: u for u in User.objects.filter(pk__in=signatories, is_active=True)})
        return [
            Message(
                user,
                f"Contrat signé : {version.contrat.intitule}",
                _contrat_url(version),
                {"version": version.pk, "document": document.pk},
            )
            for user in people.values()
        ]

    def context(self, params, recipient):
        context = super().context(params, recipient)
        document = DocumentContrat.objects.get(pk=params["document"])
        context.update(
            document=document,
            download=absolute(reverse("contrats:version_download", args=[params["version"]])),
            verification=absolute(reverse("contrats:verifier_reference", args=[document.reference])),
        )
        return context


@register
class DocumentEnEchec(_AboutVersion):
    kind = "contrat.document_echec"
    label = "La production du PDF d'un contrat signé a échoué"
    template = "contrats/emails/document_echec.txt"

    def announce(self, *, document):
        version = document.version
        people = list(mandate_holders([Role.CHEF_DE_PROJET], territoire=version.contrat.territoire))
        people += list(mandate_holders([Role.DELEGATION_NATIONALE]))
        return [
            Message(
                user,
                f"Échec de la production du contrat signé : {version.contrat.intitule}",
                _contrat_url(version),
                {"version": version.pk, "document": document.pk},
                once=f"{self.kind}:{document.pk}",
            )
            for user in people
        ]
