"""The platform's seal on signed contracts: its keys, its timestamp, and the verification.

Seals are PAdES B-T: the CMS signature carries an RFC 3161 timestamp from a timestamp authority, so
that anyone can tell when a contract was sealed even after the sealing certificate has expired.
Every certificate the portal has sealed with is kept (``CertificatSceau``): after a renewal, a
contract sealed before is verified against the certificate that sealed it, not the current one.

Production reads the seal's key and certificate (``PORTAIL_SEAL_KEY``/``PORTAIL_SEAL_CERT``) and the
timestamp authority (``PORTAIL_TSA_URL``, and its root ``PORTAIL_TSA_CERT``) from the environment and
refuses to seal without them. Elsewhere a development certificate and a development timestamp
authority, both generated once under ``var/sceau``, stand in.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import io
import logging
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

FIELD_NAME = "SceauPortail"


def _pem(value: str) -> bytes:
    """A PEM given inline (environment variable) or as the path of a file."""
    return value.encode() if value.lstrip().startswith("-----") else Path(value).read_bytes()


def _required() -> bool:
    return bool(getattr(settings, "PORTAIL_SEAL_REQUIRED", False))


def _dev_folder() -> Path:
    return Path(settings.VAR_DIR) / "sceau"


def seal_material() -> tuple[bytes, bytes]:
    """The sealing key and certificate, as PEM."""
    key, cert = settings.PORTAIL_SEAL_KEY, settings.PORTAIL_SEAL_CERT
    if key and cert:
        return _pem(key), _pem(cert)
    if _required():
        raise ImproperlyConfigured(
            "Le certificat du sceau n'est pas configuré : renseignez PORTAIL_SEAL_KEY et PORTAIL_SEAL_CERT."
        )
    folder = _dev_folder()
    key_path, cert_path = folder / "cle.pem", folder / "certificat.pem"
    if not key_path.exists():
        generate_certificate(folder, "cle.pem", "certificat.pem", "Sceau du portail (développement)")
    return key_path.read_bytes(), cert_path.read_bytes()


def generate_certificate(
    folder: Path,
    key_name: str,
    cert_name: str,
    common_name: str,
    *,
    timestamping=False,
    valid_from: datetime.datetime | None = None,
    days: int = 3650,
) -> None:
    """A self-signed certificate for development and tests: a seal's, or a timestamp authority's."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    folder.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Portail Territoires d'industrie"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    start = valid_from or datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    if timestamping:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    cert = builder.sign(key, hashes.SHA256())
    key_path = folder / key_name
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    key_path.chmod(0o600)
    (folder / cert_name).write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def _asn1_certificate(pem_bytes: bytes):
    from asn1crypto import pem, x509

    _, _, der = pem.unarmor(pem_bytes)
    return x509.Certificate.load(der)


def _dev_tsa_material() -> tuple[bytes, bytes]:
    folder = _dev_folder()
    key_path, cert_path = folder / "horodatage-cle.pem", folder / "horodatage-certificat.pem"
    if not key_path.exists():
        generate_certificate(
            folder, key_path.name, cert_path.name, "Horodatage du portail (développement)", timestamping=True
        )
    return key_path.read_bytes(), cert_path.read_bytes()


def timestamper():
    """The timestamp authority of the seals: the configured one (RFC 3161 over HTTP), or the
    development one in process. Production without a configured authority refuses to seal."""
    url = getattr(settings, "PORTAIL_TSA_URL", "")
    if url:
        return _http_timestamper(url)
    if _required():
        raise ImproperlyConfigured(
            "Aucune autorité d'horodatage n'est configurée : renseignez PORTAIL_TSA_URL "
            "(et PORTAIL_TSA_CERT, son certificat racine)."
        )
    return _dev_timestamper(*_dev_tsa_material())


# One timestamper per authority and process, because pyHanko sizes each signature with a sample token
# that the timestamper asks its authority for once and keeps: a new timestamper per seal asked twice,
# so every seal cost two round trips to the authority instead of one (and, for the development
# authority, two signatures, each parsing its key again).


@functools.lru_cache(maxsize=4)
def _http_timestamper(url: str):
    from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

    return RequestsHTTPTimeStamper(url, timeout=10)


@functools.lru_cache(maxsize=4)
def _dev_timestamper(key_pem: bytes, cert_pem: bytes):
    from asn1crypto import keys, pem
    from pyhanko.sign.timestamps import DummyTimeStamper

    return DummyTimeStamper(
        tsa_cert=_asn1_certificate(cert_pem), tsa_key=keys.PrivateKeyInfo.load(pem.unarmor(key_pem)[2])
    )


def tsa_roots() -> list:
    """The roots a seal's timestamp is checked against."""
    configured = getattr(settings, "PORTAIL_TSA_CERT", "")
    roots = [_asn1_certificate(_pem(configured))] if configured else []
    dev_cert = _dev_folder() / "horodatage-certificat.pem"
    if not _required() and dev_cert.exists():
        roots.append(_asn1_certificate(dev_cert.read_bytes()))
    return roots


