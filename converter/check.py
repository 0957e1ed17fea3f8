"""Stage 6, check: the built tree against the schema and against the input.

- schema: ``schemas/akomantoso30.xsd`` through libxml2 (compiled once per process);
- ids: every eId unique, every ``#`` reference of a note resolves;
- numbering: operative and annex paragraphs have no gap the input did not have;
- nothing lost: the letters and digits of the input, less page furniture (and, in web text, the
  targets of Markdown links, which are markup), are those of the
  output in the same order (footnotes compared at their markers). Comparing the stream of
  letters and digits makes line-end hyphenation, spacing and markup irrelevant and any lost,
  added or moved word visible.
"""
from __future__ import annotations

import copy
import functools
import itertools
import re

from lxml import etree

from .build import A
from .clean import Cleaned
from .clean.footnotes import SUPERSCRIPT, TO_DIGITS
from .model import ConversionError
from .schema import SCHEMA_FILE, compiled

ALNUM = re.compile(r"[^\W_]+")
# "](…)" not after a backslash; the target as the Markdown reader takes it (clean/markdown.py)
LINK_TARGET = re.compile(r"\](?<!\\\])\([^)\[\]\s]*+\)")


@functools.lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    """The OASIS schema, compiled once per process (begun on a thread at import: converter.schema)."""
    if not SCHEMA_FILE.exists():
        raise ConversionError(f"schema not found at {SCHEMA_FILE}")
    try:
        return compiled()
    except (OSError, etree.LxmlError) as e:
        raise ConversionError(f"cannot load the schema {SCHEMA_FILE}: {e}") from None


def schema_errors(tree: etree._ElementTree, *, by_eid: bool = False) -> list[str]:
    """libxml2's messages, made readable, the AKN namespace left out: "line N: …" for a file
    read from disk; "in EID: …", the nearest unit with an eId, for a converted document
    (``by_eid``; its line numbers are those of markup nobody has seen) or a tree without lines."""
    s = schema()
    if s.validate(tree):
        return []
    return [_describe(tree, e, by_eid) for e in s.error_log]


def _describe(tree: etree._ElementTree, error: etree._LogEntry, by_eid: bool) -> str:
    message = error.message.replace(A, "")  # "Element '{http://…/akn/3.0}bogus'" -> "Element 'bogus'"
    if error.line and not by_eid:
        return f"line {error.line}: {message}"
    where = _nearest_eid(tree, error.path)
    if where:
        return f"in {where}: {message}"
    return f"line {error.line}: {message}" if error.line else message


def _nearest_eid(tree: etree._ElementTree, path: str | None) -> str | None:
    """The eId of the element at ``path`` (libxml2's "/*/*[5]/*[1]") or of its nearest ancestor."""
    if not path:
        return None
    try:
        found = tree.xpath(path)
    except etree.XPathError:
        return None
    node = found[0] if found and isinstance(found[0], etree._Element) else None
    while node is not None:
        if node.get("eId"):
            return node.get("eId")
        node = node.getparent()
    return None


# "//*" rather than "//": the same attributes (only elements have any), but libxml2 walks the
# elements alone instead of every node, text included
_EIDS = etree.XPath("//*/@eId", smart_strings=False)
_PARAGRAPH_NUMBERS = etree.XPath(".//a:paragraph/a:num[1]", namespaces={"a": A[1:-1]})
_NUMBER_START = re.compile(r"\s*(\d+)")


def id_errors(tree: etree._ElementTree) -> list[str]:
    eids = _EIDS(tree)  # in C, in document order
    seen = set(eids)
    errors = []
    if len(seen) < len(eids):
        once: set[str] = set()
        for eid in eids:
            if eid in once:
                errors.append(f"duplicate eId {eid}")
            once.add(eid)
    for ref in tree.iter(A + "noteRef"):  # lxml's iteration: half what an XPath for the hrefs costs
        href = ref.get("href")
        if href is None:
            continue
        target = href.lstrip("#")
        if target not in seen:
            errors.append(f"noteRef to missing note {target}")
    return errors


