"""Signing in to the API with a personal token (django-rest-knox), with French answers."""

import binascii
from hmac import compare_digest

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication
from knox.crypto import hash_token
from knox.models import get_token_model
from knox.settings import CONSTANTS
from rest_framework import exceptions

from portail.cache import cache_delete, cache_get, cache_set

from .backends import PERSON_TTL, ModelBackend


def tokens_key(token_key: str) -> str:
    return f"jetons:v1:{token_key}"


def forget_tokens(token_key: str) -> None:
    """Retire the kept tokens of that prefix now and once the transaction commits."""
    cache_delete(tokens_key(token_key))
    transaction.on_commit(lambda: cache_delete(tokens_key(token_key)))


class JetonAuthentication(TokenAuthentication):
    """``Authorization: Token …`` against the hashed tokens; an expired one is deleted on the way.

    The tokens of a prefix (their digests, expiries and owners, never the token itself) are kept in the
    cache like the signed-in person, and retired at once when one is created, revoked or deleted
    (``apps.py``); the owner is read through the person's cache (``backends.py``), so a deactivated
    account is refused at its next call. The digest is compared at every call, as knox does."""

    def authenticate_credentials(self, token):
        try:
            return self._authenticate(token)
        except exceptions.AuthenticationFailed as error:
            raise exceptions.AuthenticationFailed(_("Jeton invalide, expiré ou révoqué.")) from error

    def _authenticate(self, token):
        if isinstance(token, bytes):
            token = token.decode("utf-8")
        prefix = token[: CONSTANTS.TOKEN_KEY_LENGTH]
        rows = cache_get(tokens_key(prefix))
        if rows is None:
            rows = list(get_token_model().objects.filter(token_key=prefix))
            if rows:  # a prefix that names no token is not kept: made-up tokens would fill the cache
                cache_set(tokens_key(prefix), rows, PERSON_TTL)
        for auth_token in rows:
            if self._cleanup_token(auth_token):
                continue
            try:
                digest = hash_token(token)
            except (TypeError, binascii.Error) as error:
                raise exceptions.AuthenticationFailed(_("Jeton invalide.")) from error
            if compare_digest(digest, auth_token.digest):
                return self.validate_user(auth_token)
        raise exceptions.AuthenticationFailed(_("Jeton invalide."))

    def validate_user(self, auth_token):
        user = ModelBackend().get_user(auth_token.user_id)  # the person's cache, read ahead with its keys
        if user is None or not user.is_active:
            raise exceptions.AuthenticationFailed(_("Ce compte est désactivé."))
        auth_token.user = user
        return (user, auth_token)

    def _cleanup_token(self, auth_token) -> bool:
        """The presented token only: knox also reads every other token of the person on each call to
        delete the expired ones, a second query per request. Those are deleted when the person makes a
        new token, and are neither listed nor counted meanwhile (``habilitations.selectors.own_tokens``)."""
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            get_token_model().objects.filter(digest=auth_token.digest).delete()
            return True
        return False


class JetonScheme(KnoxTokenScheme):
    """The OpenAPI description of the token header (« Authorization: Token … »)."""

    target_class = "comptes.jetons.JetonAuthentication"
    name = "jetonApi"
