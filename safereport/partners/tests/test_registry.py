"""The recipient registry: two people, two roles, audited, final when ended (ADR 0014)."""

import datetime as dt

import pytest

from safereport.accounts.models import Organisation
from safereport.accounts.permissions import OrganisationKind, Role
from safereport.audit.models import AuditEvent
from safereport.core.appendonly import AppendOnlyError
from safereport.core.purposes import Purpose
from safereport.partners import selectors, services
from safereport.partners.errors import PartnershipRefused
from safereport.partners.models import Partnership
from safereport.partners.tests.helpers import bootstrap, staff_of

pytestmark = pytest.mark.django_db(databases="__all__")


def propose(world, organisation, *, actor="dpo", purposes=(Purpose.INVESTIGATION,), **extra):
    return services.partnership_propose(
        actor=world.staff[actor] if isinstance(actor, str) else actor, organisation=organisation,
        agreement_reference="PZ-7", agreement_date=dt.date(2026, 3, 1), purposes=purposes,
        public_names=extra.pop("public_names", {"en": "The police of zone North"}), **extra,
    )


def refused_with(reason):
    return AuditEvent.objects.filter(action="partners:partnership:refused", details__reason=reason)


@pytest.fixture
def newcomer(world):
    return bootstrap("Politie Zone Noord", OrganisationKind.POLICE_UNIT, "BE")


def test_the_demo_centre_has_its_four_partners_in_force(world):
    ghent = world.organisations["ghent"]
    in_force = Partnership.objects.filter(care_centre=ghent, approved_at__isnull=False, revoked_at__isnull=True)
    assert {p.organisation for p in in_force} == {world.organisations[k] for k in ("police", "ngo", "desk", "legal")}
    assert {(p.proposed_role, p.approved_role) for p in in_force} == {(Role.DPO_ADMIN, Role.CASE_MANAGER)}
    assert not Partnership.objects.filter(care_centre=world.organisations["utrecht"]).exists()


def test_a_proposal_is_audited_and_opens_nothing_until_a_second_person_of_another_role_approves(world, newcomer):
    partnership = propose(world, newcomer)
    assert partnership.is_pending and partnership.proposed_role == Role.DPO_ADMIN
    event = AuditEvent.objects.get(action="partners:partnership:proposed", subject=f"partnership:{partnership.public_id}")
    assert event.details["organisation"] == "Politie Zone Noord" and event.actor_staff_id == world.staff["dpo"].pk
    assert selectors.recipient_verdict(
        care_centre_id=world.organisations["ghent"].pk, organisation_id=newcomer.pk, purpose=Purpose.INVESTIGATION
    ).refusal == "recipient_partnership_not_approved"

    # The proposer cannot approve: the DPO role holds no approval.
    with pytest.raises(PartnershipRefused) as refused:
        services.partnership_approve(actor=world.staff["dpo"], partnership=partnership)
    assert refused.value.reason == "not_allowed"
    # Nor can one person holding both roles approve their own proposal.
    both = staff_of(world.organisations["ghent"], "dpo.and.manager", [Role.DPO_ADMIN, Role.CASE_MANAGER])
    own = propose(world, bootstrap("Politie Zone Zuid", OrganisationKind.POLICE_UNIT, "BE"), actor=both)
    with pytest.raises(PartnershipRefused) as refused:
        services.partnership_approve(actor=both, partnership=own)
    assert refused.value.reason == "same_person"
    # Nor a case manager of another centre.
    elsewhere = staff_of(world.organisations["utrecht"], "utrecht.manager", [Role.CASE_MANAGER])
    with pytest.raises(PartnershipRefused) as refused:
        services.partnership_approve(actor=elsewhere, partnership=partnership)
    assert refused.value.reason == "other_centre"
    assert refused_with("not_allowed").exists() and refused_with("same_person").exists() and refused_with("other_centre").exists()

    approved = services.partnership_approve(actor=world.staff["case_manager"], partnership=partnership)
    assert approved.in_force and approved.approved_role == Role.CASE_MANAGER and approved.approved_by == world.staff["case_manager"]
    assert AuditEvent.objects.filter(action="partners:partnership:approved", subject=f"partnership:{partnership.public_id}").exists()
    with pytest.raises(PartnershipRefused) as refused:
        services.partnership_approve(actor=world.staff["case_manager"], partnership=partnership)
    assert refused.value.reason == "not_pending"