def _number_value(num: str | None) -> int | None:
    """The number a paragraph's num starts with (``_NUMBER_START``), if any. "12." read by
    str.partition: its part before the first "." all digits is all the pattern would take (a "."
    is no digit), and a regex match costs several times as much."""
    if not num:
        return None
    head = num.partition(".")[0]
    if head.isdecimal():
        return int(head)
    m = _NUMBER_START.match(num)
    return int(m.group(1)) if m else None


def numbering_gaps(tree: etree._ElementTree) -> list[tuple[str, int, int]]:
    """(where, after, found) for each paragraph number that does not follow its predecessor."""
    gaps = []
    for body in tree.iter(A + "mainBody"):
        values = [v for num in _PARAGRAPH_NUMBERS(body) if (v := _number_value(num.text)) is not None]
        for before, after in zip(values, values[1:]):
            if after != before + 1:
                gaps.append((body.getparent().get("name") or "", before, after))
    return gaps


_SUPERSCRIPT_DIGITS = [(c, c.translate(TO_DIGITS)) for c in SUPERSCRIPT]
# ASCII characters that are neither letters nor digits: white space, punctuation, markup.
_ASCII_NOISE = bytes(c for c in range(128) if not chr(c).isalnum())


def _digits(s: str) -> str:
    """Superscript digits as digits (substring tests and replace: far cheaper than a regex)."""
    for sup, digit in _SUPERSCRIPT_DIGITS:
        if sup in s:
            s = s.replace(sup, digit)
    return s


def _alnum(s: str) -> str:
    """Letters and digits only, superscript digits as digits."""
    return "".join(ALNUM.findall(_digits(s)))


# What a character becomes in the quick key, in UTF-8, by its bytes but the last and then its
# last byte: superscript digits become digits; the converter's own marks in the input (note
# citations, emphasis: clean.inline) nothing, as they are neither letters nor digits.
_KEY_BYTES: dict[bytes, dict[bytes, bytes]] = {}
for _char, _becomes in _SUPERSCRIPT_DIGITS + [(c, "") for c in "\ue000\ue001\ue002\ue003"]:
    _KEY_BYTES.setdefault(_char.encode()[:-1], {})[_char.encode()[-1:]] = _becomes.encode()


def _quick_key(s: str) -> bytes:
    """s less ASCII white space and punctuation, in UTF-8. Equal keys mean equal letter-and-digit
    streams, and bytes.translate is some 20x faster than the regex pass of ``_alnum``."""
    return _key_marks(_raw_key(s.encode("utf-8", "surrogatepass")))


def _raw_key(utf8: bytes) -> bytes:
    """UTF-8 less ASCII white space and punctuation: equal raw keys give equal ``_key_marks``."""
    return utf8.translate(None, _ASCII_NOISE)


# each character of ``_KEY_BYTES`` whole, in UTF-8, and what it becomes, by its first byte
_KEY_CHARS: dict[int, dict[bytes, bytes]] = {}
for _lead, _lasts in _KEY_BYTES.items():
    for _last, _becomes in _lasts.items():
        _KEY_CHARS.setdefault(_lead[0], {})[_lead + _last] = _becomes
# a first byte as a one-byte needle: bytes.find of one byte is memchr's, far cheaper than a split
# or a search for two bytes (each of which passes over the key byte by byte)
_FIRST_BYTES = [(bytes((first,)), len(next(iter(chars))), chars) for first, chars in _KEY_CHARS.items()]


def _key_marks(key: bytes) -> bytes:
    """A raw key with the characters of ``_KEY_BYTES`` replaced: for each first byte, its places
    found by bytes.find and the whole character read there. A first byte of UTF-8 starts a
    character and the characters of one first byte are of one length, so each place holds a
    whole character, places do not overlap, and what is left stays UTF-8 of whole characters.
    The places of all first bytes are gathered first and the key cut once at them: each cut
    copies the key (a pass per first byte copied it once per first byte, twice)."""
    hits = []
    for first, length, chars in _FIRST_BYTES:
        at = key.find(first)
        while at >= 0:
            becomes = chars.get(key[at:at + length])
            if becomes is not None:
                hits.append((at, length, becomes))
            at = key.find(first, at + 1)
    if not hits:
        return key
    hits.sort()
    view = memoryview(key)  # slices of a view are not copies: the join alone copies
    pieces = []
    start = 0
    for at, length, becomes in hits:
        pieces += (view[start:at], becomes)
        start = at + length
    pieces.append(view[start:])
    return b"".join(pieces)


