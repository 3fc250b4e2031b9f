"""Writing a produced file so that it is whole or absent: never a truncated PDF left behind."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage


class StorageError(Exception):
    """The storage refused the write (full, read-only, unreachable); the message is French."""


def storage_error_message(error: OSError) -> str:
    if getattr(error, "errno", None) == errno.ENOSPC:
        cause = "l'espace de stockage des documents est plein"
    elif getattr(error, "errno", None) in (errno.EROFS, errno.EACCES, errno.EPERM):
        cause = "l'espace de stockage des documents est en lecture seule"
    else:
        cause = "l'espace de stockage des documents ne répond pas"
    return (
        f"Le document n'a pas pu être enregistré : {cause}. Rien n'a été conservé du fichier partiel ; "
        "relancez la production une fois le stockage rétabli."
    )


def save_whole(field_file, name: str, data: bytes) -> None:
    """Store ``data`` as ``field_file`` under ``name``. On the file system the bytes go to a temporary
    file beside the target and are moved into place only once complete and flushed; an object store
    writes whole objects by itself. Any failure raises StorageError and leaves no file."""
    storage = field_file.storage
    try:
        if not isinstance(storage, FileSystemStorage):
            field_file.save(name, ContentFile(data), save=False)
            return
        final = storage.get_available_name(field_file.field.generate_filename(field_file.instance, name))
        path = storage.path(final)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".partiel-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        field_file.name = final
    except OSError as error:
        raise StorageError(storage_error_message(error)) from error
