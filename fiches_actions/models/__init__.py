from .details import Commentaire, ImportFiches, Indicateur, LigneFinancement, PieceJointe, ValeurIndicateur
from .fiches import FicheAction, FicheActionGroupObjectPermission, FicheActionUserObjectPermission, MesureNationale

__all__ = [
    "Commentaire",
    "FicheAction",
    "ImportFiches",
    "FicheActionGroupObjectPermission",
    "FicheActionUserObjectPermission",
    "Indicateur",
    "LigneFinancement",
    "MesureNationale",
    "PieceJointe",
    "ValeurIndicateur",
]
