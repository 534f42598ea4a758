"""The pseudonymous case, its portal conversation, appointments and encounters.

A case holds no name, date of birth, nationality, document or residence
status field, and never will (DESIGN.md §3.2).
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from safereport.accounts.models import Organisation, StaffUser
from safereport.accounts.permissions import Permission
from safereport.cases.models.crime_types import CrimeType
from safereport.core.categories import BY_CENTRE_STAFF, BY_PERSON, DataCategory, WrittenBy
from safereport.core.languages import language_constraint, language_field, locale_choices
from safereport.core.models import PublicModel
from safereport.core.workflow import (
    ProtectedStateError,
    StateField,
    StateMachineModel,
    StateMachineQuerySet,
    transition,
)

# No vowels or look-alikes (0/O, 1/I/L): codes are read aloud over the phone
# and must never spell a word.
CASE_CODE_ALPHABET = "BCDFGHJKMNPQRSTVWXZ23456789"


def new_case_code() -> str:
    return "".join(secrets.choice(CASE_CODE_ALPHABET) for _ in range(8))


class CaseStatus(models.TextChoices):
    FIRST_CONTACT = "first_contact", _("First contact")
    SEEN = "seen", _("Seen")
    IN_CARE = "in_care", _("In care")
    REFERRED = "referred", _("Referred")
    CLOSED = "closed", _("Closed")


class ReportingStatus(models.TextChoices):
    """What the person has decided about the police. Theirs to say, never the centre's."""

    # Until the person says something, nothing is recorded for them (issue 13 §5).
    NOT_DECIDED = "not_decided", _("Not decided (the person has not said)")
    NOT_REPORTING = "not_reporting", _("Not reporting")
    THINKING = "thinking", _("Thinking about it")
    INFORMAL_TALK_ARRANGED = "informal_talk_arranged", _("Informal talk with the police arranged")
    REPORTED = "reported", _("Reported to the police")


# The case's name for the library-wide error (tests and callers import it from here).
ProtectedStatusError = ProtectedStateError


class HelpKind(models.TextChoices):
    HEALTH = "health", _("Medical care")
    EMOTIONAL = "emotional", _("Someone to talk to")
    REPORTING = "reporting", _("Information about going to the police")
    NOT_SURE = "not_sure", _("I am not sure yet")


class Companion(models.TextChoices):
    YES = "yes", _("Yes, someone will come with me")
    NO = "no", _("No")
    NOT_SURE = "not_sure", _("I do not know yet")


# Every status change is care work: the same permission the status view requires.
_CARE_WORK = Permission.CASES_CASE_UPDATE


