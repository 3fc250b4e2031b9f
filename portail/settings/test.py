"""Test settings: the database and broker come from the environment the test command sets up."""

import secrets
from pathlib import Path

from .base import *  # noqa: F401,F403
from .base import BASE_DIR, env

SECRET_KEY = env("SECRET_KEY") or secrets.token_urlsafe(50)
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; prod uses argon2
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
# A query that goes astray fails its test within two minutes instead of holding the whole suite.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c statement_timeout=120000"  # noqa: F405
# Unit tests run tasks in-process; integration tests start a real worker on the real broker.
CELERY_TASK_ALWAYS_EAGER = env("CELERY_TASK_ALWAYS_EAGER", "1") == "1"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded and produced files of the tests stay with the test services, never in var/.
MEDIA_ROOT = Path(env("MEDIA_ROOT") or BASE_DIR / ".services" / "media")
