"""Footnote markers in the text: superscripts in web text, digits glued to words in PDF text.

PDF text loses the superscript, so "Erklärung1", "Weltgipfels 20052" (2005 + note 2) and
"Kri-/minalität3" carry their marker as plain digits. A marker is accepted only where the note
sequence expects it: notes are numbered in the order they are first cited, and a note's body
stands in the footnote area of the page that cites it. A later citation of an earlier note is
a word glued to that note's number.
"""
from __future__ import annotations

import bisect
import re
from itertools import compress

from ..inline import note
from . import Cleaned, Line
from .footnotes import MAX_MARKER, SUPERSCRIPT, TO_DIGITS

# a marker is one to four superscript digits; a longer run is text (and no number to sort by)
SUPER_RUN = re.compile(f"[{SUPERSCRIPT}](?<![{SUPERSCRIPT}][{SUPERSCRIPT}])[{SUPERSCRIPT}]{{0,{MAX_MARKER - 1}}}"
                       f"(?![{SUPERSCRIPT}])")
DIGIT = re.compile(r"\d")
DIGITS = re.compile(r"\d\d*")  # a run: led by one digit, the engine skips to it ("\d+" is tried everywhere)
ASCII_DIGITS = re.compile(r"[0-9][0-9]*")  # the same where every digit is ASCII: a cheaper test a character
# Each pattern starts with the digit and checks what precedes it in a look-behind after it: a
# pattern that starts with a look-behind is tried at every position of a line, ~3x slower.
# letters directly followed by digits: "Erklärung1", "Kinderhandels13"
GLUED_TO_WORD = re.compile(r"(\d(?<=[a-zäöüß]{2}\d)\d{0,2})(?![\d/])")
# a year directly followed by digits: "20052" = 2005 + 2
GLUED_TO_YEAR = re.compile(r"(?:1[89]|20)(?<![\d/.,]..)\d\d(\d{1,3})(?![\d/])")
# after a closing bracket or quote: only for a note cited again
GLUED_AFTER_CLOSER = re.compile(r"(\d(?<=[a-zäöüß][)”“\"’]\d)\d{0,2})(?![\d/])")
# weaker: after a closing bracket or quote, or glued to a document symbol ("79/72" = 79/7 + 2)
GLUED_WEAK = re.compile(r"(\d(?:(?<=[)”“\"’]\d)|(?<=\d/\d\d)|(?<=\d/\d\d\d)|(?<=\d/\d\d\d\d))\d{0,2})(?![\d/])")


def anchor_note_markers(doc: Cleaned) -> None:
    if doc.form == "web":
        _anchor_superscripts(doc)
        _place_unmarked_notes(doc)
        return
    _pdf_markers(doc)


def _anchor_superscripts(doc: Cleaned) -> None:
    """Each run of one to MAX_MARKER superscript digits becomes a note marker (what SUPER_RUN
    matches). The runs are found in the text lines joined, by one str.find per superscript digit
    (memchr), where a regex scan tests every character of every line."""
    lines = [l for l in doc.lines if l.kind == "text"]
    joined = "\n".join([l.text for l in lines])
    at = []
    for digit in SUPERSCRIPT:
        i = joined.find(digit)
        while i != -1:
            at.append(i)
            i = joined.find(digit, i + 1)
    if not at:
        return
    at.sort()
    starts = [0]  # where each line starts in the joined text
    for l in lines:
        starts.append(starts[-1] + len(l.text) + 1)
    runs: list[tuple[int, int]] = []  # maximal runs of superscripts (none spans a line end)
    for i in at:
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    for a, b in reversed(runs):  # from the end, so the earlier places of a line stay where they are
        if b - a <= MAX_MARKER:
            k = bisect.bisect_right(starts, a) - 1
            line, offset = lines[k], starts[k]
            text = line.text
            line.text = text[:a - offset] + note(joined[a:b].translate(TO_DIGITS)) + text[b - offset:]


def _place_unmarked_notes(doc: Cleaned) -> None:
    """A note no marker cites is placed by the converter, with a warning (its text is kept)."""
    cited = set(re.findall("\ue000([^\ue001]*)\ue001", "\n".join(l.text for l in doc.lines if l.kind == "text")))
    places = TextLines(doc)
    for marker, raw in doc.notes.items():
        if marker not in cited:
            place_note(doc, marker, raw.line, places)


class TextLines:
    """The text lines of a document, searchable by line number."""

    def __init__(self, doc: Cleaned):
        self.lines = [l for l in doc.lines if l.kind == "text"]
        self.numbers = [l.no for l in self.lines]

    def nearest_before(self, line_no: int) -> Line | None:
        """The last text line before line_no, else the first after it."""
        k = bisect.bisect_left(self.numbers, line_no)
        if k > 0:
            return self.lines[k - 1]
        return self.lines[k] if k < len(self.lines) else None


def place_note(doc: Cleaned, marker: str, line_no: int, places: TextLines) -> None:
    """Put a note's marker at the end of the text line before ``line_no`` (else the first after)."""
    target = places.nearest_before(line_no)
    if target is None:
        return  # no text at all: segmenting refuses the input
    target.text = target.text.rstrip() + note(marker)
    doc.unmarked.add(marker)
    doc.warn(line_no, f"footnote {marker} has no marker in the text; placed at the end of line {target.no}")


