from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ContratForm(forms.Form):
    intitule = forms.CharField(label=_("Intitulé"), max_length=200, initial="Contrat Territoire d'industrie")
    annee_debut = forms.IntegerField(label=_("Première année"), min_value=2018, max_value=2040, initial=2019)
    annee_fin = forms.IntegerField(label=_("Dernière année"), min_value=2018, max_value=2040, initial=2022)
    preambule = forms.CharField(label=_("Préambule"), required=False, widget=forms.Textarea(attrs={"rows": 5}))


class SignatureForm(forms.Form):
    signataire = forms.CharField(label=_("Nom du signataire"), max_length=200)
    qualite = forms.CharField(
        label=_("Qualité"),
        max_length=200,
        required=False,
        help_text=_("Par exemple : préfet d'Indre-et-Loire, président de la communauté de communes."),
    )
    date = forms.DateField(
        label=_("Date de signature"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    lieu = forms.CharField(label=_("Lieu"), max_length=120)
    preuve = forms.FileField(
        label=_("Page de signature numérisée (PDF)"),
        required=False,
        help_text=_("Obligatoire quand vous enregistrez la signature d'une autre partie."),
    )


class AvenantForm(forms.Form):
    motif = forms.CharField(
        label=_("Objet de l'avenant"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Fiches ajoutées, retirées ou modifiées, et pourquoi."),
    )


class VerificationForm(forms.Form):
    reference = forms.CharField(label=_("Référence du document"), max_length=12, required=False)
    fichier = forms.FileField(label=_("Ou le fichier PDF reçu"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("reference") and not data.get("fichier"):
            raise forms.ValidationError(_("Indiquez la référence imprimée en bas de page, ou déposez le fichier."))
        return data
