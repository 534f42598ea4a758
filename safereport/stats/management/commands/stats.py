"""`safereport stats synth --cases N`: a synthetic world of event and state rows for benchmarks and demos."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from safereport.stats.errors import StatsRefused
from safereport.stats.services import closed_period_materialise, year_end_run
from safereport.stats.synth import SynthRefused, synthetic_world


class Command(BaseCommand):
    help = "Statistics tools. `synth` writes a synthetic world (never a sealed field) for benchmarks and demos."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        synth = sub.add_parser("synth", help="Write N synthetic cases with their consent decisions.")
        synth.add_argument("--cases", type=int, required=True)
        synth.add_argument("--year", type=int, default=None, help="The calendar year the cases fall in (default: this year).")
        synth.add_argument("--centres", type=int, default=24)
        synth.add_argument("--seed", type=int, default=17)
        materialise = sub.add_parser(
            "materialise", help="Count every table of a year that has ended once, so its pages read stored counts."
        )
        materialise.add_argument("--year", type=int, required=True)
        sub.add_parser(
            "year-end",
            help="Store the year that has ended and close the privacy budgets of the year before it (idempotent; a timer runs it).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "year-end":
            done = year_end_run()
            stored_words = (
                f"stored {done.tables_stored:,} tables for {done.materialised_year}"
                if done.tables_stored
                else f"{done.materialised_year} was already stored"
            )
            closed = (
                f"closed the privacy budgets of {done.closed_budget_year}"
                if done.budgets_closed
                else f"the privacy budgets of {done.closed_budget_year} were already closed"
            )
            self.stdout.write(f"Year end: {stored_words}; {closed}.")
            return
        if options["action"] == "materialise":
            try:
                stored = closed_period_materialise(year=options["year"])
            except StatsRefused as refusal:
                raise CommandError(refusal.message) from refusal
            self.stdout.write(f"Stored {stored:,} tables for {options['year']}.")
            return
        if options["cases"] < 0:
            raise CommandError("--cases is a number of cases, 0 or more")
        try:
            made = synthetic_world(
                cases=options["cases"],
                year=options["year"] or timezone.now().year,
                seed=options["seed"],
                centres=options["centres"],
            )
        except SynthRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stdout.write(
            f"Wrote {made.cases:,} synthetic cases, {made.consent_events:,} consent decisions, "
            f"{made.kits:,} evidence kits, {made.consultations:,} police consultations, {made.reports:,} reports "
            f"through an intermediary, {made.centres} care centres and {made.police_units} police units."
        )
