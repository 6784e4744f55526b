"""The workbench's drafts: make one from an article, keep the teacher's choices, save it as a question file.

A draft is kept in the database while the teacher works (models.Draft), so she can leave and come
back; saving writes a question file into the questions folder, checks it exactly as
``quizapp check`` does, and loads it with the import code (catalog.import_file), so the file stays
the one source of truth. A draft whose file would not check is not saved: the problems are
returned for the page to show, and nothing is written.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from sqlalchemy import select

from . import catalog
from .core import draft as drafting
from .core import questions, sources
from .extensions import db
from .models import Draft, User

DROPPED = ""  # an item's label when the teacher dropped the sentence


def slug_for(title: str) -> str:
    """Return a question file's name (and the quiz's address) made from a title."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-") or "new-quiz"


def create(teacher: User, title: str, article: str, outlet: str = "", published: str = "", url: str = "") -> Draft:
    """Split an article into sentences with suggested labels, cues and explanations, and keep it as a draft."""
    built = drafting.build(article)
    row = Draft(
        teacher_id=teacher.id,
        slug=slug_for(title),
        title=title.strip(),
        source={"outlet": (outlet or "").strip(), "published": (published or "").strip(), "url": (url or "").strip()},
        article=built.article,
        items=[
            {
                "key": item.key,
                "text": item.text,
                "label": item.label,
                "suggested": item.label,
                "confidence": item.confidence,
                "cues": [cue for cue in item.cues if not cue.startswith(drafting.TODO)],
                "explanation": "" if item.explanation.startswith(drafting.TODO) else item.explanation,
                "occurrence": item.occurrence,
            }
            for item in built.items
        ],
    )
    db.session.add(row)
    db.session.commit()
    return row


def open_quiz(teacher: User, folder: Path, slug: str) -> Draft | None:
    """Make a draft of an existing quiz's question file, to be saved as its next version (None if none).

    Only label items can be edited in the workbench; a file with items of other kinds is not
    opened (None), rather than saved back without them.
    """
    entry = next((e for e in sources.scan(folder).entries if e.slug == slug and not e.problems), None)
    if entry is None:
        return None
    data = yaml.safe_load(sources.read_text(entry.path))
    passages = data.get("passages") or []
    if any(p.get("kind", "label") != "label" for p in passages):
        return None
    source = data.get("source") if isinstance(data.get("source"), dict) else {}
    row = Draft(
        teacher_id=teacher.id,
        slug=entry.path.stem,  # the same file, so saving makes the quiz's next version
        title=str(data.get("title", "")),
        source={
            **{key: str(source.get(key) or "") for key in ("outlet", "published", "url", "kind")},
            "fictional": source.get("fictional") is True,
            "level": str(data.get("level") or ""),
        },
        article=str(data.get("article", "")),
        items=[
            {
                "key": str(p["id"]),
                "text": " ".join(str(p["text"]).split()),
                "label": str(p["label"]),
                "suggested": str(p["label"]),
                "confidence": 1.0,
                "cues": [str(cue) for cue in p.get("cues") or []],
                "explanation": str(p.get("explanation", "")),
                "occurrence": p.get("occurrence"),
            }
            for p in passages
        ],
    )
    db.session.add(row)
    db.session.commit()
    return row


def own(teacher: User, draft_id: int) -> Draft | None:
    """Return the teacher's draft by id, or None (another teacher's drafts are not hers to see)."""
    row = db.session.get(Draft, draft_id)
    return row if row is not None and row.teacher_id == teacher.id else None


def of(teacher: User) -> list[Draft]:
    """Return the teacher's drafts, the latest first."""
    return list(db.session.scalars(select(Draft).where(Draft.teacher_id == teacher.id).order_by(Draft.id.desc())))


def narrow(sentence: str, first: str, last: str) -> str:
    """Return the part of a sentence from its words `first` to its words `last` (either blank: the sentence's end).

    Words not found in the sentence leave it whole, so a typo never loses the passage.
    """
    first, last = " ".join((first or "").split()), " ".join((last or "").split())
    start = sentence.find(first) if first else 0
    if start < 0:
        return sentence
    end = sentence.find(last, start) if last else -1
    stop = end + len(last) if end >= 0 else len(sentence)
    return sentence[start:stop].strip(" ,;:") or sentence


def update(row: Draft, choices: list[tuple[str, str, str, str]]) -> None:
    """Keep the teacher's label (or DROPPED), explanation and narrowed passage for every sentence, in order."""
    items = [dict(item) for item in row.items]
    for item, (label, explanation, first, last) in zip(items, choices, strict=True):
        item["label"], item["explanation"] = label, explanation.strip()
        sentence = item.setdefault("sentence", item["text"])
        item["text"] = narrow(sentence, first, last)
        item["cues"] = [cue for cue in item["cues"] if cue in item["text"]]
    row.items = items
    db.session.commit()


def question_text(row: Draft) -> str:
    """Return the question file the draft makes: its kept sentences, with their labels, cues and explanations."""
    kept = [
        drafting.DraftItem(
            key=item["key"],
            text=item["text"],
            label=item["label"],
            confidence=item["confidence"],
            cues=tuple(item["cues"]),
            explanation=item["explanation"] or f"{drafting.TODO}: why this is {item['label']}",
            occurrence=item.get("occurrence"),
        )
        for item in row.items
        if item["label"] != DROPPED
    ]
    source = row.source
    built = drafting.Draft(
        row.article,
        tuple(kept),
        title=row.title,
        outlet=source.get("outlet") or "",
        published=source.get("published") or "",
        url=source.get("url") or "",
        kind=source.get("kind") or "news report",
        extra={"fictional": source.get("fictional"), "level": source.get("level")},
    )
    text = drafting.write(built)
    # cues left empty are left out: the feedback then shows the cues found automatically
    return text.replace("    cues: []\n", "").replace('  outlet: ""\n', "")


def check(row: Draft, folder: Path) -> list[questions.Problem]:
    """Return the problems the draft's question file would have in folder (none: it can be saved)."""
    name = f"{row.slug}.yaml"
    labels = questions.load_labels(sources.labels_file(folder))
    try:
        questions.parse_quiz(question_text(row), name, labels, slug=sources.slug_for(Path(name)))
    except questions.QuestionFileError as error:
        return list(error.problems)
    return []


def save(row: Draft, folder: Path) -> catalog.ImportResult:
    """Write the draft's question file into folder and load it as a new quiz or its next version."""
    path = folder / f"{row.slug}.yaml"
    path.write_text(question_text(row), encoding="utf-8")
    result = catalog.import_file(path, questions.load_labels(sources.labels_file(folder)))
    if result.status != catalog.FAILED:
        db.session.delete(row)
        db.session.commit()
    return result
