from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from gouvernance.breadcrumbs import TERRITOIRES
from habilitations.scoping import can
from portail.breadcrumbs import breadcrumb
from portail.exports import requested_format
from portail.kept import kept_content
from portail.pagination import paginate
from territoires.exports import territoires_export
from territoires.maps import perimeter_map

from ..forms import TerritoireFilterForm
from ..selectors import territoires as selectors


@login_required
def territoire_list(request):
    if fmt := requested_format(request):
        form = TerritoireFilterForm(request.GET or None, **selectors.filter_choices(user=request.user))
        return territoires_export(selectors.territoire_list(user=request.user, **form.filters()), fmt)
    # The table and its filters, kept for the person at this address until a counted change.
    contenu = kept_content(
        request, "territoires", "gouvernance/territoires/_territoire_list_contenu.html", lambda: _list_context(request)
    )
    return render(
        request,
        "gouvernance/territoires/territoire_list.html",
        {"contenu": contenu, "breadcrumb_data": breadcrumb(current="Territoires d'industrie")},
    )


def _list_context(request) -> dict:
    form = TerritoireFilterForm(request.GET or None, **selectors.filter_choices(user=request.user))
    territoires = selectors.territoire_list(user=request.user, **form.filters())
    return {
        "form": form,
        "page_obj": paginate(request, territoires),
        "filtered": any(value for key, value in form.filters().items() if key != "sort"),
    }


@login_required
def territoire_detail(request, code):
    territoire = selectors.territoire_get(user=request.user, code=code)
    contours = selectors.perimeter_outlines(territoire)
    return render(
        request,
        "gouvernance/territoires/territoire_detail.html",
        {
            "territoire": territoire,
            "departements": territoire.departements.all(),
            "a_une_carte": bool(contours["territoire"] or contours["departements"]),
            "carte_indicative": not contours["territoire"],
            "peut_voir_region": can(request.user, "region.view", territoire.region_pilote).allowed,
            **selectors.lineage(user=request.user, territoire=territoire),
            "breadcrumb_data": breadcrumb(TERRITOIRES, current=territoire.nom),
        },
    )


@login_required
def region_detail(request, code):
    region = selectors.region_get(user=request.user, code=code)
    territoires = selectors.territoire_list(user=request.user, region=region.code)
    if fmt := requested_format(request):
        return territoires_export(territoires, fmt, name=f"territoires-{region.code}")
    page = paginate(request, territoires)
    return render(
        request,
        "gouvernance/territoires/region_detail.html",
        {
            "region": region,
            "page_obj": page,
            "breadcrumb_data": breadcrumb(current=region.nom),
        },
    )


@login_required
def territoire_carte(request, code):
    """The perimeter map as an SVG image: drawn on the server, cached by the browser for a day."""
    territoire = selectors.territoire_get(user=request.user, code=code)
    contours = selectors.perimeter_outlines(territoire)
    carte = perimeter_map(
        focus=[contours["territoire"]] if contours["territoire"] else contours["departements"],
        context=contours["departements"],
    )
    if carte is None:
        raise Http404("Aucun contour pour ce territoire.")
    response = render(
        request,
        "gouvernance/territoires/carte.svg",
        {"territoire": territoire, "carte": carte},
        content_type="image/svg+xml; charset=utf-8",
    )
    patch_cache_control(response, private=True, max_age=86400)
    return response
