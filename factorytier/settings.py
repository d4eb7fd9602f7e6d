"""Settings, read from the environment with safe defaults.

DATABASE_URL          default: SQLite file in the data folder
DATABASE_PREPARE_THRESHOLD  PostgreSQL: prepare a statement once a connection has run it n times (default 2);
                      "off" behind a pooler in transaction mode that does not keep prepared statements
FACTORYTIER_DATA_DIR  default: ./data (database, uploads, generated files, secret key)
SECRET_KEY            default: generated once into the data folder, never a constant in the repository
DEBUG                 off unless DEBUG=1
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("FACTORYTIER_DATA_DIR", Path.cwd() / "data")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _truthy(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = DATA_DIR / "secret_key.txt"
    if not path.exists():
        # Written once per installation; permissions keep other local users out.
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _truthy("DEBUG")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_htmx",
    "csp",
    "ninja",  # serves the API docs' Swagger UI from our own static files, not a CDN
    "django_tasks",
    "django_tasks_db",
    "dbbackup",
    "factorytier.core",
    "factorytier.accounts",
    "factorytier.audit",
    "factorytier.campaigns",
    "factorytier.applications",
    "factorytier.reviews",
    "factorytier.decisions",
    "factorytier.cultivation",
    "factorytier.jobs",
    "factorytier.notices",
    "factorytier.checker",
    "factorytier.rendering",
    "factorytier.recommendations",
    "factorytier.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Bounds every request body (size, JSON nesting) before the CSRF check or a parser reads it.
    "factorytier.core.limits.BodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "factorytier.accounts.middleware.SessionTimeoutMiddleware",
    "factorytier.core.headers.NoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "factorytier.audit.middleware.RequestContextMiddleware",
    "factorytier.audit.downloads.DownloadAuditMiddleware",
    # Axes last so that it sees the final response of a failed log-in.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "factorytier.urls"
WSGI_APPLICATION = "factorytier.wsgi.application"

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
                "factorytier.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'factorytier.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The task worker and the web server share the file: wait for locks instead of failing.
    # WAL: readers never wait for the writer, and several server processes share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "timeout": 20, "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    })
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Values travel apart from the statement (server-side binding), so a statement a connection runs again
    # is prepared once and its plan kept: on deadline day PostgreSQL spent as much CPU planning the same few
    # statements (the session, the user, the locked draft) as running them (docs/performance.md).
    _threshold = os.environ.get("DATABASE_PREPARE_THRESHOLD", "2").strip().lower()
    if _threshold not in {"off", "none", ""} and not _threshold.isdigit():
        raise SystemExit("DATABASE_PREPARE_THRESHOLD: a whole number of runs, or off")
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "server_side_binding": True,
        "prepare_threshold": int(_threshold) if _threshold.isdigit() else None,
    })
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "factorytier.accounts.backends.UsernameOrMobileBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock-out (see accounts/lockout.py): five failures for one account from one address lock that account from
# that address for 30 minutes, whichever name (user name or mobile number) the account was addressed by; an
# address that fails FACTORYTIER_IP_FAILURE_LIMIT times across any accounts is locked out altogether.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "factorytier.accounts.lockout.canonical_username"
AXES_CLIENT_IP_CALLABLE = "factorytier.audit.middleware.client_ip"
AXES_HANDLER = "factorytier.accounts.lockout.PairAndAddressHandler"
FACTORYTIER_IP_FAILURE_LIMIT = int(os.environ.get("FACTORYTIER_IP_FAILURE_LIMIT", "20"))
AXES_RESET_ON_SUCCESS = True
# Successful log-ins are in the audit log (`user.login`: who, when, from where); axes' own access log would be
# a second write of the same on every log-in, the hot path of deadline day. Failures are still counted.
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["factorytier.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # `factorytier backup` (django-dbbackup) writes its folders under --to; this is its default place.
    "dbbackup": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                 "OPTIONS": {"location": str(DATA_DIR / "backups")}},
    # No manifest: pages must render even where `collectstatic` has not been run (whitenoise
    # then serves from the app folders through its finders).
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Several application servers share uploaded files through S3-compatible storage (pip install
# 'factorytier[s3]'; see docs/operations.md): set FACTORYTIER_S3_BUCKET and the AWS_* variables of
# django-storages (AWS_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_S3_REGION_NAME).
if os.environ.get("FACTORYTIER_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": os.environ["FACTORYTIER_S3_BUCKET"], "default_acl": "private",
                    "querystring_auth": True, "file_overwrite": False},
    }
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

TASKS = {
    "default": {
        "BACKEND": os.environ.get("FACTORYTIER_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        # "documents" is served by its own worker that is restarted every few renders (see scripts/run).
        "QUEUES": ["default", "documents"],
    }
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "factorytier@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# SMTP (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend): the server and its log-in.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _truthy("EMAIL_USE_TLS")
EMAIL_USE_SSL = _truthy("EMAIL_USE_SSL")
EMAIL_TIMEOUT = 20

# Several application servers must share throttles and counters: FACTORYTIER_SHARED_CACHE=db keeps the cache in
# the database (run `manage.py createcachetable` once). One server: the default per-process memory cache.
if os.environ.get("FACTORYTIER_SHARED_CACHE") == "db":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "factorytier_cache"}}

SESSION_COOKIE_HTTPONLY = True
# Django's database sessions; the per-request read is a fixed statement (accounts/sessions.py).
SESSION_ENGINE = "factorytier.accounts.sessions"
# A session lasts 12 hours at most and ends after 2 hours without a request (accounts/middleware.py).
FACTORYTIER_SESSION_IDLE_SECONDS = int(os.environ.get("FACTORYTIER_SESSION_IDLE_SECONDS", str(2 * 3600)))
FACTORYTIER_SESSION_MAX_SECONDS = int(os.environ.get("FACTORYTIER_SESSION_MAX_SECONDS", str(12 * 3600)))
SESSION_COOKIE_AGE = FACTORYTIER_SESSION_MAX_SECONDS
SESSION_COOKIE_SAMESITE = "Lax"
# Password-reset links are valid for one hour.
PASSWORD_RESET_TIMEOUT = 3600
# Behind an HTTPS front end (production): FACTORYTIER_HTTPS=1 makes cookies secure-only, trusts the proxy's
# X-Forwarded-Proto, redirects plain HTTP and sends HSTS (FACTORYTIER_HSTS_SECONDS, default one day).
HTTPS = _truthy("FACTORYTIER_HTTPS") or _truthy("SECURE_COOKIES")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
# The client's address is the proxy's first X-Forwarded-For entry when the site runs behind one.
FACTORYTIER_TRUST_X_FORWARDED_FOR = _truthy("FACTORYTIER_TRUST_X_FORWARDED_FOR") or HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("FACTORYTIER_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading is a commitment for the whole domain (and its submission a separate step): opt in.
    SECURE_HSTS_PRELOAD = _truthy("FACTORYTIER_HSTS_PRELOAD")
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): no inline scripts, styles or event handlers anywhere; a script that
# must be inline carries the request's nonce ({{ request.csp_nonce }}).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
X_FRAME_OPTIONS = "DENY"
# A request body other than a multipart form (JSON saves, forms without files): at most 4 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("FACTORYTIER_MAX_BODY_KB", "4096")) * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 20

DBBACKUP_SEND_EMAIL = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Public base address used in verify links and e-mails.
FACTORYTIER_BASE_URL = os.environ.get("FACTORYTIER_BASE_URL", "http://127.0.0.1:8000")
# Unset outside development, every printed 申报书 would carry a QR code of 127.0.0.1: the commission's
# and administrator's pages warn until it is set.
FACTORYTIER_BASE_URL_CONFIGURED = bool(os.environ.get("FACTORYTIER_BASE_URL")) or DEBUG

# Argon2id with OWASP's parameters (see accounts/hashers.py); older hashes are upgraded at log-in.
PASSWORD_HASHERS = [
    "factorytier.accounts.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

if _truthy("FACTORYTIER_TESTING"):
    # Hashing speed is not what the tests are about.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Largest attachment accepted, in megabytes.
FACTORYTIER_MAX_UPLOAD_MB = int(os.environ.get("FACTORYTIER_MAX_UPLOAD_MB", "20"))
# Largest multipart request (its files and fields together): refused before it is read.
FACTORYTIER_MAX_REQUEST_MB = int(os.environ.get("FACTORYTIER_MAX_REQUEST_MB", str(FACTORYTIER_MAX_UPLOAD_MB + 2)))
# How deeply a JSON body may nest (a draft's content needs 5 levels).
FACTORYTIER_MAX_JSON_DEPTH = int(os.environ.get("FACTORYTIER_MAX_JSON_DEPTH", "32"))
