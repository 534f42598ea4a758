"""The release rules: no small count is shown, and none can be worked out from what is shown.

The exactness check here is independent of the cycle search in policies.py:
for every suppressed cell it looks for a witness, another table of
non-negative integers that agrees with every published cell and every row and
column sum and gives that cell another value. A witness is a proof that the
cell cannot be recovered; the search (constraint propagation over the box of
±1 around the true values) is exhaustive inside that box.
"""

from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safereport.stats.policies import (
    CellState,
    ReleaseRules,
    protect,
    rate,
    recoverable,
    summary_shown,
    with_margins,
)

Position = tuple[int, int]


def equations(rows: int, columns: int) -> list[list[tuple[Position, int]]]:
    """Every published sum of the grid, as (cell, coefficient) lists that add up to zero."""
    found = []
    for i in range(rows):
        found.append([((i, j), 1) for j in range(columns - 1)] + [((i, columns - 1), -1)])
    for j in range(columns):
        found.append([((i, j), 1) for i in range(rows - 1)] + [((rows - 1, j), -1)])
    return found


def witness(grid: Sequence[Sequence[int]], suppressed: frozenset[Position], cell: Position) -> dict | None:
    """Another consistent table (values of the suppressed cells) in which `cell` differs, or None."""
    rows, columns = len(grid), len(grid[0])
    sums = equations(rows, columns)
    for start in (grid[cell[0]][cell[1]] - 1, grid[cell[0]][cell[1]] + 1):
        if start < 0:
            continue
        found = _solve({cell: start}, grid, suppressed, sums)
        if found is not None:
            return found
    return None


def _solve(assigned: dict, grid, suppressed, sums) -> dict | None:
    assigned = dict(assigned)
    # Propagate: an equation with one unknown left fixes it.
    changed = True
    while changed:
        changed = False
        for equation in sums:
            unknown = [(c, k) for c, k in equation if c in suppressed and c not in assigned]
            known = sum(k * (assigned[c] if c in assigned else grid[c[0]][c[1]]) for c, k in equation if not (c in suppressed and c not in assigned))
            if not unknown:
                if known != 0:
                    return None
            elif len(unknown) == 1:
                c, k = unknown[0]
                value = -known * k  # k is ±1
                if value < 0 or abs(value - grid[c[0]][c[1]]) > 1:
                    return None
                assigned[c] = value
                changed = True
    free = [c for c in sorted(suppressed) if c not in assigned]
    if not free:
        return assigned
    c = free[0]
    for value in (grid[c[0]][c[1]] - 1, grid[c[0]][c[1]], grid[c[0]][c[1]] + 1):
        if value >= 0:
            found = _solve({**assigned, c: value}, grid, suppressed, sums)
            if found is not None:
                return found
    return None


counts = st.one_of(st.integers(0, 12), st.integers(0, 60))
tables = st.integers(1, 4).flatmap(lambda width: st.lists(st.lists(counts, min_size=width, max_size=width), min_size=1, max_size=4))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=tables, sensitive=st.booleans())
def test_no_published_cell_is_a_small_count(table, sensitive):
    protected = protect(table, sensitive=sensitive)
    for i in range(protected.rows):
        for j in range(protected.columns):
            shown = protected.shown(i, j)
            assert shown is None or not 1 <= shown <= 10


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=tables, sensitive=st.booleans())
def test_no_suppressed_cell_can_be_worked_out_from_the_published_margins(table, sensitive):
    protected = protect(table, sensitive=sensitive)
    for cell in sorted(protected.suppressed()):
        assert witness(protected.values, protected.suppressed(), cell) is not None, (
            f"{cell} of {protected.values} is fixed by what is published"
        )


@settings(max_examples=100, deadline=None)
@given(table=tables, threshold=st.integers(10, 30))
def test_a_steward_raising_the_threshold_hides_everything_up_to_it(table, threshold):
    protected = protect(table, ReleaseRules(threshold=threshold, unstable_at=max(20, threshold)))
    assert all(
        protected.shown(i, j) is None or not 1 <= protected.shown(i, j) <= threshold
        for i in range(protected.rows)
        for j in range(protected.columns)
    )


