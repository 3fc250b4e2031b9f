"""The DSFR breadcrumb of a page: the trail of links above it, then the page itself.

Every page builds it here, so that the trail to an object reads the same wherever it is shown.
"""

from django.urls import reverse


def crumb(title: str, viewname: str, *args) -> tuple[str, str]:
    """One link of the trail: a title and a URL name with its arguments."""
    return (str(title), reverse(viewname, args=args))


def breadcrumb(*links: tuple[str, str], current: str) -> dict:
    """The context django-dsfr's breadcrumb tag reads: ``links`` to follow, then the ``current`` page."""
    return {"links": [{"url": url, "title": title} for title, url in links], "current": str(current)}
