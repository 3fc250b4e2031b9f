"""Rules every response and every request obeys, whatever view serves it."""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from django.http import HttpResponse
from django.shortcuts import render

# The portal uses none of these browser features: a page injected into it could not either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "sync-xhr",
        "usb",
        "xr-spatial-tracking",
    )
)

FORM_TYPES = ("application/x-www-form-urlencoded",)


class SecurityHeadersMiddleware:
    """A Permissions-Policy on every response; downloads (sealed PDFs, relevés, exports, attachments)
    never kept by a shared cache nor by the browser's: they are private to the person who asked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if response.has_header("Content-Disposition"):
            response["Cache-Control"] = "private, no-store"
        return response


def _undecodable(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


class RefuseUndecodableInputMiddleware:
    """A query string or form body that is not UTF-8 is refused in French, before any view runs.

    Django decodes such bytes with replacement characters, so « caf%E9 » would be stored as « caf� »
    and the author would lose what was typed without being told. The API has its own problem answer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._is_undecodable(request):
            if request.path.startswith("/api/"):
                import json

                from .api_errors import PARSE_DETAIL, PROBLEM_TYPE, problem

                return HttpResponse(
                    json.dumps(problem(400, PARSE_DETAIL), ensure_ascii=False), status=400, content_type=PROBLEM_TYPE
                )
            return render(request, "400_encodage.html", status=400)
        return self.get_response(request)

    @staticmethod
    def _is_undecodable(request) -> bool:
        query = request.META.get("QUERY_STRING", "")
        if query and _undecodable(unquote_to_bytes(query.replace("+", " "))):
            return True
        content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        if request.method in ("POST", "PUT", "PATCH") and content_type in FORM_TYPES:
            return _undecodable(unquote_to_bytes(request.body.replace(b"+", b" ")))
        return False
