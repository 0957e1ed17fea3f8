"""Stage 3, segment: cleaned lines -> blocks, one per paragraph, item, heading or masthead line.

Web text has a block per line. PDF text starts a block at an indented line, after a blank line,
or at a line that opens a numbered paragraph, an item or a heading. A paragraph cut by a page
end (and the footnotes under it) is joined again: the block before the cut has no terminator,
or it ends with a hyphen, or it is a numbered paragraph cut after a comma and what follows is
no new unit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .clean import Cleaned
from .clean.dehyphenate import Joined, Vocabulary
from .inline import NOTE_OPEN, strip_notes, visible
from .lexicon import ends_with_split_word
from .lexicon.german import MONTH_PATTERN

NUMBERED = re.compile(r"^(\d{1,4})\.(?=\s+\S)")
ITEM = re.compile(r"^\(?([a-z]{1,2}|[ivxl]{1,6})\)(?=\s+\S)")
ROMAN_HEADING = re.compile(r"^([IVXL]{1,6})\.(?=\s+\S)")
TITLE_NUMBER = re.compile(r"^(?:[A-Z]{1,3}-)?\d{1,4}/\d{1,4}\.\s")
WEB_LIST = re.compile(r"^(\s*)[-*+]\s+")
LIST_BULLETS = ("-", "*", "+")  # what WEB_LIST's item starts with after its white space
MD_HEADING = re.compile(r"^#{1,6}\s+")
FORMULA = re.compile(r"^(Die|Der|Das)\s+[A-ZÄÖÜ][\w\- ]{2,60},$")
# "19. April 2004", "13. bis 15. Februar 2008", "21. und 22. Mai": a date, not paragraph 19
DATE_START = re.compile(rf"^\d{{1,2}}\.\s*(?:(?:bis|und|oder|[-–])\s*\d{{1,2}}\.\s*)?(?:{MONTH_PATTERN})\s+\d{{4}}\b")
TERMINATORS = ",;:.!?"
WRAPPED_UNLESS = "IVXLD"  # the capitals a Roman heading (ROMAN_HEADING) or a formula (FORMULA) starts with
CLOSERS = ")]»«“”\"'’"
_CLOSERS_AND_SPACE = CLOSERS + " "


@dataclass(slots=True)  # tens to hundreds per document, read by every later stage
class Block:
    text: str             # with in-band markers
    line: int             # first input line
    indent: int = 0       # list nesting level in web text
    after_break: bool = False  # a page end (or footnote area) lies before it
    # (text, visible text left-stripped, its rstrip): kept until the text changes (rules ask often)
    _plain: tuple[str, str, str] = field(default=("", "", ""), repr=False, compare=False)

    def _refresh(self) -> tuple[str, str, str]:
        lead = visible(self.text).lstrip()
        self._plain = (self.text, lead, lead.rstrip())
        return self._plain

    def views(self) -> tuple[str, str, str]:
        """(text, visible text left-stripped, its rstrip), made again when the text has changed."""
        views = self._plain
        return views if views[0] is self.text else self._refresh()

    @property
    def plain(self) -> str:
        """The text without markers, stripped."""
        views = self._plain
        return (views if views[0] is self.text else self._refresh())[2]

    @property
    def structural(self) -> bool:
        """``is_structural(self.text)``, from the kept visible text."""
        views = self._plain
        return _opens_unit((views if views[0] is self.text else self._refresh())[1])


class _Growing(Joined):
    """The block that lines are being joined to. Its text is kept as a ``Joined`` (the block's
    text when it started, and the lines added since) until the block is done: joining line by
    line to the whole text would copy it each time (quadratic). Lines are added by
    ``Joined.add`` itself (a method of this class calling it cost more than most joins), and
    ``tail`` is the end of the block's text, which every joining decision looks at."""

    def __init__(self) -> None:
        super().__init__("")
        self.block: Block | None = None

    def start(self, block: Block | None) -> None:
        self.finish()
        self.block = block
        if block is not None:
            self._end = block.text

    def finish(self) -> None:
        block = self.block
        if block is not None and (self._done or self._end is not block.text):  # lines were added
            block.text = self.text
            self._done = []


