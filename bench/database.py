"""The benchmark's throwaway database: a copy of a built one, dropped after the run.

The generated articles are written in bulk into the rows the editors' services would make
(bench/populate.py); on PostgreSQL most of that time is the database's own work on the
publications' search vectors and indexes, minutes for 10,000 articles. So the generated database
is built once per article count, database engine and generator version (bench/corpus.py VERSION),
kept, and each run works on a copy of it (after `migrate`, so a newer schema applies to the copy
as it would to a real site). `BENCH_FRESH=1` builds it again.

- SQLite: the built file is kept in BENCH_CACHE_DIR (default ~/.cache/backhealth-bench); the run
  copies it into its temporary directory. An interrupted build resumes where it stopped, and a
  build starts from the largest smaller one (article number N is the same text in every build).
- PostgreSQL (DATABASE_URL names a server): the built database is kept on that server as
  `backhealth_bench_built_<count>_v<version>` and each run makes `backhealth_bench_<random>` from
  it as a template and drops it at the end. Building runs two processes at once.
"""

import contextlib
import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.corpus import VERSION

ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = Path(os.environ.get("BENCH_CACHE_DIR", Path.home() / ".cache" / "backhealth-bench"))
BUILD_PROCESSES = 2


def _run(env: dict, *args: str) -> None:
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env)  # noqa: S603 (fixed commands)
    if result.returncode:
        sys.exit(f"{' '.join(args)} failed")


def _build(env: dict, count: int, processes: int) -> float:
    """Migrate and fill the database `env` names; the seconds it took."""
    started = time.monotonic()
    # The benchmark publishes generated text as an operator would, without a clinical review.
    env = {**env, "REVIEW_REQUIRED": "0"}
    _run(env, "manage.py", "migrate", "--noinput", "-v", "0")
    _run(env, "-m", "bench.populate", "0")
    command = [sys.executable, "-m", "bench.populate", str(count)]
    workers = [
        subprocess.Popen([*command, str(part), str(processes)], cwd=ROOT, env=env)  # noqa: S603 (our own script)
        for part in range(processes)
    ]
    if any(worker.wait() for worker in workers):
        sys.exit("generating the articles failed")
    return time.monotonic() - started


def _postgres_url(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _postgres(url: str):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname=parts.path.lstrip("/") or "postgres",
        autocommit=True,
    )


def analyze(url: str) -> None:
    """Give the planner statistics of the copy, as a site's routine maintenance would: right after a
    bulk build, PostgreSQL would otherwise pass by indexes (the search's among them)."""
    if is_postgres(url):
        with _postgres(url) as server:
            server.execute("VACUUM ANALYZE")
    else:
        import sqlite3

        with contextlib.closing(sqlite3.connect(urlsplit(url).path)) as database:
            database.execute("ANALYZE")


def is_postgres(url: str) -> bool:
    return urlsplit(url).scheme in ("postgres", "postgresql", "pgsql")


@contextlib.contextmanager
def throwaway(env: dict, count: int, directory: str, *, log=print):
    """Yield the URL of a throwaway database holding `count` published generated articles."""
    url = os.environ.get("DATABASE_URL", "")
    fresh = os.environ.get("BENCH_FRESH") == "1"
    if is_postgres(url):
        with _postgres_copy(env, url, count, fresh, log) as copy:
            yield copy
    else:
        yield _sqlite_copy(env, count, directory, fresh, log)


def _report_built(log, seconds: float, count: int) -> None:
    log(f"built in {seconds:.0f} s ({count / seconds:.1f} articles/s)")


def _sqlite_copy(env: dict, count: int, directory: str, fresh: bool, log) -> str:
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    built = CACHE_DIR / f"sqlite-{count}-v{VERSION}.sqlite3"
    if fresh or not built.exists():
        building = built.with_suffix(".building")
        if fresh:
            building.unlink(missing_ok=True)
        smaller = None if fresh or building.exists() else _largest_built_below(count)
        if smaller is not None:
            # Article number N is the same text in every build: a smaller build is a head start.
            log(f"starting from {smaller}")
            shutil.copyfile(smaller, building)
        log(
            f"generating {count} articles into {built} (kept for the next run; BENCH_FRESH=1 builds again;"
            f" an interrupted build resumes){'; resuming ' + str(building) if building.exists() else ''}…"
        )
        _report_built(log, _build({**env, "DATABASE_URL": f"sqlite:///{building}"}, count, 1), count)
        building.replace(built)
    else:
        log(f"reusing {built}, built {_age(built.stat().st_mtime)} (BENCH_FRESH=1 builds it again)")
    copy = Path(directory) / "bench.sqlite3"
    shutil.copyfile(built, copy)
    return f"sqlite:///{copy}"


def _largest_built_below(count: int) -> Path | None:
    found = []
    for path in CACHE_DIR.glob(f"sqlite-*-v{VERSION}.sqlite3"):
        number = path.name.split("-")[1]
        if number.isdigit() and int(number) < count:
            found.append((int(number), path))
    return max(found)[1] if found else None


def _age(timestamp: float) -> str:
    minutes = (time.time() - timestamp) / 60
    return f"{minutes:.0f} minutes ago" if minutes < 120 else f"{minutes / 60:.0f} hours ago"


@contextlib.contextmanager
def _postgres_copy(env: dict, url: str, count: int, fresh: bool, log):
    built = f"backhealth_bench_built_{count}_v{VERSION}"
    copy = f"backhealth_bench_{secrets.token_hex(4)}"
    with _postgres(url) as server:
        exists = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [built]).fetchone()
        if fresh or not exists:
            log(f"generating {count} articles into PostgreSQL database {built} (kept; BENCH_FRESH=1 builds again)…")
            building = f"{built}_building"
            server.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
            server.execute(f'CREATE DATABASE "{building}"')
            seconds = _build({**env, "DATABASE_URL": _postgres_url(url, building)}, count, BUILD_PROCESSES)
            _report_built(log, seconds, count)
            server.execute(f'DROP DATABASE IF EXISTS "{built}" WITH (FORCE)')
            server.execute(f'ALTER DATABASE "{building}" RENAME TO "{built}"')
        else:
            log(f"reusing PostgreSQL database {built} (BENCH_FRESH=1 builds it again)")
        server.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{built}"')
    try:
        yield _postgres_url(url, copy)
    finally:
        with _postgres(url) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
