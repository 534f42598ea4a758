"""The police side (§6.5, COMPAS): informal consultations, and what police did with them.

A consultation is its own object, never a draft crime report (wave2-facts §2,
"Implications"): a talk the centre books at the person's wish with a
partnered police unit. The police unit sees a pseudonym made up for the
consultation (never the case's code, name or contact), the topics, the time,
the place and who comes along; the row's link to the case is for the centre
only, and the police pages are built from `selectors.PoliceConsultation`,
which has no field for it.

Nothing becomes a formal report without the person's recorded decision: the
only ways out of a held consultation are transitions the centre applies
(`convert_to_report` also needs a consent in force for that unit, see
services.consultation_decide).
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from safereport.accounts.models import Organisation, StaffUser
from safereport.accounts.permissions import Permission as P
from safereport.cases.models import Case, Companion, PoliceTalk
from safereport.consent.models import DisclosurePackage
from safereport.core.models import PublicModel
from safereport.core.workflow import StateField, StateMachineModel, StateMachineQuerySet, transition

# No 0/O or 1/I: the pseudonym is read aloud on the phone.
_PSEUDONYM_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_PSEUDONYM_DIGITS = "23456789"


def new_pseudonym() -> str:
    """A name for one consultation only, random: nothing of the case can be read from it."""
    letters = "".join(secrets.choice(_PSEUDONYM_LETTERS) for _ in range(3))
    digits = "".join(secrets.choice(_PSEUDONYM_DIGITS) for _ in range(3))
    return f"{letters}-{digits}"


class ConsultationStatus(models.TextChoices):
    CONSIDERING = "considering", _("Being considered")
    BOOKED = "booked", _("Booked")
    HELD = "held", _("Held")
    REFLECTION = "reflection", _("Time to think, as agreed with the person")
    NOT_REPORTING = "not_reporting", _("The person decided not to report")
    REPORT = "report", _("The person decided to report")
    INTELLIGENCE = "intelligence", _("Passed on as information only, no report")
    CANCELLED = "cancelled", _("Cancelled")


FINAL_STATUSES = frozenset(
    {
        ConsultationStatus.NOT_REPORTING,
        ConsultationStatus.REPORT,
        ConsultationStatus.INTELLIGENCE,
        ConsultationStatus.CANCELLED,
    }
)


class Place(models.TextChoices):
    CARE_CENTRE = "care_centre", _("At the care centre")
    POLICE_STATION = "police_station", _("At the police station")
    PHONE = "phone", _("By phone")
    VIDEO = "video", _("By video call")


class PoliceAnswer(models.TextChoices):
    ACCEPTED = "accepted", _("The police agreed to the time")
    OTHER_TIME = "other_time", _("The police proposed another time")


class CompanionPart(models.TextChoices):
    """Who attended which part (wave2-facts §2.1: a support person may be kept out of the substantive part)."""

    NOBODY = "nobody", _("Nobody came along")
    GENERAL_PART = "general_part", _("The general part only")
    WHOLE_TALK = "whole_talk", _("The whole talk")


class ContactRoute(models.TextChoices):
    """How the person may reach the police unit afterwards; the person's own contact is never asked."""

    VIA_CENTRE = "via_centre", _("Through the care centre")
    UNIT_PHONE = "unit_phone", _("By phone to the unit")
    UNIT_DESK = "unit_desk", _("At the unit's desk")


class ConsultationQuerySet(StateMachineQuerySet["Consultation"]):
    pass


