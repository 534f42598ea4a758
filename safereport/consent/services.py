"""Changes to consent and sharing. `disclosure_build` is the only way anything leaves a case.

    package = disclosure_build(case=case, recipient=police_unit, purpose=Purpose.INVESTIGATION, actor=doctor)

raises `DisclosureRefused(reason)` (audited as `consent:disclosure:refused`)
when the ledger, the recipient or the purpose does not allow it.

Every write here locks the case row first (SELECT … FOR UPDATE on PostgreSQL;
SQLite's IMMEDIATE transactions already hold the one write lock), so a
withdrawal and a package build never interleave: the package either saw the
withdrawal or was finished, and dated, before it.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from safereport.accounts.models import Organisation, StaffUser
from safereport.accounts.permissions import OrganisationKind
from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.cases import receipts
from safereport.cases.models import Case, ReportingStatus
from safereport.cases.sealing import case_owner
from safereport.cases.selectors import cases_visible_to
from safereport.consent import rules
from safereport.consent.models import (
    Channel,
    ClinicalConsent,
    ClinicalDecision,
    ConsentEvent,
    Decision,
    DeletionTombstone,
    DisclosurePackage,
    MigrationCompartment,
    OverrideStatus,
    SafeguardingOverride,
    Understanding,
)
from safereport.consent.policies import LedgerEntry, permitted_categories
from safereport.consent.purposes import SEALED_CATEGORIES, Purpose, recipient_kind_allowed
from safereport.core.categories import DataCategory
from safereport.vault.services import (
    BatchOpener,
    SealContext,
    data_key_shred,
    seal,
    seal_for_victim,
    unseal,
    unseal_for_victim,
)

UNLOCK_MINUTES = 30


class DisclosureRefused(Exception):
    """The sharing policy said no. `reason` is a short code, also in the audit log."""

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(message or reason)
        self.reason = reason


class ConsentError(ValueError):
    """A consent that may not be recorded as asked (e.g. not yet understood)."""


class OverrideRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class CodeMismatch(Exception):
    """The typed receipt code is not this case's code."""


def _lock(case: Case) -> Case:
    locked = Case.objects.select_for_update().filter(pk=case.pk).first()
    if locked is None:
        raise DisclosureRefused("case_gone")
    return locked


def _ref(case: Case) -> str:
    return str(case.public_id)


# --- the ledger -----------------------------------------------------------------


def ledger_entries(case: Case, *, purpose: str | None = None) -> list[LedgerEntry]:
    events = ConsentEvent.objects.filter(case=case)
    if purpose is not None:
        events = events.filter(purpose=purpose)
    return [
        LedgerEntry(
            position=row[0],
            category=row[1],
            purpose=row[2],
            recipient_organisation_id=row[3],
            recipient_kind=row[4],
            given=row[5] == Decision.GIVEN,
            explicit=row[6],
            expires_at=row[7],
            recorded_at=row[8],
        )
        for row in events.order_by("pk").values_list(
            "pk",
            "category",
            "purpose",
            "recipient_organisation_id",
            "recipient_kind",
            "decision",
            "explicit",
            "expires_at",
            "recorded_at",
        )
    ]


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
    case = _lock(case)
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
            language=language,
            interpreter_language=interpreter_language,
            understanding=understanding,
        )
        event.save()
        events.append(event)
    record(
        f"consent:consent:{decision}",
        actor=Actor.staff(explained_by) if explained_by is not None else Actor.victim(),
        subject=f"case:{case.public_id}",
        case_ref=_ref(case),
        details={
            "categories": ",".join(categories),
            "purpose": purpose,
            "recipient_kind": kind,
            "recipient": recipient_organisation.name if recipient_organisation is not None else "",
            "channel": channel,
        },
    )
    return events


@dataclass(frozen=True)
class Scope:
    category: str
    purpose: str
    recipient_organisation_id: int | None
    recipient_kind: str


