"""Reads for consent pages, always scoped to the person asking.

Recipients see packages, never cases: `package_get_for_recipient` 404s for
anything not addressed to the reader's organisation, and writes an audit
event when someone asks for a package that exists but is not theirs.
"""

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from safereport.accounts.models import StaffUser
from safereport.accounts.permissions import OrganisationKind, Role
from safereport.audit.actors import Actor
from safereport.audit.models import AuditEvent
from safereport.audit.selectors import SHARED_DETAIL_KEYS, AccessEntry
from safereport.audit.selectors import _access_kind as access_kind
from safereport.audit.services import record
from safereport.cases import receipts
from safereport.cases.models import Case, ReportingStatus
from safereport.cases.sealing import case_owner
from safereport.consent import rules
from safereport.consent.errors import CodeMismatch
from safereport.consent.models import (
    ConsentEvent,
    Decision,
    DisclosurePackage,
    MigrationCompartment,
    OverrideStatus,
    SafeguardingOverride,
)
from safereport.consent.policies import LedgerEntry
from safereport.consent.purposes import RECIPIENT_KINDS, RELEVANT_CATEGORIES, SEALED_CATEGORIES, Purpose
from safereport.core.categories import DataCategory
from safereport.partners.selectors import Partner, partners_for, readable_scopes, recipient_verdict
from safereport.vault.services import SealContext, unseal, unseal_for_victim


def category_label(value: str) -> str:
    return str(DataCategory(value).label) if value in DataCategory.values else value


def purpose_label(value: str) -> str:
    return str(Purpose(value).label) if value in Purpose.values else value


# --- the centre ---------------------------------------------------------------------


def ledger_for(case: Case) -> QuerySet[ConsentEvent]:
    return ConsentEvent.objects.filter(case=case).select_related("recipient_organisation", "explained_by").order_by("-pk")


def packages_of_case(case: Case) -> QuerySet[DisclosurePackage]:
    return DisclosurePackage.objects.filter(case=case).select_related("recipient", "built_by")


def overrides_of_case(case: Case) -> QuerySet[SafeguardingOverride]:
    return SafeguardingOverride.objects.filter(case=case).select_related("recipient", "requested_by", "decided_by")


def override_get_for(*, actor: StaffUser, override_id: UUID) -> SafeguardingOverride:
    override = (
        SafeguardingOverride.objects.filter(public_id=override_id, care_centre_id=actor.organisation_id)
        .select_related("case")
        .first()
    )
    if override is None:
        raise Http404
    return override


# --- who a consent can name (ADR 0014) --------------------------------------------------


def partners_of_case(case: Case, *, purpose: str, kinds: Iterable[str] | None = None) -> list[Partner]:
    """The organisations this case's centre may share with for the purpose now, as the person is told their names."""
    allowed = RECIPIENT_KINDS.get(purpose, frozenset())
    wanted = set(allowed) if kinds is None else set(allowed) & set(kinds)
    return partners_for(care_centre_id=case.care_centre_id, purpose=purpose, kinds=wanted)


def partners_by_purpose(case: Case, *, purposes: Iterable[str] | None = None) -> dict[str, list[Partner]]:
    chosen = Purpose.values if purposes is None else [str(p) for p in purposes]
    return {purpose: partners_of_case(case, purpose=purpose) for purpose in chosen}


# --- recipients -----------------------------------------------------------------------


def packages_for_recipient(actor: StaffUser) -> QuerySet[DisclosurePackage]:
    """What the actor's organisation may read: sent to it, not shredded, and still under a partnership in force.

    A package sent under a partnership that was revoked since, or to an
    organisation found on the immigration-enforcement denylist since, is
    unreadable (ADR 0014), even before its key is shredded.
    """
    if actor.organisation_id is None:
        return DisclosurePackage.objects.none()
    scopes = readable_scopes(organisation_id=actor.organisation_id)
    if not scopes:
        return DisclosurePackage.objects.none()
    readable = Q()
    for centre_id, purpose, since in scopes:
        readable |= Q(care_centre_id=centre_id, purpose=purpose, built_at__gte=since)
    return (
        DisclosurePackage.objects.filter(recipient_id=actor.organisation_id, shredded_at__isnull=True)
        .filter(readable)
        .select_related("care_centre")
    )


def _refuse_package(actor: StaffUser, package_id: UUID | str, case_ref: str, reason: str) -> None:
    record(
        "consent:package:refused",
        actor=Actor.staff(actor),
        subject=f"package:{package_id}",
        case_ref=case_ref,
        details={"reason": reason},
    )


def _recipient_refusal(package: DisclosurePackage) -> str | None:
    verdict = recipient_verdict(
        care_centre_id=package.care_centre_id,
        organisation_id=package.recipient_id,
        purpose=package.purpose,
        built_at=package.built_at,
    )
    return verdict.refusal


