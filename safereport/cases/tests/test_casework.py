"""Case work: the protected status, key-message tracking, needs → care plan,
the summary sheet, the dashboard."""

import datetime as dt

import pytest
from django.utils import timezone

from conftest import sign_in
from safereport.audit.actors import Actor
from safereport.audit.models import AuditEvent
from safereport.cases import selectors as cs
from safereport.cases.models import (
    Appointment,
    CarePlanItem,
    Case,
    CaseStatus,
    ProtectedStatusError,
    ReportingStatus,
)
from safereport.cases.services import KeyMessageEntry, NeedsInput, casework, transitions

pytestmark = pytest.mark.django_db(databases="__all__")


def events(action):
    return AuditEvent.objects.filter(action=action)


# --- the protected state machine -------------------------------------------------


def test_assigning_the_status_directly_raises(world):
    case = world.cases["assigned"]
    with pytest.raises(ProtectedStatusError):
        case.status = CaseStatus.CLOSED
    with pytest.raises(ProtectedStatusError):
        Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.FIRST_CONTACT


def test_a_named_transition_changes_the_status_and_is_audited(world):
    case = world.cases["assigned"]
    transitions.case_transition(case=case, name="mark_seen", actor=world.staff["crisis_worker"])
    transitions.case_transition(case=case, name="start_care", actor=world.staff["crisis_worker"])
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_CARE
    assert list(events("cases:case:transition").values_list("details__transition", flat=True)) == ["mark_seen", "start_care"]


def test_a_transition_from_the_wrong_state_is_refused_and_changes_nothing(world):
    case = world.cases["assigned"]
    with pytest.raises(transitions.TransitionNotAllowed):
        transitions.case_transition(case=case, name="reopen", actor=world.staff["crisis_worker"])
    assert Case.objects.get(pk=case.pk).status == CaseStatus.FIRST_CONTACT
    assert not events("cases:case:transition").exists()


def test_a_closed_case_can_be_reopened(world):
    case = world.cases["assigned"]
    transitions.case_transition(case=case, name="close", actor=world.staff["case_manager"])
    transitions.case_transition(case=case, name="reopen", actor=world.staff["case_manager"])
    assert Case.objects.get(pk=case.pk).status == CaseStatus.IN_CARE


def test_every_transition_in_the_table_targets_a_known_status():
    for transition in transitions.TRANSITIONS.values():
        assert transition.target in CaseStatus.values
        assert transition.sources, transition
        assert transition.sources <= set(CaseStatus.values)


def test_the_person_sets_their_reporting_status_and_the_log_says_it_was_them(world):
    case = world.cases["assigned"]
    transitions.reporting_status_set(case=case, status=ReportingStatus.THINKING, actor=Actor.victim())
    event = events("cases:reporting_status:set").get()
    assert event.actor_kind == "victim" and event.details["as_told_by_person"] is False
    assert Case.objects.get(pk=case.pk).reporting_status == ReportingStatus.THINKING


# --- key messages ------------------------------------------------------------------


def _encounter(world, who, entries, when):
    return casework.encounter_record_with_key_messages(
        case=world.cases["assigned"],
        professional=world.staff[who],
        kind="visit",
        occurred_at=when,
        texts={"notes_sealed": "Offered water; took a break."},
        key_messages=entries,
        breaks_taken=1,
    )


def test_a_second_professional_is_prompted_when_the_first_did_not_confirm_understanding(world):
    now = timezone.now()
    _encounter(
        world,
        "crisis_worker",
        [
            KeyMessageEntry("no-immigration-contact", given=True, understanding="not_checked"),
            KeyMessageEntry("your-choice", given=True, understanding="understood"),
        ],
        now - dt.timedelta(hours=2),
    )
    progress = {p.slug: p for p in cs.key_message_progress(case=world.cases["assigned"])}
    assert progress["no-immigration-contact"].state == "not_confirmed"
    # The doctor opens the encounter form and sees the prompt.
    client = sign_in(__import__("django.test", fromlist=["Client"]).Client(), world.staff["doctor"])
    page = client.get(f"/staff/cases/{world.cases['assigned'].public_id}/encounters/new/").content.decode()
    assert "Told, but understanding not confirmed" in page
    prompts = page[page.index('id="prompts"') : page.index("</section>", page.index('id="prompts"'))]
    assert progress["no-immigration-contact"].title in prompts


