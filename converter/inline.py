"""In-band markers that carry note anchors and emphasis through the line-based stages.

Cleaning and segmenting join and split lines; a footnote marker or an italic span found early
must travel with its words. They travel as private-use characters (removed from the input by
``read``), and ``to_text`` turns them into the stand-off marks of the model at the end.
"""
from __future__ import annotations

import re

from .model import Mark, NoteAnchor, Text

NOTE_OPEN, NOTE_CLOSE = "\ue000", "\ue001"
EM_OPEN, EM_CLOSE = "\ue002", "\ue003"
PRIVATE = re.compile("[\ue000-\ue003]")
_NOTE = re.compile("\ue000[^\ue001]*\ue001")


def note(marker: str) -> str:
    return f"{NOTE_OPEN}{marker}{NOTE_CLOSE}"


def visible(marked: str) -> str:
    """The text without any in-band marker."""
    # str.replace and a literal-led pattern: far cheaper than one regex with two branches
    if EM_OPEN in marked or EM_CLOSE in marked:
        marked = marked.replace(EM_OPEN, "").replace(EM_CLOSE, "")
    return _NOTE.sub("", marked) if NOTE_OPEN in marked else marked


def strip_notes(marked: str) -> str:
    return _NOTE.sub("", marked) if NOTE_OPEN in marked else marked


def to_text(marked: str, line: int = 0) -> Text:
    """Turn a string with in-band markers into a Text with stand-off marks and note anchors.

    White space runs become one space: in a paragraph they carry no meaning, and extracted PDF
    text has many. ``read`` leaves spaces and line ends the only white space, so a text without
    two spaces in a row or a line end has no run (splitting every text into words costs more
    than the rest of this function); ``_trim`` below deals with the ends."""
    if "  " in marked or "\n" in marked:
        marked = " ".join(marked.split())
    if NOTE_OPEN not in marked and EM_OPEN not in marked and EM_CLOSE not in marked:
        return _trim(Text(marked, line))
    out: list[str] = []
    pos = 0
    length = 0
    text = Text("", line)
    em_start: int | None = None
    # the markers found by str.find, three positions kept ahead (a regex scan over the text was
    # most of the cost of a marked text); the order and reading are those of the pattern
    # "\ue000([^\ue001]*)\ue001|\ue002|\ue003": a note runs to the first close after its opening
    # (swallowing any marker inside), an opening with no close after it is text, as is every later one
    end = len(marked)
    note_at, note_end = _next_note(marked, 0, end)
    open_at = _find(marked, EM_OPEN, 0, end)
    close_at = _find(marked, EM_CLOSE, 0, end)
    while True:
        at = min(note_at, open_at, close_at)
        if at == end:
            break
        chunk = marked[pos:at]
        out.append(chunk)
        length += len(chunk)
        if at == note_at:
            text.notes.append(NoteAnchor(length, marked[at + 1:note_end]))
            pos = note_end + 1
            note_at, note_end = _next_note(marked, pos, end)
            if open_at < pos:
                open_at = _find(marked, EM_OPEN, pos, end)
            if close_at < pos:
                close_at = _find(marked, EM_CLOSE, pos, end)
        elif at == open_at:
            em_start = length
            pos = at + 1
            open_at = _find(marked, EM_OPEN, pos, end)
        else:
            if em_start is not None:
                text.marks.append(Mark(em_start, length, "emphasis"))
            em_start = None
            pos = at + 1
            close_at = _find(marked, EM_CLOSE, pos, end)
    out.append(marked[pos:])
    text.text = "".join(out)
    return _trim(text)


def _find(s: str, marker: str, start: int, end: int) -> int:
    """Where ``marker`` next stands from ``start``, or ``end`` (past the text) if nowhere."""
    at = s.find(marker, start)
    return end if at == -1 else at


def _next_note(s: str, start: int, end: int) -> tuple[int, int]:
    """(opening, close) of the next note from ``start``, or (end, end) if there is none."""
    at = s.find(NOTE_OPEN, start)
    if at == -1:
        return end, end
    close = s.find(NOTE_CLOSE, at + 1)
    if close == -1:
        return end, end  # no close after this opening, so none after any later one
    return at, close


def _trim(text: Text) -> Text:
    """Strip surrounding white space, keeping marks and anchors on their characters."""
    s = text.text
    s2 = s.strip()
    # str.strip gives the text itself when there is nothing to strip: then nothing moves (the
    # marks and anchors of to_text lie within the text)
    if s2 is not s:
        lead = len(s) - len(s.lstrip())
        text.text = s2
        for m in text.marks:
            m.start = min(max(m.start - lead, 0), len(s2))
            m.end = min(max(m.end - lead, 0), len(s2))
        for a in text.notes:
            a.offset = min(max(a.offset - lead, 0), len(s2))
    if not text.marks:
        return text
    # emphasis that covered only white space is gone; trim emphasis to its words
    kept = []
    for m in text.marks:
        while m.start < m.end and s2[m.start].isspace():
            m.start += 1
        while m.end > m.start and s2[m.end - 1].isspace():
            m.end -= 1
        if m.end > m.start:
            kept.append(m)
    text.marks = kept
    return text
