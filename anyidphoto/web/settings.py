"""Settings of the studio's embedded default: SQLite, sealed local storage, a database task queue.

Everything secret or deployment-specific comes from the environment
(``ANYIDPHOTO_*``); :mod:`anyidphoto.web.settings_production` tightens the
rest for a public deployment. ``tools/run.sh`` (``make run``) creates the
local secrets on first use.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from . import profile


def env(name: str, default: str = "") -> str:
    return os.environ.get(f"ANYIDPHOTO_{name}", default)


def env_flag(name: str, default: bool) -> bool:
    value = env(name, "")
    return default if value == "" else value.lower() in {"1", "true", "yes", "on"}


BASE_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = Path(env("DATA_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env("SECRET_KEY", "insecure-local-only-key-set-ANYIDPHOTO_SECRET_KEY")
DEBUG = env_flag("DEBUG", False)
ALLOWED_HOSTS = [h for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
    "anyidphoto.web.vault",
    "anyidphoto.web.accounts",
    "anyidphoto.web.studio",
    "anyidphoto.web.orders",
    "anyidphoto.web.payments",
    "anyidphoto.web.api",
    "anyidphoto.web.privacy",
    "anyidphoto.web.staff",
    "anyidphoto.web.support",
    "anyidphoto.web.operations",
    "ninja",
]

MIDDLEWARE = [
    "anyidphoto.web.limits.RequestLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "anyidphoto.web.accounts.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "anyidphoto.web.staff.middleware.StaffTwoFactorMiddleware",
    "anyidphoto.web.accounts.middleware.PrivatePagesMiddleware",
]

ROOT_URLCONF = "anyidphoto.web.urls"
WSGI_APPLICATION = "anyidphoto.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "anyidphoto" / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "anyidphoto.web.privacy.context.retention",
            ],
        },
    },
    {
        # Plain-text mail (subjects and bodies): what a user typed is sent as
        # typed, never HTML-escaped ("Tom & Jerry", not "Tom &amp; Jerry").
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "anyidphoto" / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

# The embedded default is SQLite in var/; ANYIDPHOTO_DATABASE_URL
# (postgres://user:password@host:port/name) selects PostgreSQL.
# The key store (DATABASES["keys"]) holds each stored object's data key, apart
# from the rest so that backups never hold it (see vault.router);
# ANYIDPHOTO_KEYS_DATABASE_URL selects PostgreSQL for it too.
DATABASES = {
    alias: profile.database(env(variable)) if env(variable) else profile.sqlite(DATA_DIR / file)
    for alias, variable, file in (
        ("default", "DATABASE_URL", "studio.sqlite3"),
        ("keys", "KEYS_DATABASE_URL", "keys.sqlite3"),
    )
}
DATABASE_ROUTERS = ["anyidphoto.web.vault.router.KeyStoreRouter"]
# ANYIDPHOTO_REDIS_URL puts the cache, the sessions and the rate limits in Redis;
# without it they stay in this process's memory and the database.
if env("REDIS_URL"):
    CACHES = profile.caches(env("REDIS_URL"))
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

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

# Accounts: email and password, the address verified before the first login.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_SIGNUP_FORM_CLASS = "anyidphoto.web.accounts.forms.SignupForm"
ACCOUNT_ADAPTER = "anyidphoto.web.accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key", "signup": "20/h/ip"}
# One address per account: a change adds the new one, which replaces the old
# once confirmed (never a second address kept beside it). Changing the
# address or the password asks for the password again (unless it was typed
# in the last two minutes), and the account's address is mailed a notice of
# each change, the old one with a link to undo an address change.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_MAX_EMAIL_ADDRESSES = 2
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 120
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_PREVENT_ENUMERATION = True
# An unconfirmed address never blocks a sign-up, never receives a reset, and
# cannot be added where another account confirmed it (accounts/allauth_forms.py).
ACCOUNT_FORMS = {
    "signup": "anyidphoto.web.accounts.allauth_forms.AccountSignupForm",
    "reset_password": "anyidphoto.web.accounts.allauth_forms.AccountResetPasswordForm",
    "add_email": "anyidphoto.web.accounts.allauth_forms.AccountAddEmailForm",
}
# Two-factor authentication (an authenticator app), required on staff pages.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "AnyIDPhoto"
LOGIN_REDIRECT_URL = "studio:home"
LOGIN_URL = "account_login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "anyidphoto" / "web" / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "anyidphoto" / "web" / "static"]
# MediaPipe's Tasks Vision runtime (Apache-2.0; npm, installed by make setup)
# for the camera page's live guidance, served from this site with the
# engine's own face detector model; where it is absent the camera page works
# without guidance.
TASKS_VISION_JS = BASE_DIR / "node_modules" / "@mediapipe" / "tasks-vision"
if TASKS_VISION_JS.is_dir():
    STATICFILES_DIRS.append(("vendor/tasks-vision", TASKS_VISION_JS))
MEDIA_ROOT = DATA_DIR / "media"
# Sealed photo bytes on the local disk, or, with ANYIDPHOTO_S3_BUCKET, in an
# S3-compatible object store (ANYIDPHOTO_S3_ENDPOINT_URL, _ACCESS_KEY, _SECRET_KEY).
STORAGES = {
    "default": (
        profile.object_store(
            bucket=env("S3_BUCKET"),
            endpoint_url=env("S3_ENDPOINT_URL"),
            access_key=env("S3_ACCESS_KEY"),
            secret_key=env("S3_SECRET_KEY"),
            region=env("S3_REGION", "default"),
            prefix=env("S3_PREFIX"),
        )
        if env("S3_BUCKET")
        else {"BACKEND": "anyidphoto.web.vault.storage.SealedFileSystemStorage"}
    ),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Master keys that seal stored photos: "id=key,...", the first seals (see vault.crypto).
VAULT_MASTER_KEYS = env("MASTER_KEYS")

# Uploads: refused above this size before any decoding; the engine checks pixels.
STUDIO_MAX_UPLOAD_BYTES = int(env("MAX_UPLOAD_MB", "25")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = STUDIO_MAX_UPLOAD_BYTES + 1024 * 1024
# A whole request's body, files included, refused above this before it is
# read (web/limits.py); and at most this many files in one request (a photo,
# or a support message's attachments).
REQUEST_MAX_BYTES = STUDIO_MAX_UPLOAD_BYTES + 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 5
# Uploaded photos stay in memory (never in a temporary file, which would be
# plaintext on disk); a file over the limit is dropped as it arrives.
FILE_UPLOAD_HANDLERS = ["anyidphoto.web.studio.uploads.MemoryOnlyUploadHandler"]
# Uploads a user may start per hour.
STUDIO_UPLOADS_PER_HOUR = int(env("UPLOADS_PER_HOUR", "60"))
# Uploads visitors without an account may make per hour, from one network address.
STUDIO_VISITOR_UPLOADS_PER_HOUR = int(env("VISITOR_UPLOADS_PER_HOUR", "10"))
# Data exports a user may ask for per day (each packs all their photos),
# and support messages and attachments a user may send per hour.
PRIVACY_EXPORTS_PER_DAY = int(env("EXPORTS_PER_DAY", "3"))
SUPPORT_MESSAGES_PER_HOUR = int(env("SUPPORT_MESSAGES_PER_HOUR", "20"))
SUPPORT_ATTACHMENTS_PER_HOUR = int(env("SUPPORT_ATTACHMENTS_PER_HOUR", "10"))

# Staff pages live here, not at the well-known /admin/.
ADMIN_PATH = env("ADMIN_PATH", "staff-desk/").strip("/") + "/"

# The version of the cookie consent text: a new one asks every visitor again.
CONSENT_VERSION = "2026-11"

# How long things are kept: the purge and the privacy page both read this.
RETENTION = {
    "photo_days_after_order": int(env("KEEP_PHOTO_DAYS", "30")),
    "unordered_upload_hours": int(env("KEEP_UNORDERED_HOURS", "24")),
    "support_months": 24,
    "analytics_months": 26,
    "billing_archive_years": 7,
}

# Where a user may ask us to send a paid photo (print shops, embassy portals).
ORDER_PARTNERS = ["anyidphoto.web.orders.partners.OutboxPartner"]
# Partners no longer offered whose copies the retention purge must still delete.
RETIRED_PARTNERS: list[str] = []
PARTNER_OUTBOX = DATA_DIR / "partner-outbox"

# Payments: "manual" (orders free, or marked paid by staff) or "stripe".
PAYMENT_PROVIDER = env("PAYMENT_PROVIDER", "manual")
PAYMENT_MANUAL_FREE = env_flag("PAYMENT_MANUAL_FREE", True)
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET")
ORDER_CURRENCY = env("ORDER_CURRENCY", "EUR")
ORDER_PRICES_CENTS = {
    "digital": int(env("PRICE_DIGITAL_CENTS", "0")),
    "sheet": int(env("PRICE_SHEET_CENTS", "0")),
    "both": int(env("PRICE_BOTH_CENTS", "0")),
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Task workers (manage.py worker) beat every few seconds; a running task whose
# worker has been silent this long is run again, at most this many times in all.
WORKER_BEAT_SECONDS = float(env("WORKER_BEAT_SECONDS", "5"))
WORKER_LOST_AFTER = float(env("WORKER_LOST_AFTER", "30"))
WORKER_MAX_ATTEMPTS = 3
# How often an idle worker looks for queued tasks (s): a photo waits for an idle
# worker at most this long. One indexed query each time (SELECT ... SKIP LOCKED).
WORKER_POLL_SECONDS = float(env("WORKER_POLL_SECONDS", "0.1"))
# How much a worker's lane of tasks nobody waits for (the API's photos, exports)
# yields the CPU to the photos people wait for and to the web processes on the
# same machine: a nice value, 0 (not at all) to 19.
WORKER_BACKGROUND_NICE = int(env("WORKER_BACKGROUND_NICE", "10"))

# Service mail through SMTP when a host is set, else printed on the console.
# (The variable name says which way payments go; see settings_production.)
_SMTP_HOST = env("SMTP_HOST")
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _SMTP_HOST,
                "port": int(env("SMTP_PORT", "25")),
                "username": env("SMTP_USER") or None,
                "password": env("SMTP_PASSWORD") or None,
                "use_tls": env_flag("SMTP_TLS", False),
                "timeout": 20,
            },
        }
        if _SMTP_HOST
        else {"BACKEND": "anyidphoto.web.mail.ReadableConsoleBackend"}
    )
}
DEFAULT_FROM_EMAIL = env("FROM_EMAIL", "AnyIDPhoto <studio@localhost>")

# Content Security Policy: no inline script, nothing from other origins.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "media-src": [CSP.SELF, "blob:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    # The order form is answered with a redirect to Stripe's page, which browsers
    # check against form-action.
    "form-action": [CSP.SELF]
    + (["https://checkout.stripe.com"] if PAYMENT_PROVIDER == "stripe" else []),
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"anyidphoto": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")}},
}
