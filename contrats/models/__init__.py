from .contrats import Contrat, DocumentContrat, LigneContrat, PartieSignataire, Signature, VersionContrat

__all__ = ["Contrat", "DocumentContrat", "LigneContrat", "PartieSignataire", "Signature", "VersionContrat"]
