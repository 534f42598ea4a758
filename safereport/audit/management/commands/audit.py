"""`safereport audit verify` and `safereport audit head`."""

import argparse
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safereport.audit.models import AuditChainHead
from safereport.audit.verification import chain_verify


def _anchor(value: str) -> tuple[int, str]:
    sequence, _, hash_ = value.partition(":")
    if not sequence.isdigit() or len(hash_) != 64:
        raise ValueError("expected SEQUENCE:HASH as printed by `safereport audit head`")
    return int(sequence), hash_


class Command(BaseCommand):
    # Runs even when unrelated parts of the project fail their checks: an
    # operator verifying the log or rotating keys must not be blocked by a URL error.
    requires_system_checks: list[str] = []
    help = "Verify the audit log's hash chain, or print its head for safekeeping outside the database."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Walk the whole chain; exit 1 at the first broken event.")
        verify.add_argument(
            "--anchor",
            type=_anchor,
            help="SEQUENCE:HASH recorded earlier with `audit head`; fails if that event is gone or changed.",
        )
        verify.add_argument("--batch-size", type=int, default=10_000)
        verify.add_argument(
            "--jobs",
            type=int,
            default=2,
            help="Processes hashing at once on a long chain (default 2; 1 to disable).",
        )
        verify.add_argument("--parallel-from", type=int, default=200_000, help=argparse.SUPPRESS)
        sub.add_parser("head", help="Print SEQUENCE:HASH of the last event, to keep outside the database.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "head":
            head = AuditChainHead.objects.filter(pk=1).values_list("sequence", "hash").first()
            self.stdout.write(f"{head[0]}:{head[1]}" if head else "0:" + "0" * 64)
            return
        result = chain_verify(
            batch_size=options["batch_size"],
            anchor=options["anchor"],
            jobs=options["jobs"],
            parallel_from=options["parallel_from"],
        )
        if result.first_break is not None:
            self.stderr.write(
                f"Audit chain broken at {result.first_break} ({result.checked} events verified before it)."
            )
            raise CommandError("audit chain verification failed", returncode=1)
        self.stdout.write(
            f"Audit chain intact: {result.checked} events, head {result.head_sequence}:{result.head_hash}"
        )
        sys.stdout.flush()
