"""Séances: convene, invite, record attendance, decide, publish the relevé de décisions."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from comptes.models import User
from habilitations.scoping import can, is_author
from notifications.services import notify
from portail.typographie import plural

from ..agenda import FREE_ITEM_VERDICTS, decidable, decidables, for_point
from ..enums import StatutSeance, TypeComite, Verdict
from ..models import Comite, Decision, MembreComite, PointOrdreDuJour, Presence, Seance
from .journal import transition_record


def verdicts_for(point: PointOrdreDuJour) -> list[Verdict]:
    """The verdicts a committee may give on this item: those of its object's kind."""
    kind, _ = for_point(point)
    return list(kind.verdicts if kind else FREE_ITEM_VERDICTS)


def publishable(point: PointOrdreDuJour, verdict: str | None = None) -> bool:
    """Whether this item's decision may say « publiable en données ouvertes » (a validated fiche)."""
    kind, _objet = for_point(point)
    return bool(kind and kind.publishable) and verdict in (None, Verdict.VALIDEE)


def _apply_decision(point: PointOrdreDuJour, decision: Decision) -> None:
    """Hand the decision to the service of the object decided: the only door to its decided state."""
    kind, objet = for_point(point)
    if kind is not None:
        kind.apply(objet, decision)


def on_convened_agenda():
    """Agenda items of séances convened and not yet held or cancelled: their objects are taken."""
    return PointOrdreDuJour.objects.filter(seance__statut=StatutSeance.CONVOQUEE)


def pending(key: str, *, comite: Comite):
    """The objects of this kind waiting for this committee (none if it does not examine them)."""
    kind = decidable(key)
    if comite.type != kind.committee:
        return kind.pending(comite).none()
    return kind.pending(comite)


@transaction.atomic
def seance_convene(
    *,
    comite: Comite,
    by: User,
    date: datetime.datetime,
    lieu: str = "",
    lien_visio: str = "",
    duree_minutes: int = 120,
    points_libres: Sequence[str] = (),
    revue_plan: bool = False,
    **objets,
) -> Seance:
    """Convene a séance with its agenda: ``objets`` names, by kind (``fiches=[…]``, ``contrats=[…]``,
    ``demandes=[…]``), the objects it will decide; the members' invitations leave with the commit."""
    return _open(
        comite=comite,
        by=by,
        date=date,
        lieu=lieu,
        lien_visio=lien_visio,
        duree_minutes=duree_minutes,
        points_libres=points_libres,
        held=False,
        revue_plan=revue_plan,
        **objets,
    )


@transaction.atomic
def seance_record_past(
    *,
    comite: Comite,
    by: User,
    date: datetime.datetime,
    lieu: str = "",
    lien_visio: str = "",
    duree_minutes: int = 120,
    points_libres: Sequence[str] = (),
    revue_plan: bool = False,
    **objets,
) -> Seance:
    """Enter a séance already held (« tenue le … »), with its agenda: a territory's history before the
    portal, or a meeting entered late. Nobody is convened; it is marked as entered afterwards, by whom and
    when; its attendance, decisions (dated on the séance's day) and relevé are then recorded as usual."""
    return _open(
        comite=comite,
        by=by,
        date=date,
        lieu=lieu,
        lien_visio=lien_visio,
        duree_minutes=duree_minutes,
        points_libres=points_libres,
        held=True,
        revue_plan=revue_plan,
        **objets,
    )


