"""Settings for gzpartybuild.

Every deploy-time value comes from the environment through the strict helpers
below; `.env.example` lists them all and docs/DEPLOY.md explains them. Unset,
the portal runs on its embedded demo: SQLite in the project folder,
demo-friendly hosts, DEBUG off, plain http on 127.0.0.1.

Setting DJANGO_SECRET_KEY marks a real deployment: HTTPS is then assumed
(secure cookies, redirect to https) unless switched off one by one. The
security headers (CSP, nosniff, Referrer-Policy, frame denial) are sent in
both cases.
"""

import datetime
import hashlib
import json
import os
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(url):
    """Turn DATABASE_URL into a DATABASES entry (postgres:// or sqlite:///)."""
    parsed = urlparse(url)
    scheme = parsed.scheme
    if scheme in {"postgres", "postgresql", "pgsql"}:
        options = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")) or "postgres",
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": env_int("DJANGO_CONN_MAX_AGE", 600),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
            "TEST": {"TEMPLATE": "template0"},
        }
    if scheme == "sqlite":
        path = unquote(parsed.path)
        if path.startswith("/") and url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
            path = path[1:]
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path or ":memory:"}
    raise ImproperlyConfigured(f"DATABASE_URL scheme {scheme!r} is not supported (postgres or sqlite)")


def env_json(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be JSON, not {raw!r}") from exc


DEBUG = env_bool("DJANGO_DEBUG", False)

_secret_key = env_str("DJANGO_SECRET_KEY")
if _secret_key.startswith("change-me"):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY still holds the placeholder of .env.example")
# The embedded demo is what runs when no secret key is given (scripts/demo, the tests).
EMBEDDED_DEMO = not _secret_key
SECRET_KEY = _secret_key or (
    # Only for the embedded demo: `check --deploy` flags this key, production sets its own.
    "django-insecure-gzpartybuild-embedded-demo-key-change-me"
)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Trigram indexes and their operator classes (a no-op on SQLite).
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    # Two-factor sign-in: TOTP (authenticator apps) and one-time backup codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # The shared floor (settings, middleware, caching, admin helpers), then the domain apps in
    # the order they depend on each other, then the apps built on top of them
    # (docs/DESIGN.md, "Layout"; the import contracts in pyproject.toml enforce the order).
    "gzpartybuild.apps.GzpartybuildConfig",
    # Accounts and their security (2FA, audit log, staff group), uploaded images, and
    # operations (backups, the replica's routing: its signals connect before the domain
    # apps watch their models).
    "accounts",
    "uploads",
    "operations",
    "organizations",
    "partybranches",
    "activities",
    "towns",
    "sourcedfigures",
    "portal",
    "reports",
    # After the domain apps: its admin module adds import/export to theirs.
    "spreadsheets",
]

# seed_demo, bench and benchmark_staff_tools: the embedded demo, the tests and the benchmark
# have them; a deployment (DJANGO_SECRET_KEY set) does not, unless DJANGO_DEVTOOLS=1.
# seed_demo refuses a deployment's database in any case.
DEVTOOLS = env_bool("DJANGO_DEVTOOLS", EMBEDDED_DEMO)
if DEVTOOLS:
    INSTALLED_APPS.append("devtools")

MIDDLEWARE = [
    "gzpartybuild.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "gzpartybuild.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gzpartybuild.middleware.SessionIdleTimeoutMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Staff (and secretaries who enrolled) pass the second factor before /admin/ or /my/.
    "accounts.twofactor.TwoFactorMiddleware",
    # A password set by staff (or too old) is changed before any other page opens.
    "accounts.passwords.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it turns a lockout flagged during sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Routes each request's reads to the replica or the primary (a no-op without DATABASE_REPLICA_URL).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware"), "operations.replica.ReplicaMiddleware"
)

ROOT_URLCONF = "gzpartybuild.urls"

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
                "gzpartybuild.context_processors.site",
                "activities.context_processors.notifications",
                # The footer's and 联系我们' facts, kept by staff in the admin (portal.SiteSettings).
                "portal.context_processors.site_facts",
            ],
        },
    },
]

WSGI_APPLICATION = "gzpartybuild.wsgi.application"

_database_url = env_str("DATABASE_URL")
DATABASES = {
    "default": database_from_url(_database_url)
    if _database_url
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20}
    )
# No parallel workers for the portal's queries (PostgreSQL): every request is a few short queries
# and the server's workers already share the cores; a search's fallback branch, gated off, still
# started two workers (7–10 ms) before its one-time filter ran (docs/PERFORMANCE.md).
SERIAL_QUERIES = "-c max_parallel_workers_per_gather=0"

