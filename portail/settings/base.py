"""Settings shared by every environment; each value can be overridden from the environment."""

import datetime
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("PORTAIL_VAR_DIR", BASE_DIR / "var"))


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def require_env(name):
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"La variable d'environnement {name} est obligatoire.")
    return value


DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portail.apps.PortailAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "widget_tweaks",
    "dsfr",
    "guardian",
    "simple_history",
    "rest_framework",
    # Kept only for the migration that turned its clear tokens into hashed ones (comptes 0003).
    "rest_framework.authtoken",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "comptes",
    "notifications",
    "territoires",
    "habilitations",
    "gouvernance",
    "protocoles",
    "fiches_actions",
    "contrats",
    "pilotage",
    "mozilla_django_oidc",
    "django.contrib.postgres",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portail.middleware.SecurityHeadersMiddleware",
    "portail.middleware.RefuseUndecodableInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its French page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portail.urls"
WSGI_APPLICATION = "portail.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # French plural and « 1er » in dates for every template (portail/typographie.py); the
            # page frame's head and header, kept per process (portail/templatetags/cadre.py).
            "builtins": ["portail.templatetags.typographie", "portail.templatetags.cadre"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gouvernance.context_processors.scope",
                "notifications.context_processors.unread",
                "portail.context_processors.shell_links",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portail.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
        # A connection kept across requests is checked before reuse: after a database restart the
        # next request reconnects instead of failing.
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# API tokens (django-rest-knox): hashed, several per person, each with a name and an expiry; the
# header stays « Authorization: Token … ».
KNOX_TOKEN_MODEL = "comptes.JetonAPI"
# knox's own migrations would create its default token table even though the model is swapped for
# ours; without them, nothing of knox is created in the database.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_MODEL": "comptes.JetonAPI",
    "TOKEN_TTL": datetime.timedelta(days=90),
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_LIMIT_PER_USER": 20,
}

