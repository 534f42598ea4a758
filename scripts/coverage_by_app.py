#!/usr/bin/env python3
"""Print the last `coverage run`'s figures per app, one line each, and the total.

    .venv/bin/python scripts/coverage_by_app.py

Reads .coverage through coverage's own JSON report, so the numbers are the
ones `coverage report` prints, added up per top-level folder
(safereport/<app>/, config/). "cover" counts statements and branches
together, as coverage.py does when branch measurement is on.
"""

import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import coverage

FIELDS = ("num_statements", "missing_lines", "num_branches", "missing_branches", "covered_lines", "covered_branches")


def app_of(path: str) -> str:
    parts = Path(path).parts
    if parts[0] == "safereport":
        # Modules directly in safereport/ (cli.py, __init__.py) count as one group.
        return parts[1] if len(parts) > 2 else "safereport (top level)"
    return parts[0]


def percent(covered: int, total: int) -> float:
    return 100.0 * covered / total if total else 100.0


def main() -> int:
    cov = coverage.Coverage()
    try:
        cov.load()
    except coverage.CoverageException as error:
        print(f"no coverage data: {error}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        report_path = Path(scratch) / "coverage.json"
        cov.json_report(outfile=str(report_path))
        report = json.loads(report_path.read_text(encoding="utf-8"))

    sums: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIELDS, 0))
    for path, file_report in report["files"].items():
        summary = file_report["summary"]
        for field in FIELDS:
            sums[app_of(path)][field] += summary.get(field, 0)
    total = {field: sum(app[field] for app in sums.values()) for field in FIELDS}

    header = f"{'app':24} {'stmts':>6} {'miss':>5} {'branches':>8} {'br-miss':>7} {'branch%':>7} {'cover':>6}"
    print(header)
    print("-" * len(header))
    for name, app in [*sorted(sums.items()), ("TOTAL", total)]:
        if name == "TOTAL":
            print("-" * len(header))
        cover = percent(app["covered_lines"] + app["covered_branches"], app["num_statements"] + app["num_branches"])
        print(
            f"{name:24} {app['num_statements']:6d} {app['missing_lines']:5d} {app['num_branches']:8d} "
            f"{app['missing_branches']:7d} {percent(app['covered_branches'], app['num_branches']):6.1f}% {cover:5.1f}%"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
