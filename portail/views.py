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

    return HttpResponseServerError(loader.get_template("500.html").render())


def sante(request):
    """Liveness for the container's health check and the framework floor of the benchmarks: no
    database, no session, no template."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
