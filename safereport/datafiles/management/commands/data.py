"""`safereport data check`: validate every file under data/ against its kind's schema.

Prints, per kind, how many files and entries it has, how many entries are
still drafts (no recorded review), and every problem with its file and entry.
Exits non-zero on any problem, including a TOML file that no kind reads.
The editorial reports stay with their apps: `safereport content check`
(languages, length, reading grade) and `safereport navigator check` (reviews
older than 12 months).
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safereport import datafiles


class Command(BaseCommand):
    # Checks files, not the database or URLs: it must run where nothing else is set up.
    requires_system_checks: list[str] = []
    help = "Data-file tools. `check`: validate every data file; exit 1 on any problem."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="Validate every file under data/ and count drafts per kind.")
        check.add_argument("--root", type=Path, default=None, help="a data directory other than data/")

    def handle(self, *args: Any, **options: Any) -> None:
        reports, stray = datafiles.check(options["root"])
        width = max(len(r.kind.name) for r in reports)
        self.stdout.write(
            f"{'kind':<{width}}  {'files':>5}  {'entries':>7}  {'drafts':>6}  {'errors':>6}  location"
        )
        for r in reports:
            # "-": the kind records no review (a registry, a vocabulary).
            drafts = str(r.drafts) if r.reviewable else "-"
            self.stdout.write(
                f"{r.kind.name:<{width}}  {r.files:>5}  {r.entries:>7}  {drafts:>6}  "
                f"{len(r.problems):>6}  {r.kind.location}"
            )
        problems = [p for r in reports for p in r.problems] + stray
        if problems:
            self.stdout.write("\nProblems:")
            for problem in problems:
                self.stdout.write(f"  - {problem}")
            raise CommandError(f"{len(problems)} data file problem(s)")
        self.stdout.write("\nDrafts are entries no qualified reviewer has approved yet (docs/adr/0012).\nOK")
