"""The sharing policy at work: `disclosure_build` is the only way anything leaves a case.

    preview = disclosure_preview(case=case, recipient=police_unit, purpose=Purpose.INVESTIGATION, actor=doctor)
    package = disclosure_build(case=case, recipient=police_unit, purpose=Purpose.INVESTIGATION, actor=doctor,
                               previewed=preview.digest)

Both raise `DisclosureRefused(reason)` (audited as `consent:disclosure:refused`)
when the ledger, the recipient or the purpose does not allow it. They decide
and gather in the same code (`_build`); the preview stops before anything is
sealed or saved, and a build given the preview's digest refuses to send
anything else ("changed_since_preview").

Every item of a package says when (in the centre's time zone, named) and who
wrote it (the person, or a professional's role; never a name):
    {"source": "encounter", "when": "2026-12-02T14:05:00+01:00", "zone": "Europe/Brussels",
     "dated": "occurred", "author": "staff", "roles": ["clinician"], "text": "…"}
"""

import json
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from safereport.accounts.models import Organisation, StaffUser
from safereport.accounts.permissions import OrganisationKind, Role
from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.cases.models import Case
from safereport.cases.sealing import case_owner
from safereport.cases.selectors import cases_visible_to
from safereport.consent.models import DisclosurePackage, OverrideStatus, SafeguardingOverride
from safereport.consent.policies import LedgerEntry, permitted_categories, withheld_reasons
from safereport.consent.purposes import SEALED_CATEGORIES, Purpose, recipient_kind_allowed
from safereport.consent.selectors import ledger_entries, package_seal_context
from safereport.consent.services.common import DisclosureRefused, case_ref_of, lock_case
from safereport.consent.services.compartment import _compartment_unlocked_text
from safereport.core import once
from safereport.core.categories import BY_CENTRE_STAFF, DataCategory, WrittenBy
from safereport.partners.selectors import Verdict, partnerships_still_in_force, recipient_verdict
from safereport.vault.services import BatchOpener, SealContext, seal


@dataclass(frozen=True)
class Source:
    model: type[models.Model]
    case_field: str | None  # None: the Case itself
    fields: dict[str, str]  # sealed field → category
    when_field: str
    written_by: dict[str, WrittenBy] = field(default_factory=dict)


@lru_cache(maxsize=1)
def sources() -> tuple[Source, ...]:
    """Every model with `sensitive_fields` that belongs to a case, found generically.

    A model joins by declaring its categories and holding a foreign key to
    Case; it stays out with `disclosure_source = False` (records about
    sharing, and the sealed compartment, which has its own path). It says who
    wrote each field in `written_by` (core.categories.WrittenBy).
    """
    found = []
    for model in apps.get_models():
        fields = getattr(model, "sensitive_fields", None)
        if not fields or getattr(model, "disclosure_source", True) is False:
            continue
        field_names = {f.name for f in model._meta.get_fields()}
        when = "occurred_at" if "occurred_at" in field_names else "created_at"
        writers = dict(getattr(model, "written_by", {}))
        if model is Case:
            found.append(Source(model, None, dict(fields), when, writers))
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
            found.append(Source(model, link, dict(fields), when, writers))
    return tuple(found)


Item = dict[str, Any]


def _staff_column(model: type[models.Model], name: str) -> str:
    link = model._meta.get_field(name)
    if not isinstance(link, models.ForeignKey):
        raise TypeError(f"{model.__name__}.written_by names {name!r}, which is no foreign key to a staff member")
    return link.attname


def _author(writer: WrittenBy, row: dict[str, Any], model: type[models.Model]) -> tuple[str, int | None]:
    """("person" | "staff" | "centre", the staff member's id when the row keeps it)."""
    if writer.person:
        return "person", None
    if writer.person_when is not None and row[writer.person_when[0]] == writer.person_when[1]:
        return "person", None
    if writer.staff:
        staff_id = row[_staff_column(model, writer.staff)]
        if staff_id is not None:
            return "staff", staff_id
    return "centre", None


