"""`safereport restore`: both backup files into empty databases, proven before success."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safereport.ops.services import RestoreRefused, restore_run


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = (
        "Restore a main-database backup and a key-store backup into the configured databases (DATABASE_URL, "
        "SAFEREPORT_KEYSTORE_URL), which must be empty; then verify the audit chain against the key store's "
        "anchor and try every data key the main database names. Exit 1 unless both hold."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--main", type=Path, required=True, help="The main-database backup file.")
        parser.add_argument("--keystore", type=Path, required=True, help="The key-store backup file.")
        parser.add_argument("--main-secret-key", type=Path, required=True)
        parser.add_argument("--keystore-secret-key", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = restore_run(
                main_file=options["main"],
                keystore_file=options["keystore"],
                main_secret_key=options["main_secret_key"],
                keystore_secret_key=options["keystore_secret_key"],
            )
        except RestoreRefused as refusal:
            raise CommandError(f"restore refused: {refusal}") from refusal
        self.stdout.write(report.explain())
        if options["verbosity"] >= 2:
            for label, count in sorted(report.rows.items()):
                self.stdout.write(f"rows {label} {count}")
        if not report.ok:
            raise CommandError("the restored databases did not pass their checks", returncode=1)
