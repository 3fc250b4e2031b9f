"""Who is signed in, read from the cache: every page asked PostgreSQL for the person (and, before
that, for a health check of the connection), two round trips that made a bare page a fifth slower.

The person is kept as loaded, before anything of the request is attached to it, and retired at once
on every change that could sign them out or alter what they are: any save or deletion of the account
(password, activity, names, rights: ``apps.py``) and the « sign out everywhere » that bumps the
sessions' generation with ``update()`` (``services.other_sessions_end``). Django still checks each
session against the kept person's password and generation. Should Redis miss a retirement (it was
away at that moment), the kept copy lives ``PERSON_TTL`` at most, as the cached scope does."""

from collections.abc import Callable

from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db import transaction

from portail.cache import cache_delete, cache_get_with, cache_set

# The path a password sign-in records in the session (``login(..., backend=PASSWORD_BACKEND)``).
PASSWORD_BACKEND = "comptes.backends.ModelBackend"
PERSON_TTL = 300  # seconds


def person_key(user_id) -> str:
    return f"personne:v1:{user_id}"


# What every page reads about the signed-in person besides the person (their scope, their unread
# count): the floors above register the keys, read in the person's round trip to Redis.
_read_with_person: list[Callable[[int], str]] = []


def read_with_person(key_of: Callable[[int], str]) -> None:
    if key_of not in _read_with_person:
        _read_with_person.append(key_of)


def keys_read_with_person(user_id) -> list[str]:
    """The person's key and every key registered to be read with it."""
    return [person_key(user_id), *[key_of(user_id) for key_of in _read_with_person]]


def forget_person(user_id) -> None:
    """Retire the kept copy now and once the transaction commits (a concurrent page may have kept
    the old row in between)."""
    if user_id is None:
        return
    cache_delete(person_key(user_id))
    transaction.on_commit(lambda: cache_delete(person_key(user_id)))


class CachedPersonMixin:
    """``get_user`` of an authentication backend, through the cache."""

    def get_user(self, user_id):
        user = cache_get_with(person_key(user_id), also=keys_read_with_person(user_id)[1:])
        if user is None:
            user = super().get_user(user_id)  # type: ignore[misc]
            if user is not None:
                cache_set(person_key(user_id), user, PERSON_TTL)
        return user


class ModelBackend(CachedPersonMixin, DjangoModelBackend):
    """Django's e-mail and password backend, the person read through the cache."""