def package_get_for_recipient(*, actor: StaffUser, package_id: UUID) -> DisclosurePackage:
    package = packages_for_recipient(actor).select_related("recipient").filter(public_id=package_id).first()
    if package is None:
        other = DisclosurePackage.objects.filter(public_id=package_id).first()
        if other is not None:
            reason = "not_addressed_to_organisation"
            if other.recipient_id == actor.organisation_id:
                reason = "shredded" if other.shredded_at is not None else _recipient_refusal(other) or "not_readable"
            _refuse_package(actor, package_id, other.case_ref, reason)
        raise Http404
    return package


@dataclass(frozen=True)
class OpenedCategory:
    category: str
    label: str
    items: list[dict[str, str]]


def package_content(*, package: DisclosurePackage, actor: StaffUser) -> list[OpenedCategory]:
    opened = package_open(package=package, actor=actor)
    return [OpenedCategory(c, category_label(c), opened.get(c, [])) for c in package.categories]


# --- the person, in the portal ---------------------------------------------------------


@dataclass(frozen=True)
class SharedEntry:
    when: datetime
    recipient: str
    recipient_kind: str
    purpose: str
    categories: list[str]
    without_consent: bool
    ground: str


def shared_for_victim(case: Case) -> list[SharedEntry]:
    """What was shared, with whom, when and why. Override packages appear once staff judged it safe to tell."""
    entries = []
    for package in packages_of_case(case).select_related("override"):
        override = package.override
        if override is not None and override.safe_to_tell_at is None:
            continue
        entries.append(
            SharedEntry(
                when=package.built_at,
                recipient=package.recipient.name,
                recipient_kind=str(OrganisationKind(package.recipient.kind).label),
                purpose=purpose_label(package.purpose),
                categories=[category_label(c) for c in package.categories],
                without_consent=override is not None,
                ground=rules.grounds()[override.ground].label if override is not None and override.ground in rules.grounds() else "",
            )
        )
    return entries


def consents_for_victim(case: Case) -> list[ConsentEvent]:
    return sorted(consents_in_force(case), key=lambda e: (e.purpose, e.category))


def access_history_for_victim(case: Case, *, limit: int | None = None) -> list[AccessEntry]:
    """Who opened, shared or was refused the record: staff only, newest first.

    Sharing that happened under a safeguarding override stays out until staff
    judged it safe to tell (the package list above follows the same rule).
    """
    hidden = {
        f"package:{p}"
        for p in DisclosurePackage.objects.filter(case=case, override__isnull=False, override__safe_to_tell_at__isnull=True).values_list(
            "public_id", flat=True
        )
    }
    hidden |= {
        f"override:{o}"
        for o in SafeguardingOverride.objects.filter(case=case, safe_to_tell_at__isnull=True).values_list("public_id", flat=True)
    }
    rows = (
        AuditEvent.objects.filter(case_ref=str(case.public_id), actor_kind="staff")
        .exclude(subject__in=hidden)
        .order_by("-sequence")
        .values_list("occurred_at", "action", "actor_role", "actor_organisation_kind", "actor_organisation_name", "details")
    )
    if limit is not None:
        rows = rows[:limit]
    return [
        AccessEntry(
            occurred_at=occurred_at,
            access=access_kind(action),
            action=action,
            actor_kind="staff",
            # Role names as the person can read them ("Nurse or doctor"), never a staff name.
            roles=tuple(str(Role(role).label) if role in Role.values else role for role in roles.split(",") if role),
            organisation_kind=organisation_kind,
            organisation_name=organisation_name,
            shared={key: details[key] for key in SHARED_DETAIL_KEYS if key in details},
        )
        for occurred_at, action, roles, organisation_kind, organisation_name, details in rows
    ]


# --- the DPO --------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcessingRecord:
    category: str
    label: str
    held_in: list[str]
    purposes: list[tuple[str, str, list[str]]]  # (purpose, default or explicit only, recipient kinds)
    sealed_by_victim: bool


def processing_records() -> list[ProcessingRecord]:
    """GDPR art. 30 style records, generated from the category vocabulary and the models."""
    from django.apps import apps

    held: dict[str, list[str]] = {c: [] for c in DataCategory.values}
    for model in apps.get_models():
        for field, category in getattr(model, "sensitive_fields", {}).items():
            held[category].append(f"{model._meta.label}.{field}")
    records = []
    for category in DataCategory:
        purposes = []
        for purpose in Purpose:
            if category.value in SEALED_CATEGORIES:
                basis = "explicit consent naming one organisation"
            elif category.value in RELEVANT_CATEGORIES[purpose.value]:
                basis = "consent"
            else:
                basis = "explicit consent only"
            purposes.append(
                (str(purpose.label), basis, sorted(str(OrganisationKind(k).label) for k in RECIPIENT_KINDS[purpose.value]))
            )
        records.append(
            ProcessingRecord(
                category=category.value,
                label=str(category.label),
                held_in=sorted(held[category.value]),
                purposes=purposes,
                sealed_by_victim=category.value in SEALED_CATEGORIES,
            )
        )
    return records


