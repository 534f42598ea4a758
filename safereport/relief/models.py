"""Relief from enforcement, tracked to the day (issue 16, docs/adr/0033-relief-procedures.md).

A procedure is one navigator mechanism (US-U, IT-18, ES-31BIS, …) carried
for one person by an organisation they named: its status moves through the
one workflow mechanism; its steps are append-only rows named by the
mechanism's data (data/relief/); its clocks are rows with a due date and
the law that sets it, so reminders are one indexed query. A certification
request (I-918 Supplement B, I-914 Supplement B, a prosecutor's opinion) is
addressed to a certifying agency: a name in relief's own directory,
checked against the immigration-enforcement denylist, never a recipient of
case data.

Nothing here holds a visa or a residence status in clear: the checklist
holds item ids from the data and a status; papers are sealed in the vault
(ChecklistFile), and what touches migration status (a paper about it,
whether the person is in removal proceedings) is entered and read only
during an unlock of the person's sealed compartment (ADR 0033, 2026-12-02).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from safereport.accounts.models import Organisation, StaffUser
from safereport.accounts.permissions import Permission as P
from safereport.cases.models import Case
from safereport.core.appendonly import AppendOnlyModel
from safereport.core.categories import DataCategory
from safereport.core.models import PublicModel
from safereport.core.workflow import StateField, StateMachineModel, StateMachineQuerySet, transition


class ProcedureStatus(models.TextChoices):
    PREPARING = "preparing", _("Being prepared")
    UNDER_WAY = "under_way", _("Under way")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN = (ProcedureStatus.PREPARING, ProcedureStatus.UNDER_WAY)


class Procedure(StateMachineModel, PublicModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="relief_procedures")
    # The navigator's mechanism id (data/jurisdictions/*.toml), described in data/relief/.
    mechanism = models.CharField(max_length=20)
    # Who carries it: a legal service, NGO or desk the person named, or their centre.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # Whose start page shows its reminders.
    responsible = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField()
    status = StateField(max_length=20, choices=ProcedureStatus.choices, default=ProcedureStatus.PREPARING)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    objects = StateMachineQuerySet.as_manager()

    class Meta:
        ordering = ["opened_on", "pk"]
        indexes = [models.Index(fields=["responsible", "status"], name="relief_procedure_responsible")]

    def __str__(self) -> str:
        return f"{self.mechanism} {self.public_id}"

    @transition(status, source=ProcedureStatus.PREPARING, target=ProcedureStatus.UNDER_WAY,
                label=_("Under way"), permission=P.RELIEF_PROCEDURE_MANAGE)
    def start(self) -> None:
        "The first step of the mechanism was taken."

    @transition(status, source=ProcedureStatus.UNDER_WAY, target=ProcedureStatus.GRANTED,
                label=_("Granted"), permission=P.RELIEF_PROCEDURE_MANAGE)
    def grant(self) -> None:
        "The authority granted what was asked."

    @transition(status, source=ProcedureStatus.UNDER_WAY, target=ProcedureStatus.REFUSED,
                label=_("Refused"), permission=P.RELIEF_PROCEDURE_MANAGE)
    def refuse(self) -> None:
        "The authority refused."

    @transition(status, source=OPEN, target=ProcedureStatus.WITHDRAWN,
                label=_("Withdraw the procedure"), permission=P.RELIEF_PROCEDURE_MANAGE)
    def withdraw(self) -> None:
        "The person decided to stop."


class StepRecord(AppendOnlyModel):
    """One step of the mechanism taken, on a date: written once (core.appendonly RULES)."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=60)
    done_on = models.DateField()
    recorded_by = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_on", "pk"]

    def __str__(self) -> str:
        return f"{self.step} {self.done_on}"


class AgencyKind(models.TextChoices):
    POLICE = "police", _("Police or other law enforcement")
    PROSECUTOR = "prosecutor", _("Prosecutor")
    JUDGE = "judge", _("Judge or court")
    CHILD_PROTECTION = "child_protection", _("Child protective services")
    LABOUR = "labour", _("Labour or employment authority")
    OTHER_INVESTIGATIVE = "other_investigative", _("Other authority that investigates the crime")


