"""Render teachers' Markdown to HTML that is safe to show; the one module that imports bleach.

Markdown is rendered with raw HTML turned off (so ``<b>`` shows as text), and the result is then
cleaned by bleach against a small allow-list as a second line of defence. ``markdown_problems``
tells the question checker what a teacher wrote that would not show as they meant.
"""

from __future__ import annotations

import html
import re

import bleach
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset({"p", "em", "strong", "code", "a", "ul", "ol", "li", "blockquote", "br"})
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
_HTML_TAG = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9-]*)")
# An href stops at a bracket, allowing one "(...)" as in javascript:alert(1): a lazy scan to the
# next ")" from every "](" made a long explanation take quadratic time.
_REFUSED_LINK = re.compile(r"\]\(\s*<?([^\s>()\]]+(?:\([^\s()]*\))?)>?\)(?=\s|$)")

_render = MarkdownIt("commonmark", {"html": False}).disable("image")
_inspect = MarkdownIt("commonmark", {"html": True})


def render_markdown(source: str) -> str:
    """Render Markdown to sanitised HTML."""
    html = _render.render(source)
    return bleach.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, protocols=ALLOWED_PROTOCOLS, strip=True
    ).strip()


def markdown_problems(source: str) -> list[tuple[str, str]]:
    """Return (message, hint) pairs for HTML, unsafe links, images and unclosed markers."""
    problems = []
    for token in _walk(_inspect.parse(source)):
        if token.type in ("html_inline", "html_block"):
            tag = _HTML_TAG.search(token.content)
            name = f"<{tag.group(1)}>" if tag else token.content.strip()[:20]
            problems.append(
                (
                    f"contains HTML ({name}), which is not shown",
                    "write Markdown instead: *italic*, **bold**, `code`, [text](https://...)",
                )
            )
        elif token.type == "image":
            problems.append(("contains an image, which is not shown", "describe it in words instead"))
        elif token.type == "link_open":
            problems.extend(_link_problems(str(token.attrGet("href") or "")))
        elif token.type == "text":
            # markdown-it refuses javascript: and similar links outright and leaves them as text
            for href in _REFUSED_LINK.findall(token.content):
                problems.extend(_link_problems(href))
            for marker in ("**", "`"):
                if marker in token.content:
                    problems.append((f"has an unclosed '{marker}'", f"close it ({marker}words{marker}) or remove it"))
    if _looks_like_broken_link(source):
        problems.append(("has a link that is not complete", "write links as [text](https://...)"))
    return problems


def _link_problems(href: str) -> list[tuple[str, str]]:
    """Return a problem if href uses a scheme that is not allowed."""
    scheme = href.split(":", 1)[0].lower() if ":" in href else ""
    if scheme and scheme not in ALLOWED_PROTOCOLS:
        return [(f"links to '{href[:40]}', which is not allowed", "links must start with https:// or http://")]
    return []


def _walk(tokens):
    """Yield tokens and their children, depth first."""
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def _looks_like_broken_link(source: str) -> bool:
    """Return True for '[text](' with no closing parenthesis, which Markdown shows as text."""
    # The last '](' decides: a regex search would rescan the rest after every '](' (quadratic).
    last = source.rfind("](")
    return last != -1 and ")" not in source[last + 2 :]


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def plain_text(text: str, limit: int) -> str:
    """Return what a person typed as plain text: tags and control characters dropped, at most limit characters.

    bleach strips the tags; the escaping it adds is undone, because templates escape on output
    (escaped twice, "&" would show as "&amp;").
    """
    typed = _CONTROL.sub("", text.replace("\r\n", "\n"))  # first: bleach would turn them into "?"
    return html.unescape(bleach.clean(typed, tags=set(), strip=True)).strip()[:limit]
