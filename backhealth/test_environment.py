"""Test environment, loaded as a pytest plugin before Django reads its settings.

Production behaviour (debug off) with a throwaway key and plain HTTP.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-never-used-outside-tests")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_MANIFEST_STATIC", "0")
# Playwright's synchronous API runs an event loop in the test thread; the ORM calls made by tests
# around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("CHANGES_SETTLE_SECONDS", "0")
