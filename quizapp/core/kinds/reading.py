"""Reading one item of a question file: the checks every kind shares, each problem located.

An ``ItemReader`` holds one item's fields (or one part's, inside a paragraph) with the article and
the label set, and offers the checked values a kind needs: text, a known label, the labels also
accepted, cues found in a given stretch, Markdown rendered safely. Every check records its problem
on the file's ``Reader`` at the node it concerns and returns an empty value, so a kind goes on and
reports every problem of the file in one pass.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import yaml

from ..article import paragraph_at
from ..cues import missing_cues
from ..labels import Label
from ..matching import find_all
from ..messages import Message
from ..problems import MAX_MARKDOWN_CHARS, Reader, string_list
from ..sanitize import markdown_problems, render_markdown
from ..yamlnodes import scalar


@dataclass
class ItemReader:
    """The fields of one item (or part) of a question file, with what checking them needs."""

    reader: Reader
    entries: dict  # field name -> (key node, value node)
    node: yaml.Node  # the item's own mapping node, for problems about the whole item
    what: str  # how messages name it: "passage 'could-signal'"
    labels: tuple[Label, ...]
    article: str = ""
    span: tuple[int, int] | None = None  # where the item's text stands in the article, once located
    text_value: str = ""  # the item's (or part's) text as it stands in the article

    def add(self, at, message: str, hint: str = "") -> None:
        """Record a problem at a node (a field name's value, or the item)."""
        self.reader.add(at, message, hint)

    def value_node(self, key: str) -> yaml.Node:
        """Return the node of a field's value, or the item's node when the field is missing."""
        return self.entries[key][1] if key in self.entries else self.node

    def has(self, key: str) -> bool:
        """Return whether the item has this field."""
        return key in self.entries

    def text(self, key: str, *, required: bool = True) -> str:
        """Return a text field, recording a problem if it is empty or not text."""
        return self.reader.text(self.entries, key, self.what, required=required)

    def flag(self, key: str, default: bool = False) -> bool:
        """Return a true/false field, recording a problem for anything else."""
        if key not in self.entries:
            return default
        value = scalar(self.entries[key][1])
        if not isinstance(value, bool):
            self.add(
                self.entries[key][1],
                Message("%(what)s: '%(key)s' must be true or false", what=self.what, key=key),
                Message("write %(key)s: true", key=key),
            )
            return default
        return value

    def label(self, key: str = "label") -> str:
        """Return a label id from the label set, recording a problem for an unknown one."""
        value = self.text(key)
        keys = [label.key for label in self.labels]
        if value and value not in keys:
            # A label's name ("Reported fact") or its id in capitals ("Fact") is suggested, not taken
            # silently: the file stays what the teacher reads, and one id means one label everywhere.
            cased = [label.key for label in self.labels if value.casefold() == label.key.casefold()]
            named = [label.key for label in self.labels if value.casefold() == label.name.casefold()]
            if cased or named:
                message = (
                    Message("label '%(value)s' must be written in lowercase: '%(key)s'", value=value, key=cased[0])
                    if cased
                    else Message(
                        "'%(value)s' is the name students see; in the file the label is written '%(key)s'",
                        value=value,
                        key=named[0],
                    )
                )
                self.add(
                    self.entries[key][1],
                    Message("%(what)s: %(message)s", what=self.what, message=message),
                    Message(
                        "write %(key)s: %(value)s (the ids in labels.yaml, in lowercase)",
                        key=key,
                        value=(cased or named)[0],
                    ),
                )
                return ""
            close = difflib.get_close_matches(value, keys, n=1)
            self.add(
                self.entries[key][1],
                Message(
                    "%(what)s: label '%(value)s' is not one of: %(join)s",
                    what=self.what,
                    value=value,
                    join=", ".join(keys),
                ),
                Message("did you mean '%(close)s'?", close=close[0])
                if close
                else Message("add the label to labels.yaml, or use one of those"),
            )
            return ""
        return value

    def also_accepted(self, label: str) -> tuple[str, ...]:
        """Return the labels a borderline item also accepts, each known and not the label itself."""
        if "also_accepted" not in self.entries:
            return ()
        node = self.entries["also_accepted"][1]
        values = string_list(self.reader, self.entries, "also_accepted", self.what)
        keys = [item.key for item in self.labels]
        accepted: list[str] = []
        for value in values:
            if value not in keys:
                self.add(
                    node,
                    Message(
                        "%(what)s: also_accepted label '%(value)s' is not one of: %(join)s",
                        what=self.what,
                        value=value,
                        join=", ".join(keys),
                    ),
                    Message("list labels from labels.yaml that are also a fair answer"),
                )
            elif value == label:
                self.add(
                    node,
                    Message(
                        "%(what)s: '%(value)s' is its label already, so it need not be also accepted",
                        what=self.what,
                        value=value,
                    ),
                    Message("list only the other labels that are also a fair answer"),
                )
            elif value not in accepted:
                accepted.append(value)
        return tuple(accepted)

    def cues(self, within: str) -> tuple[str, ...]:
        """Return the cues, each found in the text within, recording a problem for any that is not."""
        if "cues" not in self.entries:  # a missing required field was reported with the item's fields
            return ()
        before = len(self.reader.problems)
        values = string_list(self.reader, self.entries, "cues", self.what)
        if not values and len(self.reader.problems) == before:
            self.add(
                self.entries["cues"][1],
                Message("%(what)s has no cues", what=self.what),
                Message("list the words that give the label away: cues: [could]"),
            )
        for cue in missing_cues(within, values) if within else []:
            self.add(
                self.entries["cues"][1],
                Message("%(what)s: cue '%(cue)s' is not in the passage text", what=self.what, cue=cue),
                Message("a cue must be words copied from this passage's text"),
            )
        return tuple(values)

    def markdown(self, key: str) -> str:
        """Return a Markdown field rendered and sanitised, recording what would not show as meant."""
        if key not in self.entries:  # a missing required field was reported with the item's fields
            return ""
        source = self.text(key)
        if not source:
            return ""
        if len(source) > MAX_MARKDOWN_CHARS:  # refused before rendering: see MAX_MARKDOWN_CHARS
            self.add(
                self.entries[key][1],
                Message(
                    "%(what)s: %(key)s has %(len)s characters, more than %(chars)s",
                    what=self.what,
                    key=key,
                    len=format(len(source), ","),
                    chars=format(MAX_MARKDOWN_CHARS, ","),
                ),
                Message(
                    "keep the %(key)s to a few sentences; put longer background in the article or a linked page",
                    key=key,
                ),
            )
            return ""
        for message, hint in markdown_problems(source):
            self.add(
                self.entries[key][1],
                Message("%(what)s: %(key)s %(message)s", what=self.what, key=key, message=message),
                hint,
            )
        return render_markdown(source)

    def mentions(self, key: str, labels: tuple[str, ...]) -> None:
        """Record a problem unless the field's text names each of the labels (by id or by name)."""
        if key not in self.entries or not labels:
            return
        source = str(scalar(self.entries[key][1]) or "").casefold()
        names = {label.key: label.name for label in self.labels}
        for label in labels:
            if label.casefold() not in source and names.get(label, label).casefold() not in source:
                self.add(
                    self.entries[key][1],
                    Message(
                        "%(what)s: the %(key)s does not say why '%(names_get)s' is also right",
                        what=self.what,
                        key=key,
                        names_get=names.get(label, label),
                    ),
                    Message(
                        "a borderline item must explain both readings: say why it can be read as %(names_get)s too",
                        names_get=names.get(label, label).lower(),
                    ),
                )

    def accuracy(self) -> tuple[bool | None, str]:
        """Return (accurate, accuracy note HTML): false needs a note saying what is wrong."""
        accurate = None
        if "accurate" in self.entries:
            accurate = scalar(self.entries["accurate"][1])
            if not isinstance(accurate, bool):
                self.add(
                    self.entries["accurate"][1],
                    Message("%(what)s: 'accurate' must be true or false", what=self.what),
                    Message("write accurate: false"),
                )
                accurate = None
        note = self.markdown("accuracy_note")
        if accurate is False and not note and "accuracy_note" not in self.entries:
            self.add(
                self.entries["accurate"][0],
                Message("%(what)s is marked not accurate but has no accuracy_note", what=self.what),
                Message("add accuracy_note: saying what is wrong and what was true at the time"),
            )
        return accurate, note

    def part(self, node: yaml.Node, what: str, allowed: frozenset[str], required: set[str]) -> ItemReader | None:
        """Return a reader for one part of this item (a sentence of a paragraph), or None if it is not a mapping."""
        entries = self.reader.fields(node, what, set(allowed), required)
        if not entries:
            return None
        return ItemReader(self.reader, entries, node, what, self.labels, self.article)

    def find_part(self, part: ItemReader, after: int) -> tuple[int, int] | None:
        """Return where a part's text stands in this item's text, at or after offset after.

        An item without text of its own becomes the paragraph of the article that holds its first
        part, which must then stand in the article once.
        """
        text = part.text("text")
        if not text:
            return None
        node = part.value_node("text")
        if self.span is None:
            found = find_all(self.article, text)
            if len(found) != 1:
                self.add(
                    node,
                    Message("%(what)s: text not found in the article", what=part.what)
                    if not found
                    else Message("%(what)s: text found more than once in the article", what=part.what),
                    Message("copy the words exactly from the article")
                    if not found
                    else Message("give the item the paragraph's text, so the part can be found in it"),
                )
                return None
            self.span = paragraph_at(self.article, found[0][0])
            if self.span is None:
                self.add(
                    node,
                    Message("%(what)s: text is not in a paragraph of the article", what=part.what),
                    Message("quote a sentence, not a subheading"),
                )
                return None
            self.text_value = self.article[self.span[0] : self.span[1]]
        found = find_all(self.text_value, text)
        later = [span for span in found if span[0] >= after]
        if later:
            return later[0]
        if found:
            self.add(
                node,
                Message("%(what)s: text comes before the part listed ahead of it, or overlaps it", what=part.what),
                Message("list the parts in the order of the paragraph, each after the one before"),
            )
        else:
            self.add(
                node,
                Message("%(what)s: text not found in the paragraph", what=part.what),
                Message("copy the words exactly from this paragraph of the article"),
            )
        return None
