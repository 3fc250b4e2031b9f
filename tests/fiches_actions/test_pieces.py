import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fiches_actions.models import PieceJointe
from portail.uploads import check_upload

from .conftest import complete_fiche
from .test_visibility import PDF

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"PE\x00\x00" + b"\x00" * 200


def upload(client, fiche, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("fiches_actions:piece_upload", args=[fiche.pk]),
        {"fichier": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_a_pdf_is_attached_and_downloaded_through_the_scope(gov, porteur_a1, client):
    fiche = complete_fiche(gov.world.a1, porteur_a1)
    client.force_login(porteur_a1)
    page = upload(client, fiche, "plan de financement.pdf", PDF).content.decode()
    assert "« plan de financement.pdf » est joint à la fiche." in page
    piece = PieceJointe.objects.get()
    assert piece.type_mime == "application/pdf" and piece.taille == len(PDF)
    assert "plan de financement" not in piece.fichier.name  # stored under a random name
    download = client.get(reverse("fiches_actions:piece_download", args=[piece.pk]))
    assert b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"]


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("gros.pdf", b"%PDF-1.4" + b"0" * (20 * 1024 * 1024), "pèse 20,0\u00a0Mo : la limite est de 10\u00a0Mo"),
        ("facture.pdf", EXE, "n&#x27;est ni un PDF, ni une image, ni un document bureautique"),
        ("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "ne correspond pas à son extension .pdf"),
    ],
)
def test_bad_files_are_refused(gov, porteur_a1, client, name, content, message):
    fiche = complete_fiche(gov.world.a1, porteur_a1)
    client.force_login(porteur_a1)
    page = upload(client, fiche, name, content).content.decode()
    assert message in page
    assert not PieceJointe.objects.exists()


def test_type_is_read_from_the_content():
    assert check_upload(name="scan.png", content=b"\x89PNG\r\n\x1a\n" + b"\x00" * 100) == "image/png"
    with pytest.raises(ValidationError):
        check_upload(name="virus.exe", content=EXE)
