"""Every state change of a fiche, each in a transaction and checking who asks."""

from .commentaires import comment_add
from .fiches import (
    fiche_create,
    fiche_create_with_details,
    fiche_save_financing,
    fiche_share,
    fiche_unshare,
    fiche_update,
    fiche_update_with_details,
    financements_replace,
    indicateurs_replace,
    submission_errors,
)
from .pieces import piece_add, piece_delete
from .workflow import fiche_apply_decision, fiche_follow_up, fiche_submit, simplification_answer

__all__ = [
    "comment_add",
    "fiche_apply_decision",
    "fiche_create",
    "fiche_create_with_details",
    "fiche_update_with_details",
    "fiche_follow_up",
    "fiche_save_financing",
    "fiche_share",
    "fiche_submit",
    "fiche_unshare",
    "fiche_update",
    "financements_replace",
    "indicateurs_replace",
    "piece_add",
    "piece_delete",
    "simplification_answer",
    "submission_errors",
]
