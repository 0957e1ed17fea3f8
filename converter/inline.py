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
    than the rest of this function). The ends are stripped first (no marker is white space, so
    no mark or anchor moves); what white space a marker kept at an end ``_trim`` strips."""
    if "  " in marked or "\n" in marked:
        marked = " ".join(marked.split())
    else:
        marked = marked.strip()
    emphasis = EM_OPEN in marked or EM_CLOSE in marked
    if NOTE_CLOSE in marked:  # a note needs a close: a text without one has none
        return _trim(_with_markers(marked, line)) if emphasis else _with_notes(marked, line)
    if emphasis:
        return _with_emphasis(marked, line)
    return Text(marked, line)  # no marker


def _with_emphasis(marked: str, line: int) -> Text:
    """A text whose only markers are emphasis: each close ends the emphasis opened last before
    it (and after the close before), a close with no opening is dropped, as is an opening with
    no close after it. Each emphasis is trimmed to its words here, as ``_trim`` would."""
    out: list[str] = []
    marks: list[Mark] = []
    pos = 0
    length = 0
    close = marked.find(EM_CLOSE)
    while close != -1:
        opening = marked.rfind(EM_OPEN, pos, close)
        if opening == -1:
            out.append(marked[pos:close])
            length += close - pos
        else:
            head = marked[pos:opening]
            if EM_OPEN in head:  # opened again later: only the last opening counts
                head = head.replace(EM_OPEN, "")
            words = marked[opening + 1:close]
            out.append(head)
            out.append(words)
            start = length + len(head)
            length = start + len(words)
            kept = words.strip()
            if kept:
                lead = len(words) - len(words.lstrip()) if kept is not words else 0
                marks.append(Mark(start + lead, start + lead + len(kept), "emphasis"))
        pos = close + 1
        close = marked.find(EM_CLOSE, pos)
    rest = marked[pos:]
    out.append(rest.replace(EM_OPEN, "") if EM_OPEN in rest else rest)
    text = Text("".join(out), line, marks)
    # an end is white space only where a marker stood before it: rare
    return text if text.text.strip() is text.text else _trim(text)


def _with_notes(marked: str, line: int) -> Text:
    """A text whose markers are notes (and closes of none): each runs from an opening to the
    first close after it, swallowing any opening between, as in ``_with_markers``. Found from
    the closes: str.find finds a close far faster than an opening (whose code point ends in a
    zero byte, which memchr cannot look for), and a text without another close has no more notes."""
    out: list[str] = []
    anchors: list[NoteAnchor] = []
    pos = 0  # where the text not yet copied starts
    scan = 0  # where the next note's opening is looked for
    length = 0
    close = marked.find(NOTE_CLOSE)
    while close != -1:
        opening = marked.find(NOTE_OPEN, scan, close)
        if opening != -1:  # else a close with no opening before it: text
            out.append(marked[pos:opening])
            length += opening - pos
            anchors.append(NoteAnchor(length, marked[opening + 1:close]))
            pos = close + 1
        scan = close + 1
        close = marked.find(NOTE_CLOSE, scan)
    out.append(marked[pos:])
    text = Text("".join(out), line, [], anchors)
    # an end is white space only where a marker stood before it: rare
    return text if text.text.strip() is text.text else _trim(text)


def _with_markers(marked: str, line: int) -> Text:
    """A text with notes (or closes of none) and emphasis.

    The markers are found by str.find, three positions kept ahead (a regex scan over the text was
    most of the cost of a marked text); the order and reading are those of the pattern
    "\ue000([^\ue001]*)\ue001|\ue002|\ue003": a note runs to the first close after its opening
    (swallowing any marker inside), an opening with no close after it is text, as is every later one."""
    out: list[str] = []
    pos = 0
    length = 0
    text = Text("", line)
    notes = text.notes
    em_start: int | None = None
    end = len(marked)
    note_at = marked.find(NOTE_OPEN)
    note_end = marked.find(NOTE_CLOSE, note_at + 1) if note_at != -1 else -1
    if note_end == -1:
        note_at = end
    open_at = marked.find(EM_OPEN)
    if open_at == -1:
        open_at = end
    close_at = marked.find(EM_CLOSE)
    if close_at == -1:
        close_at = end
    while True:
        at = note_at if note_at < open_at else open_at
        if close_at < at:
            at = close_at
        if at == end:
            break
        chunk = marked[pos:at]
        out.append(chunk)
        length += len(chunk)
        if at == note_at:
            notes.append(NoteAnchor(length, marked[at + 1:note_end]))
            pos = note_end + 1
            note_at = marked.find(NOTE_OPEN, pos)
            if note_at == -1:
                note_at = end
            else:
                note_end = marked.find(NOTE_CLOSE, note_at + 1)
                if note_end == -1:
                    note_at = end  # no close after this opening, so none after any later one
            if open_at < pos:
                open_at = marked.find(EM_OPEN, pos)
                if open_at == -1:
                    open_at = end
            if close_at < pos:
                close_at = marked.find(EM_CLOSE, pos)
                if close_at == -1:
                    close_at = end
        elif at == open_at:
            em_start = length
            pos = at + 1
            open_at = marked.find(EM_OPEN, pos)
            if open_at == -1:
                open_at = end
        else:
            if em_start is not None:
                text.marks.append(Mark(em_start, length, "emphasis"))
            em_start = None
            pos = at + 1
            close_at = marked.find(EM_CLOSE, pos)
            if close_at == -1:
                close_at = end
    out.append(marked[pos:])
    text.text = "".join(out)
    return text


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