class CertifyingAgency(PublicModel):
    """An agency asked to certify: a name in relief's own directory, never a recipient of case data.

    Its name is checked against the immigration-enforcement denylist
    (data/firewall/) when it is added: no such body can be entered.
    """

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=AgencyKind.choices)
    jurisdiction = models.CharField(max_length=2)
    region = models.CharField(max_length=80, blank=True)
    added_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=AgencyKind.values), name="relief_agency_kind_in_list"),
        ]

    def __str__(self) -> str:
        return self.name


class CertificationForm(models.TextChoices):
    I918B = "I-918B", _("Form I-918 Supplement B (U visa)")
    I914B = "I-914B", _("Form I-914 Supplement B (T visa)")
    PROSECUTOR_OPINION = "prosecutor_opinion", _("Prosecutor's opinion")
    PROTECTION_ORDER = "protection_order", _("Protection order or prosecutor's report")


class OfficialRole(models.TextChoices):
    HEAD = "head", _("Head of the agency")
    DESIGNEE = "designee", _("Supervisor the head designated")
    JUDGE = "judge", _("Judge")
    PROSECUTOR = "prosecutor", _("Prosecutor")


class RequestedBy(models.TextChoices):
    PERSON = "person", _("The person")
    ATTORNEY = "attorney", _("Attorney")
    ACCREDITED = "accredited", _("Accredited representative")
    SERVICE_PROVIDER = "service_provider", _("Violence or sexual assault service")


class DenialReason(models.TextChoices):
    NOT_HELPFUL = "not_helpful", _("Not helpful to the investigation, in the agency's view")
    NOT_A_VICTIM = "not_a_victim", _("Not a victim, in the agency's view")
    NO_QUALIFYING_CRIME = "no_qualifying_crime", _("Not a qualifying crime, in the agency's view")
    NOT_CERTIFYING = "not_certifying", _("The agency says it does not certify this crime")
    INSUFFICIENT_RECORDS = "insufficient_records", _("Not enough in the agency's records")
    OTHER_IN_LETTER = "other_in_letter", _("Another reason, given in the agency's letter")
    NONE_GIVEN = "none_given", _("No reason given")


