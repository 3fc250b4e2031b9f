"""Production: every secret and every service is read from the environment."""

from .base import *  # noqa: F401,F403
from .base import MIDDLEWARE, REDIS_TIMEOUTS, env, env_bool, env_list, require_env

# Static files are served by the application server itself, compressed and with far-future caching.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]

SECRET_KEY = require_env("SECRET_KEY")
# Several gunicorn workers must share the dashboards' cache, or one would serve figures that
# another has retired.
CACHES = {
    "default": {
        "BACKEND": "portail.redis_cache.RedisCache",
        "LOCATION": require_env("CACHE_URL"),
        "OPTIONS": REDIS_TIMEOUTS,
    }
}
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True

STORAGES = {
    "default": {
        "BACKEND": env("DEFAULT_FILE_STORAGE_BACKEND", "storages.backends.s3.S3Storage"),
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME", ""),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID")
AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY")
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# Signed contracts are sealed with the platform's own certificate: never a generated one here.
PORTAIL_SEAL_REQUIRED = True
