"""Fields of the API whose schema says exactly what they accept, so that a client can build a valid
value, and whose refusals are in French."""

from __future__ import annotations

import re

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .api_errors import RuleRefused

DECIMAL_PATTERN = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"
# A territory named in a request body by its code (ti-2405, 2402).
TERRITORY_CODE = r"^[A-Za-z0-9-]{1,40}$"


@extend_schema_field({"type": "string", "format": "decimal", "pattern": DECIMAL_PATTERN})
class PositiveDecimalField(serializers.DecimalField):
    """A non-negative number with at most two decimals, written as a string (amounts, targets)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str | int) or isinstance(data, bool) or not re.fullmatch(DECIMAL_PATTERN, str(data)):
            raise serializers.ValidationError(
                "Indiquez un nombre positif : des chiffres, avec au plus deux décimales après un point (ex. 1500.50)."
            )
        return super().to_internal_value(data)


@extend_schema_field({"type": "integer", "minimum": 1, "nullable": True})
class ReferenceField(serializers.PrimaryKeyRelatedField):
    """Another object by its id. A value that is no id is malformed (400); an id that names nothing is
    a well-formed request refused by the portal's data (422), named in French."""

    def __init__(self, *, noun: str, **kwargs):
        self.noun = noun
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int) or data < 1:
            raise serializers.ValidationError(f"Indiquez l'identifiant (un entier positif) de {self.noun}.")
        found = self.get_queryset().filter(pk=data).first()
        if found is None:
            raise RuleRefused({self.field_name: [f"L'identifiant {data} ne désigne aucun {self.noun}."]})
        return found