def test_a_single_small_cell_in_a_row_takes_a_partner_with_it():
    # Row totals 57 and 40, column totals: without a second suppression, 57 - 50 = 7.
    protected = protect([[50, 7], [20, 20]])
    assert protected.states[0][1] is CellState.SMALL
    hidden = protected.suppressed()
    assert len(hidden) >= 4, "one small cell in a 2 × 2 table needs a rectangle of four"
    assert recoverable(protected.values, hidden) == frozenset()


def test_the_cycle_search_sees_a_cell_fixed_by_its_row_total():
    grid = with_margins([[50, 7], [20, 20]])
    assert recoverable(grid, frozenset({(0, 1)})) == {(0, 1)}
    assert recoverable(grid, frozenset({(0, 1), (0, 0)})) == {(0, 1), (0, 0)}, "the column totals still give both"
    assert recoverable(grid, frozenset({(0, 0), (0, 1), (1, 0), (1, 1)})) == frozenset()


def test_a_published_zero_total_pins_the_suppressed_cells_around_it():
    # The first column adds up to 0, so both its cells are 0 and the 5 is its row total: a
    # rectangle of suppressed cells is not enough when one side of it cannot go below zero.
    grid = with_margins([[0, 5], [0, 30]])
    assert recoverable(grid, frozenset({(0, 0), (0, 1), (1, 0), (1, 1)})) == {(0, 0), (0, 1), (1, 0), (1, 1)}
    protected = protect([[0, 5], [0, 30]])
    assert recoverable(protected.values, protected.suppressed()) == frozenset()


def test_zero_is_published_and_a_table_of_zeros_shows_everything():
    protected = protect([[0, 0], [0, 0]])
    assert protected.suppressed() == frozenset()


def test_a_unit_below_the_threshold_shows_nothing_in_a_sensitive_table():
    protected = protect([[0, 4, 0], [30, 40, 50], [25, 35, 45]], sensitive=True)
    assert all(protected.shown(0, j) is None for j in range(protected.columns))
    plain = protect([[0, 4, 0], [30, 40, 50], [25, 35, 45]])
    assert any(plain.shown(0, j) == 0 for j in range(plain.columns)), "elsewhere a zero is a zero"


def test_percentages_only_where_the_denominator_is_published():
    protected = protect([[3, 4, 0], [50, 60, 70], [40, 45, 55]])
    assert protected.shown(0, 3) is None  # row total 7
    assert protected.share(0, 2) is None, "a percentage of the published zero would still be shown against a hidden total"
    shown = [(i, j) for i in (1, 2) for j in range(3) if protected.shown(i, j) is not None and protected.shown(i, 3)]
    assert shown, "the large rows keep something to show"
    i, j = shown[0]
    assert protected.share(i, j) == pytest.approx(100 * protected.values[i][j] / protected.values[i][3])


def test_rates_on_twenty_or_fewer_events_are_unstable():
    assert rate(20, 100).unstable
    assert not rate(21, 100).unstable
    assert rate(None, 100).value is None
    assert rate(5, 0).value is None


def test_a_median_over_one_to_ten_cases_is_not_shown():
    assert not summary_shown(10)
    assert summary_shown(11)
    assert summary_shown(0)


def test_the_threshold_can_be_raised_never_lowered():
    with pytest.raises(ValueError):
        ReleaseRules(threshold=5)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=tables)
def test_the_cycle_search_agrees_with_the_witness_search_on_any_suppression(table):
    # Both directions: a cell the search calls fixed has no witness, and one it calls free has one.
    grid = with_margins(table)
    small = frozenset(
        (i, j) for i in range(len(grid)) for j in range(len(grid[0])) if 1 <= grid[i][j] <= 10
    )
    fixed = recoverable(grid, small)
    for cell in small:
        assert (cell in fixed) == (witness(grid, small, cell) is None), cell