def _open(
    *, comite, by, date, lieu, lien_visio, duree_minutes, points_libres, held: bool, revue_plan=False, **objets
) -> Seance:
    if not can(by, "comite.convene", comite):
        raise PermissionDenied("Vous ne pouvez pas convoquer ce comité.")
    errors = _place_errors(date=date, lieu=lieu, lien_visio=lien_visio, held=held)
    unknown = set(objets) - {kind.key for kind in decidables()}
    if unknown:
        raise TypeError(f"Objets inconnus à l'ordre du jour : {sorted(unknown)}")
    chosen = {kind.key: list(objets.get(kind.key) or ()) for kind in decidables()}
    for kind in decidables():
        if not chosen[kind.key]:
            continue
        allowed = set(pending(kind.key, comite=comite).values_list("pk", flat=True))
        if any(obj.pk not in allowed for obj in chosen[kind.key]):
            errors[kind.key] = kind.refused
    points_libres = [p.strip() for p in points_libres if p.strip()]
    if revue_plan and comite.type != TypeComite.PROJET:
        errors["revue_plan"] = "Le plan d'actions se revoit en comité de projet."
    if not any(chosen.values()) and not points_libres and not revue_plan:
        errors["points_libres"] = "L'ordre du jour doit compter au moins un point."
    if errors:
        raise ValidationError(errors)
    seance = Seance(
        comite=comite,
        date=date,
        lieu=lieu.strip(),
        lien_visio=lien_visio.strip(),
        duree_minutes=duree_minutes,
        convoquee_par=by,
    )
    if held:
        # Its convocation is not known: it is dated on the day itself, never after.
        seance.convoquee_le = date
        seance.saisie_apres_coup_par = by
        seance.saisie_apres_coup_le = timezone.now()
    seance.full_clean()
    seance.save()
    ordre = 1
    for kind in decidables():
        for obj in chosen[kind.key]:
            PointOrdreDuJour.objects.create(
                seance=seance, ordre=ordre, titre=kind.title(obj)[:300], **{kind.field: obj}
            )
            if kind.put_on_agenda:
                kind.put_on_agenda(obj, by)
            ordre += 1
    if revue_plan:
        year = timezone.localtime(date).year
        PointOrdreDuJour.objects.create(
            seance=seance, ordre=ordre, titre=f"Revue annuelle {year} du plan d'actions", revue_plan=True
        )
        ordre += 1
    for titre in points_libres:
        PointOrdreDuJour.objects.create(seance=seance, ordre=ordre, titre=titre[:300])
        ordre += 1
    if held:
        transition_record(
            obj=seance, source="", cible=StatutSeance.CONVOQUEE, par=by, motif="Séance tenue, saisie après coup."
        )
    else:
        transition_record(obj=seance, source="", cible=StatutSeance.CONVOQUEE, par=by)
        notify("seance.convoquee", seance=seance)
    return seance


def _place_errors(*, date, lieu: str, lien_visio: str, held: bool = False) -> dict:
    """The one rule for when and where a séance can be held (convening and moving alike); ``held``: one
    already held, entered after the fact."""
    errors = _held_errors(date) if held else {}
    if not held and date <= timezone.now():
        errors["date"] = "La séance doit avoir lieu dans le futur."
    if not (lieu or "").strip() and not (lien_visio or "").strip():
        errors["lieu"] = "Indiquez un lieu ou un lien de visioconférence."
    return errors


def _held_errors(date) -> dict:
    """A séance entered after the fact was held: in the past, and within the programme's life."""
    from territoires.phases import reference

    phases = reference()
    if date > timezone.now():
        return {"date": "Une séance saisie après coup a déjà eu lieu : pour une séance à venir, convoquez-la."}
    if phases and timezone.localdate(date) < phases[0].debut:
        return {"date": f"Le programme a commencé le {phases[0].debut:%d/%m/%Y} : vérifiez l'année de la séance."}
    return {}


def move_refusal(seance: Seance) -> str | None:
    """Why this séance can no longer be moved (None while it can)."""
    if seance.statut != StatutSeance.CONVOQUEE:
        return "Seule une séance convoquée, ni close ni annulée, se déplace."
    if seance.date <= timezone.now() or Decision.objects.filter(point__seance=seance).exists():
        return "Cette séance a déjà eu lieu : elle ne se déplace plus."
    return None


