"""Reads for consent pages, always scoped to the person asking.

Recipients see packages, never cases: `package_get_for_recipient` 404s for
anything not addressed to the reader's organisation, and writes an audit
event when someone asks for a package that exists but is not theirs.
"""

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from safereport.accounts.models import Organisation, StaffUser
from safereport.accounts.permissions import OrganisationKind, Permission, Role
from safereport.accounts.policies import roles_grant
from safereport.audit.actors import Actor
from safereport.audit.models import AuditEvent
from safereport.audit.services import record
from safereport.cases import receipts
from safereport.cases.models import Case, ReportingStatus
from safereport.cases.sealing import case_owner, language_shown
from safereport.cases.selectors import ShownMessage, cases_visible_to, conversation_for_victim
from safereport.consent import history, rules
from safereport.consent.errors import CodeMismatch
from safereport.consent.models import (
    ConsentEvent,
    Decision,
    DeletionTombstone,
    DisclosurePackage,
    ErasureNotice,
    MigrationCompartment,
    OverrideStatus,
    SafeguardingOverride,
)
from safereport.consent.policies import LedgerEntry
from safereport.consent.purposes import RECIPIENT_KINDS, RELEVANT_CATEGORIES, SEALED_CATEGORIES, Purpose
from safereport.consent.rules import RetentionRule
from safereport.core.categories import DataCategory
from safereport.partners.selectors import (
    Partner,
    partners_for,
    public_name_between,
    readable_scopes,
    recipient_verdict,
)
from safereport.vault.services import SealContext, unseal, unseal_for_victim

JUSTIFICATION_READ = "consent:override:justification_read"


def category_label(value: str) -> str:
    return str(DataCategory(value).label) if value in DataCategory.values else value


def purpose_label(value: str) -> str:
    return str(Purpose(value).label) if value in Purpose.values else value


