"""A relief procedure, carried by an organisation the person named: steps, clocks, certification requests."""

import datetime as dt

import pytest
from django.http import Http404

from safereport.audit.models import AuditEvent
from safereport.relief import selectors, services
from safereport.relief.models import (
    CertificationStatus,
    ChecklistItem,
    ClockKind,
    ItemStatus,
    ProcedureStatus,
    StepRecord,
)
from safereport.relief.policies import Stage
from safereport.relief.tests.conftest import agency, named, open_procedure, person_unlocks

pytestmark = pytest.mark.django_db(databases="__all__")


def test_a_legal_service_the_person_did_not_name_cannot_open_a_procedure_and_the_refusal_is_audited(world):
    with pytest.raises(services.ReliefError):
        open_procedure(world)
    assert AuditEvent.objects.filter(action="relief:procedure_open:refused").count() == 1


def test_the_person_names_the_legal_service_and_its_lawyer_opens_a_u_visa_procedure(lawyer_named):
    world = lawyer_named
    procedure = open_procedure(world)
    assert procedure.status == ProcedureStatus.PREPARING
    assert set(ChecklistItem.objects.filter(procedure=procedure).values_list("item", flat=True)) >= {
        "form_i918", "supplement_b", "personal_statement",
    }
    assert AuditEvent.objects.filter(action="relief:procedure:opened").count() == 1


def test_withdrawn_consent_closes_the_door(lawyer_named):
    world = lawyer_named
    procedure = open_procedure(world)
    named(world, "legal", decision="withdrawn")
    with pytest.raises(Http404):
        selectors.procedure_get(actor=world.staff["lawyer"], procedure_id=procedure.public_id)


def test_an_ngo_the_person_did_not_name_sees_nothing(lawyer_named):
    world = lawyer_named
    procedure = open_procedure(world)
    with pytest.raises(Http404):
        selectors.procedure_get(actor=world.staff["ngo_advocate"], procedure_id=procedure.public_id)


def test_an_immigration_body_cannot_be_entered_as_a_certifying_agency(lawyer_named):
    with pytest.raises(services.ReliefError):
        agency(lawyer_named, name="U.S. Immigration and Customs Enforcement")
    assert AuditEvent.objects.filter(action="relief:agency_add:refused").count() == 1


def test_illinois_u_visa_request_no_answer_overdue_denial_with_reason_appeal_within_30_business_days(lawyer_named):
    world = lawyer_named
    lawyer = world.staff["lawyer"]
    procedure = open_procedure(world)
    request = services.certification_create(
        actor=lawyer, procedure=procedure, agency=agency(world), form="I-918B", official_role="designee",
        requested_by="attorney", law="US-IL-VOICES", family_loss_on=None,
    )
    services.certification_submit(actor=lawyer, request=request, submitted_on=dt.date(2026, 11, 2))
    assert selectors.certification_due(request).due_on == dt.date(2027, 3, 19)  # 90 business days
    # During an unlock the person granted, the lawyer learns they are in removal proceedings: 21 business days.
    person_unlocks(world)
    services.certification_act(
        actor=lawyer, request=request, action="in_confidence", on=dt.date(2026, 11, 3), reason="", today=dt.date(2026, 11, 3)
    )
    [due] = request.clocks.all()
    assert due.kind == ClockKind.RESPONSE and due.rule == "US-IL-VOICES"
    # Mon 2 Nov 2026 + 21 business days in Illinois skips Election Day (3 Nov), Veterans Day and Thanksgiving.
    assert due.due_on == dt.date(2026, 12, 4)
    assert "5 ILCS 825" in due.legal_source
    [reminder] = selectors.reminders_for(lawyer, today=dt.date(2026, 12, 1))
    assert reminder.stage is Stage.WITHIN_7 and reminder.legal_source == due.legal_source
    with pytest.raises(services.ReliefError):
        services.certification_no_response(actor=lawyer, request=request, today=dt.date(2026, 12, 4))
    [reminder] = selectors.reminders_for(lawyer, today=dt.date(2026, 12, 5))
    assert reminder.stage is Stage.OVERDUE
    services.certification_no_response(actor=lawyer, request=request, today=dt.date(2026, 12, 5))
    services.certification_deny(actor=lawyer, request=request, denied_on=dt.date(2026, 12, 10), reason="not_helpful")
    request.refresh_from_db()
    assert request.status == CertificationStatus.DENIED and request.denial_reason == "not_helpful"
    services.certification_appeal(actor=lawyer, request=request, filed_on=dt.date(2026, 12, 14))
    appeal = request.clocks.get(kind=ClockKind.APPEAL_ANSWER)
    # 30 business days from Mon 14 Dec 2026: Christmas, New Year's Day and Martin Luther King Day do not count.
    assert appeal.due_on == dt.date(2027, 1, 28)
    services.certification_appeal_answer(actor=lawyer, request=request, answered_on=dt.date(2027, 1, 20), signed=True)
    request.refresh_from_db()
    assert request.status == CertificationStatus.APPEAL_SIGNED
    # The signature starts its own clock: file within 6 months.
    [validity] = procedure.clocks.filter(stopped_on__isnull=True)
    assert validity.rule == "signature_validity" and validity.due_on == dt.date(2027, 7, 20)
    actions = list(AuditEvent.objects.filter(action="relief:certification:transition").values_list("details", flat=True))
    assert [a["transition"] for a in actions] == ["submit", "record_no_response", "deny", "appeal", "appeal_sign"]


