"""Write a draft question file from an article: one item a sentence, with suggested labels and cues.

The draft is for people: the CLI (``quizapp suggest``) prints it and the workbench fills its form
from the same ``Draft``. What the app cannot know (the title, the outlet, the date, the address,
cues and explanations it found nothing for) is written as a ``TODO:`` value, and the checker
refuses a file while any value still starts with ``TODO`` (questions.todo_problems), so a draft
never loads by accident. Each item carries the suggested label's confidence as a comment, so the
teacher knows which suggestions to look at first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .suggest import Suggestion, suggest_article

TODO = "TODO"
WHY = {
    "hedge": "{cues} {marks} a guess, not something anyone can check yet",
    "future": "{cues} {marks} what may happen later, which nobody can check today",
    "vague source": "{cues} {marks} an unnamed source, so the claim cannot be checked",
    "obligation": "{cues} {marks} what the writer thinks ought to happen: a judgment, not a fact",
    "evaluative": "{cues} {marks} the writer's judgment: evidence cannot settle whether it is right",
    "reporting": "{cues} {marks} who said or did what, which can be checked",
    "date": "{cues} {marks} a date anyone can look up",
    "number": "{cues} {marks} a number anyone can check",
    "place": "{cues} {marks} a named place anyone can check",
}
CLOSING = {
    "fact": "Nothing in it judges or guesses, so it is a reported fact.",
    "opinion": "It tells you what someone thinks, so it is an opinion.",
    "speculation": "It guesses at what may be true or may happen, so it is speculation.",
}


@dataclass(frozen=True)
class DraftItem:
    """One suggested item: the sentence, its label, how sure the model is, its cues and a drafted why."""

    key: str
    text: str
    label: str
    confidence: float
    cues: tuple[str, ...]
    explanation: str
    occurrence: int | None = None  # set when the same sentence occurs more than once
    other_cues: tuple[str, ...] = ()  # main-clause cues of another label: worth a second look


@dataclass(frozen=True)
class Draft:
    """A whole draft quiz: title and source fields (TODO when unknown), the article and its items."""

    article: str
    items: tuple[DraftItem, ...]
    title: str = f"{TODO}: the article's headline"
    outlet: str = f"{TODO}: the newspaper or website that published it"
    published: str = f"{TODO}: the date it was published, as 2025-08-15 (or delete this line)"
    url: str = f"{TODO}: the article's web address (or delete this line)"
    kind: str = "news report"
    extra: dict = field(default_factory=dict)  # level, fictional: kept when an existing quiz is reopened


def _bold_list(words: Sequence[str]) -> str:
    """Return words as '**a**', '**a** and **b**' or '**a**, **b** and **c**'."""
    bold = [f"**{word}**" for word in words]
    return bold[0] if len(bold) == 1 else ", ".join(bold[:-1]) + " and " + bold[-1]


def chosen_cues(suggestion: Suggestion) -> list:
    """Return the cues that back the suggested label: main-clause ones first, at most three, no repeats."""
    matching = [cue for cue in suggestion.cues if cue.label == suggestion.label]
    ordered = [cue for cue in matching if not cue.embedded] + [cue for cue in matching if cue.embedded]
    if suggestion.deciding is not None:
        ordered.insert(0, suggestion.deciding)
    seen, out = set(), []
    for cue in ordered:
        if cue.text.casefold() not in seen:
            seen.add(cue.text.casefold())
            out.append(cue)
    return out[:3]


def explain(label: str, cues: Sequence) -> str:
    """Draft an explanation that names the cues and says in plain words why they give the label away."""
    if not cues:
        return f"{TODO}: why this is {label}, in a sentence or two"
    by_kind: dict[str, list[str]] = {}
    for cue in cues:
        by_kind.setdefault(cue.kind, []).append(cue.text)
    parts = []
    for kind, words in by_kind.items():
        pattern = WHY.get(kind, "{cues} {marks} a sign of " + label)
        parts.append(pattern.format(cues=_bold_list(words), marks="marks" if len(words) == 1 else "mark"))
    first = "; ".join(parts)
    return f"{first[0].upper()}{first[1:]}. {CLOSING.get(label, '')}".strip()


def _slug(text: str, taken: set[str]) -> str:
    """Return a short unique id made of the sentence's first words."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    base = "-".join(words[:5])[:40].strip("-") or "passage"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    taken.add(key)
    return key


def build(article: str, suggestions: Sequence[Suggestion] | None = None, **fields) -> Draft:
    """Build the draft of an article from its sentences' suggestions (computed when not given)."""
    article = article.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if suggestions is None:
        suggestions = suggest_article(article)
    taken: set[str] = set()
    seen: dict[str, int] = {}
    flat_article = " ".join(article.split())
    items = []
    for suggestion in suggestions:
        text = " ".join(suggestion.sentence.text.split())
        cues = chosen_cues(suggestion)
        seen[text] = seen.get(text, 0) + 1
        repeated = flat_article.count(text) > 1
        items.append(
            DraftItem(
                key=_slug(text, taken),
                text=text,
                label=suggestion.label,
                confidence=suggestion.confidence,
                cues=tuple(cue.text for cue in cues) or (f"{TODO}: the words that give the label away",),
                explanation=explain(suggestion.label, cues),
                occurrence=seen[text] if repeated else None,
                other_cues=tuple(
                    dict.fromkeys(
                        f"{cue.text} ({cue.label})"
                        for cue in suggestion.cues
                        if cue.label != suggestion.label and cue.label != "fact" and not cue.embedded
                    )
                ),
            )
        )
    return Draft(article, tuple(items), **fields)


def _quoted(text: str) -> str:
    """Return text as a double-quoted YAML string (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def _folded(text: str, indent: str) -> str:
    """Return text as a folded YAML block ('>-'), so colons and quotes need no escaping."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > 96:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return ">-\n" + "\n".join(indent + part for part in lines)


def write(draft: Draft) -> str:
    """Return the draft as question-file text that the checker refuses until its TODOs are filled in."""
    out = [
        "# A draft quiz written by 'quizapp suggest'. Fill in every TODO, check each suggested",
        "# label (the confidence is how sure the app is), delete the items you do not want,",
        "# then run: quizapp check THIS-FILE",
        f"title: {_quoted(draft.title)}",
        *([f"level: {_quoted(draft.extra['level'])}"] if draft.extra.get("level") else []),
        "source:",
        f"  kind: {_quoted(draft.kind)}",
        f"  outlet: {_quoted(draft.outlet)}",
    ]
    if draft.extra.get("fictional"):
        out.append("  fictional: true")
    if draft.published:
        out.append(f"  published: {_quoted(draft.published)}")
    if draft.url:
        out.append(f"  url: {_quoted(draft.url)}")
    out.append("article: |")
    out.extend(f"  {line.strip()}".rstrip() for line in draft.article.split("\n"))
    out.append("passages:")
    for item in draft.items:
        other = f"; but see {', '.join(item.other_cues)}" if item.other_cues else ""
        out.append(f"  # suggested: {item.label}, confidence {item.confidence:.2f}{other}")
        out.append(f"  - id: {item.key}")
        out.append(f"    text: {_quoted(item.text)}")
        if item.occurrence:
            out.append(f"    occurrence: {item.occurrence}")
        out.append(f"    label: {item.label}")
        out.append(f"    cues: [{', '.join(_quoted(cue) for cue in item.cues)}]")
        out.append(f"    explanation: {_folded(item.explanation, '      ')}")
    return "\n".join(out) + "\n"
