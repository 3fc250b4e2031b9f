from django.shortcuts import render

from gouvernance import selectors as gouvernance_selectors
from gouvernance.scoping import scope_for

from .selectors import a_faire, next_useful_page


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
            national=gouvernance_selectors.national_overview(user=user),
        )
    return render(request, "accueil.html", context)
