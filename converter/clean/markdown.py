"""The Markdown flavour of the web form: emphasis, links and escapes become plain text + marks.

``*fordert*`` becomes an emphasis mark, ``[61/180](#)`` its visible text, ``[^3]`` a note
marker, and a backslash escape its character. PDF text is left alone: a star there is a star.
"""
from __future__ import annotations

import re

from ..inline import EM_CLOSE, EM_OPEN, note
from . import Cleaned
from .footnotes import MAX_LABEL

# Every alternative starts with a literal character ("\\", "[", "*", "_"): the engine then skips
# to those characters in C (a leading look-ahead or group would make it try every position).
_TOKENS = re.compile(
    r"\\(?P<escaped>[!-/:-@\[-`{-~])"  # CommonMark: any ASCII punctuation may be escaped
    rf"|\[\^(?P<note>[\w-]{{1,{MAX_LABEL}}})\]"        # definitions ("[^1]: …" at a line start) are gone by now
    # neither label nor target holds a bracket: a scan from one "[" stops at the next, so a line
    # of thousands of brackets costs linear time, not quadratic
    r"|\[(?P<label>(?:\\.|[^\[\]\\\n])*+)\]\((?P<target>[^)\[\]\s]*+)\)"
    r"|\*\*?|__"  # emphasis: the whole match
)


def inline_markdown(doc: Cleaned) -> None:
    if doc.form != "web":
        return
    for line in doc.lines:
        if line.kind == "text":
            line.text = convert(line.text)
    for raw in doc.notes.values():
        raw.lines = [convert(t) for t in raw.lines]


def convert(text: str) -> str:
    """One line of web text -> plain text with in-band emphasis and note markers."""
    out: list[str] = []
    open_at: int | None = None  # index in out of a pending opening star
    pos = 0
    for m in _TOKENS.finditer(text):
        out.append(text[pos:m.start()])
        pos = m.end()
        if m.group("escaped") is not None:
            out.append(m.group("escaped"))
        elif m.group("note") is not None:
            out.append(note(m.group("note")))
        elif m.group("label") is not None:
            out.append(convert(m.group("label")))
        else:
            stars = m.group(0)
            before = text[m.start() - 1] if m.start() else " "
            after = text[m.end()] if m.end() < len(text) else " "
            if open_at is None and not after.isspace():
                open_at = len(out)
                out.append(stars)
            elif open_at is not None and not before.isspace():
                out[open_at] = EM_OPEN
                out.append(EM_CLOSE)
                open_at = None
            else:
                out.append(stars)
    out.append(text[pos:])
    return "".join(out)