class Consultation(StateMachineModel, PublicModel):
    # The centre's link to the person's record. Police pages never read it.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="police_consultations")
    # The wish recorded on the case page, when the consultation grew out of one.
    police_talk = models.ForeignKey(PoliceTalk, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    care_centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    police_unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="police_consultations")
    pseudonym = models.CharField(max_length=12)
    topics = models.JSONField(default=list, blank=True)
    place = models.CharField(max_length=20, choices=Place.choices)
    companion = models.CharField(max_length=10, choices=Companion.choices)
    interpreter = models.BooleanField()
    # Where the jurisdiction has no firewall, the booking says the person was told first.
    no_firewall_warning_told = models.BooleanField(default=False)
    booked_by = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="+")

    proposed_for = models.DateTimeField(null=True, blank=True)
    police_answer = models.CharField(max_length=12, choices=PoliceAnswer.choices, blank=True)
    police_proposed_for = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # Whole days from the request to the unit's answer, kept for the oversight figures (a median per unit).
    days_to_reply = models.PositiveIntegerField(null=True, blank=True)
    agreed_for = models.DateTimeField(null=True, blank=True)

    held_on = models.DateField(null=True, blank=True)
    companion_part = models.CharField(max_length=14, choices=CompanionPart.choices, blank=True)
    interpreter_attended = models.BooleanField(null=True, blank=True)
    contact_route = models.CharField(max_length=12, choices=ContactRoute.choices, blank=True)
    # The unit's own phone number (policies.clean_phone): never the person's, and no room for words.
    contact_route_detail = models.CharField(max_length=20, blank=True)

    # A time agreed with the person, not a fixed period (wave2-facts §2.1).
    reflection_until = models.DateField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    # The formal report, once the person decided to report: the package their consent allowed (disclosure_build).
    package = models.ForeignKey(DisclosurePackage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    status = StateField(max_length=14, choices=ConsultationStatus.choices, default=ConsultationStatus.CONSIDERING)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["police_unit", "status", "created_at"]),
            models.Index(fields=["case", "created_at"]),
            # Covers unit_figures' one grouped read (ADR 0037): grouped columns, then the counted ones.
            models.Index(
                fields=["police_unit", "status", "days_to_reply", "proposed_for", "held_on"], name="consultation_figures"
            ),
        ]

    def __str__(self) -> str:
        return f"Consultation {self.public_id}"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    # --- the workflow (core.workflow, ADR 0013) ---------------------------------

    @transition(
        status, source=ConsultationStatus.CONSIDERING, target=ConsultationStatus.BOOKED,
        label=_("Book it with the police unit"), permission=P.POLICE_CONSULTATION_MANAGE,
    )
    def book(self) -> None:
        "A time is proposed to the unit; the officer answers."

    @transition(
        status, source=ConsultationStatus.BOOKED, target=ConsultationStatus.HELD,
        label=_("The talk was held"), permission=P.POLICE_CONSULTATION_ANSWER,
    )
    def record_held(self) -> None:
        "Recorded by the officer, with who attended which part."

    @transition(
        status, source=ConsultationStatus.HELD, target=ConsultationStatus.REFLECTION,
        label=_("The person takes time to think"), permission=P.POLICE_CONSULTATION_MANAGE,
    )
    def reflect(self) -> None:
        "Until a date agreed with the person."

    @transition(
        status, source=[ConsultationStatus.HELD, ConsultationStatus.REFLECTION],
        target=ConsultationStatus.NOT_REPORTING,
        label=_("The person decided not to report"), permission=P.POLICE_CONSULTATION_MANAGE,
    )
    def decide_not_to_report(self) -> None:
        "The person's decision, as they told the centre."

    @transition(
        status, source=[ConsultationStatus.HELD, ConsultationStatus.REFLECTION], target=ConsultationStatus.REPORT,
        label=_("The person decided to report"), permission=P.POLICE_CONSULTATION_MANAGE,
    )
    def convert_to_report(self) -> None:
        "Only with the person's consent in force for this unit (services.consultation_decide)."

    @transition(
        status, source=[ConsultationStatus.HELD, ConsultationStatus.REFLECTION],
        target=ConsultationStatus.INTELLIGENCE,
        label=_("The person wants it passed on as information only"), permission=P.POLICE_CONSULTATION_MANAGE,
    )
    def convert_to_intelligence(self) -> None:
        "No details of the person; no investigation asked for."

    @transition(
        status, source=[ConsultationStatus.CONSIDERING, ConsultationStatus.BOOKED], target=ConsultationStatus.CANCELLED,
        label=_("Cancel the consultation"), permission=P.POLICE_CONSULTATION_MANAGE,
    )
    def cancel(self) -> None:
        "The person changed their mind, or the unit cannot take it."


DECISIONS = ("decide_not_to_report", "convert_to_report", "convert_to_intelligence")


# --- reports through an intermediary (COMPAS; wave2-facts §3) --------------------------


class IdentityReleased(models.TextChoices):
    """How much of who the person is the police may learn, as the person chose it in the consent ledger."""

    NONE = "none", _("None: the police learn nothing about who the person is")
    PARTIAL = "partial", _("Partial: what the person agreed to share, without name or contact")
    FULL = "full", _("Full: including contact details, as the person agreed")


# Ordered: a level releases everything the ones before it release.
IDENTITY_ORDER = (IdentityReleased.NONE, IdentityReleased.PARTIAL, IdentityReleased.FULL)


class Venue(models.TextChoices):
    POLICE = "police", _("The police")
    PROSECUTOR = "prosecutor", _("The public prosecutor")
    COURT = "court", _("The court (where that is the practice)")


class RecordType(models.TextChoices):
    INFORMATION_ONLY = "information_only", _("Information only")
    INTELLIGENCE = "intelligence", _("Intelligence")
    INCIDENT = "incident", _("Incident, not a crime")
    CRIME = "crime", _("Crime")


