"""The fiche list's filters: one FilterSet for the page's form and the API's parameters (same names,
same meaning: ``selectors.filter_fiches``). The page drops a value it does not understand and says
so; the API refuses it with a French 400 naming the parameter."""

from __future__ import annotations

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from portail.api_filters import KeyFilter, PortailFilterSet
from portail.widgets import Select
from territoires.phases import reference

from .enums import Financeur, StatutFiche, Suivi
from .models import FicheAction
from .selectors import SUBMITTED, filter_fiches

SORT_CHOICES = [
    ("-modifie", _("Dernières modifiées")),
    ("titre", _("Titre")),
    ("territoire", _("Territoire")),
    ("-cout", _("Coût décroissant")),
    ("statut", _("Statut")),
]


class FicheFilterForm(forms.Form):
    """The page's form: the FilterSet's fields, plus the sort order the page offers."""

    tri = forms.ChoiceField(label=_("Trier par"), required=False, choices=SORT_CHOICES, widget=Select)

    def ignored(self) -> list[str]:
        """Labels of the filters whose value was not understood."""
        return [str(self.fields[name].label or name) for name in self.errors]


ALL = _("Tous")


def _choices(choices, empty_label=ALL):
    return django_filters.ChoiceFilter(choices=choices, method="_collected", empty_label=empty_label, widget=Select)


class CodeFilter(django_filters.CharFilter):
    """A code of reference data the delegation keeps (a phase, an axe): offered as a list on the page, read
    when the form is built; a well-formed code that names nothing matches nothing, as a key does."""

    def __init__(self, *, pattern: str, choices, **kwargs):
        self.choices_of = choices
        super().__init__(
            method="_collected", widget=Select, validators=[RegexValidator(pattern)], max_length=20, **kwargs
        )


PHASE_CODE, AXE_CODE = r"^([0-9]{4}-[0-9]{4})?$", r"^[a-z0-9-]{0,20}$"  # empty: no filter


@extend_schema_field({"type": "string", "pattern": PHASE_CODE, "description": "Code de la phase (ex. 2023-2027)."})
class PhaseFilter(CodeFilter):
    pass


@extend_schema_field(
    {"type": "string", "pattern": AXE_CODE, "description": "Code de l'axe ou de la priorité (ex. competences)."}
)
class AxeFilter(CodeFilter):
    pass


def _axes():
    """Every phase's axes by their code, the phase said beside each (the codes of two phases differ).
    Read from the cached reference data: a list page asks no query for its filter's choices."""
    return [(axe.code, f"{axe.libelle_court} ({phase.code})") for phase in reference() for axe in phase.axes_list]


def _phases():
    return [(phase.code, phase.code) for phase in reference()]


class FicheFilter(PortailFilterSet):
    q = django_filters.CharFilter(label=_("Titre ou description"), max_length=100, method="_collected")
    phase = PhaseFilter(pattern=PHASE_CODE, choices=lambda: [("", _("Toutes")), *_phases()])
    statut = _choices([(SUBMITTED, _("Déposées (hors brouillons)")), *StatutFiche.choices])
    axe = AxeFilter(pattern=AXE_CODE, choices=lambda: [("", ALL), *_axes()])
    suivi = _choices(Suivi.choices)
    financeur = _choices(Financeur.choices)
    # Set by the dashboards' links and kept through the page's form, so that a refined filter stays in
    # scope; in the API, codes as a fiche shows them (« ti-2405 », « 24 », « bpifrance »).
    territoire = KeyFilter(
        method="_collected", widget=forms.HiddenInput, max_length=20, help_text="Code du territoire (ex. ti-2405)."
    )
    region = KeyFilter(
        method="_collected",
        widget=forms.HiddenInput,
        max_length=3,
        help_text="Code INSEE de la région pilote (ex. 24).",
    )
    operateur = KeyFilter(
        method="_collected",
        widget=forms.HiddenInput,
        max_length=40,
        help_text="Code de l'opérateur financeur (ex. bpifrance).",
    )

    class Meta:
        model = FicheAction
        fields: list[str] = []
        form = FicheFilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            "phase": _("Phase"),
            "statut": _("Statut"),
            "axe": _("Axe ou priorité"),
            "suivi": _("Avancement"),
            "financeur": _("Financeur"),
        }
        for name in ("phase", "axe"):
            self.form.fields[name].widget.choices = self.filters[name].choices_of()
        for name, label in labels.items():
            self.form.fields[name].label = label
        self.form.fields["tri"] = self.form.fields.pop("tri")  # the sort order after the filters

    def _collected(self, queryset, name, value):
        return queryset  # every filter is applied at once by filter_queryset

    def values(self) -> dict:
        """The understood filters (a value not understood is left out, see ``form.ignored()``)."""
        self.form.is_valid()
        cleaned = getattr(self.form, "cleaned_data", {})
        return {name: (cleaned.get(name) or "").strip() for name in self.filters}

    def filter_queryset(self, queryset):
        return filter_fiches(queryset, **self.values())
