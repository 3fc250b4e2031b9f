"""How the API reads its query string: every parameter known, foreign keys by their key, no surprise.

- A parameter the endpoint does not know (a typo, ``page[x]=…``) is refused in French, naming it,
  instead of being silently ignored.
- A filter on a related object takes its key as the schema says (an integer id, a région code, a
  territory code): a well-formed key that matches nothing is an empty list, not an error; a key of
  the wrong type is a 400 naming the filter.
"""

from __future__ import annotations

import django_filters
from django.core.validators import RegexValidator
from django.db import models
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend, OrderingFilter

ALWAYS_ALLOWED = {"format"}


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    field_class = django_filters.fields.forms.IntegerField


KEY = r"^[A-Za-z0-9-]{0,40}$"  # empty: no filter


@extend_schema_field({"type": "string", "pattern": KEY})
class KeyFilter(django_filters.CharFilter):
    """A code (« ti-2405 », « 24 », « bpifrance », « 2023-2027 »): letters, digits and hyphens only."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [RegexValidator(KEY, "Indiquez un code (lettres, chiffres et tirets).")])
        super().__init__(*args, **kwargs)


class PortailFilterSet(django_filters.FilterSet):
    """Foreign keys filter by their key, without looking it up first (a missing one matches nothing)."""

    @classmethod
    def filter_for_lookup(cls, field, lookup_type):
        if isinstance(field, models.ForeignKey) and lookup_type == "exact":
            target = field.target_field
            if isinstance(target, models.AutoField | models.BigAutoField | models.IntegerField):
                return IdFilter, {}
            return KeyFilter, {}
        return super().filter_for_lookup(field, lookup_type)


class FilterBackend(DjangoFilterBackend):
    filterset_base = PortailFilterSet


def known_parameters(request, view) -> set[str]:
    known = set(ALWAYS_ALLOWED)
    paginator = getattr(view, "paginator", None)
    if paginator is not None:
        known |= {
            getattr(paginator, name)
            for name in ("page_query_param", "page_size_query_param", "limit_query_param", "offset_query_param")
            if getattr(paginator, name, None)
        }
    for backend in getattr(view, "filter_backends", ()):
        if issubclass(backend, DjangoFilterBackend) and hasattr(view, "get_queryset"):
            filterset_class = backend().get_filterset_class(view, view.get_queryset())
            if filterset_class is not None:
                known |= set(filterset_class.base_filters)
        elif issubclass(backend, OrderingFilter):
            known.add(backend.ordering_param)
    known |= set(getattr(view, "extra_query_parameters", ()))
    return known


class KnownParametersOnly(BaseFilterBackend):
    """First of the filter backends: refuses a query parameter the endpoint does not read."""

    def filter_queryset(self, request, queryset, view):
        unknown = sorted(set(request.query_params) - known_parameters(request, view))
        if unknown:
            raise ValidationError({name: ["Paramètre inconnu de cette adresse."] for name in unknown})
        return queryset
