"""The contract as a document: the same HTML for the preview (watermarked « projet ») and the signed
PDF, rendered by WeasyPrint (PDF/UA), sealed with the platform's certificate (PAdES, pyHanko),
stored with its SHA-256 and verifiable by anyone."""

from __future__ import annotations

import base64
import datetime
import hashlib
import io
import logging
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from portail.pdf import render_pdf_html
from portail.storage import StorageError, save_whole

from ..enums import StatutDocument, TypePartie
from ..models import DocumentContrat, VersionContrat
from .contrats import snapshot

logger = logging.getLogger(__name__)
AXES = [("recruter", "Recruter"), ("attirer", "Attirer"), ("innover", "Innover"), ("simplifier", "Simplifier")]


def verification_url(reference: str) -> str:
    return f"{settings.PORTAIL_BASE_URL}{reverse('contrats:verifier_reference', args=[reference])}"


def _qr_data_url(text: str) -> str:
    import qrcode
    from qrcode.image.svg import SvgPathImage

    image = qrcode.make(text, image_factory=SvgPathImage, box_size=10, border=1)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def contract_context(version: VersionContrat, *, projet: bool, reference: str | None = None) -> dict:
    """Everything the document shows, computed from the frozen fiches (or the live ones in a draft)."""
    contrat, territoire = version.contrat, version.contrat.territoire
    lignes = []
    for ligne in version.lignes.select_related("fiche__territoire").prefetch_related("fiche__financements__operateur"):
        data = ligne.instantane or snapshot(ligne.fiche)
        lignes.append(
            {"ordre": ligne.ordre, "ferme": ligne.engagement_ferme, **data, "cout": Decimal(data["cout_total"])}
        )
    par_axe = [(label, [ligne for ligne in lignes if ligne["axe"] == key]) for key, label in AXES]
    totaux_axe = [
        (label, sum((ligne["cout"] for ligne in items), Decimal("0")), len(items)) for label, items in par_axe
    ]
    par_financeur = defaultdict(Decimal)
    for ligne in lignes:
        for financement in ligne["financements"]:
            par_financeur[financement["financeur"]] += Decimal(financement["montant"])
    from gouvernance.models import Binome, Comite

    binome = Binome.objects.current().filter(territoire=territoire).select_related("elu", "industriel").first()
    comite = Comite.objects.filter(type="projet", territoire=territoire).first()
    parties = list(version.parties.select_related("signature").order_by("ordre"))
    return {
        "version": version,
        "contrat": contrat,
        "territoire": territoire,
        "projet": projet,
        "par_axe": [(label, items) for label, items in par_axe if items],
        "lignes": lignes,
        "totaux_axe": totaux_axe,
        "total": sum((ligne["cout"] for ligne in lignes), Decimal("0")),
        "par_financeur": sorted(par_financeur.items(), key=lambda item: -item[1]),
        "nb_fermes": sum(1 for ligne in lignes if ligne["ferme"]),
        "binome": binome,
        "comite_nom": comite.nom if comite else "Comité de projet",
        "parties": parties,
        "reference": reference,
        "url_verification": verification_url(reference) if reference else None,
        "qr": _qr_data_url(verification_url(reference)) if reference else None,
        "types_parties": dict(TypePartie.choices),
    }


def render_contract(version: VersionContrat, *, projet: bool, reference: str | None = None) -> bytes:
    html = render_to_string("contrats/contrat_pdf.html", contract_context(version, projet=projet, reference=reference))
    return render_pdf_html(html)


# The platform's seal lives in its own module; these names stay importable from here.
from .sceau import seal, seal_status  # noqa: E402,F401

# ---------------------------------------------------------------- the background job


def _failed(document_id: int, reason: str) -> None:
    """Record the failure; the chef de projet and the delegation are told once per document."""
    from notifications.services import notify

    with transaction.atomic():
        DocumentContrat.objects.filter(pk=document_id).update(statut=StatutDocument.ECHEC, erreur=reason[:2000])
        notify(
            "contrat.document_echec",
            document=DocumentContrat.objects.select_related("version__contrat__territoire").get(pk=document_id),
        )
    logger.error("Échec de la production du contrat %s : %s", document_id, reason)


def document_render(*, document_id: int, task_id: str = "") -> None:
    """Render, seal and store the signed PDF of one version; a second run finds it done."""
    with transaction.atomic():
        document = DocumentContrat.objects.select_for_update().get(pk=document_id)
        if document.statut == StatutDocument.TERMINE:
            return
        DocumentContrat.objects.filter(pk=document_id).update(
            statut=StatutDocument.EN_COURS, tache=task_id, essais=document.essais + 1, erreur=""
        )
    version = VersionContrat.objects.select_related("contrat__territoire__region_pilote").get(pk=document.version_id)
    try:
        pdf = seal(render_contract(version, projet=False, reference=document.reference))
    except Exception as error:
        _failed(document_id, f"{type(error).__name__} : {error}")
        raise
    with transaction.atomic():
        document = DocumentContrat.objects.select_for_update().get(pk=document_id)
        if document.statut == StatutDocument.TERMINE:
            return  # another run finished first: keep its file, the document exists once
        try:
            save_whole(document.fichier, f"contrat-{document.reference}.pdf", pdf)
        except StorageError as error:
            # Not raised: a full disk is not cured by the task's automatic retries; the page says
            # why and offers « Relancer la production » once the storage is back.
            _failed(document_id, str(error))
            return
        document.sha256 = hashlib.sha256(pdf).hexdigest()
        document.statut = StatutDocument.TERMINE
        document.fini_le = timezone.now()
        document.tache = task_id
        document.save()
        from notifications.services import notify

        notify("contrat.signe", document=document)


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


def enqueue_render(document_id: int) -> None:
    """Queue the rendering; if the broker is unreachable the signature stays recorded and the
    periodic sweep queues the document later."""
    from portail.queue import enqueue

    from ..tasks import render_signed_contract

    enqueue(render_signed_contract, document_id)


def documents_requeue(*, waiting_for_seconds: int = 20, rendering_for_seconds: int = 45) -> int:
    """Queue again the documents still waiting (their task never reached the broker) or still being
    rendered long after a render takes (their worker died). Rendering is idempotent: a document queued
    twice is produced once."""
    now = timezone.now()
    ids = list(
        DocumentContrat.objects.filter(
            Q(statut=StatutDocument.EN_ATTENTE, cree_le__lt=now - datetime.timedelta(seconds=waiting_for_seconds))
            | Q(statut=StatutDocument.EN_COURS, cree_le__lt=now - datetime.timedelta(seconds=rendering_for_seconds))
        ).values_list("pk", flat=True)
    )
    for document_id in ids:
        enqueue_render(document_id)
    return len(ids)
