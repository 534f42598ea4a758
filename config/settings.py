"""SafeReport settings: one module, production-safe unless told otherwise.

The environment is chosen with SAFEREPORT_ENV:
  production  (the default) - every secret must be supplied; DEBUG is off.
  development - local secrets are generated into .local/ with a loud warning.
  test        - like development, with fast password hashing for the suite.
Without SAFEREPORT_ENV, a checkout where ./scripts/demo.sh ran (it writes
.local/environment) is a development try-out, so the README's commands work
as printed there; anywhere else the default stays production.

Secrets come from an environment variable or, better, from a file named by
<NAME>_FILE (Docker/systemd credentials), never from code.
"""

import os
import secrets
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Final

import dj_database_url
from django.conf import locale as django_locale
from django.core.exceptions import ImproperlyConfigured

from config import locales

BASE_DIR = Path(__file__).resolve().parent.parent
LOCAL_DIR = Path(os.environ.get("SAFEREPORT_LOCAL_DIR", BASE_DIR / ".local"))



def _environment() -> str:
    named = os.environ.get("SAFEREPORT_ENV")
    if named:
        return named
    # Only "development" is ever taken from the marker: a stray or altered
    # file can never switch a production host to anything but production.
    marker = LOCAL_DIR / "environment"
    if marker.is_file() and marker.read_text(encoding="utf-8").strip() == "development":
        return "development"
    return "production"


ENVIRONMENT = _environment()
if ENVIRONMENT not in {"production", "development", "test"}:
    raise ImproperlyConfigured(
        f"SAFEREPORT_ENV must be production, development or test, not {ENVIRONMENT!r}."
    )
