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
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
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
        lignes.append({"ordre": ligne.ordre, "ferme": ligne.engagement_ferme, **data,
                       "cout": Decimal(data["cout_total"])})
    par_axe = [(label, [l for l in lignes if l["axe"] == key]) for key, label in AXES]
    totaux_axe = [(label, sum((l["cout"] for l in items), Decimal("0")), len(items)) for label, items in par_axe]
    par_financeur = defaultdict(Decimal)
    for ligne in lignes:
        for financement in ligne["financements"]:
            par_financeur[financement["financeur"]] += Decimal(financement["montant"])
    from gouvernance.models import Binome, Comite

    binome = Binome.objects.current().filter(territoire=territoire).select_related("elu", "industriel").first()
    comite = Comite.objects.filter(type="projet", territoire=territoire).first()
    parties = list(version.parties.select_related("signature").order_by("ordre"))
    return {
        "version": version, "contrat": contrat, "territoire": territoire, "projet": projet,
        "par_axe": [(label, items) for label, items in par_axe if items], "lignes": lignes,
        "totaux_axe": totaux_axe, "total": sum((l["cout"] for l in lignes), Decimal("0")),
        "par_financeur": sorted(par_financeur.items(), key=lambda item: -item[1]),
        "nb_fermes": sum(1 for l in lignes if l["ferme"]), "binome": binome,
        "comite_nom": comite.nom if comite else "Comité de projet", "parties": parties,
        "reference": reference, "url_verification": verification_url(reference) if reference else None,
        "qr": _qr_data_url(verification_url(reference)) if reference else None,
        "types_parties": dict(TypePartie.choices),
    }


def render_contract(version: VersionContrat, *, projet: bool, reference: str | None = None) -> bytes:
    html = render_to_string("contrats/contrat_pdf.html", contract_context(version, projet=projet, reference=reference))
    return render_pdf_html(html)


# ---------------------------------------------------------------- the platform's seal


def _seal_material() -> tuple[bytes, bytes]:
    """The sealing key and certificate, as PEM: from the environment in production, generated once
    under var/ otherwise (a self-signed development certificate)."""
    key, cert = settings.PORTAIL_SEAL_KEY, settings.PORTAIL_SEAL_CERT
    if key and cert:
        as_bytes = (lambda v: v.encode() if v.lstrip().startswith("-----") else Path(v).read_bytes())
        return as_bytes(key), as_bytes(cert)
    if getattr(settings, "PORTAIL_SEAL_REQUIRED", False):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Le certificat du sceau n'est pas configuré : renseignez PORTAIL_SEAL_KEY et "
                                   "PORTAIL_SEAL_CERT.")
    folder = Path(settings.VAR_DIR) / "sceau"
    key_path, cert_path = folder / "cle.pem", folder / "certificat.pem"
    if not key_path.exists():
        _generate_dev_certificate(folder)
    return key_path.read_bytes(), cert_path.read_bytes()


def _generate_dev_certificate(folder: Path) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    folder.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Portail Territoires d'industrie"),
                      x509.NameAttribute(NameOID.COMMON_NAME, "Sceau du portail (développement)")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    key_path = folder / "cle.pem"
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    (folder / "certificat.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def seal(pdf: bytes) -> bytes:
    """Add a PAdES signature of the platform to ``pdf``."""
    import tempfile

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    key_pem, cert_pem = _seal_material()
    with tempfile.TemporaryDirectory() as folder:
        key_path, cert_path = Path(folder) / "k.pem", Path(folder) / "c.pem"
        key_path.write_bytes(key_pem)
        cert_path.write_bytes(cert_pem)
        signer = signers.SimpleSigner.load(str(key_path), str(cert_path))
    meta = signers.PdfSignatureMetadata(field_name="SceauPortail", subfilter=fields.SigSeedSubFilter.PADES,
                                        reason="Contrat signé par toutes les parties",
                                        location="Portail Territoires d'industrie")
    output = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=signer)
    return output.getvalue()


def seal_status(pdf: bytes) -> bool:
    """True when the PDF carries a PAdES seal of this platform that is intact and valid."""
    from asn1crypto import pem, x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    _key, cert_pem = _seal_material()
    _, _, der = pem.unarmor(cert_pem)
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(der)])
    try:
        reader = PdfFileReader(io.BytesIO(pdf))
        signatures = reader.embedded_signatures
        if not signatures:
            return False
        status = validate_pdf_signature(signatures[-1], context)
    except Exception:  # a damaged file is simply not genuine
        return False
    return bool(status.intact and status.valid and status.trusted)


# ---------------------------------------------------------------- the background job


def _failed(document_id: int, reason: str) -> None:
    DocumentContrat.objects.filter(pk=document_id).update(statut=StatutDocument.ECHEC, erreur=reason[:2000])
    logger.error("Échec de la production du contrat %s : %s", document_id, reason)


def document_render(*, document_id: int, task_id: str = "") -> None:
    """Render, seal and store the signed PDF of one version; a second run finds it done."""
    with transaction.atomic():
        document = DocumentContrat.objects.select_for_update().get(pk=document_id)
        if document.statut == StatutDocument.TERMINE:
            return
        DocumentContrat.objects.filter(pk=document_id).update(statut=StatutDocument.EN_COURS, tache=task_id,
                                                              essais=document.essais + 1, erreur="")
    version = VersionContrat.objects.select_related("contrat__territoire__region_pilote").get(pk=document.version_id)
    try:
        pdf = seal(render_contract(version, projet=False, reference=document.reference))
    except Exception as error:
        DocumentContrat.objects.filter(pk=document_id).update(statut=StatutDocument.ECHEC,
                                                              erreur=f"{type(error).__name__} : {error}"[:2000])
        logger.exception("Échec de la production du contrat %s", document_id)
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


def verify(*, content: bytes | None = None, reference: str | None = None) -> dict:
    """Is this the genuine document? Looked up by its fingerprint (an uploaded file) or its reference."""
    documents = DocumentContrat.objects.select_related("version__contrat__territoire").filter(
        statut=StatutDocument.TERMINE)
    if content is not None:
        document = documents.filter(sha256=hashlib.sha256(content).hexdigest()).first()
        if document is None:
            return {"authentique": False, "raison": "Ce fichier ne correspond à aucun contrat produit par le portail : "
                                                    "il a pu être modifié, même d'un seul octet."}
        if not seal_status(content):
            return {"authentique": False, "raison": "Le sceau électronique du fichier n'est pas valide."}
    else:
        document = documents.filter(reference=(reference or "").strip().upper()).first()
        if document is None:
            return {"authentique": False, "raison": "Aucun contrat ne porte cette référence."}
    version = document.version
    return {"authentique": True, "document": document, "version": version,
            "signatures": list(version.parties.select_related("signature").order_by("ordre"))}


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
    ids = list(DocumentContrat.objects.filter(
        Q(statut=StatutDocument.EN_ATTENTE, cree_le__lt=now - datetime.timedelta(seconds=waiting_for_seconds))
        | Q(statut=StatutDocument.EN_COURS, cree_le__lt=now - datetime.timedelta(seconds=rendering_for_seconds))
    ).values_list("pk", flat=True))
    for document_id in ids:
        enqueue_render(document_id)
    return len(ids)
