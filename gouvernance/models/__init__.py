from .binomes import Binome
from .comites import Comite, MembreComite
from .invitations import Invitation
from .journal import Transition
from .perimetre import DemandePerimetre, LigneDemandePerimetre
from .seances import Decision, PointOrdreDuJour, Presence, Seance

__all__ = [
    "Binome",
    "Comite",
    "Decision",
    "DemandePerimetre",
    "Invitation",
    "LigneDemandePerimetre",
    "MembreComite",
    "PointOrdreDuJour",
    "Presence",
    "Seance",
    "Transition",
]
