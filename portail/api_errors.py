"""Every error of the API in one format: French problem details (RFC 9457), with the fields at fault.

One exception handler for the whole API: the refusals of the services (Django's ValidationError and
PermissionDenied), DRF's own errors (validation, authentication, throttling, unknown objects) and
the bodies a parser cannot read (malformed JSON, bytes that are not UTF-8, a broken multipart body)
all answer ``application/problem+json``. Messages never name an internal model or echo a Python
error: a client reads what to fix, in the users' language.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.openapi import AutoSchema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_TYPE = "application/problem+json"

TITLES = {
    400: "Requête invalide",
    401: "Authentification requise",
    403: "Action refusée",
    404: "Ressource introuvable",
    405: "Méthode non permise",
    406: "Format de réponse non disponible",
    409: "Conflit de modification",
    413: "Requête trop volumineuse",
    415: "Type de contenu non pris en charge",
    422: "Requête refusée par une règle",
    429: "Trop de requêtes",
}

# DRF's messages for these carry the parser's own (English) words: the client gets ours instead.
PARSE_DETAIL = (
    "Le corps de la requête est illisible : envoyez un JSON valide encodé en UTF-8 (ou un formulaire "
    "multipart bien formé)."
)
NOT_FOUND_DETAIL = "Aucune ressource ne correspond à cette adresse dans votre périmètre."


# DRF messages that its French catalogue leaves in English.
UNTRANSLATED = {
    "No data provided": "Aucune donnée reçue : envoyez un objet JSON.",
}


def _flatten(detail) -> dict[str, list[str]] | list[str] | str:
    if isinstance(detail, dict):
        return {str(key): _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) for item in detail]
    return UNTRANSLATED.get(str(detail), str(detail))


class RuleRefused(exceptions.APIException):
    """A well-formed request that a rule of the portal refuses (a plan that does not add up, a fiche
    not complete enough to be deposited, an id that names nothing): 422, where a malformed one is
    400. Not a ValidationError, so that a serializer does not fold it into its 400."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "regle"

    def __init__(self, errors: dict):
        self.errors = errors
        super().__init__(detail=errors)


class TooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Requête trop volumineuse : le corps d'une requête ne dépasse pas 2,5 Mo."
    default_code = "trop_volumineuse"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Conflit de modification : rechargez la ressource puis reportez vos changements."
    default_code = "conflit"


def _from_django(exc):
    if isinstance(exc, DjangoValidationError) and any(
        error.code == "conflit" for error in getattr(exc, "error_list", [])
    ):
        return Conflict(exc.messages[0])
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return RuleRefused({field: errors for field, errors in exc.message_dict.items()})
        return RuleRefused({"non_field_errors": exc.messages})
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or "Votre rôle ne permet pas cette action.")
    if isinstance(exc, Http404):
        return exceptions.NotFound(NOT_FOUND_DETAIL)
    if isinstance(exc, UnicodeDecodeError):
        return exceptions.ParseError(PARSE_DETAIL)
    if isinstance(exc, RequestDataTooBig):
        return TooLarge()
    return exc


def problem(status_code: int, detail: str, errors=None, **extra) -> dict:
    body = {"type": "about:blank", "title": TITLES.get(status_code, "Erreur"), "status": status_code, "detail": detail}
    if errors:
        body["errors"] = errors
    body.update(extra)
    return body


def problem_exception_handler(exc, context):
    exc = _from_django(exc)
    if isinstance(exc, exceptions.ParseError):
        exc = exceptions.ParseError(PARSE_DETAIL)
    elif isinstance(exc, exceptions.NotFound):
        exc = exceptions.NotFound(NOT_FOUND_DETAIL)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = response.status_code
    if isinstance(exc, exceptions.ValidationError | RuleRefused):
        errors = _flatten(exc.detail)
        if isinstance(errors, list):
            errors = {"non_field_errors": errors}
        detail = _summary(errors)
        body = problem(code, detail, errors)
    elif isinstance(exc, exceptions.Throttled):
        wait = exc.wait
        detail = (
            "Trop de requêtes : réessayez dans quelques instants."
            if wait is None
            else f"Trop de requêtes : réessayez dans {max(1, round(wait))} secondes."
        )
        body = problem(code, detail)
    else:
        body = problem(code, _french(exc, code))
    return Response(body, status=code, headers=dict(response.items()), content_type=PROBLEM_TYPE)


