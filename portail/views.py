from django.http import HttpResponse
from django.shortcuts import render


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a request context on purpose: the failure may come from a context processor.
    from django.http import HttpResponseServerError
    from django.template import loader

    from .context_processors import shell_links

    try:
        context = shell_links(request)  # reversing names needs no request state, only the URL configuration
    except Exception:  # noqa: BLE001 — the page must render whatever failed
        context = {}
    return HttpResponseServerError(loader.get_template("500.html").render(context))


def sante(request):
    """Liveness for the container's health check and the framework floor of the benchmarks: no
    database, no session, no template."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
