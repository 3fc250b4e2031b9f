"""The contract part of a territory's governance page, drawn by this app (governance does not import it)."""

from django import template

from habilitations.scoping import can

from .. import selectors

register = template.Library()


@register.inclusion_tag("contrats/_territoire_contrats.html", takes_context=True)
def contrats_du_territoire(context, territoire):
    user = context["request"].user
    return {
        "territoire": territoire,
        "contrats": selectors.contrat_list(user=user, territoire=territoire),
        "peut_preparer_contrat": can(user, "contrat.prepare", territoire).allowed,
    }