def test_only_the_dpo_proposes_and_only_for_a_care_centre(world, newcomer):
    for persona in ("case_manager", "doctor", "police_liaison"):
        with pytest.raises(PartnershipRefused) as refused:
            propose(world, newcomer, actor=persona)
        assert refused.value.reason == "not_allowed"
    police_dpo = staff_of(world.organisations["police"], "police.dpo", [Role.DPO_ADMIN])
    with pytest.raises(PartnershipRefused) as refused:
        propose(world, world.organisations["ngo"], actor=police_dpo)
    assert refused.value.reason == "not_a_care_centre"
    with pytest.raises(PartnershipRefused) as refused:
        propose(world, world.organisations["ghent"])
    assert refused.value.reason == "with_itself"
    assert not Partnership.objects.filter(organisation=newcomer).exists()


def test_a_proposal_names_its_purposes_and_the_name_the_person_reads(world, newcomer):
    with pytest.raises(PartnershipRefused) as refused:
        propose(world, newcomer, purposes=())
    assert refused.value.reason == "no_purpose"
    with pytest.raises(PartnershipRefused) as refused:
        propose(world, newcomer, purposes=("immigration_control",))
    assert refused.value.reason == "unknown_purpose"
    with pytest.raises(PartnershipRefused) as refused:
        propose(world, newcomer, public_names={"ar": "الشرطة"})
    assert refused.value.reason == "no_english_name"
    # A friendly name cannot hide an immigration body either.
    with pytest.raises(PartnershipRefused) as refused:
        propose(world, newcomer, public_names={"en": "The police", "nl": "De vreemdelingenpolitie"})
    assert refused.value.reason == "on_immigration_denylist"


def test_ending_is_one_persons_act_audited_and_final(world, newcomer):
    partnership = services.partnership_approve(actor=world.staff["case_manager"], partnership=propose(world, newcomer))
    with pytest.raises(PartnershipRefused) as refused:
        services.partnership_revoke(actor=world.staff["doctor"], partnership=partnership, reason="no")
    assert refused.value.reason == "not_allowed"
    with pytest.raises(PartnershipRefused) as refused:
        services.partnership_revoke(actor=world.staff["dpo"], partnership=partnership, reason="  ")
    assert refused.value.reason == "no_reason"
    ended = services.partnership_revoke(actor=world.staff["dpo"], partnership=partnership, reason="Agreement ended")
    assert not ended.in_force and ended.revoked_by == world.staff["dpo"]
    assert AuditEvent.objects.filter(action="partners:partnership:revoked", subject=f"partnership:{partnership.public_id}").exists()
    with pytest.raises(PartnershipRefused) as refused:
        services.partnership_revoke(actor=world.staff["case_manager"], partnership=partnership, reason="again")
    assert refused.value.reason == "already_ended"
    # A declined proposal is recorded as such.
    other = propose(world, bootstrap("Politie Zone West", OrganisationKind.POLICE_UNIT, "BE"))
    services.partnership_revoke(actor=world.staff["case_manager"], partnership=other, reason="No agreement signed")
    assert AuditEvent.objects.filter(action="partners:partnership:declined", subject=f"partnership:{other.public_id}").exists()


def test_in_code_what_a_partnership_says_never_changes_and_no_row_goes(world, newcomer):
    partnership = propose(world, newcomer)
    rows = Partnership.objects.filter(pk=partnership.pk)
    for change in ({"purposes": ["research"]}, {"organisation": world.organisations["ngo"]}, {"jurisdiction": "NL"}):
        with pytest.raises(AppendOnlyError):
            rows.update(**change)
    with pytest.raises(AppendOnlyError):
        partnership.delete()
    partnership.purposes = [Purpose.INVESTIGATION, Purpose.RESEARCH]
    with pytest.raises(AppendOnlyError):
        partnership.save()


def test_an_approval_rechecks_the_organisation_as_it_is_now(world, newcomer):
    partnership = propose(world, newcomer)
    Organisation.objects.filter(pk=newcomer.pk).update(name="Politie Zone Noord – vreemdelingenpolitie")
    with pytest.raises(PartnershipRefused) as refused:
        services.partnership_approve(actor=world.staff["case_manager"], partnership=partnership)
    assert refused.value.reason == "on_immigration_denylist"
    Organisation.objects.filter(pk=newcomer.pk).update(name="Politie Zone Noord", jurisdiction="NL")
    with pytest.raises(PartnershipRefused) as refused:
        services.partnership_approve(actor=world.staff["case_manager"], partnership=partnership)
    assert refused.value.reason == "jurisdiction_not_the_organisations"
