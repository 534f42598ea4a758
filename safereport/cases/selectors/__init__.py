"""Reads of cases, always scoped to the person asking. Split by concern:

- `cases`: who may see which case, the conversation and appointments, the inbox;
- `casework`: dashboard, key-message progress, encounters, needs, care plan;
- `page`: everything the case page shows of case work, in a constant number of queries;
- `summary`: the summary sheet the person takes home (and its safe-to-carry variant).
"""

from safereport.cases.selectors.cases import (
    ShownAppointment,
    ShownMessage,
    appointment_get_for,
    appointment_of_case,
    appointments_for_victim,
    case_get_for,
    case_open_for,
    cases_visible_to,
    contact_preferences_for_staff,
    conversation_for_staff,
    conversation_for_victim,
    inbox_for,
)
from safereport.cases.selectors.casework import (
    REPEAT_AT_DIFFERENT_TIMES,
    Dashboard,
    EncounterRow,
    MessageProgress,
    care_plan_item_get_for,
    care_plan_of,
    dashboard_for,
    encounter_get_for,
    encounter_open_for_staff,
    encounters_of,
    key_message_progress,
    latest_needs_assessment,
    next_appointment,
    prompts_for_next_professional,
)
from safereport.cases.selectors.page import casework_context

__all__ = [
    "REPEAT_AT_DIFFERENT_TIMES",
    "Dashboard",
    "EncounterRow",
    "MessageProgress",
    "ShownAppointment",
    "ShownMessage",
    "appointment_get_for",
    "appointment_of_case",
    "appointments_for_victim",
    "care_plan_item_get_for",
    "care_plan_of",
    "case_get_for",
    "case_open_for",
    "cases_visible_to",
    "casework_context",
    "contact_preferences_for_staff",
    "conversation_for_staff",
    "conversation_for_victim",
    "dashboard_for",
    "encounter_get_for",
    "encounter_open_for_staff",
    "encounters_of",
    "inbox_for",
    "key_message_progress",
    "latest_needs_assessment",
    "next_appointment",
    "prompts_for_next_professional",
]
