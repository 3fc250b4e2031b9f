import itertools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render

from gouvernance import selectors as gouvernance_selectors
from habilitations.scoping import scope_for
from portail.breadcrumbs import breadcrumb
from portail.exports import csv_lines
from territoires.phases import reference

from . import open_data
from .dashboard import cache_key, level_of, rendered_figures, selected_phase, upcoming_seances
from .selectors import a_faire, kept_for_person, next_useful_page, shared


def _materialised(overview):
    return {**overview, "regions": list(overview["regions"])}


def accueil(request):
    """The home page leads with what the person has to do, then the part of the programme their
    mandates open."""
    user = request.user
    context = {"breadcrumb_data": None}
    if user.is_authenticated:
        scope = scope_for(user)
        context.update(
            a_faire=a_faire(user) if scope.has_mandate else [],
            **kept_for_person(
                user,
                "accueil",
                lambda: {
                    "page_utile": next_useful_page(user) if scope.has_mandate else None,
                    "mes_territoires": list(gouvernance_selectors.home_territoires(user=user))
                    if scope.territoire_ids
                    else [],
                    "mes_regions": list(gouvernance_selectors.home_regions(user=user)) if scope.region_codes else [],
                },
            ),
            national=shared(
                "accueil-national", lambda: _materialised(gouvernance_selectors.national_overview(user=user))
            )
            if scope.is_national
            else None,
        )
    return render(request, "accueil.html", context)


@login_required
def tableau_de_bord(request):
    scope = scope_for(request.user)
    if not scope.has_mandate:
        raise PermissionDenied
    level = level_of(scope)
    phase = selected_phase(request.GET.get("phase"))
    return render(
        request,
        "pilotage/tableau_de_bord.html",
        {
            "niveau": level,
            "phase_choisie": phase,
            "phases": reversed(reference()),
            "chiffres": rendered_figures(user=request.user, phase=phase, key=cache_key(request.user, phase)),
            "prochaines_seances": upcoming_seances(user=request.user) if level != "national" else [],
            "breadcrumb_data": breadcrumb(current="Tableau de bord"),
        },
    )


def donnees_ouvertes(request):
    """The open data page: each file, its licence and its schema. Public, like the files."""
    return render(
        request,
        "pilotage/donnees_ouvertes.html",
        {"datasets": list(open_data.datasets().values()), "breadcrumb_data": breadcrumb(current="Données ouvertes")},
    )


def _dataset(name):
    found = open_data.datasets().get(name)
    if found is None:
        raise Http404("Ce jeu de données n'existe pas.")
    return found


def donnees_ouvertes_csv(request, name):
    """One file as schema.data.gouv.fr wants it (UTF-8 without BOM, comma, ISO dates, decimal point),
    streamed as it is read."""
    dataset = _dataset(name)
    rows = ([open_data.csv_value(row[column]) for column in dataset.columns] for row in dataset.rows())
    lines = csv_lines(itertools.chain([dataset.columns], rows), delimiter=",", bom=False)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{dataset.name}.csv"'
    response["Link"] = f'<{request.build_absolute_uri(f"{dataset.name}.schema.json")}>; rel="describedby"'
    return response


def donnees_ouvertes_schema(request, name):
    return JsonResponse(_dataset(name).schema(), json_dumps_params={"ensure_ascii": False, "indent": 2})