# A streaming replica for the public pages' reads (operations.replica, docs/DEPLOY.md
# "Several app servers"). Without it every read goes to DATABASE_URL.
_replica_url = env_str("DATABASE_REPLICA_URL")
if _replica_url:
    DATABASES["replica"] = database_from_url(_replica_url)
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        # An unreachable replica must cost a request seconds at most, not the TCP timeout.
        DATABASES["replica"]["OPTIONS"].setdefault("connect_timeout", "2")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        _options = _database.setdefault("OPTIONS", {})
        _options["options"] = f"{_options.get('options', '')} {SERIAL_QUERIES}".strip()
DATABASE_ROUTERS = ["operations.replica.ReplicaRouter"]
# Reads fall back to the primary while the replica lags more than this.
REPLICA_MAX_LAG_SECONDS = env_int("DATABASE_REPLICA_MAX_LAG_SECONDS", 10)
# After a write, that visitor reads from the primary for this long (read-your-writes).
REPLICA_PIN_SECONDS = env_int("DATABASE_REPLICA_PIN_SECONDS", 15)
# How often each process looks at the replica's lag (one short query).
REPLICA_CHECK_SECONDS = env_int("DATABASE_REPLICA_CHECK_SECONDS", 2)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # Refuses sign-in while a username is locked out at this address (django-axes).
    "gzpartybuild.auth.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# The password policy (accounts.passwords): 12 characters or more, three kinds of
# character of four, not one of the last five, changed at the first sign-in when staff set it.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "accounts.passwords.PasswordHistoryValidator", "OPTIONS": {"remembered": 5}},
]
# A password older than this many days must be changed at the next sign-in; 0: never.
PASSWORD_MAX_AGE_DAYS = env_int("DJANGO_PASSWORD_MAX_AGE_DAYS", 0)

# A reset link (sent by staff from the user's admin page) works for one hour, and once.
PASSWORD_RESET_TIMEOUT = 60 * 60

LOGIN_URL = "login"
# The security audit log is kept this long (等保 asks for at least six months), then pruned
# by `manage.py prune_security_events` (run it daily, e.g. from cron).
SECURITY_EVENT_RETENTION_DAYS = 180
# The issuer an authenticator app shows next to the account.
OTP_TOTP_ISSUER = "广州社会组织党建"
LOGIN_REDIRECT_URL = "my:dashboard"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# The portal's own Chinese for what Django's and the libraries' zh_Hans catalogues lack
# (locale/zh_Hans/LC_MESSAGES: django.po for pages, djangojs.po for the admin's scripts).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files in one request: a secretary's activity takes at most 12 photos (refused with a
# message up to this many, with 400 above it), so no request brings Django's default 100.
DATA_UPLOAD_MAX_NUMBER_FILES = 20
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Where `manage.py backup` writes when given no --output.
BACKUP_DIR = Path(env_str("DJANGO_BACKUP_DIR", str(BASE_DIR / "backups")))
# The folder of pg_dump and pg_restore (of the server's major version or newer); empty: the PATH.
BACKUP_PG_BIN_DIR = env_str("DJANGO_PG_BIN_DIR")
# Serve uploaded files from Django itself: the embedded demo does; a deployment leaves it
# to nginx unless DJANGO_SERVE_MEDIA=true.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", EMBEDDED_DEMO)

STORAGES = {
    "default": {"BACKEND": env_str("DJANGO_MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": env_str("DJANGO_STATIC_STORAGE", "gzpartybuild.storage.StaticStorage")},
}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0
# Until collectstatic has run, serve static files straight from the source folders.
WHITENOISE_USE_FINDERS = not (STATIC_ROOT / "staticfiles.json").exists()

_media_storage_options = env_json("DJANGO_MEDIA_STORAGE_OPTIONS", {})
if not isinstance(_media_storage_options, dict):
    raise ImproperlyConfigured("DJANGO_MEDIA_STORAGE_OPTIONS must be a JSON object")
if _media_storage_options:
    STORAGES["default"]["OPTIONS"] = _media_storage_options

# Scale-out: with REDIS_URL every app server shares one cache (cached figures and pages)
# and sessions live in the database with Redis in front; without it, each process caches
# for itself. The `versions` cache says when cached figures and pages are stale
# (gzpartybuild.caching): every process of the server must share it, so without Redis it
# is a small file cache (one file per model) that all the gunicorn workers read.
_redis_url = env_str("REDIS_URL")
if _redis_url:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _redis_url,
            "KEY_PREFIX": env_str("DJANGO_CACHE_KEY_PREFIX", "gzpb"),
        }
    }
    CACHES["versions"] = CACHES["default"]
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # One folder per user, checkout and database, so that two sites (or test runs) never share
    # versions. The backend creates it 0700 and refuses a folder someone else made first.
    _versions_scope = hashlib.sha1(f"{BASE_DIR}|{DATABASES['default']['NAME']}".encode()).hexdigest()[:12]
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gzpartybuild"},
        "versions": {
            "BACKEND": "gzpartybuild.cache_backends.PrivateFileBasedCache",
            "LOCATION": env_str(
                "DJANGO_CACHE_VERSIONS_DIR",
                str(Path(tempfile.gettempdir()) / f"gzpartybuild-versions-{os.geteuid()}-{_versions_scope}"),
            ),
        },
    }

