"""`safereport vault status` and `safereport vault rotate-kek`."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safereport.audit.actors import Actor
from safereport.vault.keyring import kek_ring
from safereport.vault.services import kek_rotate, kek_status


class Command(BaseCommand):
    # Runs even when unrelated parts of the project fail their checks: an
    # operator verifying the log or rotating keys must not be blocked by a URL error.
    requires_system_checks: list[str] = []
    help = (
        "Key store maintenance: show which KEK wraps how many data keys; re-wrap them under the current KEK."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("status", help="Count data keys per key-encryption key id.")
        rotate = sub.add_parser(
            "rotate-kek",
            help="Re-wrap every data key under the first key of VAULT_KEK_RING. Ciphertexts are not touched.",
        )
        rotate.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        ring = kek_ring()
        if options["action"] == "status":
            self.stdout.write(f"current KEK: {ring.current_id}; ring holds: {', '.join(ring.keys)}")
            for kek_id, count in kek_status().items():
                self.stdout.write(f"  {kek_id}: {count}")
            return
        report = kek_rotate(actor=Actor.system("vault rotate-kek"), batch_size=options["batch_size"])
        self.stdout.write(
            f"current KEK {report.current_kek_id}: re-wrapped {report.rewrapped}, "
            f"already current {report.already_current}, shredded {report.shredded}, "
            f"unreadable {report.unreadable}"
        )
        if report.unreadable:
            raise CommandError(
                f"{report.unreadable} data keys could not be opened: keep their KEKs in the ring and run again."
            )
        self.stdout.write(
            "Every live data key is wrapped by the current KEK; older ring entries may be removed."
        )
