"""Bar charts drawn on the server as SVG geometry (no JavaScript): one bar per row total of a released table.

A hidden total draws no bar and says "hidden"; the table beside the chart
carries every number, so the chart adds nothing a reader could not see.
"""

from dataclasses import dataclass

from safereport.stats.selectors import Released
from safereport.stats.selectors.compare import Comparison, RateCell

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


@dataclass(frozen=True)
class RateBar:
    label: str
    text: str  # the rate in words ("45 %", "45 % (unstable)", "hidden", "no data reported")
    y: int
    width: int
    drawn: bool

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 6

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 6


@dataclass(frozen=True)
class RateChart:
    title: str
    bars: tuple[RateBar, ...]
    height: int
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT
    label_x: int = LABEL_WIDTH - 8


def rate_chart(title: str, bars: list[tuple[str, float | None, str]]) -> RateChart:
    """One bar per unit on a 0–100 % scale; a rate not shown draws no bar and says why in words."""
    room = WIDTH - LABEL_WIDTH - 160
    drawn = tuple(
        RateBar(
            label=label,
            text=text,
            y=TOP + i * (BAR_HEIGHT + GAP),
            width=0 if percent is None else round(room * min(percent, 100.0) / 100),
            drawn=percent is not None,
        )
        for i, (label, percent, text) in enumerate(bars)
    )
    return RateChart(title=title, bars=drawn, height=TOP * 2 + len(drawn) * (BAR_HEIGHT + GAP))


def rate_words(cell: RateCell) -> str:
    """A compared figure in words, the same on the page, in the chart and in the CSV."""
    from django.utils.translation import gettext as _

    if cell.missing:
        return _("not counted here")
    if cell.no_data:
        return _("no data reported")
    if cell.median is not None:
        return _("%(days)s days") % {"days": f"{cell.median:g}"}
    if cell.percent is None:
        return _("hidden")
    words = f"{cell.percent:.0f} %"
    return _("%(rate)s (unstable)") % {"rate": words} if cell.unstable else words


def comparison_charts(comparison: Comparison) -> list[RateChart]:
    """A chart per rate of a comparison (medians are in the table only)."""
    charts = []
    for j, measure in enumerate(comparison.measures):
        if measure.median:
            continue
        charts.append(
            rate_chart(
                str(measure.label),
                [(row.label, row.cells[j].percent, rate_words(row.cells[j])) for row in comparison.rows],
            )
        )
    return charts
