"""The statistics app's own tables: the release rules in force, privacy budgets and their ledger.

No table here holds a fact about a person: the counts are computed from the
other apps' event and state tables when asked (selectors), and a research
release keeps only the noisy counts it published.
"""

from decimal import Decimal

from django.db import models
from django.utils import timezone

from safereport.accounts.models import StaffUser
from safereport.core.appendonly import AppendOnlyModel
from safereport.core.models import PublicModel
from safereport.stats.policies import HOUSE_THRESHOLD, UNSTABLE_AT


class ReleaseRuleChange(PublicModel, AppendOnlyModel):
    """The data steward's release rules; the newest row is in force, the older ones say what was."""

    threshold = models.PositiveSmallIntegerField(default=HOUSE_THRESHOLD)
    unstable_at = models.PositiveSmallIntegerField(default=UNSTABLE_AT)
    reason = models.CharField(max_length=300)
    set_by = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-set_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(threshold__gte=HOUSE_THRESHOLD), name="stats_threshold_never_below_house_minimum"
            ),
            models.CheckConstraint(
                condition=models.Q(unstable_at__gte=models.F("threshold")), name="stats_unstable_at_least_threshold"
            ),
        ]


class PrivacyBudget(PublicModel, AppendOnlyModel):
    """How much privacy loss (ε) one dataset may spend in one calendar year. Set once; never raised."""

    dataset = models.CharField(max_length=60)
    year = models.PositiveSmallIntegerField()
    epsilon = models.DecimalField(max_digits=6, decimal_places=3)
    set_by = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dataset", "year"], name="stats_one_budget_per_dataset_and_year"),
            models.CheckConstraint(condition=models.Q(epsilon__gt=Decimal(0)), name="stats_budget_positive"),
        ]


class ResearchRelease(PublicModel, AppendOnlyModel):
    """One line of a budget's ledger: who spent how much on which release, and what was published."""

    budget = models.ForeignKey(PrivacyBudget, on_delete=models.PROTECT, related_name="releases")
    table = models.CharField(max_length=60)
    epsilon = models.DecimalField(max_digits=6, decimal_places=3)
    # Of the discrete Laplace noise added to each count (sensitivity 1: scale = 1 / ε).
    scale = models.DecimalField(max_digits=9, decimal_places=4)
    filters = models.JSONField(default=dict)
    # The noisy table as published: row and column labels, counts, the invariants kept exact.
    published = models.JSONField(default=dict)
    spent_by = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="+")
    spent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-spent_at", "-pk"]
        constraints = [models.CheckConstraint(condition=models.Q(epsilon__gt=Decimal(0)), name="stats_spend_positive")]


class MaterialisedCounts(models.Model):
    """The counts of one table for a closed year and one scope, computed once (`safereport stats materialise`).

    Only labels and integers, as `Counts` holds them; the release rules in force
    are applied when they are read, so a stricter threshold still holds.
    """

    table = models.CharField(max_length=60)
    year = models.PositiveSmallIntegerField()
    # The scope: a jurisdiction code or "" (all), and the centres' ids ("" = every centre).
    jurisdiction = models.CharField(max_length=2, blank=True)
    centres = models.CharField(max_length=200, blank=True)
    counts = models.JSONField()
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["table", "year", "jurisdiction", "centres"], name="stats_one_materialised_table_per_scope"
            )
        ]

    def __str__(self) -> str:
        return f"{self.table} {self.year}"


class BudgetYearClosing(AppendOnlyModel):
    """The year-end line of the privacy-budget ledger: a data year's budgets closed for good (ADR 0031).

    A data year's budgets stay open through the following calendar year (a complete
    year's figures exist only once it has ended); the year-end run then closes them:
    what each dataset spent and left is written here, and no release spends from
    that year again. One row per year; `safereport stats year-end` writes it.
    """

    year = models.PositiveSmallIntegerField(unique=True)
    # {dataset: {"budget": "1.000", "spent": "0.500"}} as it stood at the close.
    ledger = models.JSONField(default=dict)
    closed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"budget year {self.year} closed"
