"""`safereport materials build --centre NAME DIR`: a centre's full set of posters,
flyers and cards in every language, as PDF files in DIR, with DRAFTS.txt saying
what in each file is a draft translation."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from config.locales import LANGUAGE_CODES
from safereport.materials import selectors


class Command(BaseCommand):
    help = "Posters, flyers and wallet cards for a centre, in every language (PDF)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help="write a centre's full set into a folder")
        build.add_argument("--centre", required=True, help="the centre's name as in data/content/jurisdictions.toml")
        build.add_argument("directory", type=Path)
        build.add_argument("--portal-url", default=None, help="the portal's public address (default: SAFEREPORT_PORTAL_URL)")
        build.add_argument("--language", action="append", choices=LANGUAGE_CODES, help="only these languages (repeatable)")
        sub.add_parser("centres", help="list the centres a set can be made for")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "centres":
            for name in selectors.printable_centres():
                self.stdout.write(name)
            return
        languages = tuple(options["language"] or LANGUAGE_CODES)
        try:
            written = selectors.set_write(
                centre=options["centre"], directory=options["directory"], languages=languages,
                portal_url=options["portal_url"],
            )
        except selectors.UnknownCentre as error:
            known = "; ".join(selectors.printable_centres()) or "none"
            raise CommandError(f"No printable centre named {error}. Centres: {known}") from None
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{len(written)} files for {options['centre']} in {len(languages)} languages in {options['directory']}")
        self.stdout.write(f"What is a draft translation in each: {options['directory'] / 'DRAFTS.txt'}")
