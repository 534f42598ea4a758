"""Formal handover through the sharing policy, outcomes in codes and dates, and the per-unit figures for oversight."""

import pytest
from django.utils import timezone

from safereport.cases import services as case_services
from safereport.consent import services as consent_services
from safereport.consent.models import DisclosurePackage
from safereport.police import selectors, services
from safereport.police.models import ReportOutcome
from safereport.police.tests.conftest import booked

pytestmark = pytest.mark.django_db(databases="__all__")


def held_and_decided_to_report(world):
    case = world.cases["assigned"]
    case_services.encounter_record(
        case=case, professional=world.staff["doctor"], kind="visit", occurred_at=timezone.now(),
        texts={"account_sealed": "He grabbed me at the station.", "sexual_health_sealed": "Screening result: negative."},
    )
    consultation = booked(world)
    services.consultation_held(
        consultation=consultation, actor=world.staff["police_liaison"], held_on=timezone.localdate(),
        companion_part="general_part", interpreter_attended=False, contact_route="via_centre",
    )
    consent_services.consent_record(
        case=case, categories=["incident_account"], purpose="investigation", decision="given", understanding="understood",
        channel="staff", recipient_organisation=world.organisations["police"], explained_by=world.staff["crisis_worker"],
        language="en",
    )
    services.consultation_decide(consultation=consultation, actor=world.staff["crisis_worker"], decision="convert_to_report")
    return consultation


def test_the_handover_sends_exactly_what_the_person_agreed_through_the_sharing_policy(world):
    consultation = held_and_decided_to_report(world)
    services.consultation_hand_over(consultation=consultation, actor=world.staff["crisis_worker"])
    consultation.refresh_from_db()
    package = DisclosurePackage.objects.get(pk=consultation.package_id)
    assert package.recipient == world.organisations["police"] and package.categories == ["incident_account"]
    with pytest.raises(services.ConsultationError):
        services.consultation_hand_over(consultation=consultation, actor=world.staff["crisis_worker"])


def test_the_unit_records_outcomes_as_codes_and_dates_and_the_person_can_read_them(world):
    consultation = held_and_decided_to_report(world)
    officer = world.staff["police_liaison"]
    with pytest.raises(services.ReportError):  # not handed over yet
        services.outcome_record(actor=officer, code="registered", occurred_on=timezone.localdate(), consultation=consultation)
    services.consultation_hand_over(consultation=consultation, actor=world.staff["crisis_worker"])
    consultation.refresh_from_db()
    services.outcome_record(actor=officer, code="registered", occurred_on=timezone.localdate(), consultation=consultation)
    services.outcome_record(actor=officer, code="investigation", occurred_on=timezone.localdate(), consultation=consultation)
    assert [o.code for o in selectors.outcomes_for_person(world.cases["assigned"])] == ["registered", "investigation"]
    assert {f.name for f in ReportOutcome._meta.get_fields()} <= {
        "id", "public_id", "created_at", "police_unit", "consultation", "report", "code", "occurred_on", "recorded_by",
    }


def test_the_figures_count_per_unit_and_a_unit_that_says_nothing_is_visible_as_such(world):
    booked(world)
    case = world.cases["assigned"]
    first = services.report_file(
        case=case, actor=world.staff["crisis_worker"], police_unit=world.organisations["police"], identity="none",
        reference="R-1", venue="police",
    )
    services.report_file(
        case=case, actor=world.staff["crisis_worker"], police_unit=world.organisations["police"], identity="none",
        reference="R-2", venue="police",
    )
    [silent] = selectors.unit_figures(unit_ids=[world.organisations["police"].pk])
    assert silent.consultations_requested == 1 and silent.reports_received == 2
    assert silent.immigration_actions == {"none": 0} and silent.median_days_to_reply is None
    services.report_reply(
        report=first, actor=world.staff["police_liaison"], record_type="incident", contact_policy="via_intermediary",
        investigation_started=False, reason="person_not_engaging", replied_on=timezone.localdate(), immigration_action="none",
    )
    [figures] = selectors.unit_figures(unit_ids=[world.organisations["police"].pk])
    assert figures.immigration_actions == {"none": 1}
    assert figures.contact_policies == {"via_intermediary": 1}
    assert figures.median_days_to_reply == 0.0
    assert figures.consultations_held == 0 and figures.consultations_converted == 0


@pytest.mark.parametrize(
    ("histogram", "median"), [({}, None), ({3: 1}, 3.0), ({1: 1, 4: 1}, 2.5), ({0: 2, 7: 1}, 0.0), ({1: 1, 2: 2, 9: 1}, 2.0)]
)
def test_the_median_days_to_reply_is_read_from_the_databases_histogram(histogram, median):
    from collections import Counter

    assert selectors._median(Counter(histogram)) == median