def test_not_understood_means_repeat_and_a_later_check_clears_it(world):
    now = timezone.now()
    _encounter(world, "crisis_worker", [KeyMessageEntry("first-visit", given=True, understanding="not_understood")], now - dt.timedelta(days=1))
    progress = {p.slug: p for p in cs.key_message_progress(case=world.cases["assigned"])}
    assert progress["first-visit"].state == "repeat"
    _encounter(world, "doctor", [KeyMessageEntry("first-visit", given=True, understanding="understood")], now)
    progress = {p.slug: p for p in cs.key_message_progress(case=world.cases["assigned"])}
    assert progress["first-visit"].state == "understood"
    assert progress["first-visit"].times_given == 2 and len(progress["first-visit"].professionals) == 2


def test_safety_messages_are_prompted_again_even_when_understood_once(world):
    _encounter(world, "crisis_worker", [KeyMessageEntry("no-immigration-contact", given=True, understanding="understood")], timezone.now())
    progress = {p.slug: p for p in cs.key_message_progress(case=world.cases["assigned"])}
    assert progress["no-immigration-contact"].state == "say_again_later"


def test_key_messages_record_exactly_which_words_were_given(world):
    encounter = _encounter(world, "crisis_worker", [KeyMessageEntry("your-choice", given=True)], timezone.now())
    record = encounter.key_messages.get()
    assert record.reference.startswith("your-choice@") and "#" in record.reference


def test_an_unknown_key_message_is_refused(world):
    with pytest.raises(ValueError):
        _encounter(world, "crisis_worker", [KeyMessageEntry("made-up", given=True)], timezone.now())


# --- needs → care plan ---------------------------------------------------------------


def test_the_assessment_drafts_a_care_plan_with_owners_and_dates(world):
    case = world.cases["assigned"]
    casework.needs_assessment_record(
        case=case,
        actor=world.staff["doctor"],
        needs=NeedsInput(
            accommodation_needed=True,
            accommodation_types=["women_only", "high_security"],
            basic_needs=["money", "food", "clothes", "medication"],
            family_abroad_threatened=True,
            threatened=True,
            self_harm="thoughts",
            migration_needs=["may_leave_soon"],
            safety_notes="People are looking for her.",
        ),
    )
    items = {i.kind: i for i in CarePlanItem.objects.filter(case=case)}
    today = timezone.localdate()
    # Exactly what these answers call for: no psychological or legal item was asked for.
    assert set(items) == {"accommodation", "medication", "basic_needs", "safety", "follow_up_call", "information"}
    assert items["follow_up_call"].due_on == today + dt.timedelta(days=2)
    assert items["information"].due_on == today
    assert all(i.owner == world.staff["doctor"] for i in items.values())
    assert events("cases:needs:assessed").get().details["self_harm_risk"] is True


def test_a_second_assessment_does_not_duplicate_open_items(world):
    case = world.cases["assigned"]
    needs = NeedsInput(accommodation_needed=True)
    casework.needs_assessment_record(case=case, actor=world.staff["doctor"], needs=needs)
    casework.needs_assessment_record(case=case, actor=world.staff["doctor"], needs=needs)
    assert CarePlanItem.objects.filter(case=case, kind="accommodation").count() == 1


def test_crisis_numbers_given_keep_only_known_lines(world):
    case = casework.crisis_numbers_record_given(case=world.cases["assigned"], actor=world.staff["doctor"], number_ids=["eu-112", "bogus"])
    assert case.crisis_numbers_given == ["eu-112"]


# --- summary sheet -----------------------------------------------------------------------


