"""Settings for SSC Atlas, every value read from the environment.

With no environment at all the project runs on an embedded SQLite file under
``var/`` and runs background tasks inline; ``DATABASE_URL`` and
``CELERY_BROKER_URL`` switch it to PostgreSQL and Redis.
"""

import os
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def database_from_url(url: str) -> dict:
    """``postgres://user:password@host:port/name?sslmode=require`` or ``sqlite:///path``, parsed by dj-database-url.

    Query parameters become the connection's options; a relative SQLite path is taken from the
    project's folder rather than from wherever the process was started.
    """
    if not url:
        url = f"sqlite:///{BASE_DIR / 'var' / 'sscatlas.sqlite3'}"
    try:
        database = dj_database_url.parse(url)
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {error}") from None
    if database["ENGINE"] == "django.db.backends.sqlite3" and database["NAME"] != ":memory:":
        path = BASE_DIR / database["NAME"]  # an absolute NAME stays as it is
        path.parent.mkdir(parents=True, exist_ok=True)
        return {**database, "NAME": path}
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            f"DATABASE_URL must be a postgres:// or sqlite:/// URL, not {url.split(':')[0]}://"
        )
    # Persistent connections, checked before use so that a restarted server costs one failed
    # request at most.
    return {**database, "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 60), "CONN_HEALTH_CHECKS": True}


def cache_from_url(url: str) -> dict:
    """``redis://host:port/db``, ``dbcache://table`` (made by ``createcachetable``), or nothing: per process."""
    parsed = urlparse(url)
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if parsed.scheme in ("redis", "rediss", "unix"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if parsed.scheme == "dbcache" and parsed.netloc:
        return {"BACKEND": "sscatlas.cache.AtomicDatabaseCache", "LOCATION": parsed.netloc}
    raise ImproperlyConfigured(f"CACHE_URL must be redis://host:port/db or dbcache://table, not {url!r}")


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "development-only-key-never-used-in-production-0123456789abcdef"
ALLOWED_HOSTS = [h for h in env_str("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "initiatives",
    "ingest",
    # Before authtoken, so that its drf_create_token command is the one that runs: tokens are
    # stored as digests (sscatlas.tokens), and its admin and migration follow from that.
    "sscatlas",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sscatlas.security.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After locale and authentication, whose results the ETag names.
    "sscatlas.conditional.ConditionalGetMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sscatlas.security.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "sscatlas.urls"
WSGI_APPLICATION = "sscatlas.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {"default": database_from_url(env_str("DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Hashed names (app.3f2a….css) that WhiteNoise serves with a ten-year immutable Cache-Control. They
# need collectstatic's manifest, so development and the tests keep plain names unless asked.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", not DEBUG)
# Serve from the apps' folders too, so that a checkout works before collectstatic has run.
WHITENOISE_USE_FINDERS = True
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
# Without a broker, tasks run inline in the calling process.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "ingest")
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# An ingest run is stopped as failed after INGEST_TIME_LIMIT seconds, and its worker
# process is killed a minute later if it did not stop by itself.
INGEST_TIME_LIMIT = env_int("INGEST_TIME_LIMIT", 900)
# An unacknowledged task (its whole worker was killed) is delivered again after this long.
# It must exceed the longest run, or a run still going is delivered a second time; three
# times the hard limit leaves room for retries. The sweep below recovers a dead run sooner.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3 * (INGEST_TIME_LIMIT + 60)),
    "socket_connect_timeout": 3,
    "socket_timeout": 10,
}
# A running ingest whose heartbeat is older than this may be taken over by another worker.
INGEST_STALE_SECONDS = env_int("INGEST_STALE_SECONDS", 60)
# How often a running ingest refreshes its heartbeat (from a timer thread).
INGEST_HEARTBEAT_SECONDS = env_int("INGEST_HEARTBEAT_SECONDS", 5)
# A run whose worker stopped this many times is failed instead of started again.
INGEST_MAX_ATTEMPTS = env_int("INGEST_MAX_ATTEMPTS", 3)
# Celery beat sweeps runs whose worker stopped, this often (``celery -A sscatlas beat``).
CELERY_BEAT_SCHEDULE = {
    "ingest-runs-sweep": {"task": "ingest.tasks.runs_sweep", "schedule": env_int("INGEST_SWEEP_SECONDS", 60)},
}
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
MAX_PDF_PAGES = env_int("MAX_PDF_PAGES", 500)
# Bulk downloads one web process streams at once; more get 503 (initiatives.downloads).
DOWNLOADS_PER_PROCESS = env_int("DOWNLOADS_PER_PROCESS", 2)
# A PDF or DOCX is read in a child process that may grow by this much memory, use this much
# processor time and return this many characters of text (ingest.formats.cage).
PARSE_MEMORY_BYTES = env_int("PARSE_MEMORY_BYTES", 1024 * 1024 * 1024)
PARSE_CPU_SECONDS = env_int("PARSE_CPU_SECONDS", 60)
PARSE_MAX_CHARS = env_int("PARSE_MAX_CHARS", 10_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# jieba writes its dictionary cache here rather than to a shared /tmp path.
JIEBA_CACHE_DIR = BASE_DIR / "var" / "jieba"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"jieba": {"level": "WARNING"}},
}

# The public API is read-only for anonymous clients, throttled per address;
# write endpoints take a token (Authorization: Token <key>) or a session.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Listed first so that an anonymous write gets 401 with a WWW-Authenticate header.
        "sscatlas.tokens.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "sscatlas.throttles.AnonWindowThrottle",
        "sscatlas.throttles.UserWindowThrottle",
    ],
    # Anonymous clients are told apart by REMOTE_ADDR alone: with DRF's default (None) a client
    # picks its own address in X-Forwarded-For and escapes the limit. Behind N trusted proxies
    # that append to the header, set NUM_PROXIES=N.
    "NUM_PROXIES": env_int("NUM_PROXIES", 0),
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_ANON_RATE", "120/minute"),
        "user": env_str("API_USER_RATE", "1200/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "sscatlas.schema.PublicReadsSchema",
    # Amounts are JSON numbers: every amount in the reports has at most 15 significant digits,
    # which a double holds exactly, so a client reads back the same cents.
    "COERCE_DECIMAL_TO_STRING": False,
    "UNICODE_JSON": True,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "SSC Atlas API",
    "DESCRIPTION": (
        "South-South and triangular cooperation initiatives read from UN reports, "
        "each traceable to the paragraph it came from. Read-only for anonymous clients."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The interactive documentation is served from the site's own static files.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "sscatlas.schema.error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ModalityEnum": "initiatives.models.Modality",
        "ProgrammeKindEnum": "initiatives.models.Programme.Kind",
    },
}

# Production security
# With DEBUG off the site is served over HTTPS only and passes `manage.py check --deploy`.
# Every HTML page gets a Content-Security-Policy from sscatlas.security.
# The site's own sign-in page, which says who may sign in; editors land on the upload page.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "upload"
LOGOUT_REDIRECT_URL = "home"
# Failed logins allowed per username and client address within the window (admin, sign-in, API token).
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60)
# Login limits and API throttles count in the cache: with several web processes, CACHE_URL must
# name a cache they share (Redis, or a table of the database) or each counts on its own.
CACHES = {"default": cache_from_url(env_str("CACHE_URL"))}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Off only where something in front already redirects to HTTPS, or in local end-to-end tests.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Behind a proxy that terminates TLS, e.g. SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto: the proxy
# must set that header itself, or a client could claim HTTPS.
if env_str("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + env_str("SECURE_PROXY_SSL_HEADER").upper().replace("-", "_"),
        "https",
    )
CSRF_TRUSTED_ORIGINS = [o for o in env_str("CSRF_TRUSTED_ORIGINS").split(",") if o]