# The dashboards' figures are cached under a generation token that every process must share:
# Redis when there are several processes (gunicorn workers), the process memory otherwise.
# A silent Redis (not refusing, just frozen) costs at most these seconds per access, then the cache
# counts as absent (portail.cache): it is an accelerator only.
REDIS_TIMEOUTS = {"socket_connect_timeout": 1, "socket_timeout": 1}
CACHES = {
    "default": {
        "BACKEND": "portail.redis_cache.RedisCache",
        "LOCATION": env("CACHE_URL"),
        "OPTIONS": REDIS_TIMEOUTS,
    }
    if env("CACHE_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

AUTH_USER_MODEL = "comptes.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a login attempt on an account or from an address that failed too often.
    "axes.backends.AxesStandaloneBackend",
    # Django's e-mail and password backend, the signed-in person read through the cache
    # (comptes/backends.py). Sessions opened under Django's own path ask to sign in again, once.
    "comptes.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
    "habilitations.backends.DelegationNationaleBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login rate limiting: 5 failures on one account from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "comptes/verrouille.html"
AXES_RESET_ON_SUCCESS = True
# The e-mail is counted as the account is found (any letter case), from the real client address.
AXES_USERNAME_CALLABLE = "comptes.identite.axes_username"
AXES_CLIENT_IP_CALLABLE = "comptes.identite.client_ip"
# How many reverse proxies of ours stand before the application (the TLS proxy: 1). Their
# X-Forwarded-For entries are trusted, nothing to their left: the login lock-out and the API's
# throttling both read the client address through comptes.identite.client_ip.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
AXES_VERBOSE = False

# Content-Security-Policy: every script, style, font and image comes from the portal itself.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# ProConnect (OpenID Connect): off unless OIDC_ENABLED is set, with every endpoint from the environment.
OIDC_ENABLED = env_bool("OIDC_ENABLED", False)
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.insert(0, "habilitations.oidc.ProConnectBackend")
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_LOGOUT_ENDPOINT = env("OIDC_OP_LOGOUT_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", "RS256")
# « siret »: the organisation the person signs in for, shown on « Mon compte » when ProConnect gives it.
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", "openid email given_name usual_name siret")
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 10
LOGIN_REDIRECT_URL_FAILURE = "/compte/connexion/?proconnect=refuse"
OIDC_AUTHENTICATION_CALLBACK_URL = "comptes:oidc_authentication_callback"

LOGIN_URL = "comptes:login"
LOGIN_REDIRECT_URL = "accueil"
LOGOUT_REDIRECT_URL = "accueil"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# The guardian anonymous user would be a row created on every migrate: nobody anonymous holds
# object permissions here.
ANONYMOUS_USER_NAME = None
GUARDIAN_USER_OBJ_PERMS_MODEL = "guardian.UserObjectPermission"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["portail.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media-prive/"  # never served directly: downloads go through scoped views

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(VAR_DIR / "emails"))
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", "Territoires d'industrie <ne-pas-repondre@territoires-industrie.example>"
)
# The address printed in e-mails, QR codes and sealed PDFs (which never change afterwards): set it in
# production; locally it follows the HOST and PORT the portal is served on.
_LOCAL_HOST = env("HOST", "127.0.0.1")
PORTAIL_BASE_URL = env("PORTAIL_BASE_URL") or (
    f"http://{'127.0.0.1' if _LOCAL_HOST in ('0.0.0.0', '::') else _LOCAL_HOST}:{env('PORT', '8000')}"
)

# Celery: with a broker URL, tasks go to real workers; without one (embedded mode), they run
# in-process right after the transaction commits, so the portal works with no server at all.
CELERY_TASK_ALWAYS_EAGER = not env("CELERY_BROKER_URL")
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# A task whose worker died is handed to another worker after this delay (acks_late + Redis).
# Publishing from a request is bounded: two seconds to connect or answer, no retry, then
# portail.queue.enqueue gives up and the sweeps below queue the work again.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT", "3600")),
    "socket_timeout": 2,
    "socket_connect_timeout": 2,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BEAT_SCHEDULE = {
    # Documents whose task never reached the broker (Redis down at the last signature) are
    # queued again; the task itself is idempotent, so a document is never produced twice.
    # Every 20 seconds, so that a sealed PDF appears within a minute of Redis's return.
    "relancer-documents-en-attente": {"task": "contrats.tasks.sweep_pending_documents", "schedule": 20.0},
    # Notices whose e-mail never reached the broker leave with the next sweep (an outbox).
    "envoyer-avis-en-attente": {"task": "notifications.tasks.deliver_pending", "schedule": 60.0},
    "recapitulatifs-quotidiens": {
        "task": "notifications.tasks.send_daily_digests",
        "schedule": crontab(hour=7, minute=30),
    },
    "recapitulatifs-hebdomadaires": {
        "task": "notifications.tasks.send_weekly_digests",
        "schedule": crontab(hour=7, minute=45, day_of_week="monday"),
    },
    "rappels": {"task": "pilotage.tasks.send_reminders", "schedule": crontab(hour=7, minute=0)},
    # A mandate may end on a date set in advance: that morning its holder's API tokens are revoked.
    "jetons-sans-mandat": {
        "task": "habilitations.tasks.revoke_tokens_without_mandate",
        "schedule": crontab(hour=0, minute=5),
    },
    "syntheses-hebdomadaires": {
        "task": "pilotage.tasks.send_weekly_summaries",
        "schedule": crontab(hour=8, minute=0, day_of_week="monday"),
    },
    "syntheses-mensuelles": {
        "task": "pilotage.tasks.send_monthly_summaries",
        "schedule": crontab(hour=8, minute=15, day_of_month="1"),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The token first: a request without credentials is answered 401 with « WWW-Authenticate: Token ».
        "comptes.jetons.JetonAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "portail.pagination.ApiPagination",
    # The API speaks JSON only: form encodings cannot say « null » and would read missing fields as
    # empty ones. Anything else is a 415 in French.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "portail.api_filters.KnownParametersOnly",
        "portail.api_filters.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "portail.api_errors.ProblemAutoSchema",
    "EXCEPTION_HANDLER": "portail.api_errors.problem_exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "20/minute", "public": "60/minute"},
    "NUM_PROXIES": int(env("TRUSTED_PROXY_COUNT", "0")),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API du portail Territoires d'industrie",
    "DESCRIPTION": "Référentiels, territoires, comités, séances, décisions, fiches actions et contrats, "
    "dans le périmètre des mandats de la personne authentifiée.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # A PATCH documents what it requires (the version read), not a copy with every field optional.
    "COMPONENT_SPLIT_PATCH": False,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "portail.api_errors.text_without_nul"],
    # Several resources have a « statut »: each choice set keeps its own stable name in the schema.
    "ENUM_NAME_OVERRIDES": {"StatutFicheEnum": "fiches_actions.enums.StatutFiche"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every rendering step at INFO; only its warnings matter.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "celery")},
}

# Only the fixed identity of the portal; everything else about DSFR comes from our templates.
DSFR_USE_INTEGRITY_CHECKSUMS = True
# Read from the cache first (no query per page), kept in the database (nothing lost with the cache).
SESSION_ENGINE = "portail.sessions"
SESSION_COOKIE_HTTPONLY = True
# Messages (« Jeton révoqué »…) live in the session: the portal sets no cookie but the session's and
# the CSRF one, as its cookie page says.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# The platform's sealing certificate (PAdES). In production both come from the environment
# (PEM text, or a path to a PEM file); in development and tests one is generated under var/.
PORTAIL_SEAL_KEY = env("PORTAIL_SEAL_KEY", "")
PORTAIL_SEAL_CERT = env("PORTAIL_SEAL_CERT", "")
# The RFC 3161 timestamp authority of the seals (PAdES B-T) and its root certificate (PEM or path).
PORTAIL_TSA_URL = env("PORTAIL_TSA_URL", "")
PORTAIL_TSA_CERT = env("PORTAIL_TSA_CERT", "")
