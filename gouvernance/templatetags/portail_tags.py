from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def euros(value):
    """« 1 234 567 € »: French grouping with a narrow no-break space, no cents when whole."""
    if value in (None, ""):
        return "—"
    value = Decimal(value)
    decimals = 0 if value == value.to_integral_value() else 2
    return f"{number_format(value, decimals, use_l10n=True, force_grouping=True)}\u00a0€"


@register.filter
def nombre(value):
    if value in (None, ""):
        return "—"
    return number_format(value, 0, use_l10n=True, force_grouping=True)


@register.inclusion_tag("_exports.html", takes_context=True)
def export_links(context, label="cette liste"):
    """CSV and Excel links for the list on screen, keeping its filters and sort but not its page."""
    query = context["request"].GET.copy()
    for key in ("page", "format"):
        query.pop(key, None)
    base = query.urlencode()
    return {"prefix": f"?{base}&" if base else "?", "label": label}
