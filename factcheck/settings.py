"""Django settings, read from the environment (12-factor).

Every variable is listed in `.env.example`. This is the only module that reads the
environment; everything else asks `django.conf.settings`.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

from annotations.sourcing import gaps

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value else default


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


DEBUG = env_bool("DEBUG", False)

# Runtime state (SQLite file, filesystem broker queues, logs) lives here by default.
VAR_DIR = Path(os.environ.get("FACTCHECK_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "django_htmx",
    "template_partials",
    "simple_history",
    "django_celery_beat",
    "django_celery_results",
    "annotations",
    "desk",
    "reports",
    "api",
    "axes",
    "csp",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After the user: the desk the request works in, read when first asked.
    "annotations.middleware.WorkspaceMiddleware",
    # After the session and the user: the signed-in person's saved language first,
    # then LocaleMiddleware's own order (the language cookie, Accept-Language).
    "annotations.middleware.UserLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "annotations.middleware.HostileInputMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "annotations.middleware.DeadlockRetryMiddleware",
    # A database that cannot be reached is a 503 "try again in a moment", not a 500.
    "annotations.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "factcheck.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                # LANGUAGES for the language pickers, as settings has them.
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "desk.context_processors.roles",
                "annotations.background.banner",
            ],
        },
    },
]

WSGI_APPLICATION = "factcheck.wsgi.application"
ASGI_APPLICATION = "factcheck.asgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'factcheck.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The web server, the worker and beat share one file: wait for locks instead of
    # failing at once, and take the write lock at BEGIN so readers never deadlock.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file, not memory, so a worker process started by the tests sees the test data.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("TEST_SQLITE_NAME")
        or str(VAR_DIR / "test-factcheck.sqlite3")
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
# The languages the interface speaks, in one place: the pickers and the catalogue
# tests read this list (docs/I18N.md). The names are translated like any other
# string; the pickers show each language in its own name (Django's name_local).
LANGUAGES = [
    ("en", gettext_lazy("English")),
    ("es", gettext_lazy("Spanish")),
    ("ar", gettext_lazy("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = DEBUG

# Captured pages and uploaded evidence (docs/EVIDENCE.md). FACTCHECK_CAPTURES_DIR moves
# them on disk; a deployment may point the "captures" storage at any Django storage
# backend, an S3-compatible object store included.
CAPTURES_DIR = Path(os.environ.get("FACTCHECK_CAPTURES_DIR") or VAR_DIR / "captures")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "captures": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(CAPTURES_DIR)},
    },
}

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "desk.views.access.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Behind a TLS-terminating proxy: turn these on (see .env.example).
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No script but our own files, no third-party origin, no framing. Inline styles are
# allowed (progress bars set a width; the report documents carry their stylesheet);
# every inline script is refused.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Logins: django-axes locks a user name out from one address after this many wrong
# passwords in a row (the login page, the admin and HTTP Basic on the API alike),
# for this long; the lockout page says when to try again.
AXES_FAILURE_LIMIT = env_int("FACTCHECK_LOGIN_FAILURE_LIMIT", 8)
AXES_COOLOFF_TIME = env_float("FACTCHECK_LOGIN_COOLOFF_MINUTES", 15.0) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "desk.views.access.lockout_response"
AXES_VERBOSE = False


def _trusted_proxies(entries: list[str]) -> list[str]:
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"FACTCHECK_TRUSTED_PROXIES: {entry!r} is not an address or a CIDR "
                "network."
            ) from exc
    return entries


# The reverse proxies whose X-Forwarded-For is believed (addresses or CIDR networks,
# comma-separated); every limit keyed by address asks annotations.clientaddress, the
# one place that reads the header (docs/SECURITY.md, "Deploying safely").
FACTCHECK_TRUSTED_PROXIES = _trusted_proxies(env_list("FACTCHECK_TRUSTED_PROXIES"))
if env_int("FACTCHECK_PROXY_COUNT", 0):
    # A count says how many hops to believe but not whose: a client that reaches the
    # server directly could still name any address. Refuse rather than guess.
    raise ImproperlyConfigured(
        "FACTCHECK_PROXY_COUNT is replaced by FACTCHECK_TRUSTED_PROXIES: list the "
        "addresses (or CIDR networks) of your reverse proxies instead, and unset "
        "FACTCHECK_PROXY_COUNT (docs/SECURITY.md)."
    )
AXES_CLIENT_IP_CALLABLE = "annotations.clientaddress.client_address"
# API: requests per client, and failed API tokens per address before a pause.
FACTCHECK_THROTTLE_ANON = os.environ.get("FACTCHECK_THROTTLE_ANON", "300/min")
FACTCHECK_THROTTLE_USER = os.environ.get("FACTCHECK_THROTTLE_USER", "3000/min")
FACTCHECK_TOKEN_FAILURE_LIMIT = env_int("FACTCHECK_TOKEN_FAILURE_LIMIT", 20)
FACTCHECK_TOKEN_FAILURE_WINDOW = env_int("FACTCHECK_TOKEN_FAILURE_WINDOW", 900)

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Requests larger than this are refused with 400 before a view sees them.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
# No uploaded file is kept past the largest upload the desk accepts: the rest of it
# is read and dropped before any view runs (annotations/uploadlimit.py).
FILE_UPLOAD_HANDLERS = [
    "annotations.uploadlimit.BoundedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

REST_FRAMEWORK = {
    # Basic first: an unauthenticated API call gets 401 with a WWW-Authenticate
    # challenge rather than a bare 403. Sessions (with CSRF) still work for the pages.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.LockoutAwareBasicAuthentication",
        "api.authentication.ThrottledTokenAuthentication",
        "api.authentication.ActiveSessionAuthentication",
    ],
    # The JSON parser refuses NUL, lone surrogates and documents nested too deep.
    # The API speaks JSON only: any other body is a 415.
    "DEFAULT_PARSER_CLASSES": ["api.parsers.GuardedJSONParser"],
    # Counted per client address as annotations.clientaddress derives it.
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonThrottle",
        "api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": FACTCHECK_THROTTLE_ANON,
        "user": FACTCHECK_THROTTLE_USER,
    },
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["api.filters.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.Pagination",
    "PAGE_SIZE": 100,
    # Domain errors (annotations.errors) answer 400/403/409 as JSON, never 500.
    "EXCEPTION_HANDLER": "api.views.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_METADATA_CLASS": "api.metadata.Metadata",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Fact-check annotation toolkit API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc from our own static files (drf-spectacular-sidecar).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Three models have a "kind": name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "ClaimKindEnum": "annotations.models.Claim.Kind",
        "SourceKindEnum": "annotations.models.SourceKind",
        "GapKindEnum": "annotations.models.GapKind",
        "ExportJobStatusEnum": "reports.models.ExportJob.Status",
        "ClaimStatusEnum": "annotations.models.ClaimStatus",
        "WebhookDeliveryStateEnum": "reports.models.WebhookDelivery.State",
        # Two choice sets of fields named "state": each named here. The article's are
        # annotations.workflow.ArticleState's values, given as a list since an
        # import path to that plain StrEnum did not name it.
        "ArticleStateEnum": ["draft", "in review", "verified", "published"],
    },
    # A PATCH body's required fields stay required (a citation's updated_at).
    "COMPONENT_SPLIT_PATCH": False,
    # Every operation documents the refusals it can answer (api/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.document_errors",
    ],
}

# --- Celery -----------------------------------------------------------------------
CELERY_BROKER_FOLDER = Path(
    os.environ.get("CELERY_BROKER_FOLDER") or VAR_DIR / "broker"
)
# A hostname in the URL (the transport ignores it) keeps kombu from warning that none
# was supplied on every command.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "filesystem://localhost//"
if CELERY_BROKER_URL.startswith("filesystem://"):
    # kombu's filesystem transport: queues are files, so no server is needed. One folder
    # serves as both "in" and "out" so every process on this machine shares the queue.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_FOLDER / "queue"),
        "data_folder_out": str(CELERY_BROKER_FOLDER / "queue"),
        "processed_folder": str(CELERY_BROKER_FOLDER / "processed"),
        # Broadcast (inspect ping, remote control) tables; default is ./control.
        "control_folder": str(CELERY_BROKER_FOLDER / "control"),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "django-db")
CELERY_RESULT_EXTENDED = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
# What a deployment needs to survive its infrastructure (docs/OPERATIONS.md, "Celery
# settings"). Every task is idempotent, so a message is acknowledged only once its
# task has run, and one whose worker process died goes back to the queue.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# One message at a time per process: a long scan never holds short tasks behind it.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Reconnect to the broker for ever, at start-up as after an outage (Celery's default
# gives up after 100 tries, about 50 minutes, and the worker exits).
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# A web request that publishes while the broker is down fails fast (the job waits in
# its own row and the reaper sends it later) instead of holding the page.
CELERY_BROKER_CONNECTION_TIMEOUT = env_float("CELERY_BROKER_CONNECTION_TIMEOUT", 2.0)
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# A task running when the broker connection drops finishes and records its result in
# its job row; its acknowledgement is lost and the message comes back later, finds
# the job done and does nothing. Cancelling it would only throw the work away.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
# Time limits: the default for every task, and longer ones set on the long tasks
# (annotations/tasks.py). A task over its soft limit is told to stop; over the hard
# limit its process is killed, and its job's lease lapses (annotations/jobs.py).
CELERY_TASK_SOFT_TIME_LIMIT = env_int("FACTCHECK_TASK_SOFT_TIME_LIMIT", 600)
CELERY_TASK_TIME_LIMIT = env_int("FACTCHECK_TASK_TIME_LIMIT", 660)
FACTCHECK_LONG_TASK_SOFT_TIME_LIMIT = env_int(
    "FACTCHECK_LONG_TASK_SOFT_TIME_LIMIT", 3 * 3600
)
FACTCHECK_LONG_TASK_TIME_LIMIT = env_int(
    "FACTCHECK_LONG_TASK_TIME_LIMIT", FACTCHECK_LONG_TASK_SOFT_TIME_LIMIT + 300
)
if CELERY_BROKER_URL.split("://", 1)[0] in {"redis", "rediss"}:
    # kombu's Redis transport, surviving acknowledgements after an outage
    # (factcheck/broker.py).
    CELERY_BROKER_TRANSPORT = "factcheck.broker:RedisTransport"
if not CELERY_BROKER_URL.startswith("filesystem://"):
    # Redis hands an unacknowledged message to another worker after this long, so
    # it must outlast the longest task (its hard limit) or a running scan would be
    # started twice. A message lost with a killed worker does not wait for it: the
    # reaper re-queues the job once its lease lapses.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env_int(
            "CELERY_VISIBILITY_TIMEOUT", FACTCHECK_LONG_TASK_TIME_LIMIT + 3600
        ),
        "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
        "socket_keepalive": True,
        # A connection a firewall dropped silently is noticed within this.
        "health_check_interval": 25,
    }
# django-celery-beat's schedules, keeping a due task the broker refused until it can
# be sent (factcheck/beat.py); tried again this often.
CELERY_BEAT_SCHEDULER = "factcheck.beat:Scheduler"
FACTCHECK_BEAT_RETRY_SECONDS = env_float("FACTCHECK_BEAT_RETRY_SECONDS", 5.0)
CELERY_TIMEZONE = TIME_ZONE

# --- Background jobs (annotations/jobs.py, annotations/background.py) -------------
# Every job is a row (a gap scan's ScanRun, a PDF's ExportJob, a claim's queued rescan,
# a notification's e-mail) that outlives its message: a worker holding one renews a
# lease on it; the reaper re-sends what is queued and re-queues what a dead worker
# held. docs/OPERATIONS.md.
# Seconds a job's lease lasts (renewed every third of it while the job runs).
FACTCHECK_JOB_LEASE_SECONDS = env_float("FACTCHECK_JOB_LEASE_SECONDS", 60.0)
# How often beat runs the reaper.
FACTCHECK_JOB_REAP_SECONDS = env_float("FACTCHECK_JOB_REAP_SECONDS", 15.0)
# A job sent but not started after this long is sent again (its message may have been
# lost with the broker); a message delivered twice finds the job taken and does nothing.
FACTCHECK_JOB_RESEND_SECONDS = env_float("FACTCHECK_JOB_RESEND_SECONDS", 120.0)
# Runs of a job whose worker died each time before it gives up (a PDF that kills its
# worker must not do so for ever).
FACTCHECK_JOB_MAX_ATTEMPTS = env_int("FACTCHECK_JOB_MAX_ATTEMPTS", 3)
# A web process that could not reach the broker stops trying for this long (the work
# waits in its row; requests stay fast and the log says it once).
FACTCHECK_BROKER_RETRY_SECONDS = env_float("FACTCHECK_BROKER_RETRY_SECONDS", 5.0)
# Each worker records a heartbeat this often; with none for FACTCHECK_WORKER_STALE_
# SECONDS the desk shows that background work is not running (and /health/ says so).
FACTCHECK_WORKER_HEARTBEAT_SECONDS = env_float(
    "FACTCHECK_WORKER_HEARTBEAT_SECONDS", 10.0
)
FACTCHECK_WORKER_STALE_SECONDS = env_float("FACTCHECK_WORKER_STALE_SECONDS", 60.0)
# The banner's and the health check's answers are reused for this many seconds.
FACTCHECK_HEALTH_CACHE_SECONDS = env_float("FACTCHECK_HEALTH_CACHE_SECONDS", 5.0)
CELERY_BEAT_SCHEDULE = {
    # In code: beat writes it into the schedule at every start, so an edit in the
    # admin cannot switch off what recovers lost work for longer than until then.
    "reap background jobs": {
        "task": "annotations.reap_jobs",
        "schedule": FACTCHECK_JOB_REAP_SECONDS,
        "enabled": True,
        # A reaper message that waited longer than two turns is superseded
        # (django-celery-beat's name for the `expires` option).
        "options": {"expire_seconds": max(1, round(2 * FACTCHECK_JOB_REAP_SECONDS))},
    },
}

# --- Fact-check domain settings ---------------------------------------------------
# Import limits: anything larger is refused with a clear message, nothing is saved.
FACTCHECK_MAX_ARTICLE_CHARS = env_int("FACTCHECK_MAX_ARTICLE_CHARS", 1_000_000)
FACTCHECK_MAX_UPLOAD_BYTES = env_int("FACTCHECK_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
# Uploaded evidence (a PDF, image or text file cited as a source): larger files are
# refused and nothing is stored (docs/EVIDENCE.md, "Uploads").
FACTCHECK_UPLOAD_MAX_BYTES = env_int("FACTCHECK_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
# An article's language when neither its page nor the detector can say (a short
# text): the desk's own (a BCP 47 tag; annotations/extraction/language.py).
FACTCHECK_DEFAULT_LANGUAGE = os.environ.get("FACTCHECK_DEFAULT_LANGUAGE", "en")
# Markup (an uploaded or fetched page, rendered Markdown) is refused before any parser
# runs when it has more tags, or nests deeper, than this
# (annotations/extraction/htmlguard.py).
FACTCHECK_HTML_MAX_TAGS = env_int("FACTCHECK_HTML_MAX_TAGS", 60_000)
FACTCHECK_HTML_MAX_DEPTH = env_int("FACTCHECK_HTML_MAX_DEPTH", 512)
# A URL import's fetch: each step (a connection, one read) may take TIMEOUT seconds,
# the whole fetch (every redirect, headers and body) DEADLINE seconds, well inside a
# web worker's own time limit (gunicorn's is 30 s).
FACTCHECK_FETCH_TIMEOUT = env_float("FACTCHECK_FETCH_TIMEOUT", 10.0)
FACTCHECK_FETCH_DEADLINE = env_float("FACTCHECK_FETCH_DEADLINE", 15.0)
FACTCHECK_FETCH_MAX_BYTES = env_int("FACTCHECK_FETCH_MAX_BYTES", 5 * 1024 * 1024)
FACTCHECK_FETCH_MAX_REDIRECTS = env_int("FACTCHECK_FETCH_MAX_REDIRECTS", 5)
# Captures of cited pages (annotations/services/captures.py, docs/EVIDENCE.md): a
# source cited again within MAX_AGE_DAYS of its last capture is not captured again.
# Each step of a capture's fetch may take TIMEOUT seconds and the whole fetch DEADLINE
# seconds (the worker holds the capture's lease meanwhile, so a resend finds it
# taken); bodies over MAX_BYTES (counted after decompression) are refused.
# FACTCHECK_CAPTURES=0 switches capturing off (a desk with no way out to the web).
FACTCHECK_CAPTURES = env_bool("FACTCHECK_CAPTURES", True)
FACTCHECK_CAPTURE_MAX_AGE_DAYS = env_float("FACTCHECK_CAPTURE_MAX_AGE_DAYS", 30)
FACTCHECK_CAPTURE_MAX_BYTES = env_int("FACTCHECK_CAPTURE_MAX_BYTES", 20 * 1024 * 1024)
FACTCHECK_CAPTURE_TIMEOUT = env_float("FACTCHECK_CAPTURE_TIMEOUT", 20.0)
FACTCHECK_CAPTURE_DEADLINE = env_float("FACTCHECK_CAPTURE_DEADLINE", 60.0)
# A network error, a timeout or a 5xx/429 answer is tried again, ATTEMPTS times in all,
# RETRY_SECONDS later, then twice as long each time (at most an hour).
FACTCHECK_CAPTURE_ATTEMPTS = env_int("FACTCHECK_CAPTURE_ATTEMPTS", 4)
FACTCHECK_CAPTURE_RETRY_SECONDS = env_float("FACTCHECK_CAPTURE_RETRY_SECONDS", 30.0)
# Off by default: after a capture, also ask the Wayback Machine's Save Page Now for a
# public copy (the page's URL is appended to WAYBACK_URL).
FACTCHECK_CAPTURE_WAYBACK = env_bool("FACTCHECK_CAPTURE_WAYBACK", False)
FACTCHECK_CAPTURE_WAYBACK_URL = os.environ.get(
    "FACTCHECK_CAPTURE_WAYBACK_URL", "https://web.archive.org/save/"
)
FACTCHECK_CAPTURE_WAYBACK_DEADLINE = env_float(
    "FACTCHECK_CAPTURE_WAYBACK_DEADLINE", 60.0
)
# Off by default: fetching internal addresses from a server is an SSRF hole. Tests that
# serve pages from 127.0.0.1 turn it on.
FACTCHECK_ALLOW_PRIVATE_URLS = env_bool("FACTCHECK_ALLOW_PRIVATE_URLS", False)
FACTCHECK_USER_AGENT = os.environ.get(
    "FACTCHECK_USER_AGENT", "factcheck-toolkit/0.1 (+link check)"
)
# Outgoing webhooks (docs/WEBHOOKS.md): a delivery not answered 2xx is tried again
# after BASE_DELAY seconds, then twice as long each time, MAX_ATTEMPTS times in
# all, then marked failed. Each POST waits TIMEOUT seconds per step and DEADLINE
# in all; the receiver's answer is read up to 64 KB.
FACTCHECK_WEBHOOK_MAX_ATTEMPTS = env_int("FACTCHECK_WEBHOOK_MAX_ATTEMPTS", 8)
FACTCHECK_WEBHOOK_BASE_DELAY = env_float("FACTCHECK_WEBHOOK_BASE_DELAY", 30.0)
FACTCHECK_WEBHOOK_TIMEOUT = env_float("FACTCHECK_WEBHOOK_TIMEOUT", 10.0)
FACTCHECK_WEBHOOK_DEADLINE = env_float("FACTCHECK_WEBHOOK_DEADLINE", 15.0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A request for a host the site does not serve is the client's mistake: one line
    # in the log, not a traceback.
    "filters": {"no_traceback": {"()": "factcheck.logfilters.WithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.security.DisallowedHost": {"filters": ["no_traceback"]},
        "django.db.backends": {"level": "WARNING"},
        # django-axes logs every successful login and reset at INFO.
        "axes": {"level": "WARNING"},
    },
}

VAR_DIR.mkdir(parents=True, exist_ok=True)
if CELERY_BROKER_URL.startswith("filesystem://"):
    for _folder in ("queue", "processed", "control"):
        (CELERY_BROKER_FOLDER / _folder).mkdir(parents=True, exist_ok=True)

# --- E-mail (notifications are sent after commit by a Celery task) ---------------
# The console backend prints mails to the worker's log; set EMAIL_BACKEND to
# django.core.mail.backends.smtp.EmailBackend and the EMAIL_* values for real mail.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "factcheck@localhost")
# The site's public address (scheme, host, port and any path prefix): the base of
# every link a published report freezes (its canonical URL, ClaimReview and W3C ids,
# report_url in CSV/JSON) and of the links in e-mails, where no request is at hand.
# Unset without DEBUG, publishing is refused with a message naming this setting
# (docs/PUBLISHING.md); `python3 dev.py run ADDRESS` sets it from the address it serves.
FACTCHECK_SITE_URL = (
    os.environ.get("FACTCHECK_SITE_URL", "http://127.0.0.1:8000" if DEBUG else "")
    .strip()
    .rstrip("/")
)
# Notifications by e-mail at all (in-app notifications are always on).
FACTCHECK_EMAIL_NOTIFICATIONS = env_bool("FACTCHECK_EMAIL_NOTIFICATIONS", True)

# --- Published reports (reports app) ------------------------------------------------
# Who publishes: the organisation named as ClaimReview author and on every report.
FACTCHECK_ORGANISATION_NAME = (
    os.environ.get("FACTCHECK_ORGANISATION_NAME") or "Fact-check desk"
)
FACTCHECK_ORGANISATION_URL = os.environ.get("FACTCHECK_ORGANISATION_URL") or (
    FACTCHECK_SITE_URL + "/" if FACTCHECK_SITE_URL else ""
)
FACTCHECK_ORGANISATION_LOGO = os.environ.get("FACTCHECK_ORGANISATION_LOGO", "")
# Name the editors who approved and published in public reports (some desks do not).
FACTCHECK_CREDIT_STAFF = env_bool("FACTCHECK_CREDIT_STAFF", True)
# The methodology every report shows (plain text; blank lines separate paragraphs).
FACTCHECK_METHODOLOGY = os.environ.get("FACTCHECK_METHODOLOGY") or (
    "Every claim in this report was split from the article as published, checked by "
    "at least one reviewer against the sources cited beside it, and approved by an "
    "editor who did not rate it. Verdicts use a five-step scale from True to False, "
    "plus Misleading and Unverifiable. Each source is quoted where it matters; "
    "archived copies are linked where they exist.\n\n"
    "Corrections are published as new revisions of the report and listed at its end."
)
# Reports of more claims than this render their PDF in the background, with progress.
# Typst sets 500 claims in about a second of CPU (docs/PERFORMANCE.md), so nearly
# every report prints while the reader waits.
FACTCHECK_PDF_INLINE_MAX_CLAIMS = env_int("FACTCHECK_PDF_INLINE_MAX_CLAIMS", 500)
# Font folders the PDF searches besides the system's own (colon-separated paths; the
# Noto fonts of every script the desk writes in, say, where they are not installed
# system-wide). docs/REPORT_FORMATS.md, "Fonts".
FACTCHECK_PDF_FONT_PATHS = [
    path for path in os.environ.get("FACTCHECK_PDF_FONT_PATHS", "").split(":") if path
]
# Rendered exports are cached by the revision's sha256 (they never change), and the
# API's request limits and the workers' heartbeats are counted in the cache. A file
# cache is shared by the web server and the workers on one machine; use a shared
# cache such as Redis (CACHE_BACKEND=django.core.cache.backends.redis.RedisCache,
# CACHE_LOCATION=redis://…) when they run on several. Whichever it is, it is wrapped
# so that a cache that does not answer degrades to a memory cache per process
# instead of failing requests (factcheck/cache.py, docs/OPERATIONS.md).
CACHE_BACKEND = os.environ.get(
    "CACHE_BACKEND", "django.core.cache.backends.filebased.FileBasedCache"
)
# Seconds to wait on the cache server before taking it for down, and how long to
# use the fallback before trying it again.
FACTCHECK_CACHE_TIMEOUT_SECONDS = env_float("FACTCHECK_CACHE_TIMEOUT_SECONDS", 1.0)
FACTCHECK_CACHE_RETRY_SECONDS = env_float("FACTCHECK_CACHE_RETRY_SECONDS", 5.0)
CACHES = {
    "default": {
        "BACKEND": "factcheck.cache.FailSafeCache",
        "LOCATION": os.environ.get("CACHE_LOCATION") or str(VAR_DIR / "cache"),
        "TIMEOUT": env_int("CACHE_TIMEOUT", 30 * 24 * 3600),
        "OPTIONS": {
            "BACKEND": CACHE_BACKEND,
            "RETRY_SECONDS": FACTCHECK_CACHE_RETRY_SECONDS,
            "OPTIONS": (
                {
                    "socket_connect_timeout": FACTCHECK_CACHE_TIMEOUT_SECONDS,
                    "socket_timeout": FACTCHECK_CACHE_TIMEOUT_SECONDS,
                }
                if CACHE_BACKEND.endswith(".RedisCache")
                else {}
            ),
        },
    }
}

# --- Sourcing gaps ----------------------------------------------------------------
# Rules (annotations.sourcing.gaps): a claim needs this many independent sources;
# no_source applies to claims at least this check-worthy.
FACTCHECK_GAP_MIN_SOURCES = env_int("FACTCHECK_GAP_MIN_SOURCES", 2)
FACTCHECK_GAP_CHECKWORTHY = env_float("FACTCHECK_GAP_CHECKWORTHY", 0.5)
FACTCHECK_GAP_SEVERITIES = {
    kind: os.environ.get(f"FACTCHECK_GAP_SEVERITY_{kind.upper()}", default)
    for kind, default in gaps.DEFAULT_SEVERITIES.items()
}
# Open gaps of these kinds stop an editor approving a verdict (default: the kinds
# marked blocking in annotations.sourcing.gaps.KINDS). Read only through
# annotations.policies.approval_policy().
FACTCHECK_GAP_BLOCKING = env_list(
    "FACTCHECK_GAP_BLOCKING", ",".join(sorted(gaps.DEFAULT_BLOCKING))
)
# Editorial workflow (annotations.policies): nobody approves a claim they rated or
# submitted themselves (an admin may override it with a written reason).
FACTCHECK_TWO_PERSON_RULE = env_bool("FACTCHECK_TWO_PERSON_RULE", True)
# Ratings required per claim: a claim goes to the editors once this many reviewers
# submitted their rating (and every assignee did). 2 is double review. Read through
# services.workflow.ratings_required(claim), the one place a per-workspace setting
# would answer instead.
FACTCHECK_RATINGS_REQUIRED = env_int("FACTCHECK_RATINGS_REQUIRED", 1)
# Source kinds that satisfy no_primary.
FACTCHECK_GAP_PRIMARY_KINDS = env_list(
    "FACTCHECK_GAP_PRIMARY_KINDS", "primary,official"
)
# Scanner: claims per batch (one transaction, a fixed number of queries each), an
# optional pause between batches to spare a busy database, how often a running scan
# writes its heartbeat and how late a heartbeat may be before the scan counts as
# abandoned (its worker died) so the next scan takes it over, and how long a burst of
# edits is collected before its rescan runs.
FACTCHECK_GAP_SCAN_BATCH_SIZE = env_int("FACTCHECK_GAP_SCAN_BATCH_SIZE", 2000)
FACTCHECK_GAP_SCAN_BATCH_PAUSE = env_float("FACTCHECK_GAP_SCAN_BATCH_PAUSE", 0.0)
FACTCHECK_GAP_SCAN_HEARTBEAT_SECONDS = env_float(
    "FACTCHECK_GAP_SCAN_HEARTBEAT_SECONDS", 5.0
)
FACTCHECK_GAP_SCAN_HEARTBEAT_GRACE = env_float(
    "FACTCHECK_GAP_SCAN_HEARTBEAT_GRACE", 10.0
)
FACTCHECK_GAP_RESCAN_DELAY = env_float("FACTCHECK_GAP_RESCAN_DELAY", 0.5)
# Default schedules (crontab "minute hour day-of-month month day-of-week") of the
# periodic tasks; the migration creates them once, then the admin edits them.
FACTCHECK_GAP_FULL_SCAN_CRONTAB = os.environ.get(
    "FACTCHECK_GAP_FULL_SCAN_CRONTAB", "15 3 * * *"
)
FACTCHECK_LINK_CHECK_CRONTAB = os.environ.get(
    "FACTCHECK_LINK_CHECK_CRONTAB", "45 */6 * * *"
)
# Link checker: sources checked per run, re-check interval, parallel requests, pause
# between two requests to one domain, failures in a row before a link is dead, and the
# most of a body read on the GET fallback.
FACTCHECK_LINK_CHECK_BATCH = env_int("FACTCHECK_LINK_CHECK_BATCH", 500)
FACTCHECK_LINK_CHECK_INTERVAL_HOURS = env_float(
    "FACTCHECK_LINK_CHECK_INTERVAL_HOURS", 24.0
)
FACTCHECK_LINK_CHECK_CONCURRENCY = env_int("FACTCHECK_LINK_CHECK_CONCURRENCY", 4)
FACTCHECK_LINK_CHECK_DOMAIN_DELAY = env_float("FACTCHECK_LINK_CHECK_DOMAIN_DELAY", 1.0)
FACTCHECK_LINK_CHECK_FAILURES = env_int("FACTCHECK_LINK_CHECK_FAILURES", 2)
FACTCHECK_LINK_CHECK_TIMEOUT = env_float("FACTCHECK_LINK_CHECK_TIMEOUT", 10.0)
FACTCHECK_LINK_CHECK_DEADLINE = env_float("FACTCHECK_LINK_CHECK_DEADLINE", 15.0)
FACTCHECK_LINK_CHECK_MAX_BYTES = env_int("FACTCHECK_LINK_CHECK_MAX_BYTES", 256 * 1024)