def _summary(errors: dict) -> str:
    fields = [name for name in errors if name != "non_field_errors"]
    general = errors.get("non_field_errors") or []
    if general and not fields:
        first = general[0]
        return first if isinstance(first, str) else "La requête contient des erreurs."
    if fields:
        return "La requête contient des erreurs sur : " + ", ".join(fields) + "."
    return "La requête contient des erreurs."


FRENCH = {
    exceptions.NotAuthenticated: "Authentifiez-vous : jeton (« Authorization: Token … ») ou session.",
    exceptions.AuthenticationFailed: "Jeton ou identifiants invalides.",
    exceptions.MethodNotAllowed: "Cette méthode n'est pas permise sur cette adresse.",
    exceptions.NotAcceptable: "Ce format de réponse n'est pas disponible : demandez du JSON.",
    exceptions.UnsupportedMediaType: "Type de contenu non pris en charge : envoyez du JSON (application/json).",
}


def _french(exc, code) -> str:
    for kind, message in FRENCH.items():
        if isinstance(exc, kind):
            return message
    detail = getattr(exc, "detail", "")
    if code == status.HTTP_403_FORBIDDEN:
        text = str(detail)
        if text.startswith("CSRF Failed"):
            return "Jeton CSRF absent ou invalide : rechargez la page (ou authentifiez-vous par jeton)."
        # DRF's default English refusal is replaced; the services' French reasons are kept.
        return (
            text
            if text and text != str(exceptions.PermissionDenied.default_detail)
            else "Votre rôle ne permet pas cette action."
        )
    return str(detail) or TITLES.get(code, "Erreur")


@csrf_exempt  # answered the same for every method: a POST here must not meet the CSRF page
def api_not_found(request, *args, **kwargs):
    """An address under /api/ that matches no route (an id with a dot, a typo): a problem, not a page."""
    return JsonResponse(
        problem(404, NOT_FOUND_DETAIL), status=404, content_type=PROBLEM_TYPE, json_dumps_params={"ensure_ascii": False}
    )


class ProblemSerializer(serializers.Serializer):
    """The body of every error response (RFC 9457), for the schema."""

    type = serializers.CharField(help_text="« about:blank » : le statut HTTP suffit à qualifier l'erreur.")
    title = serializers.CharField(help_text="Intitulé de l'erreur, en français.")
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text="Ce qu'il faut corriger, en français.")
    errors = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text="Pour une requête invalide : les messages de chaque champ fautif.",
    )


class ProblemAutoSchema(AutoSchema):
    """Every operation documents the errors the portal answers on purpose, with their problem body."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = ["400", "401", "403", "404", "422", "429"]
        if self.method in ("POST", "PUT", "PATCH"):
            codes += ["413", "415"]
        if self.method in ("PUT", "PATCH"):
            codes.append("409")
        for code in codes:
            responses.setdefault(code, self._get_response_for_code(ProblemSerializer, code, [PROBLEM_TYPE], direction))
        return responses


NO_NUL = "^[^\\u0000]*$"


def text_without_nul(result, generator, request, public):
    """Schema post-processing: a text the API reads never contains the NUL character (the database
    cannot store it, and the API refuses it with a 400): every free request string says so."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if not name.endswith("Request"):
            continue
        for prop in component.get("properties", {}).values():
            _forbid_nul(prop)
    return result


def _forbid_nul(schema: dict) -> None:
    if schema.get("type") == "string" and not {"pattern", "enum", "format"} & set(schema):
        schema["pattern"] = NO_NUL
    for key in ("items",):
        if isinstance(schema.get(key), dict):
            _forbid_nul(schema[key])
    for option in schema.get("oneOf", []) + schema.get("allOf", []) + schema.get("anyOf", []):
        if isinstance(option, dict):
            _forbid_nul(option)
