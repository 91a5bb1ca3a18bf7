"""Without Redis a process keeps the scope numbers it read, for as long as its database says that
nothing was committed since: a hit costs no query, and no process serves an answer older than the
last publish (DESIGN.md "Performance")."""

import datetime
import select
import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from backhealth import cache as answers
from backhealth import scope_watch

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def listening_afresh():
    """A test that loses the listening connection leaves none for a few seconds: the next test
    listens again at once."""
    yield
    scope_watch.stop()


def numbers(*names):
    """The numbers as a new request reads them."""
    answers._forget_numbers()
    return {name: state[0] for name, state in answers.scope_states(names).items()}


def elsewhere(work):
    """Run `work` as another process would: on a database connection of its own, and without
    touching this process's memory (its commit cannot make this process forget its numbers)."""
    failures = []

    def run():
        try:
            work()
        except Exception as error:  # reported below, in the test's thread
            failures.append(error)
        finally:
            connections.close_all()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(answers, "forget_kept_numbers", lambda: None)
        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
    assert not failures, failures


def publish_elsewhere(*names):
    def work():
        with transaction.atomic():
            answers.invalidate(*names)

    elsewhere(work)
    delivered()


def listener():
    """This process's connection that listens for scope changes (PostgreSQL), if it has one."""
    watch = scope_watch._watches.get("postgresql")
    return watch._listener if watch is not None else None


def delivered():
    """On PostgreSQL, the notification is sent on by the listening session just after the commit:
    wait until it has reached this process's socket."""
    if listener() is not None:
        select.select([listener().pgconn.socket], [], [], 5)


def test_a_kept_number_costs_no_query(django_assert_num_queries):
    numbers("things")
    with django_assert_num_queries(0):
        assert numbers("things") == {"things": 0}


def test_without_the_watch_every_read_asks_the_database(settings, django_assert_num_queries):
    settings.SCOPE_WATCH = False
    numbers("things")
    with django_assert_num_queries(1):
        assert numbers("things") == {"things": 0}


def test_a_commit_by_another_connection_is_seen_at_the_next_read():
    assert numbers("things", "other") == {"things": 0, "other": 0}
    publish_elsewhere("things")
    assert numbers("things", "other") == {"things": 1, "other": 0}
    publish_elsewhere("things")
    assert numbers("things") == {"things": 2}


def test_this_connection_s_own_commit_is_seen_at_the_next_read():
    numbers("things")
    with transaction.atomic():
        answers.invalidate("things")
    assert numbers("things") == {"things": 1}


def test_a_rolled_back_change_is_never_kept():
    numbers("things")
    with pytest.raises(RuntimeError), transaction.atomic():
        answers.invalidate("things")
        assert numbers("things") == {"things": 1}
        raise RuntimeError("the publish failed")
    assert numbers("things") == {"things": 0}


def test_a_change_scheduled_elsewhere_is_seen_at_the_next_read(monkeypatch):
    numbers("things")
    moment = timezone.now() + datetime.timedelta(minutes=5)

    def schedule():
        with transaction.atomic():
            answers.invalidate("things", at=moment)

    elsewhere(schedule)
    delivered()
    assert numbers("things") == {"things": 0}
    monkeypatch.setattr(time, "time", lambda: moment.timestamp() + 1)
    answers._forget_numbers()
    assert numbers("things") == {"things": 1}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the listening connection is PostgreSQL's")
def test_a_lost_listening_connection_means_reading_the_numbers_again():
    numbers("things")
    pid = listener().info.backend_pid
    elsewhere(lambda: connection.cursor().execute("SELECT pg_terminate_backend(%s)", [pid]))
    # Its notifications are lost with it: this commit is heard by nobody.
    publish_elsewhere("things")
    assert numbers("things") == {"things": 1}
    # Until a new connection listens, every read goes to the database.
    publish_elsewhere("things")
    assert numbers("things") == {"things": 2}