def record_certificate(cert_pem: bytes):
    """Keep the certificate the portal seals with (once): verification will trust it for ever after,
    within its validity."""
    from ..models import CertificatSceau

    certificate = _asn1_certificate(cert_pem)
    fingerprint = hashlib.sha256(certificate.dump()).hexdigest()
    validity = certificate["tbs_certificate"]["validity"]
    recorded, _ = CertificatSceau.objects.get_or_create(
        empreinte=fingerprint,
        defaults={
            "pem": cert_pem.decode(),
            "sujet": certificate.subject.human_friendly[:300],
            "valide_du": validity["not_before"].native,
            "valide_au": validity["not_after"].native,
        },
    )
    return recorded


@functools.lru_cache(maxsize=4)
def _seal_signer(key_pem: bytes, cert_pem: bytes):
    """The seal's signer, built once per key and certificate (a renewal brings new PEMs, hence a new
    signer). pyHanko's own signer parses its private key again at each signature, and parsing an RSA
    key checks it, which cost about 40 ms of each seal: this one parses it once. A key of another kind
    than RSA (PKCS #1 v1.5, the portal's) signs through pyHanko's own path."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from pyhanko.keys import load_private_key_from_pemder_data
    from pyhanko.sign import signers
    from pyhanko.sign.general import get_pyca_cryptography_hash
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    class ParsedKeySigner(signers.SimpleSigner):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.parsed_key = serialization.load_der_private_key(self.signing_key.dump(), password=None)

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
            hash_algorithm = get_pyca_cryptography_hash(digest_algorithm)
            key = self.parsed_key
            if mechanism == "rsassa_pkcs1v15" and isinstance(key, RSAPrivateKey):
                return key.sign(data, PKCS1v15(), hash_algorithm)
            return super().sign_raw(data, digest_algorithm)

    return ParsedKeySigner(
        signing_cert=_asn1_certificate(cert_pem),
        signing_key=load_private_key_from_pemder_data(key_pem, passphrase=None),
        cert_registry=SimpleCertificateStore(),
    )


def seal(pdf: bytes) -> bytes:
    """Add the platform's PAdES B-T seal to ``pdf``: a hidden signature field (no widget on the page,
    so the document keeps its PDF/UA tagging) and the timestamp of the authority."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    key_pem, cert_pem = seal_material()
    stamper = timestamper()
    record_certificate(cert_pem)
    signer = _seal_signer(key_pem, cert_pem)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        reason="Contrat signé par toutes les parties",
        location="Portail Territoires d'industrie",
    )
    hidden = fields.SigFieldSpec(
        FIELD_NAME,
        invis_sig_settings=fields.InvisSigSettings(set_print_flag=False, set_hidden_flag=True, box_out_of_bounds=False),
    )
    output = _outside_event_loop(
        signers.sign_pdf,
        IncrementalPdfFileWriter(io.BytesIO(pdf)),
        meta,
        signer=signer,
        timestamper=stamper,
        new_field_spec=hidden,
    )
    return output.getvalue()


def _outside_event_loop(function, *args, **kwargs):
    """Call one of pyHanko's blocking functions, which start their own asyncio loop: from a thread
    where a loop already runs (an ASGI server, a browser-driven test) it runs in a thread of its own,
    instead of failing with its coroutines left unawaited."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    from django.db import connections

    def in_its_own_thread():
        try:
            return function(*args, **kwargs)
        finally:
            connections.close_all()  # the thread's own connections, if it opened any

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(in_its_own_thread).result()


def _seal_roots() -> list:
    from ..models import CertificatSceau

    try:
        _key, current = seal_material()
        record_certificate(current)
    except ImproperlyConfigured:
        pass
    return [_asn1_certificate(pem_text.encode()) for pem_text in CertificatSceau.objects.values_list("pem", flat=True)]


def seal_check(pdf: bytes):
    """The validation of the last seal of ``pdf`` (pyHanko's status), or None when there is none or the
    file is damaged. The seal's certificate is checked as it stood when the timestamp was given."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = _seal_roots()
    try:
        signatures = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
        if not signatures:
            return None
        signature = signatures[-1]
        ts_context = ValidationContext(trust_roots=tsa_roots(), allow_fetching=False)
        status = _outside_event_loop(
            validate_pdf_signature,
            signature,
            ValidationContext(trust_roots=roots, allow_fetching=False),
            ts_validation_context=ts_context,
        )
        stamp = status.timestamp_validity
        if not (status.valid and status.trusted) and stamp is not None and stamp.valid and stamp.trusted:
            # An expired certificate was valid when the authority timestamped the seal: check it then.
            status = _outside_event_loop(
                validate_pdf_signature,
                signature,
                ValidationContext(trust_roots=roots, allow_fetching=False, moment=stamp.timestamp),
                ts_validation_context=ts_context,
            )
    except Exception:  # noqa: BLE001 - a damaged file is simply not genuine
        logger.info("Sceau illisible", exc_info=True)
        return None
    return status


def seal_status(pdf: bytes) -> bool:
    """True when the PDF carries an intact, valid and trusted seal of this platform."""
    status = seal_check(pdf)
    return bool(status and status.intact and status.valid and status.trusted)
