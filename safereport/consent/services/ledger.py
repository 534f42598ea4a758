"""The consent ledger: what the person agreed to share, with whom, for what; and clinical consent."""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from safereport.accounts.models import Organisation, StaffUser
from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.cases.models import Case
from safereport.cases.sealing import language_set
from safereport.consent.models import (
    Channel,
    ClinicalConsent,
    ClinicalDecision,
    ConsentEvent,
    Decision,
    Understanding,
)
from safereport.consent.purposes import Purpose, recipient_kind_allowed
from safereport.consent.selectors import consents_in_force
from safereport.consent.services.common import ConsentError, case_ref_of, lock_case
from safereport.core.categories import DataCategory
from safereport.partners.selectors import partners_for, recipient_verdict


def _languages_set(
    *,
    case: Case,
    record: ConsentEvent | ClinicalConsent,
    language: str,
    language_other: str,
    interpreter_language: str,
    interpreter_language_other: str,
) -> None:
    """Codes in the row, and the name of any other language sealed with the case's key, before the one insert."""
    try:
        language_set(case=case, record=record, field="language", code=language, other=language_other)
        language_set(
            case=case, record=record, field="interpreter_language", code=interpreter_language, other=interpreter_language_other
        )
    except ValueError as error:
        raise ConsentError("Choose the languages from the list, or write the name of another language.") from error


@transaction.atomic
def consent_record(
    *,
    case: Case,
    categories: Iterable[str],
    purpose: str,
    decision: str,
    understanding: str,
    channel: str,
    recipient_organisation: Organisation | None = None,
    recipient_kind: str = "",
    explicit: bool = False,
    expires_at: datetime | None = None,
    explained_by: StaffUser | None = None,
    language: str = "",
    interpreter_language: str = "",
    language_other: str = "",
    interpreter_language_other: str = "",
) -> list[ConsentEvent]:
    categories = sorted(set(categories))
    if not categories or not set(categories) <= set(DataCategory.values):
        raise ConsentError("Choose at least one kind of information.")
    if purpose not in Purpose.values:
        raise ConsentError("Unknown purpose.")
    if (recipient_organisation is None) == (not recipient_kind):
        raise ConsentError("Name one recipient: an organisation or a kind of organisation.")
    kind = recipient_organisation.kind if recipient_organisation is not None else recipient_kind
    if not recipient_kind_allowed(purpose=purpose, kind=kind):
        raise ConsentError("This kind of organisation cannot receive information for this purpose.")
    if decision == Decision.GIVEN:
        # A consent names the organisations the person was told about (ADR 0014).
        # By kind, only a withdrawal: it takes back older consents given by kind.
        if recipient_organisation is None:
            raise ConsentError("A consent names the organisations it covers: choose them, not a kind of organisation.")
        verdict = recipient_verdict(
            care_centre_id=case.care_centre_id, organisation_id=recipient_organisation.pk, purpose=purpose
        )
        if not verdict.allowed:
            raise ConsentError("This organisation is not a partner of the centre for this purpose.")
    if channel == Channel.STAFF and explained_by is None:
        raise ConsentError("Say who explained it.")
    if decision == Decision.GIVEN:
        accepted = {Understanding.SELF_SERVICE} if channel == Channel.PORTAL else {
            Understanding.UNDERSTOOD,
            Understanding.UNDERSTOOD_AFTER_REPEAT,
        }
        if understanding not in accepted:
            raise ConsentError("Consent is recorded only once the person has understood. Explain again.")
        if expires_at is not None and expires_at <= timezone.now():
            raise ConsentError("The end date is in the past.")
        if DataCategory.MIGRATION_INFORMATION in categories and (recipient_organisation is None or not explicit):
            raise ConsentError("Migration information can only be shared with one named organisation, on explicit request.")
    case = lock_case(case)
    now = timezone.now()  # taken under the lock: see the module docstring
    events = []
    for category in categories:
        event = ConsentEvent(
            case=case,
            category=category,
            purpose=purpose,
            recipient_organisation=recipient_organisation,
            recipient_kind="" if recipient_organisation is not None else recipient_kind,
            decision=decision,
            explicit=explicit,
            expires_at=expires_at if decision == Decision.GIVEN else None,
            recorded_at=now,
            channel=channel,
            explained_by=explained_by,
            understanding=understanding,
        )
        _languages_set(
            case=case,
            record=event,
            language=language,
            language_other=language_other,
            interpreter_language=interpreter_language,
            interpreter_language_other=interpreter_language_other,
        )
        event.save()
        events.append(event)
    record(
        f"consent:consent:{decision}",
        actor=Actor.staff(explained_by) if explained_by is not None else Actor.victim(),
        subject=f"case:{case.public_id}",
        case_ref=case_ref_of(case),
        details={
            "categories": ",".join(categories),
            "purpose": purpose,
            "recipient_kind": kind,
            "recipient": recipient_organisation.name if recipient_organisation is not None else "",
            "channel": channel,
        },
    )
    return events