def consents_in_force(case: Case, *, at: datetime | None = None) -> list[ConsentEvent]:
    """The latest "given" entry of every (category, purpose, recipient) that still holds."""
    at = at or timezone.now()
    latest: dict[Scope, ConsentEvent] = {}
    for event in ConsentEvent.objects.filter(case=case).select_related("recipient_organisation").order_by("pk"):
        scope = Scope(event.category, event.purpose, event.recipient_organisation_id, event.recipient_kind)
        latest[scope] = event
    return [
        e for e in latest.values() if e.decision == Decision.GIVEN and (e.expires_at is None or e.expires_at > at)
    ]


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
) -> ClinicalConsent:
    if decision == ClinicalDecision.GIVEN:
        if not told_can_stop:
            raise ConsentError('Tell the person "you can stop at any time" before recording agreement.')
        if understanding not in {Understanding.UNDERSTOOD, Understanding.UNDERSTOOD_AFTER_REPEAT}:
            raise ConsentError("Consent is recorded only once the person has understood. Explain again.")
    case = _lock(case)
    consent = ClinicalConsent(
        case=case,
        examination=examination,
        decision=decision,
        told_can_stop=told_can_stop,
        explained_by=explained_by,
        understanding=understanding,
        language=language,
        interpreter_language=interpreter_language,
    )
    consent.save()
    record(
        f"consent:clinical:{decision}",
        actor=Actor.staff(explained_by),
        subject=f"case:{case.public_id}",
        case_ref=_ref(case),
        details={"examination": examination},
    )
    return consent


# --- collecting what a package may hold ------------------------------------------


@dataclass(frozen=True)
class Source:
    model: type[models.Model]
    case_field: str | None  # None: the Case itself
    fields: dict[str, str]  # sealed field → category
    when_field: str


@lru_cache(maxsize=1)
def sources() -> tuple[Source, ...]:
    """Every model with `sensitive_fields` that belongs to a case, found generically.

    A model joins by declaring its categories and holding a foreign key to
    Case; it stays out with `disclosure_source = False` (records about
    sharing, and the sealed compartment, which has its own path).
    """
    found = []
    for model in apps.get_models():
        fields = getattr(model, "sensitive_fields", None)
        if not fields or getattr(model, "disclosure_source", True) is False:
            continue
        field_names = {f.name for f in model._meta.get_fields()}
        when = "occurred_at" if "occurred_at" in field_names else "created_at"
        if model is Case:
            found.append(Source(model, None, dict(fields), when))
            continue
        link = next(
            (
                f.name
                for f in model._meta.get_fields()
                if isinstance(f, models.ForeignKey) and f.related_model is Case and not f.auto_created
            ),
            None,
        )
        if link is not None and "public_id" in field_names:
            found.append(Source(model, link, dict(fields), when))
    return tuple(found)


def _collect(case: Case, categories: frozenset[str]) -> dict[str, list[dict[str, str]]]:
    owner = case_owner(case)
    opener = BatchOpener()
    items: dict[str, list[tuple[datetime, dict[str, str]]]] = {c: [] for c in categories}
    for source in sources():
        wanted = {field: category for field, category in source.fields.items() if category in categories}
        if not wanted:
            continue
        rows = source.model._base_manager.filter(
            **({"pk": case.pk} if source.case_field is None else {source.case_field: case.pk})
        )
        label = source.model._meta.label
        for row in rows.values("public_id", source.when_field, *wanted):
            for field, category in wanted.items():
                sealed = row[field]
                if not sealed:
                    continue
                text = opener.unseal(
                    bytes(sealed), context=SealContext(owner=owner, record=f"{label}:{row['public_id']}", field=field)
                ).decode("utf-8")
                when = row[source.when_field]
                items[category].append(
                    (when, {"source": str(source.model._meta.verbose_name), "when": when.isoformat(), "text": text})
                )
    return {category: [item for _, item in sorted(found, key=lambda pair: pair[0])] for category, found in items.items()}


def _package_context(package: DisclosurePackage, category: str) -> SealContext:
    return SealContext(
        owner=package.owner, record=f"consent.DisclosurePackage:{package.public_id}", field=f"{category}_sealed"
    )


# --- the sharing policy ----------------------------------------------------------