def test_a_california_request_with_a_family_member_losing_eligibility_gets_7_days(lawyer_named):
    world = lawyer_named
    lawyer = world.staff["lawyer"]
    procedure = open_procedure(world)
    request = services.certification_create(
        actor=lawyer, procedure=procedure, agency=agency(world, name="Los Angeles Police Department (demo)"),
        form="I-918B", official_role="head", requested_by="attorney", law="US-CA-PC-679.10",
        family_loss_on=dt.date(2026, 3, 1),
    )
    services.certification_submit(actor=lawyer, request=request, submitted_on=dt.date(2026, 2, 1))
    due = selectors.certification_due(request)
    assert due.kind == ClockKind.FAMILY_LOSS_RESPONSE and due.due_on == dt.date(2026, 2, 8)


def test_italian_article_18_social_path_from_proposal_to_questura_decision(lawyer_named):
    world = lawyer_named
    lawyer = world.staff["lawyer"]
    procedure = open_procedure(world, "IT-18")
    services.procedure_step_record(actor=lawyer, procedure=procedure, step="proposal", done_on=dt.date(2026, 3, 2))
    procedure.refresh_from_db()
    assert procedure.status == ProcedureStatus.UNDER_WAY
    [clock] = procedure.clocks.all()
    assert clock.due_on == dt.date(2026, 5, 1) and clock.binding is False
    for step in ("questore_review", "prosecutor_opinion", "programme_submitted", "adherence_signed", "host_acceptance"):
        services.procedure_step_record(actor=lawyer, procedure=procedure, step=step, done_on=dt.date(2026, 4, 1))
    services.checklist_item_set(actor=lawyer, procedure=procedure, item="programme", status=ItemStatus.IN_HAND)
    services.procedure_step_record(actor=lawyer, procedure=procedure, step="permit_issued", done_on=dt.date(2026, 4, 20))
    procedure.refresh_from_db()
    assert procedure.status == ProcedureStatus.GRANTED
    assert not procedure.clocks.filter(stopped_on__isnull=True).exists()
    assert StepRecord.objects.filter(procedure=procedure).count() == 7


def test_spanish_31_bis_path_and_its_three_month_negative_silence(lawyer_named):
    world = lawyer_named
    lawyer = world.staff["lawyer"]
    procedure = open_procedure(world, "ES-31BIS")
    services.procedure_step_record(actor=lawyer, procedure=procedure, step="report_filed", done_on=dt.date(2026, 5, 4))
    services.procedure_step_record(
        actor=lawyer, procedure=procedure, step="protection_order_or_prosecutor_report", done_on=dt.date(2026, 5, 20)
    )
    services.procedure_step_record(actor=lawyer, procedure=procedure, step="provisional_permit_applied", done_on=dt.date(2026, 5, 29))
    [clock] = procedure.clocks.filter(stopped_on__isnull=True)
    assert clock.due_on == dt.date(2026, 8, 29) and "Disposición adicional primera" in clock.legal_source
    page = selectors.procedure_page(procedure, today=dt.date(2026, 8, 1))
    assert page.next_clock.clock == clock and page.next_step.id == "provisional_permit_granted"
    services.procedure_step_record(actor=lawyer, procedure=procedure, step="provisional_permit_granted", done_on=dt.date(2026, 7, 1))
    services.procedure_step_record(actor=lawyer, procedure=procedure, step="criminal_case_closed", done_on=dt.date(2027, 6, 1))
    services.procedure_step_record(actor=lawyer, procedure=procedure, step="five_year_permit", done_on=dt.date(2027, 7, 1))
    procedure.refresh_from_db()
    assert procedure.status == ProcedureStatus.GRANTED
    assert list(AuditEvent.objects.filter(action="relief:procedure:transition").values_list("details", flat=True)) == [
        {"transition": "start", "from": "preparing", "to": "under_way"},
        {"transition": "grant", "from": "under_way", "to": "granted"},
    ]


