"""Shared scaffolding for the scripts in bench/: scratch databases, Django set-up,
timing, memory, targets, and one report that says "meets" or "misses".

A bench script declares its targets at module level (TARGETS), does nothing
on import, and in main() collects Figures and hands them to report(). The
report prints the machine (CPU, cores, RAM, Python, database and version, load
average) because the figures mean little without it, and every figure beside
its target. Exit status stays 0 when a target is missed: figures are
information for people (DESIGN.md §4: measured by benchmark scripts, not by
timed tests), and CI does not run them.

Databases: a temporary SQLite file by default; under
`scripts/with_postgres.py --` (DATABASE_URL names a PostgreSQL server) a new
database on that server, dropped afterwards. The key store is a SQLite file in
both cases unless the bench asks for it on the same server (the vault bench).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

NOISE = (
    "This machine's cores are shared with other work: timings are noisy, "
    "compare ratios rather than single figures."
)


# --- targets and figures ---------------------------------------------------


@dataclass(frozen=True)
class Target:
    """What a figure should reach, and who said so.

    `better` is "lower" (latencies, counts of lost rows) or "higher"
    (throughput). A figure exactly at the threshold meets it: every target in
    the issues is written "≤ x" or "≥ x".
    """

    name: str
    unit: str
    threshold: float
    better: Literal["lower", "higher"]
    source: str

    def __post_init__(self) -> None:
        if self.better not in ("lower", "higher"):
            raise ValueError(f"better must be 'lower' or 'higher', not {self.better!r}")

    def met_by(self, value: float) -> bool:
        if self.better == "lower":
            return value <= self.threshold
        return value >= self.threshold

    def verdict(self, value: float) -> str:
        return "meets" if self.met_by(value) else "misses"

    def describe(self) -> str:
        sign = "≤" if self.better == "lower" else "≥"
        return f"{sign} {number(self.threshold)} {self.unit}".rstrip()


@dataclass(frozen=True)
class Figure:
    """One measured value; with a target it gets a verdict, without one it is information."""

    name: str
    value: float
    unit: str
    target: Target | None = None
    note: str = ""

    @property
    def verdict(self) -> str:
        return self.target.verdict(self.value) if self.target else "-"


def measured(target: Target, value: float, note: str = "") -> Figure:
    return Figure(target.name, value, target.unit, target, note)


def number(value: float) -> str:
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and abs(value) >= 100):
        return f"{int(value):,}"
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{value:,.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


# --- the machine ---------------------------------------------------------------


@dataclass(frozen=True)
class Machine:
    cpu: str
    cores: int
    ram_gib: float
    python: str
    database: str
    load_average: tuple[float, float, float]

    def describe(self) -> str:
        load = " / ".join(f"{x:.1f}" for x in self.load_average)
        return (
            f"{self.cpu}, {self.cores} cores, {self.ram_gib:.1f} GiB RAM, Python {self.python}, "
            f"{self.database}; load average before the run (1/5/15 min) {load}"
        )


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def ram_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / (1024 * 1024)
    except OSError:
        pass
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30


def database_version(url: str) -> str:
    """Vendor and server version, read without Django (some benches only run it in children)."""
    if url.startswith("postgres"):
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            row = conn.execute("SHOW server_version").fetchone()
        return f"PostgreSQL {row[0].split()[0] if row else '?'}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def machine(database_url: str | None) -> Machine:
    return Machine(
        cpu=cpu_model(),
        cores=os.cpu_count() or 1,
        ram_gib=ram_gib(),
        python=platform.python_version(),
        database=database_version(database_url) if database_url else "no database",
        load_average=os.getloadavg(),
    )


def vendor(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgres") else "SQLite"


# --- scratch databases and Django -------------------------------------------------


@dataclass(frozen=True)
class Databases:
    main: str
    keystore: str
    workdir: Path

    @property
    def vendor(self) -> str:
        return vendor(self.main)


@contextmanager
def scratch_databases(label: str, *, keystore: Literal["sqlite", "server"] = "sqlite") -> Iterator[Databases]:
    """A main database and a key store that exist only for this run.

    keystore="server" puts the key store on the PostgreSQL server too (when
    there is one), so that seal/unseal pay a real client-server round trip.
    """
    server = os.environ.get("DATABASE_URL", "")
    workdir = Path(tempfile.mkdtemp(prefix=f"safereport-bench-{label}-"))
    created: list[str] = []
    try:
        if server.startswith("postgres"):
            import psycopg

            base = server.rsplit("/", 1)[0]
            names = [f"safereport_bench_{label}_{os.getpid()}_main"]
            if keystore == "server":
                names.append(f"safereport_bench_{label}_{os.getpid()}_keys")
            with psycopg.connect(server, autocommit=True) as conn:
                for name in names:
                    conn.execute(f'CREATE DATABASE "{name}"')
                    created.append(name)
            main = f"{base}/{names[0]}"
            keys = f"{base}/{names[1]}" if keystore == "server" else f"sqlite:///{workdir / 'keystore.sqlite3'}"
        else:
            main = f"sqlite:///{workdir / 'main.sqlite3'}"
            keys = f"sqlite:///{workdir / 'keystore.sqlite3'}"
        yield Databases(main, keys, workdir)
    finally:
        if "django.apps" in sys.modules and sys.modules["django.apps"].apps.ready:
            from django.db import connections

            connections.close_all()
        if created:
            import psycopg

            with psycopg.connect(server, autocommit=True) as conn:
                for name in created:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)


def bench_environment(databases: Databases, **extra: str) -> dict[str, str]:
    """Environment for this process or a child: the scratch databases, test settings."""
    return dict(
        os.environ,
        DATABASE_URL=databases.main,
        SAFEREPORT_KEYSTORE_URL=databases.keystore,
        SAFEREPORT_ENV="test",
        DJANGO_SETTINGS_MODULE="config.settings",
        **extra,
    )


def django_setup(databases: Databases) -> None:
    os.environ.update(bench_environment(databases))
    import django

    django.setup()


def migrate(*apps: str, keystore: bool = True) -> None:
    """Migrate the scratch databases (all apps, or only those named)."""
    from django.core.management import call_command

    call_command("migrate", *apps, verbosity=0, skip_checks=True)
    if keystore:
        call_command("migrate", "vault", database="keystore", verbosity=0, skip_checks=True)


# --- timing and memory ------------------------------------------------------------



def in_scratch_world(label: str, args: argparse.Namespace, size: int, run: Callable[..., None]) -> None:
    """Scratch databases for this bench, Django set up on them, then `run(args, size, databases)`."""
    with scratch_databases(label) as databases:
        django_setup(databases)
        run(args, size, databases)


def demo_world(databases: Databases, announce: str) -> tuple[Any, Machine]:
    """Migrate the scratch databases, build the demo world on them, and name the machine.

    Not setup_test_environment(): it instruments template rendering, which
    would triple the time measured; only the test client's host is allowed.
    """
    from django.conf import settings

    from safereport.demo.world import build_demo_world

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    migrate()
    host = machine(databases.main)
    progress(announce)
    return build_demo_world(), host

def repeat(action: Callable[[], object], runs: int, *, warmup: int = 1) -> list[float]:
    """Wall seconds of each of `runs` calls, after `warmup` calls that are not counted."""
    for _ in range(warmup):
        action()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return timings


def percentile(samples: Sequence[float], share: float) -> float:
    """Nearest-rank percentile: the smallest sample with at least `share` of samples at or below it."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Percentiles:
    p50: float
    p95: float
    max: float
    count: int

    @classmethod
    def of(cls, samples: Sequence[float], scale: float = 1.0) -> Percentiles:
        return cls(
            percentile(samples, 0.50) * scale,
            percentile(samples, 0.95) * scale,
            max(samples) * scale,
            len(samples),
        )

    def describe(self, unit: str = "ms") -> str:
        return f"p50 {number(self.p50)} {unit}, p95 {number(self.p95)} {unit}, max {number(self.max)} {unit} over {self.count}"


