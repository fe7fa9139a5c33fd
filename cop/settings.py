"""Settings for the MENA community-of-practice platform.

Everything comes from environment variables (documented in `.env.example`).
With none set, the platform runs on an embedded default that needs no server:
SQLite, a Celery broker kept in files under `var/`, email on the console.
With `DATABASE_URL` (PostgreSQL) and `REDIS_URL` it runs as in production.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("COP_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
# Production mode: secure cookies, HSTS, HTTPS redirect, hashed static files.
PRODUCTION = env_bool("DJANGO_PRODUCTION", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
    SECRET_KEY = "insecure-development-key-only-for-the-embedded-default"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# The one address of the site: every absolute link (emails, feeds) is built on it (cop.sites).
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "csp",
    "cop",
    "cop.search",
    "members",
    "discussions",
    "events",
    "surveys",
    "library",
    "conversations",
    "digests",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "cop.middleware.RememberLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF's check, which reads the body: an oversized one is refused unread.
    "cop.middleware.RequestBodyLimitMiddleware",
    "cop.middleware.RejectNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "members.middleware.TimeZoneMiddleware",
    "members.middleware.LastActiveMiddleware",
    # Members-only content: sign-in for visitors, "once approved" for applicants.
    "members.middleware.MembersOnlyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages: the line saying why a page sent a visitor to sign in.
    "members.middleware.SignInReasonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "cop.urls"
# Every form of the site with the same field layout (partials/_field.html).
FORM_RENDERER = "cop.forms.FormRenderer"
WSGI_APPLICATION = "cop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "cop.context_processors.site",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'cop.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default keeps its database, broker folder and mail under var/.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
    # No JIT compilation: the site's queries take milliseconds, and compiling one costs
    # 10-20 ms. PostgreSQL compiles whenever a plan's estimated cost passes
    # jit_above_cost, which happens to short queries on tables autovacuum never
    # analyses (fewer than 50 rows, such as auth_group): the approved members per
    # country behind the survey response rates took 35 ms instead of 3 that way.
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and broker -------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Degrades to a cache miss while Redis is away: sign-in never fails for it.
            "BACKEND": "cop.cache.OutageTolerantRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Auth and accounts (django-allauth) ------------------------------------
AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "members.forms.SignupProfileForm"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Links in allauth's emails use the scheme of SITE_URL.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = urlsplit(SITE_URL).scheme or "https"
# allauth limits sign-in, signup and password resets per client address. Behind a
# reverse proxy every request comes from the proxy: name how many proxies you run
# (each appends to X-Forwarded-For) or the header your proxy sets to the client's
# address. Left unset, those headers are ignored, since anyone can send them.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("COP_TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("COP_CLIENT_IP_HEADER") or None
# The contact form (members:contact): per client address, and per sender address ("key").
COP_CONTACT_RATE_LIMITS = os.environ.get("COP_CONTACT_RATE_LIMITS", "5/h/ip,20/d/ip,3/h/key")
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our date formats per language (Arabic comma between date and time...): cop/formats/.
FORMAT_MODULE_PATH = ["cop.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_COOKIE_NAME = "cop_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
MODELTRANSLATION_DEFAULT_LANGUAGE = "ar"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("ar", "en"), "ar": ("en",), "en": ("ar",)}

# --- Static and media -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("DJANGO_HASHED_STATIC", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 365 * 24 * 3600 if not DEBUG else 0

# --- Email ------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
# Members' emails go out from this address under the site's name in the reader's language
# (cop.services.email.sender); the name given here is used by Django's own mail (admins).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "MENA CoP <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The email pipeline (cop.mail, cop.services.email): every email is a row with
# a state; workers send them in batches over one SMTP connection.
# Emails per task, sent over one SMTP connection.
COP_EMAIL_BATCH_SIZE = int(os.environ.get("COP_EMAIL_BATCH_SIZE", "100"))
# Attempts before a temporary failure (4xx, disconnect, timeout) becomes final.
COP_EMAIL_MAX_ATTEMPTS = int(os.environ.get("COP_EMAIL_MAX_ATTEMPTS", "8"))
# First retry after about this long, doubling each time (with jitter), at most the cap.
COP_EMAIL_RETRY_BASE_SECONDS = int(os.environ.get("COP_EMAIL_RETRY_BASE_SECONDS", "60"))
COP_EMAIL_RETRY_MAX_SECONDS = int(os.environ.get("COP_EMAIL_RETRY_MAX_SECONDS", "3600"))
# A row left "being sent" this long (its worker died) goes back to the queue.
# Keep it above the send task's hard time limit (300 s).
COP_EMAIL_LEASE_SECONDS = int(os.environ.get("COP_EMAIL_LEASE_SECONDS", "600"))
# A row still queued after this long lost its task (broker restarted, process
# died between commit and publish): the re-driver publishes it again.
COP_EMAIL_REQUEUE_AFTER_SECONDS = int(os.environ.get("COP_EMAIL_REQUEUE_AFTER_SECONDS", "300"))
# Sent and failed rows are deleted after this many days.
COP_EMAIL_RETENTION_DAYS = int(os.environ.get("COP_EMAIL_RETENTION_DAYS", "30"))
# Outcomes ("sent", "failed"...) are committed without waiting for the disk
# (PostgreSQL asynchronous commit): only a crash of the database server itself
# may then forget its last fraction of a second, whose emails go out again.
COP_EMAIL_ASYNC_COMMIT = env_bool("COP_EMAIL_ASYNC_COMMIT", True)

# --- Celery -----------------------------------------------------------------
# Without REDIS_URL the broker is a folder on disk: a real worker and beat run
# without any server, which is what the newcomer's first run uses.
if REDIS_URL:
    CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
else:
    CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Redis: fail fast rather than hang a web request when the broker is away
    # (publishing never retries; `cop.queue` keeps the task in the database).
    # The worker's own reconnection uses broker_connection_max_retries instead.
    # Always present, whatever the configured broker: the app can be pointed at
    # Redis at run time (tests do) and must never wait forever on a socket.
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
    "max_retries": 0,
    "visibility_timeout": 3600,
}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS |= {
        "data_folder_in": str(_queue_dir / "queue"),
        "data_folder_out": str(_queue_dir / "queue"),
        "control_folder": str(_queue_dir / "control"),
        "processed_folder": str(_queue_dir / "processed"),
        "store_processed": False,
    }
    for _folder in ("queue", "control", "processed"):
        (_queue_dir / _folder).mkdir(parents=True, exist_ok=True)
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "republish-deferred-tasks": {
        "task": "cop.republish_deferred_tasks",
        "schedule": 60.0,
    },
    # Emails whose task was lost, whose worker died, or whose retry is due.
    "redrive-emails": {
        "task": "cop.redrive_emails",
        "schedule": 60.0,
    },
    # Sent and failed emails older than COP_EMAIL_RETENTION_DAYS.
    "prune-emails": {
        "task": "cop.prune_emails",
        "schedule": 3600.0,
    },
    "redrive-discussion-notifications": {
        "task": "discussions.redrive_notifications",
        "schedule": 300.0,
    },
}

# --- Security ---------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# --- Logging ----------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Platform ---------------------------------------------------------------
COP_UPLOAD_MAX_BYTES = int(os.environ.get("COP_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
COP_UPLOAD_MAX_FILES = 5  # attachments per post
# The largest request body accepted: a post with every attachment at the limit, and
# its text. A larger declared body is answered 413 before it is read.
COP_REQUEST_MAX_BYTES = int(
    os.environ.get(
        "COP_REQUEST_MAX_BYTES", str(COP_UPLOAD_MAX_FILES * COP_UPLOAD_MAX_BYTES + 1024 * 1024)
    )
)
# The limit handler comes first: past the limits it stops passing data on to be stored.
FILE_UPLOAD_HANDLERS = [
    "cop.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# How long a focal point's invitation link stays valid.
COP_INVITATION_DAYS = int(os.environ.get("COP_INVITATION_DAYS", "14"))
# Where visitors' times are shown when neither their country nor their browser says.
COP_DEFAULT_TIME_ZONE = os.environ.get("COP_DEFAULT_TIME_ZONE", "Asia/Amman")
# A header set by the reverse proxy with the visitor's country (ISO code, e.g. "CF-IPCountry"
# behind Cloudflare); empty: not used. Only the proxy may set it: it must strip it from requests.
COP_COUNTRY_HEADER = os.environ.get("COP_COUNTRY_HEADER", "")

# --- Events -------------------------------------------------------------------
# Reminders before each event: kind=hours before the start (kinds: week, day, hour).
EVENT_REMINDERS = {
    kind.strip(): float(hours)
    for kind, _sep, hours in (
        item.partition("=") for item in env_list("EVENT_REMINDERS", "week=168,day=24,hour=1")
    )
}
# These reminders reach members between these local hours (start, end), never at night.
EVENT_REMINDERS_WORKING_HOURS_KINDS = tuple(env_list("EVENT_WORKING_HOURS_KINDS", "week,day"))
EVENT_WORKING_HOURS = tuple(int(h) for h in env_list("EVENT_WORKING_HOURS", "8,18"))
# How often beat looks for due reminders (seconds), and how many go in one batch.
EVENT_REMINDER_SCAN_SECONDS = int(os.environ.get("EVENT_REMINDER_SCAN_SECONDS", "300"))
EVENT_REMINDER_BATCH = int(os.environ.get("EVENT_REMINDER_BATCH", "500"))
# A series rule that would create more sessions a year than this is refused.
EVENT_SERIES_MAX_SESSIONS_PER_YEAR = int(os.environ.get("EVENT_SERIES_MAX_SESSIONS_PER_YEAR", "26"))
# How many upcoming sessions "generate next sessions" creates at most.
EVENT_SERIES_GENERATE = int(os.environ.get("EVENT_SERIES_GENERATE", "3"))
CELERY_BEAT_SCHEDULE["send-event-reminders"] = {
    "task": "events.send_reminders",
    "schedule": float(EVENT_REMINDER_SCAN_SECONDS),
}

# --- Surveys: the reminder before a survey closes -----------------------------------
# Members who have not answered get one reminder this many days before the close date.
SURVEY_REMINDER_DAYS = float(os.environ.get("SURVEY_REMINDER_DAYS", "3"))
SURVEY_REMINDER_SCAN_SECONDS = int(os.environ.get("SURVEY_REMINDER_SCAN_SECONDS", "900"))
SURVEY_REMINDER_BATCH = int(os.environ.get("SURVEY_REMINDER_BATCH", "500"))
CELERY_BEAT_SCHEDULE["send-survey-reminders"] = {
    "task": "surveys.send_reminders",
    "schedule": float(SURVEY_REMINDER_SCAN_SECONDS),
}
# After signing up (and confirming their email), a new member is offered the intake survey.
ACCOUNT_SIGNUP_REDIRECT_URL = "surveys:intake"

# Library: milestone reminders go out this many days before the due date, after this local hour.
LIBRARY_REMINDER_DAYS = int(os.environ.get("LIBRARY_REMINDER_DAYS", "3"))
LIBRARY_REMINDER_HOUR = int(os.environ.get("LIBRARY_REMINDER_HOUR", "8"))
CELERY_BEAT_SCHEDULE["send-milestone-reminders"] = {
    "task": "library.send_milestone_reminders",
    "schedule": 900.0,
}

# Private messages whose email task was lost (conversations.services.notifications_redrive).
CELERY_BEAT_SCHEDULE["redrive-conversation-notifications"] = {
    "task": "conversations.redrive_notifications",
    "schedule": 300.0,
}

# --- Digests ----------------------------------------------------------------
# Digests go out from the first hour until before the second, in each member's own zone.
DIGEST_HOURS = tuple(int(h) for h in env_list("DIGEST_HOURS", "7,12"))
# The first day of the week for members without a country (0 Monday ... 6 Sunday).
DIGEST_DEFAULT_WEEK_START = int(os.environ.get("DIGEST_DEFAULT_WEEK_START", "6"))
# How often beat looks for due digests (seconds), and how many members one task builds for.
DIGEST_SCAN_SECONDS = int(os.environ.get("DIGEST_SCAN_SECONDS", "300"))
DIGEST_BATCH = int(os.environ.get("DIGEST_BATCH", "250"))
# Batches are handed out in this many lanes at once (about the number of worker processes).
DIGEST_LANES = int(os.environ.get("DIGEST_LANES", "2"))
CELERY_BEAT_SCHEDULE["send-digests"] = {
    "task": "digests.send_due",
    "schedule": float(DIGEST_SCAN_SECONDS),
}

# --- Survey results -------------------------------------------------------------
# Small-group protection: a breakdown with fewer respondents shows "too few answers to show".
SURVEY_RESULTS_MIN_GROUP = int(os.environ.get("SURVEY_RESULTS_MIN_GROUP", "5"))
# Per-question figures are kept this long for the same submitted responses (any new or
# changed response makes new ones at once); respondents and response rates are always live.
SURVEY_RESULTS_CACHE_SECONDS = int(os.environ.get("SURVEY_RESULTS_CACHE_SECONDS", "600"))
