from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptes.models import User
from habilitations.enums import ROLE_NIVEAU, Niveau, Role
from portail.widgets import Select
from territoires.enums import NiveauMaturite, StatutTerritoire
from territoires.models import EPCI, Operateur

from .enums import Qualite, Verdict
from .selectors.territoires import SORTS


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class PersonField(forms.EmailField):
    """A person designated by the e-mail of their account."""

    def clean(self, value):
        email = super().clean(value)
        if not email:
            return None
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(_("Aucun compte n'existe pour cette adresse : invitez d'abord la personne."))
        return user


class BinomeForm(forms.Form):
    elu = PersonField(label=_("Adresse électronique de l'élu"))
    industriel = PersonField(label=_("Adresse électronique de l'industriel"))
    date_debut = forms.DateField(
        label=_("À partir du"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class MembreForm(forms.Form):
    user = PersonField(label=_("Adresse électronique du membre"))
    qualite = forms.ChoiceField(label=_("Qualité"), choices=Qualite.choices)
    epci = forms.ModelChoiceField(
        label=_("EPCI présidé (pour un président d'EPCI)"), required=False, queryset=EPCI.objects.none()
    )

    def __init__(self, *args, epcis, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["epci"].queryset = epcis


class DeplacementForm(forms.Form):
    date = forms.DateTimeField(
        label=_("Nouvelle date et heure"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]
    )
    duree_minutes = forms.IntegerField(label=_("Durée prévue (minutes)"), min_value=15, max_value=600)
    lieu = forms.CharField(label=_("Lieu"), required=False, max_length=200)
    lien_visio = forms.URLField(label=_("Lien de visioconférence"), required=False, assume_scheme="https")


class SeanceForm(forms.Form):
    date = forms.DateTimeField(
        label=_("Date et heure"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]
    )
    duree_minutes = forms.IntegerField(label=_("Durée prévue (minutes)"), min_value=15, max_value=600, initial=120)
    lieu = forms.CharField(label=_("Lieu"), required=False, max_length=200)
    lien_visio = forms.URLField(label=_("Lien de visioconférence"), required=False, assume_scheme="https")
    points_libres = forms.CharField(
        label=_("Autres points de l'ordre du jour"),
        required=False,
        help_text=_("Un point par ligne."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, waiting: dict, held: bool = False, plan: bool = False, **kwargs):
        """``waiting``: for each decidable kind (agenda registry), the objects waiting for this committee.
        Only the kinds actually waiting are offered, before the free items. ``held``: a séance already held,
        entered after the fact."""
        super().__init__(*args, **kwargs)
        if held:
            self.fields["date"].label = _("Tenue le (date et heure)")
            self.fields["points_libres"].label = _("Points examinés (hors fiches et contrats)")
        free = self.fields.pop("points_libres")
        if plan:
            self.fields["revue_plan"] = forms.BooleanField(
                label=_("Revue annuelle du plan d'actions"),
                required=False,
                help_text=_("Ajoute le point : le comité fait le bilan de l'année et ajuste la feuille de route."),
            )
        for kind, queryset in waiting.items():
            if queryset.exists():
                field = forms.ModelMultipleChoiceField(
                    label=kind.label, required=False, queryset=queryset, widget=forms.CheckboxSelectMultiple
                )
                field.label_from_instance = kind.choice_label
                self.fields[kind.key] = field
        self.fields["points_libres"] = free

    def objets(self) -> dict:
        return {
            key: list(self.cleaned_data.get(key) or [])
            for key in self.fields
            if key not in ("date", "duree_minutes", "lieu", "lien_visio", "points_libres", "revue_plan")
        }


class DecisionForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Décision"))
    motifs = forms.CharField(label=_("Motifs"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    publiable = forms.BooleanField(
        label=_("Publiable en données ouvertes"),
        required=False,
        help_text=_(
            "Si la fiche est validée : son titre, son résumé, son coût et ses financements sont publiés "
            "(jamais les personnes, les pièces ni les commentaires)."
        ),
    )

    def __init__(self, *args, verdicts, publishable=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verdict"].choices = [(v.value, Verdict(v).label) for v in verdicts]
        if not publishable:
            del self.fields["publiable"]


class MotifForm(forms.Form):
    motif = forms.CharField(label=_("Motif"), widget=forms.Textarea(attrs={"rows": 3}))


class DemandePerimetreForm(forms.Form):
    ajouts = forms.ModelMultipleChoiceField(
        label=_("Intercommunalités à ajouter"),
        required=False,
        queryset=None,
        help_text=_("Seules les intercommunalités des régions du territoire."),
    )
    retraits = forms.ModelMultipleChoiceField(
        label=_("Intercommunalités à retirer"), required=False, queryset=None, widget=forms.CheckboxSelectMultiple
    )
    motifs = forms.CharField(label=_("Motifs de la demande"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, addable, removable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ajouts"].queryset = addable
        self.fields["retraits"].queryset = removable
        self.fields["ajouts"].widget.attrs["size"] = 10


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Adresse électronique de la personne invitée"))
    role = forms.ChoiceField(label=_("Rôle"))
    perimetre = forms.ChoiceField(label=_("Périmètre"), widget=Select)
    operateur = forms.ModelChoiceField(
        label=_("Opérateur (pour un référent opérateur)"), required=False, queryset=Operateur.objects.all()
    )

    def __init__(self, *args, roles, territoires, regions, national, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.value, r.label) for r in roles]
        # Grouped by phase, current first: a name read under its group heading, and a national list of
        # every territory of both phases that stays a page a browser opens at once.
        by_phase: dict[str, list] = {}
        for t in territoires:
            by_phase.setdefault(t.phase_id, []).append((f"t:{t.code}", t.nom))
        choices: list = [(f"Territoires {phase}", by_phase[phase]) for phase in sorted(by_phase, reverse=True)]
        if regions:
            choices.append(("Régions", [(f"r:{r.code}", r.nom) for r in regions]))
        if national:
            choices.append(("n:", "National"))
        self.fields["perimetre"].choices = choices
        self._territoires = {t.code: t for t in territoires}
        self._regions = {r.code: r for r in regions}

    def clean(self):
        data = super().clean()
        role, perimetre = data.get("role"), data.get("perimetre", "")
        if not role or not perimetre:
            return data
        kind, _, code = perimetre.partition(":")
        niveau = ROLE_NIVEAU[Role(role)]
        expected = {Niveau.TERRITORIAL: "t", Niveau.REGIONAL: "r", Niveau.NATIONAL: "n"}[niveau]
        if kind != expected:
            self.add_error(
                "perimetre",
                _("Ce rôle est %(niveau)s : choisissez un périmètre de ce niveau.") % {"niveau": niveau.label.lower()},
            )
        data["territoire"] = self._territoires.get(code) if kind == "t" else None
        data["region"] = self._regions.get(code) if kind == "r" else None
        if role == Role.REFERENT_OPERATEUR and not data.get("operateur"):
            self.add_error("operateur", _("Choisissez l'opérateur que représentera cette personne."))
        return data


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    password1 = forms.CharField(
        label=_("Mot de passe"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Au moins 10 caractères, pas uniquement des chiffres."),
    )
    password2 = forms.CharField(
        label=_("Confirmation du mot de passe"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Les deux mots de passe ne correspondent pas."))
        return data


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
