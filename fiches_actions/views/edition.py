"""Writing a fiche in steps: each step saves explicitly; a summary comes before submission."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from habilitations.scoping import can, territoires_where
from portail.breadcrumbs import breadcrumb
from portail.forms import add_service_errors, refusal_text

from .. import selectors, services
from ..breadcrumbs import FICHES, fiche_trail
from ..forms import (
    CalendrierForm,
    CoauteurForm,
    CreationForm,
    FinancementFormSet,
    IdentificationForm,
    IndicateurFormSet,
    PieceForm,
    PorteurForm,
    SimplificationForm,
    VersionForm,
)

STEPS = [
    ("identification", "Identification"),
    ("porteur", "Porteur et localisation"),
    ("financement", "Calendrier et financement"),
    ("indicateurs", "Indicateurs"),
    ("simplification", "Demande de simplification"),
    ("pieces", "Pièces jointes"),
]


def steps_for(fiche):
    return [(key, label) for key, label in STEPS if key != "simplification" or fiche.est_simplification]


@login_required
def fiche_create(request):
    territoires = territoires_where(request.user, "fiche.create")
    if not territoires.exists():
        raise PermissionDenied("Votre rôle ne permet pas de créer une fiche action.")
    form = CreationForm(request.POST or None, territoires=territoires, initial={"jeton": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            fiche, created = services.fiche_create(by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if created:
                messages.success(
                    request,
                    "Brouillon enregistré. Seuls vous, vos co-auteurs, le binôme et le chef "
                    "de projet le voient jusqu'au dépôt.",
                )
            return redirect("fiches_actions:fiche_step", pk=fiche.pk, etape="porteur")
    return render(
        request,
        "fiches_actions/fiche_step.html",
        {
            "form": form,
            "etape": "identification",
            "steps": STEPS[:1] + STEPS[1:4] + STEPS[5:],
            "numero": 1,
            "breadcrumb_data": breadcrumb(FICHES, current="Nouvelle fiche"),
        },
    )


def _editable_fiche(request, pk):
    fiche = selectors.fiche_get(user=request.user, pk=pk)
    if not can(request.user, "fiche.edit", fiche):
        raise PermissionDenied("Seuls les auteurs de la fiche peuvent la modifier.")
    if not services.fiches.is_editable(fiche):
        messages.info(request, "Cette fiche est déposée : elle ne se modifie plus.")
        return fiche, False
    return fiche, True


@login_required
def fiche_step(request, pk, etape):
    fiche, editable = _editable_fiche(request, pk)
    if not editable:
        return redirect("fiches_actions:fiche_detail", pk=pk)
    steps = steps_for(fiche)
    keys = [key for key, _ in steps]
    if etape not in keys:
        raise Http404("Étape inconnue.")
    position = keys.index(etape)
    following = keys[position + 1] if position + 1 < len(keys) else None
    context = {"fiche": fiche, "etape": etape, "steps": steps, "numero": position + 1, "suivante": following}
    data = request.POST if request.method == "POST" else None
    initial = {"version": fiche.version}

    if etape == "pieces":
        context["form"] = PieceForm()
        return render(request, "fiches_actions/fiche_step.html", context)

    form_class = {
        "identification": IdentificationForm,
        "porteur": PorteurForm,
        "financement": CalendrierForm,
        "indicateurs": None,
        "simplification": SimplificationForm,
    }[etape]
    form = form_class(data, instance=fiche, initial=initial) if form_class else None
    formset = None
    if etape == "financement":
        formset = FinancementFormSet(
            data,
            prefix="lignes",
            form_kwargs={"phase_id": fiche.territoire.phase_id},
            initial=[
                {
                    "financeur": ligne.financeur,
                    "operateur": ligne.operateur,
                    "precision": ligne.precision,
                    "montant": ligne.montant,
                    "statut": ligne.statut,
                    "instrument": ligne.instrument,
                    "annee": ligne.annee,
                }
                for ligne in fiche.financements.all()
            ],
        )
    elif etape == "indicateurs":
        formset = IndicateurFormSet(
            data,
            prefix="indicateurs",
            initial=[{"libelle": i.libelle, "unite": i.unite, "cible": i.cible} for i in fiche.indicateurs.all()],
        )
        form = VersionForm(data, initial=initial)
    context.update(form=form, formset=formset)
    if form is not None:
        # Marked while filling in, not only in the final checklist.
        for name in services.fiches.deposit_fields(fiche) & set(form.fields):
            form.fields[name].requis_depot = True
    if etape == "financement":
        context["total_financements"] = sum((ligne.montant or 0) for ligne in fiche.financements.all())

    if request.method == "POST" and form.is_valid() and (formset is None or formset.is_valid()):
        try:
            _save_step(request.user, fiche, etape, form, formset)
        except ValidationError as error:
            _show_error(form, formset, error)
        else:
            messages.success(request, "Enregistré.")
            if "continuer" in request.POST and following:
                return redirect("fiches_actions:fiche_step", pk=pk, etape=following)
            if "continuer" in request.POST:
                return redirect("fiches_actions:fiche_summary", pk=pk)
            return redirect("fiches_actions:fiche_step", pk=pk, etape=etape)
    return render(request, "fiches_actions/fiche_step.html", context)


def _rows(formset):
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


def _save_step(user, fiche, etape, form, formset):
    version = form.cleaned_data["version"]
    if etape == "financement":
        services.fiche_save_financing(
            fiche=fiche,
            by=user,
            version=version,
            lignes=_rows(formset),
            **{k: form.cleaned_data[k] for k in ("date_debut", "date_fin", "cout_total")},
        )
    elif etape == "indicateurs":
        services.fiche_update(fiche=fiche, by=user, version=version)
        services.indicateurs_replace(fiche=fiche, by=user, indicateurs=_rows(formset))
    else:
        fields = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "mesures")}
        services.fiche_update(fiche=fiche, by=user, version=version, mesures=form.cleaned_data.get("mesures"), **fields)


def _show_error(form, formset, error):
    if hasattr(error, "error_dict") and "financements" in error.error_dict and formset is not None:
        remaining = error.message_dict
        formset._non_form_errors = formset.error_class(remaining.pop("financements"))
        error = ValidationError(remaining) if remaining else None
    if error is not None:
        add_service_errors(form, error)


@login_required
@require_POST
def piece_upload(request, pk):
    fiche, editable = _editable_fiche(request, pk)
    form = PieceForm(request.POST, request.FILES)
    if editable and form.is_valid():
        upload = form.cleaned_data["fichier"]
        try:
            services.piece_add(fiche=fiche, by=request.user, name=upload.name, content=upload.read())
        except ValidationError as error:
            messages.error(request, refusal_text(error))
        else:
            messages.success(request, f"« {upload.name} » est joint à la fiche.")
    elif not form.is_valid():
        messages.error(request, "Choisissez un fichier à joindre.")
    return redirect("fiches_actions:fiche_step", pk=pk, etape="pieces")


@login_required
def piece_delete(request, pk):
    piece = selectors.piece_get(user=request.user, pk=pk)
    back = reverse("fiches_actions:fiche_step", args=[piece.fiche_id, "pieces"])
    if not can(request.user, "fiche.attach", piece.fiche):
        raise PermissionDenied("Seuls les auteurs de la fiche en retirent des documents.")
    if request.method == "POST":
        services.piece_delete(piece=piece, by=request.user)
        messages.success(request, f"« {piece.nom} » est retiré de la fiche.")
        return redirect(back)
    return render(
        request,
        "confirm.html",
        {
            "titre": "Retirer une pièce jointe",
            "texte": f"« {piece.nom} » sera retiré de la fiche et supprimé.",
            "bouton": "Retirer la pièce",
            "retour": back,
        },
    )


@login_required
def fiche_summary(request, pk):
    fiche = selectors.fiche_get(user=request.user, pk=pk)
    if not can(request.user, "fiche.edit", fiche):
        raise PermissionDenied("Seuls les auteurs de la fiche la déposent.")
    errors = services.submission_errors(fiche)
    if request.method == "POST":
        try:
            services.fiche_submit(fiche=fiche, by=request.user)
        except ValidationError as error:
            messages.error(request, "La fiche n'est pas encore complète : voir les points ci-dessous.")
            errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        else:
            messages.success(
                request,
                "Fiche déposée : le chef de projet et le binôme sont prévenus ; elle sera "
                "examinée par le comité de projet.",
            )
            return redirect("fiches_actions:fiche_detail", pk=pk)
    checklist = [
        {
            "etape": key,
            "titre": label,
            "manque": [
                m for field, messages in errors.items() if services.fiches.STEP_OF.get(field) == key for m in messages
            ],
        }
        for key, label in steps_for(fiche)
    ]
    unplaced = [m for field, messages in errors.items() if field not in services.fiches.STEP_OF for m in messages]
    return render(
        request,
        "fiches_actions/fiche_summary.html",
        {
            "fiche": fiche,
            "erreurs": errors,
            "steps": steps_for(fiche),
            "checklist": checklist,
            "autres": unplaced,
            "breadcrumb_data": breadcrumb(*fiche_trail(fiche), current="Récapitulatif"),
        },
    )


@login_required
def fiche_share(request, pk):
    fiche = selectors.fiche_get(user=request.user, pk=pk)
    if not can(request.user, "fiche.share", fiche):
        raise PermissionDenied("Seuls les auteurs de la fiche et le chef de projet invitent des co-auteurs.")
    form = CoauteurForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.fiche_share(fiche=fiche, by=request.user, coauteur=form.cleaned_data["email"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['email']} peut désormais modifier cette fiche.")
            return redirect("fiches_actions:fiche_detail", pk=pk)
    return render(
        request,
        "gouvernance/form.html",
        {
            "form": form,
            "titre": f"Inviter un co-auteur — {fiche.titre}",
            "bouton": "Inviter",
            "retour": reverse("fiches_actions:fiche_detail", args=[pk]),
            "intro": "La personne pourra modifier cette fiche, et seulement elle ; elle doit déjà avoir un compte.",
        },
    )
