"""Embedded mode: SQLite and no external service unless the environment names them."""

import secrets

from .base import *  # noqa: F401,F403
from .base import MIDDLEWARE, VAR_DIR, env, env_bool

# Off by default, as in production: a newcomer meets the portal's French error pages, not Django's
# debug page listing every address. DEBUG=1 turns it on for development.
DEBUG = env_bool("DEBUG", False)
if not DEBUG:
    # Static files served by the portal itself (as in production), straight from the apps' folders.
    MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _dev_secret_key():
    # Generated once per checkout, never committed: a dev key that survives restarts.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env("SECRET_KEY") or _dev_secret_key()
