"""Settings for the Sở Công Thương portal, read from the environment.

Development needs no configuration: with DATABASE_URL unset the portal uses an embedded SQLite file under
.data/, and with CELERY_BROKER_URL unset Celery tasks run eagerly in-process. Production
(DJANGO_ENV=production) refuses to start without a real SECRET_KEY.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
# The site-wide templates, static files and translations: at the top of a checkout, beside the apps; inside the
# package, under portal/site/, when the portal runs from an installed package (setup.py puts them there).
SITE_DIR = Path(__file__).resolve().parent / "site"
if not SITE_DIR.is_dir():
    SITE_DIR = BASE_DIR

env = environ.Env()
# Where the embedded SQLite database and uploaded files live when nothing else is configured.
DATA_DIR = Path(env.str("PORTAL_DATA_DIR", default=str(BASE_DIR / ".data")))
if env.bool("DJANGO_READ_DOT_ENV", default=False):
    environ.Env.read_env(BASE_DIR / ".env")

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

_DEV_SECRET = "dev-only-insecure-secret-key-change-me"
SECRET_KEY = env.str("SECRET_KEY", default="" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 40):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 40 characters when DJANGO_ENV=production."
    )

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_celery_beat",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    # Dependencies point down this list: each app imports only from those above it (README, "Layout").
    "core",
    "programs",
    "enterprises",
    "products",
    "reports",
    "public",
    "demo",
    "operations",
    "benchmark",
    "portal",
]

MIDDLEWARE = [
    # First: an oversized body is refused from its Content-Length before anything reads it.
    "portal.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "portal.errors.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {
    "default": env.db(
        "DATABASE_URL",
        default=f"sqlite:///{DATA_DIR / 'portal.sqlite3'}",
    )
}
# In production a connection is kept for a minute: opening one per request costs more than most pages
# (PostgreSQL starts a backend and reloads its catalogue caches). The development server, whose every
# request is a new thread, gains nothing from it.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60 if PRODUCTION else 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # The login field takes an account's e-mail too (portal/accounts.py).
    "portal.accounts.EmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Each role has a start page of its own (portal/roles.py), behind this URL.
LOGIN_REDIRECT_URL = "start_page"
LOGOUT_REDIRECT_URL = "home"

# Vietnamese first, English available.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [SITE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["portal.formats"]

STATIC_URL = "/static/"
# Where collectstatic writes; an installed portal has no checkout to write into, so production sets it.
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env.bool("STATIC_MANIFEST", default=PRODUCTION)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Request bodies. Every upload form takes one file of at most UPLOAD_MAX_BYTES (below); a whole request may be
# that plus 1 MB of form fields and multipart framing, and a larger one is answered 413 before it is read
# (portal.middleware.RequestSizeLimitMiddleware). The proxy in front refuses larger bodies before they reach
# the application: nginx's client_max_body_size is 12m (README, deployment), a little above this cap, so that
# a near miss still gets the portal's own page.
# Files above 2 MB are spooled to a temporary file (FILE_UPLOAD_TEMP_DIR, the system's by default) instead of
# memory; the fields of a form, without its files, may hold 2 MB of text, far above any form of the portal.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# 1000 fields (Django's default): the largest forms (admin bulk actions over a changelist page, a council's
# score sheet) post a few hundred. 10 files: no form takes more than one.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
FILE_UPLOAD_PERMISSIONS = 0o640

# Redis serves as Celery broker and result backend and as the cache. Unset broker → eager tasks.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
# Acknowledge after the task finishes so that a killed worker's job is delivered again.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=400_000)  # KiB
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=50)
# The visibility timeout must exceed the hard time limit, or a long job is handed to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 60}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Entries declared here are written into django-celery-beat's table when beat starts (the reports' schedules are
# rows from a data migration instead). Daily at 07:00: the reminders to renew a recognition before it expires.
CELERY_BEAT_SCHEDULE = {
    "products-renewal-reminders": {
        "task": "products.tasks.remind_expiring_recognitions",
        "schedule": crontab(hour=7, minute=0),
    },
}
# How many days before a recognition's last valid day its enterprise is invited to renew it (once).
RECOGNITION_RENEWAL_REMINDER_DAYS = env.int("RECOGNITION_RENEWAL_REMINDER_DAYS", default=90)

CACHES = {
    "default": (
        {"BACKEND": "portal.cache.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# With Redis, sessions are read through it and kept in the database (portal/sessions.py): one query less on
# every logged-in page. Without it, in the database alone: a local-memory copy in one worker process would
# outlive a sign-out made in another.
SESSION_ENGINE = "portal.sessions" if REDIS_URL else "django.contrib.sessions.backends.db"
# Rendered program pages are kept only in a cache every worker shares, on PostgreSQL (programs/caching.py).
PROGRAM_PAGES_CACHED = env.bool("PROGRAM_PAGES_CACHED", default=bool(REDIS_URL))

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Sở Công Thương <no-reply@congthuong.local>")
# The portal's public address: every link it sends out (e-mails, a certificate's QR code) is built from it, never
# from a request's Host. With DEBUG off it must be https (`manage.py check --deploy` refuses otherwise:
# portal/checks.py).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# The issuing body's signing key, certificate and CA chain for issued reports (reports/signing.py). In development
# they default to the test certificate `manage.py make_signing_certificate` writes under the data dir (no legal
# value); production has no default: without them a report cannot be issued.
_SIGNING_DIR = DATA_DIR / "signing"
REPORTS_SIGNING_KEY_FILE = env.str(
    "REPORTS_SIGNING_KEY_FILE", default="" if PRODUCTION else str(_SIGNING_DIR / "key.pem")
)
REPORTS_SIGNING_CERT_FILE = env.str(
    "REPORTS_SIGNING_CERT_FILE", default="" if PRODUCTION else str(_SIGNING_DIR / "cert.pem")
)
REPORTS_SIGNING_CHAIN_FILE = env.str(
    "REPORTS_SIGNING_CHAIN_FILE", default="" if PRODUCTION else str(_SIGNING_DIR / "chain.pem")
)
REPORTS_SIGNING_KEY_PASSWORD = env.str("REPORTS_SIGNING_KEY_PASSWORD", default="")
# Lookups of the public verification page of issued reports, per client address.
REPORTS_VERIFY_RATE = env.str("REPORTS_VERIFY_RATE", default="30/minute")

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # AnonRateThrottle that lets requests through when the cache (Redis) is down (portal/throttling.py).
    "DEFAULT_THROTTLE_CLASSES": ["portal.throttling.CacheTolerantAnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env.str("API_ANON_RATE", default="120/minute")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Dữ liệu mở — Chương trình hỗ trợ công nghiệp",
    "VERSION": "1.0.0",
    "DESCRIPTION": "Dữ liệu công khai, chỉ đọc: chương trình, nhiệm vụ, chỉ tiêu, sản phẩm được công nhận, doanh nghiệp.",
    # Swagger UI and Redoc are served from this site, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The schema documents the data, not itself.
    "SERVE_INCLUDE_SCHEMA": False,
    # Choice sets that share a field name across the API keep one name each (the kind keeps its first name).
    "ENUM_NAME_OVERRIDES": {
        "RoundStatusEnum": "products.models.RecognitionRound.Status",
        "RecognitionStatusEnum": "products.models.Recognition.Status",
        "RecognisedProductKindEnum": "products.models.Recognition.Kind",
    },
    # Every optional filter may be sent empty, free text refuses only NUL, a list row links to its detail.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "public.api.open_data.document_query_parameters",
    ],
}

# The client's address, for sign-in lockouts and every rate limit, comes from core.clientip.client_ip:
# REMOTE_ADDR, or behind this many trusted reverse proxies (docker-compose's nginx: 1) the address that many
# hops from the right of X-Forwarded-For. 0 when the application server faces clients directly.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Public comments one client address may send on one dossier (products/comment_limit.py): "count/period".
PUBLIC_COMMENT_RATE = env.str("PUBLIC_COMMENT_RATE", default="5/hour")
# Public dossier lookups (tra cứu hồ sơ) one address may make, counted like the comments (products/dossier.py).
DOSSIER_LOOKUP_RATE = env.str("DOSSIER_LOOKUP_RATE", default="20/hour")

# django-axes: lock out a username from one address after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.clientip.client_ip"
# And one address is locked out after this many failures across all usernames within the cool-off, so that
# trying a few passwords on many accounts (password spraying) is stopped too (portal/lockout.py).
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=20)
AXES_HANDLER = "portal.lockout.PortalAxesHandler"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
# The lockout page is the portal's own, in Vietnamese, answered with 429 Too Many Requests.
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Uploads: evidence files and dossier documents.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=UPLOAD_MAX_BYTES + 1024 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint reports every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
