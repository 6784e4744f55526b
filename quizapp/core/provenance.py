"""Where an article comes from: its outlet, author, date and address, or that it is made up.

A question file's optional ``source:`` mapping is read here into a frozen ``Source``, each
problem located like every other in the file; no Flask and no database. The pages show it, so a
student can ask the first question of media literacy: who published this, and when?
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

import yaml

from .messages import Message
from .problems import Reader
from .yamlnodes import scalar

FIELDS = {"kind", "note", "published", "outlet", "author", "url", "fictional"}
ADDED_IN_0005 = ("published", "outlet", "author", "url", "fictional")  # see questions.Quiz.content_hash
MAX_NAME, MAX_URL = 200, 2000
_PUBLISHED = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class Source:
    """Who published an article, who wrote it, when and where; every part optional."""

    kind: str = ""
    note: str = ""
    published: str = ""  # "2025-08-15", or "2025-08" or "2025" when only the month or year is known
    outlet: str = ""
    author: str = ""
    url: str = ""
    fictional: bool = False

    @property
    def published_text(self) -> str:
        """Return the date as a student reads it: '15 August 2025', 'August 2025' or '2025'."""
        return published_text(self.published)


@dataclass(frozen=True)
class Part:
    """A piece of the sentence that describes a source; the outlet links to the article's address."""

    text: str
    href: str = ""


def describe(source: Source) -> tuple[Part, ...]:
    """Say in plain words where an article comes from, and what its copy does not say.

    "A news report by Sam Writer in The Daily Example, published 15 August 2025." A real article
    whose copy names no outlet, author or date says so: noticing that is part of reading news. A
    made-up one says it is made up.
    """
    noun = f"made-up {source.kind or 'article'}" if source.fictional else source.kind or "article"
    opening = f"{'an' if noun[0].lower() in 'aeiou' else 'a'} {noun}"
    parts = [Part(opening[0].upper() + opening[1:])]
    if source.author:
        parts.append(Part(f" by {source.author}"))
    if source.outlet:
        parts += [Part(" in "), Part(source.outlet, source.url)]
    elif source.url:
        parts += [Part(" from "), Part(urlsplit(source.url).hostname or source.url, source.url)]
    if source.published:
        parts.append(Part(f", published {source.published_text}"))
    parts.append(Part("."))
    if source.fictional:
        parts.append(Part(" It was written for practice: its people and places are not real."))
        return tuple(parts)
    missing = [
        what
        for what, known in (
            ("who published it", source.outlet or source.url),
            ("who wrote it", source.author),
            ("when", source.published),
        )
        if not known
    ]
    if missing:
        listed = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} or {missing[-1]}"
        parts.append(Part(f" It does not say {listed}."))
    return tuple(parts)


def published_text(published: str) -> str:
    """Return a stored publication date ('2025-08-15', '2025-08', '2025') in words."""
    match = _PUBLISHED.match(published or "")
    if not match:
        return ""
    year, month, day = match.groups()
    if day:
        return f"{int(day)} {MONTHS[int(month) - 1]} {year}"
    return f"{MONTHS[int(month) - 1]} {year}" if month else year


def read_source(reader: Reader, node: yaml.Node) -> Source:
    """Read a 'source:' mapping, recording a located problem for each field that is wrong."""
    entries = reader.fields(node, Message("'source'"), FIELDS, set())
    text = {
        key: reader.text(entries, key, Message("'source'"), required=False)
        for key in ("kind", "note", "outlet", "author")
    }
    for key in ("outlet", "author"):
        text[key] = " ".join(text[key].split())  # a name on one line, even if the file wraps it
        if len(text[key]) > MAX_NAME:
            reader.add(
                entries[key][1],
                Message("'%(key)s' of 'source' is longer than %(max_name)s characters", key=key, max_name=MAX_NAME),
                Message("give the name only, for example: outlet: The Daily Example"),
            )
    return Source(
        text["kind"],
        text["note"],
        _published(reader, entries),
        text["outlet"],
        text["author"],
        _url(reader, entries),
        _fictional(reader, entries),
    )


def _published(reader: Reader, entries: dict) -> str:
    """Return the publication date as written (year, year-month or year-month-day), or report it."""
    if "published" not in entries:
        return ""
    node = entries["published"][1]
    # The text as written, not YAML's reading of it: YAML turns 2025-08-15 into a date but leaves
    # 2025-08 as text and 2025 as a number, and a date that is not in the calendar into an error.
    raw = str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""
    match = _PUBLISHED.match(raw)
    if not match:
        reader.add(
            node,
            Message("'published' of 'source' must be a date written year-month-day, like 2025-08-15"),
            Message(
                "if you know only the month or the year, write 2025-08 or 2025; leave the line out if you know neither"
            ),
        )
        return ""
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        reader.add(
            node,
            Message("'published' of 'source': %(raw)s is not a date in the calendar", raw=raw),
            Message("check the month (01 to 12) and the day of the month"),
        )
        return ""
    return raw


def _url(reader: Reader, entries: dict) -> str:
    """Return the article's web address, or report one that a browser could not open safely."""
    url = reader.text(entries, "url", Message("'source'"), required=False)
    if not url:
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname or re.search(r"\s", url):
        reader.add(
            entries["url"][1],
            Message("'url' of 'source' must be a web address starting with https:// (or http://)"),
            Message("copy the whole address from the browser's address bar, with no spaces"),
        )
        return ""
    if len(url) > MAX_URL:
        reader.add(
            entries["url"][1],
            Message("'url' of 'source' is longer than %(max_url)s characters", max_url=MAX_URL),
            Message("copy the address without the part after '?', which is usually not needed"),
        )
        return ""
    return url


def _fictional(reader: Reader, entries: dict) -> bool:
    """Return whether the article is made up for practice (fictional: true)."""
    if "fictional" not in entries:
        return False
    value = scalar(entries["fictional"][1]) if isinstance(entries["fictional"][1], yaml.ScalarNode) else None
    if not isinstance(value, bool):
        reader.add(
            entries["fictional"][1],
            Message("'fictional' of 'source' must be true or false"),
            Message("write fictional: true for an article made up for practice"),
        )
        return False
    return value
