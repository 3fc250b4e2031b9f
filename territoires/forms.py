from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import NiveauMaturite, StatutTerritoire
from .selectors import SORTS


class TerritoireFilterForm(forms.Form):
    q = forms.CharField(label=_("Rechercher par nom ou code"), required=False, max_length=100)
    region = forms.ChoiceField(label=_("Région"), required=False)
    pilote = forms.ChoiceField(label=_("Région pilote"), required=False)
    departement = forms.ChoiceField(label=_("Département"), required=False)
    phase = forms.ChoiceField(label=_("Phase"), required=False)
    statut = forms.ChoiceField(label=_("Statut"), required=False, choices=[("", _("Tous"))] + StatutTerritoire.choices)
    maturite = forms.TypedChoiceField(
        label=_("Maturité"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Toutes"))] + NiveauMaturite.choices,
    )
    tri = forms.ChoiceField(
        label=_("Trier par"),
        required=False,
        choices=[
            ("nom", _("Nom (A → Z)")),
            ("-nom", _("Nom (Z → A)")),
            ("region", _("Région pilote")),
            ("phase", _("Phase (ancienne d'abord)")),
            ("-phase", _("Phase (récente d'abord)")),
            ("-membres", _("Nombre de membres (décroissant)")),
            ("membres", _("Nombre de membres (croissant)")),
            ("code", _("Code ANCT")),
        ],
    )

    def __init__(self, *args, regions, departements, phases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [("", _("Toutes"))] + [(code, code) for code in phases]
        self.fields["region"].choices = [("", _("Toutes"))] + regions
        self.fields["pilote"].choices = [("", _("Toutes"))] + regions
        self.fields["departement"].choices = [("", _("Tous"))] + [(c, f"{c} — {n}") for c, n in departements]
        assert set(dict(self.fields["tri"].choices)) <= set(SORTS)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "region": data["region"],
            "pilote": data["pilote"],
            "departement": data["departement"],
            "phase": data["phase"],
            "statut": data["statut"],
            "maturite": data["maturite"],
            "q": data["q"].strip(),
            "sort": data["tri"] or "nom",
        }
