"""Partnerships: which organisations a care centre may share with, and for what.

An organisation receives nothing from a centre because of its kind or its
name. It receives something only while a partnership with that centre is in
force: recorded with the agreement it rests on, proposed by one person and
approved by a second person of another role of the centre, for named
purposes, and not revoked (docs/adr/0014-trusted-recipients.md).

A partnership row is written once and then only moves forward: approved (or
not), then possibly revoked. What it says (centre, organisation, agreement,
jurisdiction, purposes, the names the person is shown) never changes; a new
agreement is a new partnership. The rule is in core.appendonly.RULES, and the
transitions are guarded by triggers as well (partners/guards.py).
"""

from typing import Any

from django.db import models
from django.db.models import F, Q

from safereport.accounts.models import Organisation, StaffUser
from safereport.core.appendonly import AppendOnlyModel
from safereport.core.models import PublicModel


class Partnership(PublicModel, AppendOnlyModel):
    care_centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="partnerships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="partnerships_received")
    agreement_reference = models.CharField(max_length=120)
    agreement_date = models.DateField()
    # The jurisdiction the agreement says the organisation works in. It must
    # be the organisation's own, and the centre's unless a cross-border reason
    # is written down; an organisation whose recorded jurisdiction changes
    # later falls outside the partnership.
    jurisdiction = models.CharField(max_length=2)
    cross_border_reason = models.TextField(blank=True)
    # Purpose values (safereport.core.purposes) the organisation may receive.
    purposes = models.JSONField(default=list)
    # How the person is told who receives their information, per language
    # ({"en": "The police vice unit of Ghent", "ar": "…"}); English required.
    public_names = models.JSONField(default=dict)

    proposed_by = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="+")
    proposed_role = models.CharField(max_length=30)
    approved_by = models.ForeignKey(StaffUser, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approved_role = models.CharField(max_length=30, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    # Ends a pending proposal (declined) or a partnership in force (revoked). Final.
    revoked_by = models.ForeignKey(StaffUser, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "care_centre"])]
        constraints = [
            models.CheckConstraint(condition=~Q(organisation=F("care_centre")), name="partnership_not_with_itself"),
            # Two people, two roles. Also a trigger (guards.py): SQLite can switch CHECKs off.
            models.CheckConstraint(
                condition=Q(approved_at__isnull=True)
                | (
                    Q(approved_by__isnull=False)
                    & ~Q(approved_by=F("proposed_by"))
                    & ~Q(approved_role=F("proposed_role"))
                    & ~Q(approved_role="")
                ),
                name="partnership_approved_by_a_second_person_of_another_role",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_by__isnull=False),
                name="partnership_revocation_names_who",
            ),
        ]

    def __str__(self) -> str:
        return f"Partnership {self.public_id}"

    @property
    def is_pending(self) -> bool:
        return self.approved_at is None and self.revoked_at is None

    @property
    def in_force(self) -> bool:
        return self.approved_at is not None and self.revoked_at is None

    def covers(self, purpose: Any) -> bool:
        return str(purpose) in self.purposes