def same_text(a: str, b: str) -> bool:
    """Do a and b have the same letters and digits in the same order?"""
    return _quick_key(a) == _quick_key(b) or _alnum(a) == _alnum(b)


# The text outside notes and metadata, each note's (or note reference's) marker where the note
# stands, markers in $unmarked (" 3 7 ") left out; libxslt does in C what a walk over a copy
# of the tree would do in Python (0.14 ms against 0.9 for the web sample). A note that holds a
# note or a note reference stops it (xsl:message terminate: lxml raises XSLTApplyError), as
# its text then needs the walk over a copy (``_output_texts_by_copy``): a walk over each
# note's few nodes, where an XPath for such notes would search the whole tree twice (the text
# of metadata and of a note reference is left out, the notes in them are asked all the same).
_MAIN_TEXT_XSLT = f"""\
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:a="{A[1:-1]}">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:param name="unmarked" select="' '"/>
  <xsl:template match="a:meta"><xsl:apply-templates select=".//a:authorialNote" mode="note"/></xsl:template>
  <xsl:template match="a:authorialNote" mode="note"><xsl:apply-templates mode="in-note"/></xsl:template>
  <xsl:template match="a:authorialNote">
    <xsl:if test="not(contains($unmarked, concat(' ', @marker, ' ')))"><xsl:value-of select="@marker"/></xsl:if>
    <xsl:apply-templates mode="in-note"/>
  </xsl:template>
  <xsl:template match="a:noteRef">
    <xsl:if test="not(contains($unmarked, concat(' ', @marker, ' ')))"><xsl:value-of select="@marker"/></xsl:if>
    <xsl:apply-templates select=".//a:authorialNote" mode="note"/>
  </xsl:template>
  <xsl:template match="a:authorialNote|a:noteRef" mode="in-note">
    <xsl:message terminate="yes">a note in a note</xsl:message>
  </xsl:template>
  <xsl:template match="text()" mode="in-note"/>
</xsl:stylesheet>"""
# Its variants (``_main_text``): with no marker left out (most inputs: the converter placed no
# note itself), without the test, which costs libxslt an XPath evaluation per note (with
# $unmarked empty ("  ") the test holds for an empty marker alone, whose value is nothing to
# write either way); and with each marker's digits written as superscript digits, as web text
# marks its notes ("Resolution 77/1¹⁴"): the quick comparison's raw keys are then equal as they
# stand (``_all_same``), and a superscript digit is its digit to every comparison.
_MARKER_TEST = ("""<xsl:if test="not(contains($unmarked, concat(' ', @marker, ' ')))">"""
                """<xsl:value-of select="@marker"/></xsl:if>""")
_MARKER = """<xsl:value-of select="@marker"/>"""
assert _MAIN_TEXT_XSLT.count(_MARKER_TEST) == 2
_SUPERSCRIPT_MARKER = f"""<xsl:value-of select="translate(@marker, '0123456789', '{SUPERSCRIPT}')"/>"""


@functools.lru_cache(maxsize=None)
def _main_text(leave_out: bool, superscript: bool) -> etree.XSLT:
    """The stylesheet for the main text: with the test for markers left out (``leave_out``),
    markers in superscript digits (``superscript``)."""
    marker = _SUPERSCRIPT_MARKER if superscript else _MARKER
    if leave_out:
        xslt = _MAIN_TEXT_XSLT.replace(_MARKER, marker)
    else:
        xslt = _MAIN_TEXT_XSLT.replace(_MARKER_TEST, marker)
    return etree.XSLT(etree.XML(xslt))


