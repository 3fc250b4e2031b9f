"""Governance forms: each view parses input, calls one service, and says in French what happened."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from comptes.backends import PASSWORD_BACKEND
from comptes.token_auth import session_or_token
from gouvernance.selectors import territoires as territoire_selectors
from habilitations.scoping import require, scope_for, visible_regions, visible_territoires
from portail.forms import add_service_errors, refusal_text, submit_form
from portail.pdf import render_pdf
from territoires.models import EPCI

from .. import selectors, services
from ..agenda import decidables
from ..enums import StatutSeance, TypeComite
from ..forms import (
    AcceptInvitationForm,
    BinomeForm,
    DecisionForm,
    DemandePerimetreForm,
    DeplacementForm,
    InvitationForm,
    MembreForm,
    MotifForm,
    SeanceForm,
)
from ..models import MembreComite
from ..services.mandats import grantable_roles
from ..services.seances import verdicts_for


@login_required
def binome_change(request, code):
    territoire = territoire_selectors.territoire_get(user=request.user, code=code)
    require(request.user, "binome.change", territoire)
    form = BinomeForm(request.POST or None)
    done = submit_form(
        request,
        form,
        lambda data: services.binome_designate(territoire=territoire, by=request.user, **data),
        success="Le binôme est désigné ; le précédent reste dans l'historique.",
        then=reverse("gouvernance:territoire_gouvernance", args=[code]),
    )
    return done or render(
        request,
        "gouvernance/form.html",
        {
            "form": form,
            "titre": f"Désigner le binôme de {territoire.nom}",
            "bouton": "Désigner le binôme",
            "retour": reverse("gouvernance:territoire_gouvernance", args=[code]),
        },
    )


@login_required
def membre_add(request, pk):
    comite = selectors.comite_get(user=request.user, pk=pk)
    require(request.user, "comite.manage_members", comite)
    epcis = (
        EPCI.objects.filter(appartenances__territoire=comite.territoire)
        if comite.territoire_id
        else EPCI.objects.filter(regions=comite.region_id)
    )
    form = MembreForm(request.POST or None, epcis=epcis.order_by("nom"))
    done = submit_form(
        request,
        form,
        lambda data: services.membre_add(comite=comite, by=request.user, **data),
        success=lambda membre: f"{membre.user} siège désormais au {comite.nom}.",
        then=reverse("gouvernance:comite_detail", args=[pk]),
    )
    return done or render(
        request,
        "gouvernance/form.html",
        {
            "form": form,
            "titre": f"Ajouter un membre — {comite.nom}",
            "bouton": "Ajouter le membre",
            "retour": reverse("gouvernance:comite_detail", args=[pk]),
        },
    )


@login_required
def membre_end(request, pk):
    membre = get_object_or_404(
        MembreComite.objects.filter(comite__in=selectors.visible_comites(request.user)).select_related(
            "comite", "user"
        ),
        pk=pk,
    )
    require(request.user, "comite.manage_members", membre.comite)
    if request.method == "POST":
        services.membre_end(membre=membre, by=request.user)
        messages.success(request, f"{membre.user} ne siège plus au comité à compter d'aujourd'hui.")
        return redirect("gouvernance:comite_detail", pk=membre.comite_id)
    return render(
        request,
        "confirm.html",
        {
            "titre": "Retirer un membre du comité",
            "texte": f"{membre.user} ne siégera plus au {membre.comite.nom} à compter d'aujourd'hui. "
            "Ses présences et décisions passées restent au relevé.",
            "bouton": "Retirer du comité",
            "retour": reverse("gouvernance:comite_detail", args=[membre.comite_id]),
        },
    )


@login_required
def mandat_end(request, pk):
    from habilitations.models import Mandat

    visible = Q(territoire__in=visible_territoires(request.user).values("pk")) | Q(
        region__in=visible_regions(request.user).values("pk")
    )
    if scope_for(request.user).is_national:
        visible |= Q(territoire__isnull=True, region__isnull=True)
    mandat = get_object_or_404(
        Mandat.objects.active().filter(visible).select_related("user", "territoire", "region"),
        pk=pk,
    )
    back = (
        reverse("gouvernance:territoire_gouvernance", args=[mandat.territoire.code])
        if mandat.territoire_id
        else reverse("gouvernance:region_gouvernance", args=[mandat.region_id])
        if mandat.region_id
        else reverse("accueil")
    )
    if not services.mandats.may_end(by=request.user, mandat=mandat):
        raise PermissionDenied("Vous ne pouvez pas mettre fin à ce mandat.")
    if request.method == "POST":
        services.mandat_end(mandat=mandat, by=request.user)
        messages.success(request, f"Le mandat de {mandat.user} a pris fin : son accès est coupé dès maintenant.")
        return redirect(back)
    return render(
        request,
        "confirm.html",
        {
            "titre": "Mettre fin à un mandat",
            "texte": f"{mandat.user} perdra aussitôt le rôle « {mandat.get_role_display()} » sur "
            f"{mandat.perimetre_label}. L'historique de ses actions reste.",
            "bouton": "Mettre fin au mandat",
            "retour": back,
        },
    )


@login_required
def seance_create(request, pk):
    comite = selectors.comite_get(user=request.user, pk=pk)
    require(request.user, "comite.convene", comite)
    # The inbox links here with the item to examine already ticked (« ?fiches=12 »); only items
    # actually waiting for this committee can be ticked, the others are ignored.
    waiting = {kind: services.seances.pending(kind.key, comite=comite) for kind in decidables()}
    initial = {kind.key: [v for v in request.GET.getlist(kind.key) if v.isdigit()] for kind in waiting}
    form = SeanceForm(request.POST or None, initial=initial, waiting=waiting, plan=comite.type == TypeComite.PROJET)
    done = submit_form(
        request,
        form,
        lambda data: services.seance_convene(
            comite=comite,
            by=request.user,
            date=data["date"],
            lieu=data["lieu"],
            lien_visio=data["lien_visio"],
            duree_minutes=data["duree_minutes"],
            points_libres=data["points_libres"].splitlines(),
            revue_plan=bool(data.get("revue_plan")),
            **form.objets(),
        ),
        success="La séance est convoquée : chaque membre reçoit sa convocation par courriel, avec "
        "l'invitation à ajouter à son agenda.",
        then=lambda seance: reverse("gouvernance:seance_detail", args=[seance.pk]),
    )
    return done or render(
        request,
        "gouvernance/form.html",
        {
            "form": form,
            "titre": f"Convoquer une séance — {comite.nom}",
            "bouton": "Convoquer",
            "retour": reverse("gouvernance:comite_detail", args=[pk]),
        },
    )


@login_required
def seance_record_past(request, pk):
    """A séance already held, entered afterwards with its agenda; its decisions follow on its page."""
    comite = selectors.comite_get(user=request.user, pk=pk)
    require(request.user, "comite.convene", comite)
    waiting = {kind: services.seances.pending(kind.key, comite=comite) for kind in decidables()}
    form = SeanceForm(request.POST or None, waiting=waiting, held=True, plan=comite.type == TypeComite.PROJET)
    done = submit_form(
        request,
        form,
        lambda data: services.seance_record_past(
            comite=comite,
            by=request.user,
            date=data["date"],
            lieu=data["lieu"],
            lien_visio=data["lien_visio"],
            duree_minutes=data["duree_minutes"],
            points_libres=data["points_libres"].splitlines(),
            revue_plan=bool(data.get("revue_plan")),
            **form.objets(),
        ),
        success="La séance passée est enregistrée, sans convocation. Saisissez maintenant la feuille de présence "
        "et les décisions de son relevé, puis publiez-le.",
        then=lambda seance: reverse("gouvernance:seance_detail", args=[seance.pk]),
    )
    return done or render(
        request,
        "gouvernance/form.html",
        {
            "form": form,
            "titre": f"Saisir une séance passée — {comite.nom}",
            "intro": "Pour reprendre l'historique du territoire ou une réunion tenue sans le portail : la séance "
            "est marquée « saisie après coup », à votre nom ; aucun membre n'est convoqué.",
            "bouton": "Enregistrer la séance passée",
            "retour": reverse("gouvernance:comite_detail", args=[pk]),
        },
    )


@login_required
@require_POST
def seance_attendance(request, pk):
    seance = selectors.seance_get(user=request.user, pk=pk)
    presents = {int(v) for v in request.POST.getlist("presents") if v.isdigit()}
    try:
        services.seance_record_attendance(seance=seance, by=request.user, presents=presents)
    except ValidationError as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, "La feuille de présence est enregistrée.")
    return redirect("gouvernance:seance_detail", pk=pk)


@login_required
@require_POST
def decision_create(request, pk):
    point = selectors.point_get(user=request.user, pk=pk)
    form = DecisionForm(
        request.POST,
        verdicts=verdicts_for(point),
        publishable=services.seances.publishable(point),
        prefix=f"p{point.pk}",
    )
    if form.is_valid():
        try:
            services.decision_record(point=point, by=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            text = refusal_text(error)
            messages.error(request, f"Point {point.ordre} : {text}")
        else:
            messages.success(request, f"Décision enregistrée pour le point {point.ordre}.")
    else:
        messages.error(request, f"Point {point.ordre} : choisissez une décision.")
    return redirect(reverse("gouvernance:seance_detail", args=[point.seance_id]) + f"#point-{point.pk}")


@login_required
def seance_publish(request, pk):
    seance = selectors.seance_get(user=request.user, pk=pk)
    require(request.user, "seance.publish", seance)
    if request.method == "POST":
        try:
            services.seance_publish_releve(seance=seance, by=request.user)
        except ValidationError as error:
            messages.error(request, refusal_text(error))
        else:
            messages.success(request, "Le relevé de décisions est publié et envoyé aux membres du comité.")
        return redirect("gouvernance:seance_detail", pk=pk)
    return render(
        request,
        "confirm.html",
        {
            "titre": "Publier le relevé de décisions",
            "texte": "Une fois publié, le relevé est envoyé aux membres et les décisions de la séance ne changent "
            "plus.",
            "bouton": "Publier le relevé",
            "retour": reverse("gouvernance:seance_detail", args=[pk]),
        },
    )


@login_required
def seance_cancel(request, pk):
    seance = selectors.seance_get(user=request.user, pk=pk)
    require(request.user, "seance.cancel", seance)
    form = MotifForm(request.POST or None)
    done = submit_form(
        request,
        form,
        lambda data: services.seance_cancel(seance=seance, by=request.user, **data),
        success="La séance est annulée ; les membres en sont informés par courriel et les fiches de son ordre "
        "du jour redeviennent déposées.",
        then=reverse("gouvernance:seance_detail", args=[pk]),
    )
    return done or render(
        request,
        "gouvernance/form.html",
        {
            "form": form,
            "titre": "Annuler la séance",
            "bouton": "Annuler la séance",
            "danger": True,
            "retour": reverse("gouvernance:seance_detail", args=[pk]),
        },
    )


@login_required
def seance_move(request, pk):
    seance = selectors.seance_get(user=request.user, pk=pk)
    require(request.user, "seance.cancel", seance)
    back = reverse("gouvernance:seance_detail", args=[pk])
    refusal = services.seances.move_refusal(seance)
    if refusal:
        messages.error(request, refusal)
        return redirect(back)
    initial = {
        "date": timezone.localtime(seance.date).strftime("%Y-%m-%dT%H:%M"),
        "lieu": seance.lieu,
        "lien_visio": seance.lien_visio,
        "duree_minutes": seance.duree_minutes,
    }
    form = DeplacementForm(request.POST or None, initial=initial)
    done = submit_form(
        request,
        form,
        lambda data: services.seance_move(seance=seance, by=request.user, **data),
        success="La séance est déplacée ; chaque membre reçoit l'invitation mise à jour.",
        then=back,
    )
    return done or render(
        request,
        "gouvernance/form.html",
        {
            "form": form,
            "titre": "Déplacer la séance",
            "bouton": "Déplacer la séance",
            "retour": back,
            "intro": "L'ordre du jour ne change pas. Les membres convoqués reçoivent la nouvelle date ou le nouveau "
            "lieu, avec une invitation qui remplace l'ancienne dans leur agenda.",
        },
    )


@session_or_token
def seance_releve_pdf(request, pk):
    seance = selectors.seance_get(user=request.user, pk=pk)
    pdf = render_pdf(
        "gouvernance/releve_pdf.html",
        {
            "seance": seance,
            # A contract validated in this séance carries, once signed, the signatures to be looked at.
            "points": seance.points.select_related("decision").prefetch_related("version_contrat__parties__signature"),
            "presents": [p.membre for p in seance.presences.all() if p.present],
            "projet": seance.statut != StatutSeance.RELEVE_PUBLIE,
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="releve-seance-{seance.pk}.pdf"'
    return response


@login_required
def demande_create(request, code):
    territoire = territoire_selectors.territoire_get(user=request.user, code=code)
    require(request.user, "demande_perimetre.create", territoire)
    addable, removable = selectors.epci_choices_for(territoire)
    form = DemandePerimetreForm(request.POST or None, addable=addable, removable=removable)
    done = submit_form(
        request,
        form,
        lambda data: services.demande_perimetre_create(
            territoire=territoire,
            by=request.user,
            ajouts=list(data["ajouts"]),
            retraits=list(data["retraits"]),
            motifs=data["motifs"],
        ),
        success="La demande est déposée : le comité régional l'examinera lors de sa prochaine séance.",
        then=lambda demande: reverse("gouvernance:demande_detail", args=[demande.pk]),
    )
    return done or render(
        request,
        "gouvernance/form.html",
        {
            "form": form,
            "titre": f"Demander une adaptation du périmètre — {territoire.nom}",
            "bouton": "Déposer la demande",
            "retour": reverse("gouvernance:territoire_gouvernance", args=[code]),
        },
    )


@login_required
def invitation_create(request):
    scope = scope_for(request.user)
    roles = grantable_roles(request.user)
    if not roles:
        raise PermissionDenied("Votre rôle ne permet d'inviter personne.")
    territoires = visible_territoires(request.user).order_by("nom")
    form = InvitationForm(
        request.POST or None,
        roles=roles,
        territoires=territoires,
        regions=visible_regions(request.user).order_by("nom"),
        national=scope.is_national,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation, _ = services.invitation_create(
                by=request.user,
                email=data["email"],
                role=data["role"],
                territoire=data["territoire"],
                region=data["region"],
                operateur=data["operateur"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Invitation envoyée à {invitation.email} : le lien est valable 7 jours.")
            return redirect("accueil")
    return render(
        request,
        "gouvernance/form.html",
        {
            "form": form,
            "titre": "Inviter une personne",
            "bouton": "Envoyer l'invitation",
            "retour": reverse("accueil"),
            "intro": "La personne reçoit un lien à usage unique, valable 7 jours, pour rejoindre le portail avec "
            "ce rôle.",
        },
    )


def invitation_accept(request, token):
    check = services.invitation_check(token=token)
    if check.error:
        return render(
            request,
            "gouvernance/invitation_error.html",
            {"erreur": check.error},
            status=410 if check.invitation else 404,
        )
    invitation, existing = check.invitation, check.existing_user
    if existing is not None:
        if request.method == "POST" and request.user.is_authenticated:
            try:
                services.invitation_accept(token=token, current_user=request.user)
            except (PermissionDenied, ValidationError) as error:
                messages.error(request, refusal_text(error))
            else:
                messages.success(request, "Invitation acceptée : votre nouveau rôle est actif.")
                return redirect("accueil")
        return render(request, "gouvernance/invitation_existing.html", {"invitation": invitation, "token": token})
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, _ = services.invitation_accept(
                token=token,
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                organisation=data["organisation"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
            else:
                form.add_error("password1", error.messages)
        else:
            login(request, user, backend=PASSWORD_BACKEND)
            messages.success(request, "Bienvenue ! Votre compte est créé et votre rôle est actif.")
            return redirect("accueil")
    return render(request, "gouvernance/invitation_accept.html", {"form": form, "invitation": invitation})


@login_required
@require_POST
def financeurs_create(request, code):
    """Some régions add a comité des financeurs next to the comité régional."""
    from ..enums import TypeComite
    from ..services.comites import comite_regional_get_or_create

    region = territoire_selectors.region_get(user=request.user, code=code)
    regional = comite_regional_get_or_create(region=region)
    require(request.user, "comite.manage_members", regional)
    comite = comite_regional_get_or_create(region=region, type=TypeComite.FINANCEURS)
    messages.success(request, "Le comité des financeurs est constitué : ajoutez ses membres.")
    return redirect("gouvernance:comite_detail", pk=comite.pk)
