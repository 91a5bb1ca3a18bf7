"""The admin login under password guessing: per user name, per address, behind proxies."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import RequestFactory
from django.urls import reverse

from backhealth.client_address import client_address
from backhealth.tests.test_settings import PRODUCTION, settings_in, start

PASSWORD = "a-long-and-correct-passphrase"
LOCKED = 429


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    # Each attempt hashes a password, guessed names included; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(db):
    return User.objects.create_user("editor", password=PASSWORD, is_staff=True)


def log_in(client, username, password, address="192.0.2.1", **headers):
    client.cookies.clear()
    return client.post(
        reverse("admin:login"), {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def signed_in(response) -> bool:
    return response.status_code == 302


def test_a_user_name_is_locked_after_five_failures_from_five_addresses(client, editor):
    for number in range(5):
        log_in(client, "editor", "wrong", address=f"198.51.100.{number}")

    assert log_in(client, "editor", PASSWORD, address="203.0.113.9").status_code == LOCKED


def test_four_failures_leave_the_user_name_open(client, editor):
    for number in range(4):
        log_in(client, "editor", "wrong", address=f"198.51.100.{number}")

    assert signed_in(log_in(client, "editor", PASSWORD, address="203.0.113.9"))


def test_an_address_is_locked_after_twenty_failures_over_twenty_names(client, editor):
    for number in range(20):
        log_in(client, f"guess{number}", "wrong")

    assert log_in(client, "editor", PASSWORD).status_code == LOCKED
    assert signed_in(log_in(client, "editor", PASSWORD, address="203.0.113.9"))


def test_an_address_may_mistype_many_names_before_it_is_locked(client, editor):
    for number in range(19):
        log_in(client, f"guess{number}", "wrong")

    assert signed_in(log_in(client, "editor", PASSWORD))


def test_the_lock_opens_after_the_cool_off(client, editor, settings):
    for number in range(5):
        log_in(client, "editor", "wrong", address=f"198.51.100.{number}")
    assert log_in(client, "editor", PASSWORD).status_code == LOCKED

    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - settings.AXES_COOLOFF_TIME)

    assert signed_in(log_in(client, "editor", PASSWORD))


def test_without_trusted_proxies_a_changed_forwarded_for_does_not_get_around_the_lock(client, editor):
    for number in range(20):
        log_in(client, f"guess{number}", "wrong", HTTP_X_FORWARDED_FOR=f"10.1.0.{number}")

    assert log_in(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == LOCKED


def test_behind_a_proxy_a_forged_forwarded_for_does_not_get_around_the_lock(client, editor, settings):
    settings.TRUSTED_PROXIES = 1
    for number in range(20):
        log_in(
            client, f"guess{number}", "wrong", address="10.0.0.2", HTTP_X_FORWARDED_FOR=f"10.1.0.{number}, 192.0.2.7"
        )

    locked = log_in(client, "editor", PASSWORD, address="10.0.0.2", HTTP_X_FORWARDED_FOR="10.9.9.9, 192.0.2.7")
    other_client = log_in(client, "editor", PASSWORD, address="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.8")

    assert locked.status_code == LOCKED
    assert signed_in(other_client)


def request_from(address="192.0.2.1", forwarded=None):
    extra = {"REMOTE_ADDR": address}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, None, "192.0.2.1"),
        (0, "203.0.113.5", "192.0.2.1"),
        (1, None, "192.0.2.1"),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "10.0.0.1, 203.0.113.5", "203.0.113.5"),
        (2, "10.0.0.1, 203.0.113.5, 198.51.100.2", "203.0.113.5"),
        (2, "203.0.113.5", "203.0.113.5"),
        (1, "not-an-address", "192.0.2.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_is_the_nth_forwarded_entry_from_the_right(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXIES = proxies

    assert client_address(request_from(forwarded=forwarded)) == expected


def test_trusted_proxies_also_set_the_api_throttles_count():
    values = settings_in({**PRODUCTION, "TRUSTED_PROXIES": "2"}, "TRUSTED_PROXIES", "REST_FRAMEWORK")

    assert values["TRUSTED_PROXIES"] == "2"
    assert "'NUM_PROXIES': 2" in values["REST_FRAMEWORK"]


def test_trusted_proxies_that_is_not_a_number_stops_the_site_with_one_line():

    result = start({**PRODUCTION, "TRUSTED_PROXIES": "two"}, "check")

    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Backhealth refuses to start: TRUSTED_PROXIES must be a whole number, not 'two'."
    ]


def test_the_admin_path_is_a_setting_and_robots_txt_follows_it():
    script = (
        "from django.test import Client; from django.urls import reverse; "
        "print(reverse('admin:index')); "
        "print(Client().get('/robots.txt', HTTP_HOST='backhealth.example').content.decode())"
    )

    result = start({**PRODUCTION, "DJANGO_HTTPS": "0", "ADMIN_PATH": "editors/"}, "shell", "-v", "0", "-c", script)

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "/editors/" in lines
    assert "Disallow: /editors/" in lines
    assert "Disallow: /admin/" not in lines
