"""A deposited fiche goes on the agenda of its territory's comité de projet, which decides it."""

from gouvernance.agenda import Decidable, register
from gouvernance.enums import TypeComite, Verdict

from .enums import StatutFiche
from .models import FicheAction


def pending_fiches(comite):
    """Deposited fiches of the territory: putting one on an agenda takes it « en instruction »."""
    return (
        FicheAction.objects.filter(territoire=comite.territoire, statut=StatutFiche.DEPOSEE)
        .select_related("axe")  # each choice names its axe
        .order_by("deposee_le")
    )


def register_on_agenda() -> None:
    from .services.workflow import fiche_apply_decision, fiche_back_from_agenda, fiche_put_in_instruction

    register(
        Decidable(
            key="fiches",
            field="fiche",
            committee=TypeComite.PROJET,
            label="Fiches actions déposées à examiner",
            verdicts=(Verdict.VALIDEE, Verdict.A_COMPLETER, Verdict.REFUSEE, Verdict.AJOURNE),
            pending=pending_fiches,
            title=lambda fiche: f"Fiche action : {fiche.titre}",
            choice_label=lambda fiche: f"{fiche.titre} ({str(fiche.axe).lower()})",
            apply=lambda fiche, decision: fiche_apply_decision(fiche=fiche, decision=decision),
            put_on_agenda=lambda fiche, by: fiche_put_in_instruction(fiche=fiche, by=by),
            back_from_agenda=lambda fiche, by, motif: fiche_back_from_agenda(fiche=fiche, by=by, motif=motif),
            refused="Une fiche choisie n'est pas déposée sur ce territoire ou attend déjà une séance.",
            publishable=True,
        )
    )
