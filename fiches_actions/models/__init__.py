from .details import Commentaire, Indicateur, LigneFinancement, PieceJointe, ValeurIndicateur
from .fiches import FicheAction, FicheActionGroupObjectPermission, FicheActionUserObjectPermission, MesureNationale

__all__ = [
    "Commentaire", "FicheAction", "FicheActionGroupObjectPermission", "FicheActionUserObjectPermission",
    "Indicateur", "LigneFinancement", "MesureNationale", "PieceJointe", "ValeurIndicateur",
]
