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
