"""What the contract's PDF shows of each fiche, and that the portal's lean user-agent sheet lays it out
exactly as WeasyPrint's full sheet would."""

import io
import re

import pytest
from django.template.loader import render_to_string
from pypdf import PdfReader

from contrats.services.contenu import contract_context, render_contract

from ..portail.test_pdf_user_agent_sheet import assert_same_layout
from .test_contrats import pdf_text

pytestmark = pytest.mark.django_db


def test_each_fiche_of_the_annex_shows_its_whole_funding_plan(validated_version):
    text = pdf_text(render_contract(validated_version, projet=False, reference="ABCDE12345"))
    annex = text[text.rindex("Annexe : les fiches actions") :]
    fiches = re.split(r"Fiche n° \d+ — ", annex)[1:]
    assert len(fiches) == 3
    for fiche in fiches:
        # Each line with its funder, its status and its amount, then the fiche's total (complete_fiche's plan).
        plan = fiche[fiche.index("Plan de financement (€ HT) :") :]
        assert re.search(r"Région, sollicité : 600 000 €", plan), plan
        assert re.search(r"État, acquis : 400 000 €", plan), plan
        assert "Coût total : 1 000 000 €" in plan


def test_a_fiche_without_funding_lines_says_so_and_keeps_its_total(validated_version):
    from contrats.models import LigneContrat

    ligne = LigneContrat.objects.filter(version=validated_version).order_by("ordre").first()
    ligne.instantane = {**ligne.instantane, "financements": []}
    ligne.save(update_fields=["instantane"])
    text = pdf_text(render_contract(validated_version, projet=False, reference="ABCDE12345"))
    annex = text[text.rindex("Annexe : les fiches actions") :]
    first = re.split(r"Fiche n° \d+ — ", annex)[1]
    assert "Plan de financement : aucun financement inscrit. Coût total : 1 000 000 €" in first


def test_the_signed_contract_is_laid_out_as_with_weasyprints_full_sheet(validated_version):
    assert_same_layout(
        render_to_string("contrats/contrat_pdf.html", contract_context(validated_version, projet=False, reference="X1"))
    )


def test_the_table_of_contents_gives_the_page_each_part_starts_on(validated_version):
    reader = PdfReader(io.BytesIO(render_contract(validated_version, projet=False, reference="ABCDE12345")))
    pages = [page.extract_text() or "" for page in reader.pages]
    cover = pages[0]
    titles = [line.lstrip("• ").strip() for line in cover[cover.index("Sommaire") :].splitlines()[1:8]]
    numbers = [int(number) for number in re.findall(r"^(\d+)$", cover, re.MULTILINE)]
    assert titles == [
        "Préambule",
        "Gouvernance",
        "Les fiches actions par axe",
        "Synthèse financière",
        "Les parties signataires",
        "Page des signatures",
        "Annexe : les fiches actions",
    ]
    assert len(numbers) == len(titles) and numbers == sorted(numbers) and numbers[0] >= 2  # the cover is page 1
    for title, number in zip(titles, numbers, strict=True):
        assert title in pages[number - 1], (title, number)
        assert not any(title in page for page in pages[1 : number - 1]), (title, number)
