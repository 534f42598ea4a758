"""Reads of the statistics app (split by concern; the names below are its public face).

registry   the tables, their scope and counts, the database they are read from
cases, consent   the fact sources registered so far (evidence and police add theirs)
release    a table through the release rules in force, scoped to the person asking
research   privacy budgets and their ledger
"""

from safereport.stats.selectors import cases, consent  # noqa: F401  (registers their tables)
from safereport.stats.selectors.registry import (
    TABLES,
    Counts,
    Scope,
    TableSpec,
    datasets,
    stats_database,
    table_spec,
)
from safereport.stats.selectors.release import (
    Released,
    Shown,
    ShownRow,
    release,
    released_from,
    rule_history,
    rules_in_force,
    scope_for,
    sees_every_centre,
    tables_for,
)

__all__ = [
    "TABLES",
    "Counts",
    "Released",
    "Scope",
    "Shown",
    "ShownRow",
    "TableSpec",
    "datasets",
    "release",
    "released_from",
    "rule_history",
    "rules_in_force",
    "scope_for",
    "sees_every_centre",
    "stats_database",
    "table_spec",
    "tables_for",
]
