"""Django settings. Everything that differs between machines comes from the environment.

DATABASE_URL   database (default: embedded SQLite at var/louyu.sqlite3)
SECRET_KEY     signing key; without it a random key is created once in var/secret_key
DEBUG          "1"/"true" for development; off by default (safe production default)
ALLOWED_HOSTS  comma-separated (default: 127.0.0.1,localhost)
LOUYU_CITY     the city whose reference data is loaded (default: suzhou; folder cities/<name>/)
LOUYU_VAR_DIR  where the embedded database, uploads and the local key live (default: ./var)
"""
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LOUYU_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _local_secret_key() -> str:
    """Without SECRET_KEY in the environment, use (and create once) a random key kept in var/secret_key."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        import secrets

        VAR_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
# Everything the platform writes (database, uploads, exports, the key) is for its own account only: 0600/0700.
os.umask(0o077)
SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
LOUYU_CITY = os.environ.get("LOUYU_CITY", "suzhou")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "django_htmx",
    "louyu.core",
    "louyu.geo",
    "louyu.buildings",
    "louyu.enterprises",
    "louyu.programme",
    "louyu.accounts",
    "louyu.intake",
    "louyu.matching",
    "louyu.indicators",
    "louyu.events",
    "louyu.demonstrations",
    "louyu.evaluation",
    "louyu.servicepoints",
    "louyu.teams",
    "louyu.web",
    "louyu.reports",
    "louyu.investment",
    "louyu.filing",
    "louyu.stewardship",
    "django_tasks",
    "django_tasks_db",
    "louyu.jobs",
    "louyu.demo",  # the demo data and its commands; no models
    "benchmarks",  # only the `louyu bench*` commands; no models
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "louyu.core.middleware.RequestSizeLimitMiddleware",
    "louyu.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "louyu.core.middleware.IdleTimeoutMiddleware",
    "louyu.core.middleware.PasswordExpiryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "louyu.web.middleware.PasswordChangeRequiredMiddleware",  # a generated first password is changed first
]

ROOT_URLCONF = "louyu.urls"
WSGI_APPLICATION = "louyu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'louyu.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # IMMEDIATE: a transaction takes the write lock at BEGIN and waits up to `timeout` seconds for it, so two
    # writers queue instead of failing with "database is locked" when a reader upgrades (docs/decisions.md).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": int(os.environ.get("LOUYU_SQLITE_TIMEOUT", "60")), "transaction_mode": "IMMEDIATE",
         "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )

# A read replica (PostgreSQL streaming replica): pages and the API read from it, writes and jobs use the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"],
                                                 conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["louyu.core.routers.ReplicaRouter"]
    MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
                      "louyu.core.routers.ReplicaMiddleware")

# Background jobs (louyu.jobs): Django's tasks API (the django-tasks backport) on its database backend, so the
# queue is a table in the platform's own database (SQLite or PostgreSQL) and needs no extra server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
LOUYU_JOB_HEARTBEAT_SECONDS = float(os.environ.get("LOUYU_JOB_HEARTBEAT_SECONDS", "1"))
LOUYU_JOB_LEASE_SECONDS = float(os.environ.get("LOUYU_JOB_LEASE_SECONDS", "120"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "louyu.core.passwords.ComplexityValidator", "OPTIONS": {"min_classes": 3}},
]
# 等保 2.0: passwords expire (0 = never) and an idle session ends.
LOUYU_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("LOUYU_PASSWORD_MAX_AGE_DAYS", "90"))
LOUYU_IDLE_MINUTES = int(os.environ.get("LOUYU_IDLE_MINUTES", "30"))

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "louyu" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(mode=0o700, parents=True, exist_ok=True)  # whitenoise serves from the apps' folders (finders); keep it quiet
VAR_DIR.chmod(0o700)
for _path in VAR_DIR.glob("louyu.sqlite3*"):  # a database created before the umask above: owner only
    _path.chmod(0o600)
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve straight from the apps' static/ folders; no collectstatic step needed

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
LOUYU_CSP_IMG_SOURCES = os.environ.get("LOUYU_CSP_IMG_SOURCES", "").split()  # e.g. the city's map tile server

# Secure by default: without DEBUG the platform expects HTTPS (docs/security.md 传输与部署).
# LOUYU_BEHIND_TLS_PROXY=1 — nginx (or another proxy) terminates TLS and sets X-Forwarded-Proto.
# LOUYU_PLAIN_HTTP=1 — only for a demo on one's own machine (`louyu demo` sets it): no HTTPS anywhere.
LOUYU_BEHIND_TLS_PROXY = env_bool("LOUYU_BEHIND_TLS_PROXY", False)
_HTTPS = not DEBUG and not env_bool("LOUYU_PLAIN_HTTP", False)
if LOUYU_BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _HTTPS
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _HTTPS or env_bool("LOUYU_SECURE_COOKIES", False)
SECURE_HSTS_SECONDS = int(os.environ.get("LOUYU_HSTS_SECONDS", "31536000")) if _HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _HTTPS
SECURE_HSTS_PRELOAD = env_bool("LOUYU_HSTS_PRELOAD", False)
# Browsers' HSTS preload list is for public domains; a government intranet host cannot (and must not) be on it.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

AUTHENTICATION_BACKENDS = ["louyu.accounts.auth.LockoutBackend"]  # throttling on every password path (page, admin)
CACHES = {
    "default": {
        # Shared by all gunicorn workers, so figures cached until the next `louyu compute` are warmed once.
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
        "TIMEOUT": 3600,
    }
}

# Never trust a file (louyu/intake/limits.py): size, inflation and row limits of every import.
LOUYU_IMPORT_MAX_MB = int(os.environ.get("LOUYU_IMPORT_MAX_MB", "100"))
LOUYU_XLSX_MAX_INFLATED_MB = int(os.environ.get("LOUYU_XLSX_MAX_INFLATED_MB", "1024"))
LOUYU_XLSX_MAX_RATIO = int(os.environ.get("LOUYU_XLSX_MAX_RATIO", "100"))
LOUYU_IMPORT_MAX_ROWS = int(os.environ.get("LOUYU_IMPORT_MAX_ROWS", "2000000"))
# A second import of the same kind waits this long for the first (louyu/intake/locking.py).
LOUYU_IMPORT_QUEUE_SECONDS = int(os.environ.get("LOUYU_IMPORT_QUEUE_SECONDS", "1800"))
# Attempts of each after-import step (indicator refresh …) before the import is marked 后续处理失败.
LOUYU_FOLLOWUP_ATTEMPTS = int(os.environ.get("LOUYU_FOLLOWUP_ATTEMPTS", "3"))
# Form fields without files stay small; files go to a temporary file above 2.5 MB (Django's defaults, explicit).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Sign-in throttling per (account, address) and per address, doubling each time (louyu/accounts/auth.py).
LOUYU_LOGIN_MAX_FAILURES = int(os.environ.get("LOUYU_LOGIN_MAX_FAILURES", "5"))
LOUYU_LOGIN_IP_MAX_FAILURES = int(os.environ.get("LOUYU_LOGIN_IP_MAX_FAILURES", "30"))
LOUYU_LOGIN_LOCK_MINUTES = int(os.environ.get("LOUYU_LOGIN_LOCK_MINUTES", "15"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # No HTTP Basic: the API never takes a password (nothing to guess, no account to lock); tokens instead.
        "louyu.core.tokens.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend", "rest_framework.filters.OrderingFilter"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "louyu.core.api.exception_handler",  # every error body in Chinese
}
SPECTACULAR_SETTINGS = {
    "TITLE": "楼宇经济智慧平台 API",
    "DESCRIPTION": "Louyu building-economy platform API",
    "VERSION": "0.1.0",
    # The schema describes what the API holds: for signed-in users and token holders only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "ENUM_NAME_OVERRIDES": {"ImportKindEnum": "louyu.intake.models.ImportKind.choices",
                            "TenancyKindEnum": "louyu.enterprises.models.TenancyKind.choices"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
