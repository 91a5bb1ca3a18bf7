"""Backhealth settings, read from the environment (DESIGN.md "Settings"). `make run` needs none."""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from corsheaders.defaults import default_headers as cors_default_headers
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _
from xstatic.pkg import jquery_ui

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"Backhealth refuses to start: {name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # One clear line instead of a traceback: the site must not start with a guessable key.
        raise SystemExit(
            "Backhealth refuses to start: set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = "insecure-local-development-key-only-for-debug-mode"  # noqa: S105 (debug only)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
# Load balancers check health over plain HTTP inside the network; a redirect would read as a failure.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before django.contrib.admin.
    "modeltranslation",
    # django.contrib.admin with the editorial home page as its index.
    "articles.admin_site.EditorialAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "backhealth.apps.BackhealthStaticFilesConfig",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "csp",
    "axes",
    "reversion",
    "nested_admin",
    "backhealth",
    "articles",
    "faq",
]

MIDDLEWARE = [
    # Cached anonymous answers leave here, before any other middleware runs, as they were finally
    # sent the first time: with the security, CORS and every other header the middleware below added
    # (the entry is per raw request: scheme, Host, path, Origin, the negotiated headers).
    "backhealth.cache.CachedAnswerMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "backhealth.headers.PermissionsPolicyMiddleware",
    # Before anything builds a URL: the public origin replaces the request's Host.
    "backhealth.site_url.SiteURLMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Below the answer cache, so that a kept answer is compressed once, not on every hit (ETags
    # turn weak, W/"…", which conditional requests still match).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "backhealth.headers.ContentSecurityPolicyMiddleware",
    # After the header middleware, so that its 405 answers carry the same headers as any other.
    "backhealth.http_methods.KnownMethodsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "backhealth.urls"
# Where the admin lives, without a leading slash (e.g. "editors/"): a path scanners do not guess.
ADMIN_PATH = os.environ.get("ADMIN_PATH", "admin/").strip("/") + "/"
WSGI_APPLICATION = "backhealth.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "backhealth" / "templates"],
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

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The listings index INCLUDEs the publication's id for PostgreSQL; SQLite's indexes hold it anyway.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

REDIS_URL = os.environ.get("REDIS_URL", "")
# A hanging Redis must cost a request a fraction of a second, not the worker (Django's default
# socket timeout is none); the backend answers as a miss when Redis fails.
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "0.25"))
# Without Redis, a process keeps the cache scope numbers while its database says nothing changed
# (backhealth.scope_watch). Turn it off where PostgreSQL is reached through a pooler in
# transaction mode (PgBouncer), which cannot carry LISTEN: every hit then reads the numbers.
SCOPE_WATCH = env_bool("SCOPE_WATCH", True)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "backhealth.cache_backends.FaultTolerantRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "backhealth.cache_backends.LocalMemoryCache",
            "LOCATION": "backhealth",
            # Each process's memory is bounded: the oldest entries go first.
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "2000"))},
        }
    }

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The public origin (e.g. https://backhealth.example): with debug off, every absolute URL on pages,
# feeds, the sitemap and the API is built from it, never from the request's Host.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
if SITE_URL and urlsplit(SITE_URL).hostname not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(urlsplit(SITE_URL).hostname)

# Who publishes the site, for the pages' structured data (schema.org `publisher`); the address
# defaults to SITE_URL, else the address the page was asked at.
SITE_ORGANIZATION = {
    "name": os.environ.get("SITE_ORGANIZATION_NAME", "Backhealth"),
    "url": os.environ.get("SITE_ORGANIZATION_URL", SITE_URL),
    "email": os.environ.get("SITE_ORGANIZATION_EMAIL", ""),
}

# Publishing needs a clinical approval of the current working copy (articles/review); operators
# can still publish with --skip-review, which the history records.
REVIEW_REQUIRED = env_bool("REVIEW_REQUIRED", True)
# An approval sets the next review this many days ahead.
REVIEW_INTERVAL_DAYS = env_int("REVIEW_INTERVAL_DAYS", 365)

# Checks that still run for an answer served from the cache before the views (backhealth.cache).
CACHED_ANSWER_CHECKS = ["articles.api.http.within_rate_at_the_door"]

# How old a change event must be before the change feed lists it (a late commit cannot slip in
# before a token already handed out).
CHANGES_SETTLE_SECONDS = int(os.environ.get("CHANGES_SETTLE_SECONDS", "2"))

# How many proxies in front of the site append to X-Forwarded-For (0: the header is ignored).
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)

# A user name is locked after a few failures from any addresses, an address after many failures
# for any names (backhealth/login_lockout.py), each until the cool-off has passed since its last
# failure: short, since anyone who knows a name can lock it.
AXES_HANDLER = "backhealth.login_lockout.UserNameAndAddressLockoutHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = 5
ADDRESS_FAILURE_LIMIT = 20
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_CLIENT_IP_CALLABLE = "backhealth.client_address.client_address"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("de", _("German")),
    ("ar", _("Arabic")),
]
LANGUAGES_BIDI = ["ar"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
STATIC_URL = "/static/"
# modeltranslation's tabs load jQuery UI from a CDN by default; serve it ourselves.
JQUERY_UI_URL = STATIC_URL + "jquery-ui/jquery-ui.min.js"

STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "backhealth" / "static", ("jquery-ui", jquery_ui.BASE_DIR)]
MANIFEST_STATIC = env_bool("DJANGO_MANIFEST_STATIC", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if MANIFEST_STATIC
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without collected, fingerprinted files (debug, tests), whitenoise serves them from the finders.
WHITENOISE_USE_FINDERS = not MANIFEST_STATIC

API_THROTTLE_ANON = os.environ.get("API_THROTTLE_ANON", "120/minute")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "articles.api.http.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": API_THROTTLE_ANON},
    # Clients are told apart by the connecting address, never by a header they can change.
    "NUM_PROXIES": TRUSTED_PROXIES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Backhealth API",
    "DESCRIPTION": "Read-only access to Backhealth's published back-health articles, topics and FAQs.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"LanguageEnum": "articles.api.serializers.LANGUAGE_CHOICES"},
}

CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# Readable by scripts on other sites too: conditional requests and waiting out the throttle.
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]
# A preflight allows the conditional request headers, so scripts elsewhere can revalidate.
CORS_ALLOW_HEADERS = (*cors_default_headers, "if-none-match", "if-modified-since")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "style-src": [SELF],
        "script-src": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}

# Third-party screens that write `style` attributes in their markup (Django's admin, Swagger UI);
# public pages allow no inline style. No page allows inline script.
INLINE_STYLE_PATHS = [f"/{ADMIN_PATH}", "/api/v1/docs/"]
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "one_line": {"()": "backhealth.log_formats.OneLineFormatter", "format": "%(levelname)s %(name)s %(message)s"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "console_one_line": {"class": "logging.StreamHandler", "formatter": "one_line"},
    },
    "loggers": {
        # Scanners send other Host headers all day: one line each, not a traceback.
        "django.security.DisallowedHost": {"handlers": ["console_one_line"], "propagate": False},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
