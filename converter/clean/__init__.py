"""Stage 2, clean: page furniture out, footnote areas out (their notes kept), markers found.

Each pass is a small function over the line list, run in the order of ``PASSES``. A removed
stretch of lines leaves a ``break`` line behind, so that segmenting knows a page ended there.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Callable, Literal

from ..model import ConversionWarning
from ..read import Source

LineKind = Literal["text", "blank", "break"]


@dataclass(slots=True)  # one per input line: no attribute dict to make
class Line:
    no: int          # 1-based line number in the input
    text: str        # may hold in-band markers (see converter.inline)
    kind: LineKind = "text"


@dataclass
class RawNote:
    """A footnote body as found: its marker and its lines (joined later, dehyphenated)."""

    marker: str
    line: int
    lines: list[str]
    block: int  # index of the footnote area it was found in, in document order


@dataclass
class Cleaned:
    name: str
    form: str
    lines: list[Line]
    notes: dict[str, RawNote] = field(default_factory=dict)
    furniture: set[int] = field(default_factory=set)   # line numbers dropped as page furniture
    note_lines: set[int] = field(default_factory=set)  # line numbers that held footnote bodies
    unmarked: set[str] = field(default_factory=set)    # notes placed by the converter, not by a marker
    warnings: list[ConversionWarning] = field(default_factory=list)
    ascii_digits: bool = False  # every decimal digit is ASCII (what reading found; False: not known)
    superscripts: bool = True  # the text may hold superscript digits (False: reading found none)

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(ConversionWarning(line, message))


Pass = Callable[[Cleaned], None]


def clean(source: Source) -> Cleaned:
    from . import footnotes, furniture, markdown, markers

    lines = _lines(source.lines)
    doc = Cleaned(source.name, source.form, lines, warnings=list(source.warnings), ascii_digits=source.ascii_digits,
                  superscripts=source.superscripts)
    passes: list[Pass] = [
        furniture.drop_page_furniture,
        footnotes.extract_footnotes,
        markdown.inline_markdown,
        markers.anchor_note_markers,
    ]
    for run in passes:
        run(doc)
    return doc


def _lines(texts: list[str]) -> list[Line]:
    """``[Line(i + 1, t, kind) for i, t in enumerate(texts)]``, each blank if it is empty or only
    white space (what strip() would empty, without making a string).

    Made by object.__new__ and slot stores: a call of Line's __init__ (a Python frame) costs
    twice what the rest of making the line does, and every input line is made."""
    lines = list(map(object.__new__, itertools.repeat(Line, len(texts))))
    for no, line, text in zip(range(1, len(texts) + 1), lines, texts):
        line.no = no
        line.text = text
        line.kind = "text" if text and not text.isspace() else "blank"
    return lines


def replace_with_break(doc: Cleaned, indices: set[int]) -> None:
    """Replace the lines at these list indices by one break line per run."""
    if not indices:
        return
    lines = doc.lines
    out: list[Line] = []
    kept_from = 0
    for i in sorted(indices):  # the kept stretches between are copied whole
        out.extend(lines[kept_from:i])
        if not out or out[-1].kind != "break":
            out.append(Line(lines[i].no, "", "break"))
        kept_from = i + 1
    out.extend(lines[kept_from:])
    doc.lines = out
