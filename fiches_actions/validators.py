"""The SIRET as INSEE defines it, checked by python-stdnum (La Poste's establishments included, whose
numbers follow their own key), typed with or without spaces, stored as 14 digits."""

from django.core.exceptions import ValidationError
from stdnum import exceptions as stdnum_errors
from stdnum.fr import siret as stdnum_siret

FORMAT = "Le SIRET compte 14 chiffres."
KEY = "Ce SIRET n'est pas valide : vérifiez les chiffres (clé de contrôle)."


def normalize_siret(value: str) -> str:
    """« 552 120 222 00013 » → « 55212022200013 » (spaces, dots and dashes dropped)."""
    return stdnum_siret.compact(value or "")


def validate_siret(value: str) -> None:
    if not value:
        return
    try:
        stdnum_siret.validate(value)
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(KEY, code="siret_cle") from None
    except stdnum_errors.ValidationError:
        raise ValidationError(FORMAT, code="siret_format") from None