def disclosure_build(
    *,
    case: Case,
    recipient: Organisation,
    purpose: str,
    actor: StaffUser,
    override: SafeguardingOverride | None = None,
) -> DisclosurePackage:
    """Build an immutable package of exactly what the ledger (or an approved override) allows.

    Call it outside your own transaction, or catch DisclosureRefused inside
    it: the refusal's audit event is written after this function's own
    transaction rolls back, and an outer rollback would drop it.
    """
    try:
        with transaction.atomic():
            return _build(case=case, recipient=recipient, purpose=purpose, actor=actor, override=override)
    except DisclosureRefused as refusal:
        record(
            "consent:disclosure:refused",
            actor=Actor.staff(actor),
            subject=f"case:{case.public_id}",
            case_ref=_ref(case),
            details={
                "reason": refusal.reason,
                "purpose": str(purpose)[:40],
                "recipient_kind": str(getattr(recipient, "kind", ""))[:40],
                "recipient": str(getattr(recipient, "name", ""))[:100],
            },
        )
        raise


def _check_recipient(recipient: Organisation, purpose: str) -> None:
    if purpose not in Purpose.values:
        raise DisclosureRefused("unknown_purpose")
    # The firewall: a kind outside the vocabulary (there is no immigration
    # enforcement kind) is refused before anything else is looked at, even if
    # the object in hand was altered in memory.
    if recipient.kind not in OrganisationKind.values:
        raise DisclosureRefused("recipient_kind_outside_vocabulary")
    stored = Organisation.objects.filter(pk=recipient.pk).values_list("kind", "is_active").first()
    if stored is None or stored[0] != recipient.kind:
        raise DisclosureRefused("recipient_unknown")
    if not stored[1]:
        raise DisclosureRefused("recipient_inactive")
    if not recipient_kind_allowed(purpose=purpose, kind=recipient.kind):
        raise DisclosureRefused("recipient_kind_not_for_purpose")


def _build(
    *, case: Case, recipient: Organisation, purpose: str, actor: StaffUser, override: SafeguardingOverride | None
) -> DisclosurePackage:
    _check_recipient(recipient, purpose)
    if actor.organisation_id != case.care_centre_id or not cases_visible_to(actor).filter(pk=case.pk).exists():
        raise DisclosureRefused("actor_not_on_case")
    case = _lock(case)
    at = timezone.now()  # under the lock: later ledger entries are dated after this
    entries = ledger_entries(case, purpose=purpose)
    if override is not None:
        override = SafeguardingOverride.objects.filter(pk=override.pk).first()
        if (
            override is None
            or override.case_id != case.pk
            or override.status != OverrideStatus.APPROVED
            or override.expires_at is None
            or override.expires_at <= at
            or override.recipient_id != recipient.pk
            or override.purpose != purpose
        ):
            raise DisclosureRefused("override_not_approved")
        # Never migration information, whatever the override says.
        permitted = frozenset(override.categories) - SEALED_CATEGORIES
    else:
        permitted = permitted_categories(
            entries, organisation_id=recipient.pk, kind=recipient.kind, purpose=purpose, at=at
        )
    if not permitted:
        raise DisclosureRefused("no_consent")
    package = DisclosurePackage(
        case=case,
        case_ref=_ref(case),
        care_centre=case.care_centre,
        recipient=recipient,
        purpose=purpose,
        built_by=actor,
        built_at=at,
        ledger_position=max((e.position for e in entries), default=0),
        override=override,
    )
    content = _collect(case, permitted - SEALED_CATEGORIES)
    withheld: dict[str, str] = {}
    if DataCategory.MIGRATION_INFORMATION in permitted:
        text = _compartment_unlocked_text(case)
        if text is None:
            withheld[DataCategory.MIGRATION_INFORMATION] = "locked"
        else:
            content[DataCategory.MIGRATION_INFORMATION] = [{"source": "sealed compartment", "when": "", "text": text}]
    # Only what exists goes in: an empty category is not listed as shared.
    content = {category: found for category, found in content.items() if found}
    for category, found in content.items():
        setattr(
            package,
            f"{category}_sealed",
            seal(json.dumps(found, ensure_ascii=False).encode("utf-8"), context=_package_context(package, category)),
        )
    package.categories = sorted(content)
    package.withheld = withheld
    package.save()
    record(
        "consent:package:disclosed",
        actor=Actor.staff(actor),
        subject=f"package:{package.public_id}",
        case_ref=_ref(case),
        details={
            "categories": ",".join(package.categories),
            "purpose": purpose,
            "recipient_kind": recipient.kind,
            "recipient": recipient.name,
            "override": override is not None,
        },
    )
    return package


