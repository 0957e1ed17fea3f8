"""The Markdown flavour of the web form: emphasis, links and escapes become plain text + marks.

``*fordert*`` becomes an emphasis mark, ``[61/180](#)`` its visible text, ``[^3]`` a note
marker, and a backslash escape its character. PDF text is left alone: a star there is a star.
"""
from __future__ import annotations

import re

from ..inline import EM_CLOSE, EM_OPEN, note
from ..textscan import find_all
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
    lines = [l for l in doc.lines if l.kind == "text"]
    for line, leads in zip(lines, _leads_by_line([l.text for l in lines])):
        if leads:  # a line without any has no token
            line.text = convert(line.text, leads)
    # the leads of every note's lines found in one call (a call per note costs four finds each)
    notes = list(doc.notes.values())
    note_leads = iter(_leads_by_line([t for raw in notes for t in raw.lines]))
    for raw in notes:
        raw.lines = [convert(t, leads) if leads else t for t, leads in zip(raw.lines, note_leads)]


def convert(text: str, leads: list[int] | None = None) -> str:
    """One line of web text -> plain text with in-band emphasis and note markers; ``leads``:
    where the line has one of _LEADS, in order, when known.

    The tokens are those of ``_TOKENS.finditer(text)``: a token starts with a lead, so the
    pattern is tried only where one stands (a regex scan tests every character of the line,
    most of a web text's cleaning)."""
    out: list[str] = []
    open_at: int | None = None  # index in out of a pending opening star
    pos = 0
    for i in _find_leads(text) if leads is None else leads:
        if i < pos:
            continue  # inside the last token
        m = _TOKENS.match(text, i)
        if m is None:
            continue
        out.append(text[pos:i])
        pos = m.end()  # a token is never empty
        kind = m.lastgroup  # the alternative that matched: its last group ("target" for a link)
        if kind == "escaped":
            out.append(m[1])
        elif kind == "note":
            out.append(note(m[2]))
        elif kind == "target":
            label = m["label"]
            # a label without a lead has no token: it is its own text (most: "61/180")
            out.append(convert(label) if any(lead in label for lead in _LEADS) else label)
        else:
            stars = m[0]
            before = text[i - 1] if i else " "
            after = text[pos] if pos < len(text) else " "
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


_LEADS = "\\[*_"  # what a token starts with


def _find_leads(text: str) -> list[int]:
    """Where the text has one of _LEADS, in order: one str.find per lead (memchr), where a
    regex scan tests every character."""
    return find_all(text, _LEADS)


def _leads_by_line(texts: list[str]) -> list[list[int]]:
    """_find_leads of each text, asked of them all joined (four calls instead of four a line)."""
    by_line: list[list[int]] = [[] for _ in texts]
    if not texts:
        return by_line
    k, start, end = 0, 0, len(texts[0])  # the line that holds the next lead, and where it lies
    for i in _find_leads("\n".join(texts)):
        while i > end:  # no lead is a line end
            k += 1
            start, end = end + 1, end + 1 + len(texts[k])
        by_line[k].append(i - start)
    return by_line