class CertificationStatus(models.TextChoices):
    DRAFTING = "drafting", _("Being prepared")
    REQUESTED = "requested", _("Asked, waiting for an answer")
    SIGNED = "signed", _("Signed")
    DENIED = "denied", _("Denied")
    NO_RESPONSE = "no_response", _("No answer in time")
    APPEALED = "appealed", _("Appeal filed")
    APPEAL_SIGNED = "appeal_signed", _("Signed after appeal")
    APPEAL_DENIED = "appeal_denied", _("Denied after appeal")
    COURT_ACTION = "court_action", _("Taken to court")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class CertificationRequest(StateMachineModel, PublicModel):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="certifications")
    agency = models.ForeignKey(CertifyingAgency, on_delete=models.PROTECT, related_name="requests")
    form = models.CharField(max_length=20, choices=CertificationForm.choices)
    official_role = models.CharField(max_length=20, choices=OfficialRole.choices)
    requested_by = models.CharField(max_length=20, choices=RequestedBy.choices)
    # The state or local law that sets the agency's clock (data/relief/ certification_law id); "" if none.
    law = models.CharField(max_length=40, blank=True)
    # Whether the person is in removal proceedings is never stored (ADR 0033, 2026-12-02): it touches
    # migration status. The lawyer enters it during an unlock the person grants; only the shortened
    # due date of the agency's answer clock is kept, under the same words as the usual clock.
    # A family member loses eligibility on this date (California's 7-day rule).
    family_loss_on = models.DateField(null=True, blank=True)
    submitted_on = models.DateField(null=True, blank=True)
    answered_on = models.DateField(null=True, blank=True)
    signed_on = models.DateField(null=True, blank=True)
    denial_reason = models.CharField(max_length=30, choices=DenialReason.choices, blank=True)
    appeal_filed_on = models.DateField(null=True, blank=True)
    appeal_answered_on = models.DateField(null=True, blank=True)
    court_action_filed_on = models.DateField(null=True, blank=True)
    status = StateField(max_length=20, choices=CertificationStatus.choices, default=CertificationStatus.DRAFTING)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    objects = StateMachineQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(denial_reason="") | models.Q(denial_reason__in=DenialReason.values),
                name="relief_denial_reason_in_list",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form} {self.public_id}"

    @transition(status, source=CertificationStatus.DRAFTING, target=CertificationStatus.REQUESTED,
                label=_("Sent to the agency"), permission=P.RELIEF_PROCEDURE_MANAGE, saves=("submitted_on",))
    def submit(self) -> None:
        "The request left for the agency; its clock starts."

    @transition(status, source=(CertificationStatus.REQUESTED, CertificationStatus.NO_RESPONSE),
                target=CertificationStatus.SIGNED, label=_("Signed"), permission=P.RELIEF_PROCEDURE_MANAGE,
                saves=("answered_on", "signed_on"))
    def sign(self) -> None:
        "The agency signed."

    @transition(status, source=(CertificationStatus.REQUESTED, CertificationStatus.NO_RESPONSE),
                target=CertificationStatus.DENIED, label=_("Denied"), permission=P.RELIEF_PROCEDURE_MANAGE,
                saves=("answered_on", "denial_reason"))
    def deny(self) -> None:
        "The agency refused."

    @transition(status, source=CertificationStatus.REQUESTED, target=CertificationStatus.NO_RESPONSE,
                label=_("No answer in time"), permission=P.RELIEF_PROCEDURE_MANAGE)
    def record_no_response(self) -> None:
        "The agency's clock ran out without an answer."

    @transition(status, source=(CertificationStatus.DENIED, CertificationStatus.NO_RESPONSE),
                target=CertificationStatus.APPEALED, label=_("Appeal filed"), permission=P.RELIEF_PROCEDURE_MANAGE,
                saves=("appeal_filed_on",))
    def appeal(self) -> None:
        "An appeal to the agency (Illinois) was filed."

    @transition(status, source=CertificationStatus.APPEALED, target=CertificationStatus.APPEAL_SIGNED,
                label=_("Signed after appeal"), permission=P.RELIEF_PROCEDURE_MANAGE,
                saves=("appeal_answered_on", "signed_on"))
    def appeal_sign(self) -> None:
        "The agency signed on appeal."

    @transition(status, source=CertificationStatus.APPEALED, target=CertificationStatus.APPEAL_DENIED,
                label=_("Denied after appeal"), permission=P.RELIEF_PROCEDURE_MANAGE, saves=("appeal_answered_on",))
    def appeal_deny(self) -> None:
        "The agency refused again on appeal."

    @transition(status, source=(CertificationStatus.DENIED, CertificationStatus.NO_RESPONSE,
                                CertificationStatus.APPEAL_DENIED, CertificationStatus.APPEALED),
                target=CertificationStatus.COURT_ACTION, label=_("Taken to court"),
                permission=P.RELIEF_PROCEDURE_MANAGE, saves=("court_action_filed_on",))
    def go_to_court(self) -> None:
        "A court action (mandamus, circuit court) was filed."

    @transition(status, source=(CertificationStatus.DRAFTING, CertificationStatus.REQUESTED),
                target=CertificationStatus.WITHDRAWN, label=_("Withdraw the request"),
                permission=P.RELIEF_PROCEDURE_MANAGE)
    def withdraw(self) -> None:
        "The person decided not to pursue it."


class ClockKind(models.TextChoices):
    # From the mechanism's data (data/relief/): the clock's id there is kept in `rule`.
    MECHANISM = "mechanism", _("Deadline of the procedure")
    # From a certification law.
    RESPONSE = "response", _("The agency must answer")
    FAMILY_LOSS_RESPONSE = "family_loss_response", _("The agency must answer (a family member loses eligibility)")
    APPEAL_ANSWER = "appeal_answer", _("The agency must answer the appeal")
    # Dates the lawyer enters.
    AGE_OUT = "age_out", _("A child ages out")
    # A date the person shared during an unlock (e.g. a removal date): its meaning is not stored.
    CONFIDENTIAL_DATE = "confidential_date", _("A date the person shared during an unlock")


