from .contrats import Contrat, DocumentContrat, LigneContrat, PartieSignataire, Signature, VersionContrat
from .sceau import CertificatSceau

__all__ = [
    "CertificatSceau",
    "Contrat",
    "DocumentContrat",
    "LigneContrat",
    "PartieSignataire",
    "Signature",
    "VersionContrat",
]
