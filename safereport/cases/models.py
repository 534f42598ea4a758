"""The pseudonymous case. Later issues add encounters, needs and care plans.

A case holds no name, date of birth, nationality, document or residence
status field, and never will (DESIGN.md §3.2).
"""

import secrets

from django.db import models

from safereport.accounts.models import Organisation, StaffUser
from safereport.core.models import PublicModel

# No vowels or look-alikes (0/O, 1/I/L): codes are read aloud over the phone
# and must never spell a word.
CASE_CODE_ALPHABET = "BCDFGHJKMNPQRSTVWXZ23456789"


def new_case_code() -> str:
    return "".join(secrets.choice(CASE_CODE_ALPHABET) for _ in range(8))


class CaseStatus(models.TextChoices):
    FIRST_CONTACT = "first_contact", "First contact"
    SEEN = "seen", "Seen"
    IN_CARE = "in_care", "In care"
    REFERRED = "referred", "Referred"
    CLOSED = "closed", "Closed"


class Case(PublicModel):
    code = models.CharField(max_length=16, unique=True, default=new_case_code)
    care_centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases")
    assigned_staff = models.ManyToManyField(StaffUser, related_name="assigned_cases", blank=True)
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.FIRST_CONTACT)

    class Meta:
        indexes = [models.Index(fields=["care_centre", "status"])]

    def __str__(self) -> str:
        return f"Case {self.code}"
