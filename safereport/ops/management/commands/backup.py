"""`safereport backup`: the main database and the key store, to two encrypted files."""

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safereport.ops.services import BackupFailed, backup_write
from safereport.vault.backupfiles import BackupFileError, keypair_generate


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value) if value else None


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = (
        "Write the main database and the key store as two separate files, each encrypted for its own key pair "
        "(docs/adr/0028). The server needs only the public keys; the secret keys are held by two different "
        "people and are needed only to restore."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--generate-key-pair",
            type=Path,
            metavar="PATH",
            help="Only write a new key pair: PATH (secret, mode 0600, for the person who may restore) and "
            "PATH.pub (for the server).",
        )
        parser.add_argument("--main-dir", type=Path, default=_env_path("SAFEREPORT_BACKUP_MAIN_DIR"))
        parser.add_argument("--keystore-dir", type=Path, default=_env_path("SAFEREPORT_BACKUP_KEYSTORE_DIR"))
        parser.add_argument(
            "--main-public-key", type=Path, default=_env_path("SAFEREPORT_BACKUP_MAIN_PUBLIC_KEY_FILE")
        )
        parser.add_argument(
            "--keystore-public-key", type=Path, default=_env_path("SAFEREPORT_BACKUP_KEYSTORE_PUBLIC_KEY_FILE")
        )
        parser.add_argument(
            "--keep-main-days", type=int, help="Remove main-database backups older than this (the newest stays)."
        )
        parser.add_argument(
            "--keep-keystore-days",
            type=int,
            help="Remove key-store backups older than this (the newest stays). Crypto-shredding is complete "
            "once the oldest key-store backup holding a key is gone.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["generate_key_pair"]:
            return self._generate(options["generate_key_pair"])
        missing = [
            flag
            for flag in ("main_dir", "keystore_dir", "main_public_key", "keystore_public_key")
            if options[flag] is None
        ]
        if missing:
            raise CommandError(
                "missing: " + ", ".join("--" + flag.replace("_", "-") for flag in missing) + " (or their "
                "SAFEREPORT_BACKUP_* environment variables, README 'Backups')"
            )
        try:
            report = backup_write(
                main_dir=options["main_dir"],
                keystore_dir=options["keystore_dir"],
                main_public_key=options["main_public_key"],
                keystore_public_key=options["keystore_public_key"],
                keep_main_days=options["keep_main_days"],
                keep_keystore_days=options["keep_keystore_days"],
            )
        except (BackupFailed, BackupFileError, OSError) as error:
            raise CommandError(f"backup failed: {error}") from error
        self.stdout.write(report.explain())

    def _generate(self, path: Path) -> None:
        pair = keypair_generate()
        public = path.with_name(path.name + ".pub")
        for target in (path, public):
            if target.exists():
                raise CommandError(f"{target} exists; not overwriting a key")
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(pair.secret_line + "\n")
        public.write_text(pair.public_line + "\n", encoding="utf-8")
        self.stdout.write(f"secret key {path} (give it to the person who may restore; keep it off this server)")
        self.stdout.write(f"public key {public} (for the server), fingerprint {pair.fingerprint}")
