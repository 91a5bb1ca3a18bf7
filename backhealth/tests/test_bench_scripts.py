"""`make bench` and `make loadtest` stay out of the suite (they take minutes), but they must still
start: each script imports what it uses from the other."""

import importlib


def test_the_benchmark_and_the_load_test_import():
    for name in ("bench.run", "bench.loadtest", "bench.database"):
        assert importlib.import_module(name)
