"""What professionals add to a case: key messages given, the individual needs
assessment and care plan, and the informal police talk (warm referrals are the
`referrals` app's).

Field names never mention papers, nationality, residence or birth (a test
walks every model): circumstances related to migration are recorded only as
needs ("may leave the country soon"), never as status (DESIGN.md §3.2).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from safereport.accounts.models import StaffUser
from safereport.cases.models.case import Case, Companion, Encounter
from safereport.core.categories import BY_CENTRE_STAFF, DataCategory, WrittenBy
from safereport.core.models import PublicModel

# --- key messages (§5.1 rec. 1.3–1.4, 5, 7, 11) ------------------------------


class Understanding(models.TextChoices):
    NOT_CHECKED = "not_checked", _("Not checked")
    UNDERSTOOD = "understood", _("Understood")
    PARTLY = "partly", _("Partly understood")
    NOT_UNDERSTOOD = "not_understood", _("Not understood")


class KeyMessageRecord(PublicModel):
    """One key message at one encounter: given? understanding checked, with what result? repeat?"""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="key_messages")
    encounter = models.ForeignKey(Encounter, on_delete=models.CASCADE, related_name="key_messages")
    slug = models.CharField(max_length=80)
    # slug@variant:language#digest — exactly which words were given (content library).
    reference = models.CharField(max_length=160, blank=True)
    given = models.BooleanField(default=False)
    understanding = models.CharField(
        max_length=20, choices=Understanding.choices, default=Understanding.NOT_CHECKED
    )
    repeat = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["encounter", "slug"], name="one_record_per_message_per_encounter")
        ]
        indexes = [models.Index(fields=["case", "slug"])]

    def __str__(self) -> str:
        return f"{self.slug} at {self.encounter_id}"


# --- individual needs assessment (§6.4 rec. 1) ------------------------------


class NeedsAssessment(PublicModel):
    """One assessment; a later one supersedes it (all are kept)."""

    ACCOMMODATION_TYPES = {
        "women_only": _("Women-only"),
        "with_children": _("With children"),
        "pregnancy": _("Suitable in pregnancy"),
        "no_mixed_gender": _("Risk in mixed-gender housing"),
        "high_security": _("High security, location kept secret"),
    }
    MIGRATION_NEEDS = {
        "may_leave_soon": _("May leave the country soon: give more at first contact"),
        "fears_authorities": _("Afraid of contact with authorities: reassure, repeat safety messages"),
        "needs_migrant_organisation": _("Wants advice from a migrant organisation"),
        "no_health_cover": _("No health cover: arrange free care"),
    }
    BASIC_NEEDS = {
        "food": _("Food"),
        "clothes": _("Clothes"),
        "hygiene": _("Hygiene"),
        "money": _("Money"),
        "medication": _("Daily medication"),
        "transport": _("Transport"),
        "phone": _("Phone"),
    }

    class Psychological(models.TextChoices):
        NOT_ASSESSED = "not_assessed", _("Not assessed yet")
        NONE = "none", _("No need now")
        SHORT_TERM = "short_term", _("Short-term care in the centre")
        REFERRAL = "referral", _("Longer-term care: refer")
        DECLINED = "declined", _("Offered, declined (has support)")

    class SelfHarm(models.TextChoices):
        NOT_ASKED = "not_asked", _("Not asked yet")
        NONE = "none", _("No thoughts of self-harm")
        THOUGHTS = "thoughts", _("Thoughts, no plan")
        PLAN = "plan", _("Thoughts with a plan: act now")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="needs_assessments")
    assessed_by = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="+")
    accommodation_needed = models.BooleanField(default=False)
    accommodation_types = models.JSONField(default=list, blank=True)
    psychological_care = models.CharField(
        max_length=20, choices=Psychological.choices, default=Psychological.NOT_ASSESSED
    )
    migration_needs = models.JSONField(default=list, blank=True)
    basic_needs = models.JSONField(default=list, blank=True)
    threatened = models.BooleanField(default=False)
    family_abroad_threatened = models.BooleanField(default=False)
    self_harm = models.CharField(max_length=20, choices=SelfHarm.choices, default=SelfHarm.NOT_ASKED)
    safety_notes_sealed = models.BinaryField(null=True, editable=False)
    mental_health_notes_sealed = models.BinaryField(null=True, editable=False)
    other_needs_sealed = models.BinaryField(null=True, editable=False)

    sensitive_fields = {
        "safety_notes_sealed": DataCategory.SAFETY_AND_RISK,
        "mental_health_notes_sealed": DataCategory.MENTAL_HEALTH,
        "other_needs_sealed": DataCategory.NEEDS_AND_SUPPORT,
    }
    written_by = dict.fromkeys(sensitive_fields, WrittenBy(staff="assessed_by"))

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Needs assessment {self.public_id}"


class CarePlanItemKind(models.TextChoices):
    ACCOMMODATION = "accommodation", _("Safe accommodation")
    PSYCHOLOGICAL = "psychological", _("Psychological care")
    INFORMATION = "information", _("Give full information now")
    BASIC_NEEDS = "basic_needs", _("Basic needs")
    MEDICATION = "medication", _("Medication")
    SAFETY = "safety", _("Safety")
    GP_REGISTRATION = "gp_registration", _("Register with a GP")
    LEGAL = "legal", _("Legal advice")
    FOLLOW_UP_CALL = "follow_up_call", _("Follow-up call")
    OTHER = "other", _("Other")


class CarePlanItemStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("No longer needed")


class CarePlanItem(PublicModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="care_plan")
    assessment = models.ForeignKey(
        NeedsAssessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=CarePlanItemKind.choices)
    owner = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="care_plan_items")
    due_on = models.DateField()
    status = models.CharField(
        max_length=12, choices=CarePlanItemStatus.choices, default=CarePlanItemStatus.OPEN
    )
    detail_sealed = models.BinaryField(null=True, editable=False)
    done_at = models.DateTimeField(null=True, blank=True)

    sensitive_fields = {"detail_sealed": DataCategory.NEEDS_AND_SUPPORT}
    # `owner` is who does the item, not who wrote it; the writer is not kept.
    written_by = {"detail_sealed": BY_CENTRE_STAFF}

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["owner", "status", "due_on"]),
            models.Index(fields=["case", "status"]),
        ]

    def __str__(self) -> str:
        return f"Care plan item {self.public_id}"


# --- informal police talk, case side (§6.5 rec. 2) ----------------------------


class PoliceTalkStatus(models.TextChoices):
    WANTED = "wanted", _("The person would like a talk")
    ARRANGED = "arranged", _("Arranged")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class PoliceTalk(PublicModel):
    TOPICS = {
        "safety_advice": _("Advice on their safety"),
        "threats_to_family": _("Threats to family, here or abroad"),
        "what_reporting_involves": _("What reporting would involve"),
        "protection_when_reporting": _("Protection when reporting"),
        "evidence_kept": _("What happens to evidence kept at the centre"),
    }

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="police_talks")
    status = models.CharField(
        max_length=12, choices=PoliceTalkStatus.choices, default=PoliceTalkStatus.WANTED
    )
    # Anonymous by design: the police side gets no name, no case code, no contact.
    companion = models.CharField(max_length=10, choices=Companion.choices, blank=True)
    topics = models.JSONField(default=list, blank=True)
    planned_for = models.DateTimeField(null=True, blank=True)
    arranged_by = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Police talk {self.public_id}"
