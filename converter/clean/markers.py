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

from ..inline import note
from ..textscan import find_all
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
    at = find_all(joined, SUPERSCRIPT)
    if not at:
        return
    starts = [0]  # where each line starts in the joined text
    for l in lines:
        starts.append(starts[-1] + len(l.text) + 1)
    runs: list[tuple[int, int]] = []  # maximal runs of superscripts (none spans a line end)
    for i in at:
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    by_line: dict[int, list[tuple[int, int]]] = {}
    for a, b in runs:
        if b - a <= MAX_MARKER:
            by_line.setdefault(bisect.bisect_right(starts, a) - 1, []).append((a, b))
    for k, line_runs in by_line.items():
        # each line rebuilt once from its pieces: one copy per marker is quadratic in a long line
        text, offset = lines[k].text, starts[k]
        pieces, pos = [], 0
        for a, b in line_runs:
            pieces += (text[pos:a - offset], note(joined[a:b].translate(TO_DIGITS)))
            pos = b - offset
        pieces.append(text[pos:])
        lines[k].text = "".join(pieces)


def _place_unmarked_notes(doc: Cleaned) -> None:
    """A note no marker cites is placed by the converter, with a warning (its text is kept)."""
    cited = set(re.findall("\ue000([^\ue001]*)\ue001", "\n".join(l.text for l in doc.lines if l.kind == "text")))
    places: TextLines | None = None  # made when a note is to be placed (most texts: none is)
    for marker, raw in doc.notes.items():
        if marker not in cited:
            places = places or TextLines(doc)
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
    places: TextLines | None = None  # made when a note is to be placed (most texts: none is)
    anchored: set[int] = set()
    for page_lines, numbers in pages:
        wanted = sorted(numbers)
        # a marker is digits: lines without any are skipped by every walk (they gain none)
        page_runs = _digit_runs(page_lines, doc.ascii_digits)
        found = _walk(page_runs, wanted, anchored, strong=True, ascii_digits=doc.ascii_digits)
        # weak candidates: first where a sentence part ends ("79/72;"), then where a list item
        # ends ("60/12,"), then any: a note closes what it annotates
        for clause_end in (STRONG_END, LIST_END, None):
            missing = [n for n in wanted if n not in found]
            if missing:
                found |= _walk(page_runs, missing, anchored, strong=False, clause_end=clause_end,
                               ascii_digits=doc.ascii_digits)
        for n in wanted:
            if n not in found:
                anchored.add(n)
                places = places or TextLines(doc)  # doc.lines stays the list it was: the same lines
                place_note(doc, str(n), doc.notes[str(n)].line, places)


# the lines with a digit: (line, its text when its runs were found, its maximal runs of digits)
Runs = list[tuple[Line, str, list[tuple[int, int]]]]


def _digit_runs(lines: list[Line], ascii_digits: bool) -> Runs:
    """The lines that hold a decimal digit, with their maximal runs of digits (start, end).

    When every digit is ASCII (reading checked), the digits are found in the lines joined, by
    one str.find per digit (memchr), where a regex scan tests every character of every line."""
    if not ascii_digits:
        return [(l, l.text, [m.span() for m in DIGITS.finditer(l.text)]) for l in lines if DIGIT.search(l.text)]
    texts = [l.text for l in lines]
    joined = "\n".join(texts)
    at = find_all(joined, "0123456789")
    if not at:
        return []
    runs: list[tuple[int, int]] = []  # a line end is no digit: no run spans one
    start = end = at[0]
    for i in at:
        if i != end:
            runs.append((start, end))
            start = i
        end = i + 1
    runs.append((start, end))
    out: Runs = []
    k, line_start, line_end = -1, 0, -1  # the line that holds the next run, and where it lies
    for a, b in runs:
        if a > line_end:
            while a > line_end:
                k += 1
                line_start, line_end = line_end + 1, line_end + 1 + len(texts[k])
            out.append((lines[k], texts[k], []))
        out[-1][2].append((a - line_start, b - line_start))
    return out


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


# what may precede the run of a strong marker that follows letters or a closer
_WORD_END = "abcdefghijklmnopqrstuvwxyzäöüß"  # GLUED_TO_WORD's letters
_CLOSERS = ")”“\"’"


def _walk(lines: Runs, wanted: list[int], anchored: set[int], strong: bool,
          clause_end: re.Pattern[str] | None = None, ascii_digits: bool = False) -> set[int]:
    """Anchor the wanted notes, in order, where a glued marker stands (``lines``: the lines with
    digits and their runs; ``ascii_digits``: every digit of the lines is ASCII).

    A marker is the whole of a run of digits or its end, so the patterns are tried only there (a
    search tests every character of the line, three times): a strong one starts where its run
    does (it follows letters, a closer or a year's start), and a weak one ends where its run
    does, so the run's first place where it matches is the one a search would find. A pattern
    is tried only where the character before the run lets it match: GLUED_TO_WORD after a
    letter, GLUED_AFTER_CLOSER after a closer, GLUED_TO_YEAR on five digits or more, GLUED_WEAK
    after a closer or a "/" (within a run, a digit precedes each place)."""
    found: set[int] = set()
    queue = list(wanted)
    digits = ASCII_DIGITS if ascii_digits else DIGITS
    for line, known, runs in lines:
        text = line.text
        if text is not known:  # changed since its runs were found (a marker put in)
            runs = [m.span() for m in digits.finditer(text)]
        spots: list[tuple[int, int, int]] = []  # (start, end, number)
        for start, end in runs:
            before = text[start - 1] if start else " "
            if strong:
                m = None
                if before in _WORD_END:
                    m = GLUED_TO_WORD.match(text, start)
                elif before in _CLOSERS:
                    m = GLUED_AFTER_CLOSER.match(text, start)
                if m is None and end - start >= 5:
                    m = GLUED_TO_YEAR.match(text, start)
                if m:
                    spots.append((m.start(1), m.end(1), int(m.group(1))))
                continue
            if before not in _CLOSERS and before != "/":
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