def override_register(actor: StaffUser) -> QuerySet[SafeguardingOverride]:
    return SafeguardingOverride.objects.filter(care_centre_id=actor.organisation_id).select_related(
        "recipient", "requested_by", "decided_by", "case"
    )


def counts_for(actor: StaffUser) -> dict[str, object]:
    centre = actor.organisation_id
    consents = Counter(
        {
            (row["purpose"], row["decision"]): row["n"]
            for row in ConsentEvent.objects.filter(case__care_centre_id=centre)
            .values("purpose", "decision")
            .annotate(n=Count("id"))
        }
    )
    packages = {
        (row["purpose"], row["recipient__kind"]): row["n"]
        for row in DisclosurePackage.objects.filter(care_centre_id=centre)
        .values("purpose", "recipient__kind")
        .annotate(n=Count("id"))
    }
    refusals = AuditEvent.objects.filter(action="consent:disclosure:refused", actor_organisation_id=centre).count()
    overrides = {
        row["status"]: row["n"]
        for row in SafeguardingOverride.objects.filter(care_centre_id=centre).values("status").annotate(n=Count("id"))
    }
    return {
        "consents": sorted((purpose_label(p), d, n) for (p, d), n in consents.items()),
        "packages": sorted((purpose_label(p), k, n) for (p, k), n in packages.items()),
        "refusals": refusals,
        "overrides": [(str(OverrideStatus(s).label), n) for s, n in sorted(overrides.items())],
    }


# --- the ledger, read --------------------------------------------------------------


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


# --- packages, read (every open is audited) ---------------------------------------


def package_seal_context(package: DisclosurePackage, category: str) -> SealContext:
    return SealContext(
        owner=package.owner, record=f"consent.DisclosurePackage:{package.public_id}", field=f"{category}_sealed"
    )


def package_open(*, package: DisclosurePackage, actor: StaffUser) -> dict[str, list[dict[str, str]]]:
    """The content of a package, for its recipient (the selector decides who). Every open is audited.

    Asked again here, since this is where the plaintext comes out: the reader
    belongs to the recipient, and the recipient may still read it (ADR 0014).
    """
    refusal = "not_addressed_to_organisation" if actor.organisation_id != package.recipient_id else _recipient_refusal(package)
    if refusal is not None:
        _refuse_package(actor, package.public_id, package.case_ref, refusal)
        raise Http404
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
            opened[category] = json.loads(unseal(bytes(sealed), context=package_seal_context(package, category)))
    return opened


# --- the sealed compartment, read by its holder ------------------------------------


def code_matches(*, case: Case, typed_code: str) -> bool:
    code = receipts.normalise(typed_code)
    return code is not None and case.receipt_lookup is not None and receipts.receipt_lookup_hash(code) == case.receipt_lookup


def compartment_seal_context(compartment: MigrationCompartment, case: Case, field: str) -> SealContext:
    return SealContext(owner=case_owner(case), record=f"consent.MigrationCompartment:{compartment.public_id}", field=field)


def compartment_read_for_victim(*, case: Case, typed_code: str) -> str | None:
    compartment = MigrationCompartment.objects.filter(case=case).first()
    if compartment is None:
        return None
    if not code_matches(case=case, typed_code=typed_code):
        raise CodeMismatch
    return unseal_for_victim(
        bytes(compartment.content_sealed),
        victim_secret=receipts.normalise(typed_code) or "",
        context=compartment_seal_context(compartment, case, "content_sealed"),
    ).decode("utf-8")


# --- erasure, planned -----------------------------------------------------------------


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


# --- the person's own data ------------------------------------------------------------


def consent_of_case(*, case: Case, consent_id: str) -> ConsentEvent | None:
    """One ledger entry of this case, by its public id as the page sent it (None for anything else)."""
    try:
        public_id = UUID(consent_id)
    except ValueError:
        return None
    return ConsentEvent.objects.filter(case=case, public_id=public_id).select_related("recipient_organisation").first()


def compartment_exists(*, case: Case) -> bool:
    return MigrationCompartment.objects.filter(case=case).exists()


def ledger_open_for_staff(*, case: Case, actor: StaffUser) -> None:
    """A professional opened the consent page of a case: an audit event the person can see."""
    record("consent:ledger:read", actor=Actor.staff(actor), subject=f"case:{case.public_id}", case_ref=str(case.public_id))