def package_open(*, package: DisclosurePackage, actor: StaffUser) -> dict[str, list[dict[str, str]]]:
    """The content of a package, for its recipient (the selector decides who). Every open is audited."""
    record(
        "consent:package:opened",
        actor=Actor.staff(actor),
        subject=f"package:{package.public_id}",
        case_ref=package.case_ref,
        details={"recipient": package.recipient.name, "categories": ",".join(package.categories)},
    )
    if package.shredded_at is not None:
        return {}
    opened = {}
    for category in package.categories:
        sealed = getattr(package, f"{category}_sealed")
        if sealed:
            opened[category] = json.loads(unseal(bytes(sealed), context=_package_context(package, category)))
    return opened


# --- safeguarding override --------------------------------------------------------


@transaction.atomic
def override_request(
    *,
    case: Case,
    ground: str,
    justification: str,
    categories: Iterable[str],
    recipient: Organisation,
    purpose: str,
    actor: StaffUser,
) -> SafeguardingOverride:
    known = rules.grounds().get(ground)
    if known is None or not known.applies_in(case.care_centre.jurisdiction):
        raise OverrideRefused("unknown_ground")
    categories = sorted(set(categories))
    if not categories or not set(categories) <= set(DataCategory.values) - SEALED_CATEGORIES:
        raise OverrideRefused("categories")
    if not justification.strip():
        raise OverrideRefused("no_justification")
    if recipient.kind not in OrganisationKind.values or not recipient_kind_allowed(purpose=purpose, kind=recipient.kind):
        raise OverrideRefused("recipient_kind_not_for_purpose")
    if actor.organisation_id != case.care_centre_id:
        raise OverrideRefused("actor_not_at_centre")
    case = _lock(case)
    override = SafeguardingOverride(
        case=case,
        care_centre=case.care_centre,
        ground=ground,
        categories=categories,
        recipient=recipient,
        purpose=purpose,
        requested_by=actor,
        approver_role=known.approver_role,
    )
    override.justification_sealed = seal(
        justification.encode("utf-8"),
        context=SealContext(
            owner=case_owner(case),
            record=f"consent.SafeguardingOverride:{override.public_id}",
            field="justification_sealed",
        ),
    )
    override.save()
    record(
        "consent:override:requested",
        actor=Actor.staff(actor),
        subject=f"override:{override.public_id}",
        case_ref=_ref(case),
        details={"ground": ground, "categories": ",".join(categories), "recipient_kind": recipient.kind},
    )
    return override


def override_decide(*, override: SafeguardingOverride, approver: StaffUser, approve: bool) -> SafeguardingOverride:
    """The second person's decision. Refusals of the attempt itself are audited too."""
    try:
        with transaction.atomic():
            locked = SafeguardingOverride.objects.select_for_update().get(pk=override.pk)
            if locked.status != OverrideStatus.PENDING:
                raise OverrideRefused("not_pending")
            if approver.pk == locked.requested_by_id:
                raise OverrideRefused("second_approver_must_be_someone_else")
            if approver.organisation_id != locked.care_centre_id:
                raise OverrideRefused("approver_not_at_centre")
            if locked.approver_role not in approver.roles:
                raise OverrideRefused("approver_lacks_named_role")
            now = timezone.now()
            locked.status = OverrideStatus.APPROVED if approve else OverrideStatus.REFUSED
            locked.decided_by = approver
            locked.decided_at = now
            if approve:
                locked.expires_at = now + timedelta(hours=rules.grounds()[locked.ground].valid_hours)
            locked.save(update_fields=["status", "decided_by", "decided_at", "expires_at"])
            record(
                f"consent:override:{locked.status}",
                actor=Actor.staff(approver),
                subject=f"override:{locked.public_id}",
                case_ref=str(locked.case.public_id) if locked.case else "",
                details={"ground": locked.ground},
            )
            return locked
    except OverrideRefused as refusal:
        record(
            "consent:override_decision:refused",
            actor=Actor.staff(approver),
            subject=f"override:{override.public_id}",
            case_ref=str(override.case.public_id) if override.case else "",
            details={"reason": refusal.reason},
        )
        raise


