"""The documents an API client is given a link to (a contract's sealed PDF, a protocol, a relevé) open
with the client's token as well as with a session: the link in the API answer must work for the API."""

from __future__ import annotations

import functools

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from rest_framework.exceptions import AuthenticationFailed

from .jetons import JetonAuthentication


def session_or_token(view):
    """``login_required``, but an ``Authorization: Token …`` header signs the request in for this view
    only (no session is opened); a wrong token is a 401 in French, never a redirect to the login page."""
    protected = login_required(view)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated and request.headers.get("Authorization", "").startswith("Token "):
            try:
                found = JetonAuthentication().authenticate(request)
            except AuthenticationFailed:
                found = None
            if found is None:
                return JsonResponse(
                    {"status": 401, "title": "Authentification requise", "detail": "Jeton invalide ou expiré."},
                    status=401,
                    content_type="application/problem+json",
                )
            request.user = found[0]
        return protected(request, *args, **kwargs)

    return wrapper