def _collect(case: Case, categories: frozenset[str], *, zone: ZoneInfo) -> dict[str, list[Item]]:
    owner = case_owner(case)
    opener = BatchOpener()
    items: dict[str, list[tuple[datetime, Item]]] = {c: [] for c in categories}
    by_staff: list[tuple[Item, int]] = []
    for source in sources():
        wanted = {name: category for name, category in source.fields.items() if category in categories}
        if not wanted:
            continue
        writers = {name: source.written_by.get(name, BY_CENTRE_STAFF) for name in wanted}
        columns = {"public_id", source.when_field, *wanted}
        for writer in writers.values():
            if writer.staff:
                columns.add(_staff_column(source.model, writer.staff))
            if writer.person_when is not None:
                columns.add(writer.person_when[0])
        rows = source.model._base_manager.filter(
            **({"pk": case.pk} if source.case_field is None else {source.case_field: case.pk})
        )
        label = source.model._meta.label
        dated = "occurred" if source.when_field == "occurred_at" else "recorded"
        for row in rows.values(*sorted(columns)):
            for name, category in wanted.items():
                sealed = row[name]
                if not sealed:
                    continue
                text = opener.unseal(
                    bytes(sealed), context=SealContext(owner=owner, record=f"{label}:{row['public_id']}", field=name)
                ).decode("utf-8")
                when = row[source.when_field]
                author, staff_id = _author(writers[name], row, source.model)
                item: Item = {
                    "source": str(source.model._meta.verbose_name),
                    # The centre's wall-clock time with its offset, and the zone by name.
                    "when": timezone.localtime(when, zone).replace(microsecond=0).isoformat(),
                    "zone": zone.key,
                    "dated": dated,
                    "author": author,
                    "text": text,
                }
                if staff_id is not None:
                    by_staff.append((item, staff_id))
                items[category].append((when, item))
    # Roles as they are when the package is built; a package never names a person.
    roles = dict(StaffUser.objects.filter(pk__in={staff_id for _, staff_id in by_staff}).values_list("pk", "roles"))
    for item, staff_id in by_staff:
        item["roles"] = [role for role in roles.get(staff_id, []) if role in Role.values]
    return {category: [item for _, item in sorted(found, key=lambda pair: pair[0])] for category, found in items.items()}


def _digest(*, recipient: Organisation, purpose: str, content: dict[str, list[Item]], withheld: dict[str, str]) -> str:
    """What a preview showed, as a keyed hash: sealed text never leaves the page in a guessable form."""
    shown = json.dumps(
        {"recipient": recipient.pk, "purpose": purpose, "content": content, "withheld": withheld},
        ensure_ascii=False,
        sort_keys=True,
    )
    return salted_hmac("safereport.consent.disclosure.preview", shown, algorithm="sha256").hexdigest()


@dataclass(frozen=True)
class PackagePreview:
    """Exactly what a package would hold, category by category, and what stays behind and why."""

    recipient: Organisation
    purpose: str
    categories: list[str]
    content: dict[str, list[Item]]
    # Every category not sent: a policies.WITHHELD_REASONS value, "nothing_recorded"
    # (agreed, but the case holds nothing of it) or "locked" (the sealed compartment).
    withheld: dict[str, str]
    override: bool
    digest: str


@dataclass
class _Draft:
    """A package decided and gathered, not yet sealed or saved."""

    package: DisclosurePackage
    permitted: frozenset[str]
    entries: list[LedgerEntry]
    content: dict[str, list[Item]]
    at: datetime

    @property
    def digest(self) -> str:
        return _digest(
            recipient=self.package.recipient, purpose=self.package.purpose, content=self.content,
            withheld=dict(self.package.withheld),
        )

    def withheld_with_reasons(self) -> dict[str, str]:
        package = self.package
        if package.override is not None:
            reasons = {c: "not_in_override" for c in DataCategory.values if c not in self.permitted}
        else:
            reasons = withheld_reasons(
                self.entries, permitted=self.permitted, organisation_id=package.recipient.pk,
                kind=package.recipient.kind, purpose=package.purpose, at=self.at,
            )
        for category in self.permitted - set(self.content):
            reasons[category] = package.withheld.get(category, "nothing_recorded")
        return reasons


def _record_refusal(
    refusal: DisclosureRefused,
    *,
    case: Case,
    recipient: Organisation,
    purpose: str,
    actor: StaffUser,
    stage: str,
    override: SafeguardingOverride | None = None,
) -> None:
    record(
        "consent:disclosure:refused",
        actor=Actor.staff(actor),
        # About an override, the refusal stays out of the person's view until it is safe to tell.
        subject=f"override:{override.public_id}" if override is not None else f"case:{case.public_id}",
        case_ref=case_ref_of(case),
        details={
            "reason": refusal.reason,
            "stage": stage,
            "purpose": str(purpose)[:40],
            "recipient_kind": str(getattr(recipient, "kind", ""))[:40],
            "recipient": str(getattr(recipient, "name", ""))[:100],
        },
    )


