import itertools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render

from gouvernance import selectors as gouvernance_selectors
from gouvernance.selectors import next_convened_start
from habilitations.scoping import scope_for
from portail.breadcrumbs import breadcrumb
from portail.exports import csv_lines
from portail.kept import kept_content
from territoires.phases import reference

from . import open_data
from .dashboard import cache_key, level_of, rendered_figures, selected_phase, upcoming_seances
from .selectors import a_faire, next_useful_page, shared


def _materialised(overview):
    return {**overview, "regions": list(overview["regions"])}


def _home(user) -> dict:
    scope = scope_for(user)
    return {
        "a_faire": a_faire(user),
        "page_utile": next_useful_page(user),
        "mes_territoires": gouvernance_selectors.home_territoires(user=user) if scope.territoire_ids else [],
        "mes_regions": gouvernance_selectors.home_regions(user=user) if scope.region_codes else [],
        "national": shared(
            "accueil-national", lambda: _materialised(gouvernance_selectors.national_overview(user=user))
        )
        if scope.is_national
        else None,
    }


def accueil(request):
    """The home page leads with what the person has to do, then the part of the programme their
    mandates open."""
    user = request.user
    context = {"breadcrumb_data": None}
    if user.is_authenticated and scope_for(user).has_mandate:
        # What the person has to do and the part of the programme they see, kept for them until a
        # counted change or the next séance's start (the greeting stays outside: it names them).
        context["contenu"] = kept_content(
            request,
            "accueil",
            "pilotage/_accueil_contenu.html",
            lambda: _home(user),
            until=lambda: next_convened_start(user),
        )
    return render(request, "accueil.html", context)


@login_required
def tableau_de_bord(request):
    scope = scope_for(request.user)
    if not scope.has_mandate:
        raise PermissionDenied
    level = level_of(scope)

    def content():
        phase = selected_phase(request.GET.get("phase"))
        return {
            "niveau": level,
            "phase_choisie": phase,
            "phases": reversed(reference()),
            "chiffres": rendered_figures(request=request, phase=phase, key=cache_key(request.user, phase)),
            "prochaines_seances": upcoming_seances(user=request.user) if level != "national" else [],
        }

    # Kept for the person at this address (phase, page of the territories side by side) until a
    # counted change or, below the national level, the start of the next séance the page lists.
    upcoming = (lambda: next_convened_start(request.user)) if level != "national" else None
    return render(
        request,
        "pilotage/tableau_de_bord.html",
        {
            "contenu": kept_content(
                request, "tableau-de-bord", "pilotage/_tableau_de_bord_contenu.html", content, until=upcoming
            ),
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
