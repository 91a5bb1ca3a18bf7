"""`make bench`: pages and API under load, each as a ratio of a plain Django view (DESIGN.md "Performance").

Serves a throwaway copy of the demo with gunicorn and production settings (plus one plain view,
see bench/urls.py), then measures requests per second with `wrk`. Each measurement runs right after
the plain view returning the same number of bytes, so the ratio holds whatever the machine.
The cache is each process's memory, or Redis at BENCH_REDIS_URL. Exit status 1 when a ratio
is under its target.
"""

import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECONDS = int(os.environ.get("BENCH_SECONDS", "2"))
# Page and plain view take turns this many times and each keeps its best run, so a burst of other
# work on the machine during one run does not decide the ratio.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(os.cpu_count() or 2)))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
# A cookie naming a session bypasses the per-URL answer cache (answers to sessions are never stored
# there); the page then comes from the article cache kept per slug and language. It names no real
# session, so the reader stays anonymous.
SESSION = {"Cookie": "sessionid=benchmark-reader-without-a-session"}


@dataclass
class Measurement:
    name: str
    path: str
    target: float | None
    headers: dict


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> str:
    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603 (fixed commands)
    if result.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def fetch(base: str, path: str, headers: dict | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(base + path, headers=headers or {})  # noqa: S310 (our own local server)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (our own local server)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until_up(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("gunicorn stopped before answering; see its output above")
        try:
            if fetch(base, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit("gunicorn did not answer /healthz within 30 seconds")


def wrk(base: str, path: str, headers: dict, seconds: int) -> float:
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, base + path], check=True, capture_output=True, text=True).stdout  # noqa: S603
    if "Non-2xx" in output or "Socket errors" in output:
        sys.exit(f"wrk saw failed requests on {path}:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def best_of_turns(base: str, paths: list[str], headers: dict) -> list[float]:
    """Requests per second of each path, measured in turns; each keeps its best run."""
    for path in paths:
        wrk(base, path, headers, 1)  # warm every worker: its cache, its database connection
    best = [0.0] * len(paths)
    for _round in range(ROUNDS):
        for number, path in enumerate(paths):
            best[number] = max(best[number], wrk(base, path, headers, SECONDS))
    return best


def environment(directory: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "ERROR",
        "API_THROTTLE_ANON": "1000000/second",
        "DATABASE_URL": f"sqlite:///{directory}/bench.sqlite3",
        # A shared cache only when asked for one: the benchmark's answers must not land in a Redis
        # that something else reads.
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", ""),
        "BENCH_STATIC_ROOT": f"{directory}/static",
    }


def demo_article(env: dict) -> dict:
    script = (
        "import json; from articles.publishing.models import Publication; "
        "live = Publication.objects.live().filter(language='en').order_by('article_id').first(); "
        "print(json.dumps({'id': live.article_id, 'url': live.get_absolute_url()}))"
    )
    return json.loads(manage(env, "shell", "-v", "0", "-c", script).strip().splitlines()[-1])


def measurements(base: str, article: dict) -> list[Measurement]:
    found = [
        Measurement("cached article page", article["url"], 0.7, {}),
        Measurement("article page, session", article["url"], 0.3, SESSION),
    ]
    api = f"/api/v1/articles/{article['id']}/"
    if fetch(base, api)[0] == 200:
        found.append(Measurement("API detail", api, 0.3, {}))
    else:
        print(f"{api} does not answer 200 yet: not measured")
    return found


def main() -> int:
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk (make bench installs it)")
    with tempfile.TemporaryDirectory(prefix="backhealth-bench-") as directory:
        env = environment(directory)
        print("preparing a throwaway database with the demo content…")
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "load_demo")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        article = demo_article(env)
        with serving(env) as base:
            missed = report(base, measurements(base, article))
        print("\nwith no cache at all (every answer rendered from the database, as right after a save):")
        with serving({**env, "BENCH_NO_CACHE": "1"}) as base:
            report(base, [Measurement("article page, no cache", article["url"], None, {})])
        return missed


@contextlib.contextmanager
def serving(env: dict):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603 (our own gunicorn)
        [BIN / "gunicorn", "backhealth.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(base, server)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def report(base: str, chosen: list[Measurement]) -> int:
    print(f"gunicorn {WORKERS} workers, wrk {CONNECTIONS} connections, best of {ROUNDS} runs of {SECONDS} s")
    # Other work on the machine squeezes the page more than the plain view: show how busy it was.
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n")
    print(f"{'':24}{'bytes':>8}{'req/s':>10}{'plain req/s':>13}{'ratio':>8}   target")
    missed = 0
    for measurement in chosen:
        status, body = fetch(base, measurement.path, measurement.headers)
        if status != 200:
            sys.exit(f"{measurement.path} answered {status}")
        plain, page = best_of_turns(base, [f"/bench/plain/{len(body)}/", measurement.path], measurement.headers)
        ratio = page / plain
        if measurement.target is None:
            verdict = "(no target)"
        else:
            verdict = f">= {measurement.target:.1f} " + ("ok" if ratio >= measurement.target else "BELOW TARGET")
            missed += ratio < measurement.target
        print(f"{measurement.name:24}{len(body):>8}{page:>10.0f}{plain:>13.0f}{ratio:>8.2f}   {verdict}")
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
