from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from gouvernance import selectors as gouvernance_selectors
from habilitations.scoping import scope_for
from portail.breadcrumbs import breadcrumb
from territoires.phases import reference

from .dashboard import cache_key, level_of, rendered_figures, selected_phase, upcoming_seances
from .selectors import a_faire, next_useful_page, shared


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
            page_utile=next_useful_page(user) if scope.has_mandate else None,
            mes_territoires=gouvernance_selectors.home_territoires(user=user) if scope.territoire_ids else [],
            mes_regions=gouvernance_selectors.home_regions(user=user) if scope.region_codes else [],
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
