"""Where an article comes from, said in the page's language (provenance.describe says it in English).

English keeps the core's sentence ("A news report by Sam Writer in The Daily Example, published
15 August 2025."), whose articles and word order are English grammar. Other languages get the same
facts as short sentences that need no grammatical gender for the teacher's own word for the kind
("Noticia local. Por Sam Writer, en The Daily Example. Publicado el 15 de agosto de 2025."), with
dates and lists written by Babel.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from babel.dates import format_date
from babel.lists import format_list

from ..core import provenance
from ..core.provenance import Part
from ..i18n import gettext as _
from ..i18n import language


def published_words(published: str, locale: str) -> str:
    """Return a stored date ('2025-08-15', '2025-08' or '2025') in the words of locale."""
    parts = [int(p) for p in published.split("-")] if published else []
    if len(parts) == 3:
        return format_date(date(*parts), "long", locale=locale)
    if len(parts) == 2:
        return format_date(date(parts[0], parts[1], 1), "LLLL y", locale=locale)
    return published


def describe(source: provenance.Source) -> tuple[Part, ...]:
    """Say where an article comes from, and what its copy does not say, in this page's language."""
    locale = language()
    if locale == "en":
        return provenance.describe(source)
    kind = source.kind or _("article")
    opening = _("Made up: %(kind)s.", kind=kind) if source.fictional else f"{kind[0].upper()}{kind[1:]}."
    parts = [Part(opening)]
    if source.author:
        parts.append(Part(" " + _("By %(author)s.", author=source.author)))
    if source.outlet:
        parts += [Part(" " + _("Published in") + " "), Part(source.outlet, source.url), Part(".")]
    elif source.url:
        parts += [Part(" " + _("From") + " "), Part(urlsplit(source.url).hostname or source.url, source.url), Part(".")]
    if source.published:
        parts.append(Part(" " + _("Date: %(date)s.", date=published_words(source.published, locale))))
    if source.fictional:
        parts.append(Part(" " + _("It was written for practice: its people and places are not real.")))
        return tuple(parts)
    missing = [
        what
        for what, known in (
            (_("who published it"), source.outlet or source.url),
            (_("who wrote it"), source.author),
            (_("when"), source.published),
        )
        if not known
    ]
    if missing:
        parts.append(Part(" " + _("It does not say %(what)s.", what=format_list(missing, "or", locale=locale))))
    return tuple(parts)