class Case(StateMachineModel, PublicModel):
    code = models.CharField(max_length=16, unique=True, default=new_case_code)
    care_centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases")
    assigned_staff = models.ManyToManyField(StaffUser, related_name="assigned_cases", blank=True)
    # Changes only through the transitions below, applied by cases.services.transitions.case_transition.
    status = StateField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.FIRST_CONTACT)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    # The person's own decision about the police (§6.5 rec. 1): set by them in
    # the portal, or recorded by staff as what the person said; never inferred.
    reporting_status = models.CharField(
        max_length=30, choices=ReportingStatus.choices, default=ReportingStatus.NOT_DECIDED
    )
    # Any name the person chose to give (§6.2 scenario: none is fine).
    name_as_given_sealed = models.BinaryField(null=True, editable=False)
    # Crisis line ids (content library) handed to the person, and when.
    crisis_numbers_given = models.JSONField(default=list, blank=True)
    crisis_numbers_given_at = models.DateTimeField(null=True, blank=True)

    # Portal contact. Deliberately nothing that identifies: no name, birth
    # date, nationality, document or residence status (DESIGN.md §3.2).
    receipt_lookup = models.CharField(max_length=64, unique=True, null=True, editable=False)
    preferred_language = language_field(choices=locale_choices)
    # A language from the list; the name of any other language is sealed
    # (core.languages, cases.sealing.language_set).
    interpreter_language = language_field()
    interpreter_language_other_sealed = models.BinaryField(null=True, editable=False)
    companion = models.CharField(max_length=10, choices=Companion.choices, blank=True)
    help_kinds = models.JSONField(default=list, blank=True)
    # Recorded by staff as the person said it, or "not recorded"; counted in statistics only (ADR 0031 §10).
    crime_type = models.CharField(max_length=40, choices=CrimeType.choices, default=CrimeType.NOT_RECORDED)
    may_contact = models.BooleanField(default=False)
    may_leave_message = models.BooleanField(default=False)
    contact_preferences_sealed = models.BinaryField(null=True, editable=False)
    last_victim_message_at = models.DateTimeField(null=True, blank=True)
    last_centre_reply_at = models.DateTimeField(null=True, blank=True)

    @property
    def help_kind_labels(self) -> list[str]:
        """What the person asked for, in words (issue 13 §12)."""
        return [str(HelpKind(kind).label) if kind in HelpKind.values else kind for kind in self.help_kinds]

    sensitive_fields = {
        "contact_preferences_sealed": DataCategory.CONTACT_DETAILS,
        "name_as_given_sealed": DataCategory.CONTACT_DETAILS,
        "interpreter_language_other_sealed": DataCategory.NEEDS_AND_SUPPORT,
    }
    written_by = {
        "contact_preferences_sealed": BY_PERSON,  # the portal's contact form
        "name_as_given_sealed": BY_CENTRE_STAFF,  # typed by staff; who is not kept
        "interpreter_language_other_sealed": BY_PERSON,  # named by the person in the contact form
    }

    objects = StateMachineQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["care_centre", "status"]),
            models.Index(fields=["care_centre", "created_at"]),
            models.Index(fields=["care_centre", "last_victim_message_at"]),
            # Statistics (ADR 0031): each grouped count reads one of these in its own order, never a case row.
            models.Index(fields=["care_centre", "reporting_status", "created_at"], name="case_stats_decision"),
            models.Index(fields=["care_centre", "preferred_language", "created_at"], name="case_stats_language"),
            models.Index(fields=["care_centre", "help_kinds", "created_at"], name="case_stats_help"),
            models.Index(fields=["care_centre", "crime_type", "created_at"], name="case_stats_crime_type"),
        ]
        constraints = [
            language_constraint("interpreter_language", name="case_interpreter_language_in_list"),
            # A code from the list, whatever writes the row: never typed words about what happened.
            models.CheckConstraint(
                condition=models.Q(crime_type__in=CrimeType.values), name="case_crime_type_in_list"
            ),
        ]

    def __str__(self) -> str:
        return f"Case {self.code}"

    # --- the status workflow --------------------------------------------------
    #   first contact ─mark_seen→ seen ─start_care→ in care ─refer→ referred
    #        └──────────────start_care──────────────┘         ↘ close → closed
    #   closed ─reopen→ in care;  referred ─resume_care→ in care

    @transition(
        status,
        source=CaseStatus.FIRST_CONTACT,
        target=CaseStatus.SEEN,
        label=_("Mark as seen"),
        permission=_CARE_WORK,
    )
    def mark_seen(self) -> None:
        """A professional has answered the first contact."""

    @transition(
        status,
        source=[CaseStatus.FIRST_CONTACT, CaseStatus.SEEN],
        target=CaseStatus.IN_CARE,
        label=_("Start care"),
        permission=_CARE_WORK,
    )
    def start_care(self) -> None:
        """Care has begun, with or without a separate first look."""

    @transition(
        status,
        source=[CaseStatus.SEEN, CaseStatus.IN_CARE],
        target=CaseStatus.REFERRED,
        label=_("Mark as referred on"),
        permission=_CARE_WORK,
    )
    def refer(self) -> None:
        """Another service has taken over the main part of the care."""

    @transition(
        status,
        source=CaseStatus.REFERRED,
        target=CaseStatus.IN_CARE,
        label=_("Back in care"),
        permission=_CARE_WORK,
    )
    def resume_care(self) -> None:
        """The person came back to the centre after a referral."""

    @transition(
        status,
        source=[CaseStatus.FIRST_CONTACT, CaseStatus.SEEN, CaseStatus.IN_CARE, CaseStatus.REFERRED],
        target=CaseStatus.CLOSED,
        label=_("Close"),
        permission=_CARE_WORK,
    )
    def close(self) -> None:
        """No more work is planned with the person."""

    @transition(
        status, source=CaseStatus.CLOSED, target=CaseStatus.IN_CARE, label=_("Reopen"), permission=_CARE_WORK
    )
    def reopen(self) -> None:
        """The person came back after the case was closed."""


class ErasedReceipt(models.Model):
    """The receipt-code hash of a record the person erased, and nothing else.

    So that someone typing the code of an erased record is told the record no
    longer exists, rather than "we could not find this code" (a typo?) or
    "you were away". No date, no centre, no link to any other row: it says
    only that this code once opened a record that is gone (docs/adr/0020).
    """

    lookup = models.CharField(max_length=64, unique=True, editable=False)

    def __str__(self) -> str:
        return "Erased receipt"


class Sender(models.TextChoices):
    VICTIM = "victim", _("You")
    CENTRE = "centre", _("The centre")


