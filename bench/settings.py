"""Production settings plus the benchmark's plain view; used only by `make bench`."""

import os

from backhealth.settings import *  # noqa: F403 (the very settings production runs with)

ROOT_URLCONF = "bench.urls"
# collectstatic writes here, outside the project, so a benchmark leaves no files behind.
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]

if os.environ.get("BENCH_NO_CACHE") == "1":
    # Every answer rendered from the database: what a reader meets right after a save.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
