from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from comptes.token_auth import session_or_token
from gouvernance.breadcrumbs import gouvernance_trail
from gouvernance.selectors import territoires as territoire_selectors
from habilitations.scoping import can
from portail.breadcrumbs import breadcrumb
from portail.forms import submit_form
from portail.pdf import render_pdf

from .models import Enjeu, Protocole
from .services import protocole_save, protocole_sign


class ProtocoleForm(forms.Form):
    engagements = forms.CharField(
        label="Engagements des signataires", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    enjeux = forms.CharField(
        label="Enjeux, un par ligne, sous la forme « axe : enjeu »",
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        self.codes = list(territoire.phase.axes.values_list("code", flat=True))
        example = self.codes[0] if self.codes else "axe"
        self.fields["enjeux"].help_text = (
            f"Par exemple : « {example} : pourvoir les 1 200 emplois industriels vacants ». "
            f"Axes de la phase {territoire.phase_id} : {', '.join(self.codes)}."
        )

    def clean_enjeux(self):
        enjeux = []
        for number, line in enumerate(self.cleaned_data["enjeux"].splitlines(), start=1):
            if not line.strip():
                continue
            axe, sep, intitule = line.partition(":")
            if not sep or axe.strip().lower() not in self.codes or not intitule.strip():
                raise forms.ValidationError(
                    f"Ligne {number} : écrivez « axe : enjeu », l'axe étant l'un de ceux de la phase du territoire "
                    f"({', '.join(self.codes)})."
                )
            enjeux.append({"axe": axe.strip().lower(), "intitule": intitule.strip()[:200]})
        return enjeux


class SignatureProtocoleForm(forms.Form):
    date = forms.DateField(label="Signé le", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    lieu = forms.CharField(label="À", max_length=120)
    signataires = forms.CharField(
        label="Signataires, un par ligne : « partie ; personne ; qualité »", widget=forms.Textarea(attrs={"rows": 6})
    )

    def clean_signataires(self):
        rows = []
        for number, line in enumerate(self.cleaned_data["signataires"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            if len(parts) < 2 or not parts[0] or not parts[1]:
                raise forms.ValidationError(f"Ligne {number} : écrivez « partie ; personne ; qualité ».")
            rows.append(
                {
                    "partie": parts[0][:200],
                    "personne": parts[1][:200],
                    "qualite": (parts[2] if len(parts) > 2 else "")[:200],
                }
            )
        return rows


@login_required
def protocole_detail(request, code):
    territoire = territoire_selectors.territoire_get(user=request.user, code=code)
    protocole = (
        Protocole.objects.filter(territoire=territoire)
        .prefetch_related(Prefetch("enjeux", queryset=Enjeu.objects.select_related("axe")), "signataires")
        .first()
    )
    peut = can(request.user, "contrat.prepare", territoire).allowed
    edit = sign = None
    if peut and (protocole is None or protocole.statut == Protocole.BROUILLON):
        initial = {
            "engagements": protocole.engagements if protocole else "",
            "enjeux": "\n".join(f"{e.axe.code} : {e.intitule}" for e in protocole.enjeux.all()) if protocole else "",
        }
        edit = ProtocoleForm(
            request.POST if request.POST.get("action") == "rediger" else None, initial=initial, territoire=territoire
        )
        done = submit_form(
            request,
            edit,
            lambda data: protocole_save(territoire=territoire, by=request.user, **data),
            success="Protocole enregistré.",
            then=reverse("protocoles:protocole_detail", args=[code]),
        )
        if done:
            return done
        if protocole is not None:
            sign = SignatureProtocoleForm(request.POST if request.POST.get("action") == "signer" else None)
            done = submit_form(
                request,
                sign,
                lambda data: protocole_sign(protocole=protocole, by=request.user, **data),
                success="Signature du protocole enregistrée.",
                then=reverse("protocoles:protocole_detail", args=[code]),
            )
            if done:
                return done
    return render(
        request,
        "protocoles/protocole.html",
        {
            "territoire": territoire,
            "protocole": protocole,
            "form_redaction": edit,
            "form_signature": sign,
            "breadcrumb_data": breadcrumb(*gouvernance_trail(territoire), current="Protocole d'accord"),
        },
    )


@session_or_token
def protocole_pdf(request, code):
    territoire = territoire_selectors.territoire_get(user=request.user, code=code)
    protocole = get_object_or_404(
        Protocole.objects.prefetch_related(
            Prefetch("enjeux", queryset=Enjeu.objects.select_related("axe")), "signataires"
        ),
        territoire=territoire,
    )
    pdf = render_pdf(
        "protocoles/protocole_pdf.html",
        {"protocole": protocole, "territoire": territoire, "projet": protocole.statut != Protocole.SIGNE},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="protocole-{territoire.code}.pdf"'
    return response