class PortalMessage(PublicModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    sender = models.CharField(max_length=10, choices=Sender.choices)
    # Staff author is kept for the centre's own records; the victim sees "the centre".
    author = models.ForeignKey(StaffUser, on_delete=models.SET_NULL, null=True, related_name="+")
    body_sealed = models.BinaryField(editable=False)
    read_by_centre_at = models.DateTimeField(null=True, blank=True)

    # The conversation is its own category, never the account of the incident:
    # it holds what the person asked for and what they did not want passed on,
    # and the centre's own replies (ADR 0016).
    sensitive_fields = {"body_sealed": DataCategory.CORRESPONDENCE}
    written_by = {"body_sealed": WrittenBy(staff="author", person_when=("sender", Sender.VICTIM.value))}

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Message {self.public_id}"


class AppointmentKind(models.TextChoices):
    FIRST_VISIT = "first_visit", _("A first visit to the centre")
    MEDICAL = "medical", _("Medical care")
    EXAMINATION = "examination", _("An examination to keep evidence")
    TALK = "talk", _("A talk with a counsellor")
    NOT_SURE = "not_sure", _("I am not sure")


class AppointmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Asked for; the centre will answer")
    PROPOSED = "proposed", _("The centre proposed a time")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("You asked for another time")
    CANCELLED = "cancelled", _("Cancelled")


class Appointment(PublicModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="appointments")
    kind = models.CharField(max_length=20, choices=AppointmentKind.choices)
    interpreter_language = language_field()
    interpreter_language_other_sealed = models.BinaryField(null=True, editable=False)
    companion = models.CharField(max_length=10, choices=Companion.choices, blank=True)
    access_needs_sealed = models.BinaryField(null=True, editable=False)
    safe_times_sealed = models.BinaryField(null=True, editable=False)
    status = models.CharField(max_length=12, choices=AppointmentStatus.choices, default=AppointmentStatus.REQUESTED)
    proposed_for = models.DateTimeField(null=True, blank=True)
    centre_note_sealed = models.BinaryField(null=True, editable=False)

    sensitive_fields = {
        "access_needs_sealed": DataCategory.NEEDS_AND_SUPPORT,
        "safe_times_sealed": DataCategory.CONTACT_DETAILS,
        "centre_note_sealed": DataCategory.NEEDS_AND_SUPPORT,
        "interpreter_language_other_sealed": DataCategory.NEEDS_AND_SUPPORT,
    }
    written_by = {
        "access_needs_sealed": BY_PERSON,
        "safe_times_sealed": BY_PERSON,
        "centre_note_sealed": BY_CENTRE_STAFF,  # the proposing professional is not kept on the row
        "interpreter_language_other_sealed": BY_PERSON,  # named by the person when asking for the visit
    }

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["proposed_for"])]
        constraints = [language_constraint("interpreter_language", name="appointment_interpreter_language_in_list")]

    def __str__(self) -> str:
        return f"Appointment {self.public_id}"


class EncounterKind(models.TextChoices):
    PHONE = "phone", _("Phone call")
    CHAT = "chat", _("Chat or portal messages")
    VISIT = "visit", _("Visit")
    FOLLOW_UP_CALL = "follow_up_call", _("Follow-up call")


class Encounter(PublicModel):
    """One contact between the person and a professional.

    What was said is split by data category, each in its own sealed field, so
    that consent and disclosure can work per category: a police package can
    hold the account and the injuries and never the sexual-health results.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="encounters")
    kind = models.CharField(max_length=20, choices=EncounterKind.choices)
    occurred_at = models.DateTimeField()
    professional = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="+")
    companion_present = models.BooleanField(default=False)
    interpreter_language = language_field()
    interpreter_language_other_sealed = models.BinaryField(null=True, editable=False)
    breaks_taken = models.PositiveSmallIntegerField(default=0)

    account_sealed = models.BinaryField(null=True, editable=False)
    injuries_sealed = models.BinaryField(null=True, editable=False)
    medical_history_sealed = models.BinaryField(null=True, editable=False)
    sexual_health_sealed = models.BinaryField(null=True, editable=False)
    mental_health_sealed = models.BinaryField(null=True, editable=False)
    safety_sealed = models.BinaryField(null=True, editable=False)
    notes_sealed = models.BinaryField(null=True, editable=False)

    sensitive_fields = {
        "account_sealed": DataCategory.INCIDENT_ACCOUNT,
        "injuries_sealed": DataCategory.INJURIES_FORENSIC_FINDINGS,
        "medical_history_sealed": DataCategory.MEDICAL_HISTORY,
        "sexual_health_sealed": DataCategory.SEXUAL_HEALTH_RESULTS,
        "mental_health_sealed": DataCategory.MENTAL_HEALTH,
        "safety_sealed": DataCategory.SAFETY_AND_RISK,
        "notes_sealed": DataCategory.NEEDS_AND_SUPPORT,
        "interpreter_language_other_sealed": DataCategory.NEEDS_AND_SUPPORT,
    }
    written_by = dict.fromkeys(sensitive_fields, WrittenBy(staff="professional"))

    class Meta:
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["case", "occurred_at"])]
        constraints = [language_constraint("interpreter_language", name="encounter_interpreter_language_in_list")]

    def __str__(self) -> str:
        return f"Encounter {self.public_id}"
