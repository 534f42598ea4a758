"""Case work models. `case` holds the record the portal creates; `casework`
what professionals add (key messages, needs, care plan, police talk)."""

from safereport.cases.models.case import (
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    Case,
    CaseStatus,
    Companion,
    Encounter,
    EncounterKind,
    ErasedReceipt,
    HelpKind,
    PortalMessage,
    ProtectedStatusError,
    ReportingStatus,
    Sender,
    new_case_code,
)
from safereport.cases.models.casework import (
    CarePlanItem,
    CarePlanItemKind,
    CarePlanItemStatus,
    KeyMessageRecord,
    NeedsAssessment,
    PoliceTalk,
    PoliceTalkStatus,
    Understanding,
)
from safereport.cases.models.crime_types import CrimeType

__all__ = [
    "Appointment",
    "AppointmentKind",
    "AppointmentStatus",
    "CarePlanItem",
    "CarePlanItemKind",
    "CarePlanItemStatus",
    "Case",
    "CaseStatus",
    "Companion",
    "CrimeType",
    "Encounter",
    "EncounterKind",
    "ErasedReceipt",
    "HelpKind",
    "KeyMessageRecord",
    "NeedsAssessment",
    "PoliceTalk",
    "PoliceTalkStatus",
    "PortalMessage",
    "ProtectedStatusError",
    "ReportingStatus",
    "Sender",
    "Understanding",
    "new_case_code",
]
