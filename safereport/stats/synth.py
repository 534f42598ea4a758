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

from safereport.accounts.models import Organisation, StaffUser
from safereport.accounts.permissions import OrganisationKind
from safereport.cases.models import Case, CrimeType, HelpKind, ReportingStatus
from safereport.cases.models.case import CASE_CODE_ALPHABET
from safereport.consent.models import Channel, ConsentEvent, Decision, Understanding
from safereport.core.purposes import Purpose
from safereport.evidence.models import Holder, Kit, KitStatus
from safereport.police.models import (
    Consultation,
    ConsultationStatus,
    ContactPolicy,
    ImmigrationAction,
    IntermediatedReport,
)

JURISDICTIONS = ("BE", "NL", "ES", "IT")
BATCH = 5_000
UTC = ZoneInfo("UTC")
# Shares of the synthetic records per kind of harm (ADR 0031 §10): invented to be plausible, not measured,
# and small kinds kept small so the release rules hide some of their cells at every size.
CRIME_TYPE_SHARES = {
    CrimeType.TRAFFICKING: 0.03,
    CrimeType.FORCED_MARRIAGE: 0.01,
    CrimeType.FGM: 0.01,
    CrimeType.RAPE: 0.30,
    CrimeType.SEXUAL_ASSAULT: 0.20,
    CrimeType.SEXUAL_HARASSMENT_OR_EXPLOITATION: 0.05,
    CrimeType.OTHER: 0.05,
    CrimeType.NOT_RECORDED: 0.35,
}


@dataclass(frozen=True)
class SynthReport:
    centres: int
    police_units: int
    cases: int
    consent_events: int
    kits: int = 0
    consultations: int = 0
    reports: int = 0


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
        # Who "booked" the synthetic consultations and "filed" the reports: one account that cannot sign in.
        clerk = StaffUser(username=f"synthetic-clerk-{seed}-{made_centres[0].pk}", organisation=made_centres[0], is_active=False)
        clerk.set_unusable_password()
        clerk.save()
    # Each police unit differs (the COMPAS "geographic roulette"): how often a consultation is held and
    # converted, how fast it replies, whether it says what it did towards immigration authorities.
    unit_ways = {
        unit.pk: (rng.uniform(0.3, 0.95), rng.uniform(0.1, 0.6), rng.randint(1, 40), rng.random() < 0.25)
        for unit in units
    }
    units_in = {code: [u.pk for u in units if u.jurisdiction == code] for code in JURISDICTIONS}
    jurisdiction_of = {c.pk: c.jurisdiction for c in made_centres}
    # Zipf-like sizes (a few large centres, many small ones) and a reporting rate per centre.
    weights = [1 / (i + 1) for i in range(len(made_centres))]
    reporting = [rng.uniform(0.05, 0.6) for _ in made_centres]
    ids = [c.pk for c in made_centres]
    languages = ["en", "ar", "fr", "es", "fa", "uk", "ti", "nl", "it", ""]
    helps = [h.value for h in HelpKind]
    # Plausible shares for a sexual-assault centre (invented, not measured): rape and other sexual
    # assault most often, and much left "not recorded", as in a service that records only what is said.
    crime_types = [kind.value for kind in CrimeType]
    crime_weights = [CRIME_TYPE_SHARES[kind] for kind in CrimeType]
    start = dt.datetime(year, 1, 1, tzinfo=UTC)
    seconds = int((dt.datetime(year + 1, 1, 1, tzinfo=UTC) - start).total_seconds())
    made_cases = made_events = made_kits = made_consultations = made_reports = 0
    with _dates_as_given(Case, ConsentEvent, Kit, Consultation, IntermediatedReport):
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
                        crime_type=rng.choices(crime_types, crime_weights)[0],
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
                kits = [_kit(rng, case) for case in stored if rng.random() < 0.08]
                Kit.objects.bulk_create(kits)
                consultations = [
                    _consultation(rng, case, unit, unit_ways[unit], clerk)
                    for case in stored
                    if rng.random() < 0.06
                    for unit in [rng.choice(units_in[jurisdiction_of[case.care_centre_id]])]
                ]
                Consultation.objects.bulk_create(consultations)
                reports = [
                    _report(rng, case, unit, unit_ways[unit], clerk)
                    for case in stored
                    if rng.random() < 0.03
                    for unit in [rng.choice(units_in[jurisdiction_of[case.care_centre_id]])]
                ]
                IntermediatedReport.objects.bulk_create(reports)
            made_cases += n
            made_events += len(events)
            made_kits += len(kits)
            made_consultations += len(consultations)
            made_reports += len(reports)
    return SynthReport(
        centres=len(made_centres),
        police_units=len(units),
        cases=made_cases,
        consent_events=made_events,
        kits=made_kits,
        consultations=made_consultations,
        reports=made_reports,
    )


Ways = tuple[float, float, int, bool]


def _kit(rng: random.Random, case: Case) -> Kit:
    standing = rng.random()
    if standing < 0.7:
        status, holder = rng.choice((KitStatus.STORED, KitStatus.EXTENDED, KitStatus.DESTRUCTION_REQUESTED)), Holder.CENTRE
    elif standing < 0.85:
        status, holder = rng.choice((KitStatus.TRANSFERRED, KitStatus.AT_LAB)), rng.choice((Holder.POLICE, Holder.LAB))
    else:
        status, holder = KitStatus.DESTROYED, Holder.CENTRE
    return Kit(
        care_centre_id=case.care_centre_id, exam_started_on=case.created_at.date(), rule_id="synthetic",
        status=status, holder=holder, created_at=case.created_at,
    )


def _consultation(rng: random.Random, case: Case, unit: int, ways: Ways, clerk: StaffUser) -> Consultation:
    holds, converts, days, _silent = ways
    held = rng.random() < holds
    status = (
        (ConsultationStatus.REPORT if rng.random() < converts else ConsultationStatus.NOT_REPORTING)
        if held
        else rng.choice((ConsultationStatus.BOOKED, ConsultationStatus.CANCELLED))
    )
    return Consultation(
        case_id=case.pk, care_centre_id=case.care_centre_id, police_unit_id=unit, pseudonym="SYN-000",
        place="care_centre", companion="no", interpreter=False, booked_by=clerk, proposed_for=case.created_at,
        days_to_reply=max(0, int(rng.expovariate(1 / days))), held_on=case.created_at.date() if held else None,
        status=status, created_at=case.created_at,
    )


def _report(rng: random.Random, case: Case, unit: int, ways: Ways, clerk: StaffUser) -> IntermediatedReport:
    _holds, _converts, days, silent = ways
    replied = rng.random() < 0.8
    return IntermediatedReport(
        case_id=case.pk, intermediary_id=case.care_centre_id, filed_by=clerk, police_unit_id=unit, pseudonym="SYN-000",
        identity_released="none", intermediary_reference="SYN-1", venue="police", created_at=case.created_at,
        replied_on=case.created_at.date() if replied else None,
        days_to_reply=max(0, int(rng.expovariate(1 / days))) if replied else None,
        contact_policy=rng.choice(ContactPolicy.values) if replied else "",
        immigration_action=(ImmigrationAction.NOT_SAID if silent else ImmigrationAction.NONE) if replied else "",
    )
