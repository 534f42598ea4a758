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
