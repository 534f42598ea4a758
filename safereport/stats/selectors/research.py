"""Privacy budgets and their ledger, as the data steward and the researchers read them."""

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from django.db.models import Sum
from django.http import Http404

from safereport.stats.models import PrivacyBudget, ResearchRelease
from safereport.stats.selectors.registry import TABLES, dataset_label


@dataclass(frozen=True)
class BudgetLine:
    budget: PrivacyBudget
    spent: Decimal
    releases: tuple[ResearchRelease, ...]

    @property
    def titled(self) -> list[tuple[ResearchRelease, str]]:
        """Each release with its table's title (never the table's key)."""
        return [(made, str(spec.title) if (spec := TABLES.get(made.table)) else made.table) for made in self.releases]

    @property
    def dataset_label(self) -> str:
        return dataset_label(self.budget.dataset)

    @property
    def left(self) -> Decimal:
        return self.budget.epsilon - self.spent


def budget_overview() -> list[BudgetLine]:
    lines = []
    budgets = PrivacyBudget.objects.select_related("set_by").order_by("-year", "dataset")
    for budget in budgets:
        releases = tuple(budget.releases.select_related("spent_by").order_by("-spent_at", "-pk"))
        total = budget.releases.aggregate(total=Sum("epsilon"))["total"] or Decimal(0)
        spent = Decimal(total).quantize(Decimal("0.001"))  # SQLite sums decimals as floats
        lines.append(BudgetLine(budget=budget, spent=spent, releases=releases))
    return lines


def research_release_get(release_id: UUID) -> ResearchRelease:
    found: ResearchRelease | None = (
        ResearchRelease.objects.select_related("budget", "spent_by").filter(public_id=release_id).first()
    )
    if found is None:
        raise Http404
    return found


def research_release_rows(made: ResearchRelease) -> list[tuple[str, list[int | None], int | None]]:
    """The published noisy table, row by row: label, cells, the row's sum of noisy cells."""
    published = made.published
    return [
        (label, list(cells), total)
        for label, cells, total in zip(
            published.get("rows", []), published.get("cells", []), published.get("row_totals", []), strict=True
        )
    ]
