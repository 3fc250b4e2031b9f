from .contrats import Contrat, DocumentContrat, LigneContrat, PartieSignataire, Signature, VersionContrat
from .protocoles import Enjeu, Protocole, SignataireProtocole
from .sceau import CertificatSceau

__all__ = [
    "CertificatSceau",
    "Enjeu",
    "Protocole",
    "SignataireProtocole",
    "Contrat",
    "DocumentContrat",
    "LigneContrat",
    "PartieSignataire",
    "Signature",
    "VersionContrat",
]
