"""`safereport audit verify` and `safereport audit head`."""

import argparse
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safereport.audit.anchors import AnchorRefused, anchor_write, export_line, parse_anchor, verify_and_anchor
from safereport.audit.models import AuditChainHead


class Command(BaseCommand):
    # Runs even when unrelated parts of the project fail their checks: an
    # operator verifying the log or rotating keys must not be blocked by a URL error.
    requires_system_checks: list[str] = []
    help = "Verify the audit log's hash chain against its anchors, or print its head for safekeeping outside the database."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser(
            "verify",
            help="Walk the whole chain and compare it with the latest anchor in the key store; exit 1 at the first "
            "broken event. If it holds, its head becomes the new anchor.",
        )
        verify.add_argument(
            "--anchor",
            type=parse_anchor,
            help="An anchor kept by an outside party: SEQUENCE:HASH, or the line `audit head --export` printed. "
            "Fails if that event is gone or changed.",
        )
        verify.add_argument("--batch-size", type=int, default=10_000)
        verify.add_argument(
            "--jobs",
            type=int,
            default=2,
            help="Processes hashing at once on a long chain (default 2; 1 to disable).",
        )
        verify.add_argument("--parallel-from", type=int, default=200_000, help=argparse.SUPPRESS)
        head = sub.add_parser("head", help="Print SEQUENCE:HASH of the last event, to keep outside the database.")
        head.add_argument(
            "--export",
            action="store_true",
            help="Anchor the head in the key store (after checking the events since the last anchor) and print a "
            "signed line to hand to an outside party; `verify --anchor '<line>'` checks it later.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "head":
            return self._head(export=options["export"])
        run = verify_and_anchor(
            outside=options["anchor"],
            batch_size=options["batch_size"],
            jobs=options["jobs"],
            parallel_from=options["parallel_from"],
        )
        result = run.result
        if result.first_break is not None:
            self.stderr.write(
                f"Audit chain broken at {result.first_break} ({result.checked} events verified before it)."
            )
            raise CommandError("audit chain verification failed", returncode=1)
        compared = (
            f"matches the anchor #{run.compared_with[0]} kept in the key store"
            if run.compared_with
            else "no anchor in the key store yet"
        )
        self.stdout.write(
            f"Audit chain intact: {result.checked} events, head {result.head_sequence}:{result.head_hash}; {compared}"
            + (f"; anchored #{run.anchored.sequence}" if run.anchored else "")
        )
        sys.stdout.flush()

    def _head(self, *, export: bool) -> None:
        if not export:
            head = AuditChainHead.objects.filter(pk=1).values_list("sequence", "hash").first()
            self.stdout.write(f"{head[0]}:{head[1]}" if head else "0:" + "0" * 64)
            return
        try:
            anchor = anchor_write(reason="export")
        except AnchorRefused as refusal:
            self.stderr.write(f"Not exported: {refusal}. Run `safereport audit verify`.")
            raise CommandError("audit chain not anchored", returncode=1) from refusal
        if anchor is None:
            raise CommandError("the audit log is empty: nothing to export yet", returncode=1)
        self.stdout.write(export_line(anchor))
