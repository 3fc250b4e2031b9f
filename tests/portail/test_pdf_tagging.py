"""The PDFs the portal produces (relevé, protocol, contract) are tagged for assistive technologies
(PDF/UA): a structure tree, « marked » content, a document language and a title."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from contrats.services.contrats import contrat_create
from gouvernance.services import seance_convene
from protocoles.models import Protocole

from ..factories import ProtocoleFactory
from ..gouvernance.conftest import in_days

pytestmark = pytest.mark.django_db


def catalog(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    reader = PdfReader(io.BytesIO(content))
    return reader.trailer["/Root"], reader.metadata


def test_releve_and_protocol_pdfs_are_tagged(gov, client):
    seance = seance_convene(
        comite=gov.comite_a1, by=gov.chef_a1, date=in_days(3), lieu="Amboise", points_libres=["Calendrier du contrat"]
    )
    ProtocoleFactory(territoire=gov.world.a1, cree_par=gov.chef_a1, engagements="Former les apprentis")
    version = contrat_create(
        territoire=gov.world.a1, by=gov.chef_a1, intitule="Contrat", annee_debut=2023, annee_fin=2027
    )
    client.force_login(gov.chef_a1)
    for url in (
        reverse("gouvernance:seance_releve_pdf", args=[seance.pk]),
        reverse("protocoles:protocole_pdf", args=[gov.world.a1.code]),
        reverse("contrats:version_preview", args=[version.pk]),
    ):
        root, metadata = catalog(client.get(url))
        assert "/StructTreeRoot" in root, url
        assert bool(root["/MarkInfo"]["/Marked"]), url
        assert str(root["/Lang"]).startswith("fr"), url
        assert metadata.title, url
