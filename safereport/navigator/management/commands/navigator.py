"""`safereport navigator explain ...` and `safereport navigator check`.

    safereport navigator explain --jurisdiction NL --role victim --crime rape \\
        --perpetrator stranger --situation undocumented [--gender female] --format json
    safereport navigator check [--today 2026-11-24] [--strict]

`check` validates the data files (schema, every source present), lists the
mechanisms no lawyer has reviewed yet (only transcribed), those without the
practical blocks of issue 12 §2 (exposure, deadlines, evidence, costs, next
steps), and reviews older than 12 months. With --strict a stale review fails
the check; in production (SAFEREPORT_ENV=production) --strict also fails on
unreviewed mechanisms and on missing practical blocks, so unreviewed legal
text cannot be put in front of victims by accident. Test, CI and demo runs
keep the drafts (issue 12; ADR 0024).
"""

import datetime as dt
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from safereport.navigator import engine, knowledge, selectors


class Command(BaseCommand):
    help = "Explain which safe reporting mechanisms apply to a situation, or check the knowledge base."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        explain = sub.add_parser("explain", help="Explain a situation.")
        explain.add_argument("--jurisdiction", required=True)
        explain.add_argument("--role", choices=engine.ROLES + (engine.UNKNOWN,), default=engine.UNKNOWN)
        explain.add_argument("--crime", action="append", default=[], help="repeat for several crimes")
        explain.add_argument("--perpetrator", choices=engine.PERPETRATORS + (engine.UNKNOWN,), default=engine.UNKNOWN)
        explain.add_argument("--situation", choices=engine.STATUSES + (engine.UNKNOWN,), default=engine.UNKNOWN)
        explain.add_argument("--gender", choices=engine.GENDERS + (engine.UNKNOWN,), default=engine.UNKNOWN)
        explain.add_argument("--format", choices=("text", "json"), default="text")
        check = sub.add_parser("check", help="Validate the knowledge base.")
        check.add_argument("--today", type=dt.date.fromisoformat, default=None)
        check.add_argument(
            "--strict",
            action="store_true",
            help="also fail on reviews older than 12 months; in production also on unreviewed or incomplete mechanisms",
        )

    def handle(self, *args, **options):
        self.verbosity = options.get("verbosity", 1)
        if options["action"] == "check":
            return self.check_data(options["today"] or dt.date.today(), options["strict"])
        return self.explain(options)

    def explain(self, options):
        kb = knowledge.default()
        if options["jurisdiction"] not in kb.jurisdictions:
            raise CommandError(f"Unknown jurisdiction {options['jurisdiction']!r}; choose from {', '.join(sorted(kb.jurisdictions))}.")
        unknown = [c for c in options["crime"] if c not in kb.crimes]
        if unknown:
            raise CommandError(f"Unknown crime type(s) {', '.join(unknown)}; see data/crime_types.toml.")
        situation = engine.Situation(
            options["jurisdiction"], options["role"], tuple(options["crime"]),
            options["perpetrator"], options["situation"], options["gender"],
        )
        data = selectors.as_json(situation, kb)
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"Jurisdiction: {kb.jurisdictions[situation.jurisdiction]['name']}")
        for reason in data["derived"]:
            self.stdout.write(f"  note: {reason['text']}")
        labels = {engine.APPLIES: "APPLIES", engine.MAY_APPLY: "MAY APPLY", engine.DOES_NOT_APPLY: "DOES NOT APPLY"}
        for mechanism in data["mechanisms"]:
            self.stdout.write(f"\n{mechanism['id']} [{labels[mechanism['verdict']]}] {mechanism['name']}")
            for reason in mechanism["reasons"]:
                self.stdout.write(f"  - {reason['text']}  ({reason['field']})")
            review = (
                f"reviewed {mechanism['reviewed_on']} by a {mechanism['reviewed_by']}"
                if mechanism["reviewed_on"]
                else "not yet reviewed by a lawyer"
            )
            self.stdout.write(
                f"  confidence {mechanism['confidence']}; transcribed {mechanism['transcribed_on']}; {review}"
            )
        if data["reporting_risk"]:
            self.stdout.write(f"\nReporting to the police: {data['reporting_risk']['statement']}")
        self.stdout.write("\nBaseline:")
        for entry in data["baseline"]:
            self.stdout.write(f"  - {entry['statement']}")
        self.stdout.write("\nNot legal advice. Check with a lawyer or a specialised organisation before acting.")

    def check_data(self, today, strict):
        self.verbosity = self.verbosity if hasattr(self, "verbosity") else 1
        crimes, files = knowledge.read_files()
        errors = knowledge.validate(crimes, files)
        stale = knowledge.stale_reviews(files, today) if not errors else []
        unreviewed = knowledge.unreviewed(files) if not errors else []
        incomplete = knowledge.missing_practice(files) if not errors else []
        for line in errors:
            self.stderr.write(f"error: {line}")
        for line in stale:
            self.stderr.write(f"review due: {line}")
        mechanisms = sum(len(doc["mechanisms"]) for doc in files.values())
        production = strict and settings.IS_PRODUCTION
        # Outside a production --strict run these are counted, not listed: every
        # mechanism is a draft today, and CI must stay readable.
        if production or self.verbosity > 1:
            for line in unreviewed:
                self.stderr.write(f"unreviewed: {line}")
            for line in incomplete:
                self.stderr.write(f"incomplete: {line}")
        if errors or (strict and stale) or (production and (unreviewed or incomplete)):
            raise CommandError(
                f"{len(errors)} error(s), {len(stale)} review(s) due, "
                f"{len(unreviewed)} mechanism(s) not reviewed by a lawyer, {len(incomplete)} incomplete"
                + ("; production needs every mechanism reviewed and complete." if production else ".")
            )
        self.stdout.write(
            f"OK: {len(files)} jurisdictions, {mechanisms} mechanisms, {len(crimes['crimes'])} crime types; "
            f"{len(stale)} review(s) older than 12 months; {len(unreviewed)} not yet reviewed by a lawyer; "
            f"{len(incomplete)} without every practical block."
        )
