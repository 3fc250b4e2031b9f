from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from comptes.models import User
from habilitations.scoping import can
from notifications.services import notify
from territoires.enums import TypeMembre
from territoires.models import EPCI, MembreTerritoire, Territoire

from ..enums import Changement, StatutDemandePerimetre, Verdict
from ..models import DemandePerimetre, LigneDemandePerimetre
from .journal import transition_record


def epci_addable(*, territoire: Territoire):
    """EPCI of the territory's régions that are not yet in its perimeter."""
    return (
        EPCI.objects.filter(regions__in=territoire.regions.all())
        .distinct()
        .exclude(pk__in=territoire.membres.filter(epci__isnull=False).values("epci_id"))
        .order_by("nom")
    )


def epci_removable(*, territoire: Territoire):
    return EPCI.objects.filter(pk__in=territoire.membres.filter(epci__isnull=False).values("epci_id")).order_by("nom")


@transaction.atomic
def demande_perimetre_create(
    *, territoire: Territoire, by: User, ajouts: list[EPCI], retraits: list[EPCI], motifs: str
) -> DemandePerimetre:
    """File a request to change the perimeter; it waits for the comité régional of the pilot région."""
    if not can(by, "demande_perimetre.create", territoire):
        raise PermissionDenied(
            "Seuls le binôme et le chef de projet du territoire peuvent demander une adaptation du périmètre."
        )
    errors = {}
    if not ajouts and not retraits:
        errors["ajouts"] = "Choisissez au moins une intercommunalité à ajouter ou à retirer."
    addable = set(epci_addable(territoire=territoire).values_list("pk", flat=True))
    wrong = [e.nom for e in ajouts if e.pk not in addable]
    if wrong:
        errors["ajouts"] = (
            "Ces intercommunalités ne peuvent pas être ajoutées (hors des régions du territoire "
            f"ou déjà membres) : {', '.join(wrong)}."
        )
    removable = set(epci_removable(territoire=territoire).values_list("pk", flat=True))
    wrong = [e.nom for e in retraits if e.pk not in removable]
    if wrong:
        errors["retraits"] = f"Ces intercommunalités ne sont pas membres du périmètre : {', '.join(wrong)}."
    if not motifs.strip():
        errors["motifs"] = "Expliquez les raisons de la demande : le comité régional en décidera sur cette base."
    if errors:
        raise ValidationError(errors)
    demande = DemandePerimetre.objects.create(territoire=territoire, motifs=motifs.strip(), auteur=by)
    LigneDemandePerimetre.objects.bulk_create(
        [LigneDemandePerimetre(demande=demande, changement=Changement.AJOUT, epci=e) for e in ajouts]
        + [LigneDemandePerimetre(demande=demande, changement=Changement.RETRAIT, epci=e) for e in retraits]
    )
    transition_record(obj=demande, source="", cible=StatutDemandePerimetre.DEPOSEE, par=by, motif=demande.motifs)
    return demande


def demande_perimetre_apply_decision(*, demande: DemandePerimetre, decision) -> None:
    """Called only by the recording of a decision: accept (the perimeter changes) or refuse."""
    demande = DemandePerimetre.objects.select_for_update().get(pk=demande.pk)
    if demande.statut != StatutDemandePerimetre.DEPOSEE:
        raise ValidationError("Cette demande a déjà été décidée.")
    if decision.verdict == Verdict.AJOURNE:
        return
    source = demande.statut
    if decision.verdict == Verdict.ACCEPTEE:
        demande.accepter()
        _apply(demande)
    else:
        demande.refuser()
    demande.save(update_fields=["statut"])
    transition_record(
        obj=demande,
        source=source,
        cible=demande.statut,
        par=decision.enregistree_par,
        motif=decision.motifs,
        decision=decision,
    )
    notify("perimetre.decide", demande=demande, decision=decision)


def _apply(demande: DemandePerimetre) -> None:
    territoire = demande.territoire
    for ligne in demande.lignes.select_related("epci"):
        if ligne.changement == Changement.AJOUT:
            # Saved one by one so the perimeter history records each arrival.
            MembreTerritoire.objects.get_or_create(
                territoire=territoire,
                siren=ligne.epci.siren,
                defaults=dict(type=TypeMembre.EPCI, epci=ligne.epci, nom=ligne.epci.nom, nature=ligne.epci.nature),
            )
        else:
            for membre in MembreTerritoire.objects.filter(territoire=territoire, epci=ligne.epci):
                membre.delete()
    departements = set(territoire.departements.values_list("pk", flat=True))
    for membre in territoire.membres.select_related("epci").prefetch_related("epci__departements"):
        if membre.epci:
            departements |= {d.pk for d in membre.epci.departements.all()}
    territoire.departements.add(*departements)  # type: ignore[arg-type]  # their keys are INSEE codes


def pending_requests(comite):
    """Perimeter requests of the territories this comité régional pilots, not yet on a convened agenda."""
    from .seances import on_convened_agenda

    return (
        DemandePerimetre.objects.filter(statut=StatutDemandePerimetre.DEPOSEE, territoire__region_pilote=comite.region)
        .exclude(pk__in=on_convened_agenda().filter(demande_perimetre__isnull=False).values("demande_perimetre_id"))
        .select_related("territoire")
    )


def register_on_agenda() -> None:
    from ..agenda import Decidable, register
    from ..enums import TypeComite

    register(
        Decidable(
            key="demandes",
            field="demande_perimetre",
            committee=TypeComite.REGIONAL,
            label="Demandes d'adaptation de périmètre à examiner",
            verdicts=(Verdict.ACCEPTEE, Verdict.REFUSEE, Verdict.AJOURNE),
            pending=pending_requests,
            title=lambda d: f"Adaptation du périmètre de {d.territoire.nom}",
            choice_label=lambda d: f"{d.territoire.nom} — déposée le {d.deposee_le:%d/%m/%Y}",
            apply=lambda demande, decision: demande_perimetre_apply_decision(demande=demande, decision=decision),
            refused="Une demande choisie n'est pas en attente de ce comité.",
        )
    )
