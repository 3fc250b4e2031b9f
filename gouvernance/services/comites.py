import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from comptes.models import User
from habilitations.scoping import can
from territoires.models import EPCI, Region, Territoire

from ..enums import Qualite, TypeComite
from ..models import Comite, MembreComite


def comite_projet_get_or_create(*, territoire: Territoire) -> Comite:
    return Comite.objects.get_or_create(type=TypeComite.PROJET, territoire=territoire)[0]


def comite_regional_get_or_create(*, region: Region, type: TypeComite = TypeComite.REGIONAL) -> Comite:
    return Comite.objects.get_or_create(type=type, region=region)[0]


def comite_national_get_or_create() -> Comite:
    return Comite.objects.get_or_create(type=TypeComite.PILOTAGE_NATIONAL)[0]


@transaction.atomic
def membre_add(
    *,
    comite: Comite,
    user: User,
    qualite: Qualite | str,
    by: User | None,
    epci: EPCI | None = None,
    date_debut: datetime.date | None = None,
) -> MembreComite:
    """Seat a person on a committee with their qualité; a president of EPCI names an EPCI of the perimeter."""
    if by is not None and not can(by, "comite.manage_members", comite):
        raise PermissionDenied("Vous ne pouvez pas modifier la composition de ce comité.")
    if qualite == Qualite.PRESIDENT_EPCI:
        if epci is None:
            raise ValidationError({"epci": "Indiquez l'EPCI que préside ce membre."})
        territoire = comite.territoire if comite.type == TypeComite.PROJET else None
        if territoire is not None and not territoire.membres.filter(epci=epci).exists():
            raise ValidationError({"epci": "Cet EPCI n'appartient pas au périmètre du territoire."})
    if MembreComite.objects.active().filter(comite=comite, user=user).exists():
        raise ValidationError({"user": f"{user} siège déjà dans ce comité."})
    membre = MembreComite(
        comite=comite,
        user=user,
        qualite=qualite,
        epci=epci if qualite == Qualite.PRESIDENT_EPCI else None,
        date_debut=date_debut or timezone.localdate(),
    )
    membre.full_clean()
    membre.save()
    return membre


@transaction.atomic
def membre_end(*, membre: MembreComite, by: User | None, on: datetime.date | None = None) -> MembreComite:
    if by is not None and not can(by, "comite.manage_members", membre.comite):
        raise PermissionDenied("Vous ne pouvez pas modifier la composition de ce comité.")
    membre.date_fin = max(on or timezone.localdate(), membre.date_debut)
    membre.save(update_fields=["date_fin"])
    return membre


def composition_warnings(*, comite: Comite, membres) -> list[str]:
    """What DOMAIN.md says always sits on a comité de projet and is missing from ``membres``."""
    from ..enums import QUALITES_REQUISES_COMITE_PROJET

    if comite.type != TypeComite.PROJET:
        return []
    present = {m.qualite for m in membres}
    return [str(message) for qualite, message in QUALITES_REQUISES_COMITE_PROJET.items() if qualite not in present]


def comite_projet_follows_contract(*, territoire: Territoire, since: datetime.date) -> None:
    """The territory's contract is signed: its comité de projet now follows it (« comité de suivi »).

    Called by the contract's service; the committee's own table is written only here."""
    Comite.objects.filter(type=TypeComite.PROJET, territoire=territoire, suivi_depuis__isnull=True).update(
        suivi_depuis=since
    )
