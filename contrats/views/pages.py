"""Contract pages: assembly, submission, preview, signatures, document progress, avenants."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from comptes.token_auth import session_or_token
from gouvernance.breadcrumbs import gouvernance_trail
from gouvernance.selectors import territoires as territoire_selectors
from gouvernance.selectors import transitions_of
from habilitations.scoping import can, require
from portail.breadcrumbs import breadcrumb
from portail.forms import add_service_errors, confirm_then, refusal_text, submit_form

from .. import selectors
from ..enums import StatutDocument
from ..forms import AvenantForm, ContratForm, SignatureForm
from ..services import contrats as services
from ..services.contenu import render_contract


@login_required
def contrat_create(request, code):
    territoire = territoire_selectors.territoire_get(user=request.user, code=code)
    require(request.user, "contrat.prepare", territoire)
    form = ContratForm(request.POST or None)
    done = submit_form(
        request,
        form,
        lambda data: services.contrat_create(territoire=territoire, by=request.user, **data),
        success="Contrat ouvert : choisissez maintenant ses fiches actions validées.",
        then=lambda version: reverse("contrats:version_fiches", args=[version.pk]),
    )
    return done or render(
        request,
        "gouvernance/form.html",
        {
            "form": form,
            "titre": f"Préparer le contrat de {territoire.nom}",
            "bouton": "Ouvrir le contrat",
            "retour": reverse("gouvernance:territoire_gouvernance", args=[code]),
        },
    )


@login_required
def contrat_edit(request, pk):
    contrat = selectors.contrat_get(user=request.user, pk=pk)
    require(request.user, "contrat.prepare", contrat)
    form = ContratForm(
        request.POST or None,
        initial={"intitule": contrat.intitule, "annee_debut": contrat.annee_debut, "annee_fin": contrat.annee_fin},
    )
    del form.fields["preambule"]
    done = submit_form(
        request,
        form,
        lambda data: services.contrat_update(contrat=contrat, by=request.user, **data),
        success="Intitulé et période enregistrés.",
        then=lambda _: reverse("contrats:contrat_detail", args=[contrat.pk]),
    )
    return done or render(
        request,
        "gouvernance/form.html",
        {
            "form": form,
            "titre": f"Modifier le contrat de {contrat.territoire.nom}",
            "bouton": "Enregistrer",
            "retour": reverse("contrats:contrat_detail", args=[contrat.pk]),
        },
    )


@login_required
def contrat_delete(request, pk):
    contrat = selectors.contrat_get(user=request.user, pk=pk)
    require(request.user, "contrat.prepare", contrat)
    return confirm_then(
        request,
        lambda: services.contrat_delete(contrat=contrat, by=request.user),
        page={
            "titre": f"Supprimer le brouillon « {contrat} » ?",
            "bouton": "Supprimer le brouillon",
            "texte": "Le contrat et son choix de fiches sont supprimés ; les fiches restent validées et pourront "
            "entrer dans un autre contrat. Cette action ne se défait pas.",
        },
        success=f"Le brouillon « {contrat} » est supprimé ; ses fiches restent validées.",
        then=reverse("gouvernance:territoire_gouvernance", args=[contrat.territoire.code]),
        back=reverse("contrats:contrat_detail", args=[contrat.pk]),
    )


@login_required
@require_POST
def partie_add(request, pk):
    version = selectors.version_get(user=request.user, pk=pk)
    require(request.user, "contrat.prepare", version)
    try:
        partie = services.partie_add(version=version, by=request.user, libelle=request.POST.get("libelle", ""))
    except ValidationError as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, f"« {partie.libelle} » signera le contrat ; sa page de signature sera numérisée.")
    return redirect(reverse("contrats:contrat_detail", args=[version.contrat_id]) + "#parties")


@login_required
def partie_remove(request, pk):
    partie = selectors.partie_get(user=request.user, pk=pk)
    require(request.user, "contrat.prepare", partie)
    back = reverse("contrats:contrat_detail", args=[partie.version.contrat_id]) + "#parties"
    return confirm_then(
        request,
        lambda: services.partie_remove(partie=partie, by=request.user),
        page={
            "titre": f"Retirer « {partie.libelle} » des signataires ?",
            "bouton": "Retirer cette partie",
            "texte": "Elle ne signera pas ce contrat. Vous pourrez l'ajouter de nouveau avant la soumission.",
        },
        success=f"« {partie.libelle} » ne signera pas ce contrat.",
        then=back,
        back=back,
    )


@login_required
def contrat_detail(request, pk):
    contrat = selectors.contrat_get(user=request.user, pk=pk)
    versions = list(contrat.versions.all())
    current = versions[-1]
    version = selectors.version_get(user=request.user, pk=current.pk)
    return render(
        request,
        "contrats/contrat_detail.html",
        {
            "contrat": contrat,
            "versions": versions,
            "version": version,
            "document": getattr(version, "document", None),
            "historique": transitions_of(version),
            "peut_preparer": can(request.user, "contrat.prepare", contrat).allowed,
            "breadcrumb_data": breadcrumb(*gouvernance_trail(contrat.territoire), current=str(contrat)),
        },
    )


@login_required
def version_fiches(request, pk):
    version = selectors.version_get(user=request.user, pk=pk)
    require(request.user, "contrat.prepare", version)
    fiches = selectors.fiches_for_contract(version)
    current = {ligne.fiche_id: ligne for ligne in version.lignes.all()}
    if request.method == "POST":
        chosen = []
        for fiche in fiches:
            if request.POST.get(f"fiche-{fiche.pk}"):
                try:
                    ordre = int(request.POST.get(f"ordre-{fiche.pk}") or 999)
                except ValueError:
                    ordre = 999
                chosen.append((ordre, fiche, bool(request.POST.get(f"ferme-{fiche.pk}"))))
        chosen.sort(key=lambda item: (item[0], item[1].titre))
        try:
            read = int(request.POST.get("revision") or 0)
        except ValueError:
            read = 0
        try:
            services.version_set_fiches(
                version=version, by=request.user, revision=read, lignes=[(fiche, ferme) for _, fiche, ferme in chosen]
            )
        except ValidationError as error:
            messages.error(request, refusal_text(error))
            version = selectors.version_get(user=request.user, pk=pk)
            current = {ligne.fiche_id: ligne for ligne in version.lignes.all()}
        else:
            messages.success(request, f"{len(chosen)} fiches au contrat.")
            return redirect("contrats:contrat_detail", pk=version.contrat_id)
    return render(
        request,
        "contrats/version_fiches.html",
        {"version": version, "fiches": [(f, current.get(f.pk)) for f in fiches]},
    )


@login_required
def version_submit(request, pk):
    version = selectors.version_get(user=request.user, pk=pk)
    require(request.user, "contrat.prepare", version)
    back = reverse("contrats:contrat_detail", args=[version.contrat_id])
    return confirm_then(
        request,
        lambda: services.version_submit(version=version, by=request.user),
        page={
            "titre": "Soumettre le contrat au comité régional",
            "bouton": "Soumettre au comité régional",
            "texte": "Les fiches sont figées telles qu'elles sont aujourd'hui : une modification ultérieure d'une "
            "fiche ne changera pas le contrat soumis. Relisez l'aperçu avant de soumettre.",
        },
        success="Contrat soumis : le comité régional l'inscrira à l'ordre du jour de sa prochaine séance. Les fiches "
        "y sont figées telles qu'aujourd'hui.",
        then=back,
        back=back,
    )


@login_required
def version_preview(request, pk):
    version = selectors.version_get(user=request.user, pk=pk)
    response = HttpResponse(render_contract(version, projet=True), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="projet-contrat-{version.pk}.pdf"'
    return response


@session_or_token
def version_download(request, pk):
    version = selectors.version_get(user=request.user, pk=pk)
    document = getattr(version, "document", None)
    if document is None or document.statut != StatutDocument.TERMINE:
        raise Http404("Le document signé n'est pas encore produit.")
    with document.fichier.open("rb") as handle:
        content = handle.read()
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="contrat-{document.reference}.pdf"'
    return response


@login_required
def document_status(request, pk):
    version = selectors.version_get(user=request.user, pk=pk)
    document = getattr(version, "document", None)
    if document is None:
        raise Http404
    return JsonResponse(
        {
            "statut": document.statut,
            "libelle": document.get_statut_display(),
            "erreur": document.erreur,
            "fini": document.statut in (StatutDocument.TERMINE, StatutDocument.ECHEC),
        }
    )


@login_required
@require_POST
def document_retry(request, pk):
    version = selectors.version_get(user=request.user, pk=pk)
    try:
        services.document_retry(document=version.document, by=request.user)
    except ValidationError as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, "La production du document est relancée.")
    return redirect("contrats:contrat_detail", pk=version.contrat_id)


@login_required
def partie_sign(request, pk):
    partie = selectors.partie_get(user=request.user, pk=pk)
    back = reverse("contrats:contrat_detail", args=[partie.version.contrat_id])
    form = SignatureForm(
        request.POST or None, request.FILES or None, initial={"signataire": request.user.get_full_name()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.signature_record(
                partie=partie,
                by=request.user,
                signataire=data["signataire"],
                qualite=data["qualite"],
                date=data["date"],
                lieu=data["lieu"],
                preuve=data["preuve"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Signature de « {partie.libelle} » enregistrée.")
            return redirect(back)
    return render(
        request,
        "gouvernance/form.html",
        {
            "form": form,
            "titre": f"Enregistrer la signature — {partie.libelle}",
            "bouton": "Enregistrer la signature",
            "retour": back,
            "multipart": True,
        },
    )


@login_required
def avenant_create(request, pk):
    contrat = selectors.contrat_get(user=request.user, pk=pk)
    require(request.user, "contrat.prepare", contrat)
    form = AvenantForm(request.POST or None)
    done = submit_form(
        request,
        form,
        lambda data: services.avenant_create(contrat=contrat, by=request.user, **data),
        success="Avenant ouvert : ajustez ses fiches, puis soumettez-le au comité régional.",
        then=lambda version: reverse("contrats:version_fiches", args=[version.pk]),
    )
    return done or render(
        request,
        "gouvernance/form.html",
        {
            "form": form,
            "titre": f"Préparer un avenant — {contrat}",
            "bouton": "Ouvrir l'avenant",
            "retour": reverse("contrats:contrat_detail", args=[pk]),
        },
    )