def disclosure_preview(
    *,
    case: Case,
    recipient: Organisation,
    purpose: str,
    actor: StaffUser,
    override: SafeguardingOverride | None = None,
) -> PackagePreview:
    """What `disclosure_build` would send now, opened for the staff member about to send it.

    Nothing is sealed or saved: no package, no package key. Opening the case's
    sealed text is an audited read (`consent:preview:opened`); a preview the
    rules refuse is audited as a refusal, like a build.
    """
    try:
        with transaction.atomic():
            draft = _build(case=case, recipient=recipient, purpose=purpose, actor=actor, override=override)
            preview = PackagePreview(
                recipient=recipient,
                purpose=purpose,
                categories=sorted(draft.content),
                content=draft.content,
                withheld=draft.withheld_with_reasons(),
                override=draft.package.override is not None,
                digest=draft.digest,
            )
            record(
                "consent:preview:opened",
                actor=Actor.staff(actor),
                subject=f"case:{case.public_id}",
                case_ref=case_ref_of(case),
                details={
                    "categories": ",".join(preview.categories),
                    "purpose": purpose,
                    "recipient_kind": recipient.kind,
                    "recipient": recipient.name,
                },
            )
            return preview
    except DisclosureRefused as refusal:
        _record_refusal(
            refusal, case=case, recipient=recipient, purpose=purpose, actor=actor, stage="preview", override=override
        )
        raise


def disclosure_build(
    *,
    case: Case,
    recipient: Organisation,
    purpose: str,
    actor: StaffUser,
    override: SafeguardingOverride | None = None,
    previewed: str | None = None,
    form_token: once.FormToken | None = None,
) -> DisclosurePackage:
    """Build an immutable package of exactly what the ledger (or an approved override) allows.

    With `previewed` (a PackagePreview's digest), refuse unless the package
    holds exactly what that preview showed. With `form_token` (the preview
    page's one-time token, ADR 0032 §6) the token is spent in the same
    transaction as the package and its audit event, so Send pressed again —
    after an answer lost with a crashed app server, or on two app servers at
    once — builds nothing more: it raises once.AlreadySpent and writes nothing.

    Call it outside your own transaction, or catch DisclosureRefused inside
    it: the refusal's audit event is written after this function's own
    transaction rolls back, and an outer rollback would drop it.
    """
    try:
        with transaction.atomic():
            if form_token is not None:
                once.spend(form_token)
            draft = _build(case=case, recipient=recipient, purpose=purpose, actor=actor, override=override)
            if previewed is not None and not constant_time_compare(previewed, draft.digest):
                raise DisclosureRefused("changed_since_preview")
            return _send(draft, previewed=previewed is not None)
    except DisclosureRefused as refusal:
        _record_refusal(
            refusal, case=case, recipient=recipient, purpose=purpose, actor=actor, stage="send", override=override
        )
        raise


def disclosure_recipient_allowed(*, case: Case, recipient: Organisation, purpose: str) -> bool:
    """Would the recipient rules let a package for this purpose reach this organisation now?

    For offering a "preview a package" link only where a preview can answer;
    it writes nothing (a refused preview or build is still audited there).
    """
    try:
        _check_recipient(recipient, purpose, case.care_centre_id)
    except DisclosureRefused:
        return False
    return True


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
) -> _Draft:
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
        # One package per override: sending again needs a new request, a new reason and a new approval.
        if DisclosurePackage.objects.filter(override=override).exists():
            raise DisclosureRefused("override_already_used")
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
    content = _collect(case, permitted - SEALED_CATEGORIES, zone=case.care_centre.zone)
    withheld: dict[str, str] = {}
    if DataCategory.MIGRATION_INFORMATION in permitted:
        text = _compartment_unlocked_text(case)
        if text is None:
            withheld[DataCategory.MIGRATION_INFORMATION] = "locked"
        else:
            # Written by the person, under their own code; it keeps no date of its own here.
            content[DataCategory.MIGRATION_INFORMATION] = [
                {"source": "sealed compartment", "when": "", "author": "person", "text": text}
            ]
    # Only what exists goes in: an empty category is not listed as shared.
    content = {category: found for category, found in content.items() if found}
    package.withheld = withheld
    return _Draft(package=package, permitted=permitted, entries=entries, content=content, at=at)


def _send(draft: _Draft, *, previewed: bool) -> DisclosurePackage:
    package, content = draft.package, draft.content
    for category, found in content.items():
        setattr(
            package,
            f"{category}_sealed",
            seal(json.dumps(found, ensure_ascii=False).encode("utf-8"), context=package_seal_context(package, category)),
        )
    package.categories = sorted(content)
    package.save()
    record(
        "consent:package:disclosed",
        actor=Actor.staff(package.built_by),
        subject=f"package:{package.public_id}",
        case_ref=package.case_ref,
        details={
            "categories": ",".join(package.categories),
            "purpose": package.purpose,
            "recipient_kind": package.recipient.kind,
            "recipient": package.recipient.name,
            "override": package.override is not None,
            "previewed": previewed,
        },
    )
    return package
