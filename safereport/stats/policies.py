"""Release rules: what of a table of counts may be published (docs/adr/0029-statistics.md).

Pure functions over integers; the views, charts and exports all go through
`protect()`, so an analyst's own screen shows no more than a publication.

The table is seen with its margins, as it is published: an (m+1)×(n+1) grid
whose last column holds the row totals, whose last row holds the column totals
and whose corner holds the grand total. The rules:

1. **Primary suppression**: every cell (margins included) of 1 to `threshold`
   is suppressed. Zero is published.
2. **Sensitive tables** (anything touching migration-related events): in a row
   whose total is suppressed, every cell is suppressed, zeros too, so no unit
   below the threshold shows anything.
3. **Complementary suppression**: further cells are suppressed until no
   suppressed cell can be recovered exactly from what is published, by any
   combination of the row and column sums and non-negativity.
4. Percentages are published only where both the cell and its denominator are
   published (a percentage of a published cell reveals a suppressed total).
5. A rate based on `unstable_at` or fewer events is flagged unstable.

Why the exact check is a cycle search (the property tests check it against a
brute-force enumeration): the published sums give one equation per row and per
column of the grid; each cell appears in one row equation and one column
equation, with coefficient +1, or -1 where it is that equation's total. The
suppressed cells are then the edges of a bipartite graph (rows × columns) and
the solutions of the equations differ from the true table by sums of signed
cycles of that graph (the matrix is a network matrix, so its circuits are
simple cycles with ±1 entries). A suppressed cell takes another value in some
non-negative integer solution exactly when one cycle through it can be moved
by ±1 without taking a cell below zero. `_movable()` searches for such a
cycle, breadth first: the graph is balanced, so a cell's change along a cycle
depends only on the direction the cycle walks it, and a shortest path from
the cell's column back to its row is such a cycle.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

HOUSE_THRESHOLD = 10  # cells of 1..10 are never published (CMS; wave2-facts §5.2)
UNSTABLE_AT = 20  # a rate based on 20 or fewer events is unstable (CDC WISQARS)

Position = tuple[int, int]


class CellState(StrEnum):
    PUBLISHED = "published"
    SMALL = "small"  # primary: 1..threshold
    COMPLEMENTARY = "complementary"  # suppressed so that a small cell cannot be worked out


@dataclass(frozen=True)
class ReleaseRules:
    threshold: int = HOUSE_THRESHOLD
    unstable_at: int = UNSTABLE_AT

    def __post_init__(self) -> None:
        if self.threshold < HOUSE_THRESHOLD:
            raise ValueError(f"the suppression threshold may be raised, never set below {HOUSE_THRESHOLD}")
        if self.unstable_at < self.threshold:
            raise ValueError("rates are unstable at least up to the suppression threshold")


@dataclass(frozen=True)
class Protected:
    """The grid with margins (`values`, true counts) and what may be shown of each cell."""

    values: tuple[tuple[int, ...], ...]
    states: tuple[tuple[CellState, ...], ...]

    @property
    def rows(self) -> int:
        return len(self.values)

    @property
    def columns(self) -> int:
        return len(self.values[0])

    def shown(self, i: int, j: int) -> int | None:
        """The published value, or None where suppressed."""
        return self.values[i][j] if self.states[i][j] is CellState.PUBLISHED else None

    def suppressed(self) -> frozenset[Position]:
        return frozenset(
            (i, j) for i in range(self.rows) for j in range(self.columns) if self.states[i][j] is not CellState.PUBLISHED
        )

    def share(self, i: int, j: int) -> float | None:
        """The cell as a percentage of its row total, only where both are published."""
        cell, total = self.shown(i, j), self.shown(i, self.columns - 1)
        if cell is None or not total:
            return None
        return 100.0 * cell / total


def with_margins(table: Sequence[Sequence[int]]) -> tuple[tuple[int, ...], ...]:
    """The grid as published: each row with its total, then the column totals and the grand total."""
    if not table or not table[0]:
        raise ValueError("a table has at least one row and one column")
    width = len(table[0])
    if any(len(row) != width for row in table):
        raise ValueError("every row of a table has the same number of cells")
    if any(v < 0 for row in table for v in row):
        raise ValueError("counts are never negative")
    rows = [(*row, sum(row)) for row in table]
    totals = tuple(sum(row[j] for row in rows) for j in range(width + 1))
    return (*(tuple(r) for r in rows), totals)


def _sign(grid_rows: int, grid_columns: int, cell: Position, node: tuple[str, int]) -> int:
    """The cell's coefficient in a row ("r", i) or column ("c", j) equation: -1 where it is that equation's total."""
    i, j = cell
    if node[0] == "r":
        return -1 if j == grid_columns - 1 else 1
    return -1 if i == grid_rows - 1 else 1


def _potential(grid_rows: int, grid_columns: int, node: tuple[str, int]) -> int:
    """A sign per row and column of the grid such that a move's delta on a cell depends only on the
    direction it is walked in (the grid's signed graph is balanced: every cycle has an even number of
    margin cells, so this potential exists; see the module docstring)."""
    if node[0] == "r":
        return -1 if node[1] == grid_rows - 1 else 1
    return 1 if node[1] == grid_columns - 1 else -1


def _movable(values: Sequence[Sequence[int]], suppressed: frozenset[Position], target: Position) -> bool:
    """Whether another non-negative solution gives `target` a different value (see the module's docstring).

    A breadth-first search from the target's column back to its row over the other suppressed
    cells: walking a cell in one direction raises it by one, in the other lowers it by one, which
    a cell at zero cannot take. A shortest path repeats no row or column, so it closes a simple
    cycle with the target: the ±1 move along that cycle is another solution.
    """
    rows, columns = len(values), len(values[0])
    by_row: dict[int, list[Position]] = {}
    by_column: dict[int, list[Position]] = {}
    for cell in suppressed:
        if cell == target:
            continue
        by_row.setdefault(cell[0], []).append(cell)
        by_column.setdefault(cell[1], []).append(cell)
    start, goal = ("c", target[1]), ("r", target[0])
    for delta in (1, -1):
        if delta < 0 and values[target[0]][target[1]] < 1:
            continue
        # g(node) = (sign of the entering cell at node) × (its delta), a fixed multiple of the potential.
        scale = _sign(rows, columns, target, start) * delta * _potential(rows, columns, start)
        seen = {start}
        frontier = [start]
        while frontier:
            following: list[tuple[str, int]] = []
            for node in frontier:
                g = scale * _potential(rows, columns, node)
                for cell in by_row.get(node[1], []) if node[0] == "r" else by_column.get(node[1], []):
                    step = -g * _sign(rows, columns, cell, node)
                    if step < 0 and values[cell[0]][cell[1]] < 1:
                        continue
                    nxt = ("c", cell[1]) if node[0] == "r" else ("r", cell[0])
                    if nxt == goal:
                        return True
                    if nxt not in seen:
                        seen.add(nxt)
                        following.append(nxt)
            frontier = following
    return False


def recoverable(values: Sequence[Sequence[int]], suppressed: frozenset[Position]) -> frozenset[Position]:
    """The suppressed cells whose value the published cells and margins fix exactly."""
    return frozenset(cell for cell in suppressed if not _movable(values, suppressed, cell))


def protect(table: Sequence[Sequence[int]], rules: ReleaseRules = ReleaseRules(), *, sensitive: bool = False) -> Protected:
    """Apply the release rules to a table of counts (without margins; they are added here)."""
    values = with_margins(table)
    rows, columns = len(values), len(values[0])
    small = {(i, j) for i in range(rows) for j in range(columns) if 1 <= values[i][j] <= rules.threshold}
    suppressed = set(small)
    if sensitive:
        for i in range(rows):
            if (i, columns - 1) in small:
                suppressed.update((i, j) for j in range(columns))
    while True:
        exposed = sorted(recoverable(values, frozenset(suppressed)))
        if not exposed:
            break
        cell = exposed[0]
        rectangle = _cheapest_rectangle(values, frozenset(suppressed), cell)
        if rectangle:
            suppressed.update(rectangle)
            continue
        # No rectangle frees it (zeros pin it down): take the cheapest cell of its row or column, then look again.
        candidates = [
            (i, j)
            for (i, j) in {(cell[0], j) for j in range(columns)} | {(i, cell[1]) for i in range(rows)}
            if (i, j) not in suppressed
        ] or [(i, j) for i in range(rows) for j in range(columns) if (i, j) not in suppressed]
        if not candidates:
            break  # nothing is published, so nothing can be worked out
        suppressed.add(min(candidates, key=lambda c: (values[c[0]][c[1]] == 0, values[c[0]][c[1]], c)))
    states = tuple(
        tuple(
            CellState.SMALL
            if (i, j) in small
            else CellState.COMPLEMENTARY
            if (i, j) in suppressed
            else CellState.PUBLISHED
            for j in range(columns)
        )
        for i in range(rows)
    )
    return Protected(values=values, states=states)


def _cheapest_rectangle(
    values: Sequence[Sequence[int]], suppressed: frozenset[Position], cell: Position
) -> frozenset[Position]:
    """The fewest counts to hide so that `cell` can move: the corners of one rectangle through it (or nothing)."""
    rows, columns = len(values), len(values[0])
    best: tuple[tuple[int, int, int], frozenset[Position]] | None = None
    for i in range(rows):
        for j in range(columns):
            if i == cell[0] or j == cell[1]:
                continue
            new = frozenset({(cell[0], j), (i, cell[1]), (i, j)}) - suppressed
            if not new:
                continue
            lost = sum(values[a][b] for a, b in new)
            cost = (lost, len(new), sum(1 for a, b in new if values[a][b] == 0))
            if best is not None and cost >= best[0]:
                continue
            if _movable(values, suppressed | new, cell):
                best = (cost, new)
    return best[1] if best else frozenset()


@dataclass(frozen=True)
class Rate:
    value: float | None  # None: not published
    unstable: bool


def rate(numerator: int | None, denominator: int | None, rules: ReleaseRules = ReleaseRules()) -> Rate:
    """A proportion of two published counts; unstable when based on `unstable_at` or fewer events."""
    if numerator is None or not denominator:
        return Rate(None, False)
    return Rate(100.0 * numerator / denominator, numerator <= rules.unstable_at)


def summary_shown(count: int, rules: ReleaseRules = ReleaseRules()) -> bool:
    """Whether a statistic over `count` cases (a median, say) may be published: not over 1..threshold of them."""
    return not 1 <= count <= rules.threshold
