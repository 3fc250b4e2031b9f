"""Every uploaded file is checked the same way: size, type read from the content (never trusted from
the name or the browser), and an extension that matches it."""

from __future__ import annotations

from pathlib import PurePath

import filetype
from django.core.exceptions import ValidationError

from portail.typographie import megabytes

MAX_SIZE = 10 * 1024 * 1024

OFFICE_DOCUMENTS = {
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
SCANS = {"application/pdf": {".pdf"}, "image/png": {".png"}, "image/jpeg": {".jpg", ".jpeg"}}

KIND_LABELS = {
    id(OFFICE_DOCUMENTS): "ni un PDF, ni une image, ni un document bureautique (Word, Excel, PowerPoint, LibreOffice)",
    id(SCANS): "ni un PDF, ni une image PNG ou JPEG",
}


def check_upload(
    *, name: str, content: bytes, field: str = "fichier", allowed: dict = OFFICE_DOCUMENTS, max_size: int = MAX_SIZE
) -> str:
    """The MIME type read from ``content``, or a French ValidationError on ``field`` naming the problem."""
    if len(content) > max_size:
        raise ValidationError(
            {
                field: f"« {name} » pèse {megabytes(len(content))} : la limite est de "
                f"{max_size // 1024 // 1024}\u00a0Mo par fichier."
            }
        )
    if not content:
        raise ValidationError({field: f"« {name} » est vide."})
    kind = filetype.guess(content)
    extension = PurePath(name).suffix.lower()
    if kind is None or kind.mime not in allowed:
        raise ValidationError(
            {field: f"« {name} » n'est {KIND_LABELS.get(id(allowed), 'pas d’un type accepté')} : il est refusé."}
        )
    if extension not in allowed[kind.mime]:
        raise ValidationError(
            {
                field: f"Le contenu de « {name} » ne correspond pas à son extension "
                f"{extension or '(aucune)'} : il est refusé."
            }
        )
    return kind.mime
