"""The benchmark scaffolding decides "meets" and "misses" correctly, and every
bench script declares what it is measured against.

The scripts are imported, not run: importing one must not touch a database
or start Django (each keeps its work under `if __name__ == "__main__"`).
"""

import importlib.util
import io
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
SCRIPTS = sorted(p for p in BENCH.glob("*.py") if not p.name.startswith("_"))


@pytest.fixture(scope="module")
def common():
    sys.path.insert(0, str(BENCH))
    try:
        import _common

        yield _common
    finally:
        sys.path.remove(str(BENCH))


def load(path: Path):
    spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    # A dataclass in the script looks its module up in sys.modules while it is built.
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_lower_is_better(common):
    target = common.Target("page p95", "ms", 100, "lower", "issue 6")
    assert target.verdict(99.9) == "meets"
    assert target.verdict(100) == "meets"
    assert target.verdict(100.1) == "misses"
    assert target.describe() == "≤ 100 ms"


def test_higher_is_better(common):
    target = common.Target("evaluations", "evaluations/s", 5000, "higher", "issue 7")
    assert target.verdict(5000) == "meets"
    assert target.verdict(12_000) == "meets"
    assert target.verdict(4999.5) == "misses"
    assert target.describe() == "≥ 5,000 evaluations/s"


def test_zero_tolerance_targets(common):
    lost = common.Target("contacts lost", "contacts", 0, "lower", "issue 4")
    assert lost.verdict(0) == "meets"
    assert lost.verdict(1) == "misses"


def test_direction_must_be_named(common):
    with pytest.raises(ValueError, match="lower"):
        common.Target("x", "ms", 1, "smaller", "nowhere")


def test_report_prints_figure_beside_target_with_verdict(common):
    fast = common.Target("page p95", "ms", 100, "lower", "issue 6")
    many = common.Target("evaluations", "evaluations/s", 5000, "higher", "issue 7")
    figures = [
        common.measured(fast, 140.0),
        common.measured(many, 9000.0),
        common.Figure("page p50", 40.0, "ms"),
    ]
    out = io.StringIO()
    text = common.report("demo", figures, size="quick: 3 runs", machine=None, out=out)
    assert out.getvalue() == text
    lines = text.splitlines()
    slow_line = next(line for line in lines if line.startswith("page p95"))
    assert "140 ms" in slow_line and "≤ 100 ms (issue 6)" in slow_line and slow_line.endswith("misses")
    many_line = next(line for line in lines if line.startswith("evaluations"))
    assert "9,000 evaluations/s" in many_line and many_line.endswith("meets")
    info_line = next(line for line in lines if line.startswith("page p50"))
    assert "no target" in info_line and "meets" not in info_line and "misses" not in info_line
    assert "size: quick: 3 runs" in text
    assert "targets: 1 met, 1 missed (misses: page p95)" in text


def test_collector_takes_unit_and_target_from_the_declared_target(common):
    target = common.Target("verify", "s", 10, "lower", "issue 3")
    collect = common.Collector([target])
    figure = collect.add("verify", 11.7)
    assert (figure.unit, figure.verdict) == ("s", "misses")
    with pytest.raises(ValueError, match="unit"):
        collect.add("undeclared figure", 1.0)


def test_percentiles_are_nearest_rank(common):
    samples = [float(n) for n in range(1, 101)]
    summary = common.Percentiles.of(samples)
    assert (summary.p50, summary.p95, summary.max, summary.count) == (50.0, 95.0, 100.0, 100)
    assert common.percentile([3.0], 0.95) == 3.0


def test_machine_names_cpu_cores_memory_python_and_database(common):
    host = common.machine(None)
    described = host.describe()
    assert host.cores >= 1 and host.ram_gib > 0 and host.cpu
    assert f"{host.cores} cores" in described and "Python 3." in described
    assert common.machine("sqlite:////nonexistent/x.sqlite3").database.startswith("SQLite 3.")


def test_there_are_bench_scripts():
    assert {p.stem for p in SCRIPTS} >= {"audit", "casework", "disclosure", "navigator", "portal", "vault"}


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_every_bench_declares_targets_with_sources(common, path):
    module = load(path)
    assert module.TARGETS, f"{path.name} declares no target"
    for target in module.TARGETS:
        assert isinstance(target, common.Target)
        assert target.source.strip(), f"{path.name}: {target.name} says nowhere where its target comes from"
    names = [t.name for t in module.TARGETS]
    assert len(names) == len(set(names))
