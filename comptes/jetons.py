"""Signing in to the API with a personal token (django-rest-knox), with French answers."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication
from rest_framework import exceptions

from .backends import read_ahead_for_person


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
        read_ahead_for_person(auth_token.user.pk)  # as a page's sign-in does: scope, counts, generation
        return (auth_token.user, auth_token)

    def _cleanup_token(self, auth_token) -> bool:
        """The presented token only: knox also reads every other token of the person on each call to
        delete the expired ones, a second query per request. Those are deleted when the person makes a
        new token, and are neither listed nor counted meanwhile (``habilitations.selectors.own_tokens``)."""
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False


class JetonScheme(KnoxTokenScheme):
    """The OpenAPI description of the token header (« Authorization: Token … »)."""

    target_class = "comptes.jetons.JetonAuthentication"
    name = "jetonApi"
