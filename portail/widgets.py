"""Widgets written in Python rather than through the form templates, for the forms every list page
draws: Django renders a select with one template inclusion per option (``select_option.html``,
then ``attrs.html``), which made the fiche list's filter form cost as much as its table."""

from html import escape

from django import forms
from django.utils.safestring import mark_safe


def _text(value) -> str:
    """Escaped as the templates escape: a value already marked safe is written as it is."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


def _attributes(attrs: dict) -> str:
    """As Django's ``attrs.html``: ``False`` leaves the attribute out, ``True`` writes its name alone."""
    return "".join(
        f" {name}" if value is True else f' {name}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


class Select(forms.Select):
    """The markup of Django's ``select.html``: same attributes, options, groups and selection."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{_text(widget["name"])}"{_attributes(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'<optgroup label="{_text(group_name)}">')
            parts.extend(
                f'<option value="{_text(option["value"])}"{_attributes(option["attrs"])}>'
                f"{_text(option['label'])}</option>"
                for option in options
            )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))
