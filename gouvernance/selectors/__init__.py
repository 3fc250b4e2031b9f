"""Reads of the governance app; every one starts from the scoping layer."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Min, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from habilitations.scoping import scope_for, visible_regions, visible_territoires
from territoires.enums import CodePhase
from territoires.models import Region

from ..enums import StatutDemandePerimetre, StatutSeance, TypeComite
from ..models import (
    Binome,
    Comite,
    Decision,
    DemandePerimetre,
    LigneDemandePerimetre,
    MembreComite,
    PointOrdreDuJour,
    Presence,
    Seance,
    Transition,
)

# ---------------------------------------------------------------- home pages


def home_territoires(*, user):
    """The territories the user holds a territorial mandate in, those of the latest phase first."""
    scope = scope_for(user)
    return (
        visible_territoires(user)
        .filter(pk__in=scope.territoire_ids)
        .select_related("region_pilote", "phase")
        .order_by("-phase__debut", "nom")
    )


def home_regions(*, user):
    """The régions of the user's regional mandates, each with its territories counted by phase."""
    scope = scope_for(user)
    return (
        visible_regions(user)
        .filter(code__in=scope.region_codes)
        .annotate(
            nb_phase_1=Count("territoires", filter=Q(territoires__phase=CodePhase.PHASE_1), distinct=True),
            nb_phase_2=Count("territoires", filter=Q(territoires__phase=CodePhase.PHASE_2), distinct=True),
        )
        .order_by("nom")
    )


def national_overview(*, user):
    """Territories per région and phase, for the national home; None for anyone not national."""
    if not scope_for(user).is_national:
        return None
    regions = Region.objects.annotate(
        nb_phase_1=Count("territoires", filter=Q(territoires__phase=CodePhase.PHASE_1), distinct=True),
        nb_phase_2=Count("territoires", filter=Q(territoires__phase=CodePhase.PHASE_2), distinct=True),
        nb_pilotes=Count("territoires_pilotes", filter=Q(territoires_pilotes__phase=CodePhase.PHASE_2), distinct=True),
    ).order_by("nom")
    totals = visible_territoires(user).aggregate(
        phase_1=Count("pk", filter=Q(phase=CodePhase.PHASE_1)), phase_2=Count("pk", filter=Q(phase=CodePhase.PHASE_2))
    )
    return {"regions": regions, "totals": totals}


# ---------------------------------------------------------------- committees and séances


def visible_comites(user):
    scope = scope_for(user)
    if scope.is_national:
        return Comite.objects.all()
    return Comite.objects.filter(
        Q(type=TypeComite.PROJET, territoire__in=visible_territoires(user).values("pk"))
        | Q(type__in=[TypeComite.REGIONAL, TypeComite.FINANCEURS], region__in=visible_regions(user).values("pk"))
    )


def visible_seances(user):
    return Seance.objects.filter(comite__in=visible_comites(user).values("pk"))


def comite_get(*, user, pk: int) -> Comite:
    return get_object_or_404(
        visible_comites(user).select_related("territoire", "region"),
        pk=pk,
    )


def active_members(comite: Comite):
    return (
        MembreComite.objects.active()
        .filter(comite=comite)
        .select_related("user", "epci")
        .order_by("qualite", "user__last_name")
    )


def next_convened_start(user, *, convened_only: bool = True):
    """When the next séance the person can see begins (None if there is none): until then, what reads
    séances as « upcoming » or « held » stays true. Only convened ones unless told otherwise (the
    committees' activity dates their last séance whatever became of it)."""
    upcoming = visible_seances(user).filter(date__gt=timezone.now())
    if convened_only:
        upcoming = upcoming.filter(statut=StatutSeance.CONVOQUEE)
    return upcoming.aggregate(first=Min("date"))["first"]


def seance_list(*, user, comite: Comite | None = None, upcoming: bool | None = None):
    seances = (
        visible_seances(user)
        .select_related("comite__territoire", "comite__region")
        .annotate(nb_points=Count("points", distinct=True), nb_decisions=Count("points__decision", distinct=True))
    )
    if comite is not None:
        seances = seances.filter(comite=comite)
    now = timezone.now()
    if upcoming is True:
        seances = seances.filter(date__gte=now, statut=StatutSeance.CONVOQUEE).order_by("date")
    elif upcoming is False:
        seances = seances.filter(date__lt=now).order_by("-date")
    return seances


