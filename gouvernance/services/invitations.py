"""Invitations: a one-time link, valid 7 days, that gives the invitee an account and a mandate."""

from __future__ import annotations

import dataclasses
import datetime
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from comptes.models import User
from habilitations.enums import ROLE_NIVEAU, Niveau, Role
from territoires.models import Operateur, Region, Territoire

from ..models import Invitation
from .mandats import DESIGNATED_BY_BINOME, can_grant, compte_create, mandat_create

VALIDITY = datetime.timedelta(days=7)


@transaction.atomic
def invitation_create(
    *,
    by: User,
    email: str,
    role: Role | str,
    territoire: Territoire | None = None,
    region: Region | None = None,
    operateur: Operateur | None = None,
) -> tuple[Invitation, str]:
    """Invite ``email`` with ``role`` over a scope the inviter holds; returns the invitation and its token.

    The token leaves only in the e-mail; the database keeps its hash.
    """
    role = Role(role)
    niveau = ROLE_NIVEAU[role]
    if niveau == Niveau.TERRITORIAL and territoire is None:
        raise ValidationError({"territoire": "Choisissez le territoire."})
    if niveau == Niveau.REGIONAL and region is None:
        raise ValidationError({"region": "Choisissez la région."})
    if role == Role.REFERENT_OPERATEUR and operateur is None:
        raise ValidationError({"operateur": "Choisissez l'opérateur que représentera cette personne."})
    territoire = territoire if niveau == Niveau.TERRITORIAL else None
    region = region if niveau == Niveau.REGIONAL else None
    if email.strip().lower() == by.email.strip().lower():
        raise PermissionDenied("Personne ne s'attribue un rôle à soi-même : demandez-le à un autre responsable.")
    if role in DESIGNATED_BY_BINOME:
        raise ValidationError(
            {
                "role": "L'élu et l'industriel du binôme sont désignés par le changement de binôme "
                "(page « Gouvernance » du territoire), pas par une invitation."
            }
        )
    if not can_grant(by=by, role=role, territoire=territoire, region=region):
        raise PermissionDenied("Vous ne pouvez pas attribuer ce rôle sur ce périmètre.")
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email.strip().lower(),
        role=role,
        territoire=territoire,
        region=region,
        operateur=operateur if role == Role.REFERENT_OPERATEUR else None,
        token_hash=Invitation.hash_token(token),
        invitee_par=by,
        expire_le=timezone.now() + VALIDITY,
    )
    from comptes.services import email_queue

    from ..notifications import invitation_message

    email_queue(**invitation_message(invitation=invitation, token=token), to=[invitation.email])
    return invitation, token


@dataclasses.dataclass
class InvitationCheck:
    invitation: Invitation | None
    error: str | None

    @property
    def existing_user(self) -> User | None:
        return User.objects.filter(email__iexact=self.invitation.email).first() if self.invitation else None


def invitation_check(*, token: str, lock: bool = False) -> InvitationCheck:
    """The invitation behind ``token``, or the French reason it cannot be used."""
    queryset = Invitation.objects.select_related("territoire", "region", "invitee_par")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    invitation = queryset.filter(token_hash=Invitation.hash_token(token)).first()
    if invitation is None:
        return InvitationCheck(
            None,
            "Ce lien d'invitation n'est pas valide. Vérifiez qu'il a été copié en entier, "
            "ou demandez une nouvelle invitation.",
        )
    if invitation.utilisee_le:
        return InvitationCheck(
            invitation,
            "Ce lien d'invitation a déjà servi. Connectez-vous avec votre adresse "
            "électronique, ou demandez une nouvelle invitation.",
        )
    if invitation.expire_le <= timezone.now():
        expiry = date_format(timezone.localtime(invitation.expire_le), "DATE_FORMAT")
        return InvitationCheck(
            invitation,
            f"Ce lien d'invitation a expiré le {expiry}. Demandez à "
            f"{invitation.invitee_par} de vous inviter à nouveau.",
        )
    return InvitationCheck(invitation, None)


@transaction.atomic
def invitation_accept(
    *,
    token: str,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    organisation: str = "",
    current_user: User | None = None,
):
    """Use the invitation once: the account (created when new) receives the mandate."""
    check = invitation_check(token=token, lock=True)
    invitation = check.invitation
    if check.error or invitation is None:
        raise ValidationError(check.error or "Cette invitation n'existe pas.")
    user = check.existing_user
    if user is not None:
        # An existing account proves itself by being logged in; the link alone does not open it.
        if current_user is None or current_user.pk != user.pk:
            raise PermissionDenied("Connectez-vous avec le compte de cette adresse pour accepter l'invitation.")
    else:
        if not password:
            raise ValidationError({"password": "Choisissez un mot de passe."})
        candidate = User(email=invitation.email, first_name=first_name, last_name=last_name)
        validate_password(password, candidate)
        user, _ = compte_create(
            email=invitation.email,
            first_name=first_name,
            last_name=last_name,
            organisation=organisation,
            password=password,
        )
    mandat = mandat_create(
        user=user,
        role=invitation.role,
        by=None,
        granted_by=invitation.invitee_par,
        territoire=invitation.territoire,
        region=invitation.region,
        operateur=invitation.operateur,
    )
    invitation.utilisee_le = timezone.now()
    invitation.mandat = mandat
    invitation.save(update_fields=["utilisee_le", "mandat"])
    from notifications.services import notify

    notify("invitation.acceptee", invitation=invitation, user=user)
    return user, mandat
