from django.contrib import admin
from django.urls import include, path

from pilotage.views import accueil

from .views import sante

handler403 = "portail.views.permission_denied"
handler404 = "portail.views.page_not_found"
handler500 = "portail.views.server_error"

urlpatterns = [
    path("", accueil, name="accueil"),
    path("sante/", sante, name="sante"),
    path("", include("pilotage.urls")),
    path("", include("gouvernance.urls")),
    path("", include("fiches_actions.urls")),
    path("", include("protocoles.urls")),
    path("", include("contrats.urls")),
    path("compte/", include("comptes.urls")),
    path("compte/", include("habilitations.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("portail.legal")),
    path("admin/", admin.site.urls),
    path("", include("portail.api")),
]
