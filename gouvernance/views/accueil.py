from django.shortcuts import render

from .. import selectors
from ..scoping import scope_for


def accueil(request):
    """One home page that shows each level the part of the programme its mandates open."""
    user = request.user
    context = {"breadcrumb_data": None}
    if user.is_authenticated:
        scope = scope_for(user)
        context.update(
            mes_territoires=selectors.home_territoires(user=user) if scope.territoire_ids else [],
            mes_regions=selectors.home_regions(user=user) if scope.region_codes else [],
            national=selectors.national_overview(user=user),
        )
    return render(request, "accueil.html", context)
