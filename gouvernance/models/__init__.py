from .binomes import Binome
from .comites import Comite, MembreComite
from .invitations import Invitation
from .journal import Transition
from .mandats import Mandat, MandatQuerySet
from .perimetre import DemandePerimetre, LigneDemandePerimetre
from .seances import Decision, PointOrdreDuJour, Presence, Seance

__all__ = [
    "Binome",
    "Comite",
    "Decision",
    "DemandePerimetre",
    "Invitation",
    "LigneDemandePerimetre",
    "Mandat",
    "MandatQuerySet",
    "MembreComite",
    "PointOrdreDuJour",
    "Presence",
    "Seance",
    "Transition",
]
