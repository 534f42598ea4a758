"""Bar charts drawn on the server as SVG geometry (no JavaScript): one bar per row total of a released table.

A hidden total draws no bar and says "hidden"; the table beside the chart
carries every number, so the chart adds nothing a reader could not see.
"""

from dataclasses import dataclass

from safereport.stats.selectors import Released

WIDTH = 640
LABEL_WIDTH = 220
BAR_HEIGHT = 22
GAP = 8
TOP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None
    y: int
    width: int

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 6

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 6


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    height: int
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT
    label_x: int = LABEL_WIDTH - 8


def bar_chart(released: Released) -> Chart:
    values = [row.total.value for row in released.rows]
    largest = max((v for v in values if v is not None), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 60
    bars = tuple(
        Bar(
            label=row.label,
            value=row.total.value,
            y=TOP + i * (BAR_HEIGHT + GAP),
            width=0 if row.total.value is None else round(room * row.total.value / largest),
        )
        for i, row in enumerate(released.rows)
    )
    return Chart(bars=bars, height=TOP * 2 + len(bars) * (BAR_HEIGHT + GAP))
