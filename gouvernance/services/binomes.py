import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from comptes.models import User
from habilitations.enums import Role
from habilitations.models import Mandat
from habilitations.scoping import can
from territoires.models import Territoire

from ..models import Binome
from .mandats import mandat_create, mandat_end


@transaction.atomic
def binome_designate(
    *, territoire: Territoire, elu: User, industriel: User, by: User | None, date_debut: datetime.date | None = None
) -> Binome:
    """Name the territory's binôme. The previous pair is closed (kept in the history) and loses
    the binôme mandates; the new pair receives them."""
    if by is not None and not can(by, "binome.change", territoire):
        raise PermissionDenied("Vous ne pouvez pas désigner le binôme de ce territoire.")
    if by is not None and by.pk in (elu.pk, industriel.pk):
        raise PermissionDenied("Personne ne se désigne soi-même au binôme : demandez-le à un autre responsable.")
    if elu == industriel:
        raise ValidationError({"industriel": "L'élu et l'industriel du binôme sont deux personnes différentes."})
    date_debut = date_debut or timezone.localdate()
    previous = Binome.objects.select_for_update().filter(territoire=territoire, date_fin__isnull=True).first()
    if previous:
        if previous.date_debut > date_debut:
            raise ValidationError({"date_debut": "Le nouveau binôme ne peut commencer avant le binôme en place."})
        previous.date_fin = date_debut
        previous.save(update_fields=["date_fin"])
        for mandat in Mandat.objects.active(date_debut).filter(
            territoire=territoire, role__in=[Role.ELU_BINOME, Role.INDUSTRIEL_BINOME]
        ):
            mandat_end(mandat=mandat, by=None, on=date_debut)
    binome = Binome.objects.create(territoire=territoire, elu=elu, industriel=industriel, date_debut=date_debut)
    for user, role in ((elu, Role.ELU_BINOME), (industriel, Role.INDUSTRIEL_BINOME)):
        mandat_create(user=user, role=role, by=None, granted_by=by, territoire=territoire, date_debut=date_debut)
    return binome
