"""The fiche's life cycle: submission, decisions taken in séance, follow-up after validation."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from comptes.models import User
from gouvernance.enums import Verdict
from gouvernance.services.journal import transition_record
from habilitations.scoping import can
from notifications.services import notify

from ..enums import StatutFiche, Suivi
from ..models import FicheAction, ValeurIndicateur
from .fiches import is_editable, submission_errors


def _locked(fiche: FicheAction) -> FicheAction:
    return FicheAction.objects.select_for_update(of=("self",)).select_related("territoire").get(pk=fiche.pk)


@transaction.atomic
def fiche_submit(*, fiche: FicheAction, by: User) -> FicheAction:
    """Submit a complete draft (or a fiche sent back « à compléter ») to the comité de projet."""
    fiche = _locked(fiche)
    if fiche.statut == StatutFiche.DEPOSEE:
        return fiche  # a second click on « Déposer » changes nothing
    if not can(by, "fiche.submit", fiche):
        raise PermissionDenied("Seuls les auteurs de la fiche peuvent la déposer.")
    if not is_editable(fiche):
        raise ValidationError("Cette fiche a déjà été déposée.")
    errors = submission_errors(fiche)
    if errors:
        raise ValidationError(errors)
    source = fiche.statut
    fiche.deposer()
    fiche.save()
    transition_record(obj=fiche, source=source, cible=fiche.statut, par=by)
    notify("fiche.accuse_reception", fiche=fiche)
    notify("fiche.deposee", fiche=fiche)
    return fiche


def fiche_back_from_agenda(*, fiche: FicheAction, by: User, motif: str) -> None:
    """Called when the séance that had the fiche on its agenda is cancelled: « déposée » again, offered
    on the next agenda, with the reason in its history."""
    fiche = _locked(fiche)
    if fiche.statut != StatutFiche.EN_INSTRUCTION:
        return  # decided meanwhile, or already back: nothing to undo
    fiche.retirer_de_l_ordre_du_jour()
    fiche.save()
    transition_record(
        obj=fiche, source=StatutFiche.EN_INSTRUCTION, cible=fiche.statut, par=by, motif=f"Séance annulée : {motif}"
    )


def fiche_put_in_instruction(*, fiche: FicheAction, by: User) -> None:
    """Called when a séance puts the fiche on its agenda."""
    fiche = _locked(fiche)
    if fiche.statut != StatutFiche.DEPOSEE:
        raise ValidationError(f"La fiche « {fiche.titre} » n'attend pas d'examen.")
    fiche.instruire()
    fiche.save()
    transition_record(
        obj=fiche,
        source=StatutFiche.DEPOSEE,
        cible=fiche.statut,
        par=by,
        motif="Inscrite à l'ordre du jour du comité de projet.",
    )


TRANSITIONS = {
    Verdict.VALIDEE: "valider",
    Verdict.A_COMPLETER: "renvoyer",
    Verdict.REFUSEE: "refuser",
    Verdict.AJOURNE: "ajourner",
}


def fiche_apply_decision(*, fiche: FicheAction, decision) -> None:
    """Called only by the recording of a séance decision: the one door to a decided state."""
    fiche = _locked(fiche)
    if fiche.statut != StatutFiche.EN_INSTRUCTION:
        raise ValidationError("Cette fiche n'est pas en instruction.")
    source = fiche.statut
    getattr(fiche, TRANSITIONS[decision.verdict])(le=decision.point.seance.date)
    fiche.publiable = decision.verdict == Verdict.VALIDEE and decision.publiable
    fiche.save()
    transition_record(
        obj=fiche,
        source=source,
        cible=fiche.statut,
        par=decision.enregistree_par,
        motif=decision.motifs,
        decision=decision,
    )
    notify("fiche.decidee", fiche=fiche, decision=decision)


FOLLOW_UP = {"demarrer": Suivi.EN_COURS, "achever": Suivi.REALISEE, "abandonner": Suivi.ABANDONNEE}


@transaction.atomic
def fiche_follow_up(
    *,
    fiche: FicheAction,
    by: User,
    action: str | None = None,
    motif: str = "",
    valeurs: dict | None = None,
    obtenus: dict | None = None,
    date=None,
) -> FicheAction:
    """After validation: move the progress, record indicator values and the funding actually obtained."""
    fiche = _locked(fiche)
    if not can(by, "fiche.follow_up", fiche):
        raise PermissionDenied("Seuls les auteurs et le chef de projet suivent la réalisation de la fiche.")
    if fiche.statut != StatutFiche.VALIDEE:
        raise ValidationError("Le suivi commence une fois la fiche validée par le comité de projet.")
    if action:
        if action not in FOLLOW_UP:
            raise ValidationError({"action": "Étape d'avancement inconnue."})
        if action == "abandonner" and not motif.strip():
            raise ValidationError({"motif": "Indiquez pourquoi l'action est abandonnée."})
        source = fiche.suivi
        method = getattr(fiche, action)
        from django_fsm import can_proceed

        if not can_proceed(method):
            raise ValidationError({"action": "Cette étape ne suit pas l'avancement actuel de la fiche."})
        method()
        fiche.save()
        transition_record(obj=fiche, champ="suivi", source=source, cible=fiche.suivi, par=by, motif=motif)
    date = date or timezone.localdate()
    for indicateur in fiche.indicateurs.all():
        value = (valeurs or {}).get(indicateur.pk)
        if value is not None:
            ValeurIndicateur.objects.create(indicateur=indicateur, date=date, valeur=value, saisie_par=by)
    for ligne in fiche.financements.all():
        value = (obtenus or {}).get(ligne.pk)
        if value is not None:
            if value < 0:
                raise ValidationError({"obtenus": "Un montant obtenu ne peut être négatif."})
            ligne.montant_obtenu = value
            ligne.save(update_fields=["montant_obtenu"])
    return fiche


@transaction.atomic
def simplification_answer(*, fiche: FicheAction, by: User, reponse: str, date) -> FicheAction:
    """The national delegation records its answer to a validated simplification request."""
    fiche = _locked(fiche)
    if not can(by, "fiche.answer_simplification", fiche):
        raise PermissionDenied("Seule la délégation nationale répond aux demandes de simplification.")
    if not fiche.est_simplification or fiche.statut != StatutFiche.VALIDEE:
        raise ValidationError("Seules les demandes de simplification validées localement reçoivent une réponse.")
    if not reponse.strip():
        raise ValidationError({"reponse": "Rédigez la réponse apportée au territoire."})
    fiche.reponse_nationale, fiche.reponse_le, fiche.reponse_par = reponse.strip(), date, by
    fiche.save(update_fields=["reponse_nationale", "reponse_le", "reponse_par"])
    transition_record(obj=fiche, champ="reponse", source="", cible="repondue", par=by, motif=reponse.strip())
    return fiche
