"""Findings 7, 8 and 9: seals that outlive their certificate and carry a timestamp, PDFs whose
internal links are jumps inside the document, and a seal that adds nothing visible to the page."""

import hashlib
import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured
from pypdf import PdfReader

from contrats.models import CertificatSceau, DocumentContrat
from contrats.services import sceau
from contrats.services.contenu import render_contract
from contrats.services.sceau import generate_certificate, seal, seal_check, seal_status
from contrats.services.verification import verify

from ..contrats.conftest import signatories, validated_version  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract_pdf(validated_version):
    return render_contract(validated_version, projet=False, reference="ABCDE12345")


def new_seal_certificate(tmp_path, settings, name):
    generate_certificate(tmp_path, f"{name}-cle.pem", f"{name}-cert.pem", f"Sceau {name}")
    settings.PORTAIL_SEAL_KEY = str(tmp_path / f"{name}-cle.pem")
    settings.PORTAIL_SEAL_CERT = str(tmp_path / f"{name}-cert.pem")


def test_the_seal_carries_a_timestamp_that_pyhanko_validates(contract_pdf):
    status = seal_check(seal(contract_pdf))
    assert status.intact and status.valid and status.trusted
    assert status.timestamp_validity is not None
    assert status.timestamp_validity.intact and status.timestamp_validity.valid and status.timestamp_validity.trusted


def test_a_contract_sealed_before_a_renewal_still_verifies(validated_version, contract_pdf, settings, tmp_path):
    new_seal_certificate(tmp_path, settings, "2026")
    sealed = seal(contract_pdf)
    document = DocumentContrat.objects.create(
        version=validated_version, reference="ABCDE12345", statut="termine", sha256=hashlib.sha256(sealed).hexdigest()
    )
    new_seal_certificate(tmp_path, settings, "2027")  # the certificate is renewed
    assert seal_status(seal(contract_pdf))  # and seals with the new one
    assert seal_status(sealed)
    assert verify(content=sealed)["authentique"]
    assert verify(reference=document.reference)["authentique"]
    assert CertificatSceau.objects.count() >= 2  # both kept, with their validity
    # A certificate the portal never sealed with is not trusted, whatever the file says.
    CertificatSceau.objects.filter(sujet__contains="2026").delete()
    assert not seal_status(sealed)


def test_production_refuses_to_seal_without_a_timestamp_authority(settings, tmp_path, contract_pdf):
    new_seal_certificate(tmp_path, settings, "prod")
    settings.PORTAIL_SEAL_REQUIRED = True
    settings.PORTAIL_TSA_URL = ""
    with pytest.raises(ImproperlyConfigured, match="PORTAIL_TSA_URL"):
        seal(contract_pdf)


@pytest.fixture
def local_tsa(tmp_path, settings):
    """A timestamp authority over HTTP on this machine, answering RFC 3161 requests."""
    from asn1crypto import keys, pem, tsp
    from pyhanko.sign.timestamps import DummyTimeStamper

    generate_certificate(tmp_path, "tsa-cle.pem", "tsa-cert.pem", "Autorité d'horodatage de test", timestamping=True)
    authority = DummyTimeStamper(
        tsa_cert=sceau._asn1_certificate((tmp_path / "tsa-cert.pem").read_bytes()),
        tsa_key=keys.PrivateKeyInfo.load(pem.unarmor((tmp_path / "tsa-cle.pem").read_bytes())[2]),
    )
    requests_seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            requests_seen.append(self.headers["Content-Type"])
            body = authority.request_tsa_response(request).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.PORTAIL_TSA_URL = f"http://127.0.0.1:{server.server_port}/"
    settings.PORTAIL_TSA_CERT = str(tmp_path / "tsa-cert.pem")
    yield requests_seen
    server.shutdown()
    server.server_close()


def test_a_configured_timestamp_authority_is_asked_over_http(contract_pdf, local_tsa, settings, tmp_path):
    new_seal_certificate(tmp_path, settings, "prod")
    settings.PORTAIL_SEAL_REQUIRED = True  # as in production: no development stand-in
    status = seal_check(seal(contract_pdf))
    assert local_tsa and set(local_tsa) == {"application/timestamp-query"}
    assert status.trusted and status.timestamp_validity.trusted


