"""The fixed vocabulary of data categories, used by every sensitive field and every consent.

Each model with sensitive content declares `sensitive_fields = {field: DataCategory}`;
a test fails when a sealed field has no category. Consent is given, and
disclosure packages are built, per category.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataCategory(models.TextChoices):
    CONTACT_DETAILS = "contact_details", _("Contact details")
    INCIDENT_ACCOUNT = "incident_account", _("Account of the incident")
    INJURIES_FORENSIC_FINDINGS = "injuries_forensic_findings", _("Injuries and forensic findings")
    FORENSIC_SAMPLES = "forensic_samples", _("Forensic samples")
    SEXUAL_HEALTH_RESULTS = "sexual_health_results", _("Sexual-health results")
    MEDICAL_HISTORY = "medical_history", _("Medical history")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    SAFETY_AND_RISK = "safety_and_risk", _("Safety and risk")
    NEEDS_AND_SUPPORT = "needs_and_support", _("Needs and support")
    # Only ever stored in the sealed compartment under the victim's own key.
    MIGRATION_INFORMATION = "migration_information", _("Migration information")
