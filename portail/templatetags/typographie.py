"""Template builtins (settings ``TEMPLATES[...]["OPTIONS"]["builtins"]``): the French versions of
``pluralize`` and ``date`` replace Django's in every template, so no page, e-mail or PDF can print
« 0 fiches » or « 1 janvier »."""

import datetime

from django import template
from django.template.defaultfilters import date as django_date
from django.template.defaultfilters import pluralize as django_pluralize

from portail.typographie import first_of_month, is_plural, megabytes, of, spelled_date

register = template.Library()


@register.filter(is_safe=False)
def pluralize(value, arg="s"):
    """Django's ``pluralize`` with the French rule: 0 and 1 are singular."""
    try:
        count = len(value) if hasattr(value, "__len__") and not isinstance(value, str) else value
    except TypeError:
        count = value
    if "," not in arg:
        arg = "," + arg
    singular, plural_suffix = arg.split(",")[:2]
    try:
        float(count)
    except (TypeError, ValueError):
        return django_pluralize(value, arg)
    return plural_suffix if is_plural(count) else singular


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Django's ``date`` with « 1er » for the first day of a month."""
    if not arg and isinstance(value, datetime.date) and (spelled := spelled_date(value)) is not None:
        return spelled
    return first_of_month(django_date(value, arg))


@register.filter(is_safe=True)
def mo(size):
    """A size in bytes as « 11,0 Mo »."""
    return megabytes(size)


@register.filter(name="de")
def de(name):
    """« de » contracted with the name's article: ``{{ partie.libelle|de }}`` → « des industriels… »."""
    return of(str(name))