def throughput(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else math.inf


def peak_rss_mib(who: Literal["self", "children"] = "self") -> float:
    """Peak resident memory in MiB (Linux reports ru_maxrss in KiB)."""
    usage = resource.getrusage(resource.RUSAGE_SELF if who == "self" else resource.RUSAGE_CHILDREN)
    return usage.ru_maxrss / 1024


def run_child(args: Sequence[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Run `python args…` from the project root: wall seconds, that child's own peak RSS in MiB, stdout."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    out = child.stdout.read() if child.stdout else ""
    # wait4, not RUSAGE_CHILDREN: the latter is the maximum over every child so far.
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, args, out)
    return time.perf_counter() - started, usage.ru_maxrss / 1024, out


_STARTED = time.monotonic()
_CPU_AT_START = os.times()


def cpu_share() -> float:
    """CPU seconds used by this process and its waited-for children, per wall second since import.

    For a bench that runs in one process, well under 100% means it waited for
    a core that other work held: its timings are inflated by that much.
    """
    now = os.times()
    used = sum(getattr(now, f) - getattr(_CPU_AT_START, f)
               for f in ("user", "system", "children_user", "children_system"))
    return used / max(time.monotonic() - _STARTED, 1e-9) * 100


def progress(message: str) -> None:
    """A line on stderr while a long bench runs; the report itself goes to stdout."""
    print(f"[{time.monotonic() - _STARTED:6.1f} s] {message}", file=sys.stderr, flush=True)


# --- command line and report ------------------------------------------------------


def arguments(doc: str | None, *, quick: str | None = None) -> argparse.ArgumentParser:
    """The options every bench shares: --quick (when it has a long full size) and --json."""
    parser = argparse.ArgumentParser(description=(doc or "").split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    if quick:
        parser.add_argument("--quick", action="store_true", help=quick)
    parser.add_argument("--json", metavar="FILE", help="also append the figures and machine as one JSON line to FILE")
    return parser


def report(
    title: str,
    figures: Sequence[Figure],
    *,
    size: str,
    machine: Machine | None,
    notes: Sequence[str] = (),
    out=None,
    json_path: str | None = None,
) -> str:
    """Print every figure beside its target with "meets" or "misses"; return the text."""
    out = out if out is not None else sys.stdout
    share = cpu_share()
    rows = [
        (
            f.name,
            f"{number(f.value)} {f.unit}".rstrip(),
            f"{f.target.describe()} ({f.target.source})" if f.target else "no target",
            f.verdict,
        )
        for f in figures
    ]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(("figure", "value", "target", "verdict"))]
    lines = [f"== {title} ==", f"size: {size}"]
    if machine:
        lines.append(f"machine: {machine.describe()}")
    lines.append(NOISE)
    lines.append(
        f"CPU used by this bench's processes per wall second: {share:.0f}% "
        "(for a one-process bench, well under 100% means it waited for a core)"
    )
    lines.append("")
    header = ("figure", "value", "target", "verdict")
    lines.append("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip())
    for row, f in zip(rows, figures, strict=True):
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if f.note:
            lines.append(f"    {f.note}")
    judged = [f for f in figures if f.target]
    missed = [f for f in judged if f.verdict == "misses"]
    lines.append("")
    lines.extend(notes)
    if judged:
        lines.append(
            f"targets: {len(judged) - len(missed)} met, {len(missed)} missed"
            + (f" (misses: {', '.join(f.name for f in missed)})" if missed else "")
        )
    text = "\n".join(lines) + "\n"
    out.write(text)
    out.flush()
    if json_path:
        with open(json_path, "a", encoding="utf-8") as sink:
            sink.write(json.dumps(
                {
                    "title": title,
                    "size": size,
                    "machine": asdict(machine) if machine else None,
                    "cpu_share_percent": round(share),
                    "figures": [
                        {"name": f.name, "value": f.value, "unit": f.unit, "note": f.note, "verdict": f.verdict,
                         "target": asdict(f.target) if f.target else None}
                        for f in figures
                    ],
                },
            ) + "\n")
    return text


@dataclass
class Collector:
    """Figures in the order they were measured; `add` looks the target up by name."""

    targets: Sequence[Target]
    figures: list[Figure] = field(default_factory=list)

    def add(self, name: str, value: float, unit: str | None = None, note: str = "") -> Figure:
        target = next((t for t in self.targets if t.name == name), None)
        if target is None and unit is None:
            raise ValueError(f"{name!r} has no target, so give its unit")
        figure = Figure(name, value, target.unit if target else unit or "", target, note)
        self.figures.append(figure)
        return figure
