"""PDF rendering with WeasyPrint, locked down: it may read the project's static files and nothing else."""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
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


def render_pdf_html(html: str) -> bytes:
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyFetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1")


def render_pdf(template: str, context: dict) -> bytes:
    return render_pdf_html(render_to_string(template, context))
