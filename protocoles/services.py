"""The protocole d'accord: its enjeux per axe, the commitments, and its signature."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from comptes.models import User
from gouvernance.services.journal import transition_record
from habilitations.scoping import can
from territoires.models import Territoire
from territoires.phases import axe_for

from .models import Enjeu, Protocole, SignataireProtocole


@transaction.atomic
def protocole_save(*, territoire: Territoire, by: User, engagements: str, enjeux: list[dict]) -> Protocole:
    """Write the draft protocol: its commitments and the enjeux (the needs fiches will answer)."""
    if not can(by, "contrat.prepare", territoire):
        raise PermissionDenied("Seuls le chef de projet et le binôme rédigent le protocole.")
    protocole, _ = Protocole.objects.get_or_create(territoire=territoire, defaults={"cree_par": by})
    if protocole.statut == Protocole.SIGNE:
        raise ValidationError("Le protocole est signé : il ne se modifie plus.")
    if not enjeux:
        raise ValidationError({"enjeux": "Le protocole énonce au moins un enjeu."})
    protocole.engagements = engagements.strip()
    protocole.save(update_fields=["engagements"])
    kept = []
    for ordre, data in enumerate(enjeux, start=1):
        # The same rule as a fiche's: an enjeu answers one axe of the territory's phase.
        try:
            axe = axe_for(territoire.phase_id, data["axe"])
        except ValidationError as error:
            raise ValidationError({"enjeux": f"Enjeu {ordre} : {error.message_dict['axe'][0]}"}) from None
        enjeu, _ = Enjeu.objects.update_or_create(
            protocole=protocole,
            axe=axe,
            intitule=data["intitule"].strip(),
            defaults={"description": data.get("description", ""), "ordre": ordre},
        )
        kept.append(enjeu.pk)
    protocole.enjeux.exclude(pk__in=kept).delete()
    return protocole


@transaction.atomic
def protocole_sign(
    *, protocole: Protocole, by: User, date: datetime.date, lieu: str, signataires: list[dict]
) -> Protocole:
    """Record the signature: date, place and each signatory (party, person, qualité)."""
    protocole = Protocole.objects.select_for_update().get(pk=protocole.pk)
    if not can(by, "contrat.prepare", protocole):
        raise PermissionDenied("Seuls le chef de projet et le binôme enregistrent la signature du protocole.")
    if protocole.statut == Protocole.SIGNE:
        raise ValidationError("Le protocole est déjà signé.")
    if not signataires:
        raise ValidationError({"signataires": "Indiquez au moins un signataire."})
    if not lieu.strip():
        raise ValidationError({"lieu": "Indiquez le lieu de signature."})
    SignataireProtocole.objects.bulk_create([SignataireProtocole(protocole=protocole, **s) for s in signataires])
    protocole.date_signature, protocole.lieu_signature = date, lieu.strip()
    protocole.signer()
    protocole.save()
    transition_record(
        obj=protocole,
        source=Protocole.BROUILLON,
        cible=Protocole.SIGNE,
        par=by,
        motif=f"Signé le {date:%d/%m/%Y} à {lieu.strip()}",
    )
    return protocole
