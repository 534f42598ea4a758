"""The tables statistics can publish, and where their counts come from.

Each fact source (an app's event or state tables) registers its tables here,
from a module of this package named after it (`cases`, `consent`, `evidence`,
`police`). The relief app's certification figures (requests, signed, denied,
overdue, per certifying agency) go in `selectors/relief.py` the same way:
`register(TableSpec(..., source="relief", oversight=True))` with one row per
certifying agency (those with nothing marked in `Counts.no_data`), imported in
`selectors/__init__.py`; the comparison page (`compare.py`) then takes its rates. A table is a
function from a `Scope` to `Counts`; everything after that (the release rules,
charts, exports, noise) is the same for every table.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

UTC = ZoneInfo("UTC")


def jurisdiction_label(code: str) -> str:
    """A jurisdiction's name in the reader's language (CLDR territory names), never its code."""
    try:
        locale = Locale.parse(translation.get_language() or "en", sep="-")
    except (UnknownLocaleError, ValueError):
        locale = Locale("en")
    return str(locale.territories.get(code, code))


def stats_database() -> str:
    """The database statistics read from: a replica when SAFEREPORT_STATS_DATABASE_URL names one."""
    return "stats" if "stats" in settings.DATABASES else "default"


@dataclass(frozen=True)
class Scope:
    """Which facts a table counts: one calendar year, optionally one jurisdiction, optionally some centres."""

    year: int
    jurisdiction: str = ""
    # None: every care centre; otherwise only these (a centre's own managers).
    centre_ids: frozenset[int] | None = None

    @property
    def starts(self) -> datetime:
        return datetime(self.year, 1, 1, tzinfo=UTC)

    @property
    def ends(self) -> datetime:
        return datetime(self.year + 1, 1, 1, tzinfo=UTC)

    @property
    def centres_key(self) -> str:
        return "" if self.centre_ids is None else ",".join(str(pk) for pk in sorted(self.centre_ids))

    def as_filters(self) -> dict[str, str | int]:
        return {"year": self.year, "jurisdiction": self.jurisdiction or "all"}


@dataclass(frozen=True)
class Counts:
    """A table of counts before the release rules: labels and integers, nothing about anyone."""

    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    values: tuple[tuple[int, ...], ...]
    # Rows of organisations that recorded nothing at all in the period: shown as "no data", not as zeros.
    no_data: frozenset[int] = frozenset()
    # A median per row where the table has one (days to reply): shown only beside a published row
    # total above the threshold (release.py), never on its own.
    medians: tuple[float | None, ...] = ()


@dataclass(frozen=True)
class TableSpec:
    key: str
    title: str | Promise
    description: str | Promise
    rows_are: str | Promise
    columns_are: str | Promise
    source: str  # the app whose event or state tables are counted
    count: Callable[[Scope], Counts]
    definitions: tuple[str | Promise, ...] = ()
    # Touches migration-related events: no unit below the threshold shows anything.
    sensitive: bool = False
    # Per police unit or certifying agency (oversight); otherwise per care centre.
    oversight: bool = False
    # The privacy-budget dataset a research release of this table spends from.
    dataset: str = field(default="")
    # The heading of the median column, where the counts carry medians.
    median_label: str | Promise = ""

    @property
    def budget_dataset(self) -> str:
        return self.dataset or self.source

    @property
    def budget_dataset_label(self) -> str:
        return dataset_label(self.budget_dataset)


TABLES: dict[str, TableSpec] = {}


def register(spec: TableSpec) -> TableSpec:
    if spec.key in TABLES:
        raise ValueError(f"statistics table {spec.key!r} is registered twice")
    TABLES[spec.key] = spec
    return spec


def table_spec(key: str) -> TableSpec | None:
    return TABLES.get(key)


def datasets() -> list[str]:
    return sorted({spec.budget_dataset for spec in TABLES.values()})


# A dataset's name on the pages (the code stays in the database and the audit trail).
DATASET_NAMES: dict[str, Promise] = {
    "cases": gettext_lazy("Cases"),
    "consent": gettext_lazy("Consent"),
    "evidence": gettext_lazy("Evidence"),
    "police": gettext_lazy("Police"),
    "relief": gettext_lazy("Residence-rights procedures"),
}


def dataset_label(code: str) -> str:
    return str(DATASET_NAMES.get(code, code.capitalize()))