# --- Security -------------------------------------------------------------------------
# A deployment (DJANGO_SECRET_KEY set) is served over HTTPS: cookies are Secure and http
# is redirected, unless switched off. The embedded demo on http://127.0.0.1 keeps them off.
_https = not EMBEDDED_DEMO
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", _https)
# Load balancers probe plain http inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", _https)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# HSTS is only sent on https responses, so the plain-http demo never pins a browser.
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"


def _proxy_ssl_header(raw):
    """`X-Forwarded-Proto` (as nginx sends it) -> ("HTTP_X_FORWARDED_PROTO", "https")."""
    if not raw:
        return None
    return ("HTTP_" + raw.strip().upper().replace("-", "_"), "https")


# Only behind a proxy that sets this header itself (nginx: proxy_set_header X-Forwarded-Proto $scheme).
SECURE_PROXY_SSL_HEADER = _proxy_ssl_header(env_str("DJANGO_SECURE_PROXY_SSL_HEADER"))
# How many proxies in front of the app append to X-Forwarded-For (0: use the socket's address).
PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0)

# Content-Security-Policy (django-csp 4): scripts and styles only from our own static files.
# The one hash admits the single inline <style> of Django's admin change list (shown when a
# model has no bulk actions); no 'unsafe-inline' anywhere.
ADMIN_CHANGELIST_STYLE_HASH = "'sha256-blvLUW3UscWqsXGByNOqdBboM+ShWAuugp2mC/wbafU='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", ADMIN_CHANGELIST_STYLE_HASH],
        # Bootstrap draws its form controls with data: SVG images.
        "img-src": ["'self'", "data:", *env_list("DJANGO_CSP_IMG_SRC")],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Sign-in lockout (django-axes) -------------------------------------------------------
# 5 failures for one username from one address lock that pair for 15 minutes; a success resets.
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("DJANGO_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Retrying while locked does not extend the lock: it ends 15 minutes after it began.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "gzpartybuild.auth.lockout_response"
AXES_CLIENT_IP_CALLABLE = "gzpartybuild.auth.client_ip"
AXES_VERBOSE = False

# --- Sessions ----------------------------------------------------------------------------
# A session ends after a working day without activity; activity slides it (at most one
# write per SESSION_REFRESH_SECONDS, see gzpartybuild.middleware.SessionIdleTimeoutMiddleware).
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_IDLE_SECONDS", 8 * 60 * 60)
SESSION_REFRESH_SECONDS = 300
SESSION_SAVE_EVERY_REQUEST = False

# --- Logs --------------------------------------------------------------------------------
# On stdout: one line per request (gzpartybuild.request) and every exception (django.request)
# with its traceback; nothing of it reaches the user. A deployment writes JSON lines for the
# journal or a log collector; the embedded demo writes short lines for the person watching
# its terminal, without the static and media files (DJANGO_LOG_FORMAT chooses either).
LOG_LEVEL = env_str("DJANGO_LOG_LEVEL", "INFO").upper()
LOG_FORMAT = env_str("DJANGO_LOG_FORMAT", "text" if EMBEDDED_DEMO else "json").strip().lower()
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "gzpartybuild.logs.JsonFormatter"},
        "text": {"()": "gzpartybuild.logs.TextFormatter"},
    },
    "filters": {"pages_only": {"()": "gzpartybuild.logs.PagesOnlyFilter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
            "filters": ["pages_only"] if LOG_FORMAT == "text" else [],
        }
    },
    "root": {"handlers": ["stdout"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": [], "level": "ERROR", "propagate": False},
        "gzpartybuild": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        "axes": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
    },
}
REQUEST_LOG = env_bool("DJANGO_REQUEST_LOG", True)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "noreply@gzpartybuild.local")

# Footer of every public page (filing numbers are the operator's, set per deployment).
SITE_NAME = env_str("SITE_NAME", "广州市社会组织党建云展馆")

# The portal's address as its users reach it: the links in e-mails are built on it.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

DEMO_PASSWORD = env_str("DEMO_PASSWORD", "gzpb-demo-2026")
