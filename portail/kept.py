"""A list page's content, kept for the person at its address (``portail.cache.kept_for_person``).

The page's frame (header, unread count, messages, the sign-out form's CSRF token) is rendered at
each request around it; only the content block is kept, which must therefore carry no form that
posts (a CSRF token belongs to a session, not to a person).
"""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from .cache import keep, kept_for_person, page_key


def kept_content(request, name: str, template: str, context, *, until=None) -> SafeString:
    """``template`` rendered with ``context()`` (called only when nothing is kept), as safe HTML."""
    html = kept_for_person(request, name, lambda: render_to_string(template, context(), request=request), until=until)
    return mark_safe(html)  # noqa: S308 — our own template's output, autoescaped when it was rendered


def kept_json(request, view, key: str, data):
    """The JSON document of ``data()`` kept under ``key`` (``portail.cache.keep``: the key holds the
    generation token and whatever the data depend on), one per media type asked (« indent=4 »), or a
    plain response for another format (the browsable API)."""
    renderer = request.accepted_renderer
    if not isinstance(renderer, JSONRenderer):
        return Response(data())
    body = keep(
        f"{key}:json:{request.accepted_media_type}",
        lambda: renderer.render(data(), request.accepted_media_type, view.get_renderer_context()),
    )
    return HttpResponse(body, content_type=renderer.media_type)


class KeptListMixin:
    """An API list (DRF) kept for the person at its address, as the JSON document the client reads; a
    refused filter or page number raises before anything is kept."""

    kept_name = ""

    def list(self, request, *args, **kwargs):
        parent = super()
        key = page_key(request, f"api-{self.kept_name}")
        return kept_json(request, self, key, lambda: parent.list(request, *args, **kwargs).data)
