"""The demo content loaded once per test module, for the many tests that only read it.

Loading the demo through the importer takes about a second; read-only page tests share one load.
Each test still runs in its own savepoint, so a test that changes something leaves no trace.
"""

import pytest
from django.db import transaction

from articles.demo import demo_load


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load(log=lambda message: None)
        yield
        transaction.set_rollback(True)
