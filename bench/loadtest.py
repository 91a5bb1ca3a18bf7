"""`make loadtest`: a minute of mixed load, then the fault drills, against gunicorn in production settings.

It serves a throwaway copy of the demo (on a throwaway PostgreSQL database when the local server
answers, else SQLite) with a throwaway `redis-server` as the shared cache, and runs:

- wrk for 60 s with 32 connections over a mix of pages and API answers, reporting failed
  requests (socket errors, 5xx and any other non-2xx answer) and each worker's memory before
  and after;
- the drills, each under load: Redis stopped, Redis hanging (paused), and every database
  connection killed (PostgreSQL only), each reporting the failed requests.

Exit status 0 only when no request failed. Every address is on this machine.
"""

import contextlib
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.run import BIN, ROOT, fetch, free_port, python

LOAD_SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
LOAD_CONNECTIONS = int(os.environ.get("LOADTEST_CONNECTIONS", "32"))
DRILL_SECONDS = int(os.environ.get("LOADTEST_DRILL_SECONDS", "10"))
POSTGRES = os.environ.get("LOADTEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def wait_until_up(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("gunicorn stopped before answering; see its output above")
        with contextlib.suppress(OSError):
            if fetch(base, "/healthz")[0] == 200:
                return
        time.sleep(0.2)
    sys.exit("gunicorn did not answer /healthz within 30 seconds")


def mixed_paths(base: str) -> list[str]:
    """Every live article page in every language, and the listings and API answers around them."""
    paths = [
        "/en/",
        "/es/",
        "/en/articles/",
        "/de/artikel/",
        "/en/search/?q=back",
        "/fr/questions-frequentes/",
        "/en/faq/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
    ]
    paths += ["/en/feed.xml", "/api/v1/articles/", "/api/v1/topics/", "/api/v1/faqs/", "/api/v1/changes/"]
    status, body, _headers = fetch(base, "/sitemap-articles.xml")
    if status != 200:
        sys.exit(f"/sitemap-articles.xml answered {status}")
    for location in re.findall(r"<loc>([^<]+)</loc>", body.decode()):
        paths.append(re.sub(r"^https?://[^/]+", "", location))
    for number in range(1, 5):
        paths += [f"/api/v1/articles/{number}/", f"/api/v1/articles/{number}/?lang=ar"]
    return sorted(set(paths))


def lua_script(directory: str, paths: list[str]) -> str:
    script = Path(directory) / "mixed.lua"
    listed = ",\n".join(f'  "{path}"' for path in paths)
    script.write_text(
        f"paths = {{\n{listed}\n}}\n"
        "request = function()\n  return wrk.format('GET', paths[math.random(#paths)])\nend\n",
        encoding="utf-8",
    )
    return str(script)


def load(base: str, script: str, seconds: int, connections: int) -> dict:
    """wrk's figures: requests, socket errors, answers that were not 2xx or 3xx."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", script, base]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603 (fixed command)
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    socket_errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return {"requests": requests, "rate": rate, "failed": socket_errors + (int(non_2xx.group(1)) if non_2xx else 0)}


def worker_memory(master: int) -> list[int]:
    """Resident memory of each gunicorn worker, in MiB."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for child in children:
        status = Path(f"/proc/{child}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) // 1024)
    return sizes


def start_redis(port: int) -> subprocess.Popen:
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL)  # noqa: S603 (a throwaway server of our own)
    time.sleep(0.5)
    return server


def stop(server: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        server.send_signal(signal.SIGCONT)
        server.terminate()
    server.wait(timeout=10)


@contextlib.contextmanager
def throwaway_database(directory: str):
    """A PostgreSQL database of its own when the local server answers, else an SQLite file."""
    try:
        import psycopg

        name = f"loadtest_{secrets.token_hex(4)}"
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True, connect_timeout=3) as connection:
            connection.execute(f"CREATE DATABASE {name}")
    except (ImportError, OSError, psycopg.Error):
        yield f"sqlite:///{directory}/loadtest.sqlite3", None
        return
    try:
        yield f"{POSTGRES}/{name}", name
    finally:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def kill_connections(name: str) -> int:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        ).fetchall()
    return len(rows)


def drill(name: str, base: str, script: str, fault, mend) -> int:
    """Load while `fault()` is in force for the middle of the run; returns the failed requests."""
    command = ["wrk", "-t2", "-c8", f"-d{DRILL_SECONDS}s", "--timeout", "5s", "-s", script, base]
    runner = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)  # noqa: S603 (fixed command)
    time.sleep(DRILL_SECONDS / 4)
    fault()
    time.sleep(DRILL_SECONDS / 2)
    mend()
    output = runner.communicate(timeout=DRILL_SECONDS + 30)[0]
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    socket_errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    failed = socket_errors + (int(non_2xx.group(1)) if non_2xx else 0)
    print(f"{name:34}{requests:>10}{failed:>10}")
    return failed


def main() -> int:
    for command in ("wrk", "redis-server"):
        if not shutil.which(command):
            sys.exit(f"{command} is missing: apt-get install -y {command}")
    redis_port = free_port()
    redis = {"server": start_redis(redis_port)}
    with (
        tempfile.TemporaryDirectory(prefix="backhealth-loadtest-") as directory,
        throwaway_database(directory) as (database_url, postgres_name),
    ):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "backhealth.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_HTTPS": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_LOG_LEVEL": "CRITICAL",
            "API_THROTTLE_ANON": "1000000/second",
            "DATABASE_URL": database_url,
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        }
        print(f"database: {'PostgreSQL' if postgres_name else 'SQLite'}; cache: redis-server on port {redis_port}")
        python(env, "manage.py", "migrate", "--noinput", "-v", "0")
        python(env, "manage.py", "load_demo")
        python(env, "manage.py", "collectstatic", "--noinput", "-v", "0")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(  # noqa: S603 (our own gunicorn)
            [BIN / "gunicorn", "backhealth.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "30"],
            cwd=ROOT,
            env=env,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(base, server)
            script = lua_script(directory, mixed_paths(base))
            before = worker_memory(server.pid)
            figures = load(base, script, LOAD_SECONDS, LOAD_CONNECTIONS)
            after = worker_memory(server.pid)
            print(
                f"\nmixed load: {LOAD_SECONDS} s, {LOAD_CONNECTIONS} connections: {figures['requests']} requests "
                f"({figures['rate']:.0f}/s), {figures['failed']} failed"
            )
            print(f"worker memory (MiB): before {before}, after {after}\n")
            print(f"{'drill':34}{'requests':>10}{'failed':>10}")
            failed = figures["failed"]
            failed += drill(
                "Redis stopped",
                base,
                script,
                lambda: stop(redis["server"]),
                lambda: redis.update(server=start_redis(redis_port)),
            )
            failed += drill(
                "Redis hanging (paused)",
                base,
                script,
                lambda: redis["server"].send_signal(signal.SIGSTOP),
                lambda: redis["server"].send_signal(signal.SIGCONT),
            )
            if postgres_name:
                failed += drill(
                    "database connections killed",
                    base,
                    script,
                    lambda: [kill_connections(postgres_name) for _ in range(3)],
                    lambda: kill_connections(postgres_name),
                )
            else:
                print(f"{'database connections killed':34}  (SQLite: no connections to kill)")
            print(f"\n{'no request failed' if not failed else f'{failed} requests failed'}")
            return 1 if failed else 0
        finally:
            server.terminate()
            server.wait(timeout=30)
            stop(redis["server"])


if __name__ == "__main__":
    sys.exit(main())
