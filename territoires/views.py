from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from gouvernance.scoping import can
from portail.pagination import paginate

from . import selectors
from .forms import TerritoireFilterForm
from .maps import perimeter_map


@login_required
def territoire_list(request):
    form = TerritoireFilterForm(request.GET or None, **selectors.filter_choices(user=request.user))
    territoires = selectors.territoire_list(user=request.user, **form.filters())
    page = paginate(request, territoires)
    return render(request, "territoires/territoire_list.html", {
        "form": form, "page_obj": page,
        "filtered": any(value for key, value in form.filters().items() if key != "sort"),
        "breadcrumb_data": {"current": "Territoires d'industrie"},
    })


@login_required
def territoire_detail(request, code):
    territoire = selectors.territoire_get(user=request.user, code=code)
    departements = list(territoire.departements.all())
    carte = perimeter_map(focus=[territoire.contour] if territoire.contour else [d.contour for d in departements],
                          context=[d.contour for d in departements])
    return render(request, "territoires/territoire_detail.html", {
        "territoire": territoire,
        "departements": departements,
        "carte": carte,
        "carte_indicative": not territoire.contour,
        "peut_voir_region": can(request.user, "region.view", territoire.region_pilote).allowed,
        "breadcrumb_data": {
            "links": [{"url": "/territoires/", "title": "Territoires d'industrie"}],
            "current": territoire.nom,
        },
    })


@login_required
def region_detail(request, code):
    region = selectors.region_get(user=request.user, code=code)
    territoires = selectors.territoire_list(user=request.user, region=region.code)
    page = paginate(request, territoires)
    return render(request, "territoires/region_detail.html", {
        "region": region, "page_obj": page,
        "breadcrumb_data": {"current": region.nom},
    })