def _label_of(choices: Any, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


# --- the centre ---------------------------------------------------------------------


def ledger_for(case: Case) -> QuerySet[ConsentEvent]:
    return ConsentEvent.objects.filter(case=case).select_related("recipient_organisation", "explained_by").order_by("-pk")


def ledger_for_staff_page(case: Case) -> list[ConsentEvent]:
    """The ledger as the consent page shows it, each entry with `explained_in` and `interpreter`:
    labels, or the name of another language opened under the page's ledger-read event."""
    entries = list(ledger_for(case))
    for entry in entries:
        entry.explained_in = language_shown(case=case, record=entry, field="language")  # type: ignore[attr-defined]  # shown on this page only
        entry.interpreter = language_shown(case=case, record=entry, field="interpreter_language")  # type: ignore[attr-defined]  # shown on this page only
    return entries


def packages_of_case(case: Case) -> QuerySet[DisclosurePackage]:
    return DisclosurePackage.objects.filter(case=case).select_related("recipient", "built_by")


def overrides_of_case(case: Case) -> QuerySet[SafeguardingOverride]:
    return SafeguardingOverride.objects.filter(case=case).select_related("recipient", "requested_by", "decided_by")


def override_get_for(*, actor: StaffUser, override_id: UUID) -> SafeguardingOverride:
    """An override of a case the actor may see; 404 for anyone else, as for the case itself.

    An override whose case was erased is in the DPO's register only: nobody can act on it.
    """
    override = (
        SafeguardingOverride.objects.filter(
            public_id=override_id, care_centre_id=actor.organisation_id, case__in=cases_visible_to(actor).values("pk")
        )
        .select_related("case", "recipient", "requested_by", "decided_by")
        .first()
    )
    if override is None:
        raise Http404
    return override


def override_justification_for(*, actor: StaffUser, override: SafeguardingOverride) -> str:
    """Why the requester says sharing without consent is necessary: a sealed read, audited first.

    Call it with an override from `override_get_for`. Deciding needs this read
    (consent.services.override_decide checks the log), so an approver has seen
    the reason before approving.
    """
    record(
        JUSTIFICATION_READ,
        actor=Actor.staff(actor),
        subject=f"override:{override.public_id}",
        case_ref=str(override.case.public_id) if override.case else "",
    )
    if override.case is None or not override.justification_sealed:
        return ""
    return unseal(
        bytes(override.justification_sealed),
        context=SealContext(
            owner=case_owner(override.case),
            record=f"consent.SafeguardingOverride:{override.public_id}",
            field="justification_sealed",
        ),
    ).decode("utf-8")


def justification_read_by(*, override: SafeguardingOverride, actor: StaffUser) -> bool:
    return AuditEvent.objects.filter(
        action=JUSTIFICATION_READ, subject=f"override:{override.public_id}", actor_staff_id=actor.pk
    ).exists()


@dataclass(frozen=True)
class OverridePage:
    """One override as a staff member on its case sees it, with what they may do next."""

    override: SafeguardingOverride
    justification: str
    ground: str
    purpose: str
    categories: list[str]
    packages: list[DisclosurePackage]
    expired: bool
    may_decide: bool
    may_send: bool
    may_tell: bool


def override_page_for(*, actor: StaffUser, override_id: UUID) -> OverridePage:
    """The override page: opening it reads the justification, so the read is audited."""
    override = override_get_for(actor=actor, override_id=override_id)
    justification = override_justification_for(actor=actor, override=override)
    packages = list(override_packages(override))
    ground = rules.grounds().get(override.ground)
    approved = override.status == OverrideStatus.APPROVED
    expired = override.expires_at is not None and override.expires_at <= timezone.now()
    return OverridePage(
        override=override,
        justification=justification,
        ground=ground.label if ground is not None else override.ground,
        purpose=purpose_label(override.purpose),
        categories=[category_label(c) for c in override.categories],
        packages=packages,
        expired=expired,
        # The same rules the services apply; here they only decide which buttons to show.
        may_decide=(
            override.status == OverrideStatus.PENDING
            and roles_grant(actor.roles, Permission.CONSENT_OVERRIDE_APPROVE)
            and override.approver_role in actor.roles
            and override.requested_by_id != actor.pk
        ),
        may_send=approved
        and override.expires_at is not None
        and not expired
        and not packages
        and roles_grant(actor.roles, Permission.CONSENT_PACKAGE_CREATE),
        may_tell=approved and override.safe_to_tell_at is None,
    )


def override_packages(override: SafeguardingOverride) -> QuerySet[DisclosurePackage]:
    return DisclosurePackage.objects.filter(override=override).select_related("recipient", "built_by")


def overrides_awaiting(actor: StaffUser) -> QuerySet[SafeguardingOverride]:
    """Overrides this person could approve now: their centre, their role, not their own request, a case they see."""
    return (
        SafeguardingOverride.objects.filter(
            status=OverrideStatus.PENDING,
            care_centre_id=actor.organisation_id,
            approver_role__in=list(actor.roles),
            case__in=cases_visible_to(actor).values("pk"),
        )
        .exclude(requested_by=actor)
        .select_related("case", "recipient")
        .order_by("created_at")
    )


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
class ShownItem:
    """One part of a package as its reader sees it, in the reader's language."""

    source: str
    when: str  # "Recorded on 2 Dec 2026, 14:05 (Europe/Brussels)"; "" when the part has no date
    author: str  # "The person", a role ("Nurse or doctor"), "Staff of the centre"; "" in packages from before authors
    text: str


@dataclass(frozen=True)
class OpenedCategory:
    category: str
    label: str
    items: list[ShownItem]


def _author_label(item: Mapping[str, Any]) -> str:
    author = item.get("author")
    if author == "person":
        return _("The person")
    if author == "staff":
        roles = [str(Role(role).label) for role in item.get("roles", []) if role in Role.values]
        return ", ".join(roles) if roles else _("Staff of the centre")
    if author == "centre":
        return _("Staff of the centre")
    return ""


def local_text(when: datetime, zone: ZoneInfo) -> str:
    """A moment as the clock showed it in `zone`, in the reader's locale format."""
    return formats.date_format(when.astimezone(zone), "DATETIME_FORMAT")


def in_zone(when: datetime, zone: ZoneInfo) -> str:
    """The same, with the zone named: "2 December 2026, 14:05 (Europe/Brussels)"."""
    return f"{local_text(when, zone)} ({zone.key})"


def _when_label(item: Mapping[str, Any]) -> str:
    if not item.get("when"):
        return ""
    # Packages from before zones were named hold UTC times ("…+00:00"): they say so.
    zone = ZoneInfo(str(item.get("zone") or "UTC"))
    values = {"when": in_zone(datetime.fromisoformat(str(item["when"])), zone)}
    if item.get("dated") == "occurred":
        return _("Took place on %(when)s") % values
    return _("Recorded on %(when)s") % values


def shown_item(item: Mapping[str, Any]) -> ShownItem:
    return ShownItem(
        source=str(item.get("source", "")), when=_when_label(item), author=_author_label(item), text=str(item.get("text", ""))
    )


def package_parts(content: Mapping[str, Sequence[Mapping[str, Any]]], categories: Sequence[str]) -> list[OpenedCategory]:
    """A package's content as its reader sees it. The preview shows a package-to-be through this too."""
    return [OpenedCategory(c, category_label(c), [shown_item(i) for i in content.get(c, [])]) for c in categories]


def _withheld_sentences() -> dict[str, str]:
    return {
        "no_consent": _("The person has not agreed to share this with this recipient for this purpose."),
        "withdrawn": _("The person took back their agreement."),
        "expired": _("The person's agreement has ended."),
        "needs_explicit": _("Not usually relevant to this purpose: sent only if the person explicitly asks for it."),
        "needs_named_explicit": _("Sent only with the person's explicit consent naming this organisation."),
        "not_permitted": _("The sharing rules do not allow it."),
        "nothing_recorded": _("Agreed, but nothing of it is recorded in this case."),
        "locked": _("Agreed, but sealed: the person has not unlocked it."),
        "not_in_override": _("Not part of the approved override."),
    }


def withheld_explained(withheld: Mapping[str, str]) -> list[tuple[str, str]]:
    """(category label, why it stays behind), in the vocabulary's order."""
    sentences = _withheld_sentences()
    return [
        (category_label(c), sentences.get(withheld[c], _("The sharing rules do not allow it.")))
        for c in DataCategory.values
        if c in withheld
    ]


def package_content(*, package: DisclosurePackage, actor: StaffUser) -> list[OpenedCategory]:
    return package_parts(package_open(package=package, actor=actor), package.categories)


# --- the person, in the portal ---------------------------------------------------------


@dataclass(frozen=True)
class SharedEntry:
    when: datetime
    # When it was sent, on the centre's clock, in the reader's language, and that clock's zone.
    when_text: str
    zone: str
    recipient: str
    recipient_kind: str
    purpose: str
    categories: list[str]
    without_consent: bool
    ground: str


def shared_for_victim(case: Case) -> list[SharedEntry]:
    """What was sent, to whom, when and why: the categories the package holds, nothing it held back.

    Override packages appear once staff judged it safe to tell.
    """
    entries = []
    zone = case.care_centre.zone
    for package in packages_of_case(case).select_related("override"):
        override = package.override
        if override is not None and override.safe_to_tell_at is None:
            continue
        entries.append(
            SharedEntry(
                when=package.built_at,
                when_text=local_text(package.built_at, zone),
                zone=zone.key,
                recipient=package.recipient.name,
                recipient_kind=str(OrganisationKind(package.recipient.kind).label),
                purpose=purpose_label(package.purpose),
                categories=[category_label(c) for c in package.categories],
                without_consent=override is not None,
                ground=rules.grounds()[override.ground].label if override is not None and override.ground in rules.grounds() else "",
            )
        )
    return entries


@dataclass(frozen=True)
class ToldOverride:
    """A safeguarding override the person is told about: why, to whom, what, and what was sent."""

    ground: str
    recipient: str
    recipient_kind: str
    purpose: str
    categories: list[str]
    approved_at: datetime | None
    sent: list[tuple[datetime, list[str]]]


def overrides_told_to_victim(case: Case) -> list[ToldOverride]:
    """Approved overrides staff judged safe to tell, in the person's language (grounds from the data file)."""
    told = []
    overrides = SafeguardingOverride.objects.filter(
        case=case, status=OverrideStatus.APPROVED, safe_to_tell_at__isnull=False
    ).select_related("recipient")
    for override in overrides.order_by("decided_at"):
        ground = rules.grounds().get(override.ground)
        told.append(
            ToldOverride(
                ground=ground.label if ground is not None else override.ground,
                recipient=override.recipient.name,
                recipient_kind=str(OrganisationKind(override.recipient.kind).label)
                if override.recipient.kind in OrganisationKind.values
                else "",
                purpose=purpose_label(override.purpose),
                categories=[category_label(c) for c in override.categories],
                approved_at=override.decided_at,
                sent=[(p.built_at, [category_label(c) for c in p.categories]) for p in override_packages(override).order_by("built_at")],
            )
        )
    return told


def conversation_named_for_victim(case: Case) -> list[ShownMessage]:
    """The person's conversation, a message an intermediary sent named by the public name the centre gives it.

    The police answer that an NGO or desk passes on reads as from that
    organisation, not from the centre (ADR 0027 §11–13); the centre's own messages
    stay "the centre".
    """
    messages = conversation_for_victim(case=case)
    ids = {m.organisation_id for m in messages if m.organisation_id is not None}
    if not ids:
        return messages
    names = {
        pk: public_name_between(care_centre=case.care_centre, organisation=organisation)
        for pk, organisation in Organisation.objects.in_bulk(ids).items()
    }
    return [
        replace(m, sender_name=names[m.organisation_id].value, sender_language=names[m.organisation_id].language)
        if m.organisation_id in names
        else m
        for m in messages
    ]


def consents_for_victim(case: Case) -> list[ConsentEvent]:
    return sorted(consents_in_force(case), key=lambda e: (e.purpose, e.category))


def access_history_for_victim(case: Case, *, limit: int | None = None) -> list[history.HistoryLine]:
    """Who opened, changed, shared or was refused the record: staff only, newest first, in plain sentences.

    Sharing that happened under a safeguarding override stays out until staff
    judged it safe to tell (the package list above follows the same rule), and
    so does everything about the override itself, a refused attempt to use it included.
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
        .values_list("occurred_at", "action", "actor_role", "actor_organisation_name", "subject", "details")
        .iterator()
    )
    lines = history.lines(history.Event(*row) for row in rows)
    return lines[:limit] if limit is not None else lines


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
                basis = _("explicit consent naming one organisation")
            elif category.value in RELEVANT_CATEGORIES[purpose.value]:
                basis = _("consent")
            else:
                basis = _("explicit consent only")
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
        # Words, not codes (issue 13 §12).
        "consents": sorted((purpose_label(p), _label_of(Decision, d), n) for (p, d), n in consents.items()),
        "packages": sorted((purpose_label(p), _label_of(OrganisationKind, k), n) for (p, k), n in packages.items()),
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


def package_open(*, package: DisclosurePackage, actor: StaffUser) -> dict[str, list[dict[str, Any]]]:
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


def compartment_unlocked(*, case: Case) -> bool:
    """Whether the person has granted an unlock that is still running. Reads nothing sealed, audits nothing.

    Other apps use it to accept a fact touching migration status only while
    the person lets the centre see that compartment (relief, ADR 0033).
    """
    return MigrationCompartment.objects.filter(
        case=case, unlocked_until__gt=timezone.now(), unlocked_copy_sealed__isnull=False
    ).exists()


def compartment_public_key(*, case: Case) -> bytes | None:
    """The compartment's public key (not secret), or None while it has no key pair yet. Reads nothing sealed."""
    key = MigrationCompartment.objects.filter(case=case).values_list("public_key", flat=True).first()
    return None if key is None else bytes(key)


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

    def rule_for(self, package: DisclosurePackage) -> RetentionRule | None:
        """The rule that keeps a package longest, if any keeps it."""
        keeping = [r for r in self.rules if r.recipient_kind == package.recipient.kind and r.purpose == package.purpose]
        return max(keeping, key=lambda r: r.keep_years, default=None)

    def kept_until(self, package: DisclosurePackage, *, on: date) -> date | None:
        rule = self.rule_for(package)
        return None if rule is None else on + timedelta(days=365 * rule.keep_years)


def _rule_applies(rule: rules.RetentionRule, case: Case) -> bool:
    if rule.applies_when == "reported_to_police":
        return case.reporting_status == ReportingStatus.REPORTED
    return False


def erasure_plan(case: Case) -> ErasurePlan:
    """What erasing this case would keep, and under which rule: shown to the person first.

    Every package still readable is either kept by a rule or made unreadable
    with the case: what a recipient read in SafeReport leaves with the case,
    what it copied elsewhere is its own (docs/adr/0020).
    """
    applying = tuple(r for r in rules.retention_rules(case.care_centre.jurisdiction) if _rule_applies(r, case))
    kept, shredded = [], []
    for package in DisclosurePackage.objects.filter(case=case, shredded_at__isnull=True).select_related("recipient"):
        if any(r.recipient_kind == package.recipient.kind and r.purpose == package.purpose for r in applying):
            kept.append(package)
        else:
            shredded.append(package)
    return ErasurePlan(applying, tuple(kept), tuple(shredded))


@dataclass(frozen=True)
class ErasureEntry:
    """One package as the person sees it on the erase page: to whom, when, what; kept or not."""

    when: datetime
    recipient: str
    recipient_kind: str
    categories: list[str]
    kept_until: date | None


@dataclass(frozen=True)
class ErasurePreview:
    kept: list[ErasureEntry]
    unreadable: list[ErasureEntry]
    # The rules that keep something listed above, with their plain explanation.
    rules: list[RetentionRule]
    # Whether anything at all is kept, told or not yet told (see below).
    keeps_anything: bool


def erasure_preview_for_victim(case: Case) -> ErasurePreview:
    """The erase page's account of every package, before the person confirms.

    Sharing under a safeguarding override stays out until staff judged it safe
    to tell, as on the person's other pages; it is kept or made unreadable by
    the same rules, and its recipient is told the same way.
    """
    plan = erasure_plan(case)
    today = timezone.localdate()
    hidden = set(
        DisclosurePackage.objects.filter(case=case, override__isnull=False, override__safe_to_tell_at__isnull=True).values_list(
            "pk", flat=True
        )
    )

    def entry(package: DisclosurePackage) -> ErasureEntry:
        return ErasureEntry(
            when=package.built_at,
            recipient=package.recipient.name,
            recipient_kind=str(OrganisationKind(package.recipient.kind).label),
            categories=[category_label(c) for c in package.categories],
            kept_until=plan.kept_until(package, on=today),
        )

    kept = [p for p in plan.kept if p.pk not in hidden]
    shown_rules = {id(rule): rule for rule in (plan.rule_for(p) for p in kept) if rule is not None}
    return ErasurePreview(
        kept=[entry(p) for p in sorted(kept, key=lambda p: p.built_at)],
        unreadable=[entry(p) for p in sorted(plan.shredded, key=lambda p: p.built_at) if p.pk not in hidden],
        rules=list(shown_rules.values()),
        keeps_anything=bool(plan.kept),
    )


# --- erasure, told -------------------------------------------------------------------


def erasure_notices_for_recipient(actor: StaffUser) -> QuerySet[ErasureNotice]:
    """What the reader's organisation was told about erasures of packages it had received."""
    if actor.organisation_id is None:
        return ErasureNotice.objects.none()
    return ErasureNotice.objects.filter(package__recipient_id=actor.organisation_id).select_related("package__care_centre")


def erasure_register(actor: StaffUser) -> QuerySet[DeletionTombstone]:
    """The DPO's register of erasures at their centre: tombstones only, nothing about a person."""
    return DeletionTombstone.objects.filter(care_centre_id=actor.organisation_id).order_by("-erased_on", "-id")


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
