"""Payung settings: one module, driven by environment variables (see docs/deployment.md).

``PAYUNG_ENV`` is ``development`` (default: embedded SQLite, generated demo keys under var/),
``test`` or ``production`` (every secret required, secure cookies, HSTS, 2FA enforced).
What production turns on is written here, next to what development does instead.
"""

from __future__ import annotations

import base64
import json
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from payung.env import ConfigError, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PAYUNG_VAR_DIR", str(BASE_DIR / "var")))

PAYUNG_ENV = env_str("PAYUNG_ENV", "development")
if PAYUNG_ENV not in {"development", "test", "production"}:
    raise ConfigError(f"PAYUNG_ENV={PAYUNG_ENV!r} must be development, test or production")
PRODUCTION = PAYUNG_ENV == "production"

DEBUG = env_bool("DEBUG", default=PAYUNG_ENV == "development")
if PRODUCTION and DEBUG:
    raise ConfigError("DEBUG must be off when PAYUNG_ENV=production")


def _local_secrets() -> dict[str, str]:
    """Keys for development and tests, generated once into var/ and reused.

    Production never reaches this: there every key must come from the environment.
    """
    path = VAR_DIR / "dev-secrets.json"
    values: dict[str, str] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def key32() -> str:
        return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()

    makers = {
        "SECRET_KEY": lambda: secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEY": key32,
        "BLIND_INDEX_KEY": key32,
        "REPORT_PIN_KEY": key32,
        # The demo accounts' password: per checkout, printed by `make run`.
        "DEMO_PASSWORD": lambda: "demo-" + secrets.token_urlsafe(9),
    }
    # A file written before a key existed gets the new key added; existing keys stay.
    missing = {name: make() for name, make in makers.items() if name not in values}
    if missing:
        values.update(missing)
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values, indent=2), encoding="utf-8")
        path.chmod(0o600)
    return values


def _secret(name: str) -> str:
    if PRODUCTION:
        return env_str(name, required=True)
    try:
        return env_str(name, required=True)
    except ConfigError:
        return _local_secrets()[name]


SECRET_KEY = _secret("SECRET_KEY")
# Field encryption (AES-256-GCM). The first key encrypts; every key listed decrypts, so a
# rotation adds a new key in front, runs `manage.py rotate_keys`, then drops the old one.
FIELD_ENCRYPTION_KEYS = [k for k in _secret("FIELD_ENCRYPTION_KEY").split(",") if k]
# HMAC key for blind indexes (exact lookup of an encrypted NIK or phone number).
BLIND_INDEX_KEY = _secret("BLIND_INDEX_KEY")
# HMAC key ("pepper") for reporters' PINs: the database holds HMAC(key, salt, PIN) only, so a
# copy of the database alone cannot test PINs offline. First key hashes, every key verifies.
REPORT_PIN_KEYS = [k for k in _secret("REPORT_PIN_KEY").split(",") if k]
# Password of the demo accounts (`manage.py load_demo`, never in production): generated once per
# checkout into var/dev-secrets.json, or DEMO_PASSWORD from the environment.
DEMO_PASSWORD = "" if PRODUCTION else _secret("DEMO_PASSWORD")

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ConfigError("ALLOWED_HOSTS is required when PAYUNG_ENV=production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    # django-ninja: its templates and static files serve the API docs locally (no CDN).
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "payung.core",
    "payung.identity",
    "payung.regions",
    "payung.partners",
    "payung.accounts",
    "payung.audit",
    "payung.calendar",
    "payung.jobs",
    "payung.cases",
    "payung.care",
    "payung.outreach",
    "payung.insights",
    "payung.perkasa",
    "payung.notifications",
    "payung.privacy",
    "payung.public",
    "payung.api",
    "payung.demo",
    "payung.synthetic",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files keep their long cache), before everything else so even a
    # response made by another middleware to a signed-in person is not stored.
    "payung.core.middleware.PrivateNoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "payung.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "payung.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "payung.core.middleware.RequestContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "payung.urls"