class ContactPolicy(models.TextChoices):
    NONE = "none", _("No contact")
    THREAT_TO_LIFE = "threat_to_life", _("Only if a life is in danger")
    VIA_INTERMEDIARY = "via_intermediary", _("Only through the organisation that reported")
    DIRECT = "direct", _("Directly")


class InvestigationReason(models.TextChoices):
    PERSON_ASKED = "person_asked", _("The person asked for it")
    PERSON_NOT_ENGAGING = "person_not_engaging", _("Not without the person taking part")
    NOT_ENOUGH_INFORMATION = "not_enough_information", _("Not enough information")
    EX_OFFICIO = "ex_officio", _("The law requires the police to act")
    INTELLIGENCE_ONLY = "intelligence_only", _("Kept as information only")


class ImmigrationAction(models.TextChoices):
    """For oversight (wave2-facts §5, the SPVM figures): what the unit says it did towards immigration authorities.

    "None" is recorded explicitly, so a unit that reports nothing is visible as such.
    """

    NONE = "none", _("None")
    STATUS_CHECK = "status_check", _("A status check with immigration authorities")
    INFORMATION_PASSED = "information_passed", _("Information passed to immigration authorities")
    NOT_SAID = "not_said", _("The unit does not say")


class IntermediatedReport(PublicModel):
    """A report an NGO, a municipal desk or a centre files with a partnered police unit on a person's behalf.

    The police unit sees the pseudonym, the intermediary and its reference,
    the venue and the level of identity released; who the person is reaches
    the police only through a package the person agreed to (disclosure_build).
    The unit's reply (record type, contact policy, investigation started and
    why, date) goes back to the intermediary, which passes it on to the person.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="intermediated_reports")
    intermediary = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="reports_filed")
    filed_by = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="+")
    police_unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="reports_received")
    pseudonym = models.CharField(max_length=12)
    identity_released = models.CharField(max_length=8, choices=IdentityReleased.choices)
    # The intermediary's file number (policies.clean_reference): no room for a name.
    intermediary_reference = models.CharField(max_length=30)
    venue = models.CharField(max_length=12, choices=Venue.choices)

    record_type = models.CharField(max_length=20, choices=RecordType.choices, blank=True)
    contact_policy = models.CharField(max_length=20, choices=ContactPolicy.choices, blank=True)
    investigation_started = models.BooleanField(null=True, blank=True)
    investigation_reason = models.CharField(max_length=24, choices=InvestigationReason.choices, blank=True)
    immigration_action = models.CharField(max_length=20, choices=ImmigrationAction.choices, blank=True)
    replied_on = models.DateField(null=True, blank=True)
    days_to_reply = models.PositiveIntegerField(null=True, blank=True)
    replied_by = models.ForeignKey(StaffUser, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    relayed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["police_unit", "created_at"]),
            models.Index(fields=["case", "created_at"]),
            # Covers unit_figures' one grouped read (ADR 0037): grouped columns, then the counted one.
            models.Index(
                fields=["police_unit", "contact_policy", "immigration_action", "days_to_reply", "replied_on"],
                name="report_figures",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(identity_released__in=IdentityReleased.values), name="report_identity_in_vocabulary"
            ),
        ]

    def __str__(self) -> str:
        return f"Report {self.public_id}"


class OutcomeCode(models.TextChoices):
    REGISTERED = "registered", _("Report registered")
    INVESTIGATION = "investigation", _("Investigation")
    NO_FURTHER_ACTION = "no_further_action", _("No further action")
    CHARGED = "charged", _("Charged")
    COURT_OUTCOME = "court_outcome", _("Court outcome")


class ReportOutcome(PublicModel):
    """What the police did with a formal report: a code and a date, never a narrative.

    About a consultation the person converted to a report (its package is the
    formal report) or about a report an intermediary filed.
    """

    police_unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, null=True, blank=True, related_name="outcomes")
    report = models.ForeignKey(IntermediatedReport, on_delete=models.CASCADE, null=True, blank=True, related_name="outcomes")
    code = models.CharField(max_length=20, choices=OutcomeCode.choices)
    occurred_on = models.DateField()
    recorded_by = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["occurred_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(consultation__isnull=False) & models.Q(report__isnull=True))
                | (models.Q(consultation__isnull=True) & models.Q(report__isnull=False)),
                name="outcome_of_one_report",
            ),
            models.CheckConstraint(condition=models.Q(code__in=OutcomeCode.values), name="outcome_code_in_vocabulary"),
        ]

    def __str__(self) -> str:
        return f"Outcome {self.public_id}"
