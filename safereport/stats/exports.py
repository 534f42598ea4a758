"""CSV and JSON of a released table, with the metadata sheet that says what the numbers are (ADR 0029).

Hidden cells are empty in the CSV and null in the JSON, never a code that
says why: small and complementary suppressions look the same.
"""

import csv
import io
from typing import Any

from django.utils import timezone

from safereport.stats.selectors import Released
from safereport.stats.selectors.compare import Comparison


def metadata(released: Released) -> list[tuple[str, str]]:
    spec = released.spec
    lines = [
        ("title", str(spec.title)),
        ("description", str(spec.description)),
        ("rows", str(spec.rows_are)),
        ("columns", str(spec.columns_are)),
        ("period", f"{released.scope.year}-01-01 to {released.scope.year}-12-31"),
        ("jurisdiction", released.scope.jurisdiction or "all"),
        ("care centres", "all in scope" if released.scope.centre_ids is None else "the reader's own centre"),
        ("suppression", f"counts of 1 to {released.rules.threshold} are hidden, with enough other cells that none can be worked out from the totals"),
        ("hidden cells", str(released.hidden_cells)),
        ("unstable", f"a rate based on {released.rules.unstable_at} or fewer events is unstable"),
        ("differential privacy", "none: exact counts after suppression (research releases add noise)"),
        ("generated", timezone.now().isoformat(timespec="seconds")),
    ]
    if spec.sensitive:
        lines.append(("migration-related", "yes: no unit below the threshold shows any figure"))
    lines.extend(("definition", str(d)) for d in spec.definitions)
    return lines


def as_csv(released: Released) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    median = str(released.spec.median_label)
    writer.writerow([str(released.spec.rows_are), *released.column_labels, "Total", *([median] if median else [])])
    for row in released.rows:
        medians = [_median(row.median)] if median else []
        writer.writerow([row.label, *(_cell(c.value) for c in row.cells), _cell(row.total.value), *medians])
    writer.writerow(["Total", *(_cell(c.value) for c in released.totals.cells), _cell(released.totals.total.value)])
    return out.getvalue()


def metadata_csv(released: Released) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["field", "value"])
    writer.writerows(metadata(released))
    return out.getvalue()


def as_json(released: Released) -> dict[str, Any]:
    return {
        "metadata": [{"field": k, "value": v} for k, v in metadata(released)],
        "columns": list(released.column_labels),
        "rows": [
            {
                "label": row.label,
                "cells": [c.value for c in row.cells],
                "total": row.total.value,
                **({"median": row.median} if released.spec.median_label else {}),
                **({"no_data_reported": True} if row.no_data else {}),
            }
            for row in released.rows
        ],
        "totals": {"cells": [c.value for c in released.totals.cells], "total": released.totals.total.value},
    }


def _median(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _cell(value: int | None) -> str:
    return "" if value is None else str(value)


def comparison_csv(comparison: Comparison) -> str:
    """The comparison as published: one column per figure, in words where no rate is shown (never a hidden value)."""
    from safereport.stats.charts import rate_words

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(comparison.rows_are), *(str(m.label) for m in comparison.measures)])
    for row in comparison.rows:
        writer.writerow([row.label, *(rate_words(cell) for cell in row.cells)])
    writer.writerow([])
    writer.writerow(["definitions"])
    for measure in comparison.measures:
        writer.writerow([str(measure.label), str(measure.definition)])
    return out.getvalue()
