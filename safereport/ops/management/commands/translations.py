"""`safereport translations status`, `review` and `apply-reviews` (ADR 0036)."""

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safereport.audit.actors import Actor
from safereport.content import review
from safereport.core import catalogues
from safereport.ops import translations


class Command(BaseCommand):
    help = "Translation figures per language and area; record a reviewer's approval."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("status", help="Shares reviewed, drafted and missing; exits 1 if a required text is missing.")
        approve = sub.add_parser("review", help="Mark one translation reviewed (an interface string or a key message).")
        approve.add_argument("--language", required=True)
        approve.add_argument("--role", required=True, help="The reviewer's role, e.g. 'professional translator'; never a name.")
        approve.add_argument("--msgid", help="An interface string (English source) to mark reviewed.")
        approve.add_argument("--context", default=None, help="Its msgctxt, if it has one.")
        approve.add_argument("--key-message", help="A key message slug to mark reviewed.")
        approve.add_argument("--jurisdiction", default="BE", help="Whose variant of the key message.")
        apply = sub.add_parser(
            "apply-reviews",
            help="Write the interface-string reviews made in the pages into the catalogues (for the next release).",
        )
        apply.add_argument(
            "--locale-dir", default=None,
            help="The locale/ directory of a writable checkout (default: this installation's).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "status":
            self._status()
        elif options["action"] == "apply-reviews":
            self._apply(options)
        else:
            self._review(options)

    def _status(self) -> None:
        rows = translations.status()
        self.stdout.write(f"{'language':9} {'area':13} {'reviewed':>9} {'drafted':>9} {'missing':>9}   texts")
        for row in rows:
            mark = "" if not row.missing else ("  MISSING (required)" if row.required else "  missing (allowed)")
            self.stdout.write(
                f"{row.language:9} {row.area:13} {row.share(row.reviewed):>9} {row.share(row.drafted):>9} "
                f"{row.share(row.missing):>9}   {row.total}{mark}"
            )
        failing = translations.missing_required(rows)
        if failing:
            raise CommandError(
                "Missing required translations: "
                + ", ".join(f"{row.language}/{row.area} ({row.missing})" for row in failing),
                returncode=1,
            )
        self.stdout.write("No required text is missing. Drafts are allowed; each page that shows one says so.")

    def _apply(self, options: dict[str, Any]) -> None:
        """Maintainers run this for a release: the deployment's code directory is read-only,
        so reviews made in the pages wait in the database until then (ADR 0036)."""
        locale_dir = Path(options["locale_dir"] or Path(settings.BASE_DIR) / "locale")
        approved, corrected, skipped = review.apply_reviews(locale_dir=locale_dir)
        self.stdout.write(f"Approved: {approved}. Corrected: {corrected}. Skipped: {len(skipped)}.")
        for name in skipped:
            self.stdout.write(f"  skipped (the catalogue no longer holds the words reviewed): {name}")
        if (approved or corrected) and options["locale_dir"] is None:
            call_command("compilemessages", "--ignore=.venv", verbosity=0)
            self.stdout.write("Compiled. Commit locale/ for the next release.")
        elif approved or corrected:
            self.stdout.write("Now run compilemessages in that checkout and commit its locale/ for the next release.")

    def _review(self, options: dict[str, Any]) -> None:
        language, role = options["language"], options["role"].strip()
        if not role or "," in role or "(" in role:
            raise CommandError("Give the reviewer's role in plain words, without commas or brackets.")
        if options["key_message"]:
            try:
                reference = review.key_message_review(
                    slug=options["key_message"], language=language, jurisdiction=options["jurisdiction"],
                    role=role, actor=Actor.system("translations review"),
                )
            except ValidationError as error:
                raise CommandError(error.messages[0]) from error
            self.stdout.write(f"Reviewed: {reference}")
        elif options["msgid"]:
            if not catalogues.mark_reviewed(
                language, options["msgid"], role=role, on=dt.date.today(), msgctxt=options["context"]
            ):
                raise CommandError("No translated entry with that text in that language.")
            self.stdout.write(f"Reviewed in locale/{language}: {options['msgid']!r}")
        else:
            raise CommandError("Name --msgid or --key-message.")
