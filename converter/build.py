"""Stage 5, build: the resolution model -> an Akoma Ntoso 3.0 tree (AKN4UN conventions).

eIds follow the Akoma Ntoso naming convention: ``{type}_{num}`` joined by ``__`` to the
parent's eId (``preamble__container_3``, ``para_12__list_1__point_a``). Operative paragraphs
are numbered once through a resolution, so their eId is ``para_N`` also inside a section;
an annex prefixes all of its eIds with ``att_N__``. A footnote's eId is its unit's eId plus
``__authorialNote_{marker}``; a later citation of the same note is a ``noteRef`` to it.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import operator
import re
from dataclasses import dataclass, field
from typing import Callable

from lxml import etree

from .lexicon.german import ORGANS
from .model import (Annex, BodyPart, ConversionWarning, CoverLine, Item, Mark, Metadata, NoteAnchor,
                    OperativeParagraph, PreambularParagraph, Resolution, Section, Text)

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
A = f"{{{AKN_NS}}}"
ACTOR_FALLBACK = "unga"
CONVERTER_ID = "converter"
MARK_TAGS = {"emphasis": "i", "keyphrase": "i", "verb": "i", "ref": "ref", "date": "date", "inline": "inline"}
MARK_ATTRIBUTE = {"ref": "href", "date": "date", "inline": "name"}


# Elements whose content is text: no indentation inside them, it would add white space to the text.
TEXT_ELEMENTS = frozenset({"p", "num", "heading", "subheading", "listIntroduction", "docTitle", "docNumber",
                           "docProponent", "docAuthority", "docStatus", "docDate"})
_TEXT_SPECIAL = re.compile("[&<>\r]")
_ATTRIBUTE_SPECIAL = re.compile('[&<>\r"\n\t]')
_REFERENCES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;", '"': "&quot;", "\n": "&#10;", "\t": "&#9;"}


def _escape(s: str) -> str:
    """Text as XML character data (a carriage return as a reference: a parser would drop it)."""
    if "&" in s or "<" in s or ">" in s or "\r" in s:
        return _TEXT_SPECIAL.sub(lambda m: _REFERENCES[m.group()], s)
    return s


def _escape_attribute(s: str) -> str:
    """An attribute value between double quotes (line ends and tabs as references: a parser
    would turn them into spaces). Substring tests first: a regex search costs twice as much."""
    if "&" in s or "<" in s or ">" in s or '"' in s or "\n" in s or "\r" in s or "\t" in s:
        s = _ATTRIBUTE_SPECIAL.sub(lambda m: _REFERENCES[m.group()], s)
    return s if s.isascii() else _as_latin1(s)


# The markup goes to libxml2 in ASCII, every other character as a reference (``Writer.tree``).
# CPython's encoder writes the references a character at a time, and with sprintf; but a string
# of Latin-1 characters alone it encodes to Latin-1 by copying its bytes, and bytes.replace finds
# a byte by memchr. So a text holding a character beyond Latin-1 (a typographic quote, a dash) is
# written with those characters as references (``_as_latin1``), the markup encoded to Latin-1, and
# the letters of German beyond ASCII replaced by their references in the bytes: what the encoder
# would write, at a fraction of the cost. Any other character the encoder writes as before.
_GERMAN_LETTERS = [(c.encode("latin-1"), f"&#{ord(c)};".encode("ascii")) for c in "äöüßÄÖÜ"]
# a character reference, as the encoder writes it; one to a character beyond Latin-1 in the
# markup is one ``_as_latin1`` wrote (text has its "&" escaped, and escaping writes only "&#9;",
# "&#10;" and "&#13;")
_REFERENCE = re.compile(r"&#(\d+);")


def _beyond_latin1(s: str) -> bool:
    """Does s hold a character beyond Latin-1? (Encoding a string of Latin-1 characters alone to
    Latin-1 copies its bytes.)"""
    try:
        s.encode("latin-1")
    except UnicodeEncodeError:
        return True
    return False


def _as_latin1(s: str) -> str:
    """s with each character beyond Latin-1 as a character reference (markup, escaped already)."""
    return s.encode("latin-1", "xmlcharrefreplace").decode("latin-1")


def _ascii(markup: str) -> bytes:
    """The markup in ASCII, other characters as references: ``markup.encode("ascii",
    "xmlcharrefreplace")``, by the way described above."""
    data = markup.encode("latin-1", "xmlcharrefreplace")
    for letter, reference in _GERMAN_LETTERS:
        data = data.replace(letter, reference)
    if not data.isascii():
        data = data.decode("latin-1").encode("ascii", "xmlcharrefreplace")
    return data


def _attrs(attrs: dict[str, str]) -> str:
    """Attributes as markup, ``' name="value"'`` each, for the few elements written from a dict."""
    return "".join([f' {k}="{_escape_attribute(v)}"' for k, v in attrs.items()])


class _Pads(dict):
    """A line end and two spaces a level, by level: made once per depth."""

    def __missing__(self, level: int) -> str:
        self[level] = pad = "\n" + "  " * level
        return pad


_PADS = _Pads()


class Writer:
    """Akoma Ntoso markup written as text, pretty-printed as it goes, and parsed once by libxml2.

    Creating ~600 elements one by one through lxml costs 2 µs each, twice what writing the
    markup and parsing it costs; the tree that results is the same. Structure is indented two
    spaces a level; inside a text-bearing element (``TEXT_ELEMENTS``) nothing is added, so what
    goes into one is written straight to the output (``inline``, ``text_element``).

    Attributes come as markup (``' eId="para_1"'``): values made of names, digits and eId
    characters go in as they are, others through ``_escape_attribute``."""

    def __init__(self) -> None:
        self._out: list[str] = []
        self._open: list[list] = []  # [tag, indented, has children] per open element

    def start(self, tag: str, attrs: str = "") -> None:
        out, open_ = self._out, self._open
        if not open_:
            indented = tag not in TEXT_ELEMENTS  # a root <p> (tests) takes inline content too
        elif open_[-1][1]:
            out.append(_PADS[len(open_)])
            open_[-1][2] = True
            indented = tag not in TEXT_ELEMENTS
        else:
            indented = False
        out.append(f"<{tag}{attrs}>")
        open_.append([tag, indented, False])

    def end(self) -> None:
        tag, indented, has_children = self._open.pop()
        if indented and has_children:
            self._out.append(_PADS[len(self._open)])
        self._out.append(f"</{tag}>")

    def element(self, tag: str, text: str | None = None, attrs: str = "") -> None:
        """An element with at most text in it: ``start``, ``text``, ``end`` in one (with no
        children, whether it counts as indented changes nothing)."""
        open_ = self._open
        markup = f"<{tag}{attrs}>{_escape(text) if text else ''}</{tag}>"
        if open_ and open_[-1][1]:
            open_[-1][2] = True
            self._out.append(_PADS[len(open_)] + markup)
        else:
            self._out.append(markup)

    def child_depth(self) -> int | None:
        """For a child of the open element written whole by the caller (``_leaf``) into the
        output (``markup``): its depth, which is that of its pads, the open element marked as
        having a child; None when the open element is not indented (a text element, text in it)
        or none is open, where the child is written element by element instead."""
        open_ = self._open
        if open_ and open_[-1][1]:
            open_[-1][2] = True
            return len(open_)
        return None

    def markup(self) -> list[str]:
        """The output, to append a whole child to (``child_depth``)."""
        return self._out

    def text(self, s: str | None) -> None:
        if s:
            top = self._open[-1]
            if top[1] and not top[2] and s.strip():
                top[1] = False  # text in a structural element: leave it as written
            self._out.append(_escape(s))

    def inline(self) -> list[str]:
        """The output, to append the markup of an open text element's content to: nothing is
        indented there, so nothing needs tracking."""
        top = self._open[-1]
        if top[1]:
            raise ValueError(f"inline content in <{top[0]}>, which is not a text element")
        return self._out

    def text_element(self, tag: str, attrs: str = "") -> list[str]:
        """Open a text element whose content and end tag the caller appends to the output
        returned (``inline``): nothing in it is indented, so it needs no place on the stack."""
        out, open_ = self._out, self._open
        top = open_[-1]
        if top[1]:
            if tag not in TEXT_ELEMENTS:
                raise ValueError(f"<{tag}> is not a text element")
            top[2] = True
            out.append(f"{_PADS[len(open_)]}<{tag}{attrs}>")
        else:
            out.append(f"<{tag}{attrs}>")
        return out

    def tree(self) -> etree._ElementTree:
        if self._open:
            raise ValueError(f"unclosed element {self._open[-1][0]}")
        # our own markup: no entities, no network; huge_tree lifts libxml2's limits on text size
        # and depth, which a 20 MB resolution of one paragraph would reach
        # and no table of xml:id attributes (it has none)
        parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True, collect_ids=False)
        markup = "".join(self._out)
        try:
            # ASCII, other characters as references: libxml2 reads text that is all ASCII a byte
            # at a time, other text a character at a time; the tree is the same
            return etree.fromstring(_ascii(markup), parser).getroottree()
        except etree.XMLSyntaxError:
            # a character XML cannot hold: the error libxml2 gives for the character itself, in
            # the markup as written (``_as_latin1`` undone)
            written = _REFERENCE.sub(lambda m: chr(n) if (n := int(m.group(1))) > 0xFF else m.group(), markup)
            return etree.fromstring(written.encode("utf-8"), parser).getroottree()


@dataclass
class Context:
    """What building needs beyond the model: notes already placed, eIds already used."""

    res: Resolution
    note_ids: dict[str, str] = field(default_factory=dict)
    used_ids: set[str] = field(default_factory=set)
    # note anchors written so far, by id(); the anchor is kept as the value so that its id cannot
    # be handed to an anchor made later (``_split`` makes some and lets them go)
    placed: dict[int, NoteAnchor] = field(default_factory=dict)
    warnings: list[ConversionWarning] = field(default_factory=list)

    next_suffix: dict[str, int] = field(default_factory=dict)

    def eid(self, wanted: str) -> str:
        """``wanted``, or ``wanted_2``, ``wanted_3`` … when taken. Suffixes tried once stay taken, so
        the search goes on where it stopped: thousands of paragraphs numbered alike stay linear."""
        eid, k = wanted, self.next_suffix.get(wanted, 1)
        while eid in self.used_ids:
            k += 1
            eid = f"{wanted}_{k}"
        self.next_suffix[wanted] = k
        self.used_ids.add(eid)
        return eid


# --- inline content ------------------------------------------------------------------
# Written into an open text element as markup: a mark's start and end tags, its text, a note.

_PLAIN_MARKS = {"emphasis": ("<i>", "</i>"), "keyphrase": ("<i>", "</i>"), "verb": ("<i>", "</i>")}


def _mark_tags(m: Mark, date_tag: str, date_attrs: str) -> tuple[str, str]:
    """A mark's start and end tags; ``date_attrs`` (markup) go after a date's own attribute."""
    plain = _PLAIN_MARKS.get(m.kind)
    if plain:
        return plain
    if m.kind == "date":
        return f'<{date_tag} date="{_escape_attribute(m.value)}"{date_attrs}>', f"</{date_tag}>"
    tag = MARK_TAGS[m.kind]
    return f'<{tag} {MARK_ATTRIBUTE[m.kind]}="{_escape_attribute(m.value)}">', f"</{tag}>"


@dataclass
class _Node:
    start: int
    end: int
    tags: tuple[str, str]
    children: list["_Node"] = field(default_factory=list)


def fill(w: Writer, text: Text, ctx: Context, unit_eid: str, date_tag: str = "date", date_attrs: str = "") -> None:
    """Write a Text into the open text element: its string, its marks as inline elements, its
    notes in place. ``date_attrs`` (markup) go on each date element after its date (``refersTo``
    in the preface)."""
    _fill(w.inline(), text, ctx, unit_eid, date_tag, date_attrs)


def _fill(out: list[str], text: Text, ctx: Context, unit_eid: str, date_tag: str = "date",
          date_attrs: str = "", asked: bool = False) -> None:
    """``fill`` into the output list; ``asked``: the text was asked for characters beyond Latin-1."""
    s = text.text
    if not asked and not s.isascii() and _beyond_latin1(s):
        # a character beyond Latin-1 (rare: a typographic quote or dash): the markup written,
        # then those characters in it as references, so that the markup stays Latin-1 (``_ascii``)
        start = len(out)
        _fill(out, text, ctx, unit_eid, date_tag, date_attrs, asked=True)
        out[start:] = [p if p.isascii() else _as_latin1(p) for p in out[start:]]
        return
    if not text.notes:
        if not text.marks:
            out.append(_escape(s))  # most footnotes and items: no marks, nothing to nest
            return
        if _flat(text.marks):
            _write_flat(out, s, text.marks, date_tag, date_attrs)  # most paragraphs: marks side by side
            return
    elif _in_order(text.marks):
        _write_in_order(out, s, text.marks, text.notes, ctx, unit_eid, date_tag, date_attrs)  # citing notes
        return
    ordered = sorted(text.marks, key=lambda m: (m.start, -m.end))
    if _in_order(ordered):
        # side by side once sorted (references, then the dates found in them, are marked in two
        # passes): the general walk would make each a root, and writes what these write
        if text.notes:
            _write_in_order(out, s, ordered, text.notes, ctx, unit_eid, date_tag, date_attrs)
        else:
            _write_flat(out, s, ordered, date_tag, date_attrs)
        return
    roots: list[_Node] = []
    stack: list[_Node] = []
    for m in ordered:
        while stack and stack[-1].end <= m.start:
            stack.pop()
        if stack and m.end > stack[-1].end:
            continue  # overlaps a mark it does not nest in: the first one wins
        node = _Node(m.start, m.end, _mark_tags(m, date_tag, date_attrs))
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    anchors = _Anchors(text.notes, out, s, ctx, unit_eid)
    _emit(out, s, 0, len(s), roots, anchors, top=True)


def _flat(marks: list[Mark]) -> bool:
    """Do the marks follow one another without overlapping, in order?"""
    end = 0
    for m in marks:
        if m.start < end:
            return False
        end = m.end
    return True


def _in_order(marks: list[Mark]) -> bool:
    """Would the general walk make each mark a root with no children, in this order? So when
    each starts where the one before ended or later (then all before it have ended), and the
    sort by (start, -end) keeps the order: a mark that starts where an empty one started comes
    before it there unless empty too (and then nests in the empty one's place)."""
    before = None
    for m in marks:
        if m.start > m.end:
            return False
        if before is not None and (m.start < before.end or (m.start == before.start and m.end > m.start)):
            return False
        before = m
    return True


def _write_in_order(out: list[str], s: str, marks: list[Mark], notes: list[NoteAnchor], ctx: Context, unit_eid: str,
                    date_tag: str, date_attrs: str) -> None:
    """What ``_emit`` writes for marks that are all roots (``_in_order``), without the nodes: the
    notes up to a mark's start (at its edge too) outside it, those strictly inside it in it."""
    tags = [_PLAIN_MARKS.get(m.kind) or _mark_tags(m, date_tag, date_attrs) for m in marks]
    anchors = _Anchors(notes, out, s, ctx, unit_eid)
    pos = 0
    for m, (start_tag, end_tag) in zip(marks, tags):
        anchors.text(pos, m.start, inclusive=True)
        out.append(start_tag)
        anchors.text(m.start, m.end, inclusive=False)
        out.append(end_tag)
        pos = m.end
    anchors.text(pos, len(s), inclusive=True)


def _write_flat(out: list[str], s: str, marks: list[Mark], date_tag: str, date_attrs: str) -> None:
    """``fill`` for marks side by side and no notes: what the general walk writes, without it.
    A string without special characters has none in its pieces: they go in unescaped."""
    plain = not ("&" in s or "<" in s or ">" in s or "\r" in s)
    pos = 0
    for m in marks:
        # a plain mark's tags looked up here: a call per mark costs more than the lookup
        start_tag, end_tag = _PLAIN_MARKS.get(m.kind) or _mark_tags(m, date_tag, date_attrs)
        before, inside = s[pos:m.start], s[m.start:m.end]
        if plain:
            out += (before, start_tag, inside, end_tag)
        else:
            out += (_escape(before), start_tag, _escape(inside), end_tag)
        pos = m.end
    out.append(s[pos:] if plain else _escape(s[pos:]))


def _emit(out: list[str], s: str, start: int, end: int, nodes: list[_Node], anchors: "_Anchors", top: bool) -> None:
    """Marks nested as inline elements, the notes between them. At the top, a note at the edge of
    a mark goes outside it; inside a mark, only notes strictly between its children are written."""
    pos = start
    for node in nodes:
        anchors.text(pos, node.start, inclusive=top)
        out.append(node.tags[0])
        _emit(out, s, node.start, node.end, node.children, anchors, top=False)
        out.append(node.tags[1])
        pos = node.end
    anchors.text(pos, end, inclusive=top)


_OFFSET = operator.attrgetter("offset")


class _Anchors:
    """A Text's note anchors in order of offset, written with the text between them. The gaps
    come in document order, so a bisection finds each gap's first anchor: a paragraph that
    cites a note after every word stays linear."""

    def __init__(self, notes: list[NoteAnchor], out: list[str], s: str, ctx: Context, unit_eid: str) -> None:
        self.anchors = sorted(notes, key=_OFFSET)
        self.offsets = [a.offset for a in self.anchors]
        self.out, self.s, self.ctx, self.unit_eid = out, s, ctx, unit_eid
        # a string without special characters has none in its pieces: they go in unescaped
        self.plain = not ("&" in s or "<" in s or ">" in s or "\r" in s)

    def text(self, a: int, b: int, inclusive: bool) -> None:
        """The text from a to b with the anchors in it not yet placed (at a and b too if inclusive)."""
        offsets = self.offsets
        i = bisect.bisect_left(offsets, a) if inclusive else bisect.bisect_right(offsets, a)
        n = len(offsets)
        if i == n or (offsets[i] > b if inclusive else offsets[i] >= b):
            # no anchor in the gap (most gaps): the text alone
            self.out.append(self.s[a:b] if self.plain else _escape(self.s[a:b]))
            return
        out, s, ctx, anchors, plain = self.out, self.s, self.ctx, self.anchors, self.plain
        pos = a
        while i < n and (offsets[i] <= b if inclusive else offsets[i] < b):
            anchor = anchors[i]
            i += 1
            if id(anchor) in ctx.placed:
                continue
            o = anchor.offset
            out.append(s[pos:o] if plain else _escape(s[pos:o]))
            pos = o
            ctx.placed[id(anchor)] = anchor  # kept here, not on the model: building leaves the model as it was
            _note(out, anchor.marker, ctx, self.unit_eid)
        out.append(s[pos:b] if plain else _escape(s[pos:b]))


def _note(out: list[str], marker: str, ctx: Context, unit_eid: str) -> None:
    """A note where it is cited first, a reference to it where it is cited again."""
    if marker in ctx.note_ids:
        out.append(f'<sup><noteRef href="#{_escape_attribute(ctx.note_ids[marker])}" '
                   f'marker="{_escape_attribute(marker)}"></noteRef></sup>')
        return
    note = ctx.res.footnotes.get(marker)
    eid = ctx.eid(f"{unit_eid}__authorialNote_{marker}")
    ctx.note_ids[marker] = eid
    out.append(f'<sup><authorialNote marker="{_escape_attribute(marker)}" placement="bottom" '
               f'eId="{_escape_attribute(eid)}"><p>')
    if note is None:
        ctx.warnings.append(ConversionWarning(0, f"footnote marker {marker} has no footnote text"))
    else:
        _fill(out, note.text, ctx, eid)
    out.append("</p></authorialNote></sup>")


# --- metadata ------------------------------------------------------------------------

def actor(meta: Metadata) -> str:
    return ORGANS.get(meta.organ, (ACTOR_FALLBACK,))[0]


_NUMBER_SEPARATORS = re.compile(r"[\s/()]+")


def number_key(meta: Metadata) -> str:
    """The number as an IRI component: "78/228" -> "78-228", "2700 (2023)" -> "2700-2023"."""
    return _NUMBER_SEPARATORS.sub("-", meta.number).strip("-") or "0"


def work_uri(meta: Metadata) -> str:
    date = (meta.adopted or meta.issued or dt.date(1, 1, 1)).isoformat()
    return f"/akn/un/statement/deliberation/{actor(meta)}/{date}/{number_key(meta)}"


def _identification(meta: Metadata, component: str, full: bool, depth: int) -> str:
    """<identification> as markup, its start tag at ``depth`` (the Writer's pads: two spaces a
    level). Written whole rather than element by element: some forty elements of attributes
    alone, where the Writer's calls per element cost more than the markup."""
    work = work_uri(meta)
    organ_id = ORGANS.get(meta.organ, ("", "generalAssembly"))[1]
    adopted = (meta.adopted or meta.issued or dt.date(1, 1, 1)).isoformat()
    published = (meta.issued or meta.adopted or dt.date(1, 1, 1)).isoformat()
    q = _escape_attribute
    pad, frbr, item = _PADS[depth], _PADS[depth + 1], _PADS[depth + 2]
    author = f'{item}<FRBRauthor href="{q(f"#{organ_id}")}" as="#author"></FRBRauthor>'
    out = [f'{pad}<identification source="#{CONVERTER_ID}">{frbr}<FRBRWork>',
           f'{item}<FRBRthis value="{q(f"{work}/!{component}")}"></FRBRthis>',
           f'{item}<FRBRuri value="{q(work)}"></FRBRuri>']
    if full and meta.symbol:
        out.append(f'{item}<FRBRalias value="{q(meta.symbol)}" name="symbol"></FRBRalias>')
    out += (f'{item}<FRBRdate date="{q(adopted)}" name="adoption"></FRBRdate>', author,
            f'{item}<FRBRcountry value="un"></FRBRcountry>')
    if full:
        out += (f'{item}<FRBRsubtype value="deliberation"></FRBRsubtype>',
                f'{item}<FRBRnumber value="{q(number_key(meta))}" showAs="{q(meta.number or "")}"></FRBRnumber>')
        if meta.title:
            out.append(f'{item}<FRBRname value="{q(meta.title)}"></FRBRname>')
    out += (f'{frbr}</FRBRWork>{frbr}<FRBRExpression>',
            f'{item}<FRBRthis value="{q(f"{work}/deu@/!{component}")}"></FRBRthis>',
            f'{item}<FRBRuri value="{q(f"{work}/deu@")}"></FRBRuri>',
            f'{item}<FRBRdate date="{q(published)}" name="publication"></FRBRdate>', author,
            f'{item}<FRBRlanguage language="deu"></FRBRlanguage>',
            f'{frbr}</FRBRExpression>{frbr}<FRBRManifestation>',
            f'{item}<FRBRthis value="{q(f"{work}/deu@/!{component}.xml")}"></FRBRthis>',
            f'{item}<FRBRuri value="{q(f"{work}/deu@.xml")}"></FRBRuri>',
            # the markup date is the publication date: the same input must give the same bytes
            f'{item}<FRBRdate date="{q(published)}" name="markup"></FRBRdate>',
            f'{item}<FRBRauthor href="#{CONVERTER_ID}" as="#editor"></FRBRauthor>')
    if full:
        out.append(f'{item}<FRBRformat value="application/akn+xml"></FRBRformat>')
    out.append(f'{frbr}</FRBRManifestation>{pad}</identification>')
    return "".join(out)


_CONCEPTS = (("symbol", "Dokumentsymbol"), ("adoptionDate", "Datum der Verabschiedung"),
             ("publicationDate", "Datum der Herausgabe"), ("preamble", "Präambel"),
             ("operative", "operativer Absatz"), ("resolutionTitle", "Titel der Resolution"))


def _tlc(item: str, tag: str, eid: str, href: str, show_as: str) -> str:
    """A TLC element of <references> as markup, after the pad ``item``."""
    q = _escape_attribute
    return f'{item}<{tag} eId="{q(eid)}" href="{q(href)}" showAs="{q(show_as)}"></{tag}>'


@functools.lru_cache(maxsize=None)
def _fixed_references(depth: int) -> tuple[str, str]:
    """The TLC elements every resolution's <references> has, as markup at ``depth`` (as
    ``_references``): those after the organ, and the concepts. The same for every document, so
    written once (a dozen escapes of constant values each time cost more than all the rest)."""
    item = _PADS[depth + 1]
    after_organ = "".join([
        _tlc(item, "TLCOrganization", "unitedNations", "/akn/ontology/organization/un", "Vereinte Nationen"),
        _tlc(item, "TLCOrganization", CONVERTER_ID, "/akn/ontology/organization/akn-converter", "akn-converter"),
        _tlc(item, "TLCRole", "author", "/akn/ontology/role/un/author", "Autor"),
        _tlc(item, "TLCRole", "editor", "/akn/ontology/role/un/editor", "Markup"),
        _tlc(item, "TLCEvent", "adoption", "/akn/ontology/event/un/adoption", "Verabschiedung")])
    concepts = "".join([_tlc(item, "TLCConcept", eid, f"/akn/ontology/concept/un/{eid}", showas)
                        for eid, showas in _CONCEPTS])
    return after_organ, concepts


def _references(meta: Metadata, depth: int) -> str:
    """<references> as markup, its start tag at ``depth`` (as ``_identification``)."""
    organ_actor, organ_id, organ_href = ORGANS.get(meta.organ, ("unga", "generalAssembly", "/akn/ontology/organization/un/un-ga"))
    item = _PADS[depth + 1]
    after_organ, concepts = _fixed_references(depth)
    out = [f'{_PADS[depth]}<references source="#{CONVERTER_ID}">',
           _tlc(item, "TLCOrganization", organ_id, organ_href, meta.organ or "Generalversammlung"),
           after_organ]
    if meta.meeting:
        out.append(_tlc(item, "TLCEvent", "meeting", f"/akn/ontology/event/un/{organ_actor}/meeting/{meta.meeting}",
                        f"{meta.meeting}. Sitzung"))
    out.append(concepts)
    if meta.session:
        out.append(_tlc(item, "TLCConcept", "session", f"/akn/ontology/concept/un/{organ_actor}/session/{meta.session}",
                        f"{meta.session}. Tagung"))
    out.append(f"{_PADS[depth]}</references>")
    return "".join(out)


def _meta(w: Writer, meta: Metadata, component: str, full: bool) -> None:
    """<meta>: identification, and for the resolution itself (``full``) the references."""
    w.start("meta")
    depth = w.child_depth()  # meta is structural and indented: never None
    out = w.markup()
    out.append(_identification(meta, component, full, depth))
    if full:
        out.append(_references(meta, depth))
    w.end()


# --- cover page and preface: one function per kind of line, writing inside its <p> -----

CoverRule = Callable[[Writer, CoverLine, Context, str], None]
ADOPTION_DATE = ' refersTo="#adoptionDate"'


def _wrapped(w: Writer, tag: str, attrs: str, text: Text, ctx: Context, eid: str,
             date_tag: str = "date", date_attrs: str = "") -> None:
    """A Text inside one element: <tag>text</tag>."""
    out = w.text_element(tag, attrs)
    _fill(out, text, ctx, eid, date_tag, date_attrs)
    out.append(f"</{tag}>")


def _cover_wrap(tag: str, **attributes: str) -> CoverRule:
    attrs = _attrs(attributes)

    def render(w, line, ctx, eid):
        _wrapped(w, tag, attrs, line.text, ctx, eid, date_tag="docDate")
    return render


def _cover_organ(w, line, ctx, eid):
    refers = "#" + ORGANS.get(line.text.text, ("", "generalAssembly"))[1]
    _wrapped(w, "docAuthority", _attrs({"refersTo": refers}), line.text, ctx, eid)


def _cover_date(w, line, ctx, eid):
    w.element("docDate", line.text.text, f' date="{_escape_attribute(line.value)}" refersTo="#publicationDate"')


def _cover_session(w, line, ctx, eid):
    _wrapped(w, "session", _attrs({"value": line.value, "refersTo": "#session"}), line.text, ctx, eid)


def _cover_adoption(w, line, ctx, eid):
    _wrapped(w, "docTitle", "", line.text, ctx, eid, date_tag="docDate", date_attrs=ADOPTION_DATE)


def _preface_title(w, line, ctx, eid):
    text = line.text
    m = re.match(r"\s*\S+\.", text.text)
    cut = m.end() if m else 0
    number, title = _split(text, cut)
    _wrapped(w, "docNumber", "", number, ctx, eid)
    w.text(" ")
    _wrapped(w, "docTitle", ' refersTo="#resolutionTitle"', title, ctx, eid)


def _preface_number(w, line, ctx, eid):
    text = line.text
    m = re.match(r"\s*(Resolution)\s+", text.text)
    if not m:
        _wrapped(w, "docNumber", "", text, ctx, eid)
        return
    doc_type, rest = _split(text, m.end(1))
    _wrapped(w, "docType", "", doc_type, ctx, eid)
    w.text(" ")
    _wrapped(w, "docNumber", "", _split(rest, len(rest.text) - len(rest.text.lstrip()))[1], ctx, eid)


def _preface_meeting(w, line, ctx, eid):
    fill(w, line.text, ctx, eid, date_tag="docDate", date_attrs=ADOPTION_DATE)


def _split(text: Text, cut: int) -> tuple[Text, Text]:
    """Two Texts from one, at a character offset; marks and notes go with their characters."""
    left = Text(text.text[:cut], text.line)
    right = Text(text.text[cut:], text.line)
    for m in text.marks:
        if m.end <= cut:
            left.marks.append(m)
        elif m.start >= cut:
            right.marks.append(type(m)(m.start - cut, m.end - cut, m.kind, m.value))
    for a in text.notes:
        (left.notes if a.offset <= cut else right.notes).append(
            a if a.offset <= cut else type(a)(a.offset - cut, a.marker))
    lead = len(right.text) - len(right.text.lstrip())
    if lead:
        right.text = right.text[lead:]
        for m in right.marks:
            m.start, m.end = max(0, m.start - lead), max(0, m.end - lead)
        for a in right.notes:
            a.offset = max(0, a.offset - lead)
    return left, right


COVER_RULES: dict[str, CoverRule] = {
    "publisher": _cover_wrap("docAuthority", refersTo="#unitedNations"),
    "organ": _cover_organ,
    "symbol": _cover_wrap("docNumber", refersTo="#symbol"),
    "status": _cover_wrap("docStatus"),
    "issued": _cover_date,
    "session": _cover_session,
    "agendaItem": _cover_wrap("inline", name="agendaItem"),
    "agendaItemTitle": _cover_wrap("inline", name="agendaItemTitle"),
    "sessionPeriod": _cover_wrap("inline", name="sessionPeriod"),
    "adoption": _cover_adoption,
    "proponent": _cover_wrap("docProponent"),
    "title": _preface_title,
    "number": _preface_number,
    "adoptionMeeting": _preface_meeting,
    "text": lambda w, line, ctx, eid: fill(w, line.text, ctx, eid),
}


def _lines(w: Writer, tag: str, lines: list[CoverLine], name: str, eid: str, ctx: Context) -> None:
    w.start(tag)
    eid = ctx.eid(eid)
    w.start("container", f' name="{name}" eId="{eid}"')
    for line in lines:
        w.start("p")
        COVER_RULES[line.kind](w, line, ctx, eid)
        w.end()
    w.end()
    w.end()


# --- preamble, body, items -----------------------------------------------------------

def _preamble(w: Writer, res: Resolution, ctx: Context) -> None:
    w.start("preamble")
    if res.formula is not None:
        eid = ctx.eid("preamble__formula_1")
        w.start("formula", f' name="enactingFormula" eId="{eid}"')
        _wrapped(w, "p", "", res.formula, ctx, eid)
        w.end()
    for n, para in enumerate(res.preamble, 1):
        _preambular_paragraph(w, para, n, ctx)
    w.end()


def _leaf(w: Writer, tag: str, attrs: str, num: str | None, text: Text, ctx: Context, eid: str,
          content: bool) -> bool:
    """<tag><num>num</num><content><p>text</p></content></tag> (without <content> unless
    ``content``, without <num> when num is None), indented as start, element, text_element and
    end indent it, written at once: most paragraphs and items are such a leaf, and the calls per
    element cost more than the markup. False (nothing written) where the Writer would not indent."""
    depth = w.child_depth()
    if depth is None:
        return False
    pad, inner = _PADS[depth], _PADS[depth + 1]
    head = f"{pad}<{tag}{attrs}>"
    if num is not None:
        head += f"{inner}<num>{_escape(num) if num else ''}</num>"
    if content:
        head += f"{inner}<content>{_PADS[depth + 2]}<p>"
        tail = f"</p>{inner}</content>{pad}</{tag}>"
    else:
        head += f"{inner}<p>"
        tail = f"</p>{pad}</{tag}>"
    out = w.markup()
    out.append(head)
    _fill(out, text, ctx, eid)
    out.append(tail)
    return True


def _preambular_paragraph(w: Writer, para: PreambularParagraph, n: int, ctx: Context) -> None:
    eid = ctx.eid(f"preamble__container_{n}")
    name = _escape_attribute(para.key_phrase) if para.key_phrase else "preambularParagraph"
    attrs = f' name="{name}" eId="{eid}" refersTo="#preamble"'
    if not para.items and _leaf(w, "container", attrs, None, para.text, ctx, eid, content=False):
        return
    w.start("container", attrs)
    if para.items:
        _block_list(w, para.text, para.items, f"{eid}__list_1", ctx)
    else:
        _wrapped(w, "p", "", para.text, ctx, eid)
    w.end()


def _block_list(w: Writer, intro: Text, items: list[Item], eid: str, ctx: Context) -> None:
    """Items where the schema allows only blocks (a preambular container): blockList/item."""
    w.start("blockList", f' eId="{ctx.eid(eid)}"')
    if _has_content(intro):
        _wrapped(w, "listIntroduction", "", intro, ctx, eid)
    for item in items:
        ieid = ctx.eid(f"{eid}__item_{_num_id(item.num)}")
        if not item.items and _leaf(w, "item", f' eId="{ieid}"', item.num or "", item.text, ctx, ieid, content=False):
            continue
        w.start("item", f' eId="{ieid}"')
        w.element("num", item.num)
        if item.items:
            _block_list(w, item.text, item.items, f"{ieid}__list_1", ctx)
        else:
            _wrapped(w, "p", "", item.text, ctx, ieid)
        w.end()
    w.end()


def _has_content(text: Text) -> bool:
    return bool(text.text or text.notes)


_NOT_ID = re.compile(r"[^\w-]")


def _num_id(num: str | None) -> str:
    """A num as an eId component: its word characters and hyphens. A num of letters and digits
    alone (most: "12", "a") is that already: str.isalnum's letters and digits are what \\w
    takes besides "_" (both Py_UNICODE_ISALNUM)."""
    if num and num.isalnum():
        return num
    if num and num[-1] in ".)" and num[:-1].isalnum():
        return num[:-1]  # "12.", "a)": the stop or bracket is all the pattern takes out
    return _NOT_ID.sub("", num or "") or "x"


def _content(w: Writer, text: Text, ctx: Context, eid: str) -> None:
    """<content><p>text</p></content>"""
    w.start("content")
    _wrapped(w, "p", "", text, ctx, eid)
    w.end()


def _paragraph(w: Writer, para: OperativeParagraph, ctx: Context, prefix: str, position: int, operative: bool) -> None:
    wanted = f"{prefix}para_{_num_id(para.num)}" if para.num else f"{prefix}para_{position}"
    eid = ctx.eid(wanted)
    attrs = f' eId="{eid}" refersTo="#operative"' if operative else f' eId="{eid}"'
    if not para.items and _leaf(w, "paragraph", attrs, para.num or None, para.text, ctx, eid, content=True):
        return
    w.start("paragraph", attrs)
    if para.num:
        w.element("num", para.num)
    if para.items:
        _list(w, para.text, para.items, f"{eid}__list_1", ctx)
    else:
        _content(w, para.text, ctx, eid)
    w.end()


def _list(w: Writer, intro: Text, items: list[Item], eid: str, ctx: Context) -> None:
    w.start("list", f' eId="{ctx.eid(eid)}"')
    if _has_content(intro):
        ieid = ctx.eid(f"{eid}__intro")
        w.start("intro", f' eId="{ieid}"')
        _wrapped(w, "p", "", intro, ctx, ieid)
        w.end()
    for item in items:
        peid = ctx.eid(f"{eid}__point_{_num_id(item.num)}")
        if not item.items and _leaf(w, "point", f' eId="{peid}"', item.num or "", item.text, ctx, peid, content=True):
            continue
        w.start("point", f' eId="{peid}"')
        w.element("num", item.num)
        if item.items:
            _list(w, item.text, item.items, f"{peid}__list_1", ctx)
        else:
            _content(w, item.text, ctx, peid)
        w.end()
    w.end()


def _body(w: Writer, parts: list[BodyPart], ctx: Context, prefix: str, operative: bool) -> None:
    w.start("mainBody")
    position = 0
    sections = 0
    for part in parts:
        if isinstance(part, Section):
            sections += 1
            sid = ctx.eid(f"{prefix}sec_{_num_id(part.num) if part.num else sections}")
            w.start("section", f' eId="{sid}"')
            if part.num:
                w.element("num", part.num)
            _wrapped(w, "heading", "", part.heading, ctx, sid)
            if not part.paragraphs:
                # a heading with nothing under it: the schema needs content
                w.start("content")
                w.element("p")
                w.end()
            for para in part.paragraphs:
                position += 1
                _paragraph(w, para, ctx, prefix, position, operative)
            w.end()
        else:
            position += 1
            _paragraph(w, part, ctx, prefix, position, operative)
    if not parts:
        w.start("paragraph", f' eId="{ctx.eid(f"{prefix}para_1")}"')
        w.start("content")
        w.element("p")
        w.end()
        w.end()
    w.end()


def _conclusions(w: Writer, res: Resolution, ctx: Context) -> None:
    c = res.conclusions
    if c is None:
        return
    w.start("conclusions")
    eid = ctx.eid("conclusions__container_1")
    w.start("container", f' name="conclusion" eId="{eid}"')
    w.start("p")
    if c.meeting is not None and _has_content(c.meeting):
        w.start("event", ' refersTo="#adoption"')
        _wrapped(w, "location", ' refersTo="#meeting"', c.meeting, ctx, eid)
        w.end()
    if c.date_text is not None:
        w.element("eol")
        if c.date:
            _wrapped(w, "docDate", f' date="{c.date.isoformat()}" refersTo="#adoptionDate"', c.date_text, ctx, eid)
        else:
            fill(w, c.date_text, ctx, eid)
    w.end()
    for remark in c.remarks:
        _wrapped(w, "p", "", remark, ctx, eid)
    w.end()
    w.end()


def _annex(w: Writer, annex: Annex, n: int, res: Resolution, ctx: Context) -> None:
    att_id = ctx.eid(f"att_{n}")
    w.start("attachment", f' eId="{att_id}"')
    w.start("doc", ' name="annex"')
    _meta(w, res.metadata, f"annex_{n}", full=False)
    w.start("preface")
    heading = ctx.eid(f"{att_id}__preface__container_1")
    w.start("container", f' name="annexHeading" eId="{heading}"')
    w.start("p")
    _wrapped(w, "docType", "", annex.label, ctx, heading)
    w.end()
    if annex.title is not None:
        w.start("p")
        _wrapped(w, "docTitle", "", annex.title, ctx, heading)
        w.end()
    w.end()
    w.end()
    if annex.intro:
        w.start("preamble")
        for k, text in enumerate(annex.intro, 1):
            cid = ctx.eid(f"{att_id}__preamble__container_{k}")
            w.start("container", f' name="introduction" eId="{cid}"')
            _wrapped(w, "p", "", text, ctx, cid)
            w.end()
        w.end()
    _body(w, annex.body, ctx, f"{att_id}__", operative=False)
    w.end()
    w.end()


def build(res: Resolution) -> tuple[etree._ElementTree, list[ConversionWarning]]:
    """The Akoma Ntoso document for a resolution, and what building noticed."""
    ctx = Context(res)
    w = Writer()
    w.start("akomaNtoso", f' xmlns="{AKN_NS}"')
    w.start("statement", ' name="resolution" contains="originalVersion"')
    _meta(w, res.metadata, "main", full=True)
    if res.cover:
        _lines(w, "coverPage", res.cover, "masthead", "coverPage__container_1", ctx)
    if res.preface:
        _lines(w, "preface", res.preface, "title", "preface__container_1", ctx)
    if res.formula is not None or res.preamble:
        _preamble(w, res, ctx)
    _body(w, res.body, ctx, "", operative=True)
    _conclusions(w, res, ctx)
    if res.annexes:
        w.start("attachments")
        for n, annex in enumerate(res.annexes, 1):
            _annex(w, annex, n, res, ctx)
        w.end()
    w.end()
    w.end()
    unplaced = [m for m in res.footnotes if m not in ctx.note_ids]
    for m in unplaced:
        ctx.warnings.append(ConversionWarning(res.footnotes[m].text.line, f"footnote {m} has no marker in the text"))
    return w.tree(), ctx.warnings