def _prepare_summary(world, language):
    case = world.cases["assigned"]
    Case.objects.filter(pk=case.pk).update(preferred_language=language)
    case.refresh_from_db()
    _encounter(world, "crisis_worker", [KeyMessageEntry("your-choice", given=True, understanding="understood")], timezone.now())
    casework.crisis_numbers_record_given(case=case, actor=world.staff["doctor"], number_ids=["eu-112"])
    Appointment.objects.create(case=case, kind="medical", status="confirmed", proposed_for=timezone.now() + dt.timedelta(days=1))
    return case


def test_the_summary_is_in_the_persons_language_and_the_safe_variant_names_no_service(world, client):
    case = _prepare_summary(world, "ar")
    sign_in(client, world.staff["crisis_worker"])
    full = client.get(f"/staff/cases/{case.public_id}/summary/").content.decode()
    assert 'lang="ar" dir="rtl"' in full and "ما تحدثنا عنه" in full and "112" in full
    assert world.organisations["ghent"].name in full
    safe = client.get(f"/staff/cases/{case.public_id}/summary/?variant=safe").content.decode()
    assert "112" in safe
    for word in (world.organisations["ghent"].name, "ما تحدثنا عنه", "الشرطة", "centre", "Care", "SafeReport"):
        assert word not in safe
    assert events("cases:summary:printed").count() == 2


@pytest.mark.parametrize("variant", ["", "?variant=safe"])
def test_the_summary_pdf_renders(world, client, variant):
    case = _prepare_summary(world, "ar")
    sign_in(client, world.staff["crisis_worker"])
    response = client.get(f"/staff/cases/{case.public_id}/summary.pdf{variant}")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


# --- dashboard -----------------------------------------------------------------------------


def test_the_dashboard_shows_my_cases_waiting_messages_follow_ups_and_todays_appointments(world, client, django_assert_max_num_queries):
    case = world.cases["assigned"]
    casework.needs_assessment_record(case=case, actor=world.staff["crisis_worker"], needs=NeedsInput(self_harm="plan"))
    Case.objects.filter(pk=case.pk).update(last_victim_message_at=timezone.now())
    Appointment.objects.create(case=case, kind="medical", status="confirmed", proposed_for=timezone.now())
    board = cs.dashboard_for(world.staff["crisis_worker"])
    assert case in board.my_cases and case in board.unanswered
    assert [i.kind for i in board.follow_ups_due] == ["follow_up_call"]
    assert [a.case_id for a in board.appointments_today] == [case.pk]
    assert cs.dashboard_for(world.staff["utrecht_worker"]).my_cases == [world.cases["utrecht"]]
    sign_in(client, world.staff["crisis_worker"])
    with django_assert_max_num_queries(12):
        page = client.get("/staff/cases/dashboard/").content.decode()
    assert case.code in page


def test_the_arabic_summary_pdf_looks_right_as_an_image(world, client, tmp_path):
    """Rendered to PNG (pdftoppm) and looked at: Arabic glyphs from an Arabic
    font, right-aligned lines. Looked at by eye on writing this test too."""
    import shutil
    import subprocess

    from PIL import Image

    if not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils not installed")
    case = _prepare_summary(world, "ar")
    sign_in(client, world.staff["crisis_worker"])
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(client.get(f"/staff/cases/{case.public_id}/summary.pdf").content)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout  # noqa: S603,S607
    assert "Arabic" in fonts  # shaped by an Arabic font, not boxes from a Latin one
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)  # noqa: S603,S607
    image = Image.open(tmp_path / "page.png").convert("L")
    width, height = image.size
    # The heading's ink: find the first row band with dark pixels; in RTL it hugs the right margin.
    pixels = image.load()
    dark_columns = [x for y in range(height // 6) for x in range(width) if pixels[x, y] < 128]
    assert dark_columns, "the page is blank"
    assert max(dark_columns) > width * 0.75 and min(dark_columns) > width * 0.25