@transaction.atomic
def override_mark_safe_to_tell(*, override: SafeguardingOverride, actor: StaffUser) -> None:
    if actor.organisation_id != override.care_centre_id:
        raise OverrideRefused("actor_not_at_centre")
    SafeguardingOverride.objects.filter(pk=override.pk, safe_to_tell_at__isnull=True).update(
        safe_to_tell_at=timezone.now(), safe_to_tell_by=actor
    )
    record(
        "consent:override:safe_to_tell",
        actor=Actor.staff(actor),
        subject=f"override:{override.public_id}",
        case_ref=str(override.case.public_id) if override.case else "",
    )


# --- the sealed migration compartment --------------------------------------------


def code_matches(*, case: Case, typed_code: str) -> bool:
    code = receipts.normalise(typed_code)
    return code is not None and case.receipt_lookup is not None and receipts.receipt_lookup_hash(code) == case.receipt_lookup


def _compartment_context(compartment: MigrationCompartment, case: Case, field: str) -> SealContext:
    return SealContext(owner=case_owner(case), record=f"consent.MigrationCompartment:{compartment.public_id}", field=field)


@transaction.atomic
def compartment_record(*, case: Case, typed_code: str, text: str) -> MigrationCompartment:
    """The person records migration information, sealed under their own receipt code."""
    if not code_matches(case=case, typed_code=typed_code):
        raise CodeMismatch
    code = receipts.normalise(typed_code) or ""
    case = _lock(case)
    compartment = MigrationCompartment.objects.filter(case=case).first() or MigrationCompartment(case=case)
    compartment.content_sealed = seal_for_victim(
        text.encode("utf-8"), victim_secret=code, context=_compartment_context(compartment, case, "content_sealed")
    )
    compartment.unlocked_copy_sealed = None
    compartment.unlocked_until = None
    compartment.save()
    record("consent:migration:recorded", actor=Actor.victim(), subject=f"case:{case.public_id}", case_ref=_ref(case))
    return compartment


def compartment_read_for_victim(*, case: Case, typed_code: str) -> str | None:
    compartment = MigrationCompartment.objects.filter(case=case).first()
    if compartment is None:
        return None
    if not code_matches(case=case, typed_code=typed_code):
        raise CodeMismatch
    return unseal_for_victim(
        bytes(compartment.content_sealed),
        victim_secret=receipts.normalise(typed_code) or "",
        context=_compartment_context(compartment, case, "content_sealed"),
    ).decode("utf-8")


@transaction.atomic
def compartment_unlock(*, case: Case, typed_code: str, minutes: int = UNLOCK_MINUTES) -> datetime:
    """The person lets the centre read it for a short while: a copy under the case key, wiped after."""
    text = compartment_read_for_victim(case=case, typed_code=typed_code)
    if text is None:
        raise MigrationCompartment.DoesNotExist
    compartment = MigrationCompartment.objects.select_for_update().get(case=case)
    until = timezone.now() + timedelta(minutes=minutes)
    compartment.unlocked_copy_sealed = seal(
        text.encode("utf-8"), context=_compartment_context(compartment, case, "unlocked_copy_sealed")
    )
    compartment.unlocked_until = until
    compartment.save(update_fields=["unlocked_copy_sealed", "unlocked_until", "updated_at"])
    record(
        "consent:migration:unlocked",
        actor=Actor.victim(),
        subject=f"case:{case.public_id}",
        case_ref=_ref(case),
        details={"minutes": minutes},
    )
    return until


@transaction.atomic
def compartment_lock(*, case: Case, actor: Actor) -> None:
    MigrationCompartment.objects.filter(case=case).update(unlocked_copy_sealed=None, unlocked_until=None)
    record("consent:migration:locked", actor=actor, subject=f"case:{case.public_id}", case_ref=_ref(case))


@transaction.atomic
def compartment_delete(*, case: Case) -> None:
    MigrationCompartment.objects.filter(case=case).delete()
    record("consent:migration:deleted", actor=Actor.victim(), subject=f"case:{case.public_id}", case_ref=_ref(case))