def output_texts(tree: etree._ElementTree, unmarked: set[str] = frozenset()) -> tuple[str, dict[str, str]]:
    """The output's text in document order, a note's marker standing where the note stands (the
    input had its digits there), and each note's own text, by marker. A marker the converter
    placed itself, the input having none, counts as no text."""
    main, notes = _output_utf8(tree, unmarked)
    return str(main, "utf-8"), {marker: text.decode() for marker, text in notes.items()}


def _output_utf8(tree: etree._ElementTree, unmarked: set[str],
                 superscript: bool = False) -> tuple[bytes | memoryview, dict[str, bytes]]:
    """``output_texts`` in UTF-8, as libxml2 writes it (the quick comparison takes it so, and
    decoding to compare in UTF-8 again would cost as much as the comparison); the markers in the
    text in superscript digits if ``superscript``. The text as a view of the XSLT's result where
    it comes from one (its buffer: bytes() would copy it; a join or str(…, "utf-8") reads it,
    but == with bytes does not compare its bytes: lxml's view is no plain one).

    Read in C (an XSLT for the text, libxml2's text serialisation for each note). A note that
    cites a note takes a walk over a copy, which writes the cited markers into the note's text."""
    try:
        if unmarked:
            main = memoryview(_main_text(True, superscript)(
                tree, unmarked=etree.XSLT.strparam(" " + " ".join(sorted(unmarked)) + " ")))
        else:
            main = memoryview(_main_text(False, superscript)(tree))
    except etree.XSLTApplyError:  # a note in a note
        main_text, note_texts = _output_texts_by_copy(tree, unmarked)
        return main_text.encode(), {marker: text.encode() for marker, text in note_texts.items()}
    # the notes by lxml's iteration: half what an XPath costs
    notes = {note.get("marker") or "": etree.tostring(note, method="text", encoding="UTF-8", with_tail=False)
             for note in tree.iter(A + "authorialNote")}
    return main, notes


def _output_texts_by_copy(tree: etree._ElementTree, unmarked: set[str]) -> tuple[str, dict[str, str]]:
    """``output_texts`` on a copy with markers written in as text and notes and metadata stripped."""
    root = copy.deepcopy(tree.getroot())
    for ref in root.iter(A + "noteRef"):
        marker = ref.get("marker") or ""
        ref.text = "" if marker in unmarked else marker
    notes: dict[str, str] = {}
    for note in list(root.iter(A + "authorialNote")):
        marker = note.get("marker") or ""
        notes[marker] = "".join(note.itertext())
        note.tail = ("" if marker in unmarked else marker) + (note.tail or "")
    etree.strip_elements(root, A + "meta", A + "authorialNote", with_tail=False)
    return "".join(root.itertext()), notes


def output_streams(tree: etree._ElementTree, unmarked: set[str] = frozenset()) -> tuple[str, dict[str, str]]:
    """The output's letters and digits outside notes, and each note's, by marker."""
    main, notes = output_texts(tree, unmarked)
    return _alnum(main), {marker: _alnum(t) for marker, t in notes.items()}


def _kept_lines(source_lines: list[str], cleaned: Cleaned) -> list[tuple[int, str]]:
    """(line number, text) of the input lines that carry text: not furniture, not a note's."""
    skip = cleaned.furniture | cleaned.note_lines
    return [(no, line) for no, line in enumerate(source_lines, 1) if no not in skip]


def _input_text(text: str, form: str) -> str:
    if form == "web":
        text = LINK_TARGET.sub("]", text)  # a Markdown link's target is markup, its label text
    return text


def input_text(source_lines: list[str], cleaned: Cleaned) -> str:
    """The input less furniture and note lines (and, in web text, link targets)."""
    # the lines kept picked in C (a loop in Python over the lines costs ten times as much)
    kept = [True] * len(source_lines)
    for no in cleaned.furniture | cleaned.note_lines:
        if 0 < no <= len(kept):
            kept[no - 1] = False
    lines = itertools.compress(source_lines, kept)
    if cleaned.form == "web":
        # line by line, and only where a "]" is: a target holds no white space, so a match lies
        # within a line, and the pattern's look behind sees a line end or nothing at a line's
        # start (no backslash either way); a search for "]" through the whole text costs more,
        # and so does one for "](" in each line (a test of each position, where "]" is memchr's)
        lines = [_input_text(line, "web") if "]" in line else line for line in lines]
    return "\n".join(lines)