@transaction.atomic
def seance_move(
    *,
    seance: Seance,
    by: User,
    date: datetime.datetime,
    lieu: str = "",
    lien_visio: str = "",
    duree_minutes: int | None = None,
) -> Seance:
    """Change the date, place or video link of a séance not yet held; members get the updated event."""
    if not can(by, "seance.cancel", seance):
        raise PermissionDenied("Vous ne pouvez pas déplacer cette séance.")
    seance = Seance.objects.select_for_update().select_related("comite").get(pk=seance.pk)
    refusal = move_refusal(seance)
    if refusal:
        raise ValidationError(refusal)
    errors = _place_errors(date=date, lieu=lieu, lien_visio=lien_visio)
    if errors:
        raise ValidationError(errors)
    lieu, lien_visio = (lieu or "").strip(), (lien_visio or "").strip()
    duree_minutes = duree_minutes or seance.duree_minutes
    if (date, lieu, lien_visio, duree_minutes) == (seance.date, seance.lieu, seance.lien_visio, seance.duree_minutes):
        raise ValidationError("Rien n'a changé : indiquez la nouvelle date, le nouveau lieu ou le nouveau lien.")
    avant = f"le {timezone.localtime(seance.date):%d/%m/%Y à %H:%M}" + (f", {seance.lieu}" if seance.lieu else "")
    seance.date, seance.lieu, seance.lien_visio, seance.duree_minutes = date, lieu, lien_visio, duree_minutes
    seance.sequence += 1
    seance.full_clean()
    seance.save()
    transition_record(
        obj=seance,
        source=StatutSeance.CONVOQUEE,
        cible=StatutSeance.CONVOQUEE,
        par=by,
        motif=f"Séance déplacée (prévue {avant}).",
    )
    notify("seance.deplacee", seance=seance, avant=avant)
    return seance


def members_on(seance: Seance):
    """The members of the committee on the séance's date: they are the ones convened."""
    return (
        MembreComite.objects.active(timezone.localdate(seance.date))
        .filter(comite=seance.comite)
        .select_related("user", "epci")
    )


@transaction.atomic
def seance_record_attendance(*, seance: Seance, by: User, presents: set[int]) -> None:
    if not can(by, "seance.record_attendance", seance):
        raise PermissionDenied("Vous ne pouvez pas tenir la feuille de présence de cette séance.")
    if seance.statut != StatutSeance.CONVOQUEE:
        raise ValidationError("La feuille de présence d'une séance close ne change plus.")
    for membre in members_on(seance):
        Presence.objects.update_or_create(seance=seance, membre=membre, defaults={"present": membre.pk in presents})


def is_member_on_date(*, user: User, seance: Seance) -> bool:
    day = timezone.localdate(seance.date)
    return MembreComite.objects.active(day).filter(comite=seance.comite, user=user).exists()


def decision_refusal(
    *, user: User, point: PointOrdreDuJour, seance: Seance | None = None, is_member: bool | None = None
) -> str | None:
    """Why ``user`` may not record the decision on ``point`` (None when they may).

    A page listing many points passes the séance and the membership it already knows.
    """
    seance = seance or point.seance
    # A séance entered after the fact is transcribed from its relevé by whoever entered it, member then or not.
    transcribed = seance.saisie_apres_coup_par_id == user.pk and can(user, "comite.convene", seance.comite)
    if not transcribed and not can(user, "seance.decide", seance):
        return "Aucun mandat en cours ne vous permet de décider dans ce comité."
    if seance.statut == StatutSeance.ANNULEE:
        return "La séance est annulée : aucune décision n'y est prise."
    if seance.statut != StatutSeance.CONVOQUEE:
        return "Le relevé de cette séance est publié : ses décisions ne changent plus."
    if seance.date > timezone.now():
        return "La séance n'a pas encore eu lieu."
    if is_member is None and not transcribed:
        is_member = is_member_on_date(user=user, seance=seance)
    if not transcribed and not is_member:
        return "Seuls les membres du comité à la date de la séance enregistrent ses décisions."
    objet = point.objet
    if objet is not None and is_author(user, objet):
        return "L'auteur d'une demande ne décide pas de sa propre demande."
    return None