@transaction.atomic
def consent_record_for_partners(
    *,
    case: Case,
    categories: Iterable[str],
    purpose: str,
    decision: str,
    kinds: Iterable[str],
    shown: Iterable[str],
    understanding: str,
    channel: str,
    explicit: bool = False,
    expires_at: datetime | None = None,
    explained_by: StaffUser | None = None,
    language: str = "",
    interpreter_language: str = "",
    language_other: str = "",
    interpreter_language_other: str = "",
) -> list[ConsentEvent]:
    """"The police", "a support organisation": recorded as one consent per partner the person was shown by name.

    Given: for each organisation of these kinds that the centre may share with
    for this purpose now and whose public id was on the page (`shown`). A
    partner approved after the page was drawn is left out: the person never
    saw its name. Withdrawn: for every organisation of these kinds the ledger
    names for this purpose, and for the kinds themselves (consents given by
    kind before issue 11), so nothing given under any form survives.
    """
    kinds = sorted(set(kinds))
    chosen = list(categories)

    def one(organisation: Organisation | None = None, kind: str = "") -> list[ConsentEvent]:
        return consent_record(
            case=case,
            categories=chosen,
            purpose=purpose,
            decision=decision,
            understanding=understanding,
            channel=channel,
            recipient_organisation=organisation,
            recipient_kind=kind,
            explicit=explicit,
            expires_at=expires_at,
            explained_by=explained_by,
            language=language,
            interpreter_language=interpreter_language,
            language_other=language_other,
            interpreter_language_other=interpreter_language_other,
        )

    events: list[ConsentEvent] = []
    if decision == Decision.GIVEN:
        seen = {str(public_id) for public_id in shown}
        partners = [
            p
            for p in partners_for(care_centre_id=case.care_centre_id, purpose=purpose, kinds=set(kinds))
            if str(p.public_id) in seen
        ]
        if not partners:
            raise ConsentError("No partner organisation of the centre can receive this for this purpose.")
        for partner in partners:
            events += one(organisation=partner.organisation)
        return events
    named = (
        ConsentEvent.objects.filter(case=case, purpose=purpose, recipient_organisation__kind__in=kinds)
        .values_list("recipient_organisation", flat=True)
        .distinct()
    )
    for organisation in Organisation.objects.filter(pk__in=list(named)).order_by("name"):
        events += one(organisation=organisation)
    for kind in kinds:
        events += one(kind=kind)
    return events


@transaction.atomic
def consent_withdraw_all(*, case: Case, explained_by: StaffUser | None = None) -> int:
    """Withdraw every consent in force. Takes effect at once for everything not yet shared."""
    channel = Channel.STAFF if explained_by is not None else Channel.PORTAL
    understanding = Understanding.UNDERSTOOD if explained_by is not None else Understanding.SELF_SERVICE
    count = 0
    for event in consents_in_force(case):
        consent_record(
            case=case,
            categories=[event.category],
            purpose=event.purpose,
            decision=Decision.WITHDRAWN,
            understanding=understanding,
            channel=channel,
            recipient_organisation=event.recipient_organisation,
            recipient_kind=event.recipient_kind,
            explained_by=explained_by,
        )
        count += 1
    return count


@transaction.atomic
def clinical_consent_record(
    *,
    case: Case,
    examination: str,
    decision: str,
    told_can_stop: bool,
    explained_by: StaffUser,
    understanding: str,
    language: str = "",
    interpreter_language: str = "",
    language_other: str = "",
    interpreter_language_other: str = "",
) -> ClinicalConsent:
    if decision == ClinicalDecision.GIVEN:
        if not told_can_stop:
            raise ConsentError('Tell the person "you can stop at any time" before recording agreement.')
        if understanding not in {Understanding.UNDERSTOOD, Understanding.UNDERSTOOD_AFTER_REPEAT}:
            raise ConsentError("Consent is recorded only once the person has understood. Explain again.")
    case = lock_case(case)
    consent = ClinicalConsent(
        case=case,
        examination=examination,
        decision=decision,
        told_can_stop=told_can_stop,
        explained_by=explained_by,
        understanding=understanding,
    )
    _languages_set(
        case=case,
        record=consent,
        language=language,
        language_other=language_other,
        interpreter_language=interpreter_language,
        interpreter_language_other=interpreter_language_other,
    )
    consent.save()
    record(
        f"consent:clinical:{decision}",
        actor=Actor.staff(explained_by),
        subject=f"case:{case.public_id}",
        case_ref=case_ref_of(case),
        details={"examination": examination},
    )
    return consent
