"""`make bench`: Backhealth under load, each answer as a ratio of the floor (DESIGN.md "Performance").

The floor is a separate minimal Django project (bench/floor/: SecurityMiddleware and
CommonMiddleware, one view returning N bytes, no database). Backhealth runs with production
settings against a throwaway database of BENCH_ARTICLES generated articles (bench/database.py).
Both are served by the same gunicorn settings, in the same run, and every measurement takes
turns with the floor returning the same number of bytes: floor, Backhealth, floor, Backhealth…
Each side keeps its best turn (req/s and that turn's p50 and p99 latency), so a burst of other
work on the machine during one turn does not decide the ratio.

Three servers run side by side: the floor, Backhealth with its answer cache, and Backhealth with
a cache that keeps nothing (BENCH_NO_CACHE=1), where every answer is rendered from the database,
as the first reader after a publish meets it.

Environment: BENCH_ARTICLES (100), BENCH_SECONDS per turn (3), BENCH_ROUNDS (3),
BENCH_CONNECTIONS (8), BENCH_EDITS=1 (also measure cached pages while an editor publishes one
article a second), BENCH_FRESH=1 (generate the articles again), DATABASE_URL (a PostgreSQL server
to work on; else SQLite), BENCH_REDIS_URL (the cache in Redis instead of each worker's memory).
Writes bench/RESULTS.md. Exit status 1 when a ratio misses its target.
"""

import concurrent.futures
import contextlib
import datetime
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
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import database  # noqa: E402 (the project on the path first)

BIN = Path(sys.executable).parent
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "100"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "3"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
# Seconds wrk waits for an answer before counting a timeout; an answer slower than SLOWEST once,
# with nothing else running, is not measured (wrk would count little but timeouts).
WRK_TIMEOUT = 30
SLOWEST = 5
EDITS = os.environ.get("BENCH_EDITS") == "1"
WORKERS = 2
GUNICORN = ["--workers", str(WORKERS), "--worker-class", "sync"]
RESULTS = ROOT / "bench" / "RESULTS.md"
LUA = ROOT / "bench" / "paths.lua"


@dataclass
class Turn:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: str = ""


@dataclass
class Measurement:
    name: str
    server: str  # "cached" or "uncached"
    paths: list[str]
    target: float | None = None
    headers: dict = field(default_factory=dict)
    status: int = 200
    size: int = 0
    backhealth: Turn | None = None
    floor: Turn | None = None
    skipped: str = ""

    @property
    def ratio(self) -> float:
        if self.skipped:
            return 0.0
        return self.backhealth.requests_per_second / self.floor.requests_per_second

    @property
    def missed(self) -> bool:
        return self.target is not None and self.ratio < self.target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def python(env: dict, *args: str) -> str:
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def fetch(base: str, path: str, headers: dict | None = None, timeout: float = 30) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(base + path, headers=headers or {})  # noqa: S310 (our own local server)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (our own local server)
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def environment(directory: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "ERROR",
        # High enough that wrk from one address is never refused; the limit is still checked.
        "API_THROTTLE_ANON": "1000000/second",
        # A shared cache only when asked for one: the benchmark's answers must not land in a Redis
        # that something else reads.
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", ""),
        "BENCH_STATIC_ROOT": f"{directory}/static",
    }


@contextlib.contextmanager
def serving(env: dict, application: str, probe: str):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603 (our own gunicorn)
        [BIN / "gunicorn", application, "--bind", f"127.0.0.1:{port}", *GUNICORN], cwd=ROOT, env=env
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                sys.exit(f"gunicorn {application} stopped before answering; see its output above")
            with contextlib.suppress(OSError):
                if fetch(base, probe)[0] == 200:
                    break
            if time.monotonic() > deadline:
                sys.exit(f"gunicorn {application} did not answer {probe} within 60 seconds")
            time.sleep(0.2)
        yield base, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


