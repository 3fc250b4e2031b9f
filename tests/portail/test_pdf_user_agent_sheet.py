"""The portal's PDFs are styled against a lean copy of WeasyPrint's user-agent sheet (without the rules
that give every element its own ``::marker``, footnote and note pseudo-elements). It must change
nothing on the page: every box of a document lies where WeasyPrint's full sheet puts it."""

import io

from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.html import UA

from portail import pdf
from portail.pdf import PDF_BASE_URL, PortalHTML, StaticOnlyFetcher, lean_user_agent_css, render_pdf_html

LEAN = pdf.lean_user_agent_sheet()


def laid_out(document_class, html: str) -> list[list[tuple]]:
    """Every box of every page: its kind, its element, its text and its place, to the hundredth of a pixel."""
    document = document_class(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyFetcher()).render()
    return [
        [
            (
                type(box).__name__,
                box.element_tag,
                getattr(box, "text", None),
                round(box.position_x, 2),
                round(box.position_y, 2),
                round(box.width or 0, 2),
                round(box.height or 0, 2),
            )
            for box in page._page_box.descendants()
        ]
        for page in document.pages
    ]


def assert_same_layout(html: str) -> None:
    full, lean = laid_out(HTML, html), laid_out(PortalHTML, html)
    assert len(lean) == len(full)
    for number, (full_page, lean_page) in enumerate(zip(full, lean, strict=True), start=1):
        assert lean_page == full_page, f"page {number}"


EVERY_ELEMENT_OF_THE_PDF_TEMPLATES = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Document</title><link rel="stylesheet" href="/static/css/contrat.css"></head><body>
<section><h1>Relevé de décisions</h1><h2>Ordre du jour</h2><h3>Point 1</h3>
<p>Une ligne<br>puis une autre, un <strong>mot gras</strong>, un <a href="#fin">lien</a>,
<span>une portée</span> et une <q>citation</q>.</p></section>
<ul><li>Premier point<ul><li>sous-point</li><li>autre sous-point</li></ul></li><li>Second point</li></ul>
<ol><li>Un</li><li>Deux</li><li>Trois</li></ol>
<div><table><thead><tr><th scope="col">Financeur</th><th scope="col">Montant</th></tr></thead>
<tbody><tr><td>Région</td><td>600 000 €</td></tr><tr><th scope="row">Total</th><td>1 000 000 €</td></tr></tbody>
</table></div><p id="fin">Fin du document.</p></body></html>"""


def test_a_document_with_every_element_the_pdf_templates_use_is_laid_out_as_with_the_full_sheet():
    assert_same_layout(EVERY_ELEMENT_OF_THE_PDF_TEMPLATES)


def test_the_lean_sheet_keeps_every_rule_but_those_reaching_every_element():
    lean = lean_user_agent_css(UA)
    selectors = [line.split("{")[0].strip() for line in lean.splitlines() if "{" in line]
    assert not [selector for selector in selectors if selector.startswith("::")]
    assert "li::marker" in selectors  # list items keep their bullets and numbers
    # Everything else of WeasyPrint's sheet is still there: block display, headings, tables, lists.
    for kept in ("li { display: list-item }", "ol { list-style-type: decimal }", "table { box-sizing: border-box }"):
        assert kept in lean


def test_weasyprint_styles_the_portals_documents_against_the_lean_sheet(monkeypatch):
    # The lean sheet reaches WeasyPrint through a method of its HTML class: should an upgrade stop
    # calling it, the portal would silently fall back to the full sheet and its cost.
    asked = []
    monkeypatch.setattr(pdf, "lean_user_agent_sheet", lambda: asked.append(True) or LEAN)
    assert render_pdf_html(EVERY_ELEMENT_OF_THE_PDF_TEMPLATES).startswith(b"%PDF")
    assert asked


def test_a_document_with_a_footnote_is_rendered_with_its_call_and_its_note():
    """The lean sheet leaves out the footnote pseudo-elements, on which WeasyPrint fails: such a
    document is rendered with the full sheet, call and note in place."""
    html = "<html lang='fr'><body><p>Engagement<span style='float: footnote'>Voir annexe</span> tenu.</p></body></html>"
    text = PdfReader(io.BytesIO(render_pdf_html(html))).pages[0].extract_text()
    assert "Engagement1 tenu." in text and "1. Voir annexe" in text
