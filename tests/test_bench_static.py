"""bench/static.py's preparation works in the bench's own production-mode environment.

The bench once stopped at its first step (`export_static` exited 1: without
compiled catalogues Django answers 404 for /ti/) and said nothing about why.
This runs the same step, with the same environment, on scratch databases, so
it cannot break silently again. Slow for a unit test (three management
commands in subprocesses, about 15 s); it starts no server and loads nothing.
"""

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def bench_static():
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("bench_static_prepare", BENCH / "static.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.path.remove(str(BENCH))


def test_the_bench_exports_every_language_in_its_production_environment(bench_static, tmp_path):
    from _common import scratch_databases

    with scratch_databases("static-test") as databases:
        env = bench_static.environment(tmp_path, databases)
        assert env["SAFEREPORT_ENV"] == "production"
        export = bench_static.prepare(env, tmp_path / "mirror", portal_url="http://127.0.0.1:9")
    tigrinya = (export / "ti" / "index.html").read_text()
    assert '<html lang="ti"' in tigrinya
    assert (export / "en" / "about" / "first-visit" / "index.html").exists()  # the page the bench loads


def test_a_failing_step_shows_the_commands_own_error(bench_static, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings", "SAFEREPORT_ENV": "no-such-environment"}
    with pytest.raises(SystemExit, match="manage.py check failed") as failed:
        bench_static.manage(env, "check")
    assert "SAFEREPORT_ENV must be production, development or test" in str(failed.value)
