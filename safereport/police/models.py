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
    agreed_for = models.DateTimeField(null=True, blank=True)

    held_on = models.DateField(null=True, blank=True)
    companion_part = models.CharField(max_length=14, choices=CompanionPart.choices, blank=True)
    interpreter_attended = models.BooleanField(null=True, blank=True)
    contact_route = models.CharField(max_length=12, choices=ContactRoute.choices, blank=True)
    # The unit's own number or desk, as the officer writes it: never the person's.
    contact_route_detail = models.CharField(max_length=120, blank=True)

    # A time agreed with the person, not a fixed period (wave2-facts §2.1).
    reflection_until = models.DateField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    status = StateField(max_length=14, choices=ConsultationStatus.choices, default=ConsultationStatus.CONSIDERING)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["police_unit", "status", "created_at"]),
            models.Index(fields=["case", "created_at"]),
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
