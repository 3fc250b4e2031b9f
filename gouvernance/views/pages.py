"""Read-only governance pages: territory, région, national activity, committee, séance, request."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from gouvernance.selectors import territoires as territoire_selectors
from habilitations.enums import Role
from habilitations.scoping import can, scope_for
from portail.breadcrumbs import breadcrumb, crumb
from portail.exports import requested_format
from portail.kept import kept_content
from portail.pagination import paginate

from .. import selectors
from ..breadcrumbs import gouvernance_trail, territoire_trail
from ..enums import StatutSeance, TypeComite
from ..exports import comites_export, seances_export
from ..forms import DecisionForm
from ..models import Comite
from ..services.comites import comite_projet_get_or_create, comite_regional_get_or_create, composition_warnings
from ..services.mandats import can_grant, may_end
from ..services.seances import decision_refusal, is_member_on_date, members_on, move_refusal, publishable, verdicts_for


def _with_end_rights(user, mandats):
    """Each mandate with whether this person may end it: « Mettre fin » is shown only then."""
    mandats = list(mandats)
    for mandat in mandats:
        mandat.peut_finir = may_end(by=user, mandat=mandat)
    return mandats


@login_required
def territoire_gouvernance(request, code):
    territoire = territoire_selectors.territoire_get(user=request.user, code=code)
    comite = comite_projet_get_or_create(territoire=territoire)
    membres = list(selectors.active_members(comite))
    binomes = list(selectors.binome_history(territoire=territoire))
    return render(
        request,
        "gouvernance/territoire_gouvernance.html",
        {
            "territoire": territoire,
            "comite": comite,
            "membres": membres,
            "alertes": composition_warnings(comite=comite, membres=membres),
            "binome": next((b for b in binomes if b.date_fin is None), None),
            "anciens_binomes": [b for b in binomes if b.date_fin is not None],
            "prochaines_seances": selectors.seance_list(user=request.user, comite=comite, upcoming=True)[:5],
            "decisions": selectors.decision_list(user=request.user, territoire=territoire)[:20],
            "demandes": selectors.demande_list(user=request.user, territoire=territoire)[:10],
            "peut_convoquer": can(request.user, "comite.convene", comite).allowed,
            "peut_gerer": can(request.user, "comite.manage_members", comite).allowed,
            "peut_changer_binome": can(request.user, "binome.change", territoire).allowed,
            "peut_demander": can(request.user, "demande_perimetre.create", territoire).allowed,
            "mandats": _with_end_rights(request.user, selectors.mandats_of(territoire=territoire)),
            "peut_gerer_mandats": can_grant(by=request.user, role=Role.PORTEUR_PROJET, territoire=territoire),
            "breadcrumb_data": breadcrumb(*territoire_trail(territoire), current="Gouvernance"),
        },
    )


@login_required
def region_gouvernance(request, code):
    region = territoire_selectors.region_get(user=request.user, code=code)
    comite = comite_regional_get_or_create(region=region)
    return render(
        request,
        "gouvernance/region_gouvernance.html",
        {
            "region": region,
            "comite": comite,
            "financeurs": Comite.objects.filter(type=TypeComite.FINANCEURS, region=region).first(),
            "membres": selectors.active_members(comite),
            "territoires": territoire_selectors.territoire_list(
                user=request.user, region=region.code, phase="2023-2027"
            ),
            "demandes": selectors.demande_list(user=request.user, region=region, pending=True),
            "prochaines_seances": selectors.seance_list(user=request.user, comite=comite, upcoming=True)[:5],
            "peut_convoquer": can(request.user, "comite.convene", comite).allowed,
            "mandats": _with_end_rights(request.user, selectors.mandats_of(region=region)),
            "peut_gerer_mandats": can_grant(by=request.user, role=Role.PILOTE_REGIONAL, region=region),
            "breadcrumb_data": breadcrumb(
                crumb(region.nom, "gouvernance:region_detail", region.code), current="Gouvernance régionale"
            ),
        },
    )


@login_required
def national_activity(request):
    if not scope_for(request.user).is_national:
        raise PermissionDenied
    if fmt := requested_format(request):
        return comites_export(selectors.comites_activity(user=request.user), fmt)
    # Kept for the person at this address until a counted change or the next séance's start, when a
    # committee's « prochaine séance » becomes its « dernière ».
    contenu = kept_content(
        request,
        "activite-comites",
        "gouvernance/_national_activity_contenu.html",
        lambda: {"page_obj": paginate(request, selectors.comites_activity(user=request.user))},
        until=lambda: selectors.next_convened_start(request.user, convened_only=False),
    )
    return render(
        request,
        "gouvernance/national_activity.html",
        {"contenu": contenu, "breadcrumb_data": breadcrumb(current="Activité des comités")},
    )


@login_required
def comite_detail(request, pk):
    comite = selectors.comite_get(user=request.user, pk=pk)
    membres = list(selectors.active_members(comite))
    seances = selectors.seance_list(user=request.user, comite=comite).order_by("-date")
    if fmt := requested_format(request):
        return seances_export(seances, fmt, name=f"seances-comite-{comite.pk}")
    page = paginate(request, seances)
    if comite.type == TypeComite.PROJET:
        trail = gouvernance_trail(comite.territoire)
    elif comite.region_id:
        trail = (crumb(comite.region.nom, "gouvernance:region_detail", comite.region_id),)
    else:
        trail = ()
    return render(
        request,
        "gouvernance/comite_detail.html",
        {
            "comite": comite,
            "membres": membres,
            "page_obj": page,
            "alertes": composition_warnings(comite=comite, membres=membres),
            "peut_gerer": can(request.user, "comite.manage_members", comite).allowed,
            "peut_convoquer": can(request.user, "comite.convene", comite).allowed,
            "breadcrumb_data": breadcrumb(*trail, current=comite.nom),
        },
    )


@login_required
def seance_detail(request, pk):
    seance = selectors.seance_get(user=request.user, pk=pk)
    points = []
    is_member = is_member_on_date(user=request.user, seance=seance)
    for point in seance.points.all():
        decision = getattr(point, "decision", None)
        refusal = (
            None if decision else decision_refusal(user=request.user, point=point, seance=seance, is_member=is_member)
        )
        points.append(
            {
                "point": point,
                "decision": decision,
                "refus": refusal,
                "form": None
                if decision or refusal
                else DecisionForm(verdicts=verdicts_for(point), publishable=publishable(point), prefix=f"p{point.pk}"),
            }
        )
    presences = {p.membre_id: p.present for p in seance.presences.all()}
    membres = [(m, presences.get(m.pk)) for m in members_on(seance)]
    return render(
        request,
        "gouvernance/seance_detail.html",
        {
            "seance": seance,
            "points": points,
            "membres": membres,
            "tous_decides": all(p["decision"] for p in points),
            "annulation": (
                selectors.transitions_of(seance).filter(cible=StatutSeance.ANNULEE).first()
                if seance.statut == StatutSeance.ANNULEE
                else None
            ),
            "peut_animer": can(request.user, "seance.record_attendance", seance).allowed,
            "peut_deplacer": can(request.user, "seance.cancel", seance).allowed and not move_refusal(seance),
            "breadcrumb_data": breadcrumb(
                crumb(seance.comite.nom, "gouvernance:comite_detail", seance.comite_id),
                current=f"Séance du {seance.date:%d/%m/%Y}",
            ),
        },
    )


@login_required
def demande_detail(request, pk):
    demande = selectors.demande_get(user=request.user, pk=pk)
    return render(
        request,
        "gouvernance/demande_detail.html",
        {
            "demande": demande,
            "historique": selectors.transitions_of(demande),
            "breadcrumb_data": breadcrumb(
                *gouvernance_trail(demande.territoire), current="Demande d'adaptation du périmètre"
            ),
        },
    )
