"""The fiches part of the scoping layer: which fiches a person reads, built on their scope (mandates).

Every read of fiches — pages, API, exports, search, the inbox, the dashboards — starts here.
"""

from django.db.models import Q

from habilitations.enums import Role
from habilitations.scoping import scope_for, visible_territoires

from .enums import StatutFiche
from .models import FicheAction, FicheActionUserObjectPermission

DRAFT_READERS = frozenset({Role.ELU_BINOME, Role.INDUSTRIEL_BINOME, Role.CHEF_DE_PROJET})


def coauthored_fiche_ids(user):
    return FicheActionUserObjectPermission.objects.filter(user=user, permission__codename="change_ficheaction").values(
        "content_object_id"
    )


def visible_fiches(user):
    """Fiches the user may read in full.

    A draft is seen by its authors and by the binôme and chef de projet of its territory; once
    submitted, a fiche is seen by its territory, the régions it spans and the nation.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return FicheAction.objects.none()
    scope = scope_for(user)
    draft_territories = [pk for pk, roles in scope.roles_by_territoire.items() if roles & DRAFT_READERS]
    # Authors read their fiches only on a territory where a mandate of theirs is still running.
    authored = (Q(auteur=user) | Q(pk__in=coauthored_fiche_ids(user))) & Q(territoire_id__in=scope.territoire_ids)
    condition = authored | Q(territoire_id__in=draft_territories)
    submitted = ~Q(statut=StatutFiche.BROUILLON)
    if scope.is_national:
        condition |= submitted
    elif scope.has_mandate:
        condition |= submitted & Q(territoire__in=visible_territoires(user).values("pk"))
    return FicheAction.objects.filter(condition)


def good_practice_fiches(user):
    """Validated fiches of every territory, which any signed-in person may read as good practices
    (title, axe, territory, summary: never financing, attachments, comments or drafts)."""
    if user is None or not user.is_authenticated:
        return FicheAction.objects.none()
    return FicheAction.objects.filter(statut=StatutFiche.VALIDEE)
