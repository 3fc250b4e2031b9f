"""Is this the genuine signed contract? Anyone may ask, by the file's fingerprint or its reference."""

from __future__ import annotations

import hashlib

from ..enums import StatutDocument
from ..models import DocumentContrat
from .sceau import seal_status


def verify(*, content: bytes | None = None, reference: str | None = None) -> dict:
    """Is this the genuine document? Looked up by its fingerprint (an uploaded file) or its reference."""
    documents = DocumentContrat.objects.select_related("version__contrat__territoire").filter(
        statut=StatutDocument.TERMINE
    )
    if content is not None:
        document = documents.filter(sha256=hashlib.sha256(content).hexdigest()).first()
        if document is None:
            return {
                "authentique": False,
                "raison": "Ce fichier ne correspond à aucun contrat produit par le portail : "
                "il a pu être modifié, même d'un seul octet.",
            }
        if not seal_status(content):
            return {"authentique": False, "raison": "Le sceau électronique du fichier n'est pas valide."}
    else:
        document = documents.filter(reference=(reference or "").strip().upper()).first()
        if document is None:
            return {"authentique": False, "raison": "Aucun contrat ne porte cette référence."}
    version = document.version
    return {
        "authentique": True,
        "document": document,
        "version": version,
        "signatures": list(version.parties.select_related("signature").order_by("ordre")),
    }
