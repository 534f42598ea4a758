"""Changes to cases, each a keyword-only function that writes its audit event
in the same transaction. Split by concern:

- `cases`: the record the portal opens, the conversation, appointments, encounters, assignment;
- `casework`: key messages, needs assessment, care plan, crisis numbers, the informal police talk;
- `transitions`: the case status (named transitions only) and the person's own reporting status.
"""

from safereport.cases.services.cases import (
    ENCOUNTER_TEXT_FIELDS,
    PortalContact,
    ReceiptFound,
    appointment_answer,
    appointment_propose,
    appointment_request,
    case_assign,
    case_find_by_receipt,
    case_open_from_portal,
    case_take_and_reply,
    encounter_record,
    message_post_notice,
    message_reply,
    message_send_from_centre,
    message_send_from_victim,
    receipt_find,
    receipt_retire,
)
from safereport.cases.services.casework import (
    KeyMessageEntry,
    NeedsInput,
    care_plan_item_add,
    care_plan_item_set_status,
    crime_type_record,
    crisis_numbers_record_given,
    encounter_record_with_key_messages,
    name_as_given_set,
    needs_assessment_record,
    police_talk_request,
)
from safereport.cases.services.transitions import (
    TransitionNotAllowed,
    case_close,
    case_transition,
    reporting_status_set,
    transitions_from,
)

__all__ = [
    "ENCOUNTER_TEXT_FIELDS",
    "KeyMessageEntry",
    "NeedsInput",
    "PortalContact",
    "ReceiptFound",
    "TransitionNotAllowed",
    "appointment_answer",
    "appointment_propose",
    "appointment_request",
    "care_plan_item_add",
    "care_plan_item_set_status",
    "case_assign",
    "case_take_and_reply",
    "case_find_by_receipt",
    "case_open_from_portal",
    "case_close",
    "case_transition",
    "crime_type_record",
    "crisis_numbers_record_given",
    "encounter_record",
    "encounter_record_with_key_messages",
    "message_post_notice",
    "message_reply",
    "message_send_from_centre",
    "message_send_from_victim",
    "name_as_given_set",
    "needs_assessment_record",
    "police_talk_request",
    "receipt_find",
    "receipt_retire",
    "reporting_status_set",
    "transitions_from",
]