def test_the_earliest_clock_is_the_one_reminded(lawyer_named):
    world = lawyer_named
    lawyer = world.staff["lawyer"]
    procedure = open_procedure(world, "ES-31BIS")
    services.procedure_step_record(actor=lawyer, procedure=procedure, step="provisional_permit_applied", done_on=dt.date(2026, 5, 29))
    services.clock_add(actor=lawyer, procedure=procedure, kind="age_out", due_on=dt.date(2026, 6, 15), today=dt.date(2026, 6, 1))
    [reminder] = selectors.reminders_for(lawyer, today=dt.date(2026, 6, 1))
    assert reminder.kind == "age_out" and reminder.due_on == dt.date(2026, 6, 15) and reminder.stage is Stage.WITHIN_14


def test_a_police_officer_cannot_move_a_procedure(lawyer_named):
    world = lawyer_named
    procedure = open_procedure(world, "IT-18")
    with pytest.raises(services.TransitionNotPermitted):
        services.procedure_withdraw(actor=world.staff["police_liaison"], procedure=procedure, on=dt.date(2026, 1, 6))
    assert AuditEvent.objects.filter(action="relief:procedure_transition:refused").count() == 1


def test_per_agency_figures_count_requests_answers_reasons_lateness_and_list_agencies_with_none(lawyer_named):
    from safereport.stats.selectors.registry import Scope
    from safereport.stats.selectors.relief import certifications_by_agency, median_days_to_answer

    world = lawyer_named
    lawyer = world.staff["lawyer"]
    procedure = open_procedure(world)
    chicago = agency(world)
    agency(world, name="Springfield Police Department (demo)")
    request = services.certification_create(
        actor=lawyer, procedure=procedure, agency=chicago, form="I-918B", official_role="designee",
        requested_by="attorney", law="US-IL-VOICES", family_loss_on=None,
    )
    services.certification_submit(actor=lawyer, request=request, submitted_on=dt.date(2026, 1, 5))
    services.certification_deny(actor=lawyer, request=request, denied_on=dt.date(2026, 9, 1), reason="not_helpful")
    services.certification_appeal(actor=lawyer, request=request, filed_on=dt.date(2026, 9, 2))
    counts = certifications_by_agency(Scope(year=2026), today=dt.date(2026, 12, 1))
    columns = list(counts.column_labels)
    chicago_row = dict(zip(columns, counts.values[list(counts.row_labels).index("Chicago Police Department (demo) (Illinois)")], strict=True))
    assert chicago_row["Requests"] == 1 and chicago_row["Signed"] == 0 and chicago_row["Appeals"] == 1
    assert chicago_row["Denied: Not helpful to the investigation, in the agency's view"] == 1
    # 90 business days from 5 Jan 2026 end in May; an answer on 1 Sep is late.
    assert chicago_row["Answered late or not at all, past the law's deadline"] == 1
    springfield = counts.values[list(counts.row_labels).index("Springfield Police Department (demo) (Illinois)")]
    assert sum(springfield) == 0
    medians = median_days_to_answer(Scope(year=2026))
    assert medians[chicago.pk] == (dt.date(2026, 9, 1) - dt.date(2026, 1, 5)).days


def test_the_reminder_pass_counts_each_open_procedure_once_at_its_earliest_clock(lawyer_named):
    world = lawyer_named
    lawyer = world.staff["lawyer"]
    today = dt.date(2026, 6, 1)
    first, second, closed = (open_procedure(world, "ES-31BIS") for _ in range(3))
    for procedure, due in ((first, dt.date(2026, 5, 30)), (second, dt.date(2026, 6, 10)), (closed, dt.date(2026, 6, 2))):
        services.clock_add(actor=lawyer, procedure=procedure, kind="age_out", due_on=due, today=today)
        services.clock_add(actor=lawyer, procedure=procedure, kind="age_out", due_on=due + dt.timedelta(days=3), today=today)
    services.procedure_withdraw(actor=lawyer, procedure=closed, on=today)
    counts = selectors.reminder_counts(today=today)
    assert counts["overdue"] == 1 and counts["within_14"] == 1 and sum(counts.values()) == 2