def seance_get(*, user, pk: int) -> Seance:
    return get_object_or_404(
        visible_seances(user)
        .select_related("comite__territoire", "comite__region", "convoquee_par", "saisie_apres_coup_par")
        .prefetch_related(
            Prefetch(
                "points",
                queryset=PointOrdreDuJour.objects.select_related(
                    "decision__enregistree_par",
                    "demande_perimetre__territoire",
                    "demande_perimetre__auteur",
                    "fiche",
                    "version_contrat__contrat",
                ),
            ),
            Prefetch("presences", queryset=Presence.objects.select_related("membre__user")),
        ),
        pk=pk,
    )


def point_get(*, user, pk: int) -> PointOrdreDuJour:
    return get_object_or_404(
        PointOrdreDuJour.objects.filter(seance__in=visible_seances(user).values("pk")).select_related(
            "seance__comite", "demande_perimetre", "fiche", "version_contrat"
        ),
        pk=pk,
    )


def decision_list(*, user, comite: Comite | None = None, territoire=None):
    """Decisions of the séances the user may see, newest first, with their séance and committee."""
    decisions = (
        Decision.objects.filter(point__seance__in=visible_seances(user).values("pk"))
        .select_related(
            "point__seance__comite__territoire",
            "point__seance__comite__region",
            "enregistree_par",
            "point__demande_perimetre",
        )
        .order_by("-point__seance__date", "point__ordre")
    )
    if comite is not None:
        decisions = decisions.filter(point__seance__comite=comite)
    if territoire is not None:
        decisions = decisions.filter(
            Q(point__seance__comite__territoire=territoire) | Q(point__demande_perimetre__territoire=territoire)
        )
    return decisions


def comites_activity(*, user):
    """Every visible committee with its last and next séance and its decisions counted."""
    now = timezone.now()
    return (
        visible_comites(user)
        .select_related("territoire", "region")
        .annotate(
            derniere_seance=Max("seances__date", filter=Q(seances__date__lt=now)),
            prochaine_seance=Min(
                "seances__date", filter=Q(seances__date__gte=now, seances__statut=StatutSeance.CONVOQUEE)
            ),
            nb_decisions=Count("seances__points__decision", distinct=True),
        )
        .order_by("-derniere_seance", "type", "pk")
    )


def mandats_of(*, territoire=None, region=None):
    """The people holding an active mandate over one territory or one région."""
    from habilitations.models import Mandat

    mandats = Mandat.objects.active().select_related("user", "operateur").order_by("role", "user__last_name")
    return mandats.filter(territoire=territoire) if territoire is not None else mandats.filter(region=region)


# ---------------------------------------------------------------- binômes and perimeter requests


def binome_history(*, territoire):
    return Binome.objects.filter(territoire=territoire).select_related("elu", "industriel").order_by("-date_debut")


def visible_demandes(user):
    return DemandePerimetre.objects.filter(territoire__in=visible_territoires(user).values("pk"))


def demande_list(*, user, territoire=None, region=None, pending: bool = False):
    demandes = (
        visible_demandes(user)
        .select_related("territoire", "auteur")
        .prefetch_related(Prefetch("lignes", queryset=LigneDemandePerimetre.objects.select_related("epci")))
    )
    if territoire is not None:
        demandes = demandes.filter(territoire=territoire)
    if region is not None:
        demandes = demandes.filter(territoire__region_pilote=region)
    if pending:
        demandes = demandes.filter(statut=StatutDemandePerimetre.DEPOSEE)
    return demandes


def demande_get(*, user, pk: int) -> DemandePerimetre:
    return get_object_or_404(demande_list(user=user), pk=pk)


def transitions_of(obj):
    """The timeline of ``obj``: each change with who, when, why and the séance that decided it."""
    return (
        Transition.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
        .select_related("par", "decision__point__seance__comite__territoire", "decision__point__seance__comite__region")
        .order_by("le", "pk")
    )


def epci_choices_for(territoire):
    from ..services.perimetre import epci_addable, epci_removable

    return epci_addable(territoire=territoire), epci_removable(territoire=territoire)


def decided_perimeters() -> list[int]:
    """Territories whose perimeter an accepted request changed: the reference import leaves them be."""
    return list(
        DemandePerimetre.objects.filter(statut=StatutDemandePerimetre.ACCEPTEE).values_list("territoire_id", flat=True)
    )
