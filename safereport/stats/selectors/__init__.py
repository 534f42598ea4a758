"""Reads of the statistics app (split by concern; the names below are its public face).

registry   the tables, their scope and counts, the database they are read from
cases, consent, evidence, police   the fact sources (relief adds selectors/relief.py the same way)
release    a table through the release rules in force, scoped to the person asking
research   privacy budgets and their ledger
"""

from safereport.stats.selectors import cases, consent, evidence, police, relief  # noqa: F401  (registers their tables)
from safereport.stats.selectors.cases import jurisdictions
from safereport.stats.selectors.compare import Comparison, comparison, comparisons
from safereport.stats.selectors.registry import (
    TABLES,
    Counts,
    Scope,
    TableSpec,
    dataset_label,
    datasets,
    stats_database,
    table_spec,
)
from safereport.stats.selectors.release import (
    Released,
    Shown,
    ShownRow,
    release,
    released_for,
    released_from,
    rule_history,
    rules_in_force,
    scope_for,
    sees_every_centre,
    spec_for,
    tables_for,
)
from safereport.stats.selectors.research import (
    BudgetLine,
    budget_overview,
    research_release_get,
    research_release_rows,
)

__all__ = [
    "Comparison",
    "comparison",
    "comparisons",
    "TABLES",
    "BudgetLine",
    "budget_overview",
    "research_release_get",
    "research_release_rows",
    "Counts",
    "Released",
    "Scope",
    "Shown",
    "ShownRow",
    "TableSpec",
    "dataset_label",
    "datasets",
    "jurisdictions",
    "release",
    "released_for",
    "released_from",
    "rule_history",
    "rules_in_force",
    "scope_for",
    "sees_every_centre",
    "spec_for",
    "stats_database",
    "table_spec",
    "tables_for",
]