def annotations(pdf: bytes):
    reader = PdfReader(io.BytesIO(pdf))
    for number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            yield number, annotation.get_object(), reader


def test_internal_links_are_jumps_and_no_file_uri_is_left(contract_pdf):
    sealed = seal(contract_pdf)
    assert b"file://" not in sealed
    links = [a for _, a, _ in annotations(sealed) if a.get("/Subtype") == "/Link"]
    internal = [a for a in links if "/Dest" in a]
    assert len(internal) >= 6  # the table of contents: préambule, gouvernance, actions, financement, parties…
    reader = PdfReader(io.BytesIO(sealed))
    pages = {page.indirect_reference.idnum for page in reader.pages}
    for link in internal:
        destination = link["/Dest"]
        if not isinstance(destination, list):  # a named destination
            destination = reader.named_destinations[str(destination)]
            page = destination.page
        else:
            page = destination[0]
        assert page.get_object().indirect_reference.idnum in pages  # the link lands on a page of the document
    assert not [a for a in links if str(a.get("/A", {}).get("/URI", "")).startswith("file:")]


def test_the_seal_adds_nothing_visible_to_the_page(contract_pdf):
    widgets = [a for _, a, _ in annotations(seal(contract_pdf)) if a.get("/Subtype") == "/Widget"]
    assert widgets, "the seal's field"
    for widget in widgets:
        assert int(widget["/F"]) & 0b10, "Hidden flag: outside the structure tree by PDF/UA's own rule"
        assert not int(widget["/F"]) & 0b100, "never printed"


def test_the_sealed_pdf_keeps_its_tagging(contract_pdf):
    reader = PdfReader(io.BytesIO(seal(contract_pdf)))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]).startswith("fr") and reader.metadata.title


def test_sealing_and_checking_work_from_a_thread_where_an_event_loop_runs(db, monkeypatch):
    """pyHanko starts its own asyncio loop: called where one already runs (a test driving a browser,
    which lets Django's ORM run there as the browser tests do), it must still seal and verify, not fail
    with its coroutines left unawaited."""
    import asyncio

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    from contrats.services.sceau import seal, seal_status
    from portail.pdf import render_pdf_html

    pdf = render_pdf_html("<p>Contrat de démonstration</p>")

    async def inside_a_loop():
        from django.db import connection

        try:
            sealed = seal(pdf)
            return sealed, seal_status(sealed)
        finally:
            connection.close()  # the connection this context opened (Django's are per context)

    sealed, genuine = asyncio.run(inside_a_loop())
    assert sealed != pdf and genuine


def test_the_seal_key_is_parsed_once_and_every_seal_made_with_it_verifies(contract_pdf, monkeypatch):
    """Parsing an RSA key checks it (about 40 ms): the seal parses its key once, not at each contract."""
    from cryptography.hazmat.primitives import serialization
    from pyhanko.keys import load_private_key_from_pemder_data

    key_der = load_private_key_from_pemder_data(sceau.seal_material()[0], passphrase=None).dump()
    parse = serialization.load_der_private_key
    parsed = []
    monkeypatch.setattr(
        serialization,
        "load_der_private_key",
        lambda data, *args, **kwargs: parsed.append(data) or parse(data, *args, **kwargs),
    )
    sceau._seal_signer.cache_clear()
    sealed = [seal(contract_pdf) for _ in range(3)]
    assert parsed.count(key_der) == 1
    for document in sealed:
        status = seal_check(document)
        assert status.intact and status.valid and status.trusted


def test_the_authority_is_asked_once_per_seal_and_once_for_the_sample_that_sizes_them(
    contract_pdf, local_tsa, settings, tmp_path
):
    """pyHanko sizes each signature with a sample token that its timestamper asks the authority for
    once, then keeps: the portal keeps one timestamper per authority, so a contract costs one round
    trip to the authority, not two."""
    new_seal_certificate(tmp_path, settings, "prod")
    settings.PORTAIL_SEAL_REQUIRED = True
    sealed = [seal(contract_pdf) for _ in range(3)]
    assert len(local_tsa) == 1 + 3
    for document in sealed:
        status = seal_check(document)
        assert status.intact and status.trusted and status.timestamp_validity.trusted
