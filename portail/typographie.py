"""French typography for everything the portal writes: pages, e-mails, PDFs and messages.

- Plural: 0 and 1 take the singular (« 0 fiche », « 1 fiche », « 2 fiches »), not the English rule
  of Django's ``pluralize``.
- Dates: the first day of a month is « 1er » (« 1er janvier 2027 »).
- Sizes: « 11,0 Mo », with a decimal comma.
"""

from __future__ import annotations

import datetime
import re

from django.utils.formats import number_format

from portail.formats.fr.formats import DATE_FORMAT

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_FIRST_OF_MONTH = re.compile(rf"(?<![\d,.])1 ({'|'.join(MONTHS)})\b", re.IGNORECASE)


def is_plural(count) -> bool:
    try:
        return abs(float(count)) >= 2
    except (TypeError, ValueError):
        return False


def plural(count, singular: str, plural_form: str | None = None) -> str:
    """« 1 fiche », « 2 fiches », « 1 234 fiches »: the number in French and the noun agreeing with it."""
    word = (plural_form or singular + "s") if is_plural(count) else singular
    return f"{number_format(count, 0, use_l10n=True, force_grouping=True)} {word}"


def spelled_date(day: datetime.date) -> str | None:
    """« 23 avril 2019 », « 1er janvier 2027 »: the portal's date format (``j F Y``) written directly,
    as every list prints a date on each of its lines (Django's ``date`` costs 40 µs a call); None
    should that format ever change (a test compares both on every day of a year)."""
    if DATE_FORMAT != "j F Y":
        return None
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"


def first_of_month(text: str) -> str:
    """« 1 janvier 2027 » → « 1er janvier 2027 », wherever a date was spelled out."""
    return _FIRST_OF_MONTH.sub(r"1er \1", text)


def of(name: str) -> str:
    """« de » before a name, contracted as French does: « des industriels du territoire », « du
    Département », « de l'État », « de la Région Centre-Val de Loire », « de Bpifrance »."""
    for article, contracted in (("Les ", "des "), ("Le ", "du "), ("La ", "de la "), ("L'", "de l'"), ("L’", "de l’")):
        if name.startswith(article):
            return contracted + name[len(article) :]
    return "de " + name


def megabytes(size: int) -> str:
    return f"{number_format(size / 1024 / 1024, 1, use_l10n=True)}\u00a0Mo"
