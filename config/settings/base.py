"""Settings shared by every environment; values that differ come from environment variables."""
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent.parent
load_dotenv(BASE_DIR / ".env")


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_url() -> str:
    """DATABASE_URL when set; otherwise the embedded server started by `make` (scripts/devdb.py)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    url_file = BASE_DIR / "var" / "database_url"
    if url_file.exists():
        return url_file.read_text().strip()
    raise RuntimeError(
        "DATABASE_URL is not set and the embedded PostgreSQL is not running: run `make run` or `make db`."
    )


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "copp.core.apps.CoppAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.mfa",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "django_celery_beat",
    "django_celery_results",
    "csp",
    # Domain apps, in layer order (DESIGN.md): an app imports only from apps above it.
    "copp.core",
    "copp.directories",
    "copp.accounts",
    "copp.organizations",
    "copp.esia",
    "copp.programs",
    "copp.events",
    "copp.admissions",
    "copp.resources",
    "copp.reviews",
    "copp.training",
    "copp.surveys",
    "copp.learning",
    "copp.careers",
    "copp.analytics",
    "copp.portal",
    "copp.api",
]

MIDDLEWARE = [
    # /healthz, /readyz and /metrics answer before host checks and HTTPS redirects (probes use internal
    # addresses over plain HTTP; docs/deployment.md).
    "copp.core.health.HealthMiddleware",
    # Each request's id (X-Request-ID) in its log lines and tasks; its latency by route for Prometheus.
    "copp.core.request_id.RequestIdMiddleware",
    "copp.core.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A NUL character in any query parameter or form field is refused here, once for every view (issue 14).
    "copp.core.input_guard.NulCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Deny by default: every view needs a signed-in user unless it opts out (DESIGN.md).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff, coordinators and administrators work only with a second factor set up (issue 14).
    "copp.accounts.mfa.RequireMfaMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "copp.core.middleware.IdleSessionTimeoutMiddleware",
    "copp.core.middleware.ActiveRoleMiddleware",
    # Times on pages, in letters, files and the API in the region's zone (an administrator's choice).
    "copp.portal.region.RegionTimeZoneMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "copp.portal.context_processors.platform",
            ],
        },
    }
]

DATABASES = {"default": dj_database_url.parse(database_url(), conn_max_age=60)}
# A second connection to the same database: background jobs write their progress through it, so the page
# sees it while the job's own transaction is still open (copp.core.jobs).
DATABASES["progress"] = {**DATABASES["default"]}
# A read replica for the public catalogue's and reports' reads (copp.core.db_router, docs/deployment.md).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"], conn_max_age=60)
    # Tests run the replica's reads against the test database itself.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["copp.core.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "copp.core.backends.CapabilityBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:cabinet"
LOGOUT_REDIRECT_URL = "portal:home"

# django-allauth: e-mail login, mandatory verification, lockout via rate limits (M7).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
# Sign-up says plainly that an e-mail is taken (issue 2: "duplicate e-mail gives a clear message");
# the lockout message stays the same for existing and unknown e-mails.
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_FORMS = {"signup": "copp.accounts.forms.CitizenSignupForm"}
ACCOUNT_ADAPTER = "copp.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Five failed logins per e-mail in 15 minutes lock that pair; the message is the same whether or
# not the account exists, so it does not reveal who is registered.
ACCOUNT_RATE_LIMITS = {
    "login_failed": os.environ.get("LOGIN_FAILED_LIMIT", "20/m/ip,5/15m/key"),
}

# Two-factor sign-in (issue 14): TOTP codes of an authenticator app, with one-time recovery codes; required
# for these roles (copp.accounts.mfa), optional for others (from the profile's "Two-factor sign-in" page).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "copp.accounts.mfa.MFAAdapter"
MFA_TOTP_ISSUER = os.environ.get("MFA_TOTP_ISSUER", "ЦОПП")
# Staff accounts are made by administrators, sometimes before the address is confirmed: let them set up TOTP.
MFA_ALLOW_UNVERIFIED_EMAIL = True
# A code of the previous or next 30 seconds is accepted too: phones' clocks drift.
MFA_TOTP_TOLERANCE = 1
COPP_MFA_REQUIRED_ROLES = env_list("MFA_REQUIRED_ROLES", "staff,coordinator,admin")

# How many reverse proxies of our own stand in front of the app (the shipped nginx: one, set in production).
# The limiter above and the audit log take the visitor's address from the entry of X-Forwarded-For the
# outermost of them wrote (copp.core.audit.client_ip); 0 means the connection's own address.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT") or "0")

# Staff and administrators are signed out after this many idle seconds (issue 2, §2).
STAFF_IDLE_TIMEOUT = int(os.environ.get("STAFF_IDLE_TIMEOUT", "1800"))
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(14 * 24 * 3600)))

# Content-Security-Policy (issue 14): scripts only from the platform's own files, no inline script or
# handler anywhere; the one inline <style> (the brand colours in base.html) and the styles FullCalendar and
# htmx insert carry the request's nonce. Style attributes written by chart and calendar libraries at run
# time stay allowed (style-src-attr): they cannot run code, and templates themselves use classes only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
    },
}

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский"), ("en", "English")]
# The materials library keeps its texts in its own catalogue (copp/learning/materials is a package of learning).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "copp" / "learning" / "materials" / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
# Front-end assets come from npm (package.json) and are served by WhiteNoise: no CDN.
STATICFILES_DIRS = [
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/golos-text", BASE_DIR / "node_modules" / "@fontsource" / "golos-text"),
    # The faces the administrator may choose for the brand (portal.Branding.font_family).
    *[(f"vendor/fonts/{face}", BASE_DIR / "node_modules" / "@fontsource" / face)
      for face in ("golos-text", "pt-sans", "roboto", "open-sans")],
    ("vendor/fullcalendar", BASE_DIR / "node_modules" / "@fullcalendar"),
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Files on an S3-compatible object store (MinIO, a cloud's S3) when S3_BUCKET is set (django-storages). The
# bucket stays private: files leave through the platform's views (copp.core.files), streamed by the app or,
# with COPP_PRIVATE_FILES_SIGNED, as a short-lived signed link.
S3_BUCKET = os.environ.get("S3_BUCKET", "")
if S3_BUCKET:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": S3_BUCKET,
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
        "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
        "region_name": os.environ.get("S3_REGION") or None,
        "custom_domain": None,
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": int(os.environ.get("S3_SIGNED_URL_SECONDS", "300")),
        "file_overwrite": False,
        "addressing_style": os.environ.get("S3_ADDRESSING_STYLE", "path"),
        "signature_version": "s3v4",
    }}
COPP_PRIVATE_FILES_SIGNED = env_bool("COPP_PRIVATE_FILES_SIGNED")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Files of the digital materials library (M25): the size limit, and the antivirus (clamd, «host:port» or a Unix
# socket path) every uploaded material is streamed to when set; unset, files are checked by content only.
COPP_MATERIAL_MAX_MB = int(os.environ.get("COPP_MATERIAL_MAX_MB", "200"))
COPP_ANTIVIRUS_CLAMD = os.environ.get("COPP_ANTIVIRUS_CLAMD", "")
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Every letter is written to the outbox in the transaction that caused it and sent by the worker
# (copp.core.mail); EMAIL_BACKEND names what finally delivers it: files in var/mail locally, SMTP in production.
EMAIL_BACKEND = "copp.core.mail.OutboxBackend"
COPP_EMAIL_DELIVERY_BACKEND = os.environ.get("EMAIL_BACKEND") or "django.core.mail.backends.filebased.EmailBackend"
# No request or worker waits on a relay that accepts a connection and never answers.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
EMAIL_FILE_PATH = BASE_DIR / "var" / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ЦОПП <noreply@copp.local>")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("REDIS_CACHE_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": os.environ["REDIS_CACHE_URL"]}}
    # Several app servers share sessions through the cache, with the database behind it.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"



def celery_broker_default(database: dict) -> str:
    """With no CELERY_BROKER_URL the broker is the platform's own PostgreSQL (kombu's SQLAlchemy transport):
    `make run` needs no extra server. Production sets Redis or RabbitMQ (docs/background-jobs.md)."""
    from urllib.parse import quote

    user = quote(database.get("USER") or "", safe="")
    password = quote(database.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = database.get("HOST") or ""
    port = f":{database['PORT']}" if database.get("PORT") else ""
    name = quote(database["NAME"], safe="")
    if host.startswith("/"):  # a Unix socket directory (the embedded server)
        return f"sqla+postgresql+psycopg://{auth}/{name}?host={quote(host, safe='')}"
    return f"sqla+postgresql+psycopg://{auth}{host}{port}/{name}"


CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or celery_broker_default(DATABASES["default"])
# Eager mode is for unit tests only (config.settings.test): `make run` and production use a real worker.
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "copp")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis redelivers a task not acknowledged within this time: longer than the longest job (an hour). The
# SQLAlchemy transport passes its options to create_engine, so it gets none (it polls once a second).
if not CELERY_BROKER_URL.startswith("sqla+"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3700}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Results, with the task's name and arguments, are kept in the database: the administrator sees failed
# tasks with their error and can run them again (django-celery-results in the administration section).
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_RESULT_EXPIRES = 30 * 24 * 3600
CELERY_TASK_TRACK_STARTED = True
# The schedule lives in the database (django-celery-beat): the administrator sees, pauses and changes it.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The platform's periodic jobs, created in the schedule on `migrate` when missing (copp.core.schedule);
# an administrator's later changes to them are kept. «every» is seconds; «crontab» is the region's time.
COPP_PERIODIC_TASKS = {
    "core.heartbeat": {"every": 30, "description": "Проверка связи: планировщик и обработчик заданий живы"},
    "core.deliver_due_letters": {"every": 60, "description": "Отправка писем, ожидающих в очереди"},
    "core.requeue_stale_jobs": {"every": 300, "description": "Повторная постановка заданий, не попавших в очередь"},
    "core.purge_finished_jobs": {"crontab": "15 5 * * *", "description": "Удаление заданий старше 30 дней"},
    "accounts.erase_due": {"crontab": "0 4 * * *",
                           "description": "Уничтожение персональных данных по отозванным согласиям (152-ФЗ)"},
    "admissions.purge_uploads": {"crontab": "30 3 * * *",
                                 "description": "Удаление черновых загрузок заявок старше суток"},
    "programs.refresh_next_starts": {"crontab": "5 0 * * *",
                                     "description": "Каталог: ближайшие даты старта программ после прошедших"},
    "reviews.remind_experts": {"crontab": "0 9 * * *",
                               "description": "Напоминания экспертам о сроках экспертизы программ"},
    "surveys.dispatch": {"every": 3600, "description": "Опросы: закрытие по сроку, автоматический запуск, "
                                                       "приглашения и напоминания"},
    "careers.import_trudvsem": {"crontab": "10 * * * *", "description": "Импорт вакансий «Работы России» (изменения)"},
    "careers.import_hhru": {"crontab": "40 * * * *", "description": "Импорт вакансий hh.ru (изменения)"},
    "careers.close_expired": {"crontab": "5 0 * * *", "description": "Закрытие вакансий с истёкшим сроком"},
    "careers.notify_saved_searches": {"crontab": "0 9 * * *",
                                      "description": "Письма о новых вакансиях по сохранённым поискам"},
    "careers.refresh_market": {"crontab": "30 2 * * *", "description": "Пересчёт сводок рынка труда"},
    "analytics.refresh_facts": {"every": 600,
                                "description": "Мониторинг: пересчёт показателей за дни с изменёнными записями"},
    "learning.poll_conferences": {"every": 60,
                                  "description": "Веб-конференции: кто на занятии, завершение после урока"},
    "learning.refresh_recordings": {"every": 900, "description": "Веб-конференции: записи завершённых занятий"},
    "learning.sync_moodle": {"every": 1800, "description": "Moodle: курсы групп, зачисление, оценки и завершение"},
    "learning.remind_due": {"every": 3600, "description": "Пространство курса: напоминания о сроках заданий и тестов"},
    "analytics.rebuild_facts": {"crontab": "40 2 * * *", "description": "Мониторинг: полный пересчёт показателей"},
}
# The course space (M22): how many hours before an assignment's or a test's due date a learner who has not done
# it yet gets a reminder (the learning.remind_due round runs hourly).
COPP_DUE_REMINDER_HOURS = int(os.environ.get("COPP_DUE_REMINDER_HOURS", "24"))
# Vacancy imports (issue 18): the sources' addresses and credentials; by default the local fakes of `make run`.
COPP_VACANCY_IMPORT = {
    "trudvsem_url": os.environ.get("TRUDVSEM_URL", "http://127.0.0.1:8021"),
    "trudvsem_region": os.environ.get("TRUDVSEM_REGION_CODE", "6600000000000"),
    "trudvsem_pause": float(os.environ.get("TRUDVSEM_PAUSE", "1.0")),
    "hhru_url": os.environ.get("HHRU_URL", "http://127.0.0.1:8022"),
    "hhru_area": os.environ.get("HHRU_AREA", "1261"),
    "hhru_user_agent": os.environ.get("HHRU_USER_AGENT", "COPP-Platform/1.0 (copp@example.ru)"),
    "hhru_client_id": os.environ.get("HHRU_CLIENT_ID", "COPP-DEMO"),
    "hhru_client_secret": os.environ.get("HHRU_CLIENT_SECRET", "copp-demo-secret"),
    "hhru_token": os.environ.get("HHRU_TOKEN", ""),
    "hhru_pause": float(os.environ.get("HHRU_PAUSE", "0.15")),
    "timeout": float(os.environ.get("VACANCY_IMPORT_TIMEOUT", "60")),
    "retries": int(os.environ.get("VACANCY_IMPORT_RETRIES", "4")),
    "backoff": float(os.environ.get("VACANCY_IMPORT_BACKOFF", "2")),
}
# Imports and exports bigger than this many rows run as background jobs with a progress bar.
COPP_JOB_ROWS_IN_REQUEST = int(os.environ.get("COPP_JOB_ROWS_IN_REQUEST", "500"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "copp.api.authentication.IntegratorTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "copp.core.pagination.StrictPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    # Rate limits per integrator key (or signed-in person) and per anonymous address (docs/api.md); counters
    # live in the cache, so several app servers share them once REDIS_CACHE_URL is set.
    "EXCEPTION_HANDLER": "copp.api.throttling.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["copp.api.throttling.TokenRateThrottle", "copp.api.throttling.AnonymousRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": os.environ.get("API_RATE_TOKEN", "600/min"),
                               "anon": os.environ.get("API_RATE_ANON", "60/min")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ЦОПП API",
    "DESCRIPTION": "Открытый API платформы ЦОПП (M33): справочники, организации.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    # Every operation may answer 429 when its caller's rate limit is spent.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "copp.api.schema.document_rate_limits", "copp.api.schema.document_error_answers"],
    # Several models have a "status" field; name their enums after the domain.
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStatusEnum": "copp.admissions.models.ApplicationStatus",
        "ProgramStatusEnum": "copp.programs.models.ProgramStatus",
        "EventStatusEnum": "copp.events.models.EventStatus",
        "RegistrationStatusEnum": "copp.events.models.RegistrationStatus",
        "VerificationStatusEnum": "copp.organizations.models.VerificationStatus",
        "OrganizationTypeEnum": "copp.organizations.models.OrganizationType",
        "RolesEnum": "copp.core.roles.Role",
        "SurveyStatusEnum": "copp.surveys.models.SurveyStatus",
        "AssessmentFormEnum": "copp.programs.models.AssessmentForm",
    },
}

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

# The platform's region (субъект РФ) and the official ЦОПП site (M1); branding can override the site.
PLATFORM_REGION_NAME = os.environ.get("PLATFORM_REGION_NAME", "Свердловская область")
COPP_OFFICIAL_SITE_URL = os.environ.get("COPP_OFFICIAL_SITE_URL", "https://copp.example.ru/")
# This platform's own address, for links in letters sent without a request at hand (commands, tasks, API).
COPP_PLATFORM_URL = os.environ.get("COPP_PLATFORM_URL", "http://127.0.0.1:8000")

# LOG_FORMAT=json: one JSON object a line (for a log collector); text otherwise. Both carry the request id,
# in tasks too (copp.core.request_id).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "copp.core.request_id.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "copp.core.request_id.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                             "formatter": "json" if LOG_FORMAT == "json" else "text"}},
    # One handler, on the root: every logger's records reach it once (and test captures see them all).
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "copp": {"level": os.environ.get("LOG_LEVEL", "INFO")},
        "django": {"level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
        "celery": {"level": "INFO"},
    },
}
# Prometheus scrapes /metrics with this bearer token; unset, the endpoint answers 404 (copp.core.metrics).
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

# --- ESIA (issue 3) ---
# Sign-in through Госуслуги (copp.esia). The administrator's saved ESIA settings (administration section)
# take precedence; these environment values are the defaults and fill the fields left blank there.
ESIA = {
    "ENABLED": env_bool("ESIA_ENABLED"),
    "ENVIRONMENT": os.environ.get("ESIA_ENVIRONMENT", "test"),  # test | production | custom
    "URL": os.environ.get("ESIA_URL", ""),  # for "custom": a certified gateway or the local ESIA (fakes/esia)
    "CLIENT_ID": os.environ.get("ESIA_CLIENT_ID", ""),
    "SCOPES": os.environ.get("ESIA_SCOPES", "openid fullname birthdate snils email mobile"),
    "REDIRECT_URI": os.environ.get("ESIA_REDIRECT_URI", ""),
    "SIGNER": os.environ.get("ESIA_SIGNER", "openssl"),  # openssl | cryptopro | http | gostcrypto
    "CERT_PATH": os.environ.get("ESIA_CERT_PATH", ""),
    "KEY_PATH": os.environ.get("ESIA_KEY_PATH", ""),
    "CERT_HASH": os.environ.get("ESIA_CERT_HASH", ""),
    "OPENSSL_BIN": os.environ.get("ESIA_OPENSSL_BIN", "openssl"),
    "OPENSSL_CONF": os.environ.get("ESIA_OPENSSL_CONF", ""),
    "CSPTEST_PATH": os.environ.get("ESIA_CSPTEST_PATH", "/opt/cprocsp/bin/amd64/csptest"),
    "CRYPTOPRO_CONTAINER": os.environ.get("ESIA_CRYPTOPRO_CONTAINER", ""),
    "CRYPTOPRO_PIN": os.environ.get("ESIA_CRYPTOPRO_PIN", ""),
    "SIGNER_URL": os.environ.get("ESIA_SIGNER_URL", ""),
    "SIGNER_TOKEN": os.environ.get("ESIA_SIGNER_TOKEN", ""),
    "ESIA_CERT_PATH": os.environ.get("ESIA_ESIA_CERT_PATH", ""),
    "ISSUER": os.environ.get("ESIA_ISSUER", ""),
    "TIMEOUT": float(os.environ.get("ESIA_TIMEOUT", "10")),
    "CA_BUNDLE": os.environ.get("ESIA_CA_BUNDLE", ""),
    # Whether a person whose Gosuslugi account is not confirmed may sign in (their data is never marked
    # confirmed); a region may require confirmed accounts only.
    "ALLOW_UNCONFIRMED": env_bool("ESIA_ALLOW_UNCONFIRMED", True),
}
# Signing out of a session that came from ESIA also ends the ESIA session (copp.esia.account_adapter
# extends copp.accounts.adapter.AccountAdapter).
ACCOUNT_ADAPTER = "copp.esia.account_adapter.AccountAdapter"
SOCIALACCOUNT_STORE_TOKENS = False
