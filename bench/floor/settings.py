"""The floor: the least a Django project can be, the yardstick of every figure `make bench` prints.

No database, no apps, no templates; only the two middleware a new project would keep in front of
any site (DESIGN.md "Performance"). Served by the same gunicorn settings as Backhealth.
"""

import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
INSTALLED_APPS = []
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
ROOT_URLCONF = "bench.floor.urls"
WSGI_APPLICATION = "bench.floor.wsgi.application"
DATABASES = {}
USE_TZ = True
