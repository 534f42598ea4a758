"""The fixed vocabulary of data categories, used by every sensitive field and every consent.

Each model with sensitive content declares `sensitive_fields = {field: DataCategory}`;
a test fails when a sealed field has no category. Consent is given, and
disclosure packages are built, per category.

A model whose sealed fields can go into a disclosure package also declares
`written_by = {field: WrittenBy(...)}`, so that every part of a package names
who wrote it (the person, or a professional by role, never by name); a test
fails when a field that can be shared does not say.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataCategory(models.TextChoices):
    CONTACT_DETAILS = "contact_details", _("Contact details")
    # What the person or a professional recorded *as* the account (an encounter's
    # "what happened"), never the messages around it: they are CORRESPONDENCE.
    INCIDENT_ACCOUNT = "incident_account", _("Account of the incident")
    INJURIES_FORENSIC_FINDINGS = "injuries_forensic_findings", _("Injuries and forensic findings")
    FORENSIC_SAMPLES = "forensic_samples", _("Forensic samples")
    SEXUAL_HEALTH_RESULTS = "sexual_health_results", _("Sexual-health results")
    MEDICAL_HISTORY = "medical_history", _("Medical history")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    SAFETY_AND_RISK = "safety_and_risk", _("Safety and risk")
    NEEDS_AND_SUPPORT = "needs_and_support", _("Needs and support")
    # The portal conversation, both ways. Relevant to no purpose by default
    # (consent.purposes): it holds whatever the person wrote, including what
    # they asked the centre not to pass on.
    CORRESPONDENCE = "correspondence", _("Messages with the centre")
    # Only ever stored in the sealed compartment under the victim's own key.
    MIGRATION_INFORMATION = "migration_information", _("Migration information")


@dataclass(frozen=True)
class WrittenBy:
    """Who wrote a sealed field, as a package names them.

    staff:       the row's foreign key to the professional who wrote it; the
                 package names their role. Left empty where the row keeps no
                 author: the package then says "staff of the centre".
    person:      the person wrote it themselves (a portal form).
    person_when: (field, value): rows where `field` equals `value` were written
                 by the person, the others by `staff` (a conversation).
    """

    staff: str = ""
    person: bool = False
    person_when: tuple[str, str] | None = None


BY_PERSON = WrittenBy(person=True)
BY_CENTRE_STAFF = WrittenBy()
