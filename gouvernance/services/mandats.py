"""State changes of mandates and accounts. Each one checks who asks, in a transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from comptes.models import User
from habilitations.enums import ROLE_NIVEAU, Niveau, Role
from habilitations.models import Mandat
from habilitations.permissions import roles_for
from habilitations.scoping import forget_scope, roles_over, scope_for
from habilitations.services import tokens_without_mandate_revoke
from territoires.models import Operateur, Region, Territoire

# The roles that sign a contract for a party. They come only from the act that designates them: the
# binôme from the binôme's designation (binome_designate), the State's and the Région's signatories
# from a grant by the level above (the national delegation), never from an invitation by a peer.
DESIGNATED_BY_BINOME = frozenset({Role.ELU_BINOME, Role.INDUSTRIEL_BINOME})
REGIONAL_SIGNATORIES = frozenset({Role.PILOTE_REGIONAL, Role.SERVICES_ETAT_REGION})


# Who may grant which level: nobody grants above their own level or outside their scope.
def can_grant(
    *, by: User | None, role: Role, territoire: Territoire | None = None, region: Region | None = None
) -> bool:
    """``by`` None means the platform itself (shell commands run by the operators, and the acts that
    designate a binôme, which check their own permission)."""
    if by is None:
        return True
    role = Role(role)
    if role in DESIGNATED_BY_BINOME:
        return False
    niveau = ROLE_NIVEAU[role]
    target = territoire if niveau == Niveau.TERRITORIAL else region if niveau == Niveau.REGIONAL else None
    return bool(roles_over(by, target) & roles_for("mandat", _grant_action(role)))


def _grant_action(role: Role) -> str:
    """The cell of the permission table that says who may grant ``role``."""
    return "grant_regional_signatory" if role in REGIONAL_SIGNATORIES else f"grant_{ROLE_NIVEAU[role].value}"


def grantable_roles(user: User) -> list[Role]:
    """The roles ``user`` may grant on at least one perimeter of their mandates (the invitation form's
    choices, and whether « Inviter » is offered at all): the same table as ``can_grant``."""
    scope = scope_for(user)
    if not scope.has_mandate:
        return []
    held_by_level = {
        Niveau.TERRITORIAL: set(scope.national_roles).union(
            *scope.roles_by_region.values(), *scope.roles_by_territoire.values()
        ),
        Niveau.REGIONAL: set(scope.national_roles).union(*scope.roles_by_region.values()),
        Niveau.NATIONAL: set(scope.national_roles),
    }
    grantable = []
    for role in Role:
        if role in DESIGNATED_BY_BINOME:
            continue
        if held_by_level[ROLE_NIVEAU[role]] & roles_for("mandat", _grant_action(role)):
            grantable.append(role)
    return grantable


def check_not_self(*, user: User, by: User | None) -> None:
    """Nobody grants a role to themselves, whatever their own role."""
    if by is not None and user.pk is not None and by.pk == user.pk:
        raise PermissionDenied("Personne ne s'attribue un rôle à soi-même : demandez-le à un autre responsable.")


@transaction.atomic
def mandat_create(
    *,
    user: User,
    role: Role | str,
    by: User | None,
    territoire: Territoire | None = None,
    region: Region | None = None,
    operateur: Operateur | None = None,
    date_debut: datetime.date | None = None,
    date_fin: datetime.date | None = None,
    granted_by: User | None = None,
) -> Mandat:
    """Give ``user`` a role over a scope. A referent's mandate also names them on the territory.

    ``granted_by`` is the person recorded as the grantor when the permission was checked elsewhere (the
    inviter of an accepted invitation, the person who designated a binôme); it defaults to ``by``."""
    role = Role(role)
    grantor = granted_by or by
    check_not_self(user=user, by=grantor)
    if not can_grant(by=by, role=role, territoire=territoire, region=region):
        raise PermissionDenied("Vous ne pouvez pas attribuer ce rôle sur ce périmètre.")
    mandat = Mandat(
        user=user,
        role=role,
        territoire=territoire,
        region=region,
        operateur=operateur,
        date_debut=date_debut or timezone.localdate(),
        date_fin=date_fin,
        created_by=grantor,
    )
    if role == Role.REFERENT_OPERATEUR and territoire and operateur:
        current = (
            Mandat.objects.active(mandat.date_debut)
            .select_for_update()
            .filter(role=role, territoire=territoire, operateur=operateur)
            .select_related("user")
            .first()
        )
        if current:
            raise ValidationError(
                {
                    "operateur": f"{operateur} a déjà un référent pour ce territoire "
                    f"({current.user}) : mettez d'abord fin à son mandat."
                }
            )
    mandat.full_clean()
    mandat.save()
    forget_scope(user)
    return mandat


@transaction.atomic
def may_end(*, by: User | None, mandat: Mandat) -> bool:
    """Ending a mandate is granting in reverse: whoever may grant that role there may end it."""
    return can_grant(by=by, role=Role(mandat.role), territoire=mandat.territoire, region=mandat.region)


def mandat_end(*, mandat: Mandat, by: User | None, on: datetime.date | None = None) -> Mandat:
    """End a mandate on ``on`` (today by default): from that day on it grants nothing."""
    if not may_end(by=by, mandat=mandat):
        raise PermissionDenied("Vous ne pouvez pas mettre fin à ce mandat.")
    on = on or timezone.localdate()
    mandat.date_fin = max(on, mandat.date_debut)
    mandat.full_clean()
    mandat.save(update_fields=["date_fin"])
    forget_scope(mandat.user)
    if mandat.date_fin <= timezone.localdate():
        tokens_without_mandate_revoke()  # the last mandate gone, the API tokens go with it
    return mandat


@transaction.atomic
def compte_create(
    *, email: str, first_name: str = "", last_name: str = "", organisation: str = "", password: str | None = None
) -> tuple[User, bool]:
    """The account for ``email``, created when absent (e-mail compared without case)."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user:
        return user, False
    user = User(email=email, first_name=first_name, last_name=last_name, organisation=organisation)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    try:
        user.full_clean()
    except ValidationError as exc:
        raise ValidationError({"email": exc.message_dict.get("email", exc.messages)}) from None
    user.save()
    return user, True
