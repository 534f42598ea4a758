"""`safereport restore_drill`: restore a backup pair into scratch databases and report."""

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safereport.ops.services import RestoreRefused, newest_pair, restore_drill


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value) if value else None


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = (
        "Restore drill: restore a backup pair (by default the newest in the backup folders) into scratch "
        "databases of the configured kinds, run every restore check, remove the scratch databases, and say "
        "whether the backup would have restored. Run it monthly (README 'Backups')."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--main", type=Path, help="A main-database backup file (default: the newest).")
        parser.add_argument("--keystore", type=Path, help="A key-store backup file (default: the newest).")
        parser.add_argument("--main-dir", type=Path, default=_env_path("SAFEREPORT_BACKUP_MAIN_DIR"))
        parser.add_argument("--keystore-dir", type=Path, default=_env_path("SAFEREPORT_BACKUP_KEYSTORE_DIR"))
        parser.add_argument("--main-secret-key", type=Path, required=True)
        parser.add_argument("--keystore-secret-key", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        main, keystore = options["main"], options["keystore"]
        if main is None or keystore is None:
            if options["main_dir"] is None or options["keystore_dir"] is None:
                raise CommandError("name the files (--main, --keystore) or the folders (--main-dir, --keystore-dir)")
            try:
                newest_main, newest_keystore = newest_pair(options["main_dir"], options["keystore_dir"])
            except RestoreRefused as refusal:
                raise CommandError(str(refusal)) from refusal
            main, keystore = main or newest_main, keystore or newest_keystore
        self.stdout.write(f"drill: {main} + {keystore}")
        report = restore_drill(
            main_file=main,
            keystore_file=keystore,
            main_secret_key=options["main_secret_key"],
            keystore_secret_key=options["keystore_secret_key"],
        )
        self.stdout.write(report.output)
        if not report.ok:
            raise CommandError("DRILL FAILED: this backup pair would not have restored", returncode=1)
        self.stdout.write("DRILL PASSED: the scratch databases were removed.")
