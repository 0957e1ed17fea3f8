"""Stage 1, read: bytes -> normalised text, and which input form it is.

Decoding is strict: UTF-8 (with or without BOM) and UTF-16 with BOM are read as they are; other
bytes are read as Windows-1252 only when asked for or when the text is plainly German in that
encoding. Normalisation keeps every word: NFC, one kind of line end, NBSP as space, soft hyphens
and compatibility ligatures resolved.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from .lexicon import ends_with_split_word
from .model import ConversionError, ConversionWarning

InputForm = Literal["web", "pdf"]

MAX_BYTES = 20_000_000  # no resolution comes near this; a larger file is not one
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
              "\ufb05": "st", "\ufb06": "st"}


@dataclass
class Source:
    """The normalised input: its lines (index 0 = line 1), its form, and what reading noticed."""

    name: str
    lines: list[str]
    form: InputForm
    warnings: list[ConversionWarning] = field(default_factory=list)
    ascii_digits: bool = False  # every decimal digit is an ASCII one (False: there are others, or not known)
    superscripts: bool = True  # the text may hold superscript digits (False: reading found none)


def decode(data: bytes, *, encoding: str | None = None, name: str = "<input>") -> tuple[str, list[ConversionWarning]]:
    """Bytes -> str, refusing what is not text."""
    text, warnings, _ = _decode(data, encoding, name)
    return text, warnings


def _decode(data: bytes, encoding: str | None, name: str) -> tuple[str, list[ConversionWarning], bool]:
    """decode, and whether the bytes were read as UTF-8."""
    warnings: list[ConversionWarning] = []
    if len(data) > MAX_BYTES:
        raise ConversionError(f"input is {len(data):,} bytes; the limit is {MAX_BYTES:,}", source=name)
    if data.startswith(b"%PDF-"):
        raise ConversionError("this is a PDF file, not text: extract its text first (e.g. pdftotext)",
                              line=1, source=name)
    if encoding:
        try:
            return data.decode(encoding), warnings, False
        except (LookupError, UnicodeDecodeError) as e:
            raise ConversionError(f"cannot decode as {encoding}: {e}", source=name) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), warnings, False
        except UnicodeDecodeError as e:
            raise ConversionError(f"broken UTF-16: {e}", source=name) from None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ConversionError("binary data (NUL byte), not text", line=line, source=name)
    try:
        return data.decode("utf-8-sig"), warnings, True
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        text = data.decode("cp1252", errors="replace")
        if re.search("[äöüÄÖÜß]", text) and "\ufffd" not in text:
            warnings.append(ConversionWarning(line, "not UTF-8; read as Windows-1252 (German letters found)"))
            return text, warnings, False
        raise ConversionError("not UTF-8 text; give the encoding with --encoding", line=line,
                              source=name) from None


# White space other than the line end becomes a space (later stages meet only " " and "\n");
# soft hyphens, zero-width characters, the pipeline's own in-band markers and what XML 1.0
# cannot hold (controls, lone surrogates, U+FFFE/FFFF) carry no text.
_SPACES = "\t\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
          "\u2028\u2029\u202f\u205f\u3000"
_NO_TEXT = "".join(map(chr, [*range(0x00, 0x09), *range(0x0b, 0x20), 0x7f])) + \
    "\xad\u200b\ufeff\ue000\ue001\ue002\ue003\ufffe\uffff"
_AFTER_NFC = re.compile(f"[{_SPACES}{_NO_TEXT}\ud800-\udfff]")


def _space_or_nothing(m: re.Match[str]) -> str:
    return " " if m.group() in _SPACES else ""


def normalise(text: str) -> str:
    """One line end, NFC, no soft hyphens or ligatures, no control characters, every white
    space but the line end a plain space.

    A text rarely has any of these: a substring test per character (C-fast) decides whether a
    pass is needed at all; a regex pass over the text costs a hundred times more."""
    return _normalise(text, None)


def _normalise(text: str, utf8: bytes | None) -> str:
    """normalise; ``utf8``: the bytes the text was decoded from as UTF-8, if it was."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for lig, plain in _LIGATURES.items():  # before NFC, which keeps ligatures
        if lig in text:
            text = text.replace(lig, plain)
    text = unicodedata.normalize("NFC", text)
    if _needs_pass(text, utf8):
        text = _AFTER_NFC.sub(_space_or_nothing, text)
    return text


# NFC turns U+2000 and U+2001 into U+2002 and U+2003, so a normalised text never holds them: not
# asked for (a search for a character whose low byte is 0 cannot use memchr, and costs ten times more)
_ASKED = [c for c in _SPACES + _NO_TEXT if unicodedata.normalize("NFC", c) == c]
# Those whose low byte is 0 (NUL, U+3000, U+E000) are asked of the UTF-8 bytes where the text was
# decoded from them: normalising makes and removes none of them (no character decomposes to one,
# tests/test_read.py asks unicodedata), so the bytes hold one exactly when the text does
_ASKED_OF_BYTES = [c for c in _ASKED if ord(c) % 256 == 0]
_ASKED_OF_TEXT = [c for c in _ASKED if ord(c) % 256 != 0]
_ASKED_UTF8 = [c.encode("utf-8") for c in _ASKED_OF_BYTES]


def _needs_pass(text: str, utf8: bytes | None = None) -> bool:
    """Does the text hold any of _SPACES, _NO_TEXT or a lone surrogate (only a str passed in
    can)? ``utf8``: the bytes the text was decoded from as UTF-8 (before normalising), if it was."""
    if utf8 is not None:
        # strict UTF-8 holds no lone surrogate, and normalising makes none
        return any(c in text for c in _ASKED_OF_TEXT) or any(b in utf8 for b in _ASKED_UTF8)
    if any(c in text for c in _ASKED):
        return True
    try:
        text.encode("utf-16-le")  # refuses a lone surrogate as UTF-8 does, at a third of the cost
    except UnicodeEncodeError:
        return True
    return False


