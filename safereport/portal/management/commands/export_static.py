"""`safereport export-static DIR`: the portal's public pages as plain files (docs/adr/0034)."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from config.locales import LANGUAGE_CODES
from safereport.portal.export import ExportProblem, export_static


class Command(BaseCommand):
    help = "Write every public information page, per language, as static HTML and CSS into DIR."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--portal-url", default=None,
            help="the live portal's address, for the write and come-back links (default: SAFEREPORT_PORTAL_URL)",
        )
        parser.add_argument("--language", action="append", choices=LANGUAGE_CODES, help="only these languages (repeatable)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            done = export_static(
                options["directory"], portal_url=options["portal_url"],
                languages=tuple(options["language"] or LANGUAGE_CODES),
            )
        except ExportProblem as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(f"{len(done.pages)} pages and {len(done.assets)} static files in {done.directory}")
        self.stdout.write("Serve it with the headers of deploy/nginx/safereport-static.conf.")
