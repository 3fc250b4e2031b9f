from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render

from gouvernance.permissions import roles_for
from gouvernance.scoping import scope_for, visible_territoires

from ..services.imports import ImportRefused, fiches_import, template_bytes


def importable_territoires(user):
    allowed = roles_for("fiche", "import")
    ids = [pk for pk, roles in scope_for(user).roles_by_territoire.items() if roles & allowed]
    return visible_territoires(user).filter(pk__in=ids).without_geometry().order_by("nom")


@login_required
def template_download(request):
    response = HttpResponse(template_bytes(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
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
        elif upload.size > 10 * 1024 * 1024:
            errors = ["Le fichier dépasse 10 Mo."]
        else:
            try:
                created = fiches_import(territoire=territoire, by=request.user, content=upload.read())
            except ImportRefused as refused:
                errors = [str(e) for e in refused.errors]
            else:
                messages.success(request, f"{len(created)} fiches importées en brouillon sur {territoire.nom} : "
                                          "relisez-les puis déposez-les.")
                return redirect(f"/fiches/?statut=brouillon")
    return render(request, "fiches_actions/import.html", {
        "territoires": territoires, "erreurs": errors,
        "breadcrumb_data": {"links": [{"url": "/fiches/", "title": "Fiches actions"}], "current": "Import"}})
