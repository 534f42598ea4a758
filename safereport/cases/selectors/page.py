"""What the case page shows of case work. A constant number of queries,
however many encounters the case has (bench/casework.py checks)."""

from django.utils.translation import get_language

from safereport.accounts.models import StaffUser
from safereport.audit.models import AuditEvent
from safereport.cases import forms
from safereport.cases.models import Case, CaseStatus, NeedsAssessment
from safereport.cases.sealing import language_shown, open_sealed
from safereport.cases.selectors import casework as cs
from safereport.cases.services.transitions import CLOSE_REASONS, transitions_from
from safereport.content import selectors as content


def casework_context(*, case: Case, actor: StaffUser, show_all_encounters: bool = False) -> dict:
    encounters, encounter_total = cs.encounters_of(case=case, show_all=show_all_encounters)
    progress = cs.key_message_progress(case=case)
    lines = content.crisis_numbers_for(jurisdiction=case.care_centre.jurisdiction, language=get_language() or "en")
    assessment = cs.latest_needs_assessment(case=case)
    return {
        "transitions": transitions_from(case.status),
        # The current status is printed above the form; the form itself starts on "Choose one" (issue 13 §5).
        "reporting_form": forms.ReportingStatusForm(),
        # Starts on what is recorded ("not recorded" for a new record): changing it is a choice, never a default.
        "crime_type_form": forms.CrimeTypeForm(initial={"crime_type": case.crime_type}),
        # The name is shown to the people who may see the case; opening it is part of the case-opened event.
        "name_as_given": open_sealed(case=case, record=case, field="name_as_given_sealed"),
        # Likewise the interpreter language, or the name of another one the person gave.
        "interpreter": language_shown(case=case, record=case, field="interpreter_language"),
        "encounters": encounters,
        "encounter_total": encounter_total,
        "key_message_progress": progress,
        "prompts": cs.prompts_for_next_professional(progress),
        "assessment": assessment,
        "assessment_labels": _assessment_labels(assessment),
        "care_plan": cs.care_plan_of(case=case, actor=actor),
        "care_plan_form": forms.CarePlanItemForm(organisation=case.care_centre),
        "crisis_lines": lines,
        "crisis_form": forms.CrisisNumbersForm(lines=lines, initial={"numbers": case.crisis_numbers_given}),
        "police_talks": list(case.police_talks.all()[:10]),
        "police_talk_form": forms.PoliceTalkForm(),
        "close_reason": close_reason_of(case),
    }


def close_reason_of(case: Case) -> str:
    """Why a closed case was closed, in words, from the audit event that closed it (issue 13 §11); "" otherwise."""
    if case.status != CaseStatus.CLOSED:
        return ""
    event = (
        AuditEvent.objects.filter(case_ref=str(case.public_id), action="cases:case:transition", details__to=CaseStatus.CLOSED)
        .order_by("-pk")
        .first()
    )
    reason = (event.details or {}).get("reason", "") if event is not None else ""
    return str(CLOSE_REASONS.get(reason, ""))


def _assessment_labels(assessment: NeedsAssessment | None) -> dict[str, list[str]]:
    if assessment is None:
        return {}
    return {
        "accommodation": [
            str(NeedsAssessment.ACCOMMODATION_TYPES[k]) for k in assessment.accommodation_types
        ],
        "migration": [str(NeedsAssessment.MIGRATION_NEEDS[k]) for k in assessment.migration_needs],
        "basic": [str(NeedsAssessment.BASIC_NEEDS[k]) for k in assessment.basic_needs],
    }
