"""Reads for the home pages of each level; all of them go through the scoping layer."""

from django.db.models import Count, Q

from territoires.enums import Phase
from territoires.models import Region

from .scoping import scope_for, visible_regions, visible_territoires


def home_territoires(*, user):
    """The territories the user holds a territorial mandate in."""
    scope = scope_for(user)
    return (visible_territoires(user).filter(pk__in=scope.territoire_ids).without_geometry()
            .select_related("region_pilote").order_by("nom"))


def home_regions(*, user):
    """The régions of the user's regional mandates, each with its territories counted by phase."""
    scope = scope_for(user)
    return (visible_regions(user).filter(code__in=scope.region_codes).defer("contour")
            .annotate(nb_phase_1=Count("territoires", filter=Q(territoires__phase=Phase.PHASE_1), distinct=True),
                      nb_phase_2=Count("territoires", filter=Q(territoires__phase=Phase.PHASE_2), distinct=True))
            .order_by("nom"))


def national_overview(*, user):
    """Territories per région and phase, for the national home; empty for anyone not national."""
    if not scope_for(user).is_national:
        return None
    regions = (Region.objects.defer("contour")
               .annotate(nb_phase_1=Count("territoires", filter=Q(territoires__phase=Phase.PHASE_1), distinct=True),
                         nb_phase_2=Count("territoires", filter=Q(territoires__phase=Phase.PHASE_2), distinct=True),
                         nb_pilotes=Count("territoires_pilotes", filter=Q(territoires_pilotes__phase=Phase.PHASE_2),
                                          distinct=True))
               .order_by("nom"))
    totals = visible_territoires(user).aggregate(
        phase_1=Count("pk", filter=Q(phase=Phase.PHASE_1)), phase_2=Count("pk", filter=Q(phase=Phase.PHASE_2)))
    return {"regions": regions, "totals": totals}
