"""API sign-in: a personal token from an account's e-mail and password."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView


class TokenRequest(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenResponse(serializers.Serializer):
    token = serializers.CharField(
        help_text="À garder : il n'est montré qu'une fois (seule son empreinte est conservée)."
    )
    expiry = serializers.DateTimeField(
        help_text="Fin de validité (90 jours) ; un nouveau mot de passe le révoque aussi."
    )
    nom = serializers.CharField(help_text="Nom du jeton, tel qu'il apparaît sur la page « Mon compte ».")


class ClientAddressThrottle(AnonRateThrottle):
    """Counted per client address as the login lock-out reads it, never per a header a client writes."""

    def get_ident(self, request):
        from .identite import client_ip

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
        from .identite import normalise_email

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
        from django.utils import timezone

        from .services import jeton_create

        instance, token = jeton_create(user=user, nom=f"Demandé par l'API le {timezone.localdate():%d/%m/%Y}")
        return Response({"token": token, "expiry": instance.expiry, "nom": instance.nom})
