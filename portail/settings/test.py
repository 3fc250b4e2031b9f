"""Test settings: the database and broker come from the environment the test command sets up."""

import os
import re
import secrets
from pathlib import Path

# A parallel run (pytest-xdist) gives each of its processes its own test database; the broker and
# the files must be theirs too, or a Celery worker started by one process would take the tasks of
# the other (on a database where their rows do not exist) and two contracts with the same reference
# would be counted in one folder. Written to the environment, so that the workers the tests start
# inherit the same values, and only once, so that those workers do not shift them again.
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _xdist_worker.startswith("gw") and not os.environ.get("PORTAIL_PARALLEL_ISOLATED"):
    _index = int(_xdist_worker[2:])
    if os.environ.get("CELERY_BROKER_URL", "").startswith("redis://"):
        os.environ["CELERY_BROKER_URL"] = re.sub(r"/\d*$", f"/{2 + _index}", os.environ["CELERY_BROKER_URL"])
    if os.environ.get("MEDIA_ROOT"):
        os.environ["MEDIA_ROOT"] = str(Path(os.environ["MEDIA_ROOT"]) / _xdist_worker)
    os.environ["PORTAIL_PARALLEL_ISOLATED"] = "1"


from .base import *  # noqa: E402,F401,F403
from .base import BASE_DIR, env  # noqa: E402

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
MEDIA_ROOT = Path(env("MEDIA_ROOT") or BASE_DIR / ".services" / "media" / _xdist_worker)
