"""Server-side SVG charts: geometry computed here, drawn by templates/_charts.html.

Each chart is paired on the page with a table of the same figures, so it works without
JavaScript and with a screen reader (the SVG is an image with a title and description; the
table carries the numbers). Colour is never the only signal: bars carry their value as text and
series differ in dash pattern as well as colour.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, ROW, LABEL_WIDTH = 600, 28, 170


@dataclass(frozen=True)
class Bar:
    """One horizontal bar: its row, its length and the text beside it."""

    label: str
    y: int
    length: float
    text: str
    kind: str = "value"  # "value", "benchmark" or "hidden"


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart of shares from 0 to 100%."""

    bars: tuple[Bar, ...]
    height: int
    width: int = WIDTH
    label_width: int = LABEL_WIDTH

    @property
    def plot_width(self) -> int:
        """Return the width available to a bar at 100%."""
        return self.width - self.label_width - 60


def bar_chart(rows: list[tuple[str, float | None, str]], missing: str = "no answers yet") -> BarChart:
    """Lay out bars for (label, share or None, kind) rows; None draws an empty row saying missing."""
    plot = WIDTH - LABEL_WIDTH - 60
    bars = []
    for index, (label, share, kind) in enumerate(rows):
        text = missing if share is None else f"{round(100 * share)}%"
        bars.append(Bar(label, index * ROW + 4, 0 if share is None else plot * share, text,
                        "hidden" if share is None else kind))
    return BarChart(tuple(bars), len(rows) * ROW + 8)


@dataclass(frozen=True)
class Series:
    """One line of a line chart."""

    name: str
    points: str  # "x,y x,y" for an SVG polyline
    dots: tuple[tuple[float, float], ...]
    dash: str


@dataclass(frozen=True)
class LineChart:
    """Shares from 0 to 100% over a sequence of attempts."""

    series: tuple[Series, ...]
    ticks: tuple[tuple[float, str], ...]
    width: int = WIDTH
    height: int = 220
    top: int = 10
    left: int = 48  # room for "100%" beside the axis
    bottom: int = 30
    right: int = 28  # room for half of the last label, centred on its point


DASHES = ("", "8 4", "2 4", "12 4 2 4")


def line_chart(names: list[str], columns: list[str], values: dict[str, list[float | None]],
               width: int = WIDTH) -> LineChart:
    """Lay out one series per name over the given columns (attempts); gaps where a value is None.

    A narrower width keeps the labels larger where the chart is shrunk to fit a phone.
    """
    chart = LineChart((), (), width=width)
    plot_w = chart.width - chart.left - chart.right
    plot_h = chart.height - chart.top - chart.bottom
    step = plot_w / max(1, len(columns) - 1)
    series = []
    for index, name in enumerate(names):
        dots = tuple((round(chart.left + i * step, 1), round(chart.top + plot_h * (1 - v), 1))
                     for i, v in enumerate(values.get(name, [])) if v is not None)
        series.append(Series(name, " ".join(f"{x},{y}" for x, y in dots), dots, DASHES[index % len(DASHES)]))
    ticks = tuple((round(chart.left + i * step, 1), column) for i, column in enumerate(columns))
    return LineChart(tuple(series), ticks, width=width)



def thin_labels(labels: list[str], most: int = 8) -> list[str]:
    """Keep at most `most` evenly spaced axis labels, counted back from the last, so none overlap."""
    step = max(1, -(-len(labels) // most))
    return [label if (len(labels) - 1 - i) % step == 0 else "" for i, label in enumerate(labels)]
