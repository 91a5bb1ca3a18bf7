"""Settings come from the environment; each case runs in a fresh process, as the site starts."""

import json
import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DJANGO_SECRET_KEY": "k3y-" + "".join(chr(97 + i % 26) for i in range(60)),
    "DJANGO_ALLOWED_HOSTS": "backhealth.example",
}


def start(env: dict, *args: str) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_in(env: dict, *names: str) -> dict:
    script = (
        "from django.conf import settings; import json; "
        f"print(json.dumps({{n: str(getattr(settings, n)) for n in {list(names)}}}))"
    )
    result = start(env, "shell", "-v", "0", "-c", script)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_a_secret_key_and_debug_off_the_site_refuses_to_start_with_one_line():
    result = start({}, "check")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Backhealth refuses to start: set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development)."
    ]


def test_debug_mode_starts_without_a_secret_key():
    assert start({"DJANGO_DEBUG": "1"}, "check").returncode == 0


def test_debug_is_off_and_https_on_by_default():
    values = settings_in(PRODUCTION, "DEBUG", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "SECURE_HSTS_SECONDS")
    assert values == {
        "DEBUG": "False",
        "SECURE_SSL_REDIRECT": "True",
        "SESSION_COOKIE_SECURE": "True",
        "SECURE_HSTS_SECONDS": "31536000",
    }


def test_https_can_be_turned_off_for_plain_http_on_localhost():
    assert settings_in({**PRODUCTION, "DJANGO_HTTPS": "0"}, "SECURE_SSL_REDIRECT")["SECURE_SSL_REDIRECT"] == "False"


def test_allowed_hosts_come_from_a_comma_list():
    values = settings_in({**PRODUCTION, "DJANGO_ALLOWED_HOSTS": "a.example, b.example"}, "ALLOWED_HOSTS")
    assert values["ALLOWED_HOSTS"] == "['a.example', 'b.example']"


def test_database_url_selects_the_database():
    values = settings_in({**PRODUCTION, "DATABASE_URL": "postgres://someone@db.example:5432/site"}, "DATABASES")
    assert "'ENGINE': 'django.db.backends.postgresql'" in values["DATABASES"]
    assert "'HOST': 'db.example'" in values["DATABASES"]


def test_default_database_is_sqlite_in_the_project():
    assert "db.sqlite3" in settings_in({"DJANGO_DEBUG": "1"}, "DATABASES")["DATABASES"]


def test_redis_url_gives_a_shared_cache():
    values = settings_in({**PRODUCTION, "REDIS_URL": "redis://127.0.0.1:6379/9"}, "CACHES")
    assert "RedisCache" in values["CACHES"]


def test_api_throttle_rate_comes_from_the_environment():
    values = settings_in({**PRODUCTION, "API_THROTTLE_ANON": "5/second"}, "REST_FRAMEWORK")
    assert "'anon': '5/second'" in values["REST_FRAMEWORK"]


def test_deploy_checks_pass_with_debug_off_and_https_on():
    result = start(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_checks_of_the_database_find_nothing_to_warn_of(tmp_path):
    # In a process of its own: the admin sets attributes on its classes once its pages have run.
    checked = start(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "DJANGO_DEBUG": "1"},
        "check",
        "--database",
        "default",
        "--fail-level",
        "WARNING",
    )
    assert checked.returncode == 0, checked.stderr
    assert "no issues (1 silenced)" in checked.stdout
