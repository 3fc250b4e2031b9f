from django import forms
from django.utils.translation import gettext_lazy as _

from gouvernance.forms import PersonField
from portail.rules import END_BEFORE_START, ends_before_start
from territoires.models import EPCI, Axe, InstrumentFinancement, Operateur

from .enums import Financeur, StatutFinancement
from .models import FicheAction, MesureNationale
from .validators import normalize_siret, validate_siret

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionedForm(forms.ModelForm):
    """Carries the version of the fiche the form was read at (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class IdentificationForm(VersionedForm):
    class Meta:
        model = FicheAction
        fields = ["titre", "axe", "enjeu", "description", "objectifs", "mesures"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "objectifs": forms.Textarea(attrs={"rows": 4}),
            "mesures": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, phases=None, **kwargs):
        super().__init__(*args, **kwargs)
        if phases is None:
            phases = [self.instance.territoire.phase_id] if self.instance.territoire_id else []
        # A fiche belongs to an axe of its territory's phase: only those are offered (the service checks
        # the pair again, since a creation form may offer territories of two phases).
        axes = Axe.objects.filter(phase__in=phases).order_by("-phase__debut", "ordre")
        self.fields["axe"].queryset = axes
        codes = [axe.code for axe in axes]
        if len(codes) == len(set(codes)):
            # Posted by its code (« innovation »), as the API and the import name it.
            self.fields["axe"].to_field_name = "code"
            if self.instance.axe_id:
                self.initial["axe"] = self.instance.axe.code
        several = len(set(phases)) > 1
        self.fields["axe"].label_from_instance = lambda axe: (
            f"{axe.libelle} ({axe.phase_id})" if several else axe.libelle
        )
        self.fields["mesures"].queryset = MesureNationale.objects.filter(
            active=True, axe__phase__in=phases
        ).select_related("operateur", "axe")
        if "enjeu" not in self.fields:
            return
        from protocoles.models import Enjeu

        territoire_id = self.instance.territoire_id if self.instance and self.instance.pk else None
        self.fields["enjeu"].queryset = (
            Enjeu.objects.filter(protocole__territoire_id=territoire_id) if territoire_id else Enjeu.objects.none()
        )
        if not self.fields["enjeu"].queryset.exists():
            del self.fields["enjeu"]
        self.fields["mesures"].help_text = _("Les services de l'offre nationale que la fiche mobilise.")


class CreationForm(IdentificationForm):
    territoire = forms.ModelChoiceField(label=_("Territoire"), queryset=None)
    jeton = forms.UUIDField(widget=forms.HiddenInput)
    version = None

    class Meta(IdentificationForm.Meta):
        fields = ["territoire", "titre", "axe", "description", "objectifs", "mesures"]

    def __init__(self, *args, territoires, **kwargs):
        super().__init__(*args, phases=sorted({t.phase_id for t in territoires}), **kwargs)
        self.fields["territoire"].queryset = territoires
        self.fields["territoire"].label_from_instance = lambda t: f"{t.nom} ({t.phase_id})"
        if territoires.count() == 1:
            self.fields["territoire"].initial = territoires.first()


class PorteurForm(VersionedForm):
    # Typed as printed on a Kbis (« 552 120 222 00013 »): wider than the 14 digits it is stored as.
    porteur_siret = forms.CharField(label=_("SIRET du porteur"), required=False, max_length=24)

    class Meta:
        model = FicheAction
        fields = [
            "porteur_organisation",
            "porteur_siret",
            "porteur_type",
            "maitre_ouvrage",
            "contact_nom",
            "contact_email",
            "contact_telephone",
            "localisation",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["localisation"].queryset = EPCI.objects.filter(
            appartenances__territoire_id=self.instance.territoire_id
        ).order_by("nom")
        self.fields["porteur_siret"].help_text = _("14 chiffres, avec ou sans espaces. Facultatif.")

    def clean_porteur_siret(self):
        siret = normalize_siret(self.cleaned_data.get("porteur_siret", ""))
        validate_siret(siret)
        return siret


class CalendrierForm(VersionedForm):
    class Meta:
        model = FicheAction
        fields = ["date_debut", "date_fin", "cout_total"]
        widgets = {"date_debut": DATE_WIDGET, "date_fin": DATE_WIDGET}

    def clean(self):
        data = super().clean()
        if ends_before_start(data.get("date_debut"), data.get("date_fin")):
            self.add_error("date_fin", END_BEFORE_START)
        return data


class LigneFinancementForm(forms.Form):
    # A blank first choice and the usual status as initial value: a line left as the browser shows it
    # is unchanged, hence ignored (a pre-selected « État » made every spare line an incomplete one,
    # and the step refused to save).
    financeur = forms.ChoiceField(label=_("Financeur"), choices=[("", _("Choisir un financeur"))] + Financeur.choices)
    operateur = forms.ModelChoiceField(label=_("Opérateur"), queryset=Operateur.objects.all(), required=False)
    precision = forms.CharField(label=_("Précision"), max_length=120, required=False)
    montant = forms.DecimalField(label=_("Montant (€ HT)"), min_value=0, max_digits=14, decimal_places=2)
    statut = forms.ChoiceField(
        label=_("Statut"), choices=StatutFinancement.choices, initial=StatutFinancement.SOLLICITE
    )
    instrument = forms.ModelChoiceField(
        label=_("Enveloppe (facultatif)"), queryset=InstrumentFinancement.objects.none(), required=False
    )
    annee = forms.IntegerField(label=_("Année de l'enveloppe"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, phase_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the instruments of the fiche's phase; a phase without any offers no such column.
        instruments = InstrumentFinancement.objects.filter(phase_id=phase_id)
        if phase_id and instruments.exists():
            self.fields["instrument"].queryset = instruments
        else:
            del self.fields["instrument"], self.fields["annee"]

    def clean(self):
        data = super().clean()
        if data.get("financeur") == Financeur.OPERATEUR and not data.get("operateur"):
            self.add_error("operateur", _("Choisissez l'opérateur qui finance."))
        return data


class IndicateurForm(forms.Form):
    libelle = forms.CharField(label=_("Indicateur"), max_length=200)
    unite = forms.CharField(label=_("Unité"), max_length=40)
    cible = forms.DecimalField(label=_("Cible"), min_value=0, max_digits=14, decimal_places=2)


FinancementFormSet = forms.formset_factory(LigneFinancementForm, extra=2, can_delete=True, max_num=30)
IndicateurFormSet = forms.formset_factory(IndicateurForm, extra=2, can_delete=True, max_num=20)


class SimplificationForm(VersionedForm):
    class Meta:
        model = FicheAction
        fields = ["obstacle", "texte_concerne", "derogation_demandee"]
        widgets = {
            "obstacle": forms.Textarea(attrs={"rows": 4}),
            "derogation_demandee": forms.Textarea(attrs={"rows": 4}),
        }


class PieceForm(forms.Form):
    fichier = forms.FileField(
        label=_("Document à joindre"), help_text=_("PDF, image ou document bureautique, 10 Mo au plus.")
    )


class CommentaireForm(forms.Form):
    texte = forms.CharField(label=_("Votre message"), widget=forms.Textarea(attrs={"rows": 3}))


class CoauteurForm(forms.Form):
    email = PersonField(label=_("Adresse électronique du co-auteur"))


class SuiviForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Avancement"),
        required=False,
        choices=[
            ("", _("Inchangé")),
            ("demarrer", _("L'action a démarré")),
            ("achever", _("L'action est réalisée")),
            ("abandonner", _("L'action est abandonnée")),
        ],
    )
    motif = forms.CharField(
        label=_("Commentaire ou motif d'abandon"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    date = forms.DateField(label=_("Valeurs constatées au"), widget=DATE_WIDGET)

    def __init__(self, *args, fiche, **kwargs):
        super().__init__(*args, **kwargs)
        for indicateur in fiche.indicateurs.all():
            self.fields[f"indicateur_{indicateur.pk}"] = forms.DecimalField(
                label=f"{indicateur.libelle} ({indicateur.unite}, cible {indicateur.cible:g})",
                required=False,
                max_digits=14,
                decimal_places=2,
            )
        for ligne in fiche.financements.all():
            self.fields[f"obtenu_{ligne.pk}"] = forms.DecimalField(
                label=f"Obtenu de {ligne.libelle_financeur} (demandé : {ligne.montant:.2f} €)",
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=2,
                initial=ligne.montant_obtenu,
            )

    def values(self, prefix):
        return {
            int(name.split("_", 1)[1]): value
            for name, value in self.cleaned_data.items()
            if name.startswith(prefix) and value is not None
        }


class ReponseForm(forms.Form):
    reponse = forms.CharField(label=_("Réponse apportée"), widget=forms.Textarea(attrs={"rows": 4}))
    date = forms.DateField(label=_("Date de la réponse"), widget=DATE_WIDGET)


class VersionForm(forms.Form):
    """Only the version, for steps whose content is a formset."""

    version = forms.IntegerField(widget=forms.HiddenInput)
