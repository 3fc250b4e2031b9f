"""The REST API v1: one router for every app, token and session authentication, OpenAPI schema and
its documentation page served by the portal itself (no outside CDN)."""

from django.urls import include, path, re_path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

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
from pilotage.api import AFaireView, ChiffresView
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


class TokenRequest(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenResponse(serializers.Serializer):
    token = serializers.CharField()


class ClientAddressThrottle(AnonRateThrottle):
    """Counted per client address as the login lock-out reads it, never per a header a client writes."""

    def get_ident(self, request):
        from comptes.identite import client_ip

        return client_ip(request)


class ObtainToken(APIView):
    """A personal token from the e-mail and password of an account (rate-limited like the login)."""

    authentication_classes = []
    permission_classes = []
    throttle_classes = [ClientAddressThrottle]
    throttle_scope = "anon"

    @extend_schema(request=TokenRequest, responses={200: TokenResponse})
    def post(self, request):
        from django.contrib.auth import authenticate

        data = TokenRequest(data=request.data)
        data.is_valid(raise_exception=True)
        from comptes.identite import normalise_email

        user = authenticate(
            request, username=normalise_email(data.validated_data["email"]), password=data.validated_data["password"]
        )
        if user is None or not user.is_active:
            from portail.api_errors import PROBLEM_TYPE, problem

            return Response(
                problem(401, "Adresse électronique ou mot de passe incorrect."),
                status=401,
                content_type=PROBLEM_TYPE,
                headers={"WWW-Authenticate": 'Token realm="api"'},
            )
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


urlpatterns = [
    path("api/v1/auth/token/", ObtainToken.as_view(), name="api_token"),
    path("api/v1/chiffres/", ChiffresView.as_view(), name="api_chiffres"),
    path("api/v1/a-faire/", AFaireView.as_view(), name="api_a_faire"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
    # Last: any other address under /api/ is answered as the API answers, not with an HTML page.
    re_path(r"^api/", api_not_found),
]
