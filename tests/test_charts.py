"""Chart geometry: widths in percent and heights in pixels, so the SVG is never scaled and its text keeps its size."""

from __future__ import annotations

from quizapp.core import charts


def test_bars_are_percentages_of_the_width_and_missing_ones_say_why():
    chart = charts.bar_chart(
        [("Reported fact", 0.756, "value"), ("Opinion", None, "value"), ("Speculation", 0, "value")],
        missing="fewer than 5 answers",
    )
    assert [(b.label, b.percent, b.text, b.kind) for b in chart.bars] == [
        ("Reported fact", 75.6, "76%", "value"),
        ("Opinion", 0, "fewer than 5 answers", "hidden"),
        ("Speculation", 0, "0%", "value"),
    ]
    assert [b.y for b in chart.bars] == [2, 2 + charts.ROW, 2 + 2 * charts.ROW]
    assert chart.height == 3 * charts.ROW + 4


def test_line_chart_joins_the_attempts_that_have_a_value():
    chart = charts.line_chart(["Fact", "Opinion"], ["1", "2", "3"], {"Fact": [0.5, None, 1.0], "Opinion": [0, 1, 1]})
    fact, opinion = chart.series
    top, plot = chart.top, chart.height - chart.top - chart.bottom
    assert fact.dots == ((4.0, top + plot / 2), (96.0, top))
    assert fact.segments == ((4.0, top + plot / 2, 96.0, top),)  # attempt 2 had no fact passage: stepped over
    assert len(opinion.segments) == 2 and opinion.dash != fact.dash
    assert [x for x, _ in chart.ticks] == [4.0, 50.0, 96.0]
    assert [label for _, label in chart.grid] == ["0%", "50%", "100%"]


def test_a_single_attempt_sits_in_the_middle():
    chart = charts.line_chart(["Fact"], ["1"], {"Fact": [0.25]})
    assert chart.series[0].dots[0][0] == 50.0 and chart.series[0].segments == ()


def test_the_rendered_svg_has_no_viewbox(loaded, teacher, client):
    from .conftest import create_class

    class_id, _ = create_class(client)
    page = client.get(f"/teacher/classes/{class_id}").data.decode()
    assert '<svg class="chart" width="100%"' in page and "viewBox" not in page
