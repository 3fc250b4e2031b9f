"""Backup and restore of the portal: the PostgreSQL database with pg_dump / pg_restore (custom
format, restorable table by table) and, next to it, the local media files (attachments, sealed
contracts) when they are stored on disk. With S3 storage, documents live in the bucket, whose own
versioning is the backup.
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections


class SauvegardeError(Exception):
    pass


@dataclass
class Sauvegarde:
    dump: Path
    media: Path | None


def _database():
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise SauvegardeError("La sauvegarde par pg_dump demande PostgreSQL (DATABASE_URL=postgres://…).")
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]  # never on the command line, where ps would show it
    args = [
        "--host",
        db.get("HOST") or "localhost",
        "--port",
        str(db.get("PORT") or 5432),
        "--username",
        db.get("USER") or "postgres",
        "--dbname",
        db["NAME"],
    ]
    return args, env


def _run(command, env):
    binary = shutil.which(command[0])
    if binary is None:
        raise SauvegardeError(f"{command[0]} est introuvable : installez le client PostgreSQL.")
    result = subprocess.run([binary, *command[1:]], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SauvegardeError(f"{command[0]} a échoué : {result.stderr.strip()}")


def _local_media() -> Path | None:
    root = getattr(settings, "MEDIA_ROOT", None)
    storage = settings.STORAGES["default"]["BACKEND"]
    if not root or storage != "django.core.files.storage.FileSystemStorage":
        return None
    return Path(root)


def backup(folder: Path) -> Sauvegarde:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    args, env = _database()
    dump = folder / f"portail-{stamp}.dump"
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(dump), *args], env)
    media = None
    root = _local_media()
    if root is not None and root.exists():
        media = folder / f"portail-{stamp}-media.tar.gz"
        with tarfile.open(media, "w:gz") as archive:
            archive.add(root, arcname="media")
    return Sauvegarde(dump=dump, media=media)


def restore(dump: Path) -> Sauvegarde:
    """Replace the database (and the local media, when saved with it) by the backup ``dump``."""
    if not dump.exists():
        raise SauvegardeError(f"Sauvegarde introuvable : {dump}")
    args, env = _database()
    # Our own connections would hold locks on the tables that pg_restore drops.
    connections.close_all()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(dump),
        ],
        env,
    )
    media = dump.with_name(dump.name.removesuffix(".dump") + "-media.tar.gz")
    root = _local_media()
    if media.exists() and root is not None:
        if root.exists():
            shutil.rmtree(root)
        root.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(media) as archive:
            archive.extractall(root.parent / ".restauration", filter="data")
        (root.parent / ".restauration" / "media").rename(root)
        (root.parent / ".restauration").rmdir()
    else:
        media = None
    # Figures cached before the restore describe another database.
    from portail.cache import figures_changed

    figures_changed()
    return Sauvegarde(dump=dump, media=media)
