"""Stage 4, recognise: blocks -> the typed model of a resolution.

The document grammar: front matter (masthead, number, title), the formula ("Die
Generalversammlung,"), preambular paragraphs, operative paragraphs, the closing lines, and
annexes. Each region has its own recogniser module; this one finds where regions begin.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..clean import Cleaned
from ..clean.dehyphenate import Joined, Vocabulary
from ..inline import NOTE_CLOSE, NOTE_OPEN, to_text
from ..model import Annex, ConversionError, ConversionWarning, Footnote, Metadata, Resolution
from ..segment import FORMULA, NUMBERED, Block, terminated
from .conclusions import MEETING, recognise_conclusions
from .masthead import recognise_front
from .operative import recognise_body
from .preamble import recognise_preamble
from .refs import mark_references

ANNEX_LABEL = re.compile(r"^(?:Anlage|Anhang)(?:\s+(?:[IVX]+|\d+))?$")
ROMAN_UNIT = re.compile(r"^[IVXL]+\.\s")  # "II. …": a part of an annex's body


@dataclass
class Regions:
    """Where the parts of a resolution stand, as runs of blocks."""

    front: list[Block]
    formula: Block | None
    preamble: list[Block]
    operative: list[Block]
    closing: list[Block]
    annexes: list[Block]


def find_regions(blocks: list[Block], warnings: list[ConversionWarning], name: str) -> Regions:
    """The document grammar: front matter, formula, preamble, operative part, closing lines, annexes."""
    if not blocks:
        raise ConversionError("no text found", line=1, source=name)
    formula_at = next((i for i, b in enumerate(blocks) if FORMULA.match(b.plain)), None)
    if formula_at is None and not any(NUMBERED.match(b.plain) for b in blocks):
        raise ConversionError("this does not look like a resolution: no formula line "
                              "(\"Die Generalversammlung,\") and no numbered paragraph",
                              line=blocks[0].line, source=name)
    if formula_at is None:
        start = _guess_preamble_start(blocks)
        warnings.append(ConversionWarning(blocks[min(start, len(blocks) - 1)].line,
                                          "no formula line (\"Die Generalversammlung,\"); the preamble starts here"))
        front, formula, rest = blocks[:start], None, blocks[start:]
    else:
        front, formula, rest = blocks[:formula_at], blocks[formula_at], blocks[formula_at + 1:]
    # one pass finds the first annex label and the first meeting line before it
    annex_at, meeting_at = len(rest), None
    for i, b in enumerate(rest):
        plain = b.plain
        # each pattern tried only where its first character stands: a label starts "An", a
        # meeting line with a digit (\d: what str.isdecimal tells)
        if plain[:2] == "An" and ANNEX_LABEL.match(plain):
            annex_at = i
            break
        if meeting_at is None and plain[:1].isdecimal() and MEETING.match(plain):  # is_meeting
            meeting_at = i
    main, annexes = rest[:annex_at], rest[annex_at:]
    if meeting_at is None:
        meeting_at = len(main)
    main, closing = main[:meeting_at], main[meeting_at:]
    operative_at = _operative_start(main)
    return Regions(front, formula, main[:operative_at], main[operative_at:], closing, annexes)


def recognise(blocks: list[Block], cleaned: Cleaned) -> Resolution:
    meta = Metadata()
    warnings: list[ConversionWarning] = list(cleaned.warnings)
    res = Resolution(meta, warnings=warnings)
    regions = find_regions(blocks, warnings, cleaned.name)
    if regions.formula is not None:
        res.formula = to_text(regions.formula.text, regions.formula.line)
    res.cover, res.preface, w = recognise_front(regions.front, meta)
    warnings.extend(w)
    res.preamble = recognise_preamble(regions.preamble, warnings)
    res.body = recognise_body(regions.operative, warnings, mark_verbs=True)
    if not res.body:
        last = (regions.operative or regions.preamble or blocks)[-1]
        warnings.append(ConversionWarning(last.line, "no operative paragraph found"))
    annex_blocks = regions.annexes
    if regions.closing:
        res.conclusions, used = recognise_conclusions(regions.closing)
        if len(regions.closing) > used:
            warnings.append(ConversionWarning(regions.closing[used].line, "text after the closing lines that is "
                                              "not headed \"Anlage\"; kept as an annex"))
            annex_blocks = regions.closing[used:] + annex_blocks
        if res.conclusions.date:
            meta.adopted = meta.adopted or res.conclusions.date
        if res.conclusions.meeting is not None:
            meta.meeting = meta.meeting or res.conclusions.meeting.text.split(".")[0]
    if annex_blocks:
        res.annexes = _annexes(annex_blocks, warnings)
    res.footnotes = _footnotes(cleaned, warnings)
    mark_references(res)
    return res


def _guess_preamble_start(blocks: list[Block]) -> int:
    """Without a formula: the preamble starts at the first paragraph that ends with a comma."""
    for i, b in enumerate(blocks):
        if b.plain.endswith(",") and len(b.plain.split()) > 4 or NUMBERED.match(b.plain):
            return i
    return 0


def _operative_start(blocks: list[Block]) -> int:
    """The first operative paragraph: "1." or, for a single unnumbered one, the text ending with a full stop."""
    for i, b in enumerate(blocks):
        plain = b.plain
        if plain[:1].isdecimal() and (m := NUMBERED.match(plain)) and m.group(1) == "1":  # a number first
            return i
    for i, b in enumerate(blocks):
        if NUMBERED.match(b.plain):
            return i
    for i in range(len(blocks) - 1, -1, -1):
        if terminated(blocks[i].text) and blocks[i].plain.rstrip().endswith((".", ";")):
            continue
        return i + 1
    return 0


def _annexes(blocks: list[Block], warnings: list[ConversionWarning]) -> list[Annex]:
    starts = [i for i, b in enumerate(blocks) if ANNEX_LABEL.match(b.plain)] or [0]
    if starts[0] != 0:
        starts.insert(0, 0)
    annexes = []
    for k, s in enumerate(starts):
        part = blocks[s: starts[k + 1] if k + 1 < len(starts) else len(blocks)]
        label = to_text(part[0].text, part[0].line)
        rest = part[1:]
        title = None
        if rest and not NUMBERED.match(rest[0].plain) and not terminated(rest[0].text):
            title = to_text(rest[0].text, rest[0].line)
            rest = rest[1:]
        first_unit = next((i for i, b in enumerate(rest) if NUMBERED.match(b.plain)
                           or ROMAN_UNIT.match(b.plain)), len(rest))
        intro = [to_text(b.text, b.line) for b in rest[:first_unit]]
        body = recognise_body(rest[first_unit:], warnings, mark_verbs=False)
        annexes.append(Annex(label, title, intro, body))
    return annexes


NOTE_MARKER = re.compile(f"{NOTE_OPEN}([^{NOTE_CLOSE}]*){NOTE_CLOSE}")


def _footnotes(cleaned: Cleaned, warnings: list[ConversionWarning]) -> dict[str, Footnote]:
    """The notes with their text joined; a marker cited without any note text gets an empty note."""
    notes: dict[str, Footnote] = {}
    vocab = Vocabulary.from_lines([line for raw in cleaned.notes.values() for line in raw.lines])
    for marker, raw in sorted(cleaned.notes.items(), key=lambda kv: int(kv[0]) if kv[0].isdigit() else 0):
        if len(raw.lines) > 1:
            joined = Joined(raw.lines[0])
            for more in raw.lines[1:]:
                joined.add(more, vocab)
            text = joined.text
        else:  # most notes have one line: nothing to join
            text = raw.lines[0] if raw.lines else ""
        notes[marker] = Footnote(marker, to_text(text, raw.line))
    for line in cleaned.lines:
        # most lines cite no note: skip the pattern; a marker needs a close, and str's "in"
        # finds U+E001 by memchr, U+E000 (a zero low byte) only character by character
        if NOTE_CLOSE not in line.text:
            continue
        for marker in NOTE_MARKER.findall(line.text):
            if marker not in notes:
                warnings.append(ConversionWarning(line.no, f"footnote marker {marker} has no footnote text; "
                                                  "an empty note is kept at the marker"))
                notes[marker] = Footnote(marker, to_text("", line.no))
    return notes
