"""`safereport content check`: the content report (same rules as the tests)."""

from django.core.management.base import BaseCommand, CommandError

from safereport.content import checks
from safereport.content.loader import ContentDataError, load_library


class Command(BaseCommand):
    help = "Information library tools. `check`: completeness, sources, length limits, reading grade, review status."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("check", help="Print the content report; exit 1 if any rule is broken.")

    def handle(self, *args, **options):
        try:
            library = load_library()
        except ContentDataError as exc:
            raise CommandError(f"data file error: {exc}") from exc
        report = checks.run(library)
        self.stdout.write(checks.render(report))
        if not report.ok:
            raise CommandError(f"{len(report.problems)} content problem(s)")
