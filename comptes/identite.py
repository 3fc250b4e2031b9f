"""Who is asking: the account typed and the address it comes from, read the same way everywhere.

The login form, the token endpoint, django-axes's lock-out and DRF's throttling all ask these two
functions, so a rule cannot be dodged by changing letter case or by forging a header.
"""

from __future__ import annotations

from django.conf import settings


def normalise_email(value) -> str:
    """Accounts are found whatever the letter case (``email__iexact``), so failures are counted so too."""
    return str(value or "").strip().lower()


def axes_username(request, credentials=None) -> str:
    if credentials:
        return normalise_email(credentials.get("username") or credentials.get("email"))
    data = getattr(request, "data", None) or request.POST
    return normalise_email(data.get("username") or data.get("email"))


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or, behind ``TRUSTED_PROXY_COUNT`` proxies of our own, the
    address the outermost of them saw (read from the right of X-Forwarded-For, where a client
    cannot write)."""
    count = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count <= 0 or not forwarded:
        return remote
    addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
    if not addresses:
        return remote
    return addresses[-min(count, len(addresses))]
