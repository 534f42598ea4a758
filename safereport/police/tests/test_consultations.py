"""The informal consultation (§6.5) as services and selectors: who may book it, who sees what, how it ends."""

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from safereport.accounts import services as account_services
from safereport.accounts.models import Organisation
from safereport.accounts.permissions import OrganisationKind, Role
from safereport.audit.actors import Actor
from safereport.audit.models import AuditEvent
from safereport.cases.models import Case, ReportingStatus
from safereport.cases.services import police_talk_request
from safereport.consent import services as consent_services
from safereport.core.workflow import ProtectedStateError, TransitionNotAllowed, TransitionNotPermitted
from safereport.partners import services as partner_services
from safereport.police import selectors, services
from safereport.police.models import Consultation, ConsultationStatus
from safereport.police.selectors import POLICE_COLUMNS, PoliceConsultation
from safereport.police.tests.conftest import booked, in_two_days, plan


def test_the_police_see_only_a_pseudonym_topics_time_place_and_who_comes_along():
    # The record a police page is drawn from has no field for the case, its code, a name or a contact.
    fields = set(PoliceConsultation.__dataclass_fields__)
    assert not {"case", "case_id", "code", "name", "contact", "receipt"} & fields
    assert "case" not in POLICE_COLUMNS and "case_id" not in POLICE_COLUMNS


def test_a_talk_planned_is_not_seen_by_the_police_until_it_is_booked(world):
    consultation = plan(world)
    assert consultation.status == ConsultationStatus.CONSIDERING
    assert selectors.police_inbox(world.staff["police_liaison"]) == []
    services.consultation_book(consultation=consultation, actor=world.staff["crisis_worker"], proposed_for=in_two_days())
    [seen] = selectors.police_inbox(world.staff["police_liaison"])
    assert seen.pseudonym == consultation.pseudonym
    case = world.cases["assigned"]
    assert case.code not in repr(seen) and str(case.public_id) not in repr(seen)
    assert world.cases["assigned"].code not in consultation.pseudonym


def test_a_pseudonym_is_new_for_each_talk(world):
    names = {plan(world).pseudonym for _ in range(5)}
    assert len(names) == 5


def test_the_plan_starts_from_the_wish_recorded_on_the_case(world):
    talk = police_talk_request(
        case=world.cases["assigned"], actor=world.staff["crisis_worker"], companion="yes", topics=["safety_advice"]
    )
    assert plan(world).police_talk == talk


def test_only_a_partnered_police_unit_can_be_booked_never_one_chosen_by_its_kind(world):
    stranger = Organisation.objects.create(name="Another police zone", kind=OrganisationKind.POLICE_UNIT, jurisdiction="BE")
    with pytest.raises(services.ConsultationError):
        plan(world, police_unit=stranger)
    # The NGO is a partner, but not for investigations.
    with pytest.raises(services.ConsultationError):
        plan(world, unit="ngo")
    assert not Consultation.objects.exists()


def test_where_there_is_no_firewall_the_person_must_be_warned_before_anything_is_booked(world):
    with pytest.raises(services.ConsultationError):
        plan(world, told=False)
    assert not Consultation.objects.exists()


@pytest.mark.parametrize(("jurisdiction", "firewall"), [("BE", False), ("IE", False), ("UK", False), ("NL", True), ("ZZ", False)])
def test_which_jurisdictions_have_a_firewall_comes_from_the_data_file(jurisdiction, firewall):
    assert selectors.has_firewall(jurisdiction) is firewall
    options = selectors.options_for(jurisdiction)
    assert (options.warning is None) is firewall
    assert {"health_only", "full_report"} <= {o.key for o in options.option}


def test_the_warning_is_in_the_persons_language(world, settings):
    from django.utils import translation

    with translation.override("ar"):
        warning = selectors.options_for("BE").warning
    assert warning is not None and warning.language == "ar" and not warning.is_fallback


def test_the_scenario_talk_held_and_the_person_decides_not_to_report(world):
    """§6.4/§6.5: the officer answers with another time, the talk is held with the support worker, the person says no."""
    consultation = booked(world)
    case = Case.objects.get(pk=world.cases["assigned"].pk)
    assert case.reporting_status == ReportingStatus.INFORMAL_TALK_ARRANGED
    officer = world.staff["police_liaison"]
    found = selectors.consultation_for_unit(actor=officer, consultation_id=consultation.public_id)
    other = in_two_days() + dt.timedelta(hours=3)
    services.consultation_answer(consultation=found, actor=officer, answer="other_time", other_time=other)
    services.consultation_time_agree(consultation=consultation, actor=world.staff["crisis_worker"])
    consultation.refresh_from_db()
    assert consultation.agreed_for == other
    services.consultation_held(
        consultation=found, actor=officer, held_on=timezone.localdate(), companion_part="general_part",
        interpreter_attended=True, contact_route="unit_phone", contact_route_detail="+32 9 266 61 11",
    )
    services.consultation_reflect(
        consultation=consultation, actor=world.staff["crisis_worker"], until=timezone.localdate() + dt.timedelta(days=10)
    )
    services.consultation_decide(consultation=consultation, actor=world.staff["crisis_worker"], decision="decide_not_to_report")
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.NOT_REPORTING and consultation.decided_at is not None
    assert Case.objects.get(pk=case.pk).reporting_status == ReportingStatus.NOT_REPORTING
    steps = list(
        AuditEvent.objects.filter(action="police:consultation:transition").order_by("sequence").values_list("details", flat=True)
    )
    assert [s["to"] for s in steps] == ["booked", "held", "reflection", "not_reporting"]
    # The person sees the police unit's doings in their access history, through the case reference.
    assert AuditEvent.objects.filter(
        action="police:consultation:answered", case_ref=str(case.public_id), actor_staff_id=officer.pk
    ).exists()
    [person_view] = selectors.consultations_for_person(case)
    assert person_view.contact_route == "unit_phone" and person_view.status == "not_reporting"


