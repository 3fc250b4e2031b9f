"""Finding 16: a full storage at the production of a sealed contract leaves no partial file, records
why in French, and offers the retry, which succeeds once there is room again (a real 12 kB tmpfs,
smaller than any sealed contract)."""

import subprocess

import pytest
from django.urls import reverse

from contrats.enums import StatutDocument
from contrats.models import DocumentContrat

from ..contrats.conftest import sign_all, signatories, validated_version  # noqa: F401  (fixtures)


@pytest.fixture
def tiny_disk(tmp_path, settings):
    mount_point = tmp_path / "plein"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=12k", "tmpfs", str(mount_point)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.fail(f"Ce test monte un petit tmpfs (root requis) : {mounted.stderr}")
    settings.MEDIA_ROOT = str(mount_point)
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


@pytest.mark.django_db
def test_a_full_disk_leaves_no_partial_file_and_offers_the_retry(
    gov, validated_version, signatories, client, tiny_disk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_all(validated_version, signatories)
    document = DocumentContrat.objects.get()
    assert document.statut == StatutDocument.ECHEC
    assert "l'espace de stockage des documents est plein" in document.erreur
    leftovers = [p for p in tiny_disk.rglob("*") if p.is_file()]
    assert leftovers == [], leftovers
    client.force_login(gov.chef_a1)
    page = client.get(reverse("contrats:contrat_detail", args=[validated_version.contrat_id])).content.decode()
    assert "espace de stockage des documents est plein" in page.replace("&#x27;", "'")
    assert "Relancer la production" in page

    subprocess.run(["mount", "-o", "remount,size=4m", str(tiny_disk)], check=True)  # room again
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("contrats:document_retry", args=[validated_version.pk]))
    document.refresh_from_db()
    assert document.statut == StatutDocument.TERMINE
    assert [p.name for p in tiny_disk.rglob("*.pdf")] == [f"contrat-{document.reference}.pdf"]
