from django import forms

from comptes.services import JETON_DURATIONS


class JetonForm(forms.Form):
    nom = forms.CharField(
        label="Nom du jeton",
        max_length=80,
        help_text="L'outil qui s'en servira, pour le reconnaître plus tard (ex. : tableur du SGAR).",
    )
    duree = forms.TypedChoiceField(
        label="Valable",
        choices=list(JETON_DURATIONS.items()),
        coerce=int,
        initial=90,
        help_text="Passé ce délai, le jeton ne fonctionne plus : créez-en un autre.",
    )
