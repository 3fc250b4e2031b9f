"""Reading fiches: list, page (full or as a good practice), timeline, validated version, search,
attachments, discussion, follow-up and the national list of simplification requests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gouvernance.breadcrumbs import territoire_trail
from gouvernance.selectors import territoires as territoire_selectors
from habilitations.scoping import can, scope_for, territoires_where
from portail.breadcrumbs import breadcrumb
from portail.exports import requested_format
from portail.forms import add_service_errors, refusal_text
from portail.kept import kept_content
from portail.pagination import paginate

from .. import exports, selectors, services
from ..breadcrumbs import FICHES, fiche_trail
from ..enums import StatutFiche
from ..filters import FicheFilter
from ..forms import CommentaireForm, ReponseForm, SuiviForm
from .imports import importable_territoires


@login_required
def fiche_list(request):
    if fmt := requested_format(request):
        return exports.fiches_export(_listed(request, FicheFilter(request.GET or None)), fmt)
    # The table and its filters, kept for the person at this address until a counted change.
    contenu = kept_content(request, "fiches", "fiches_actions/_fiche_list_contenu.html", lambda: _list_context(request))
    return render(
        request,
        "fiches_actions/fiche_list.html",
        {"contenu": contenu, "breadcrumb_data": breadcrumb(current="Fiches actions")},
    )


def _listed(request, filterset):
    filters = filterset.values()  # validates the form first: the sort order is read from it
    sort = (getattr(filterset.form, "cleaned_data", {}) or {}).get("tri") or "-modifie"
    return selectors.fiche_list(user=request.user, sort=sort, **filters)


def _list_context(request) -> dict:
    filterset = FicheFilter(request.GET or None)
    form = filterset.form
    fiches = _listed(request, filterset)
    return {
        "form": form,
        "page_obj": paginate(request, fiches),
        "filtered": any(filterset.values().values()),
        "filtres_ignores": form.ignored(),
        "peut_creer": territoires_where(request.user, "fiche.create").exists(),
        "peut_importer": bool(importable_territoires(request.user).exists()),
        "query": request.GET.urlencode(),
    }


@login_required
def fiche_detail(request, pk):
    try:
        fiche = selectors.fiche_get(user=request.user, pk=pk)
    except Http404:
        # Not in the user's scope: a validated fiche still reads as a good practice, nothing more.
        fiche = selectors.good_practice_get(user=request.user, pk=pk)
        return render(
            request,
            "fiches_actions/bonne_pratique.html",
            {"fiche": fiche, "breadcrumb_data": breadcrumb(FICHES, current=fiche.titre)},
        )
    user = request.user
    return render(
        request,
        "fiches_actions/fiche_detail.html",
        {
            "fiche": fiche,
            "timeline": selectors.timeline(fiche),
            "version_validee": selectors.validated_version(fiche) is not None,
            "peut_modifier": can(user, "fiche.edit", fiche).allowed and fiche.statut in ("brouillon", "a_completer"),
            "peut_partager": can(user, "fiche.share", fiche).allowed,
            "peut_commenter": can(user, "fiche.comment", fiche).allowed and fiche.statut != StatutFiche.BROUILLON,
            "peut_suivre": can(user, "fiche.follow_up", fiche).allowed and fiche.statut == StatutFiche.VALIDEE,
            "form_commentaire": CommentaireForm(),
            "form_suivi": SuiviForm(fiche=fiche, initial={"date": timezone.localdate()}),
            "breadcrumb_data": breadcrumb(FICHES, current=fiche.titre),
        },
    )


@login_required
def fiche_validated_version(request, pk):
    fiche = selectors.fiche_get(user=request.user, pk=pk)
    version = selectors.validated_version(fiche)
    if version is None:
        raise Http404("Cette fiche n'a pas été validée.")
    return render(
        request,
        "fiches_actions/fiche_version.html",
        {
            "fiche": fiche,
            "version_fiche": version["fiche"],
            "financements": version["financements"],
            "indicateurs": version["indicateurs"],
            "le": version["le"],
            "breadcrumb_data": breadcrumb(*fiche_trail(fiche), current="Version validée"),
        },
    )


@login_required
def piece_download(request, pk):
    piece = selectors.piece_get(user=request.user, pk=pk)
    response = FileResponse(
        piece.fichier.open("rb"), as_attachment=True, filename=piece.nom, content_type=piece.type_mime
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def comment_create(request, pk):
    fiche = selectors.fiche_get(user=request.user, pk=pk)
    form = CommentaireForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(fiche=fiche, by=request.user, texte=form.cleaned_data["texte"])
        except ValidationError as error:
            messages.error(request, refusal_text(error))
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Message publié ; les participants sont prévenus par courriel.")
    else:
        messages.error(request, "Écrivez votre message.")
    return redirect(reverse("fiches_actions:fiche_detail", args=[pk]) + "#discussion")


@login_required
@require_POST
def follow_up(request, pk):
    fiche = selectors.fiche_get(user=request.user, pk=pk)
    form = SuiviForm(request.POST, fiche=fiche)
    if form.is_valid():
        try:
            services.fiche_follow_up(
                fiche=fiche,
                by=request.user,
                action=form.cleaned_data["action"] or None,
                motif=form.cleaned_data["motif"],
                date=form.cleaned_data["date"],
                valeurs=form.values("indicateur_"),
                obtenus=form.values("obtenu_"),
            )
        except ValidationError as error:
            messages.error(request, refusal_text(error))
        else:
            messages.success(request, "Le suivi de la fiche est enregistré.")
    else:
        messages.error(
            request,
            "Le suivi n'est pas enregistré : "
            + " ".join(
                f"{form.fields[name].label} : {' '.join(errors)}" if name in form.fields else " ".join(errors)
                for name, errors in form.errors.items()
            ),
        )
    return redirect(reverse("fiches_actions:fiche_detail", args=[pk]) + "#suivi")


@login_required
def search(request):
    q = request.GET.get("q", "")[:200]
    results = selectors.search(user=request.user, q=q)
    page = paginate(request, results)
    visible = set(
        selectors.fiche_list(user=request.user).filter(pk__in=[f.pk for f in page]).values_list("pk", flat=True)
    )
    return render(
        request,
        "fiches_actions/recherche.html",
        {
            "q": q,
            "page_obj": page,
            "complet": visible,
            "breadcrumb_data": breadcrumb(FICHES, current="Recherche de bonnes pratiques"),
        },
    )


@login_required
def plan_actions(request, code):
    territoire = territoire_selectors.territoire_get(user=request.user, code=code)
    return render(
        request,
        "fiches_actions/plan_actions.html",
        {
            "territoire": territoire,
            **selectors.plan_actions(user=request.user, territoire=territoire),
            "breadcrumb_data": breadcrumb(*territoire_trail(territoire), current="Plan d'actions"),
        },
    )


@login_required
def simplification_list(request):
    fiches = selectors.simplification_list(user=request.user, phase=request.GET.get("phase", "")[:9])
    if fmt := requested_format(request):
        return exports.simplifications_export(fiches, fmt)
    return render(
        request,
        "fiches_actions/simplification_list.html",
        {
            "page_obj": paginate(request, fiches),
            "peut_repondre": "delegation_nationale" in scope_for(request.user).national_roles,
            "breadcrumb_data": breadcrumb(FICHES, current="Demandes de simplification"),
        },
    )


@login_required
def simplification_answer(request, pk):
    fiche = selectors.fiche_get(user=request.user, pk=pk)
    if not can(request.user, "fiche.answer_simplification", fiche):
        raise PermissionDenied("Seule la délégation nationale répond aux demandes de simplification.")
    form = ReponseForm(
        request.POST or None,
        initial={"reponse": fiche.reponse_nationale, "date": fiche.reponse_le or timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.simplification_answer(fiche=fiche, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "La réponse est enregistrée et visible du territoire.")
            return redirect("fiches_actions:simplification_list")
    return render(
        request,
        "gouvernance/form.html",
        {
            "form": form,
            "titre": f"Répondre à la demande de simplification — {fiche.titre}",
            "bouton": "Enregistrer la réponse",
            "retour": reverse("fiches_actions:simplification_list"),
            "intro": f"Obstacle : {fiche.obstacle} — Texte concerné : {fiche.texte_concerne} — "
            f"Demande : {fiche.derogation_demandee}",
        },
    )