IS_PRODUCTION = ENVIRONMENT == "production"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_secret(name: str) -> str | None:
    """A secret from NAME_FILE (preferred) or NAME; None when neither is set."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(f"{name}_FILE={file_name} cannot be read: {error}") from error
    return os.environ.get(name) or None


def local_development_secret(file_name: str, make) -> str:
    """Outside production only: keep a generated secret in .local/ (git-ignored)."""
    path = LOCAL_DIR / file_name
    if not path.exists():
        LOCAL_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.write_text(make(), encoding="utf-8")
        path.chmod(0o600)
        print(
            f"WARNING: generated a development secret in {path}. "
            "Never use it in production; data sealed with it is only as safe as that file.",
            file=sys.stderr,
        )
    return path.read_text(encoding="utf-8").strip()


def required_secret(name: str, file_name: str, make) -> str:
    value = env_secret(name)
    if value:
        return value
    if IS_PRODUCTION:
        raise ImproperlyConfigured(
            f"{name} (or {name}_FILE) is not set. SafeReport refuses to start in production "
            "without it. For a local try-out set SAFEREPORT_ENV=development."
        )
    return local_development_secret(file_name, make)


SECRET_KEY = required_secret("SAFEREPORT_SECRET_KEY", "secret_key", lambda: secrets.token_urlsafe(50))

# The key-encryption key ring (vault). Format: one "key-id:base64-32-bytes" per
# line, the first line being the key that wraps new data keys. It never lives in
# the database, so a database dump alone cannot open anything.
VAULT_KEK_RING = required_secret(
    "SAFEREPORT_KEK",
    "kek_ring",
    lambda: f"dev-{secrets.token_hex(4)}:{__import__('base64').b64encode(secrets.token_bytes(32)).decode()}",
)
# Pepper mixed into receipt-code hashes; also outside the database.
RECEIPT_PEPPER = required_secret("SAFEREPORT_RECEIPT_PEPPER", "receipt_pepper", lambda: secrets.token_hex(32))

DEBUG = ENVIRONMENT == "development" and env_bool("SAFEREPORT_DEBUG", False)

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get(
        "SAFEREPORT_ALLOWED_HOSTS", "" if IS_PRODUCTION else "127.0.0.1,localhost,testserver"
    ).split(",")
    if host.strip()
]
if IS_PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("SAFEREPORT_ALLOWED_HOSTS must list the host names this server answers to.")

# Two front ends share one process. Staff pages live under STAFF_PATH_PREFIX and,
# when STAFF_HOSTS is set, answer only on those hosts (and the portal never does),
# so the public site can be served from a name that has no staff routes at all.
STAFF_PATH_PREFIX = "/staff/"
STAFF_HOSTS = [h.strip() for h in os.environ.get("SAFEREPORT_STAFF_HOSTS", "").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "safereport.core",
    "safereport.datafiles",
    "safereport.audit",
    "safereport.vault",
    "safereport.accounts",
    "safereport.cases",
    "safereport.partners",
    "safereport.consent",
    "safereport.referrals",
    "safereport.evidence",
    "safereport.police",
    "safereport.relief",
    "safereport.portal",
    "safereport.stats",
    "safereport.materials",
    "safereport.training",
    "safereport.content",
    "safereport.navigator",
    "safereport.demo",
    "safereport.ops",
]

MIDDLEWARE = [
    # /healthz/live and /healthz/ready, answered before host checks and the
    # HTTPS redirect, with one word and nothing else (docs/adr/0028).
    "safereport.ops.middleware.HealthMiddleware",
    # Chooses the front end (portal or staff) before anything else looks at URLs.
    "safereport.core.middleware.FrontEndMiddleware",
    # One JSON line per request: id, route template, status, duration; nothing about the client.
    "safereport.ops.middleware.RequestLogMiddleware",
    # A visitor without a session gets a kept information page from here, per
    # language, with the headers the full path gave it (docs/adr/0034).
    "safereport.portal.middleware.InformationPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "safereport.core.middleware.FrontEndSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "safereport.core.csrf.SameOriginCsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff pages in the staff member's language (after authentication: it reads who asks).
    "safereport.accounts.middleware.StaffLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "safereport.core.middleware.PrivacyHeadersMiddleware",
    # Deny by default: refuses any view that does not declare who may use it.
    "safereport.accounts.middleware.AccessPolicyMiddleware",
    # Last, so a locked-out login is answered by axes' own handler.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls_portal"
PORTAL_URLCONF = "config.urls_portal"
STAFF_URLCONF = "config.urls_staff"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "safereport.core.context_processors.front_end",
                "safereport.accounts.context_processors.staff_permissions",
                # `say`: the person's pages in the words of whoever holds their record (a centre or a desk).
                "safereport.portal.wording.say",
            ],
        },
    },
]

# Either may come from a file (DATABASE_URL_FILE, SAFEREPORT_KEYSTORE_URL_FILE), since
# they carry the database password (container secrets, systemd credentials).
DATABASE_URL = env_secret("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers continue while one writer commits; IMMEDIATE takes the
    # write lock at BEGIN, so two writers queue instead of failing mid-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# The vault's key store: wrapped data keys live in their own database, so a
# backup of the main database alone can never open anything, and shredding a
# key also defeats old main-database backups (docs/adr/0003-key-hierarchy.md).
KEYSTORE_URL = env_secret("SAFEREPORT_KEYSTORE_URL") or f"sqlite:///{BASE_DIR / 'keystore.sqlite3'}"
if KEYSTORE_URL == DATABASE_URL:
    raise ImproperlyConfigured("SAFEREPORT_KEYSTORE_URL must name a different database from DATABASE_URL.")
DATABASES["keystore"] = dj_database_url.parse(KEYSTORE_URL, conn_max_age=60)
if DATABASES["keystore"]["ENGINE"] == "django.db.backends.sqlite3":
    # No WAL here: with secure_delete, a shredded key is overwritten in place
    # instead of lingering in a write-ahead log until the next checkpoint.
    DATABASES["keystore"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=DELETE; PRAGMA secure_delete=ON;",
    }
    DATABASES["keystore"]["CONN_MAX_AGE"] = 0
DATABASE_ROUTERS = ["safereport.vault.routers.KeystoreRouter"]

# Statistics can read from a replica, so that a national deployment's analysts
# never slow the care centres down (docs/adr/0029-statistics.md). Without one,
# they read the main database. Nothing is ever migrated or written there.
STATS_DATABASE_URL = os.environ.get("SAFEREPORT_STATS_DATABASE_URL", "")
if STATS_DATABASE_URL:
    DATABASES["stats"] = dj_database_url.parse(STATS_DATABASE_URL, conn_max_age=60)
    DATABASES["stats"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS.append("safereport.stats.routers.StatsReplicaRouter")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.StaffUser"

# Argon2id first; PBKDF2 only so that an imported legacy hash can still be
# upgraded on next login.
PASSWORD_HASHERS = [
    "safereport.vault.hashers.SlottedArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if ENVIRONMENT == "test":
    # Honest shortcut: the suite logs in hundreds of times; Argon2 would make it slow.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # Axes first, so a locked-out account is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"

# Brute-force lockout for staff logins, keyed on the account, not the address:
# we do not keep IP addresses (DESIGN.md §3.8), and shared NAT would lock out
# a whole care centre.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_CLIENT_IP_CALLABLE = "safereport.accounts.lockout.no_client_ip"
# No typed username, user agent, path or form is stored with a failed sign-in:
# a keyed hash of the username is what axes counts (docs/adr/0022).
AXES_USERNAME_CALLABLE = "safereport.accounts.lockout.username_key"
AXES_HANDLER = "safereport.accounts.lockout.NoClientDataHandler"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_LOCKOUT_CALLABLE = "safereport.accounts.lockout.locked_out_response"
AXES_VERBOSE = False

# Sessions. The two front ends get different cookies and lifetimes; see
# safereport.core.middleware.FrontEndSessionMiddleware.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
STAFF_SESSION_IDLE_SECONDS = int(os.environ.get("SAFEREPORT_STAFF_IDLE_SECONDS", 15 * 60))
PORTAL_SESSION_IDLE_SECONDS = int(os.environ.get("SAFEREPORT_PORTAL_IDLE_SECONDS", 20 * 60))
# Sensitive staff actions ask for password + TOTP again after this long.
STAFF_REAUTH_SECONDS = 10 * 60
SESSION_COOKIE_HTTPONLY = True
# Final: the cookie calls type-check against the values Django accepts.
SESSION_COOKIE_SAMESITE: Final = "Strict"
SESSION_COOKIE_SECURE = IS_PRODUCTION
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_SECURE = IS_PRODUCTION
CSRF_FAILURE_VIEW = "safereport.core.views.csrf_failure"
# No Expires on the CSRF cookie either: it goes when the browser closes.
CSRF_COOKIE_AGE = None

# Transport security. HSTS only makes sense behind real TLS, which production has.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = IS_PRODUCTION and env_bool("SAFEREPORT_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 63072000 if IS_PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = IS_PRODUCTION
SECURE_HSTS_PRELOAD = IS_PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Strict CSP: nothing is allowed unless named; only our own origin is ever named.
# No inline script or style anywhere, so no 'unsafe-inline' and no nonces.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "connect-src": ["'none'"],
    }
}

# Languages: the single list lives in config/locales.py.
LANGUAGE_CODE = locales.DEFAULT_LOCALE
LANGUAGES = locales.django_languages()
LANGUAGES_BIDI = list(locales.RTL_LANGUAGE_CODES)
# Django has no LANG_INFO for some of our languages (e.g. Tigrinya); add ours
# without touching the ones Django knows.
for _code, _info in locales.django_lang_info().items():
    django_locale.LANG_INFO.setdefault(_code, _info)
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Brussels"
# Day-first dates and a 24-hour clock where Django's locale would be American
# or missing (English, Arabic, Tigrinya): config/formats/.
FORMAT_MODULE_PATH = ["config.formats"]
# Language is carried in the URL, never in a cookie (information pages set none).
LANGUAGE_COOKIE_NAME = "sr_lang"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Outside production, serve app static files straight from the apps.
WHITENOISE_USE_FINDERS = not IS_PRODUCTION
WHITENOISE_AUTOREFRESH = not IS_PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Nothing sensitive reaches logs: no request lines (they carry addresses), no
# bodies. Django's request logger would print the path only for errors; the
# filter strips any client address from records that carry a request, redacts
# secrets in paths and the Origin/Referer values CSRF failures print.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_client_data": {"()": "safereport.core.logging.RedactClientData"}},
    # One JSON object per line (docs/adr/0028), so a log collector needs no parser of ours.
    "formatters": {"json": {"()": "safereport.core.logging.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["no_client_data"], "formatter": "json"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # The request log: one line per request, on by default in production
        # (SAFEREPORT_REQUEST_LOG=off silences it), quiet in the test suite.
        "safereport.requests": {
            "handlers": ["console"],
            "level": "INFO" if env_bool("SAFEREPORT_REQUEST_LOG", ENVIRONMENT != "test") else "WARNING",
            "propagate": False,
        },
        "django.server": {"handlers": [], "propagate": False},
        # On the loggers too, so that every handler (Django's own included)
        # sees the record without the request, the secrets in paths, and the
        # Origin and Referer values of a CSRF failure (docs/adr/0022).
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False, "filters": ["no_client_data"]},
        "django.security.csrf": {"filters": ["no_client_data"]},
        "axes": {"handlers": [], "propagate": False},
    },
}

# Prometheus metrics at /metrics: off unless a token is set, and then answered
# only to `Authorization: Bearer <token>` (docs/adr/0028); nginx also keeps
# the path to the machine itself.
METRICS_TOKEN = env_secret("SAFEREPORT_METRICS_TOKEN")

# Invitation links for new staff expire after this long.
INVITATION_VALID_FOR = timedelta(hours=72)

# The jurisdiction the deployment serves by default (content and law shown).
DEFAULT_JURISDICTION = os.environ.get("SAFEREPORT_JURISDICTION", "BE")

# Argon2id parameters for the receipt-code hash and the victim-held key.
# Production values are comparable to GlobaLeaks (128 MiB); the test suite
# replaces them with insecure, fast ones under an honest name.
VICTIM_KDF = {"time_cost": 3, "memory_cost_kib": 128 * 1024, "parallelism": 1}
if ENVIRONMENT == "test":
    VICTIM_KDF = {"time_cost": 1, "memory_cost_kib": 8, "parallelism": 1}  # insecure_fast_kdf

# At most this many Argon2id derivations (receipt codes, the victim-held key,
# staff passwords) run at once on the whole machine, across both app instances
# (safereport.core.slots, ADR 0032 §5): one fewer than the cores, so the other
# requests always keep a core. The parameters above are not touched; only the
# queue in front of them. A request that finds no slot within the wait gets
# "please try again, nothing was lost". 0 means no limit (the test suite, whose
# derivations take microseconds; the tests of the limiter set it themselves).
ARGON2_SLOTS = int(os.environ.get("SAFEREPORT_ARGON2_SLOTS", "0" if ENVIRONMENT == "test" else str(max(1, (os.cpu_count() or 2) - 1))))
ARGON2_SLOT_WAIT_SECONDS = float(os.environ.get("SAFEREPORT_ARGON2_SLOT_WAIT_SECONDS", "10"))
# A folder every instance on the machine can write; systemd's RuntimeDirectory
# (deploy/systemd/safereport@.service), since PrivateTmp gives each unit its own /tmp.
# Elsewhere (development, the benches) a folder of this user's in the temporary folder.
ARGON2_SLOT_FOLDER = Path(
    os.environ.get("SAFEREPORT_ARGON2_SLOT_FOLDER")
    or ("/run/safereport-argon2" if ENVIRONMENT == "production" else f"{tempfile.gettempdir()}/safereport-argon2-{os.getuid()}")
)

# Budget of new anonymous contacts, all together (docs/adr/0007). Raised only
# by the load benchmark. (Which municipal desks take portal contact is no
# setting: a DPO opens each on its page, ADR 0037 amended 2026-12-02.)
PORTAL_NEW_CONTACTS_PER_10_MINUTES = int(os.environ.get("SAFEREPORT_NEW_CONTACTS_PER_10_MINUTES", "60"))

# The public address of the victim portal (scheme and host, no trailing slash):
# what the posters' QR codes and the static mirror's write and come-back links
# point to (docs/adr/0034). Empty in production until set; the commands that
# need it refuse to print an address that is not the real one.
PORTAL_PUBLIC_URL = os.environ.get(
    "SAFEREPORT_PORTAL_URL", "" if IS_PRODUCTION else "http://localhost:8000"
).rstrip("/")

# How long the portal keeps an information page ready per language, in seconds
# (safereport/portal/middleware.py). Off in the test settings unless a test
# turns it on, so that a test that changes a page sees its change.
PORTAL_INFORMATION_CACHE_SECONDS = int(
    os.environ.get("SAFEREPORT_INFORMATION_CACHE_SECONDS", "0" if ENVIRONMENT == "test" else "600")
)

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

SILENCED_SYSTEM_CHECKS = [
    # axes wants the client address in the lockout key; we lock the account
    # instead, because we keep no addresses and a care centre shares one NAT.
    "axes.W006",
    # Django looks for its own CSRF class by name; ours subclasses it (see
    # safereport/core/csrf.py) and safereport.E014 checks that it is installed.
    "security.W003",
]
