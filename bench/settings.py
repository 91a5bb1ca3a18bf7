"""The production settings, as `make bench` serves them (DJANGO_DEBUG=0 and the rest come from
the environment bench/run.py gives)."""

import os

from backhealth.settings import *  # noqa: F403 (the very settings production runs with)

# collectstatic writes here, outside the project, so a benchmark leaves no files behind.
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]

if os.environ.get("BENCH_NO_CACHE") == "1":
    # Every answer rendered from the database, as the first reader after a publish meets it.
    # (The API's rate limit keeps its counts in this cache too, so it does no work here.)
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