WSGI_APPLICATION = "payung.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "payung" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "payung.core.context_processors.payung",
                "payung.accounts.navigation.nav_items",
                "payung.accounts.context_processors.session_clock",
            ],
        },
    },
]

# Every form's fields come through core.forms.PreservingBoundField, which refills a form the
# user sent after their session ended (payung/accounts/preserved.py).
FORM_RENDERER = "payung.core.forms.FormRenderer"

# --- Database ---------------------------------------------------------------------------
# SQLite is the embedded default so a fresh checkout runs; DATABASE_URL selects PostgreSQL.
_default_db = f"sqlite:///{VAR_DIR / 'payung.sqlite3'}"
DATABASE_URL = env_str("DATABASE_URL", "" if PRODUCTION else _default_db)
if not DATABASE_URL:
    raise ConfigError("DATABASE_URL is required when PAYUNG_ENV=production")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    if not PRODUCTION:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env_bool(
        "DB_JIT", False
    ):
        # JIT compiles a plan's expressions when its estimated cost is high: on the deep case
        # list page it spent 53-67 ms compiling for a query that then ran in 15 ms. Every query
        # of this application is short (OLTP), so JIT only costs (docs/deployment.md);
        # DB_JIT=1 leaves the server's setting as it is.
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME", "") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rate limits (payung.cases.throttle) count with the cache's atomic add + incr. The
# local-memory cache counts per process; with several gunicorn workers only a shared Redis
# makes a limit hold across them. (Django's database cache would be shared but its incr is a
# read then a write, so parallel requests would lose counts: not offered.)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env_str("REDIS_URL", ""):
    try:
        import redis  # noqa: F401 - Django's RedisCache needs it
    except ImportError as exc:
        raise ConfigError("REDIS_URL is set but the redis package is not installed") from exc
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("REDIS_URL"),
        }
    }

# --- Background work (docs/architecture.md "Background jobs") --------------------------------
# Django's tasks API through the django-tasks backport; its database backend keeps the queue
# in the same database (SQLite or PostgreSQL), so no broker is needed. `manage.py db_worker`
# runs the queue (`make run` starts one beside the server). Django 6's built-in tasks take
# over later with the same calls.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Finished jobs and their sealed result files are deleted after this many hours
# (`manage.py purge_jobs`, run hourly by the scheduler — docs/deployment.md).
JOBS_KEEP_HOURS = env_int("JOBS_KEEP_HOURS", 24)

# --- Accounts and authentication --------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "payung.accounts.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "public:home"
# The one-time link with which a user sets their own password (a new account, a reset):
# the system admin never chooses one (payung/accounts/setup_links.py).
ACCOUNT_SETUP_LINK_HOURS = env_int("ACCOUNT_SETUP_LINK_HOURS", 72, minimum=1)
PASSWORD_RESET_TIMEOUT = ACCOUNT_SETUP_LINK_HOURS * 60 * 60

# Login throttling (payung/accounts/lockout.py): an account is locked *from one address*
# after AXES_FAILURE_LIMIT failures, and an address is blocked after
# AXES_ADDRESS_FAILURE_LIMIT failures across any usernames (password spraying), each for
# AXES_COOLOFF_MINUTES. The client address is client_ip() (TRUSTED_PROXY_COUNT below), as in
# the audit trail. The admin can unlock an account earlier (`manage.py axes_reset_username`,
# or the button on the user page) and an address with `manage.py axes_reset_ip`.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_ADDRESS_FAILURE_LIMIT = env_int(
    "AXES_ADDRESS_FAILURE_LIMIT", max(20, AXES_FAILURE_LIMIT), minimum=AXES_FAILURE_LIMIT
)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["ip_address"]]
AXES_HANDLER = "payung.accounts.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "payung.core.request_context.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_VERBOSE = False

