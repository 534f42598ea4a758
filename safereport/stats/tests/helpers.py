"""A small world of facts for the statistics tests: cases, messages, consents and packages with chosen dates."""

import datetime as dt
from zoneinfo import ZoneInfo

from safereport.accounts.models import Organisation
from safereport.cases.models import Case, PortalMessage
from safereport.consent.models import ConsentEvent, DisclosurePackage

UTC = ZoneInfo("UTC")


def at(year: int, month: int, day: int = 10, hour: int = 12) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=UTC)


def centre(name: str, jurisdiction: str = "BE") -> Organisation:
    return Organisation.objects.create(name=name, kind="care_centre", jurisdiction=jurisdiction)


def cases_at(care_centre: Organisation, n: int, *, when: dt.datetime, **fields) -> list[Case]:
    made = [Case.objects.create(care_centre=care_centre, **fields) for _ in range(n)]
    Case.objects.filter(pk__in=[c.pk for c in made]).update(created_at=when)
    return made


def conversation(case: Case, *, wrote: dt.datetime, answered: dt.datetime | None) -> None:
    first = PortalMessage.objects.create(case=case, sender="victim", body_sealed=b"sealed")
    PortalMessage.objects.filter(pk=first.pk).update(created_at=wrote)
    if answered is not None:
        reply = PortalMessage.objects.create(case=case, sender="centre", body_sealed=b"sealed")
        PortalMessage.objects.filter(pk=reply.pk).update(created_at=answered)


def consent(case: Case, *, purpose: str, decision: str = "given", channel: str = "staff", when: dt.datetime) -> None:
    ConsentEvent.objects.create(
        case=case, category="needs_and_support", purpose=purpose, decision=decision, channel=channel,
        understanding="understood", recorded_at=when, recipient_kind="ngo",
    )


def package(case: Case, *, recipient: Organisation, built_by, purpose: str = "investigation", when: dt.datetime) -> None:
    DisclosurePackage(
        case=case, case_ref=str(case.public_id), care_centre=case.care_centre, recipient=recipient,
        purpose=purpose, built_by=built_by, built_at=when,
    ).save()


def police_unit(name: str, jurisdiction: str = "BE") -> Organisation:
    return Organisation.objects.create(name=name, kind="police_unit", jurisdiction=jurisdiction)


def consultations_at(unit: Organisation, case: Case, booked_by, n: int, *, when: dt.datetime, held: int = 0,
                     converted: int = 0, days_to_reply: int | None = None) -> None:
    """n consultations asked of the unit (a time proposed); the first `held` held, the first `converted` of those converted."""
    from safereport.police.models import Consultation

    # Made in the state given (a bulk insert): the transitions are the police app's tests.
    made = Consultation.objects.bulk_create(
        Consultation(
            case=case, care_centre=case.care_centre, police_unit=unit, pseudonym=f"ABC-{i:03d}", place="care_centre",
            companion="no", interpreter=False, booked_by=booked_by, proposed_for=when, days_to_reply=days_to_reply,
            held_on=when.date() if i < held else None,
            status="report" if i < converted else "held" if i < held else "booked",
        )
        for i in range(n)
    )
    Consultation.objects.filter(pk__in=[c.pk for c in made]).update(created_at=when)


def reports_at(unit: Organisation, case: Case, filed_by, n: int, *, when: dt.datetime, replied: int = 0,
               contact_policy: str = "via_intermediary", immigration_action: str = "none", days_to_reply: int = 3) -> None:
    """n reports an intermediary filed with the unit; the first `replied` answered as given."""
    from safereport.police.models import IntermediatedReport

    made = [
        IntermediatedReport.objects.create(
            case=case, intermediary=case.care_centre, filed_by=filed_by, police_unit=unit, pseudonym=f"REP-{i:03d}",
            identity_released="none", intermediary_reference=f"R-{i}", venue="police",
        )
        for i in range(n)
    ]
    IntermediatedReport.objects.filter(pk__in=[r.pk for r in made]).update(created_at=when)
    IntermediatedReport.objects.filter(pk__in=[r.pk for r in made[:replied]]).update(
        replied_on=when.date(), record_type="crime", contact_policy=contact_policy,
        immigration_action=immigration_action, days_to_reply=days_to_reply,
    )


def kits_at(care_centre: Organisation, n: int, *, started: dt.date, status: str = "stored", holder: str = "centre") -> None:
    from safereport.evidence.models import Kit

    # Made in the state given (a bulk insert, as the synthetic world does): the transitions are the evidence app's tests.
    Kit.objects.bulk_create(
        Kit(care_centre=care_centre, exam_started_on=started, rule_id="be-6-months", status=status, holder=holder)
        for _ in range(n)
    )
