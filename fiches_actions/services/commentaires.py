from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from comptes.models import User
from habilitations.scoping import can
from notifications.services import notify

from ..enums import StatutFiche
from ..models import Commentaire, FicheAction


@transaction.atomic
def comment_add(*, fiche: FicheAction, by: User, texte: str) -> Commentaire:
    """A message in the fiche's thread; the other participants are told by e-mail."""
    if not can(by, "fiche.comment", fiche):
        raise PermissionDenied(
            "Seuls les porteurs, les membres du territoire et ses référents opérateurs participent à la discussion."
        )
    if fiche.statut == StatutFiche.BROUILLON and not can(by, "fiche.edit", fiche):
        raise PermissionDenied("La discussion s'ouvre une fois la fiche déposée.")
    if not texte.strip():
        raise ValidationError({"texte": "Écrivez votre message."})
    commentaire = Commentaire.objects.create(fiche=fiche, auteur=by, texte=texte.strip())
    notify("fiche.commentee", commentaire=commentaire)
    return commentaire
