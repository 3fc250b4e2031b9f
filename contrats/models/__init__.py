from .protocoles import Enjeu, Protocole, SignataireProtocole
from .contrats import Contrat, DocumentContrat, LigneContrat, PartieSignataire, Signature, VersionContrat

__all__ = ["Enjeu", "Protocole", "SignataireProtocole", "Contrat", "DocumentContrat", "LigneContrat", "PartieSignataire", "Signature", "VersionContrat"]
