"""Changes to the recipient registry: propose, approve, end. Each writes its audit event.

    partnership = partnership_propose(actor=dpo, organisation=police, agreement_reference="PV-2026-014", …)
    partnership_approve(actor=case_manager, partnership=partnership)
    partnership_revoke(actor=dpo, partnership=partnership, reason="agreement ended")

A refusal raises PartnershipRefused(reason) and is audited as
`partners:partnership:refused` after the service's own transaction rolled
back (call these outside your own transaction, or the refusal's event goes
with your rollback).
"""

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import TypeVar

from django.db import transaction
from django.utils import timezone

from config.locales import LANGUAGE_CODES
from safereport.accounts.models import Organisation, StaffUser
from safereport.accounts.permissions import OrganisationKind, Permission
from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.core.purposes import Purpose
from safereport.partners import selectors
from safereport.partners.errors import PartnershipRefused
from safereport.partners.models import Partnership
from safereport.partners.policies import acting_role, jurisdiction_allows
from safereport.partners.signals import partnership_ended

T = TypeVar("T")


def _audited_refusals(actor: StaffUser, subject: str, details: Mapping[str, str], work: Callable[[], T]) -> T:
    try:
        with transaction.atomic():
            return work()
    except PartnershipRefused as refusal:
        record(
            "partners:partnership:refused",
            actor=Actor.staff(actor),
            subject=subject,
            details={"reason": refusal.reason, **{k: v[:100] for k, v in details.items()}},
        )
        raise


def _centre_of(actor: StaffUser) -> Organisation:
    centre = actor.organisation
    if centre is None or centre.kind != OrganisationKind.CARE_CENTRE or not centre.is_active:
        raise PartnershipRefused("not_a_care_centre")
    return centre


def _clean_names(public_names: Mapping[str, str]) -> dict[str, str]:
    names = {language: str(text).strip() for language, text in public_names.items() if text and text.strip()}
    if not names.get("en"):
        raise PartnershipRefused("no_english_name")
    if not set(names) <= set(LANGUAGE_CODES):
        raise PartnershipRefused("unknown_language")
    return names


def partnership_propose(
    *,
    actor: StaffUser,
    organisation: Organisation,
    agreement_reference: str,
    agreement_date: date,
    purposes: Iterable[str],
    public_names: Mapping[str, str],
    cross_border_reason: str = "",
) -> Partnership:
    """Record a proposed partnership. Nothing can be sent to the organisation until a second person approves it."""

    def work() -> Partnership:
        role = acting_role(actor.roles, Permission.PARTNERS_PARTNERSHIP_PROPOSE)
        if role is None:
            raise PartnershipRefused("not_allowed")
        centre = _centre_of(actor)
        stored = Organisation.objects.filter(pk=organisation.pk).first()  # never the object in hand
        if stored is None or not stored.is_active:
            raise PartnershipRefused("organisation_inactive")
        if stored.pk == centre.pk:
            raise PartnershipRefused("with_itself")
        chosen = sorted(set(purposes))
        if not chosen:
            raise PartnershipRefused("no_purpose")
        if not set(chosen) <= set(Purpose.values):
            raise PartnershipRefused("unknown_purpose")
        names = _clean_names(public_names)
        if selectors.denylist_match(stored.name, *names.values()) is not None:
            raise PartnershipRefused("on_immigration_denylist")
        reason = str(cross_border_reason).strip()
        if not jurisdiction_allows(
            centre=centre.jurisdiction, organisation=stored.jurisdiction, agreed=stored.jurisdiction, cross_border_reason=reason
        ):
            raise PartnershipRefused("other_jurisdiction_without_reason")
        partnership = Partnership(
            care_centre=centre,
            organisation=stored,
            agreement_reference=str(agreement_reference).strip(),
            agreement_date=agreement_date,
            jurisdiction=stored.jurisdiction,
            cross_border_reason=reason,
            purposes=chosen,
            public_names=names,
            proposed_by=actor,
            proposed_role=role,
        )
        partnership.full_clean()
        partnership.save()
        record(
            "partners:partnership:proposed",
            actor=Actor.staff(actor),
            subject=f"partnership:{partnership.public_id}",
            details={
                "organisation": stored.name[:100],
                "organisation_kind": stored.kind,
                "jurisdiction": stored.jurisdiction,
                "purposes": ",".join(chosen),
                "cross_border": bool(reason),
            },
        )
        return partnership

    return _audited_refusals(
        actor,
        f"organisation:{organisation.public_id}",
        {"organisation": str(organisation.name), "organisation_kind": str(organisation.kind)},
        work,
    )


