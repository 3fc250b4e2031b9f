"""The signed contract's production, in the worker: render, seal (PAdES, pyHanko), store with its
SHA-256, once; failures are recorded on the document and notified."""

from __future__ import annotations

import datetime
import hashlib
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from portail.cache import figures_changed
from portail.storage import StorageError, save_whole

from ..enums import StatutDocument
from ..models import DocumentContrat, VersionContrat
from .contenu import render_contract
from .sceau import seal

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------- the background job


def _failed(document_id: int, reason: str) -> None:
    """Record the failure; the chef de projet and the delegation are told once per document."""
    from notifications.services import notify

    with transaction.atomic():
        DocumentContrat.objects.filter(pk=document_id).update(statut=StatutDocument.ECHEC, erreur=reason[:2000])
        figures_changed(territoires=())  # an update() sends no signal: the inboxes that list failures must see it
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
