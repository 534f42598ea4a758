"""The referral directory and warm referrals (§6.2 rec. 6, 8; §6.4 rec. 2).

The tables keep the names they had inside the cases app (`cases_referral…`):
moving the code did not move the data.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from safereport.accounts.models import Organisation, StaffUser
from safereport.cases.models import Case
from safereport.core.models import PublicModel


class ServiceKind(models.TextChoices):
    SHELTER = "shelter", _("Shelter")
    WOMEN_ONLY_SHELTER = "women_only_shelter", _("Women-only shelter")
    GP_REGISTRATION = "gp_registration", _("GP registration")
    COUNSELLING = "counselling", _("Counselling")
    LEGAL_AID = "legal_aid", _("Legal aid")
    MIGRANT_ORGANISATION = "migrant_organisation", _("Migrant organisation")
    INTERPRETER_SERVICE = "interpreter_service", _("Interpreter service")
    BASIC_NEEDS = "basic_needs", _("Food, clothes and money")
    PEER_SUPPORT = "peer_support", _("Peer support")


class ReferralService(PublicModel):
    """A partner service in the directory. Loaded from data/referrals/*.toml, editable by the DPO."""

    key = models.SlugField(max_length=80, unique=True)
    jurisdiction = models.CharField(max_length=2)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=ServiceKind.choices)
    languages = models.JSONField(default=list, blank=True)
    accepts_people_without_papers = models.BooleanField(null=True)
    data_sharing_policy = models.TextField(blank=True)
    contact = models.CharField(max_length=300, blank=True)
    hours = models.CharField(max_length=200, blank=True)
    # The partner's organisation in SafeReport, if it has one: only then can
    # data be shared with it (through the consent engine), and only then do
    # its staff see the referrals sent to it.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=300, blank=True)
    last_reviewed = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        db_table = "cases_referralservice"
        ordering = ["jurisdiction", "kind", "name"]

    def __str__(self) -> str:
        return self.name


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted by the partner")
    FIRST_CONTACT = "first_contact", _("First contact made")
    DECLINED = "declined", _("Declined by the partner")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Referral(PublicModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    service = models.ForeignKey(ReferralService, on_delete=models.PROTECT, related_name="referrals")
    recipient = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    purpose = models.CharField(max_length=60)
    status = models.CharField(max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    # The person's choice, in their words as recorded: share data or only pass on the contact.
    shares_data = models.BooleanField(default=False)
    # The consent engine's package id; categories named in it, never content.
    disclosure_ref = models.CharField(max_length=80, blank=True)
    shared_categories = models.JSONField(default=list, blank=True)
    sent_by = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)
    first_contact_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "cases_referral"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "status"])]

    def __str__(self) -> str:
        return f"Referral {self.public_id}"