# Two-factor authentication (TOTP). Which roles must use it; in production every role that
# can read case content. The demo leaves it off unless PAYUNG_REQUIRE_2FA=1.
REQUIRE_2FA = env_bool("PAYUNG_REQUIRE_2FA", PRODUCTION)
OTP_TOTP_ISSUER = "Payung"

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60, minimum=60)
# A closed case leaves the everyday case lists this many days after closing (still found by
# number, name or the status filter "ditutup").
CASE_CLOSED_LIST_DAYS = env_int("CASE_CLOSED_LIST_DAYS", 90, minimum=0)
# When on, the admin's reset of *any* account's second factor waits for the head of the
# UPTD PPA or the DPO to approve it (accounts whose role reads victims' data always do).
OTP_RESET_NEEDS_APPROVAL = env_bool("OTP_RESET_NEEDS_APPROVAL", False)
# However active the user is, a session ends this long after signing in
# (accounts.middleware; SESSION_COOKIE_AGE alone moves forward on every save).
SESSION_ABSOLUTE_LIMIT = env_int("SESSION_ABSOLUTE_LIMIT", SESSION_COOKIE_AGE, minimum=300)

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGE_COOKIE_NAME = "payung_language"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "payung" / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [
    BASE_DIR / "payung" / "static",
    # Front-end packages installed from the npm registry by `make` (package-lock.json pins
    # them with integrity hashes); only their dist folders are served.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploads are stored encrypted and served only through authorised views; there is no
# public MEDIA_URL on purpose.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- E-mail -----------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "payung@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security headers -------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "payung.core.views.csrf_failure"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
# The proxy strips X-Forwarded-For from clients; only then is it trusted for the client IP
# used by throttling and the audit trail.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if PRODUCTION else 0, minimum=0)

# Content Security Policy: everything from our own origin; no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- API --------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50
API_TOKEN_DEFAULT_DAYS = env_int("API_TOKEN_DEFAULT_DAYS", 90, minimum=1)
# Requests per signed-in caller (user or token) before 429; "N/s", "N/m", "N/h" or "N/d".
API_THROTTLE_RATE = env_str("API_THROTTLE_RATE", "600/m")

# --- Logging: no personal data in logs; requests are logged by the proxy ---------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

SILENCED_SYSTEM_CHECKS: list[str] = [
    # "SQLite does not support indexes with non-key columns": the INCLUDE columns of
    # covering indexes for PostgreSQL (cases.Case case_owner_created_idx); on the embedded
    # database the index simply has no extra columns.
    "models.W040",
]

# --- Audit trail -----------------------------------------------------------------------
# The last verified head of each audit chain, written by `manage.py verify_audit` after each
# successful check and compared with by the next one (and by the DPO's screen), so rows
# removed from the end or a table emptied are detected. Keep it where the web process can read
# but not write it (docs/deployment.md).
AUDIT_ANCHOR_FILE = Path(env_str("AUDIT_ANCHOR_FILE", str(VAR_DIR / "audit-anchor.json")))
# The access log is one hash chain per shard, each with its own lock (payung/audit/models.py):
# reads of different records do not queue on one lock. Changing the number is safe at any
# time (rows already written stay in their shard; verify_audit walks every shard it finds).
AUDIT_ACCESS_SHARDS = env_int("AUDIT_ACCESS_SHARDS", 64)
# The audit events likewise (every change writes one): changes to different objects — two
# residents' reports, two officers' cases — do not queue on one lock (migration audit 0005).
AUDIT_EVENT_SHARDS = env_int("AUDIT_EVENT_SHARDS", 64)

# --- Public site ------------------------------------------------------------------------
# The quick-exit button replaces the page with this neutral site (and removes it from the
# back history where JavaScript runs).
QUICK_EXIT_URL = env_str("QUICK_EXIT_URL", "https://www.google.com/search?q=cuaca+hari+ini")
EMERGENCY_NUMBERS: list[dict[str, Any]] = [
    {"label": _("Polisi"), "number": "110", "tel": "110"},
    {"label": "SAPA 129 (KemenPPPA)", "number": "129 / WA 0811-1129-129", "tel": "129"},
]

# --- Intake: reports, triage, notifications (payung.cases, payung.notifications) --------
# The city whose reports these are: reports from outside it, or without a kelurahan, are
# scoped to this code (the centre sees them, a kelurahan's PPT does not).
PAYUNG_CITY_CODE = env_str("PAYUNG_CITY_CODE", "35.75")
# Absolute links in e-mails and other outbox messages.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
REPORT_UPLOAD_MAX_BYTES = env_int("REPORT_UPLOAD_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
# Public form: reports accepted per client IP per window.
REPORT_RATE_LIMIT = env_int("REPORT_RATE_LIMIT", 5, minimum=1)
REPORT_RATE_WINDOW_SECONDS = env_int("REPORT_RATE_WINDOW_SECONDS", 600, minimum=1)
# Status check: a code locks after this many wrong PINs (staff unlock it); an IP is refused
# for the window after this many failed checks of any code.
REPORT_PIN_MAX_FAILURES = env_int("REPORT_PIN_MAX_FAILURES", 10, minimum=1)
STATUS_CHECK_IP_MAX_FAILURES = env_int("STATUS_CHECK_IP_MAX_FAILURES", 20, minimum=1)
STATUS_CHECK_IP_WINDOW_SECONDS = env_int("STATUS_CHECK_IP_WINDOW_SECONDS", 3600, minimum=1)
# A repeated submission of the same form within this time shows the PIN again.
REPORT_REPLAY_PIN_SECONDS = env_int("REPORT_REPLAY_PIN_SECONDS", 600, minimum=0)
CASE_NUMBER_PATTERN = env_str("CASE_NUMBER_PATTERN", "PPA/{year}/{seq:04d}")
# --- Care: referrals, the visum letter, tasks (payung.care) ------------------------------
# How soon a provider is expected to answer a referral, by urgency; later it is flagged.
REFERRAL_RESPONSE_HOURS_URGENT = env_int("REFERRAL_RESPONSE_HOURS_URGENT", 24, minimum=1)
REFERRAL_RESPONSE_HOURS_NORMAL = env_int("REFERRAL_RESPONSE_HOURS_NORMAL", 72, minimum=1)
# Numbers of the free-visum request letters, from a per-year counter like case numbers.
VISUM_NUMBER_PATTERN = env_str("VISUM_NUMBER_PATTERN", "VER/{year}/{seq:04d}")
# Tasks made from a plan item without a target date are due this many days after agreement;
# the reminder command warns the assignee this many hours before a task is due.
TASK_DEFAULT_DAYS = env_int("TASK_DEFAULT_DAYS", 7, minimum=1)
TASK_REMINDER_HOURS = env_int("TASK_REMINDER_HOURS", 24, minimum=1)
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 6, minimum=1)
OUTBOX_BACKOFF_SECONDS = env_int("OUTBOX_BACKOFF_SECONDS", 60, minimum=1)
# Channel → dotted path of a sender callable, for a WhatsApp or SMS gateway.
NOTIFICATION_SENDERS: dict[str, str] = {}

# --- privacy (UU 27/2022 PDP; payung/privacy) ------------------------------------------------
# Who a data subject or the authority contacts: printed on breach notices, the access export
# and the public privacy notice.
PRIVACY_DPO_CONTACT = env_str(
    "PRIVACY_DPO_CONTACT",
    "Pejabat Pelindungan Data Pribadi, DP3AKB Kota Pasuruan, "
    "Jl. Contoh Balai Kota No. 1, Pasuruan; surel: dpo@dp3akb.pasuruankota.invalid",
)
# Where servers, backups and mail live (PP 71/2019: public-sector systems in Indonesia),
# shown in the record of processing activities.
PRIVACY_HOSTING_LOCATION = env_str(
    "PRIVACY_HOSTING_LOCATION", "Pusat data Pemerintah Kota Pasuruan, Indonesia"
)
