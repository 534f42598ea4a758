"""A synthetic world for benchmarks and demos: organisations, cases and consent decisions, never a person.

`safereport stats synth --cases N` calls `synthetic_world()`. It writes only
event and state columns (dates, codes, organisation ids): no sealed field, no
message (a message row carries a sealed body), no receipt. Centres differ on
purpose — in size, in how often people report, in how fast they answer — so
the oversight tables show the "geographic roulette" the COMPAS study found.
Refused on a production database: synthetic rows would pollute real figures.
"""

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models, transaction

from safereport.accounts.models import Organisation
from safereport.accounts.permissions import OrganisationKind
from safereport.cases.models import Case, HelpKind, ReportingStatus
from safereport.cases.models.case import CASE_CODE_ALPHABET
from safereport.consent.models import Channel, ConsentEvent, Decision, Understanding
from safereport.core.purposes import Purpose

JURISDICTIONS = ("BE", "NL", "ES", "IT")
BATCH = 5_000
UTC = ZoneInfo("UTC")


@dataclass(frozen=True)
class SynthReport:
    centres: int
    police_units: int
    cases: int
    consent_events: int


class SynthRefused(Exception):
    pass


@contextmanager
def _dates_as_given(*tables: type[models.Model]) -> Iterator[None]:
    """Let bulk_create keep the created_at the generator chose (auto_now_add would overwrite it)."""
    fields: list[models.DateTimeField[object, object]] = []
    for table in tables:
        field = table._meta.get_field("created_at")
        assert isinstance(field, models.DateTimeField)
        fields.append(field)
    saved = [field.auto_now_add for field in fields]
    try:
        for field in fields:
            field.auto_now_add = False
        yield
    finally:
        for field, value in zip(fields, saved, strict=True):
            field.auto_now_add = value


def synthetic_world(*, cases: int, year: int, seed: int = 17, centres: int = 24) -> SynthReport:
    if settings.IS_PRODUCTION:
        raise SynthRefused("a synthetic world is never written to a production database")
    rng = random.Random(seed)  # noqa: S311  (reproducible synthetic data, not secrets)
    with transaction.atomic():
        made_centres = Organisation.objects.bulk_create(
            Organisation(
                name=f"Synthetic care centre {i + 1:02d} ({JURISDICTIONS[i % len(JURISDICTIONS)]})",
                kind=OrganisationKind.CARE_CENTRE,
                jurisdiction=JURISDICTIONS[i % len(JURISDICTIONS)],
            )
            for i in range(centres)
        )
        units = Organisation.objects.bulk_create(
            Organisation(
                name=f"Synthetic police unit {j + 1} ({code})", kind=OrganisationKind.POLICE_UNIT, jurisdiction=code
            )
            for code in JURISDICTIONS
            for j in range(3)
        )
    # Zipf-like sizes (a few large centres, many small ones) and a reporting rate per centre.
    weights = [1 / (i + 1) for i in range(len(made_centres))]
    reporting = [rng.uniform(0.05, 0.6) for _ in made_centres]
    ids = [c.pk for c in made_centres]
    languages = ["en", "ar", "fr", "es", "fa", "uk", "ti", "nl", "it", ""]
    helps = [h.value for h in HelpKind]
    start = dt.datetime(year, 1, 1, tzinfo=UTC)
    seconds = int((dt.datetime(year + 1, 1, 1, tzinfo=UTC) - start).total_seconds())
    made_cases = made_events = 0
    with _dates_as_given(Case, ConsentEvent):
        while made_cases < cases:
            n = min(BATCH, cases - made_cases)
            batch = []
            for _ in range(n):
                index = rng.choices(range(len(ids)), weights)[0]
                reported = rng.random() < reporting[index]
                status = (
                    ReportingStatus.REPORTED
                    if reported
                    else rng.choice((ReportingStatus.NOT_REPORTING, ReportingStatus.THINKING, ReportingStatus.INFORMAL_TALK_ARRANGED))
                )
                batch.append(
                    Case(
                        # Longer than a real case code: eight letters collide within a few hundred thousand
                        # cases (27^8 codes), which a bulk insert cannot retry.
                        code="".join(rng.choices(CASE_CODE_ALPHABET, k=14)),
                        care_centre_id=ids[index],
                        created_at=start + dt.timedelta(seconds=rng.randrange(seconds)),
                        reporting_status=status,
                        preferred_language=rng.choice(languages),
                        help_kinds=rng.sample(helps, rng.randint(1, 2)),
                    )
                )
            with transaction.atomic():
                stored = Case.objects.bulk_create(batch)
                events = [
                    ConsentEvent(
                        case_id=case.pk,
                        category="needs_and_support",
                        purpose=rng.choice(Purpose.values),
                        recipient_kind=OrganisationKind.NGO,
                        decision=Decision.GIVEN if rng.random() < 0.85 else Decision.WITHDRAWN,
                        channel=rng.choice(Channel.values),
                        understanding=Understanding.UNDERSTOOD,
                        created_at=case.created_at,
                        recorded_at=min(case.created_at + dt.timedelta(days=rng.randint(0, 20)), start.replace(year=year + 1) - dt.timedelta(seconds=1)),
                    )
                    for case in stored
                    if rng.random() < 0.4
                ]
                ConsentEvent.objects.bulk_create(events)
            made_cases += n
            made_events += len(events)
    return SynthReport(centres=len(made_centres), police_units=len(units), cases=made_cases, consent_events=made_events)
