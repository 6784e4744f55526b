"""Server-side SVG charts: geometry computed here, drawn by templates/_charts.html.

Each chart is paired on the page with a table of the same figures, so it works without
JavaScript and with a screen reader (the SVG is an image with a title and description; the
table carries the numbers). Colour is never the only signal: bars carry their value as text and
series differ in dash pattern as well as colour.

Horizontal positions are percentages of the chart's width and vertical ones are pixels, with no
viewBox: the chart stretches to its box but is never scaled, so its text keeps the page's
size (a 600-unit viewBox shrunk onto a 343 px phone screen drew 13 px labels at 7 px).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

ROW = 36  # a bar's row: its label on one line, the bar under it
LABEL_Y, BAR_Y, BAR_HEIGHT = 14, 19, 12  # offsets within a row


@dataclass(frozen=True)
class Bar:
    """One horizontal bar: its row, its length as a percentage of the width, and its text."""

    label: str
    y: int
    percent: float
    text: str
    kind: str = "value"  # "value", "benchmark" or "hidden"


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart of shares from 0 to 100%, one labelled row per bar."""

    bars: tuple[Bar, ...]
    height: int
    label_y: int = LABEL_Y
    bar_y: int = BAR_Y
    bar_height: int = BAR_HEIGHT


def whole_percent(share: float) -> str:
    """Return a share from 0 to 1 as '75%' (the web layer passes its own, in the page's language)."""
    return f"{round(100 * share)}%"


def bar_chart(
    rows: list[tuple[str, float | None, str]],
    missing: str = "no answers yet",
    percent: Callable[[float], str] = whole_percent,
) -> BarChart:
    """Lay out bars for (label, share or None, kind) rows; None draws an empty row saying missing."""
    bars = []
    for index, (label, share, kind) in enumerate(rows):
        text = missing if share is None else percent(share)
        bars.append(
            Bar(
                label,
                index * ROW + 2,
                0 if share is None else round(100 * share, 1),
                text,
                "hidden" if share is None else kind,
            )
        )
    return BarChart(tuple(bars), len(rows) * ROW + 4)


@dataclass(frozen=True)
class Series:
    """One line of a line chart: its segments and dots, x in percent of the width and y in pixels."""

    name: str
    segments: tuple[tuple[float, float, float, float], ...]
    dots: tuple[tuple[float, float], ...]
    dash: str


@dataclass(frozen=True)
class LineChart:
    """Shares from 0 to 100% over a sequence of attempts."""

    series: tuple[Series, ...]
    ticks: tuple[tuple[float, str], ...]
    grid: tuple[tuple[float, str], ...]  # (y, label) of the 0%, 50% and 100% lines
    height: int = 220
    top: int = 22  # room for the 100% label above its line
    bottom: int = 30  # room for the attempt numbers


DASHES = ("", "8 4", "2 4", "12 4 2 4")
LEFT, RIGHT = 4.0, 96.0  # the plot's horizontal extent, in percent: dots at the ends stay whole


def line_chart(
    names: list[str],
    columns: list[str],
    values: dict[str, list[float | None]],
    percent: Callable[[float], str] = whole_percent,
) -> LineChart:
    """Lay out one series per name over the given columns (attempts); a None value gets no dot."""
    chart = LineChart((), (), ())
    plot_h = chart.height - chart.top - chart.bottom

    def x(index: int) -> float:
        """Return the horizontal position of a column, in percent."""
        return round(LEFT + (RIGHT - LEFT) * index / (len(columns) - 1), 2) if len(columns) > 1 else 50.0

    series = []
    for index, name in enumerate(names):
        points = [
            (i, round(chart.top + plot_h * (1 - v), 1)) for i, v in enumerate(values.get(name, [])) if v is not None
        ]
        dots = tuple((x(i), y) for i, y in points)
        # A polyline cannot take percentages, so the line is drawn as segments; an attempt without
        # that label (a quiz with no speculation) is stepped over, as the earlier polyline did.
        segments = tuple((x(i), y, x(j), z) for (i, y), (j, z) in pairwise(points))
        series.append(Series(name, segments, dots, DASHES[index % len(DASHES)]))
    ticks = tuple((x(i), column) for i, column in enumerate(columns))
    grid = tuple((round(chart.top + plot_h * (1 - share), 1), percent(share)) for share in (0, 0.5, 1))
    return LineChart(tuple(series), ticks, grid)


def thin_labels(labels: list[str], most: int = 8) -> list[str]:
    """Keep at most `most` evenly spaced axis labels, counted back from the last, so none overlap."""
    step = max(1, -(-len(labels) // most))
    return [label if (len(labels) - 1 - i) % step == 0 else "" for i, label in enumerate(labels)]
