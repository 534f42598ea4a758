"""Consent housekeeping.

    safereport consent lock-lapsed     wipe unlock copies of sealed notes whose 30 minutes are over
"""

from django.core.management.base import BaseCommand, CommandParser

from safereport.consent import services


class Command(BaseCommand):
    help = "Consent housekeeping: lock-lapsed"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["lock-lapsed"])

    def handle(self, *args: object, **options: object) -> None:
        wiped = services.compartments_lock_lapsed()
        self.stdout.write(f"locked {wiped} lapsed unlock(s)")
