"""Inline semantics: references and dates marked in the text, and an index of what a resolution cites.

``mark_references(res)`` adds ``ref`` and ``date`` marks to the Texts of a recognised resolution
(preamble, operative part, items, section headings, annex title/intro/body, footnotes, and the
"proponent" cover line). It never changes a character of a text: marks are stand-off.
``references(tree)`` reads the marks back from a built Akoma Ntoso tree, ``format_table(rows)``
prints them for the command line.

What a ref covers
    The identifier only, never the word before it: "Resolution 64/293 vom 30. Juli 2010" marks
    "64/293" as a ref and "30. Juli 2010" as a date; a list "Resolutionen 61/180 vom …, 63/194 …
    und 64/178" gives one ref per number (the web form links exactly these numbers: "[61/180](#)").
    A Security Council number keeps its year: "2653 (2022)". Cross references cover the paragraph
    number and item letter ("38", "6 a)"); treaty citations cover "Bd. 2225, Nr. 39574".

Which body issued a cited resolution or decision (first rule that applies)
    1. a body named between the word and the number ("Resolutionen des Wirtschafts- und Sozialrats
       2017/18");
    2. a body named right after the number ("Resolution 44/4 des Menschenrechtsrats");
    3. a body named earlier in the same clause, back to the last comma/semicolon ("gemäß dem
       Ersuchen des Wirtschafts- und Sozialrats in der Resolution 2006/27"; "von der Konferenz der
       Vertragsparteien … verabschiedeten Resolutionen 10/1"); ignored when it does not fit the
       form of the number;
    4. the form of the number: "2653 (2022)" is the Security Council, "64/293" the General
       Assembly (the Human Rights Council in a Council text), "217 (III)" the General Assembly,
       "2017/18" the Economic and Social Council only in a Council text (else unknown).
    A body named in the list applies to each number of the list.

href rules
    - GA resolution with its adoption date in the same list item ("64/293 vom 30. Juli 2010", also
      "…, ebenfalls vom …", "… der Generalversammlung vom …"): the Akoma Ntoso Work IRI
      ``/akn/un/statement/deliberation/unga/2010-07-30/64-293/!main`` (actor and number key as in
      ``build.work_uri``).
    - otherwise ``https://undocs.org/<symbol>`` with the symbol by body:
      GA ``A/RES/70/1``, ``A/DEC/62/557``; Security Council ``S/RES/2653(2022)``;
      Economic and Social Council ``E/RES/2017/18``, ``E/DEC/2004/110``; Human Rights Council
      ``A/HRC/RES/44/4``, ``A/HRC/DEC/…``; Commission on Human Rights ``E/CN.4/RES/1990/68``,
      ``E/CN.4/DEC/2004/110``.
    - resolutions and decisions of any other body (the Commission on Crime Prevention and Criminal
      Justice "32/1", the Conference of the Parties "Beschlüsse 1/5", a committee, "des Rates")
      have no document symbol of their own: they are left unmarked, rather than given a wrong
      link. Their dates are still marked.
    - a document symbol in the text (A/78/482, E/2002/68/Add.1, CTOC/COP/2020/10, A/RES/ES-11/1,
      S/AC.60/2023/OC.6): ``https://undocs.org/<symbol>``; "S/RES/2653 (2022)" includes the year.
    - a paragraph of this resolution: ``#para_N`` in the operative part, ``#att_K__para_N`` in
      annex K, ``…__list_1__point_x`` for an item; only when that unit exists. "Ziffer N" alone
      means the paragraph of the part it stands in (operative part for the preamble, the annex in
      an annex; nothing in a footnote); "der Anlage [dieser Resolution]" the annex; "dieser
      Resolution" the operative part; a paragraph of any other text ("Ziffer 14 der Resolution
      2699 (2023)", "des Berichts") and the abbreviation "Ziff." are not marked.
    - a United Nations Treaty Series citation ("United Nations, Treaty Series, Bd. 2225,
      Nr. 39574", "Vol. …", and "Ebd., Bd. 2237, Nr. 39574" after a Treaty Series note):
      ``https://treaties.un.org/doc/Publication/UNTS/Volume%202225/v2225.pdf`` (the volume).

Dates
    Full dates only ("19. Dezember 2023"); a range or pair names both ends: "vom 7. bis 12. März
    2021" marks "7." (2021-03-07) and "12. März 2021", "am 21. und 22. Mai 2014" likewise,
    "30. November bis 2. Dezember 2022" too. Years alone, "2012-2013", "30. Juli" are not dates.

A mark is only added where it nests with the marks already there (emphasis, key phrase, verb):
one that would straddle a mark's boundary is skipped, and no ref is put on or in another ref.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from functools import cached_property
from typing import Iterable, Iterator

from ..lexicon import DATE_RE, find_dates
from ..lexicon.german import MONTH_PATTERN, MONTHS
from ..model import BodyPart, Item, Mark, Resolution, Section, Text
from ..textscan import find_all

__all__ = ["mark_references", "references", "format_table", "format_json", "summary"]

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_A = f"{{{AKN_NS}}}"
UNDOCS = "https://undocs.org/"
UNTS = "https://treaties.un.org/doc/Publication/UNTS/Volume%20{vol}/v{vol}.pdf"
AKN_WORK = "/akn/un/statement/deliberation/{actor}/{date}/{key}/!main"
GA_WORK = AKN_WORK.split("{actor}")[0] + "unga/"  # its start for the General Assembly: an f-string costs less than format

# --- bodies --------------------------------------------------------------------------------
# Names of the bodies whose resolutions and decisions have symbols, and of other issuers.
_KNOWN_BODIES = [
    ("ga", r"Generalversammlung|Versammlung"),
    ("sc", r"Sicherheitsrat(?:e?s)?"),
    ("ecosoc", r"Wirtschafts-\s+und\s+Sozialrat(?:e?s)?"),
    ("hrc", r"Menschenrechtsrat(?:e?s)?"),
    ("chr", r"Menschenrechtskommission"),
]
# Issuers without symbols of their own (or too vague to know which): only next to the number
# or, for the first two, earlier in the clause.
_OTHER_NEAR = r"Kommission|Konferenz|Ausschuss(?:es)?|Rat(?:e?s)?"
_OTHER_CLAUSE = r"Kommission|Konferenz"


def _body_regex(other: str) -> re.Pattern[str]:
    alts = [rf"(?P<{code}>{pat})" for code, pat in _KNOWN_BODIES]
    return re.compile(r"\b(?:" + "|".join(alts) + rf"|(?P<other>{other}))\b")


BODY_NEAR = _body_regex(_OTHER_NEAR)
BODY_CLAUSE = _body_regex(_OTHER_CLAUSE)


def _literal_heads(patterns: list[str]) -> list[str]:
    """The literal text each alternative of these patterns starts with ("Wirtschafts-" of
    "Wirtschafts-\\s+und…"): every match of one starts with one of them. An alternative that
    starts with no literal fails here, at import."""
    heads = []
    for alt in (a for pat in patterns for a in pat.split("|")):
        head = re.match(r"[^\\()\[\]?*+{}|.^$]+", alt).group()  # type: ignore[union-attr]
        if alt[len(head):len(head) + 1] in ("?", "*", "{"):
            head = head[:-1]  # its last letter is optional
        if not head:
            raise ValueError(f"a body pattern without a literal start: {alt!r}")
        heads.append(head)
    return heads


# Where a name of BODY_CLAUSE can start: its alternatives' literal starts, led by their letters,
# so that a search skips to them (BODY_CLAUSE opens with \b and is tried at every position).
BODY_CLAUSE_HEAD = re.compile("|".join(re.escape(h) for h in _literal_heads(
    [pat for _, pat in _KNOWN_BODIES] + [_OTHER_CLAUSE])))
ORGAN_BODY = {"Generalversammlung": "ga", "Sicherheitsrat": "sc", "Wirtschafts- und Sozialrat": "ecosoc",
              "Menschenrechtsrat": "hrc"}
SYMBOL_SERIES = {  # body -> (resolutions, decisions)
    "ga": ("A/RES/", "A/DEC/"),
    "sc": ("S/RES/", None),
    "ecosoc": ("E/RES/", "E/DEC/"),
    "hrc": ("A/HRC/RES/", "A/HRC/DEC/"),
    "chr": ("E/CN.4/RES/", "E/CN.4/DEC/"),
}
# Which number forms each body uses.
BODY_FORMS = {"ga": {"session", "roman"}, "sc": {"sc"}, "ecosoc": {"year"}, "hrc": {"session"},
              "chr": {"year"}}


def _body_of(m: re.Match[str]) -> str:
    return next(code for code in ("ga", "sc", "ecosoc", "hrc", "chr", "other") if m.group(code))


# --- patterns ------------------------------------------------------------------------------
# Patterns that run over every paragraph start with a literal or a character class and check
# the character before in a look-behind after it ("Ziffer(?<!\wZiffer)" for "\bZiffer"): the
# regex engine then jumps to candidates; a leading \b or look-behind makes it try every position.
# A resolution or decision number: "2653 (2022)", "217 A (III)", "64/293", "ES-11/1", "2017/18".
_NUM = (r"(?<![\w/.\-])(?:"
        r"(?P<sc>\d{1,4}\s*\((?:19|20)\d\d\))"
        r"|(?P<roman>\d{1,4}\s*(?:[A-Z]\s*)?\((?:E?S-)?[IVXL]+\))"
        r"|(?P<slash>(?P<sess>(?:E?S-)?\d{1,4})/\d{1,4})"
        r")(?![\w/]|\.\d)")
NUM = re.compile(_NUM)
# where a number can start: a digit, or the "E"/"S" of "ES-11/1", "S-10/2", not after a word
# character, slash, full stop or hyphen (NUM's look-behind); led by a class, so a search skips to them
NUM_START = re.compile(r"[\dES](?<![\w/.\-][\dES])")
KEYWORD = re.compile(r"(?P<kw>R(?<!\wR)esolution(?P<rpl>en)?|B(?<!\wB)eschl(?:uss(?:es)?|(?P<dpl>üssen?)))\b")
# A body phrase between the word and the number: "des Wirtschafts- und Sozialrats".
BETWEEN = re.compile(r"\s+(?P<phrase>de[rs]\s+[^\d,;:()]{1,100}?)\s+(?=" + _NUM + ")")
AFTER_BODY = re.compile(r"\s+de[rs]\s+(?=\S)")
NAME_WORDS = re.compile(r"(?:\s+(?:[A-ZÄÖÜ][\w\-]*|für|und|der|des|zur|von|die|über))*?"
                        r"\s*,?\s*(?:ebenfalls\s+)?vom\s+")
DATE_NEXT = re.compile(r"\s*,?\s*(?:ebenfalls\s+)?vom\s+")
DATED = re.compile(DATE_NEXT.pattern + DATE_RE.pattern)  # DATE_NEXT and the date after it
SEP = re.compile(r"(?:\s*,\s*|\s+(?:und|sowie|oder)\s+)")
# where a list of references ends: what _list_stop finds, by str.find
CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ")  # CLAUSE_STOP's [A-ZÄÖÜ]
CLAUSE_STOP = re.compile(r";|\.(?:(?=\s+[A-ZÄÖÜ])(?<!\d\.)|\s*$)|Z(?<!\wZ)iffern?\b")
# A UN document symbol: "A/78/482", "E/2002/68/Add.1", "A/RES/ES-11/1", "S/AC.60/2023/OC.6".
SYMBOL = re.compile(r"(?P<sym>[A-Z](?<![\w/.\-][A-Z])[A-Z]{0,5}(?:/(?:[A-Z][A-Za-z]{0,5}(?:[.\-]\d+[A-Za-z]?)?"
                    r"|\d+[A-Z]?))+)(?![\w/])(?P<year>\s*\((?:19|20)\d\d\))?")
SYMBOL_HEAD = 6  # "[A-Z]{1,6}" before the first slash
SLASH_AFTER_CAPITAL = re.compile(r"/(?<=[A-Z]/)")  # led by its literal: a search skips to slashes
# Cross references: "Ziffer 38", "Ziffern 6 und 7", "Ziffer 6 a)", "Ziffer 6 a) ii)".
_PARA = r"(?P<n>\d{1,3})(?![\d.,]\d)(?:\s+(?P<a>[a-z])\)(?:\s+(?P<r>[ivx]+)\))?)?"
PARA_REF = re.compile(_PARA)
ZIFFER = re.compile(r"Ziffer(?<!\wZiffer)(?P<pl>n)?\s+(?=\d)")
ZIFFER_SEP = re.compile(r"\s*,\s*|\s+(?:und|bis|sowie|oder)\s+")
OWN_ANNEX = re.compile(r"\s+de[rs]\s+Anlage(?:\s+(?P<k>[IVX]+|\d+)\b)?"
                       r"(?P<own>\s+(?:zu\s+)?(?:dieser|der\s+vorliegenden)\s+Resolution)?")
THIS_RESOLUTION = re.compile(r"\s+(?:dieser|der\s+vorliegenden)\s+Resolution\b")
THIS_ANNEX = re.compile(r"\s+dieser\s+Anlage\b")
OTHER_TEXT = re.compile(r"\s+(?:de[rs]|dieses)\s+\S|\s+zu[rm]?\s+(?:Resolution|Beschluss|Bericht|Anlage)")
# Treaty Series: "Bd. 2225, Nr. 39574", "Vol. 2225, No. 39574", "Bd. 1155, S. 331".
TREATY = re.compile(r"(?:B(?<!\wB)d|V(?<!\wV)ol)\.\s*(?P<vol>\d{1,5})(?:,\s*(?:Nr|No|S|p)\.\s*\d{1,6})?(?![\d/])")
TREATY_SERIES = re.compile(r"Treaty\s+Series\s*,\s*(?=(?:Bd|Vol)\.)")
IBID = re.compile(r"\s*Ebd\.\s*,\s*(?=(?:Bd|Vol)\.)")
# The first day of a range or pair: "7. bis " / "21. und " / "30. November bis ".
# "[0-3]?\d" after no digit or full stop, written digit-first (as DATE_RE) so that a search skips to digits
RANGE_START = re.compile(rf"(?P<day>\d(?<![\d.]\d)(?:(?<=[0-3])\d)?)\.(?:\s*(?P<month>{MONTH_PATTERN}))?"
                         r"\s*(?:bis(?:\s+zum)?|und|–|-|,)\s*$")
RANGE_JOINERS = ("bis", "zum", "und", "–", "-", ",")  # what RANGE_START ends with, before white space
RANGE_WINDOW = 40


WHITE_SPACE = re.compile(r"\s+")
# compiled once: re's module functions look each pattern up in a cache on every call
DIGIT = re.compile(r"\d")
ROMAN = re.compile(r"[IVX]+")
NOT_ID_CHAR = re.compile(r"[^\w-]")
ROMAN_FORM_LETTER = re.compile(r"^(\d+)[A-Z]")
KEY_SEPARATORS = re.compile(r"[\s/()]+")
LIST_JOINER_BEFORE = re.compile(r"(?:,\s*|\s(?:und|sowie|oder)\s+)$")  # searched up to a number
CLAUSE_WINDOW = 400


# --- marking -------------------------------------------------------------------------------

class _Spans:
    """The marks of one Text, filed by position once there are many: a new mark is checked
    against the marks near it, not against all of them (a pass over all made a text with
    thousands of references quadratic). A paragraph has a handful: a list is cheaper then."""

    __slots__ = ("text", "_buckets")  # one per marked text

    BUCKET = 256  # characters per bucket; a mark is filed in every bucket it touches
    LINEAR = 32   # up to this many marks, a new one is checked against each

    def __init__(self, text: Text):
        self.text = text
        self._buckets: dict[int, list[Mark]] | None = None

    def _file(self, m: Mark) -> None:
        assert self._buckets is not None
        for b in range(m.start // self.BUCKET, (max(m.end, m.start + 1) - 1) // self.BUCKET + 1):
            self._buckets.setdefault(b, []).append(m)

    def _near(self, start: int, end: int) -> Iterable[Mark]:
        if self._buckets is None:
            if len(self.text.marks) <= self.LINEAR:
                return self.text.marks
            self._buckets = {}
            for m in self.text.marks:
                self._file(m)
        buckets = self._buckets
        return [m for b in range(start // self.BUCKET, (end - 1) // self.BUCKET + 1) for m in buckets.get(b, ())]

    def add(self, start: int, end: int, kind: str, value: str) -> bool:
        """Add a mark [start, end) if it nests with every mark there (a ref never goes on or in
        a ref); whether it was added. The test is here, not in a method of its own: a call per mark."""
        if not (0 <= start < end <= len(self.text.text)):
            return False
        marks = self.text.marks  # _near's answer for a few marks, without the call
        for m in (marks if self._buckets is None and len(marks) <= self.LINEAR else self._near(start, end)):
            if m.end <= start or m.start >= end:
                continue
            if m.start < start < m.end < end or start < m.start < end < m.end:
                return False  # straddles a boundary
            if m.kind in ("ref", "date") and (m.start, m.end) == (start, end):
                return False  # already marked
            if kind == "ref" and m.kind == "ref":
                return False
            if kind == "date" and m.kind == "date":
                return False
        added = Mark(start, end, kind, value)  # type: ignore[arg-type]
        marks.append(added)
        if self._buckets is not None:
            self._file(added)
        return True


class _Context:
    """What marking one resolution needs: its organ, its paragraph eIds (made when a "Ziffer"
    first asks for them: most resolutions cite none of their own paragraphs)."""

    def __init__(self, res: Resolution):
        self.default = ORGAN_BODY.get(res.metadata.organ, "ga")
        self._res = res

    @cached_property
    def main(self) -> dict[str, str]:
        return _unit_ids(self._res.body, "")

    @cached_property
    def annexes(self) -> list[dict[str, str]]:
        return [_unit_ids(a.body, f"att_{k}__") for k, a in enumerate(self._res.annexes, 1)]


def _num_id(num: str | None) -> str:
    return NOT_ID_CHAR.sub("", num or "") or "x"


def _unit_ids(parts: list[BodyPart], prefix: str) -> dict[str, str]:
    """Paragraph number ("38", "6 a)", "6 a) ii)") -> eId, as ``build`` names them."""
    ids: dict[str, str] = {}
    for part in parts:
        paras = part.paragraphs if isinstance(part, Section) else [part]
        for para in paras:
            if not para.num:
                continue
            n = _num_id(para.num)
            eid = f"{prefix}para_{n}"
            if n in ids:
                continue  # a repeated number gets a suffixed eId: not citable by number
            ids[n] = eid
            _item_ids(para.items, n, f"{eid}__list_1", ids)
    return ids


def _item_ids(items: list[Item], key: str, eid: str, ids: dict[str, str]) -> None:
    for item in items:
        n = _num_id(item.num)
        k = f"{key} {n})"
        peid = f"{eid}__point_{n}"
        ids.setdefault(k, peid)
        _item_ids(item.items, k, f"{peid}__list_1", ids)


def mark_references(res: Resolution) -> None:
    """Mark references (UN documents, paragraphs of this resolution, treaties) and dates in ``res``.

    Idempotent: marking twice adds nothing the second time."""
    ctx = _Context(res)
    for text, scope in _texts(res):
        _mark_text(text, scope, ctx)
    series = None
    for marker in sorted(res.footnotes, key=lambda m: (0, int(m)) if m.isdigit() else (1, 0)):
        text = res.footnotes[marker].text
        s = text.text
        if "Treaty" in s and TREATY_SERIES.search(s):  # the substring tests spare most notes a pass
            series = "unts"
        elif "Ebd." not in s or not IBID.match(s):
            series = None
        _mark_text(text, "note", ctx)
        if series == "unts" and (m := IBID.match(text.text)):
            _mark_treaty(_Spans(text), m.end())  # a new _Spans sees every mark of the text
    for line in res.cover + res.preface:
        if line.kind == "proponent":
            _mark_documents(_Spans(line.text), ctx)


def _texts(res: Resolution) -> list[tuple[Text, str]]:
    """Every Text of the preamble, operative part and annexes, with the part it belongs to (a
    list: nested generators cost a resumption per level for every text)."""
    out: list[tuple[Text, str]] = []
    for para in res.preamble:
        out.append((para.text, "main"))
        _items(para.items, "main", out)
    _parts(res.body, "main", out)
    for k, annex in enumerate(res.annexes, 1):
        scope = f"annex{k}"
        if annex.title is not None:
            out.append((annex.title, scope))
        for t in annex.intro:
            out.append((t, scope))
        _parts(annex.body, scope, out)
    return out


def _parts(parts: list[BodyPart], scope: str, out: list[tuple[Text, str]]) -> None:
    for part in parts:
        if isinstance(part, Section):
            out.append((part.heading, scope))
            _parts(list(part.paragraphs), scope, out)
        else:
            out.append((part.text, scope))
            _items(part.items, scope, out)


def _items(items: list[Item], scope: str, out: list[tuple[Text, str]]) -> None:
    for item in items:
        out.append((item.text, scope))
        _items(item.items, scope, out)


def _mark_text(text: Text, scope: str, ctx: _Context) -> None:
    # each rule runs only where its word occurs: a substring test is far cheaper than a pass,
    # and a text where none occurs (many) needs no _Spans and no call
    s = text.text
    symbols = "/" in s  # a symbol has a slash
    # a word is looked for after one of its letters that many texts lack: str finds one letter
    # by memchr, a few instructions a character less than a word (whose letters are common)
    lists = ("R" in s and "Resolution" in s) or "Beschl" in s
    paragraphs = "Z" in s and "Ziffer" in s
    treaties = "y" in s and "Treaty" in s
    # a date has a full stop after its day ("19. April 2004"); they are found first (the text
    # does not change), so that a text with full stops and no date needs no _Spans
    dates = find_dates(s) if "." in s else None
    if not (symbols or lists or paragraphs or treaties or dates):
        return
    spans = _Spans(text)
    if symbols:
        _mark_symbols(spans, s)
    if lists:
        _mark_lists(spans, s, ctx)
    if paragraphs:
        _mark_paragraphs(spans, scope, ctx)
    if treaties:
        for m in TREATY_SERIES.finditer(s):
            _mark_treaty(spans, m.end())
    if dates:
        _mark_dates(spans, dates)


# --- UN documents --------------------------------------------------------------------------

def _mark_documents(spans: _Spans, ctx: _Context) -> None:
    s = spans.text.text
    if "/" in s:  # a symbol has a slash; most texts have none, and need no generator
        _mark_symbols(spans, s)
    if "Resolution" in s or "Beschl" in s:
        _mark_lists(spans, s, ctx)


def _mark_lists(spans: _Spans, s: str, ctx: _Context) -> None:
    keywords = _keywords(s)
    for i, kw in enumerate(keywords):
        # a list ends at the latest where the next keyword stands
        _mark_list(spans, kw, ctx, keywords[i + 1].start() if i + 1 < len(keywords) else len(s))


KEYWORD_HEADS = ("Resolution", "Beschl")  # what every KEYWORD match starts with


def _keywords(s: str) -> list[re.Match[str]]:
    """``list(KEYWORD.finditer(s))``, tried only where str.find finds the head of a keyword: a
    regex search stops at every capital R and B of a German text."""
    starts = find_all(s, KEYWORD_HEADS)
    if not starts:
        return []
    found = []
    pos = 0
    for at in starts:
        if at >= pos and (m := KEYWORD.match(s, at)):
            found.append(m)
            pos = m.end()
    return found


def _mark_symbols(spans: _Spans, s: str) -> None:
    for m in _symbols(s):
        sym = m.group("sym")
        if not DIGIT.search(sym) or ROMAN.fullmatch(sym.split("/")[0]):
            continue  # "HIV/Aids", "II/3"
        end = m.end("sym")
        if m.group("year") and sym.startswith("S/RES/"):
            end = m.end("year")
            sym += "".join(m.group("year").split())  # str.split splits at what \s matches
        spans.add(m.start("sym"), end, "ref", UNDOCS + sym)


def _symbols(s: str) -> Iterator[re.Match[str]]:
    """``SYMBOL.finditer(s)``, looked for only next to a slash. A symbol has a slash at most
    SYMBOL_HEAD characters after its start, and slashes are rare, while SYMBOL would be tried at
    every capital letter of a German text. Its head is the run of capitals before the slash, and
    only the start of that run can start it (a capital before fails the look-behind): one match
    per slash, and none after a digit ("64/293")."""
    pos = 0
    # only a slash after a capital can end a head: most slashes stand in numbers ("64/293")
    c = SLASH_AFTER_CAPITAL.search(s)
    while c:
        slash = c.start()
        start = slash
        lowest = max(pos, slash - SYMBOL_HEAD)
        while start > lowest and "A" <= s[start - 1] <= "Z":
            start -= 1
        if start < slash and (m := SYMBOL.match(s, start)):
            yield m
            pos = m.end()
        c = SLASH_AFTER_CAPITAL.search(s, max(pos, slash + 1))


def _form(m: re.Match[str]) -> str:
    kind = m.lastgroup  # the alternative that matched: "sc", "roman", or "slash" (which closes after "sess")
    if kind != "slash":
        return kind  # type: ignore[return-value]
    sess = m.group("sess")
    return "year" if len(sess) == 4 and sess.isdigit() else "session"


def _mark_list(spans: _Spans, kw: re.Match[str], ctx: _Context, next_keyword: int) -> None:
    """The numbers after "Resolution(en)"/"Beschluss/Beschlüsse": one ref each; ``next_keyword``
    is where the next keyword starts (the length of the text if none follows)."""
    s = spans.text.text
    word, rpl, dpl = kw.group("kw", "rpl", "dpl")  # one call for the three
    decision = word[0] == "B"  # "Beschl…", not "Resolution…"
    plural = bool(rpl or dpl)
    pos = kw.end()
    listed: str | None = None  # the body named for the whole list
    strong = False
    b = BETWEEN.match(s, pos)
    if b:
        bm = BODY_NEAR.search(b.group("phrase"))
        if not bm:
            return  # "Resolution der Generalversammlung über …": no number follows the word
        listed, strong = _body_of(bm), True
        pos = b.end()
    else:
        ws = WHITE_SPACE.match(s, pos)
        if not ws:
            return
        pos = ws.end()
    first = NUM.match(s, pos)
    if not first:
        return
    if listed is None:
        listed = _clause_body(s, kw.start())
    stop = _list_stop(s, kw.end(), next_keyword)
    form = None  # the first number's, asked for only when a description follows an item
    m: re.Match[str] | None = first
    while m:
        end = _mark_number(spans, m, listed, strong, decision, ctx)
        # the next number of the list: right after this item, or (plural) after its description
        nxt = SEP.match(s, end)
        m2 = NUM.match(s, nxt.end()) if nxt else None
        if m2 is None and plural:
            form = form or _form(first)
            for cand in _led_finditer(NUM_START, NUM, s, end, stop):
                if _form(cand) == form and LIST_JOINER_BEFORE.search(s, max(0, cand.start() - 20), cand.start()):
                    m2 = cand
                    break
        if m2 is None or m2.start() >= stop:
            break
        m = m2


def _led_finditer(head: re.Pattern[str], pattern: re.Pattern[str], s: str, pos: int,
                  endpos: int) -> Iterator[re.Match[str]]:
    """``pattern.finditer(s, pos, endpos)``, tried only where ``head`` finds a place it can start,
    for a pattern that never matches empty: one that opens with a look-behind (NUM) or with many
    alternatives (the body names) is run whole at every position by its own search."""
    while h := head.search(s, pos, endpos):
        m = pattern.match(s, h.start(), endpos)
        if m:
            yield m
            pos = m.end()
        else:
            pos = h.start() + 1


def _list_stop(s: str, start: int, stop: int) -> int:
    """Where a list that starts at ``start`` ends at the latest: ";", a sentence end, a new
    word; ``stop`` is where the next keyword starts (looked for only up to there: linear over a
    text). What ``CLAUSE_STOP.search(s, start, stop)`` finds, found by str.find: the first ";",
    full stop that ends a sentence or "Ziffer(n)" word (a regex search over the list and its
    descriptions cost more than the few candidates str.find gives)."""
    first = s.find(";", start, stop)
    if first == -1:
        first = stop
    dot = s.find(".", start, first)
    while dot != -1:
        after = dot + 1
        while after < stop and s[after].isspace():  # what \s matches, over all code points
            after += 1
        if after == stop or (after > dot + 1 and s[after] in CAPITALS and not (dot and s[dot - 1].isdecimal())):
            first = dot  # white space only up to the end (\.\s*$), or a sentence ends: ". Ferner",
            break        # not after a number ("1. März")
        dot = s.find(".", after, first)
    z = s.find("Ziffer", start, first)
    while z != -1:
        end = z + len("Ziffer")
        if not (z and _is_word(s[z - 1])):
            if end < stop and s[end] == "n":
                end += 1
                if end == stop or not _is_word(s[end]):
                    return z  # "Ziffern"
                end -= 1
            if end == stop or not _is_word(s[end]):
                return z  # "Ziffer"
        z = s.find("Ziffer", z + 1, first)
    return first


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"  # what \w matches, over all code points


def _clause_body(s: str, kw_start: int) -> str | None:
    """A body named earlier in the clause: "gemäß dem Ersuchen des Wirtschafts- und Sozialrats in der …"."""
    window = max(0, kw_start - CLAUSE_WINDOW)  # bounded: a body is named close to its resolution
    clause_start = max(s.rfind(",", window, kw_start), s.rfind(";", window, kw_start), window - 1) + 1
    found = None
    for bm in _led_finditer(BODY_CLAUSE_HEAD, BODY_CLAUSE, s, clause_start, kw_start):
        found = _body_of(bm)
    return found


def _mark_number(spans: _Spans, m: re.Match[str], listed: str | None, strong: bool, decision: bool,
                 ctx: _Context) -> int:
    """Mark one number of a list; return where its item (number, body, date) ends."""
    s = spans.text.text
    start, end = m.span()
    number_end = end
    body, strong_here = listed, strong
    date = None
    # the most common item, "64/293 vom 30. Juli 2010", in one match (DATE_NEXT, then DATE_RE,
    # whose parts leave no choice of where one ends): then no body follows the number
    # (AFTER_BODY needs "der"/"des" where DATE_NEXT has "vom"), and without it no date does
    # unless a body's name comes first
    if dm := DATED.match(s, end):
        date = _date_of(dm)
        end = dm.end()
    # AFTER_BODY opens with white space (\s, which str.isspace matches): most numbers are
    # followed by a comma or full stop
    elif s[end:end + 1].isspace() and (after := AFTER_BODY.match(s, end)) and (bm := BODY_NEAR.match(s, after.end())):
        body, strong_here = _body_of(bm), True
        end = bm.end()
        d = NAME_WORDS.match(s, end)
        if d:
            dm = DATE_RE.match(s, d.end())
            if dm:
                date = _date_of(dm)
                end = dm.end()
    href = _href(m, body, strong_here, decision, date, ctx)
    if href:
        spans.add(start, number_end, "ref", href)
    return end


def _date_of(dm: re.Match[str]) -> dt.date | None:
    year, month, day = dm.group("year", "month", "day")
    try:
        return dt.date(int(year), MONTHS[month.lower()], int(day))
    except ValueError:
        return None


def _href(m: re.Match[str], body: str | None, strong: bool, decision: bool, date: dt.date | None,
          ctx: _Context) -> str | None:
    form = _form(m)
    if form == "sc":
        default: str | None = "sc"
    elif form == "roman":
        default = "ga"
    elif form == "session":
        default = "hrc" if ctx.default == "hrc" else "ga"
    else:  # "year"
        default = "ecosoc" if ctx.default == "ecosoc" else None
    if body is None or (not strong and body != "other" and form not in BODY_FORMS[body]):
        body = default
    if body is None or body == "other" or form not in BODY_FORMS[body]:
        return None
    series = SYMBOL_SERIES[body][1 if decision else 0]
    if series is None:
        return None
    text = m.group()
    if body == "ga" and not decision and date is not None:
        if form == "session":  # "64/293", "ES-11/1": no white space or parenthesis, one slash
            key = text.replace("/", "-")
        else:
            key = KEY_SEPARATORS.sub("-", text).strip("-")
        return f"{GA_WORK}{date.isoformat()}/{key}/!main"  # AKN_WORK for the General Assembly
    number = "".join(text.split())  # what WHITE_SPACE.sub("", …) gives: split splits at \s
    if form == "roman":
        number = ROMAN_FORM_LETTER.sub(r"\1", number)  # "217 A (III)" -> A/RES/217(III)
    return UNDOCS + series + number


# --- paragraphs of this resolution ---------------------------------------------------------

def _mark_paragraphs(spans: _Spans, scope: str, ctx: _Context) -> None:
    s = spans.text.text
    for z in ZIFFER.finditer(s):
        refs: list[re.Match[str]] = []
        p = PARA_REF.match(s, z.end())
        while p:
            refs.append(p)
            sep = ZIFFER_SEP.match(s, p.end())
            p = PARA_REF.match(s, sep.end()) if sep else None
            if p and not z.group("pl"):
                break  # "Ziffer 5 und 6 …" after a singular: the 6 is something else
        if not refs:
            continue
        target = _target(s, refs[-1].end(), scope, ctx)
        if target is None:
            continue
        for r in refs:
            key = r.group("n")
            if r.group("a"):
                key += f" {r.group('a')})"
                if r.group("r"):
                    key += f" {r.group('r')})"
            eid = target.get(key)
            if eid:
                spans.add(r.start(), r.end(), "ref", f"#{eid}")


def _target(s: str, pos: int, scope: str, ctx: _Context) -> dict[str, str] | None:
    """The units a paragraph reference ending at ``pos`` points into, or None for another text."""
    a = OWN_ANNEX.match(s, pos)
    if a:
        if not a.group("own") and OTHER_TEXT.match(s, a.end()):
            return None  # "der Anlage zu Resolution 70/1", "der Anlage des Berichts"
        k = a.group("k")
        if k:
            idx = _roman(k) if not k.isdigit() else int(k)
        elif scope.startswith("annex"):
            idx = int(scope[5:])
        else:
            idx = 1
        if not a.group("own") and scope == "note":
            return None
        return ctx.annexes[idx - 1] if 0 < idx <= len(ctx.annexes) else None
    if THIS_RESOLUTION.match(s, pos):
        return ctx.main
    if THIS_ANNEX.match(s, pos) and scope.startswith("annex"):
        return ctx.annexes[int(scope[5:]) - 1]
    if OTHER_TEXT.match(s, pos):
        return None  # "Ziffer 14 der Resolution 2699 (2023)", "des Berichts"
    if scope == "main":
        return ctx.main
    if scope.startswith("annex"):
        return ctx.annexes[int(scope[5:]) - 1]
    return None  # a footnote names paragraphs of the documents it cites


def _roman(r: str) -> int:
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, ch in enumerate(r):
        v = values[ch]
        total += -v if i + 1 < len(r) and values[r[i + 1]] > v else v
    return total


# --- treaties ------------------------------------------------------------------------------

def _mark_treaty(spans: _Spans, pos: int) -> None:
    m = TREATY.match(spans.text.text, pos)
    if m:
        spans.add(m.start(), m.end(), "ref", UNTS.format(vol=m.group("vol")))


# --- dates ---------------------------------------------------------------------------------

def _mark_dates(spans: _Spans, dates: list[tuple[int, int, dt.date]]) -> None:
    """Mark the dates of a text (``find_dates`` of it) and the earlier ends of ranges and pairs."""
    s = spans.text.text
    for start, end, day in dates:
        spans.add(start, end, "date", day.isoformat())
        # the earlier ends of a range or pair: "vom 7. bis 12. März 2021", "am 21., 22. und 23. Mai"
        at, later = start, day
        while r := _range_start(s, at):
            month = MONTHS[r.group("month").lower()] if r.group("month") else later.month
            year = later.year - 1 if month > later.month else later.year
            try:
                first = dt.date(year, month, int(r.group("day")))
            except ValueError:
                break
            if first >= later:
                break
            spans.add(r.start(), r.start() + len(r.group("day")) + 1 if not r.group("month")
                 else r.end("month"), "date", first.isoformat())
            at, later = r.start(), first


def _range_start(s: str, at: int) -> re.Match[str] | None:
    """The first end of a range or pair that ends at ``at`` ("7. bis "), or None. It ends with
    a joiner: text that does not (most dates: "vom 19. Dezember") is not searched, a search
    that would try every position of the window."""
    lo = max(0, at - RANGE_WINDOW)
    if not s[lo:at].rstrip().endswith(RANGE_JOINERS):
        return None
    r = RANGE_START.search(s, lo, at)
    return r if r and r.end() == at else None


# --- the index -----------------------------------------------------------------------------

def _kind_of(href: str) -> str:
    if href.startswith("#"):
        return "paragraph"
    if href.startswith("https://treaties.un.org/"):
        return "treaty"
    if href.startswith("/akn/") or "/RES/" in href:
        return "resolution"
    if "/DEC/" in href:
        return "decision"
    return "document"


def _plain(el) -> str:
    """The text of an inline element without the text of notes inside it."""
    parts: list[str] = []

    def walk(e) -> None:
        if e.tag == _A + "authorialNote":
            return
        if e.text:
            parts.append(e.text)
        for child in e:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def references(tree) -> list[dict[str, str]]:
    """Every ``ref`` and ``date`` of an Akoma Ntoso tree in document order.

    Each row: ``type`` ("resolution", "decision", "document", "paragraph", "treaty" or "date"),
    ``text``, ``href`` (refs) or ``date`` (dates, ISO), and ``eId``, the eId of the nearest
    enclosing element that has one (a footnote's own eId inside a footnote)."""
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    rows: list[dict[str, str]] = []
    for el in root.iter(_A + "ref", _A + "date"):
        eid = ""
        for anc in el.iterancestors():
            if anc.get("eId"):
                eid = anc.get("eId")
                break
        if el.tag == _A + "ref":
            href = el.get("href") or ""
            rows.append({"type": _kind_of(href), "text": _plain(el), "href": href, "eId": eid})
        else:
            rows.append({"type": "date", "text": _plain(el), "date": el.get("date") or "", "eId": eid})
    return rows


def summary(rows: Iterable[dict[str, str]]) -> dict[str, int]:
    """How many rows of each type: {"resolution": 40, "document": 12, "date": 50, …}."""
    return dict(Counter(r["type"] for r in rows))


def format_table(rows: list[dict[str, str]]) -> str:
    """The index as an aligned text table (eId, type, text, target) with a count line."""
    if not rows:
        return "no references or dates\n"
    header = ("eId", "type", "text", "target")
    table = [header] + [(r["eId"], r["type"], r["text"], r.get("href") or r.get("date", "")) for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(3)]
    lines = ["  ".join(cell.ljust(widths[i]) if i < 3 else cell for i, cell in enumerate(row)).rstrip()
             for row in table]
    lines.insert(1, "  ".join("-" * w for w in widths) + "  " + "-" * len(header[3]))
    counts = summary(rows)
    order = ["resolution", "decision", "document", "paragraph", "treaty", "date"]
    lines.append("")
    lines.append(f"{len(rows)} entries: " + ", ".join(f"{counts[k]} {k}" for k in order if k in counts))
    return "\n".join(lines) + "\n"


def format_json(rows: list[dict[str, str]]) -> str:
    """The index as JSON (a list of objects), UTF-8 text kept readable."""
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
