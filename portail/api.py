"""The REST API v1: one router for every app, token and session authentication, OpenAPI schema and
its documentation page served by the portal itself (no outside CDN)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from comptes.api import ObtainToken
from contrats.api import ContratViewSet
from fiches_actions.api import FicheViewSet
from gouvernance.api import (
    ComiteViewSet,
    DecisionViewSet,
    DepartementViewSet,
    EPCIViewSet,
    RegionViewSet,
    SeanceViewSet,
    TerritoireViewSet,
)
from pilotage.api import AFaireView, ChiffresView, PublicDatasetView
from portail.api_errors import api_not_found
from protocoles.api import ProtocoleViewSet

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("departements", DepartementViewSet, basename="departement")
router.register("epci", EPCIViewSet, basename="epci")
router.register("territoires", TerritoireViewSet, basename="territoire")
router.register("comites", ComiteViewSet, basename="comite")
router.register("seances", SeanceViewSet, basename="seance")
router.register("decisions", DecisionViewSet, basename="decision")
router.register("fiches", FicheViewSet, basename="fiche")
router.register("protocoles", ProtocoleViewSet, basename="protocole")
router.register("contrats", ContratViewSet, basename="contrat")


urlpatterns = [
    path("api/v1/auth/token/", ObtainToken.as_view(), name="api_token"),
    path("api/v1/chiffres/", ChiffresView.as_view(), name="api_chiffres"),
    path("api/v1/a-faire/", AFaireView.as_view(), name="api_a_faire"),
    path("api/v1/public/<slug:name>/", PublicDatasetView.as_view(), name="api_public"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
    # Last: any other address under /api/ is answered as the API answers, not with an HTML page.
    re_path(r"^api/", api_not_found),
]