def input_stream(source_lines: list[str], cleaned: Cleaned) -> str:
    """Letters and digits of the input less furniture and note lines."""
    return _alnum(input_text(source_lines, cleaned))


def _line_at(source_lines: list[str], cleaned: Cleaned, pos: int) -> int:
    """The input line holding character ``pos`` of the input stream (only needed on an error)."""
    offset = 0
    line = 1
    for no, text in _kept_lines(source_lines, cleaned):
        s = _alnum(_input_text(text, cleaned.form))
        if s:
            line = no
            offset += len(s)
            if offset > pos:
                break
    return line


_PIECE_END = "\uffff"  # not a character of XML: the output has none, the reader drops it from the input
_PIECE_END_UTF8 = _PIECE_END.encode()


def _all_same(got_text: bytes | memoryview, want_text: str, got_notes: dict[str, bytes], want_notes: dict[str, str]) -> bool:
    """Quick keys of the text and of every note equal (the output's in UTF-8)? One key for all on
    each side, the pieces ended by ``_PIECE_END`` (a call per note costs more than the key
    itself). When no input piece holds one (asked of each by memchr; a count in the key would
    pass over all of it), the input's key has one at each piece's end alone; an equal key of the
    output then has them there too, and none in its pieces (each would add one to the count):
    equal keys mean equal pieces. Raw keys that are equal need no ``_key_marks``: it is a
    function of the raw key."""
    if any(marker not in got_notes for marker in want_notes):
        return False
    if _PIECE_END in want_text or any(_PIECE_END in text for text in want_notes.values()):
        return False
    got = _raw_key(_PIECE_END_UTF8.join([got_text, *[got_notes[m] for m in want_notes], b""]))
    want = _raw_key(_PIECE_END.join([want_text, *want_notes.values(), ""]).encode("utf-8", "surrogatepass"))
    if got != want:
        got, want = _key_marks(got), _key_marks(want)
    return got == want


_MARKS = "\ue000\ue001\ue002\ue003"  # the converter's own marks (clean.inline): neither letters nor digits


def _without_marks(s: str) -> str:
    """s less the converter's marks, which no comparison counts (a note's lines hold those of its
    emphasis): the raw keys of the text and the output's then agree as they stand."""
    for mark in _MARKS:
        if mark in s:  # at once for a string of Latin-1 characters alone, memchr's otherwise
            s = s.replace(mark, "")
    return s


def loss_errors(source_lines: list[str], cleaned: Cleaned, tree: etree._ElementTree) -> list[tuple[int, str]]:
    """(line, message) for each place where output and input text differ."""
    errors: list[tuple[int, str]] = []
    # web text marks its notes with superscript digits, PDF text with digits (``_output_utf8``)
    got_utf8, got_notes_utf8 = _output_utf8(tree, cleaned.unmarked, superscript=cleaned.form == "web")
    want_text = input_text(source_lines, cleaned)
    want_notes = {marker: _without_marks(" ".join(raw.lines)) for marker, raw in cleaned.notes.items()}
    if _all_same(got_utf8, want_text, got_notes_utf8, want_notes):
        return errors
    got_text = str(got_utf8, "utf-8")
    got_notes = {marker: text.decode() for marker, text in got_notes_utf8.items()}
    if not same_text(got_text, want_text):
        got, want = _alnum(got_text), _alnum(want_text)
        i = next((k for k, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
        line = _line_at(source_lines, cleaned, i)
        errors.append((line, f"text differs from the input here: input has {want[i:i + 30]!r}, "
                             f"output has {got[i:i + 30]!r}"))
    for marker, raw in cleaned.notes.items():
        if marker not in got_notes:
            errors.append((raw.line, f"footnote {marker} is missing from the output"))
        elif not same_text(got_notes[marker], want_notes[marker]):
            errors.append((raw.line, f"footnote {marker} differs from the input"))
    return errors
