"""Signing in to the API with a personal token (django-rest-knox), with French answers."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication
from rest_framework import exceptions


class JetonAuthentication(TokenAuthentication):
    """``Authorization: Token …`` against the hashed tokens; an expired one is deleted on the way."""

    def authenticate_credentials(self, token):
        try:
            return super().authenticate_credentials(token)
        except exceptions.AuthenticationFailed as error:
            raise exceptions.AuthenticationFailed(_("Jeton invalide, expiré ou révoqué.")) from error

    def validate_user(self, auth_token):
        if not auth_token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Ce compte est désactivé."))
        return (auth_token.user, auth_token)


class JetonScheme(KnoxTokenScheme):
    """The OpenAPI description of the token header (« Authorization: Token … »)."""

    target_class = "comptes.jetons.JetonAuthentication"
    name = "jetonApi"