def _milliseconds(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(base: str, paths: list[str], headers: dict, seconds: int, directory: str) -> Turn:
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", f"{WRK_TIMEOUT}s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    env = dict(os.environ)
    if len(paths) > 1:
        listing = Path(directory) / f"paths-{abs(hash(tuple(paths)))}.txt"
        listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
        command += ["-s", str(LUA)]
        env["BENCH_PATHS"] = str(listing)
    output = subprocess.run([*command, base + paths[0]], check=True, capture_output=True, text=True, env=env).stdout  # noqa: S603
    latency = {
        percent: _milliseconds(value, unit)
        for percent, value, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
    }
    errors = "; ".join(line.strip() for line in output.splitlines() if "Non-2xx" in line or "Socket errors" in line)
    return Turn(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        # wrk prints no percentiles when no request finished.
        p50_ms=latency.get("50", float("nan")),
        p99_ms=latency.get("99", float("nan")),
        errors=errors,
    )


def drain(base: str) -> None:
    """Wait until both workers are idle: a slow answer wrk gave up on is still being made.

    One request per worker at once: once both are answered, each worker has finished what it
    had accepted before.
    """
    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        for future in [pool.submit(fetch, base, "/healthz", None, 300) for _worker in range(WORKERS)]:
            future.result()


def measure(
    measurement: Measurement, backhealth: str, floor: str, directory: str, rounds: int = ROUNDS, warm: bool = True
) -> None:
    floor_path = [f"/{measurement.size}/"]
    if warm:
        # Warm every worker (its caches, its database connection) before the turns count.
        wrk(backhealth, measurement.paths, measurement.headers, 1, directory)
        drain(backhealth)
        wrk(floor, floor_path, {}, 1, directory)
    for _round in range(rounds):
        turn = wrk(floor, floor_path, {}, SECONDS, directory)
        if measurement.floor is None or turn.requests_per_second > measurement.floor.requests_per_second:
            measurement.floor = turn
        turn = wrk(backhealth, measurement.paths, measurement.headers, SECONDS, directory)
        drain(backhealth)
        if measurement.backhealth is None or turn.requests_per_second > measurement.backhealth.requests_per_second:
            measurement.backhealth = turn


def check(measurement: Measurement, base: str) -> None:
    """Every path answers as expected before it is measured; the size is their mean body size."""
    sizes = []
    for number, path in enumerate(measurement.paths):
        # The first answer of a kind also pays for a worker's first imports: it is not timed.
        for _attempt in range(2 if number == 0 else 1):
            started = time.monotonic()
            try:
                status, body, _headers = fetch(base, path, measurement.headers, timeout=2 * SLOWEST)
            except (TimeoutError, urllib.error.URLError) as error:
                measurement.skipped = f"{path} did not answer within {2 * SLOWEST} s ({error}); not measured"
                return
        took = time.monotonic() - started
        if took > SLOWEST:
            measurement.skipped = f"{path} took {took:.1f} s to answer once; not measured"
            return
        if status != measurement.status:
            sys.exit(f"{measurement.name}: {path} answered {status}, not {measurement.status}")
        sizes.append(len(body))
    measurement.size = round(sum(sizes) / len(sizes))


def plan(sample: dict, cached: str) -> list[Measurement]:
    article, spread = sample["article"], sample["spread"]
    api = f"/api/v1/articles/{article['id']}/"
    etag = fetch(cached, api)[2].get("ETag")
    found = [
        Measurement("article page, cached", "cached", [article["url"]], 0.9),
        Measurement("article page, not cached", "uncached", [item["url"] for item in spread], 0.3),
        Measurement("article list, not cached", "uncached", ["/en/articles/"], 0.2),
        Measurement("topic page, not cached", "uncached", [sample["topic"]], 0.2),
        Measurement("search page, not cached", "uncached", [sample["search"]], 0.2),
        Measurement("API detail, cached", "cached", [api], 0.9),
        Measurement("API detail, not cached", "uncached", [f"/api/v1/articles/{item['id']}/" for item in spread], 0.5),
        Measurement("API list, not cached", "uncached", ["/api/v1/articles/"]),
        Measurement("sitemap index, not cached", "uncached", ["/sitemap.xml"]),
        Measurement("sitemap section, not cached", "uncached", ["/sitemap-articles.xml"]),
        Measurement("change feed, not cached", "uncached", ["/api/v1/changes/"]),
    ]
    if etag:
        found.append(Measurement("API detail, 304", "cached", [api], 0.9, {"If-None-Match": etag}, status=304))
    else:
        print(f"{api} sends no ETag: the conditional GET is not measured")
    return found


def worker_memory(master: int) -> list[float]:
    """Resident memory of each gunicorn worker, in MB (from /proc)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for child in children:
        status = Path(f"/proc/{child}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
    return sizes


def machine() -> str:
    model = "unknown CPU"
    with contextlib.suppress(OSError):
        found = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
        model = found.group(1).strip() if found else model
    return f"{os.cpu_count()} CPUs ({model})"


def load() -> str:
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def table(measurements: list[Measurement]) -> list[str]:
    lines = [
        "| answer | bytes | req/s | p50 ms | p99 ms | floor req/s | floor p50 ms | ratio | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for m in measurements:
        verdict = "–" if m.target is None else f"≥ {m.target:g} " + ("ok" if not m.missed else "**missed**")
        if m.skipped:
            lines.append(f"| {m.name} | | | | | | | | {verdict}: {m.skipped} |")
            continue
        lines.append(
            f"| {m.name} | {m.size} | {m.backhealth.requests_per_second:.0f} | {m.backhealth.p50_ms:.2f} | "
            f"{m.backhealth.p99_ms:.2f} | {m.floor.requests_per_second:.0f} | {m.floor.p50_ms:.2f} | "
            f"{m.ratio:.2f} | {verdict} |"
        )
    return lines


def edits(sample: dict, env: dict, cached: str, floor: str, directory: str) -> tuple[list[str], bool]:
    """Cached pages of some articles, read while nothing is published and while others are."""
    readers = sample["readers"]
    quiet = Measurement("article pages, cached, no edits", "cached", readers)
    check(quiet, cached)
    busy = Measurement("article pages, cached, one publish a second", "cached", readers)
    busy.size = quiet.size
    pause = Path(directory) / "pause-edits"
    pause.touch()
    editor = subprocess.Popen(  # noqa: S603 (our own script)
        [sys.executable, "-m", "bench.edits", str(pause), *map(str, sample["edited"])],
        cwd=ROOT,
        env={**env, "REVIEW_REQUIRED": "0"},
        stdout=subprocess.PIPE,
        text=True,
    )
    if editor.poll() is not None:
        sys.exit("the editor (bench/edits.py) stopped at once; see its output above")
    try:
        # Quiet and busy turns alternate (each after a floor turn), so that both meet the same
        # machine: the editor publishes only while the pause file is gone.
        for _round in range(ROUNDS):
            pause.touch()
            time.sleep(1)
            measure(quiet, cached, floor, directory, rounds=1, warm=_round == 0)
            pause.unlink()
            time.sleep(1)
            measure(busy, cached, floor, directory, rounds=1, warm=False)
    finally:
        editor.terminate()
        published = editor.communicate(timeout=30)[0].strip()
    if editor.returncode:
        sys.exit(f"the editor (bench/edits.py) failed (exit status {editor.returncode}); see its output above")
    change = busy.ratio / quiet.ratio - 1
    within = abs(change) <= 0.10
    lines = [
        "",
        f"Under edits ({len(readers)} articles' pages read in turn, turns without and with edits alternating;"
        f" {published}):",
        "",
        *table([quiet, busy]),
        "",
        f"Cached-page ratio under edits: {change:+.0%} against the run without edits "
        f"(target: within 10%) {'ok' if within else '**missed**'}",
    ]
    return lines, not within


def write_results(key: str, lines: list[str]) -> None:
    """Keep the newest section per database engine and article count in bench/RESULTS.md."""
    start, end = f"<!-- bench: {key} -->", f"<!-- end: {key} -->"
    section = "\n".join([start, *lines, end])
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if not text:
        text = (
            "# `make bench` results\n\nWritten by `make bench` (bench/run.py); each run replaces its own section "
            "(database engine and article count). Ratios are Backhealth's requests per second over the floor's "
            "(bench/floor/) for the same number of bytes.\n"
        )
    if start in text:
        text = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _m: section, text, flags=re.DOTALL)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    RESULTS.write_text(text, encoding="utf-8")


def main() -> int:
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk (make bench installs it)")
    started = time.monotonic()
    load_before = load()
    with tempfile.TemporaryDirectory(prefix="backhealth-bench-") as directory:
        env = environment(directory)
        engine = "PostgreSQL" if database.is_postgres(os.environ.get("DATABASE_URL", "")) else "SQLite"
        print(f"{engine}, {ARTICLES} articles: preparing a throwaway database…", flush=True)
        prepared = time.monotonic()
        with database.throwaway(env, ARTICLES, directory) as url:
            env["DATABASE_URL"] = url
            python(env, "manage.py", "migrate", "--noinput", "-v", "0")
            # As `make serve` does: bodies an older template rendered are stored afresh.
            python(env, "manage.py", "render_publications")
            database.analyze(url)
            python(env, "manage.py", "collectstatic", "--noinput", "-v", "0")
            sample = json.loads(python(env, "-m", "bench.sample").strip().splitlines()[-1])
            preparing = time.monotonic() - prepared
            print(
                f"ready in {preparing:.0f} s: {sample['articles']} articles, {sample['publications']} publications; "
                f"“{sample['search']}” finds {sample['search_results']}",
                flush=True,
            )
            floor_env = {"PATH": os.environ.get("PATH", ""), "DJANGO_SECRET_KEY": env["DJANGO_SECRET_KEY"]}
            with (
                serving(floor_env, "bench.floor.wsgi", "/0/") as (floor, _floor_pid),
                serving(env, "backhealth.wsgi", "/healthz") as (cached, cached_pid),
                serving({**env, "BENCH_NO_CACHE": "1"}, "backhealth.wsgi", "/healthz") as (uncached, uncached_pid),
            ):
                servers = {"cached": cached, "uncached": uncached}
                measurements = plan(sample, cached)
                print(
                    f"gunicorn {WORKERS} sync workers each; wrk {CONNECTIONS} connections; "
                    f"{ROUNDS} turns of {SECONDS} s each side, best kept",
                    flush=True,
                )
                for measurement in measurements:
                    base = servers[measurement.server]
                    check(measurement, base)
                    if not measurement.skipped:
                        measure(measurement, base, floor, directory)
                    print("  " + table([measurement])[-1], flush=True)
                memory = {
                    "with cache": worker_memory(cached_pid),
                    "no cache": worker_memory(uncached_pid),
                    "floor": worker_memory(_floor_pid),
                }
                edit_lines, edits_missed = edits(sample, env, cached, floor, directory) if EDITS else ([], False)
    took = time.monotonic() - started
    errors = [f"- {m.name}: {m.backhealth.errors}" for m in measurements if m.backhealth and m.backhealth.errors]
    lines = [
        f"## {engine}, {ARTICLES} articles",
        "",
        f"{datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, {machine()}; load average {load_before} before, "
        f"{load()} after (other work on the machine squeezes Backhealth more than the floor).",
        f"gunicorn {WORKERS} sync workers per server, wrk 1 thread {CONNECTIONS} connections, "
        f"best of {ROUNDS} alternating turns of {SECONDS} s. Preparing the database took {preparing:.0f} s, "
        f"the whole run {took:.0f} s.",
        "",
        *table(measurements),
        "",
        "Worker memory after the run (RSS, MB): "
        + "; ".join(f"{name} {', '.join(f'{size:.0f}' for size in sizes)}" for name, sizes in memory.items()),
        *(["", "Errors wrk saw:", *errors] if errors else []),
        *edit_lines,
    ]
    write_results(f"{engine.lower()}-{ARTICLES}", lines)
    print("\n".join(lines))
    print(f"\n(also in {RESULTS.relative_to(ROOT)})")
    return 1 if any(m.missed for m in measurements) or edits_missed else 0


if __name__ == "__main__":
    sys.exit(main())