@transaction.atomic
def decision_record(
    *, point: PointOrdreDuJour, by: User, verdict: Verdict | str, motifs: str = "", publiable: bool = False
) -> Decision:
    """Record the committee's decision on one agenda item and apply it to the object decided."""
    point = PointOrdreDuJour.objects.select_for_update().select_related("seance__comite").get(pk=point.pk)
    refusal = decision_refusal(user=by, point=point)
    if refusal:
        raise PermissionDenied(refusal)
    if Decision.objects.filter(point=point).exists():
        raise ValidationError("Une décision est déjà enregistrée pour ce point.")
    if verdict not in verdicts_for(point):
        raise ValidationError({"verdict": "Cette décision n'est pas possible pour ce point."})
    if verdict in (Verdict.REFUSEE, Verdict.A_COMPLETER, Verdict.A_REVOIR) and not motifs.strip():
        raise ValidationError({"motifs": "Motivez cette décision : le porteur doit savoir quoi faire ensuite."})
    if publiable and not publishable(point, verdict):
        raise ValidationError({"publiable": "Seule une fiche validée peut être déclarée publiable."})
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                point=point, verdict=verdict, motifs=motifs.strip(), publiable=publiable, enregistree_par=by
            )
    except IntegrityError:
        raise ValidationError("Une décision est déjà enregistrée pour ce point.") from None
    _apply_decision(point, decision)
    return decision


@transaction.atomic
def seance_publish_releve(*, seance: Seance, by: User) -> Seance:
    """Close the séance: its relevé de décisions is published to the members, with its PDF."""
    if not can(by, "seance.publish", seance):
        raise PermissionDenied("Vous ne pouvez pas publier le relevé de cette séance.")
    seance = Seance.objects.select_for_update().get(pk=seance.pk)
    if seance.statut != StatutSeance.CONVOQUEE:
        raise ValidationError("Le relevé de cette séance est déjà publié.")
    undecided = seance.points.filter(decision__isnull=True).count()
    if undecided:
        raise ValidationError(
            f"{plural(undecided, 'point')} de l'ordre du jour attendent encore une décision "
            "(ajournez-les s'ils n'ont pas été examinés)."
            if undecided > 1
            else "1 point de l'ordre du jour attend encore une décision (ajournez-le s'il n'a pas été examiné)."
        )
    seance.publier_releve()
    seance.save(update_fields=["statut", "releve_publie_le"])
    transition_record(obj=seance, source=StatutSeance.CONVOQUEE, cible=StatutSeance.RELEVE_PUBLIE, par=by)
    notify("seance.releve_publie", seance=seance)
    return seance


@transaction.atomic
def seance_cancel(*, seance: Seance, by: User, motif: str) -> Seance:
    if not can(by, "seance.cancel", seance):
        raise PermissionDenied("Vous ne pouvez pas annuler cette séance.")
    seance = Seance.objects.select_for_update().get(pk=seance.pk)
    if seance.statut != StatutSeance.CONVOQUEE or Decision.objects.filter(point__seance=seance).exists():
        raise ValidationError("Une séance dont une décision est enregistrée ne peut plus être annulée.")
    if not motif.strip():
        raise ValidationError({"motif": "Indiquez pourquoi la séance est annulée : les membres le liront."})
    seance.annuler()
    seance.sequence += 1
    seance.save(update_fields=["statut", "sequence"])
    transition_record(obj=seance, source=StatutSeance.CONVOQUEE, cible=StatutSeance.ANNULEE, par=by, motif=motif)
    # Every item of the agenda returns to the state it had before the convocation (a fiche is
    # « déposée » again); objects that never changed state are simply free again (see on_convened_agenda).
    for point in seance.points.all():
        kind, objet = for_point(point)
        if kind is not None and kind.back_from_agenda:
            kind.back_from_agenda(objet, by, motif.strip())
    notify("seance.annulee", seance=seance, motif=motif.strip())
    return seance