# Markdown that plain text does not have: note markers, emphasis, links, list items, headings,
# escapes. Separate patterns, each led by a character that plain text rarely has: str.find skips
# to it in C (memchr), and the pattern is tried where it stands; a regex scan, or a search for two
# characters, tests every position of the text (a few hundred thousand instructions a pattern).
WEB_SIGNS = [(lead, re.compile(p)) for lead, p in (
    ("[", r"\[\^\w+\]"),
    ("*", r"\*(?<![\w*]\*)[^\W\d_][^*\n]*\*(?!\*)"),  # "*fordert*", and within a word: "*a*0"
    ("]", r"\]\([^)\[\]\s]*+\)"),  # a link target as clean/markdown.py reads it: linear on "](](](…"
    ("#", r"#(?<=\n#)#{0,5} \S"),  # a heading, "\n#{1,6} \S", from its first "#"
    ("\\", r"\\[!-/:-@\[-`{-~]"),  # a backslash escape: CommonMark lets any ASCII punctuation be escaped
)]
LIST_ITEM = re.compile(r"\n[ \t]*- [a-z]{1,3}\)")  # tried from the line end before a "- "
_FINDS = 8  # where a lead is this common, one regex search from there is cheaper


def _has_sign(text: str, lead: str, pattern: re.Pattern[str]) -> bool:
    """Does the pattern, which starts with ``lead``, match anywhere in the text?"""
    at = text.find(lead)
    for _ in range(_FINDS):
        if at == -1:
            return False
        if pattern.match(text, at):
            return True
        at = text.find(lead, at + 1)
    return at != -1 and pattern.search(text, at) is not None


def _has_list_item(text: str) -> bool:
    """Does a line start with "- a)" (after spaces or tabs)? Each "- " is found in C; the pattern
    is tried from the line end before it (led by a line end, a search would stop at every one)."""
    at = text.find("- ")
    for _ in range(_FINDS):
        if at == -1:
            return False
        if LIST_ITEM.match(text, text.rfind("\n", 0, at)):
            return True
        at = text.find("- ", at + 1)
    return at != -1 and LIST_ITEM.search(text, text.rfind("\n", 0, at)) is not None


def detect_form(lines: list[str]) -> InputForm:
    """Web text keeps a paragraph on one long line; PDF text wraps at a page's measure."""
    return _form(lines, "\n" + "\n".join(lines))  # every line, the first too, follows a line end


def _form(lines: list[str], joined: str) -> InputForm:
    if joined.isspace():  # no line with anything but white space
        return "web"
    if any(c in joined for c in "¹²³⁴⁵⁶⁷⁸⁹⁰") or any(_has_sign(joined, lead, p) for lead, p in WEB_SIGNS) \
            or _has_list_item(joined):
        return "web"  # superscript markers, or Markdown
    # strip only shortens: no line longer than 150 characters, no long line (asked in C first)
    long_lines = 0 if max(map(len, lines)) <= 150 else sum(1 for l in lines if len(l) > 150 and len(l.strip()) > 150)
    if not long_lines:
        return "pdf"
    filled = len(lines) - lines.count("") - sum(map(str.isspace, lines))  # a blank line is empty or white space only
    if long_lines < filled // 10:
        return "pdf"  # too few long lines, however many lines end in a split word
    wrapped = sum(1 for l in lines if "-" in l and ends_with_split_word(l))
    return "web" if long_lines > wrapped else "pdf"


# The first byte of the UTF-8 form of each decimal digit beyond ASCII (all that "\d" matches; the
# planes past 1 too, for digits a later Unicode may add; tests/test_read.py asks unicodedata): a
# text whose UTF-8 bytes hold none of them has ASCII digits only. Normalising makes no digit (no
# digit is composed, and NFC decomposes none).
OTHER_DIGIT_LEADS = [bytes([lead]) for lead in (0xD9, 0xDB, 0xDF, 0xE0, 0xE1, 0xEA, 0xEF, 0xF0, 0xF1, 0xF2, 0xF3)]


def _ascii_digits(text: str, utf8: bytes | None) -> bool:
    """Is every decimal digit of the text ASCII? Asked of its UTF-8 bytes (a memchr per lead)."""
    if text.isascii():
        return True
    if utf8 is None:
        utf8 = text.encode("utf-8", "surrogatepass")
    elif utf8.startswith(b"\xef\xbb\xbf"):
        utf8 = utf8[3:]  # a byte order mark is no digit
    return not any(lead in utf8 for lead in OTHER_DIGIT_LEADS)


def read(data: bytes | str, *, encoding: str | None = None, name: str = "<input>") -> Source:
    """Decode and normalise an input; refuse what holds no text."""
    utf8 = None
    if isinstance(data, bytes):
        text, warnings, as_utf8 = _decode(data, encoding, name)
        utf8 = data if as_utf8 else None
    else:
        text, warnings = data, []
    text = _normalise(text, utf8)
    if not text.strip():
        raise ConversionError("the input is empty", line=1, source=name)
    lines = text.split("\n")
    form = _form(lines, "\n" + text)  # what detect_form joins
    # PDF text carries its note markers as digits (clean/markers.py); the bytes read are asked, or
    # for a str the text is encoded (a web text's markers are superscripts: not asked)
    ascii_digits = _ascii_digits(text, utf8) if form == "pdf" else False
    # a text with superscript digits is web text (_form): PDF text has none
    return Source(name, lines, form, warnings, ascii_digits, superscripts=form != "pdf")
