"""A submitted contract goes on the agenda of the comité régional of its pilot région, which validates it."""

from gouvernance.agenda import Decidable, register
from gouvernance.enums import TypeComite, Verdict

from .enums import StatutVersion
from .models import VersionContrat


def pending_contrats(comite):
    """Submitted versions of the territories this comité régional pilots, not on a convened agenda."""
    from gouvernance.services.seances import on_convened_agenda

    taken = on_convened_agenda().filter(version_contrat__isnull=False).values("version_contrat_id")
    return (
        VersionContrat.objects.filter(statut=StatutVersion.SOUMIS, contrat__territoire__region_pilote=comite.region)
        .exclude(pk__in=taken)
        .select_related("contrat__territoire")
    )


def register_on_agenda() -> None:
    from .services.contrats import version_apply_decision

    register(
        Decidable(
            key="contrats",
            field="version_contrat",
            committee=TypeComite.REGIONAL,
            label="Contrats soumis à la validation du comité",
            verdicts=(Verdict.VALIDEE, Verdict.A_REVOIR, Verdict.AJOURNE),
            pending=pending_contrats,
            title=lambda version: f"Validation : {version}",
            choice_label=str,
            apply=lambda version, decision: version_apply_decision(version=version, decision=decision),
            refused="Un contrat choisi n'attend pas la validation de ce comité régional.",
        )
    )
