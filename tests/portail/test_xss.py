"""Markup typed into any text field is shown as text: in pages, in e-mails and in PDFs."""

import io

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from fiches_actions.services import comment_add, fiche_submit
from gouvernance.enums import Verdict
from gouvernance.services import decision_record, seance_convene, seance_publish_releve
from protocoles.services import protocole_save

from ..fiches_actions.conftest import complete_fiche
from ..gouvernance.conftest import in_days, move_to_past

pytestmark = pytest.mark.django_db

PAYLOAD = '<b>gras</b><script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;b&gt;gras&lt;/b&gt;&lt;script&gt;"


def pdf_text(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_payloads_are_text_everywhere(gov, porteur_a1, client, django_capture_on_commit_callbacks):
    fiche = complete_fiche(gov.world.a1, porteur_a1, titre=f"Usine {PAYLOAD}"[:200], description=PAYLOAD)
    with django_capture_on_commit_callbacks(execute=True):
        fiche = fiche_submit(fiche=fiche, by=porteur_a1)
        comment_add(fiche=fiche, by=gov.chef_a1, texte=PAYLOAD)
    # Plain-text e-mails carry the text as typed; none has an HTML part that could run it.
    assert mail.outbox and all(PAYLOAD in m.body or "Usine <b>gras</b>" in m.body for m in mail.outbox)
    assert all(not getattr(m, "alternatives", None) for m in mail.outbox)

    seance = move_to_past(
        seance_convene(
            comite=gov.comite_a1, by=gov.chef_a1, date=in_days(3), lieu=PAYLOAD, fiches=[fiche], points_libres=[PAYLOAD]
        )
    )
    decision_record(point=seance.points.get(fiche=fiche), by=gov.elu_a1, verdict=Verdict.A_COMPLETER, motifs=PAYLOAD)
    decision_record(point=seance.points.get(fiche=None), by=gov.elu_a1, verdict=Verdict.PRIS_ACTE, motifs=PAYLOAD)
    protocole_save(
        territoire=gov.world.a1,
        by=gov.chef_a1,
        engagements=PAYLOAD,
        enjeux=[{"axe": "competences", "intitule": PAYLOAD[:200]}],
    )

    client.force_login(gov.chef_a1)
    for url in (
        reverse("fiches_actions:fiche_detail", args=[fiche.pk]),
        reverse("fiches_actions:fiche_list"),
        reverse("gouvernance:seance_detail", args=[seance.pk]),
        reverse("protocoles:protocole_detail", args=[gov.world.a1.code]),
        reverse("pilotage:tableau_de_bord"),
    ):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page and "<b>gras</b>" not in page, url
    assert ESCAPED in client.get(reverse("fiches_actions:fiche_detail", args=[fiche.pk])).content.decode()

    seance_publish_releve(seance=seance, by=gov.chef_a1)
    for url in (
        reverse("gouvernance:seance_releve_pdf", args=[seance.pk]),
        reverse("protocoles:protocole_pdf", args=[gov.world.a1.code]),
    ):
        text = pdf_text(client.get(url))
        # Printed as the characters typed: markup interpreted by the renderer would leave « gras » alone.
        assert "<b>gras</b>" in text, url