def _compartment_unlocked_text(case: Case) -> str | None:
    compartment = MigrationCompartment.objects.filter(case=case).first()
    if compartment is None or not compartment.unlocked_copy_sealed or compartment.unlocked_until is None:
        return None
    if compartment.unlocked_until <= timezone.now():
        MigrationCompartment.objects.filter(pk=compartment.pk).update(unlocked_copy_sealed=None, unlocked_until=None)
        return None
    return unseal(
        bytes(compartment.unlocked_copy_sealed),
        context=_compartment_context(compartment, case, "unlocked_copy_sealed"),
    ).decode("utf-8")


def compartment_read_for_staff(*, case: Case, actor: StaffUser) -> str | None:
    """None when locked (or the unlock lapsed). Reading is an audited event."""
    text = _compartment_unlocked_text(case)
    if text is not None:
        record("consent:migration:read", actor=Actor.staff(actor), subject=f"case:{case.public_id}", case_ref=_ref(case))
    return text


# --- erasure ------------------------------------------------------------------------


@dataclass(frozen=True)
class ErasurePlan:
    rules: tuple[rules.RetentionRule, ...]
    kept: tuple[DisclosurePackage, ...]
    shredded: tuple[DisclosurePackage, ...]


def _rule_applies(rule: rules.RetentionRule, case: Case) -> bool:
    if rule.applies_when == "reported_to_police":
        return case.reporting_status == ReportingStatus.REPORTED
    return False


def erasure_plan(case: Case) -> ErasurePlan:
    """What erasing this case would keep, and under which rule: shown to the person first."""
    applying = tuple(r for r in rules.retention_rules(case.care_centre.jurisdiction) if _rule_applies(r, case))
    kept, shredded = [], []
    for package in DisclosurePackage.objects.filter(case=case, shredded_at__isnull=True).select_related("recipient"):
        if any(r.recipient_kind == package.recipient.kind and r.purpose == package.purpose for r in applying):
            kept.append(package)
        else:
            shredded.append(package)
    return ErasurePlan(applying, tuple(kept), tuple(shredded))


def case_erase(*, case: Case, requested_by: str, actor: Actor) -> DeletionTombstone:
    """Crypto-shred a case: its key, the keys of packages no rule keeps; then remove its rows.

    Keys are destroyed first (in the key store, committed at once), so a
    failure afterwards leaves rows nobody can read, never readable rows.
    """
    plan = erasure_plan(case)
    now = timezone.now()
    case_ref = _ref(case)
    for package in plan.shredded:
        data_key_shred(owner=package.owner, actor=actor, case_ref=case_ref)
    data_key_shred(owner=case_owner(case), actor=actor, case_ref=case_ref)
    with transaction.atomic():
        DisclosurePackage.objects.filter(pk__in=[p.pk for p in plan.shredded]).update(shredded_at=now)
        for package in plan.kept:
            years = max(r.keep_years for r in plan.rules if r.recipient_kind == package.recipient.kind)
            DisclosurePackage.objects.filter(pk=package.pk).update(
                retained_until=(now + timedelta(days=365 * years)).date()
            )
        tombstone = DeletionTombstone(
            care_centre=case.care_centre,
            jurisdiction=case.care_centre.jurisdiction,
            erased_on=now.date(),
            requested_by=requested_by,
            retention_rules=[r.id for r in plan.rules],
            packages_kept=len(plan.kept),
            packages_shredded=len(plan.shredded),
        )
        tombstone.save()
        record(
            "consent:case:erased",
            actor=actor,
            subject=f"tombstone:{tombstone.public_id}",
            case_ref=case_ref,
            details={"kept": len(plan.kept), "rules": ",".join(r.id for r in plan.rules)[:200]},
        )
        case.delete()
    return tombstone



def compartments_lock_lapsed() -> int:
    """Wipe unlock copies whose time is up (run by `safereport consent lock-lapsed`, e.g. every few minutes).

    Reads also wipe a lapsed copy, but a copy nobody reads again would
    otherwise stay readable under the case key until the next access.
    """
    with transaction.atomic():
        wiped = MigrationCompartment.objects.filter(unlocked_until__lte=timezone.now()).update(
            unlocked_copy_sealed=None, unlocked_until=None
        )
        if wiped:
            record(
                "consent:migration:relocked",
                actor=Actor.system("consent lock-lapsed"),
                subject="compartments",
                details={"count": wiped},
            )
    return wiped
