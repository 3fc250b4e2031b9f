"""Attachments: type read from the content (never trusted from the name), private storage, checksums."""

from __future__ import annotations

import hashlib
from pathlib import PurePath

import filetype
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from comptes.models import User
from gouvernance.scoping import can

from ..models import FicheAction, PieceJointe

MAX_SIZE = 10 * 1024 * 1024

# What the content must turn out to be, and the extensions a file of that kind may carry.
ALLOWED = {
    "application/pdf": {".pdf"},
    "image/png": {".png"},
    "image/jpeg": {".jpg", ".jpeg"},
    "image/webp": {".webp"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {".docx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {".xlsx"},
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": {".pptx"},
    "application/vnd.oasis.opendocument.text": {".odt"},
    "application/vnd.oasis.opendocument.spreadsheet": {".ods"},
    "application/vnd.oasis.opendocument.presentation": {".odp"},
}


def check_upload(*, name: str, content: bytes) -> str:
    """The MIME type read from ``content``, or a French ValidationError naming the problem."""
    if len(content) > MAX_SIZE:
        raise ValidationError({"fichier": f"« {name} » pèse {len(content) / 1024 / 1024:.1f} Mo : la limite est de "
                                          "10 Mo par fichier."})
    if not content:
        raise ValidationError({"fichier": f"« {name} » est vide."})
    kind = filetype.guess(content)
    extension = PurePath(name).suffix.lower()
    if kind is None or kind.mime not in ALLOWED:
        raise ValidationError({"fichier": f"« {name} » n'est ni un PDF, ni une image, ni un document bureautique "
                                          "(Word, Excel, PowerPoint, LibreOffice) : il est refusé."})
    if extension not in ALLOWED[kind.mime]:
        raise ValidationError({"fichier": f"Le contenu de « {name} » ne correspond pas à son extension "
                                          f"{extension or '(aucune)'} : il est refusé."})
    return kind.mime


@transaction.atomic
def piece_add(*, fiche: FicheAction, by: User, name: str, content: bytes) -> PieceJointe:
    if not can(by, "fiche.attach", fiche):
        raise PermissionDenied("Seuls les auteurs de la fiche y joignent des documents.")
    mime = check_upload(name=name, content=content)
    safe_name = PurePath(name).name[:200]
    piece = PieceJointe(fiche=fiche, nom=safe_name, type_mime=mime, taille=len(content),
                        sha256=hashlib.sha256(content).hexdigest(), ajoutee_par=by)
    piece.fichier.save(safe_name, ContentFile(content), save=False)
    piece.save()
    return piece


@transaction.atomic
def piece_delete(*, piece: PieceJointe, by: User) -> None:
    if not can(by, "fiche.attach", piece.fiche):
        raise PermissionDenied("Seuls les auteurs de la fiche en retirent des documents.")
    fichier = piece.fichier
    piece.delete()
    transaction.on_commit(lambda: fichier.storage.delete(fichier.name))
