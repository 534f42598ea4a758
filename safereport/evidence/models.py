"""Forensic evidence kept while the person decides (issue 14, docs/adr/0026).

Evidence metadata lives here, apart from health notes (cases' encounters):
a kit holds a pseudonymous barcode, dates, the retention rule and where it
is; never a name, never a clinical finding. Health notes are never part of a
transfer: a police unit reads the custody record and the items, nothing else.

The custody log, temperature checks and destruction records are append-only
(core.appendonly RULES). A destruction record keeps no link to the case, so
it outlives an erasure and identifies nobody.
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from safereport.accounts.models import Organisation, StaffUser
from safereport.accounts.permissions import Permission as P
from safereport.cases.models import Case
from safereport.core.appendonly import AppendOnlyModel
from safereport.core.models import PublicModel
from safereport.core.workflow import StateField, StateMachineModel, StateMachineQuerySet, transition

# No 0/O or 1/I/L: a barcode is read aloud and typed by hand.
BARCODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_barcode() -> str:
    """A random kit number with no personal data in it: K-XXXX-XXXX-XXXX."""
    groups = ("".join(secrets.choice(BARCODE_ALPHABET) for _ in range(4)) for _ in range(3))
    return "K-" + "-".join(groups)


class AgeBand(models.TextChoices):
    """Only where a rule turns on it (minors are kept longer in some places)."""

    ADULT = "adult", _("Adult at the examination")
    MINOR = "minor", _("Under 18 at the examination")


class Holder(models.TextChoices):
    CENTRE = "centre", _("The care centre")
    LAB = "lab", _("A forensic laboratory")
    POLICE = "police", _("The police")


class KitStatus(models.TextChoices):
    COLLECTED = "collected", _("Collected")
    STORED = "stored", _("In storage, not reported")
    EXTENDED = "extended", _("In storage, kept longer")
    NOTICE_GIVEN = "notice_given", _("Destruction notice given")
    DESTRUCTION_REQUESTED = "destruction_requested", _("Destruction asked for")
    DUE = "due", _("Due for destruction")
    RELEASE_AGREED = "release_agreed", _("Release to the police agreed")
    TRANSFERRED = "transferred", _("Handed to the police")
    AT_LAB = "at_lab", _("At the laboratory")
    DESTROYED = "destroyed", _("Destroyed")


# Where a kit is still kept by the centre (the clocks run only there).
KEPT = (KitStatus.STORED, KitStatus.EXTENDED, KitStatus.NOTICE_GIVEN, KitStatus.DESTRUCTION_REQUESTED)
DESTROYABLE = (KitStatus.COLLECTED, *KEPT, KitStatus.DUE)


class StorageLocation(PublicModel):
    """A freezer or a locked cupboard of a centre, named in words (never an address)."""

    care_centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=120)
    frozen = models.BooleanField(default=False)
    min_celsius = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    max_celsius = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["care_centre", "name"], name="evidence_location_name_once")]

    def __str__(self) -> str:
        return self.name


class Kit(StateMachineModel, PublicModel):
    barcode = models.CharField(max_length=20, unique=True, default=new_barcode, editable=False)
    # Cleared when the person erases their record: a kit kept under a rule
    # then belongs to nobody the centre can name.
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="evidence_kits")
    care_centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # The first day of the examination: every clock starts here (Scotland reg. 2(2)).
    exam_started_on = models.DateField()
    rule_id = models.CharField(max_length=40)
    age_band = models.CharField(max_length=10, choices=AgeBand.choices, default=AgeBand.ADULT)
    holder = models.CharField(max_length=10, choices=Holder.choices, default=Holder.CENTRE)
    location = models.ForeignKey(StorageLocation, on_delete=models.PROTECT, null=True, blank=True, related_name="kits")
    status = StateField(max_length=30, choices=KitStatus.choices, default=KitStatus.COLLECTED)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    # Computed from the rule by evidence.policies; None: the rule is unknown, ask the centre.
    disposal_on = models.DateField(null=True, blank=True)
    notice_on = models.DateField(null=True, blank=True)
    extensions = models.PositiveSmallIntegerField(default=0)
    destruction_requested_on = models.DateField(null=True, blank=True)
    release_requested_on = models.DateField(null=True, blank=True)
    erased_on = models.DateField(null=True, blank=True)
    police_unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # The consent engine's package that went with the release (its id, never its content).
    release_package_ref = models.CharField(max_length=80, blank=True)

    objects = StateMachineQuerySet.as_manager()

    class Meta:
        ordering = ["disposal_on", "pk"]
        indexes = [
            models.Index(fields=["status", "disposal_on"], name="evidence_kit_due"),
            models.Index(fields=["status", "notice_on"], name="evidence_kit_notice"),
        ]

    def __str__(self) -> str:
        return self.barcode

    @transition(status, source=KitStatus.COLLECTED, target=KitStatus.STORED,
                label=_("Put in storage"), permission=P.EVIDENCE_KIT_MANAGE)
    def store(self) -> None:
        "Sealed and in a storage place; the custody log says where."

    @transition(status, source=(KitStatus.STORED, KitStatus.EXTENDED, KitStatus.NOTICE_GIVEN),
                target=KitStatus.EXTENDED, label=_("Keep longer"), permission=P.EVIDENCE_KIT_PERSON_CHOICE)
    def extend(self) -> None:
        "The person asked to keep it longer, where the rule allows."

    @transition(status, source=(KitStatus.STORED, KitStatus.EXTENDED, KitStatus.NOTICE_GIVEN),
                target=KitStatus.DESTRUCTION_REQUESTED, label=_("Destroy on the person's request"),
                permission=P.EVIDENCE_KIT_PERSON_CHOICE)
    def request_destruction(self) -> None:
        "The person asked for destruction; the rule says when."

    @transition(status, source=(KitStatus.COLLECTED, *KEPT), target=KitStatus.DESTRUCTION_REQUESTED,
                label=_("Destroy: the record was erased"), permission=P.EVIDENCE_KIT_CLOCK)
    def erase(self) -> None:
        "The person erased their record: the kit is to be destroyed."

    @transition(status, source=(KitStatus.STORED, KitStatus.EXTENDED), target=KitStatus.NOTICE_GIVEN,
                label=_("Give notice of destruction"), permission=P.EVIDENCE_KIT_CLOCK)
    def give_notice(self) -> None:
        "The rule's notice period before destruction has begun."

    @transition(status, source=KEPT, target=KitStatus.DUE, label=_("Due for destruction"),
                permission=P.EVIDENCE_KIT_CLOCK)
    def fall_due(self) -> None:
        "The disposal date has come: two staff must destroy it."

    @transition(status, source=(*KEPT, KitStatus.DUE), target=KitStatus.RELEASE_AGREED,
                label=_("Release to the police"), permission=P.EVIDENCE_KIT_MANAGE)
    def agree_release(self) -> None:
        "The person reported and agreed to release it to this partnered police unit."

    @transition(status, source=KitStatus.RELEASE_AGREED, target=KitStatus.TRANSFERRED,
                label=_("Hand over to the police"), permission=P.EVIDENCE_KIT_MANAGE)
    def transfer(self) -> None:
        "Handed over with a witness; the police unit holds it now."

    @transition(status, source=KitStatus.TRANSFERRED, target=KitStatus.AT_LAB,
                label=_("Received at the laboratory"), permission=P.EVIDENCE_KIT_RECEIVE)
    def reach_lab(self) -> None:
        "The police unit says the laboratory has it."

    @transition(status, source=DESTROYABLE, target=KitStatus.DESTROYED,
                label=_("Destroy"), permission=P.EVIDENCE_KIT_MANAGE)
    def destroy(self) -> None:
        "Destroyed by two staff; a destruction record remains."


class ItemClass(models.TextChoices):
    WET = "wet_sample", _("Wet sample (kept frozen)")
    DRY = "dry_item", _("Dry item (bagged)")
    RETURNABLE = "returnable", _("Item the person may ask back (such as clothing)")


class ItemKind(models.TextChoices):
    """What an item is, from a fixed list (ADR 0018, ADR 0026 §11): no room for a name or a finding."""

    SWAB = "swab", _("Swab")
    BLOOD = "blood", _("Blood sample")
    URINE = "urine", _("Urine sample")
    HAIR = "hair", _("Hair or fibres")
    NAIL = "nail", _("Fingernail scrapings or cuttings")
    SANITARY = "sanitary", _("Sanitary towel or tampon")
    UPPER = "upper_clothing", _("Top, shirt or jacket")
    LOWER = "lower_clothing", _("Trousers, skirt or dress")
    UNDERWEAR = "underwear", _("Underwear")
    FOOTWEAR = "footwear", _("Shoes or socks")
    BEDDING = "bedding", _("Bedding or towel")
    OTHER = "other", _("Another item (its seal number tells it apart)")


class Item(PublicModel):
    """One thing in a kit, for the custody record: a kind from the list and a seal number, never words."""

    kit = models.ForeignKey(Kit, on_delete=models.PROTECT, related_name="items")
    item_class = models.CharField(max_length=20, choices=ItemClass.choices)
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    # Capitals, digits and - / . _ only (evidence.policies.clean_code).
    seal_number = models.CharField(max_length=40, blank=True)
    return_requested_on = models.DateField(null=True, blank=True)
    returned_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=ItemKind.values), name="evidence_item_kind_in_list"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class CustodyAction(models.TextChoices):
    COLLECTED = "collected", _("Collected")
    SEALED = "sealed", _("Sealed")
    MOVED = "moved", _("Moved")
    STORED = "stored", _("Placed in storage")
    CHECKED = "checked", _("Checked")
    HANDED_OVER = "handed_over", _("Handed over")
    RETURNED = "returned", _("Returned to the person")
    DESTROYED = "destroyed", _("Destroyed")


class Condition(models.TextChoices):
    """What a check found, from a fixed list: the custody log holds no typed note (ADR 0026 §11)."""

    SEAL_INTACT = "seal_intact", _("Seal intact")
    SEAL_BROKEN = "seal_broken", _("Seal broken")
    PACKAGING_DAMAGED = "packaging_damaged", _("Packaging damaged")
    TEMPERATURE_BREACH = "temperature_breach", _("Kept outside its temperature range")


class CustodyEvent(AppendOnlyModel):
    """One line of the chain of custody: who did what with the kit (or one item), when, where."""

    kit = models.ForeignKey(Kit, on_delete=models.PROTECT, related_name="custody_events")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=20, choices=CustodyAction.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="+")
    witness = models.ForeignKey(StaffUser, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    location = models.ForeignKey(StorageLocation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Names of organisations from the database (or "the person"), never typed.
    from_party = models.CharField(max_length=200, blank=True)
    to_party = models.CharField(max_length=200, blank=True)
    # The receiving officer's badge or reference number: capitals, digits, - / . _ (policies.clean_code).
    receiver_ref = models.CharField(max_length=40, blank=True)
    seal_number = models.CharField(max_length=40, blank=True)
    condition = models.CharField(max_length=20, choices=Condition.choices, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["kit", "at"], name="evidence_custody_kit_at")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(condition="") | models.Q(condition__in=Condition.values), name="evidence_custody_condition_in_list"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"


class TemperatureSource(models.TextChoices):
    STAFF = "staff", _("Entered by staff")
    CSV = "csv", _("Imported from the freezer's log")


class TemperatureCheck(AppendOnlyModel):
    location = models.ForeignKey(StorageLocation, on_delete=models.PROTECT, related_name="checks")
    measured_at = models.DateTimeField()
    celsius = models.DecimalField(max_digits=5, decimal_places=1)
    in_range = models.BooleanField()
    source = models.CharField(max_length=10, choices=TemperatureSource.choices, default=TemperatureSource.STAFF)
    by = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-measured_at", "-pk"]
        indexes = [models.Index(fields=["location", "measured_at"], name="evidence_temp_location_at")]

    def __str__(self) -> str:
        return f"{self.celsius} °C"


class DestructionReason(models.TextChoices):
    DISPOSAL_DATE = "disposal_date", _("The retention period ended")
    PERSON_ASKED = "person_asked", _("The person asked for destruction")
    RECORD_ERASED = "record_erased", _("The person erased their record")
    OTHER = "other", _("Another reason")


class DestructionRecord(AppendOnlyModel, PublicModel):
    """The certificate that a kit was destroyed: by whom, with which witness, under which rule.

    No link to a case and nothing about the person: it outlives an erasure.
    """

    barcode = models.CharField(max_length=20, unique=True)
    care_centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    rule_id = models.CharField(max_length=40)
    reason = models.CharField(max_length=20, choices=DestructionReason.choices)
    destroyed_at = models.DateTimeField()
    destroyed_by = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="+")
    witness = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="+")
    items = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-destroyed_at"]

    def __str__(self) -> str:
        return f"destruction of {self.barcode}"
