"""ProConnect's login and return pages, off unless ProConnect is configured. Who may sign in by it is
decided by the backend in habilitations, beside the mandates."""

from django.conf import settings
from django.http import Http404
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView


def _enabled():
    if not settings.OIDC_ENABLED:
        raise Http404("La connexion ProConnect n'est pas activée.")


class ProConnectRequestView(OIDCAuthenticationRequestView):
    def get(self, request):
        _enabled()
        return super().get(request)


class ProConnectCallbackView(OIDCAuthenticationCallbackView):
    def get(self, request):
        _enabled()
        return super().get(request)
