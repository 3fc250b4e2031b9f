"""Embedded mode: SQLite and no external service unless the environment names them."""

import secrets

from .base import *  # noqa: F401,F403
from .base import VAR_DIR, env, env_bool

DEBUG = env_bool("DEBUG", True)
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _dev_secret_key():
    # Generated once per checkout, never committed: a dev key that survives restarts.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env("SECRET_KEY") or _dev_secret_key()
