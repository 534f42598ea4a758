"""The sharing policy at work: `disclosure_build` is the only way anything leaves a case.

    package = disclosure_build(case=case, recipient=police_unit, purpose=Purpose.INVESTIGATION, actor=doctor)

raises `DisclosureRefused(reason)` (audited as `consent:disclosure:refused`)
when the ledger, the recipient or the purpose does not allow it.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from safereport.accounts.models import Organisation, StaffUser
from safereport.accounts.permissions import OrganisationKind
from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.cases.models import Case
from safereport.cases.sealing import case_owner
from safereport.cases.selectors import cases_visible_to
from safereport.consent.models import DisclosurePackage, OverrideStatus, SafeguardingOverride
from safereport.consent.policies import permitted_categories
from safereport.consent.purposes import SEALED_CATEGORIES, Purpose, recipient_kind_allowed
from safereport.consent.selectors import ledger_entries, package_seal_context
from safereport.consent.services.common import DisclosureRefused, case_ref_of, lock_case
from safereport.consent.services.compartment import _compartment_unlocked_text
from safereport.core.categories import DataCategory
from safereport.partners.selectors import Verdict, partnerships_still_in_force, recipient_verdict
from safereport.vault.services import BatchOpener, SealContext, seal


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
            case_ref=case_ref_of(case),
            details={
                "reason": refusal.reason,
                "purpose": str(purpose)[:40],
                "recipient_kind": str(getattr(recipient, "kind", ""))[:40],
                "recipient": str(getattr(recipient, "name", ""))[:100],
            },
        )
        raise


def _check_recipient(recipient: Organisation, purpose: str, care_centre_id: int) -> Verdict:
    """The kind vocabulary, then the recipient registry: a partner of this centre, for this purpose (ADR 0014)."""
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
    # A kind is a label anyone registering an organisation can choose. Only a
    # partnership two people of the centre approved opens the door, and the
    # immigration-enforcement denylist closes it whatever the label says.
    verdict = recipient_verdict(care_centre_id=care_centre_id, organisation_id=recipient.pk, purpose=purpose)
    if verdict.refusal is not None:
        raise DisclosureRefused(verdict.refusal)
    return verdict


def _build(
    *, case: Case, recipient: Organisation, purpose: str, actor: StaffUser, override: SafeguardingOverride | None
) -> DisclosurePackage:
    verdict = _check_recipient(recipient, purpose, case.care_centre_id)
    if actor.organisation_id != case.care_centre_id or not cases_visible_to(actor).filter(pk=case.pk).exists():
        raise DisclosureRefused("actor_not_on_case")
    case = lock_case(case)
    # A revocation racing this build either waits for the package (and then
    # shreds it) or has already ended the partnership, and nothing is built.
    if not partnerships_still_in_force(verdict.partnerships):
        raise DisclosureRefused("recipient_partnership_revoked")
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
            entries,
            organisation_id=recipient.pk,
            kind=recipient.kind,
            purpose=purpose,
            at=at,
            partner_since=verdict.partner_since,
        )
    if not permitted:
        raise DisclosureRefused("no_consent")
    package = DisclosurePackage(
        case=case,
        case_ref=case_ref_of(case),
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
            seal(json.dumps(found, ensure_ascii=False).encode("utf-8"), context=package_seal_context(package, category)),
        )
    package.categories = sorted(content)
    package.withheld = withheld
    package.save()
    record(
        "consent:package:disclosed",
        actor=Actor.staff(actor),
        subject=f"package:{package.public_id}",
        case_ref=case_ref_of(case),
        details={
            "categories": ",".join(package.categories),
            "purpose": purpose,
            "recipient_kind": recipient.kind,
            "recipient": recipient.name,
            "override": override is not None,
        },
    )
    return package
