"""Every state change of the governance app, each in a transaction and checking who asks."""

from .binomes import binome_designate
from .comites import (
    comite_national_get_or_create,
    comite_projet_get_or_create,
    comite_regional_get_or_create,
    membre_add,
    membre_end,
)
from .invitations import invitation_accept, invitation_check, invitation_create
from .mandats import can_grant, compte_create, mandat_create, mandat_end
from .perimetre import demande_perimetre_create
from .seances import (
    decision_record,
    seance_cancel,
    seance_convene,
    seance_move,
    seance_publish_releve,
    seance_record_attendance,
    seance_record_past,
)

__all__ = [
    "binome_designate",
    "can_grant",
    "comite_national_get_or_create",
    "comite_projet_get_or_create",
    "comite_regional_get_or_create",
    "compte_create",
    "decision_record",
    "demande_perimetre_create",
    "invitation_accept",
    "invitation_check",
    "invitation_create",
    "mandat_create",
    "mandat_end",
    "membre_add",
    "membre_end",
    "seance_cancel",
    "seance_convene",
    "seance_record_past",
    "seance_move",
    "seance_publish_releve",
    "seance_record_attendance",
]
