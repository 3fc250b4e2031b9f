from django.core.exceptions import ValidationError


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_siret(value: str) -> None:
    """14 digits with a valid Luhn key (La Poste's establishments follow their own rule)."""
    siret = (value or "").replace(" ", "")
    if not siret:
        return
    if len(siret) != 14 or not siret.isdigit():
        raise ValidationError("Le SIRET compte 14 chiffres.", code="siret_format")
    if siret.startswith("356000000"):
        if sum(int(c) for c in siret) % 5 == 0:
            return
        raise ValidationError("Ce SIRET n'est pas valide : vérifiez les chiffres (clé de contrôle).", code="siret_cle")
    if not luhn_ok(siret):
        raise ValidationError("Ce SIRET n'est pas valide : vérifiez les chiffres (clé de contrôle).", code="siret_cle")
