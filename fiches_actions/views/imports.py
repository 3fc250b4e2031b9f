from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from habilitations.scoping import territoires_where
from portail.breadcrumbs import breadcrumb, crumb
from portail.typographie import megabytes

from ..breadcrumbs import FICHES
from ..models import ImportFiches
from ..services.imports import MAX_IMPORT_BYTES, import_queue, template_bytes


def importable_territoires(user):
    return territoires_where(user, "fiche.import")


@login_required
def template_download(request):
    response = HttpResponse(
        template_bytes(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="modele-fiches-actions.xlsx"'
    return response


@login_required
def import_fiches(request):
    territoires = list(importable_territoires(request.user))
    if not territoires:
        raise PermissionDenied("Seul le chef de projet d'un territoire importe des fiches.")
    errors = []
    if request.method == "POST":
        territoire = next((t for t in territoires if t.code == request.POST.get("territoire")), None)
        upload = request.FILES.get("fichier")
        if territoire is None or upload is None:
            errors = ["Choisissez le territoire et le fichier à importer."]
        elif upload.size > MAX_IMPORT_BYTES:
            errors = [
                f"Le fichier pèse {megabytes(upload.size)} : la limite est de "
                f"{MAX_IMPORT_BYTES // 1024 // 1024}\u00a0Mo. Découpez-le en plusieurs imports."
            ]
        else:
            try:
                job = import_queue(territoire=territoire, by=request.user, name=upload.name, content=upload.read())
            except ValidationError as error:
                errors = error.messages
            else:
                return redirect("fiches_actions:import_detail", pk=job.pk)
    return render(
        request,
        "fiches_actions/import.html",
        {
            "territoires": territoires,
            "erreurs": errors,
            "breadcrumb_data": breadcrumb(FICHES, current="Import"),
        },
    )


def _job(request, pk):
    # An import is its author's business only.
    return get_object_or_404(ImportFiches.objects.filter(par=request.user).select_related("territoire"), pk=pk)


@login_required
def import_detail(request, pk):
    job = _job(request, pk)
    return render(
        request,
        "fiches_actions/import_detail.html",
        {
            "job": job,
            "breadcrumb_data": breadcrumb(
                FICHES, crumb("Import", "fiches_actions:import"), current="Suivi de l'import"
            ),
        },
    )


@login_required
def import_status(request, pk):
    job = _job(request, pk)
    return JsonResponse(
        {
            "statut": job.statut,
            "lignes_traitees": job.lignes_traitees,
            "lignes_total": job.lignes_total,
            "pourcentage": job.pourcentage,
            "fini": job.statut in (ImportFiches.TERMINE, ImportFiches.ECHEC),
        }
    )