def is_structural(text: str) -> bool:
    """Does this text open a new unit: a numbered paragraph, an item or a heading?"""
    return _opens_unit(visible(text).lstrip())


def _opens_unit(t: str) -> bool:
    """is_structural for text without markers and leading white space. Asked of every line:
    the first character says which pattern can match, a substring test whether it can."""
    c = t[:1]
    if c.isdigit():  # "12.", or a title number "78/228."
        if NUMBERED.match(t):
            return not DATE_START.match(t)
        return TITLE_NUMBER.match(t) is not None
    if c == "(" or "a" <= c <= "z":  # "a)", "(ii)": the bracket closes within 8 characters
        return ")" in t[:8] and ITEM.match(t) is not None
    if "A" <= c <= "Z":  # "IV.", or a title number "A-78/228."
        if c in "IVXL" and ROMAN_HEADING.match(t):
            return True
        return "/" in t[:9] and TITLE_NUMBER.match(t) is not None
    return False


def terminated(text: str) -> bool:
    t = strip_notes(text).rstrip()
    t = visible(t).rstrip(_CLOSERS_AND_SPACE)
    return bool(t) and t[-1] in TERMINATORS


def segment(doc: Cleaned) -> list[Block]:
    vocab = Vocabulary.from_lines([l.text for l in doc.lines if l.kind == "text"])
    blocks = _web_blocks(doc, vocab) if doc.form == "web" else _pdf_blocks(doc, vocab)
    return _join_continuations(blocks, vocab)


def _web_blocks(doc: Cleaned, vocab: Vocabulary) -> list[Block]:
    """A block per line in the masthead; after the formula, wrapped lines of one paragraph join."""
    blocks: list[Block] = []
    growing = _Growing()  # blocks[-1]
    pending_break = False
    in_body = False
    adjacent = False  # the previous input line was text of the current block
    for line in doc.lines:
        if line.kind != "text":
            pending_break = pending_break or line.kind == "break"
            adjacent = False
            continue
        text, indent = line.text, 0
        # the patterns are tried only where their first character stands (most lines: neither)
        m = WEB_LIST.match(text) if text.lstrip()[:1] in LIST_BULLETS else None
        listed = bool(m and is_structural(text[m.end():]))
        if listed:
            indent = len(m.group(1).replace("\t", "  ")) // 2
            text = text[m.end():]
        if text[:1] == "#":
            text = MD_HEADING.sub("", text)
        if (in_body and adjacent and blocks and not listed and not is_structural(text)
                and not _closing_line(text)):
            growing.add(text.strip(), vocab)
            continue
        block = Block(text.strip(), line.no, indent, pending_break)
        blocks.append(block)
        growing.start(block)
        pending_break = False
        adjacent = True
        formula = _is_formula(block.plain)  # asked before any line joins it
        in_body = in_body or formula
        if in_body and formula:
            adjacent = False
    growing.finish()
    return blocks


def _closing_line(text: str) -> bool:
    """A line the closing lines or an annex start with: never part of the paragraph before it."""
    t = visible(text).strip()
    return bool(DATE_START.match(t)) or t in ("Anlage", "Anhang") or re.match(r"^(Anlage|Anhang)\s+[IVX\d]+$", t) is not None