class Clock(models.Model):
    """One running deadline of a procedure, with the law that sets it. Stopped once met."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="clocks")
    certification = models.ForeignKey(
        CertificationRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="clocks"
    )
    kind = models.CharField(max_length=30, choices=ClockKind.choices)
    # The clock's id in the mechanism's data, or the certification law's id.
    rule = models.CharField(max_length=60, blank=True)
    started_on = models.DateField()
    due_on = models.DateField()
    legal_source = models.CharField(max_length=400)
    # False: the law (or case law) treats the term as indicative only.
    binding = models.BooleanField(default=True)
    stopped_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["stopped_on", "due_on"], name="relief_clock_open_due"),
            # The reminder pass: the earliest open clock of each procedure, read from the index alone.
            models.Index(
                fields=["procedure", "due_on"], condition=models.Q(stopped_on__isnull=True), name="relief_clock_open_by_procedure"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.due_on}"


class ItemStatus(models.TextChoices):
    NEEDED = "needed", _("Still needed")
    ASKED_FOR = "asked_for", _("Asked for")
    IN_HAND = "in_hand", _("In hand")
    NOT_NEEDED = "not_needed", _("Not needed in this case")


class ChecklistItem(models.Model):
    """One document the mechanism's data asks for, and where it stands. The document itself is not kept here."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="checklist")
    # The item's id in the mechanism's data (data/relief/).
    item = models.CharField(max_length=60)
    status = models.CharField(max_length=20, choices=ItemStatus.choices, default=ItemStatus.NEEDED)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "item"], name="relief_checklist_once"),
            models.CheckConstraint(condition=models.Q(status__in=ItemStatus.values), name="relief_item_status_in_list"),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.status}"


class FileType(models.TextChoices):
    PDF = "application/pdf", "PDF"
    JPEG = "image/jpeg", "JPEG"
    PNG = "image/png", "PNG"


class ChecklistFile(PublicModel):
    """A paper for one checklist item, its bytes sealed in the vault under the case (ADR 0033, 2026-12-02).

    No file name is kept (a name can say "passport"); the download is named
    after the item. A paper for an item that touches migration status keeps
    its bytes in `migration_content_sealed` (category migration information,
    which leaves only with explicit consent naming one organisation), and is
    added or opened only while the person's unlock of their sealed
    compartment runs. Deleted with the case (cascade through the procedure).
    """

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="files")
    # The item's id in the mechanism's data (data/relief/).
    item = models.CharField(max_length=60)
    media_type = models.CharField(max_length=40, choices=FileType.choices)
    size = models.PositiveIntegerField()
    content_sealed = models.BinaryField(null=True, editable=False)
    migration_content_sealed = models.BinaryField(null=True, editable=False)
    added_by = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    sensitive_fields = {
        # Papers for the procedure: statements, records of abuse, letters of support.
        "content_sealed": DataCategory.NEEDS_AND_SUPPORT,
        "migration_content_sealed": DataCategory.MIGRATION_INFORMATION,
    }
    disclosure_source = False  # papers leave only in the person's hands (the filing packet), never in a package

    class Meta:
        ordering = ["added_at", "pk"]
        indexes = [models.Index(fields=["procedure", "item"], name="relief_file_by_item")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(content_sealed__isnull=True) ^ models.Q(migration_content_sealed__isnull=True),
                name="relief_file_sealed_once",
            ),
            models.CheckConstraint(condition=models.Q(media_type__in=FileType.values), name="relief_file_type_in_list"),
        ]

    @property
    def touches_migration_status(self) -> bool:
        return self.migration_content_sealed is not None

    def __str__(self) -> str:
        return f"{self.item} {self.public_id}"
