"""Production: every secret and host from the environment; `manage.py check --deploy` is clean.

The settings refuse to load (and so gunicorn, the worker and every command refuse to start) without a
strong secret key or a shared cache: with a per-process cache each gunicorn worker would count failed
logins on its own, giving an attacker five guesses per worker (issue 14)."""
import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool


def strong_secret_key(value: str) -> str:
    """The key, when it is as strong as Django's deploy check asks: 50+ characters, 5+ distinct ones."""
    if len(value) < 50 or len(set(value)) < 5 or value.startswith("django-insecure-"):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be at least 50 random characters (for example `openssl rand -hex 32`).")
    return value


def shared_cache_url(value: str) -> str:
    """The Redis address of the cache that rate limits and sessions share across processes and servers."""
    if not value.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            "REDIS_CACHE_URL must name the shared Redis cache (for example redis://127.0.0.1:6379/1): "
            "login limits and sessions must be shared by every gunicorn worker.")
    return value


DEBUG = False
SECRET_KEY = strong_secret_key(os.environ.get("DJANGO_SECRET_KEY", ""))
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                      "LOCATION": shared_cache_url(os.environ.get("REDIS_CACHE_URL", ""))}}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# The shipped nginx (deploy/nginx.conf) is the one proxy in front of gunicorn.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT") or "1")
# Private files (passport and diploma scans, job results) leave through nginx's internal location once the
# view checked access (copp.core.files.private_file_response); nginx serves nothing under /media/ itself.
# With files on an object store (S3_BUCKET) nginx has no disk to send them from: the app streams them or
# hands out signed links (COPP_PRIVATE_FILES_SIGNED).
COPP_PRIVATE_FILES_ACCEL = env_bool("COPP_PRIVATE_FILES_ACCEL", not S3_BUCKET)  # noqa: F405
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"


def sentry_init(dsn: str) -> None:
    """Errors and slow requests to Sentry (or a compatible server such as GlitchTip) when SENTRY_DSN is set.
    Personal data stays out: no user details, cookies or bodies are sent (send_default_pii off)."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        release=os.environ.get("SENTRY_RELEASE") or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        send_default_pii=False,
        before_send=_tag_request_id,
    )


def _tag_request_id(event, _hint):
    """The request id on every Sentry event, to find the same request's log lines."""
    from copp.core.request_id import current

    if current():
        event.setdefault("tags", {})["request_id"] = current()
    return event


SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    sentry_init(SENTRY_DSN)