def _pdf_blocks(doc: Cleaned, vocab: Vocabulary) -> list[Block]:
    blocks: list[Block] = []
    current = _Growing()  # the block that wrapped lines go on, if any
    pending_break = False
    last_number = 0
    for line in doc.lines:
        if line.kind != "text":
            current.start(None)
            pending_break = pending_break or line.kind == "break"
            continue
        raw = line.text
        first = raw[:1]
        if current.block is not None and (("a" <= first <= "z" and ")" not in raw)
                                          or ("A" <= first <= "Z" and first not in WRAPPED_UNLESS and "/" not in raw)):
            # most lines: wrapped text. Not indented, and a letter first (no marker or space
            # before it) that opens no unit nor a formula: a lower-case one with no ")" anywhere
            # (only an item could), or a capital that no heading, title number or formula starts
            # with, with no "/": what the tests below find, asked without making the visible text
            current.add(raw.strip(), vocab)
            continue
        lead = visible(raw).lstrip()
        plain = lead.rstrip()
        number = NUMBERED.match(plain) if plain[:1].isdigit() else None
        # NUMBERED matched: _opens_unit would match it again, and ask DATE_START
        opens_unit = not DATE_START.match(plain) if number else _opens_unit(plain)
        structural = opens_unit
        indented = first.isspace()
        if structural and not indented and current.block is not None:
            if number:
                # an unindented number inside running text counts only if it continues the sequence
                structural = int(number.group(1)) in (last_number + 1, 1)
            elif ITEM.match(plain):
                # an unindented "a)" counts only after a finished clause ("in Ziffer 6" / "a) enthaltene")
                structural = terminated(current.tail)
        starts = (current.block is None or indented or structural
                  or (plain[:1] == "D" and FORMULA.match(plain) is not None))
        if starts and number and opens_unit:
            last_number = int(number.group(1))
        if starts:
            block = Block(raw.strip(), line.no, 0, pending_break)
            block._plain = (block.text, lead, plain)  # the same as visible(raw.strip()) gives
            blocks.append(block)
            current.start(blocks[-1])
            pending_break = False
        else:
            current.add(raw.strip(), vocab)
    current.finish()
    return blocks


def _join_continuations(blocks: list[Block], vocab: Vocabulary) -> list[Block]:
    """Join blocks that a page end cut in two; only after the formula (the masthead is lines)."""
    start = next((i for i, b in enumerate(blocks) if _is_formula(b.plain)), -1) + 1
    out = blocks[:start]
    prev = _Growing()  # out[-1], once a block after the formula is out
    numbered_context = False
    for b in blocks[start:]:
        _, lead, plain = b.views()
        structural = _opens_unit(lead)  # asked once: both questions below need it
        if prev.block is not None and _continues(prev.tail, b, plain, structural, numbered_context):
            prev.add(b.text, vocab)
            continue
        if structural:
            numbered_context = bool(NUMBERED.match(plain))
        elif not plain[:1].islower():
            numbered_context = False
        out.append(b)
        prev.start(b)
    prev.finish()
    return out


def _is_formula(plain: str) -> bool:
    """Does FORMULA match? (It starts with "D": most texts are refused on their first letter.)"""
    return plain[:1] == "D" and FORMULA.match(plain) is not None


def _continues(prev_text: str, b: Block, plain: str, structural: bool, numbered_context: bool) -> bool:
    """Does block b go on the paragraph whose text ends with ``prev_text``? (``plain`` and
    ``structural``: b's, as its properties give them.)"""
    first = plain[:1]
    if not first or structural or _is_formula(plain):
        return False
    # only the end of the block before decides, without its notes: what visible and terminated
    # would take out of it first (removing notes and emphasis marks commutes), taken out once
    tail = strip_notes(prev_text[-300:])
    prev_plain = visible(tail).rstrip()
    if ends_with_split_word(prev_plain) and (first.islower() or b.after_break):
        return True  # a word split at the page end: "Rah-" / "menübereinkommens"
    if first.isdigit() and not b.text.lstrip().startswith(NOTE_OPEN):
        # a new unit never starts with a bare number that is not its own; a block that opens
        # with a note marker stands apart already (a marker line alone starts its own block)
        return True
    if not terminated(tail):
        return first.islower() or b.after_break
    if numbered_context and first.islower() and tail.rstrip().endswith(","):
        return True  # an operative paragraph cut after a comma
    return False
