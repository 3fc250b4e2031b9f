"""The legal pages every State service shows, reachable from the footer without signing in."""

from django.conf import settings
from django.urls import path
from django.views.generic import TemplateView


class CookiesView(TemplateView):
    template_name = "legal/cookies.html"

    def get_context_data(self, **kwargs):
        # Read from the settings, so that the page names the cookies the portal really sets.
        return {
            **super().get_context_data(**kwargs),
            "session_cookie": settings.SESSION_COOKIE_NAME,
            "csrf_cookie": settings.CSRF_COOKIE_NAME,
            "session_days": round(settings.SESSION_COOKIE_AGE / 86400),
        }


app_name = "legal"

urlpatterns = [
    path("accessibilite/", TemplateView.as_view(template_name="legal/accessibilite.html"), name="accessibilite"),
    path(
        "mentions-legales/", TemplateView.as_view(template_name="legal/mentions_legales.html"), name="mentions_legales"
    ),
    path(
        "donnees-personnelles/",
        TemplateView.as_view(template_name="legal/donnees_personnelles.html"),
        name="donnees_personnelles",
    ),
    path("cookies/", CookiesView.as_view(), name="cookies"),
    path("plan-du-site/", TemplateView.as_view(template_name="legal/plan_du_site.html"), name="plan_du_site"),
]