def _locked(partnership: Partnership, actor: StaffUser) -> Partnership:
    locked: Partnership | None = (
        Partnership.objects.select_for_update().filter(pk=partnership.pk).select_related("organisation", "care_centre").first()
    )
    if locked is None or locked.care_centre_id != actor.organisation_id:
        raise PartnershipRefused("other_centre")
    return locked


def partnership_approve(*, actor: StaffUser, partnership: Partnership) -> Partnership:
    """The second person's approval: another person, in another role, of the same centre. From now on it is in force."""

    def work() -> Partnership:
        role = acting_role(actor.roles, Permission.PARTNERS_PARTNERSHIP_APPROVE)
        if role is None:
            raise PartnershipRefused("not_allowed")
        _centre_of(actor)
        locked = _locked(partnership, actor)
        if not locked.is_pending:
            raise PartnershipRefused("not_pending")
        if locked.proposed_by_id == actor.pk:
            raise PartnershipRefused("same_person")
        if role == locked.proposed_role:
            raise PartnershipRefused("same_role")
        organisation = locked.organisation
        # Checked again: a name or jurisdiction may have changed since the proposal.
        if not organisation.is_active:
            raise PartnershipRefused("organisation_inactive")
        if selectors.denylist_match(organisation.name, *locked.public_names.values()) is not None:
            raise PartnershipRefused("on_immigration_denylist")
        if not jurisdiction_allows(
            centre=locked.care_centre.jurisdiction,
            organisation=organisation.jurisdiction,
            agreed=locked.jurisdiction,
            cross_border_reason=locked.cross_border_reason,
        ):
            raise PartnershipRefused("jurisdiction_not_the_organisations")
        locked.approved_by = actor
        locked.approved_role = role
        locked.approved_at = timezone.now()
        locked.save(update_fields=["approved_by", "approved_role", "approved_at"])
        record(
            "partners:partnership:approved",
            actor=Actor.staff(actor),
            subject=f"partnership:{locked.public_id}",
            details={"organisation": organisation.name[:100], "purposes": ",".join(locked.purposes)},
        )
        return locked

    return _audited_refusals(actor, f"partnership:{partnership.public_id}", {"step": "approve"}, work)


def partnership_revoke(*, actor: StaffUser, partnership: Partnership, reason: str) -> Partnership:
    """End a partnership (or decline a proposal). Final: a new agreement is a new partnership.

    One person suffices, since ending only closes a door. Packages already
    sent under it become unreadable to the organisation at once, and their
    keys are shredded (consent listens to `partnership_ended`; ADR 0014).
    """

    def work() -> Partnership:
        if acting_role(actor.roles, Permission.PARTNERS_PARTNERSHIP_REVOKE) is None:
            raise PartnershipRefused("not_allowed")
        locked = _locked(partnership, actor)
        if locked.revoked_at is not None:
            raise PartnershipRefused("already_ended")
        why = str(reason).strip()
        if not why:
            raise PartnershipRefused("no_reason")
        was_in_force = locked.in_force
        locked.revoked_by = actor
        locked.revoked_at = timezone.now()
        locked.revocation_reason = why
        locked.save(update_fields=["revoked_by", "revoked_at", "revocation_reason"])
        record(
            "partners:partnership:revoked" if was_in_force else "partners:partnership:declined",
            actor=Actor.staff(actor),
            subject=f"partnership:{locked.public_id}",
            details={"organisation": locked.organisation.name[:100]},
        )
        partnership_ended.send(sender=Partnership, partnership=locked, actor=actor)
        return locked

    return _audited_refusals(actor, f"partnership:{partnership.public_id}", {"step": "revoke"}, work)