def _pdf_markers(doc: Cleaned) -> None:
    if not doc.notes:
        return  # no note to anchor, so none anchored to cite again
    pages = _pages(doc)
    places = TextLines(doc)
    anchored: set[int] = set()
    for page_lines, numbers in pages:
        wanted = sorted(numbers)
        # a marker is digits: lines without any are skipped by every walk (they gain none)
        page_lines = _with_digits(page_lines, doc.ascii_digits)
        found = _walk(page_lines, wanted, anchored, strong=True, ascii_digits=doc.ascii_digits)
        # weak candidates: first where a sentence part ends ("79/72;"), then where a list item
        # ends ("60/12,"), then any: a note closes what it annotates
        for clause_end in (STRONG_END, LIST_END, None):
            missing = [n for n in wanted if n not in found]
            if missing:
                found |= _walk(page_lines, missing, anchored, strong=False, clause_end=clause_end,
                               ascii_digits=doc.ascii_digits)
        for n in wanted:
            if n not in found:
                anchored.add(n)
                place_note(doc, str(n), doc.notes[str(n)].line, places)


# for bytes.translate: all but the ASCII digits and the line end go
_NOT_DIGIT = bytes(b for b in range(256) if not (0x30 <= b <= 0x39 or b == 0x0A))


def _with_digits(lines: list[Line], ascii_digits: bool) -> list[Line]:
    """The lines that hold a decimal digit.

    When every digit is ASCII (reading checked), the lines are asked at once, in C: their ASCII
    form keeps the digits and line ends (other characters go), translate drops all but those,
    and a line's piece is empty if it has no digit; a regex scans every character of every line."""
    if ascii_digits:
        digits = "\n".join([l.text for l in lines]).encode("ascii", "ignore").translate(None, _NOT_DIGIT).split(b"\n")
        if len(digits) == len(lines):  # no line end within a line
            return list(compress(lines, digits))
    return [l for l in lines if DIGIT.search(l.text)]


def _pages(doc: Cleaned) -> list[tuple[list[Line], set[int]]]:
    """Body lines grouped by the footnote area that follows them, with that area's note numbers."""
    by_block: dict[int, set[int]] = {}
    for raw in doc.notes.values():
        by_block.setdefault(raw.block, set()).add(int(raw.marker))
    order = sorted(by_block)
    pages: list[tuple[list[Line], set[int]]] = []
    current: list[Line] = []
    block_index = 0
    note_lines = {raw.line for raw in doc.notes.values()}
    for line in doc.lines:
        if line.kind == "text":
            current.append(line)
        elif line.kind == "break" and block_index < len(order) and _is_note_break(line, doc, note_lines):
            pages.append((current, by_block[order[block_index]]))
            block_index += 1
            current = []
    pages.append((current, set()))
    while block_index < len(order):  # areas we could not place: give them to the last page
        pages[-1][1].update(by_block[order[block_index]])
        block_index += 1
    return pages


def _is_note_break(line: Line, doc: Cleaned, note_lines: set[int]) -> bool:
    """A break left by a footnote area: the next input line after the break position is a rule."""
    return line.no in doc.furniture and (line.no + 1) in note_lines


STRONG_END = re.compile(r"\s*(?:[;.:]|$)")
LIST_END = re.compile(r"\s*,")


def _walk(lines: list[Line], wanted: list[int], anchored: set[int], strong: bool,
          clause_end: re.Pattern[str] | None = None, ascii_digits: bool = False) -> set[int]:
    """Anchor the wanted notes, in order, where a glued marker stands (``ascii_digits``: every
    digit of the lines is ASCII).

    A marker is the whole of a run of digits or its end, so the patterns are tried only there (a
    search tests every character of the line, three times): a strong one starts where its run
    does (it follows letters, a closer or a year's start), and a weak one ends where its run
    does, so the run's first place where it matches is the one a search would find."""
    found: set[int] = set()
    queue = list(wanted)
    patterns = (GLUED_TO_WORD, GLUED_TO_YEAR, GLUED_AFTER_CLOSER)
    digits = ASCII_DIGITS if ascii_digits else DIGITS
    for line in lines:  # lines with a digit
        text = line.text
        spots: list[tuple[int, int, int]] = []  # (start, end, number)
        for run in digits.finditer(text):
            start, end = run.span()
            if strong:
                for pattern in patterns:
                    m = pattern.match(text, start)
                    if m:
                        spots.append((m.start(1), m.end(1), int(m.group(1))))
                continue
            for at in range(start, end):
                m = GLUED_WEAK.match(text, at)
                if m:
                    if clause_end is None or clause_end.match(text, m.end(1)):
                        spots.append((m.start(1), m.end(1), int(m.group(1))))
                    break
        spots.sort()
        edits: list[tuple[int, int, int]] = []
        for start, end, number in spots:
            if queue and number == queue[0]:
                edits.append((start, end, number))
                found.add(number)
                anchored.add(number)
                queue.pop(0)
            elif strong and number in anchored and (text[start - 1].isalpha() or text[start - 1] in ")”“\"’"):
                edits.append((start, end, number))  # a repeated citation of an earlier note
        for start, end, number in reversed(edits):
            text = text[:start] + note(str(number)) + text[end:]
        line.text = text
    return found
