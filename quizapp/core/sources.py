"""Where question files and label sets come from: one rule for check, import and (later) the editor.

No Flask and no database: these are rules about files in a folder, read by ``quizapp check``,
by ``import`` (and so ``serve``), and by anything else that lists or reads question files.

- A question file is a file in the folder whose name ends in ``.yaml`` or ``.yml`` (not
  ``labels.yaml``). Its web address is its name without the extension and any leading ``NN-``,
  and must be non-empty lowercase letters, digits and hyphens: ``...yaml`` or ``My Quiz.yaml``
  would make an address whose Start button leads nowhere.
- Two files with the same address (``01-dup.yaml`` and ``02-dup.yaml``, ``dup.yaml`` and
  ``dup.yml``) are both refused, each naming the other: importing either would replace the other
  on every import.
- Only regular files are read, and their size is checked before reading: a named pipe would
  hang the reader forever, a device or a huge file would fill memory.
- A symbolic link may point to another file in the folder, never outside it: a link would
  otherwise let the app read any file its user can (``/etc/passwd.yaml``), and a teacher sharing
  the folder would not see what it shows.
- The label set of a folder is its ``labels.yaml`` if it has one, else the bundled default set:
  the same for check and import (``labels_file``).
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .problems import MAX_FILE_BYTES, Problem, QuestionFileError

LABELS_FILE = "labels.yaml"
SUFFIXES = (".yaml", ".yml")
ADDRESS = re.compile(r"^[a-z0-9-]+$")
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


@dataclass(frozen=True)
class Entry:
    """One question file of a folder, with the problems that stop it being read at all."""

    path: Path
    slug: str
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Folder:
    """A questions folder: its question files in name order, and the label set's file."""

    directory: Path
    entries: tuple[Entry, ...]
    labels: Path
    label_problems: tuple[Problem, ...] = field(default=())


PACKAGE = Path(__file__).resolve().parents[1]  # the quizapp package folder


def bundled(name: str) -> Path:
    """Return a bundled folder (questions, templates, static): in the package in a wheel, beside it in a checkout."""
    inside = PACKAGE / name
    return inside if inside.is_dir() else PACKAGE.parent / name


def slug_for(path: Path) -> str:
    """Return a quiz's web address: its file name without the extension and any leading 'NN-'."""
    return re.sub(r"^\d+-", "", path.stem) or path.stem


def labels_file(folder: Path) -> Path:
    """Return the label set a folder's quizzes use: its own labels.yaml, else the bundled one."""
    own = folder / LABELS_FILE
    return own if own.exists() or own.is_symlink() else bundled("questions") / LABELS_FILE


def _problem(path: Path, message: str, hint: str) -> Problem:
    """Return a problem about a whole file, located at its start."""
    return Problem(str(path), 1, 1, message, hint)


def _outside(path: Path, root: Path) -> Problem | None:
    """Return a problem if path is a symbolic link whose target is not inside root."""
    if not path.is_symlink():
        return None
    try:
        inside = path.resolve(strict=False).is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links
        inside = False
    if inside:
        return None
    return _problem(
        path,
        f"the file is a link to {os.readlink(path)}, which is outside the questions folder",
        "copy the file into the questions folder instead of linking to it",
    )


def file_problem(path: Path, root: Path | None = None) -> Problem | None:
    """Return why a file may not be read as a question or label file, or None; root is its folder."""
    refused = _outside(path, root) if root is not None else None
    if refused:
        return refused
    try:
        info = path.stat()
    except OSError as error:
        return _problem(
            path,
            f"cannot read the file: {error.strerror or error}",
            "check the file name and that you may read the file",
        )
    return _kind_problem(path, info)


def _kind_problem(path: Path, info: os.stat_result) -> Problem | None:
    """Return a problem unless info is of a regular file of at most MAX_FILE_BYTES."""
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a regular file")
        return _problem(
            path,
            f"cannot read the file: it is {kind}, not a text file",
            "a question file must be an ordinary text file; move this one out of the folder",
        )
    return _too_big(path) if info.st_size > MAX_FILE_BYTES else None


def _too_big(path: Path) -> Problem:
    """Return the problem of a file over the size limit."""
    return _problem(
        path,
        f"the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MiB, too big for a quiz",
        "a quiz holds one article; split it into several files, or check that this is the right file",
    )


def read_text(path: Path) -> str:
    """Return a question or label file's text; raise QuestionFileError unless regular, UTF-8 and <= 1 MiB."""
    try:
        # Non-blocking, then checked on the open file: a pipe swapped in after a check cannot hang us.
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise QuestionFileError(
            [
                _problem(
                    path,
                    f"cannot read the file: {error.strerror or error}",
                    "check the file name and that you may read the file",
                )
            ]
        ) from None
    try:
        refused = _kind_problem(path, os.fstat(descriptor))
        if refused:
            raise QuestionFileError([refused])
        with os.fdopen(descriptor, "rb") as file:
            descriptor = None  # the file object closes it now
            data = file.read(MAX_FILE_BYTES + 1)  # never more: the file may have grown since
    finally:
        if descriptor is not None:
            os.close(descriptor)
    if len(data) > MAX_FILE_BYTES:
        raise QuestionFileError([_too_big(path)])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start].split(b"\n")
        column = len(before[-1].decode("utf-8", "replace")) + 1
        raise QuestionFileError(
            [
                Problem(
                    str(path),
                    len(before),
                    column,
                    f"the file is not UTF-8 text (byte 0x{data[error.start]:02X} here)",
                    "save it as UTF-8: in most editors, 'Save as' and choose the encoding 'UTF-8'",
                )
            ]
        ) from None


def is_question_file(path: Path) -> bool:
    """Return whether a name in a questions folder is a question file by its name."""
    return path.suffix in SUFFIXES and path.name != LABELS_FILE


def scan(directory: Path) -> Folder:
    """List a folder's question files, each with the problems that stop it being read, and its label set."""
    paths = sorted(p for p in directory.iterdir() if is_question_file(p))
    problems: dict[Path, list[Problem]] = {p: [] for p in paths}
    by_slug: dict[str, list[Path]] = {}
    for path in paths:
        slug = slug_for(path)
        refused = file_problem(path, directory)
        if refused:
            problems[path].append(refused)
        if not ADDRESS.match(slug):
            suggestion = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "my-quiz"
            problems[path].append(
                _problem(
                    path,
                    f"the file name gives the quiz the web address '{slug}', which may use only lowercase "
                    "letters, digits and hyphens",
                    f"rename the file, for example to '{suggestion}{path.suffix}'",
                )
            )
        else:
            by_slug.setdefault(slug, []).append(path)
    for slug, same in by_slug.items():
        for path in same if len(same) > 1 else ():
            others = ", ".join(p.name for p in same if p != path)
            problems[path].append(
                _problem(
                    path,
                    f"this quiz would have the same web address (/quizzes/{slug}) as {others}",
                    "rename one of the files: the part of the name after any leading number must differ",
                )
            )
    labels = labels_file(directory)
    label_problem = file_problem(labels, directory if labels.parent == directory else None)
    return Folder(
        directory,
        tuple(Entry(p, slug_for(p), tuple(problems[p])) for p in paths),
        labels,
        (label_problem,) if label_problem else (),
    )


def quiz_files(directory: Path) -> list[Path]:
    """Return the question files of a folder that may be read, in name order."""
    return [entry.path for entry in scan(directory).entries if not entry.problems]
