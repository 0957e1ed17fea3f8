"""Footnote areas: find them, keep their notes, leave a page break in their place.

PDF text: an area starts at a rule line (``_____``); a note starts with its number, and the
numbers in an area run on one by one, so a line starting with "2005 II S. 954" continues a note.
The area ends at a blank line, an indented line (the next page's text) or page furniture.
Web text: a note is a paragraph that starts with a superscript number (``¹ Resolution 70/1.``)
or a Markdown footnote definition (``[^1]: …``); notes stand between the text's paragraphs.
"""
from __future__ import annotations

import re

from . import Cleaned, RawNote, replace_with_break

RULE = re.compile(r"^\s*_{5,}\s*$")
PDF_NOTE_START = re.compile(r"^(\d{1,3})\s+(\S.*)$")
SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
TO_DIGITS = str.maketrans(SUPERSCRIPT, "0123456789")
MAX_MARKER = 4  # digits of a footnote number; "[^label]" labels up to MAX_LABEL characters
MAX_LABEL = 32
WEB_NOTE = re.compile(rf"^\s*([{SUPERSCRIPT}]{{1,{MAX_MARKER}}})\s+(\S.*)$")
NOTE_LEADS = SUPERSCRIPT + "["  # ("" is in it: such a line is matched as before)
MD_NOTE = re.compile(rf"^\s*\[\^([\w-]{{1,{MAX_LABEL}}})\]:\s*(.*)$")


def extract_footnotes(doc: Cleaned) -> None:
    if doc.form == "pdf":
        _pdf_areas(doc)
    _web_notes(doc)


def _add(doc: Cleaned, note: RawNote) -> None:
    if note.marker in doc.notes:
        doc.warn(note.line, f"footnote {note.marker} appears twice; the second one is kept after the first")
        doc.notes[note.marker].lines.extend(note.lines)
        return
    doc.notes[note.marker] = note


def _pdf_areas(doc: Cleaned) -> None:
    lines = doc.lines
    drop: set[int] = set()
    block = 0
    next_marker: int | None = None  # notes run on across areas, too
    # a rule holds five underscores: a substring test (C-fast) spares the pattern on other lines
    rules = [k for k, l in enumerate(lines) if "_____" in l.text and l.kind == "text" and RULE.match(l.text)]
    j = 0  # where the last area ended: a rule before it was taken into that area
    for i in rules:
        if i < j:
            continue
        drop.add(i)
        block += 1
        current: RawNote | None = None
        j = i + 1
        while j < len(lines):
            line = lines[j]
            raw = line.text
            if line.kind != "text" or raw[:1].isspace():
                break
            m = PDF_NOTE_START.match(raw.strip())
            number = int(m.group(1)) if m else None
            starts = m is not None and (current is None or number == int(current.marker) + 1
                                        or (next_marker is not None and number == next_marker))
            if starts:
                current = RawNote(str(number), line.no, [m.group(2)], block)
                _add(doc, current)
                next_marker = number + 1
            elif current is None:
                break  # not a note area after all: text directly under a rule
            elif current.lines and _finished(current.lines[-1]) and raw[:1].isalpha():
                break  # a finished note, then text of the next page that was not indented
            else:
                current.lines.append(raw.strip())
            drop.add(j)
            doc.note_lines.add(line.no)
            j += 1
        if current is None:
            doc.warn(lines[i].no, "a rule line with no footnotes under it; dropped as page furniture")
        doc.furniture.add(lines[i].no)
    replace_with_break(doc, drop)


ABBREVIATION = re.compile(r"(?:^|\s)[^\W\d_]{1,7}\.$")  # "dBGBl.", "Abschn.", "Nr.", "Vol."


def _finished(note_line: str) -> bool:
    """Does a note line end its note: a full stop that closes a sentence, not an abbreviation?"""
    t = note_line.rstrip()
    return t.endswith(".") and not ABBREVIATION.search(t)


def _web_notes(doc: Cleaned) -> None:
    lines = doc.lines
    if doc.form == "pdf":  # reading found no superscript, and rarely "[^": then there is no note
        text = "\n".join([l.text for l in lines])
        if not _has_md_note_lead(text) and not (doc.superscripts and any(c in text for c in SUPERSCRIPT)):
            return  # a scan in C instead of two matches a line
    drop: set[int] = set()
    block = 1000  # web areas are numbered after any PDF ones
    previous_was_note = False
    for i, line in enumerate(lines):
        if line.kind == "blank":
            continue
        if line.kind != "text":
            previous_was_note = False
            continue
        # a note starts, after white space (what strip and \s agree on), with a superscript or "[^"
        text = line.text
        m = (WEB_NOTE.match(text) or MD_NOTE.match(text)) if text.lstrip()[:1] in NOTE_LEADS else None
        if not m:
            previous_was_note = False
            continue
        if not previous_was_note:
            block += 1
        marker = m.group(1).translate(TO_DIGITS)
        _add(doc, RawNote(marker, line.no, [m.group(2)], block))
        doc.note_lines.add(line.no)
        drop.add(i)
        previous_was_note = True
    if drop:
        # blank lines between notes of one area go with them: the run of blanks after a note,
        # when a note follows it (only the lines after a note are looked at)
        for i in sorted(drop):
            j = i + 1
            if j < len(lines) and lines[j].kind == "blank" and _next_text(lines, j) in drop:
                while j < len(lines) and lines[j].kind == "blank":
                    drop.add(j)
                    j += 1
        replace_with_break(doc, drop)


_FINDS = 8  # where "[" is this common, one search for "[^" from there is cheaper


def _has_md_note_lead(text: str) -> bool:
    """``"[^" in text``: each "[" found (memchr) and what follows it asked, where a search for
    the two characters tests every place of the text."""
    at = text.find("[")
    for _ in range(_FINDS):
        if at == -1:
            return False
        if text.startswith("^", at + 1):
            return True
        at = text.find("[", at + 1)
    return at != -1 and text.find("[^", at) != -1


def _next_text(lines, i: int) -> int:
    j = i + 1
    while j < len(lines) and lines[j].kind == "blank":
        j += 1
    return j
