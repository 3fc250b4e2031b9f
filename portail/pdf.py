"""PDF rendering with WeasyPrint, locked down: it may read the project's static files and nothing else."""

import functools
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlparse

import tinycss2
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class ForbiddenResource(ValueError):
    pass


def static_path(url: str) -> Path | None:
    """The file behind a ``/static/...`` URL of the project, or None for anything else."""
    parsed = urlparse(url)
    if parsed.scheme not in ("", "file") or parsed.netloc or parsed.query:
        return None
    path = unquote(parsed.path)
    if not path.startswith(settings.STATIC_URL) or ".." in path:
        return None
    found = finders.find(path[len(settings.STATIC_URL) :])
    return Path(found) if found else None


class StaticOnlyFetcher(URLFetcher):
    """Serve ``/static/...`` from the project's static files; refuse every other URL and scheme.

    User text reaches PDFs escaped; should markup ever slip through (``<img src="file:///etc/passwd">``,
    ``<link href="http://127.0.0.1:9/">``), nothing outside the static files is read and no request
    leaves the machine.
    """

    def fetch(self, url, headers=None):
        if url.startswith("data:image/"):
            # Inline images built by the portal itself (QR codes): no file, no network.
            return super().fetch(url, headers)
        path = static_path(url)
        if path is None:
            raise ForbiddenResource(f"Ressource refusée dans un PDF : {url[:80]}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})


# A base that WeasyPrint keeps as it is: « /static/… » resolves against it for the fetcher, and a
# fragment link (« #actions ») stays a jump inside the document. A bare "/" became « file:// »,
# which turned every internal link into a URI action pointing at file://#….
PDF_BASE_URL = "file:///"


def lean_user_agent_css(ua_css: str) -> str:
    """WeasyPrint's HTML user-agent sheet, less what gives every element of the document its own
    pseudo-elements: ``::marker`` applies to list items only, and the footnote and note pseudo-elements
    (``::footnote-call``, ``::note-marker``…) go, as the portal's documents have neither. WeasyPrint
    computes a style for each pseudo-element a rule reaches, six per element with the full sheet: that
    was a sixth of a 21-fiche contract's rendering, for nothing on the page."""
    rules = []
    for rule in tinycss2.parse_stylesheet(ua_css):
        if rule.type == "qualified-rule":
            selector = tinycss2.serialize(rule.prelude).strip()
            if selector.startswith("::marker"):
                selector = "li" + selector
            elif selector.startswith("::"):
                continue
            rules.append(f"{selector} {{{tinycss2.serialize(rule.content)}}}")
        elif rule.type == "at-rule":
            rules.append(rule.serialize())
    return "\n".join(rules)


@functools.cache
def lean_user_agent_sheet() -> CSS:
    from weasyprint.css.counters import CounterStyle
    from weasyprint.html import UA

    return CSS(string=lean_user_agent_css(UA), counter_style=CounterStyle())


class PortalHTML(HTML):
    """A portal document: WeasyPrint's own HTML, styled against the lean user-agent sheet."""

    def _ua_stylesheets(self, forms=False):
        # The portal's PDFs hold no form fields: WeasyPrint asks for the form sheet only when it
        # writes PDF forms, which the portal never does.
        return [lean_user_agent_sheet()]


def render_pdf_html(html: str) -> bytes:
    options = {"pdf_variant": "pdf/ua-1"}
    try:
        document = PortalHTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyFetcher()).render(**options)
    except TypeError:
        # WeasyPrint fails on a footnote (``float: footnote``) or a note without the pseudo-element
        # rules the lean sheet leaves out. No document of the portal has one today; one that does is
        # rendered with the full sheet rather than not at all.
        document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyFetcher()).render(**options)
    return document.write_pdf(**options)


def render_pdf(template: str, context: dict) -> bytes:
    return render_pdf_html(render_to_string(template, context))
