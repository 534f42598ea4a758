"""The consent ledger, disclosure packages, the sealed migration compartment,
safeguarding overrides and deletion tombstones.

The ledger and the packages are append-only: rows are inserted by
`consent.services` and never changed (a package may only be marked shredded
or kept). What each table still allows, in Python and in the database, is its
rule in safereport.core.appendonly.RULES. Content lives in vault-sealed
fields; nothing here decrypts.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safereport.accounts.models import Organisation, StaffUser
from safereport.accounts.permissions import OrganisationKind
from safereport.cases.models import Case
from safereport.consent.purposes import Purpose
from safereport.core.appendonly import AppendOnlyModel
from safereport.core.categories import DataCategory
from safereport.core.languages import language_constraint, language_field
from safereport.core.models import PublicModel


class Decision(models.TextChoices):
    GIVEN = "given", _("Agreed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Understanding(models.TextChoices):
    """The "check understanding" step (§5.1 r5, §6.3 r5)."""

    UNDERSTOOD = "understood", _("Understood")
    UNDERSTOOD_AFTER_REPEAT = "understood_after_repeat", _("Understood after explaining again")
    NOT_YET = "not_yet", _("Not yet understood")
    SELF_SERVICE = "self_service", _("Chosen by the person in the portal")


class Channel(models.TextChoices):
    STAFF = "staff", _("Recorded by staff")
    PORTAL = "portal", _("By the person, in the portal")


class ConsentEvent(PublicModel, AppendOnlyModel):
    """One decision: case × data category × recipient (organisation or kind) × purpose."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consent_events")
    category = models.CharField(max_length=40, choices=DataCategory.choices)
    purpose = models.CharField(max_length=30, choices=Purpose.choices)
    recipient_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recipient_kind = models.CharField(max_length=32, choices=OrganisationKind.choices, blank=True)
    decision = models.CharField(max_length=12, choices=Decision.choices)
    # True when the person asked for a category that is not usually relevant to
    # the purpose (§6.3 r7: sexual-health results to the police) after being told so.
    explicit = models.BooleanField(default=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    explained_by = models.ForeignKey(StaffUser, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Languages from the list; the name of any other language is sealed
    # with the case's key (core.languages, cases.sealing.language_set).
    language = language_field()
    language_other_sealed = models.BinaryField(null=True, editable=False)
    interpreter_language = language_field()
    interpreter_language_other_sealed = models.BinaryField(null=True, editable=False)
    understanding = models.CharField(max_length=30, choices=Understanding.choices)

    sensitive_fields = {
        "language_other_sealed": DataCategory.NEEDS_AND_SUPPORT,
        "interpreter_language_other_sealed": DataCategory.NEEDS_AND_SUPPORT,
    }
    disclosure_source = False  # a record about sharing, not case content to share

    class Meta:
        ordering = ["recorded_at", "id"]
        indexes = [
            models.Index(fields=["case", "purpose", "category"]),
            # Statistics (ADR 0031): decisions of a year grouped in this order, read from the index alone.
            models.Index(fields=["purpose", "decision", "channel", "recorded_at"], name="consent_stats_decisions"),
        ]
        constraints = [
            language_constraint("language", name="consent_language_in_list"),
            language_constraint("interpreter_language", name="consent_interpreter_language_in_list"),
            models.CheckConstraint(
                condition=(Q(recipient_organisation__isnull=False) & Q(recipient_kind=""))
                | (Q(recipient_organisation__isnull=True) & Q(recipient_kind__in=OrganisationKind.values)),
                name="consent_one_recipient_in_vocabulary",
            ),
            models.CheckConstraint(condition=Q(category__in=DataCategory.values), name="consent_category_in_vocabulary"),
            models.CheckConstraint(condition=Q(purpose__in=Purpose.values), name="consent_purpose_in_vocabulary"),
        ]

    def __str__(self) -> str:
        return f"{self.decision} {self.category} for {self.purpose}"


class ExaminationKind(models.TextChoices):
    FORENSIC_EXAMINATION = "forensic_examination", _("Forensic medical examination")
    MEDICAL_EXAMINATION = "medical_examination", _("Medical examination")
    SAMPLES = "samples", _("Taking samples")
    PHOTOGRAPHS = "photographs", _("Photographs of injuries")


class ClinicalDecision(models.TextChoices):
    GIVEN = "given", _("Agreed to go ahead")
    DECLINED = "declined", _("Did not want it")
    STOPPED = "stopped", _("Asked to stop")


class ClinicalConsent(PublicModel, AppendOnlyModel):
    """Consent to be examined, kept apart from consent to share (§5.3 r2–3)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="clinical_consents")
    examination = models.CharField(max_length=30, choices=ExaminationKind.choices)
    decision = models.CharField(max_length=12, choices=ClinicalDecision.choices)
    told_can_stop = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(default=timezone.now)
    explained_by = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="+")
    language = language_field()
    language_other_sealed = models.BinaryField(null=True, editable=False)
    interpreter_language = language_field()
    interpreter_language_other_sealed = models.BinaryField(null=True, editable=False)
    understanding = models.CharField(max_length=30, choices=Understanding.choices)

    sensitive_fields = {
        "language_other_sealed": DataCategory.NEEDS_AND_SUPPORT,
        "interpreter_language_other_sealed": DataCategory.NEEDS_AND_SUPPORT,
    }
    disclosure_source = False  # a record about consent, not case content to share

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            language_constraint("language", name="clinical_consent_language_in_list"),
            language_constraint("interpreter_language", name="clinical_consent_interpreter_language_in_list"),
        ]

    def __str__(self) -> str:
        return f"{self.examination}: {self.decision}"


class OverrideStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a second approver")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class SafeguardingOverride(PublicModel):
    """Sharing without consent on a recorded safeguarding ground (§6.3 r8).

    Kept when a case is erased (case becomes NULL): the register is the DPO's
    evidence that an override happened; its justification dies with the case key.
    """

    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, related_name="safeguarding_overrides")
    care_centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    ground = models.CharField(max_length=60)
    justification_sealed = models.BinaryField(null=True, editable=False)
    categories = models.JSONField(default=list)
    recipient = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=30, choices=Purpose.choices)
    requested_by = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="+")
    approver_role = models.CharField(max_length=30)
    status = models.CharField(max_length=12, choices=OverrideStatus.choices, default=OverrideStatus.PENDING)
    decided_by = models.ForeignKey(StaffUser, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    # The person is told once staff judge it safe; until then the portal does not show it.
    safe_to_tell_at = models.DateTimeField(null=True, blank=True)
    safe_to_tell_by = models.ForeignKey(StaffUser, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    sensitive_fields = {"justification_sealed": DataCategory.SAFETY_AND_RISK}
    disclosure_source = False  # a record about sharing, not case content to share

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Override {self.public_id} ({self.status})"


class DisclosurePackage(PublicModel, AppendOnlyModel):
    """What left the centre: immutable, one sealed field per category, under its own key.

    The package's data key (owner "package:<uuid>") is not the case key, so
    erasing a case does not need to open packages, and a package a
    jurisdiction requires us to keep survives the case's shredding.
    """

    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, related_name="disclosure_packages")
    case_ref = models.CharField(max_length=64)  # the case's public id, for the audit log
    care_centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="disclosure_packages")
    purpose = models.CharField(max_length=30, choices=Purpose.choices)
    categories = models.JSONField(default=list)
    # Permitted but not included, with why (e.g. the migration compartment was locked).
    withheld = models.JSONField(default=dict)
    built_by = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="+")
    built_at = models.DateTimeField()
    # The last ledger entry the policy read: everything after it came later.
    ledger_position = models.BigIntegerField(default=0)
    override = models.ForeignKey(SafeguardingOverride, on_delete=models.PROTECT, null=True, blank=True, related_name="packages")
    retained_until = models.DateField(null=True, blank=True)
    shredded_at = models.DateTimeField(null=True, blank=True)

    contact_details_sealed = models.BinaryField(null=True, editable=False)
    incident_account_sealed = models.BinaryField(null=True, editable=False)
    injuries_forensic_findings_sealed = models.BinaryField(null=True, editable=False)
    forensic_samples_sealed = models.BinaryField(null=True, editable=False)
    sexual_health_results_sealed = models.BinaryField(null=True, editable=False)
    medical_history_sealed = models.BinaryField(null=True, editable=False)
    mental_health_sealed = models.BinaryField(null=True, editable=False)
    safety_and_risk_sealed = models.BinaryField(null=True, editable=False)
    needs_and_support_sealed = models.BinaryField(null=True, editable=False)
    correspondence_sealed = models.BinaryField(null=True, editable=False)
    migration_information_sealed = models.BinaryField(null=True, editable=False)

    sensitive_fields = {f"{category.value}_sealed": category for category in DataCategory}
    disclosure_source = False

    class Meta:
        ordering = ["-built_at"]
        indexes = [models.Index(fields=["recipient", "built_at"])]

    def __str__(self) -> str:
        return f"Package {self.public_id}"

    @property
    def owner(self) -> str:
        return f"package:{self.public_id}"


class MigrationCompartment(PublicModel):
    """Migration information the person chose to record, sealed under their receipt code.

    `content_sealed` opens only with the code. An unlock the person grants
    (typing the code) puts a copy under the case key in `unlocked_copy_sealed`
    until `unlocked_until`; the copy is wiped when it lapses, and with it the
    unlock copy of the private key that opens the person's migration-status papers.
    """

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="migration_compartment")
    content_sealed = models.BinaryField(editable=False)
    unlocked_copy_sealed = models.BinaryField(null=True, editable=False)
    unlocked_until = models.DateTimeField(null=True, blank=True)
    # The compartment's X25519 key pair (ADR 0003 and 0033, 2026-12-02): papers touching migration
    # status are sealed to the public key (not secret); the private key is sealed like the text,
    # under the person's code, and copied under the case key only while an unlock runs.
    # Null on compartments made before the key pair existed, until their next record or unlock.
    public_key = models.BinaryField(null=True, editable=False)
    private_key_sealed = models.BinaryField(null=True, editable=False)
    unlocked_private_key_sealed = models.BinaryField(null=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    sensitive_fields = {
        "content_sealed": DataCategory.MIGRATION_INFORMATION,
        "unlocked_copy_sealed": DataCategory.MIGRATION_INFORMATION,
        # Key material that opens migration-status papers: the same category as what it opens.
        "private_key_sealed": DataCategory.MIGRATION_INFORMATION,
        "unlocked_private_key_sealed": DataCategory.MIGRATION_INFORMATION,
    }
    disclosure_source = False  # only ever through the explicit-consent path

    def __str__(self) -> str:
        return f"Sealed compartment {self.public_id}"


class DeletionTombstone(PublicModel):
    """That a case was erased, and what a retention rule kept: nothing that identifies it."""

    care_centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    jurisdiction = models.CharField(max_length=2)
    erased_on = models.DateField()
    requested_by = models.CharField(max_length=20)  # "victim" | "centre"
    retention_rules = models.JSONField(default=list)  # rule ids applied
    packages_kept = models.PositiveIntegerField(default=0)
    packages_shredded = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Erased case ({self.erased_on})"


class ErasureNotice(PublicModel, AppendOnlyModel):
    """A recipient told, without content, that the person asked for erasure (GDPR art. 19).

    One per package the recipient had received: the request's date, and what
    became of the package (made unreadable, or kept until a date under a
    retention rule). Nothing of what the package held (docs/adr/0020).
    """

    package = models.OneToOneField(DisclosurePackage, on_delete=models.PROTECT, related_name="erasure_notice")
    requested_on = models.DateField()
    # None: the package was made unreadable with the case.
    kept_until = models.DateField(null=True, blank=True)
    retention_rule = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["-requested_on", "-id"]

    def __str__(self) -> str:
        return f"Erasure notice ({self.requested_on})"
