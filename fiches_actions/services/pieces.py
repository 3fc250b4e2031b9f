"""Attachments: type read from the content (never trusted from the name), private storage, checksums."""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction

from comptes.models import User
from habilitations.scoping import can
from portail.uploads import check_upload

from ..models import FicheAction, PieceJointe


@transaction.atomic
def piece_add(*, fiche: FicheAction, by: User, name: str, content: bytes) -> PieceJointe:
    if not can(by, "fiche.attach", fiche):
        raise PermissionDenied("Seuls les auteurs de la fiche y joignent des documents.")
    mime = check_upload(name=name, content=content)
    safe_name = PurePath(name).name[:200]
    piece = PieceJointe(
        fiche=fiche,
        nom=safe_name,
        type_mime=mime,
        taille=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        ajoutee_par=by,
    )
    piece.fichier.save(safe_name, ContentFile(content), save=False)
    piece.save()
    return piece


@transaction.atomic
def piece_delete(*, piece: PieceJointe, by: User) -> None:
    if not can(by, "fiche.attach", piece.fiche):
        raise PermissionDenied("Seuls les auteurs de la fiche en retirent des documents.")
    storage, name = piece.fichier.storage, piece.fichier.name
    piece.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
