"""Matching, cue highlighting, article layout and Markdown sanitising."""

import pytest

from quizapp.core import article, cues, matching, sanitize
from quizapp.core.matching import Segment


@pytest.mark.parametrize(
    ("haystack", "needle", "expected"),
    [
        ("Europe\u2019s last  dictator", "Europe's last dictator", [(0, 23)]),
        ("a b\n  c", "b c", [(2, 7)]),
        ("x could x could", "could", [(2, 7), (10, 15)]),
        ("nothing here", "absent", []),
    ],
)
def test_find_all_folds_space_and_quotes(haystack, needle, expected):
    assert matching.find_all(haystack, needle) == expected


def test_closest_match_finds_the_nearest_words():
    assert (
        matching.closest_match("He has been in power since 1994 and more.", "in power since 1984")
        == "in power since 1994"
    )
    assert matching.closest_match("Short text.", "completely unrelated words here") is None


def test_cues_highlight_every_occurrence_case_insensitively():
    parts = cues.highlight("Could it? It could.", ["could"])
    assert parts == [Segment("Could", True), Segment(" it? It "), Segment("could", True), Segment(".")]
    assert cues.missing_cues("It may rain", ["may", "might"]) == ["might"]


@pytest.mark.parametrize(
    ("passage", "listed", "expected"),
    [
        (
            "It could rain, experts caution, and may flood.",
            ["may", "could", "experts caution"],
            ["could", "experts caution", "may"],
        ),
        ("Could it? It could.", ["could"], ["could"]),
        (
            "A HIGHLY respected and stark contrast",
            ["stark contrast", "highly respected"],
            ["highly respected", "stark contrast"],
        ),
        ("a b a", ["b", "a"], ["a", "b"]),  # by where each is first met
        (
            "nothing here",
            ["absent", "nothing"],
            ["nothing", "absent"],
        ),  # a cue not found (never in a checked file) goes last
    ],
)
def test_cues_are_listed_in_reading_order(passage, listed, expected):
    assert cues.in_reading_order(passage, listed) == expected


def test_overlapping_cues_merge():
    assert cues.cue_spans("experts caution that", ["experts caution", "caution"]) == [(0, 15)]


def test_article_layout_marks_the_passage_in_its_paragraph():
    text = "First para\nwrapped.\n\n## Heading\n\nSecond one here."
    start = text.index("one")
    blocks = article.layout(text, (start, start + 3))
    assert [b.kind for b in blocks] == ["p", "h", "p"]
    assert blocks[0].segments == (Segment("First para wrapped."),)
    assert blocks[1].segments == (Segment("Heading"),)
    assert blocks[2].segments == (Segment("Second "), Segment("one", True), Segment(" here."))


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("*a* and **b**", "<p><em>a</em> and <strong>b</strong></p>"),
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>"),
        ("[x](https://example.org)", '<p><a href="https://example.org">x</a></p>'),
        ("![img](https://example.org/a.png)", '<p>!<a href="https://example.org/a.png">img</a></p>'),
    ],
)
def test_render_markdown_is_sanitised(source, html):
    assert sanitize.render_markdown(source) == html


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("<b>bold</b>", "contains HTML (<b>), which is not shown"),
        ("see ![x](https://a.b/c.png)", "contains an image, which is not shown"),
        ("[x](data:text/html,hi)", "links to 'data:text/html,hi', which is not allowed"),
        ("some `code", "has an unclosed '`'"),
        ("a [link](https://example.org", "has a link that is not complete"),
    ],
)
def test_markdown_problems(source, message):
    assert message in [m for m, _ in sanitize.markdown_problems(source)]


def test_clean_markdown_has_no_problems():
    assert sanitize.markdown_problems("*Could* marks a **guess**; see [this](https://example.org).") == []