def test_nothing_becomes_a_report_without_the_persons_consent_for_that_unit(world):
    consultation = booked(world)
    officer = world.staff["police_liaison"]
    services.consultation_held(
        consultation=consultation, actor=officer, held_on=timezone.localdate(), companion_part="nobody",
        interpreter_attended=False, contact_route="via_centre",
    )
    with pytest.raises(services.ConsultationError):
        services.consultation_decide(consultation=consultation, actor=world.staff["crisis_worker"], decision="convert_to_report")
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.HELD
    consent_services.consent_record(
        case=world.cases["assigned"], categories=["incident_account"], purpose="investigation", decision="given",
        understanding="understood", channel="staff", recipient_organisation=world.organisations["police"],
        explained_by=world.staff["crisis_worker"], language="en",
    )
    services.consultation_decide(consultation=consultation, actor=world.staff["crisis_worker"], decision="convert_to_report")
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.REPORT
    assert Case.objects.get(pk=world.cases["assigned"].pk).reporting_status == ReportingStatus.REPORTED


def test_the_status_changes_only_through_the_workflow(world):
    consultation = plan(world)
    with pytest.raises(ProtectedStateError):
        consultation.status = ConsultationStatus.HELD
    with pytest.raises(ProtectedStateError):
        Consultation.objects.filter(pk=consultation.pk).update(status=ConsultationStatus.HELD)
    with pytest.raises(TransitionNotAllowed):
        services.consultation_reflect(consultation=consultation, actor=world.staff["crisis_worker"], until=timezone.localdate())


def test_the_police_cannot_take_the_persons_decision_and_the_attempt_is_audited(world):
    consultation = booked(world)
    services.consultation_held(
        consultation=consultation, actor=world.staff["police_liaison"], held_on=timezone.localdate(),
        companion_part="whole_talk", interpreter_attended=False, contact_route="via_centre",
    )
    with pytest.raises(TransitionNotPermitted):
        services.consultation_decide(consultation=consultation, actor=world.staff["police_liaison"], decision="decide_not_to_report")
    assert AuditEvent.objects.filter(action="police:consultation_transition:refused").exists()
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.HELD


def test_the_centre_cannot_record_the_talk_as_held_for_the_police(world):
    consultation = booked(world)
    with pytest.raises(TransitionNotPermitted):
        services.consultation_held(
            consultation=consultation, actor=world.staff["crisis_worker"], held_on=timezone.localdate(),
            companion_part="nobody", interpreter_attended=False, contact_route="via_centre",
        )


def test_a_contact_route_other_than_the_centre_names_the_units_own_number(world):
    consultation = booked(world)
    with pytest.raises(services.ConsultationError):
        services.consultation_held(
            consultation=consultation, actor=world.staff["police_liaison"], held_on=timezone.localdate(),
            companion_part="nobody", interpreter_attended=False, contact_route="unit_phone", contact_route_detail=" ",
        )


def test_a_booking_needs_a_time_in_the_future(world):
    consultation = plan(world)
    with pytest.raises(services.ConsultationError):
        services.consultation_book(
            consultation=consultation, actor=world.staff["crisis_worker"], proposed_for=timezone.now() - dt.timedelta(hours=1)
        )


def other_police_officer(world):
    unit = Organisation.objects.create(name="Police zone Antwerp (test)", kind=OrganisationKind.POLICE_UNIT, jurisdiction="BE")
    return account_services.staff_create_directly(
        organisation=unit, username="antwerp_officer", password="a long enough password 123!", roles=[Role.POLICE_LIAISON],
        actor=Actor.system("test"),
    )


def test_a_police_user_opens_only_consultations_addressed_to_their_unit(world):
    consultation = booked(world)
    stranger = other_police_officer(world)
    assert selectors.police_inbox(stranger) == []
    with pytest.raises(Http404):
        selectors.consultation_for_unit(actor=stranger, consultation_id=consultation.public_id)
    refused = AuditEvent.objects.get(action="police:consultation:access_refused")
    assert refused.case_ref == "" and refused.actor_staff_id == stranger.pk


def test_when_the_partnership_ends_the_unit_no_longer_sees_the_consultations(world):
    booked(world)
    partnership = world.organisations["police"].partnerships_received.get()
    partner_services.partnership_revoke(actor=world.staff["case_manager"], partnership=partnership, reason="agreement ended")
    assert selectors.police_inbox(world.staff["police_liaison"]) == []


def test_opening_a_consultation_is_audited_and_told_to_the_person_without_the_police_seeing_the_case(world):
    consultation = booked(world)
    shown = selectors.police_consultation_open(actor=world.staff["police_liaison"], consultation_id=consultation.public_id)
    assert shown.pseudonym == consultation.pseudonym
    assert AuditEvent.objects.filter(
        action="police:consultation:opened", case_ref=str(world.cases["assigned"].public_id)
    ).exists()


@pytest.mark.parametrize("typed", ["Call Amina on 0470 12 34 56", "ask for Ahmed", "0470123456 Amina"])
def test_the_units_phone_number_leaves_no_room_for_words(world, typed):
    consultation = booked(world)
    with pytest.raises(services.ConsultationError):
        services.consultation_held(
            consultation=consultation, actor=world.staff["police_liaison"], held_on=timezone.localdate(),
            companion_part="nobody", interpreter_attended=False, contact_route="unit_phone", contact_route_detail=typed,
        )
