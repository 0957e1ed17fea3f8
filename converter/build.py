"""Stage 5, build: the resolution model -> an Akoma Ntoso 3.0 tree (AKN4UN conventions).

eIds follow the Akoma Ntoso naming convention: ``{type}_{num}`` joined by ``__`` to the
parent's eId (``preamble__container_3``, ``para_12__list_1__point_a``). Operative paragraphs
are numbered once through a resolution, so their eId is ``para_N`` also inside a section;
an annex prefixes all of its eIds with ``att_N__``. A footnote's eId is its unit's eId plus
``__authorialNote_{marker}``; a later citation of the same note is a ``noteRef`` to it.
"""
from __future__ import annotations

import datetime as dt
import functools
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
    would turn them into spaces)."""
    return _ATTRIBUTE_SPECIAL.sub(lambda m: _REFERENCES[m.group()], s) if _ATTRIBUTE_SPECIAL.search(s) else s


@functools.lru_cache(maxsize=None)
def _pad(level: int) -> str:
    return "\n" + "  " * level


class Writer:
    """Akoma Ntoso markup written as text, pretty-printed as it goes, and parsed once by libxml2.

    Creating ~600 elements one by one through lxml costs 2 µs each, twice what writing the
    markup and parsing it costs; the tree that results is the same. Structure is indented two
    spaces a level; inside a text-bearing element (``TEXT_ELEMENTS``) nothing is added."""

    def __init__(self) -> None:
        self._out: list[str] = []
        self._open: list[list] = []  # [tag, indented, has children] per open element

    def start(self, tag: str, attrs: dict[str, str] | None = None) -> None:
        out, open_ = self._out, self._open
        if not open_:
            indented = True
        elif open_[-1][1]:
            out.append(_pad(len(open_)))
            open_[-1][2] = True
            indented = tag not in TEXT_ELEMENTS
        else:
            indented = False
        if attrs:
            out.append(f"<{tag}" + "".join([f' {k}="{_escape_attribute(v)}"' for k, v in attrs.items()]) + ">")
        else:
            out.append(f"<{tag}>")
        open_.append([tag, indented, False])

    def end(self) -> None:
        tag, indented, has_children = self._open.pop()
        if indented and has_children:
            self._out.append(_pad(len(self._open)))
        self._out.append(f"</{tag}>")

    def element(self, tag: str, text: str | None = None, attrs: dict[str, str] | None = None) -> None:
        """An element with at most text in it."""
        self.start(tag, attrs)
        self.text(text)
        self.end()

    def text(self, s: str | None) -> None:
        if s:
            top = self._open[-1]
            if top[1] and not top[2] and s.strip():
                top[1] = False  # text in a structural element: leave it as written
            self._out.append(_escape(s))

    def tree(self) -> etree._ElementTree:
        if self._open:
            raise ValueError(f"unclosed element {self._open[-1][0]}")
        # our own markup: no entities, no network; huge_tree lifts libxml2's limits on text size
        # and depth, which a 20 MB resolution of one paragraph would reach
        parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
        return etree.fromstring("".join(self._out).encode("utf-8"), parser).getroottree()


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

@dataclass
class _Node:
    start: int
    end: int
    tag: str
    attrs: dict[str, str]
    children: list["_Node"] = field(default_factory=list)


def fill(w: Writer, text: Text, ctx: Context, unit_eid: str, date_tag: str = "date",
         date_attrs: dict[str, str] | None = None) -> None:
    """Write a Text into the open element: its string, its marks as inline elements, its notes in
    place. ``date_attrs`` go on each date element after its date (``refersTo`` in the preface)."""
    if not text.marks and not text.notes:
        w.text(text.text)  # most footnotes and items: no marks, nothing to nest
        return
    if not text.notes and _flat(text.marks):
        _write_flat(w, text, date_tag, date_attrs)  # most paragraphs: a key phrase, refs, dates side by side
        return
    roots: list[_Node] = []
    stack: list[_Node] = []
    for m in sorted(text.marks, key=lambda m: (m.start, -m.end)):
        while stack and stack[-1].end <= m.start:
            stack.pop()
        if stack and m.end > stack[-1].end:
            continue  # overlaps a mark it does not nest in: the first one wins
        tag = date_tag if m.kind == "date" else MARK_TAGS[m.kind]
        attrs = {MARK_ATTRIBUTE[m.kind]: m.value} if m.kind in MARK_ATTRIBUTE else {}
        if m.kind == "date" and date_attrs:
            attrs.update(date_attrs)
        node = _Node(m.start, m.end, tag, attrs)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    anchors = sorted(text.notes, key=lambda a: a.offset)
    _emit(w, text.text, 0, len(text.text), roots, anchors, ctx, unit_eid, top=True)


def _flat(marks: list[Mark]) -> bool:
    """Do the marks follow one another without overlapping, in order?"""
    end = 0
    for m in marks:
        if m.start < end:
            return False
        end = m.end
    return True


def _write_flat(w: Writer, text: Text, date_tag: str, date_attrs: dict[str, str] | None) -> None:
    """``fill`` for marks side by side and no notes: what the general walk writes, without it."""
    s = text.text
    pos = 0
    for m in text.marks:
        w.text(s[pos:m.start])
        if m.kind == "date":
            attrs = {"date": m.value, **date_attrs} if date_attrs else {"date": m.value}
            w.start(date_tag, attrs)
        elif m.kind in MARK_ATTRIBUTE:
            w.start(MARK_TAGS[m.kind], {MARK_ATTRIBUTE[m.kind]: m.value})
        else:
            w.start(MARK_TAGS[m.kind])
        w.text(s[m.start:m.end])
        w.end()
        pos = m.end
    w.text(s[pos:])


def _emit(w, s, start, end, nodes, anchors, ctx, unit_eid, top):
    pos = start
    for node in nodes:
        _text_with_notes(w, s, pos, node.start, anchors, ctx, unit_eid, inclusive=top)
        w.start(node.tag, node.attrs)
        _emit(w, s, node.start, node.end, node.children, anchors, ctx, unit_eid, top=False)
        w.end()
        pos = node.end
    _text_with_notes(w, s, pos, end, anchors, ctx, unit_eid, inclusive=top)


def _text_with_notes(w, s, a, b, anchors, ctx, unit_eid, inclusive):
    pos = a
    for anchor in anchors:
        o = anchor.offset
        inside = (a <= o <= b) if inclusive else (a < o < b)
        if not inside or id(anchor) in ctx.placed:
            continue
        w.text(s[pos:o])
        pos = o
        ctx.placed[id(anchor)] = anchor  # kept here, not on the model: building leaves the model as it was
        _note(w, anchor.marker, ctx, unit_eid)
    w.text(s[pos:b])


def _note(w: Writer, marker: str, ctx: Context, unit_eid: str) -> None:
    w.start("sup")
    if marker in ctx.note_ids:
        w.element("noteRef", attrs={"href": f"#{ctx.note_ids[marker]}", "marker": marker})
        w.end()
        return
    note = ctx.res.footnotes.get(marker)
    eid = ctx.eid(f"{unit_eid}__authorialNote_{marker}")
    ctx.note_ids[marker] = eid
    w.start("authorialNote", {"marker": marker, "placement": "bottom", "eId": eid})
    w.start("p")
    if note is None:
        ctx.warnings.append(ConversionWarning(0, f"footnote marker {marker} has no footnote text"))
    else:
        fill(w, note.text, ctx, eid)
    w.end()
    w.end()
    w.end()


# --- metadata ------------------------------------------------------------------------

def actor(meta: Metadata) -> str:
    return ORGANS.get(meta.organ, (ACTOR_FALLBACK,))[0]


def number_key(meta: Metadata) -> str:
    """The number as an IRI component: "78/228" -> "78-228", "2700 (2023)" -> "2700-2023"."""
    return re.sub(r"[\s/()]+", "-", meta.number).strip("-") or "0"


def work_uri(meta: Metadata) -> str:
    date = (meta.adopted or meta.issued or dt.date(1, 1, 1)).isoformat()
    return f"/akn/un/statement/deliberation/{actor(meta)}/{date}/{number_key(meta)}"


def _identification(w: Writer, meta: Metadata, component: str, full: bool) -> None:
    work = work_uri(meta)
    organ_id = ORGANS.get(meta.organ, ("", "generalAssembly"))[1]
    adopted = (meta.adopted or meta.issued or dt.date(1, 1, 1)).isoformat()
    published = (meta.issued or meta.adopted or dt.date(1, 1, 1)).isoformat()
    e = w.element
    w.start("identification", {"source": f"#{CONVERTER_ID}"})
    w.start("FRBRWork")
    e("FRBRthis", attrs={"value": f"{work}/!{component}"})
    e("FRBRuri", attrs={"value": work})
    if full and meta.symbol:
        e("FRBRalias", attrs={"value": meta.symbol, "name": "symbol"})
    e("FRBRdate", attrs={"date": adopted, "name": "adoption"})
    e("FRBRauthor", attrs={"href": f"#{organ_id}", "as": "#author"})
    e("FRBRcountry", attrs={"value": "un"})
    if full:
        e("FRBRsubtype", attrs={"value": "deliberation"})
        e("FRBRnumber", attrs={"value": number_key(meta), "showAs": meta.number or ""})
        if meta.title:
            e("FRBRname", attrs={"value": meta.title})
    w.end()
    w.start("FRBRExpression")
    e("FRBRthis", attrs={"value": f"{work}/deu@/!{component}"})
    e("FRBRuri", attrs={"value": f"{work}/deu@"})
    e("FRBRdate", attrs={"date": published, "name": "publication"})
    e("FRBRauthor", attrs={"href": f"#{organ_id}", "as": "#author"})
    e("FRBRlanguage", attrs={"language": "deu"})
    w.end()
    w.start("FRBRManifestation")
    e("FRBRthis", attrs={"value": f"{work}/deu@/!{component}.xml"})
    e("FRBRuri", attrs={"value": f"{work}/deu@.xml"})
    # the markup date is the publication date: the same input must give the same bytes
    e("FRBRdate", attrs={"date": published, "name": "markup"})
    e("FRBRauthor", attrs={"href": f"#{CONVERTER_ID}", "as": "#editor"})
    if full:
        e("FRBRformat", attrs={"value": "application/akn+xml"})
    w.end()
    w.end()


def _meta(w: Writer, res: Resolution) -> None:
    meta = res.metadata
    w.start("meta")
    _identification(w, meta, "main", full=True)
    w.start("references", {"source": f"#{CONVERTER_ID}"})
    organ_actor, organ_id, organ_href = ORGANS.get(meta.organ, ("unga", "generalAssembly", "/akn/ontology/organization/un/un-ga"))

    def tlc(tag: str, eid: str, href: str, show_as: str) -> None:
        w.element(tag, attrs={"eId": eid, "href": href, "showAs": show_as})

    tlc("TLCOrganization", organ_id, organ_href, meta.organ or "Generalversammlung")
    tlc("TLCOrganization", "unitedNations", "/akn/ontology/organization/un", "Vereinte Nationen")
    tlc("TLCOrganization", CONVERTER_ID, "/akn/ontology/organization/akn-converter", "akn-converter")
    tlc("TLCRole", "author", "/akn/ontology/role/un/author", "Autor")
    tlc("TLCRole", "editor", "/akn/ontology/role/un/editor", "Markup")
    tlc("TLCEvent", "adoption", "/akn/ontology/event/un/adoption", "Verabschiedung")
    if meta.meeting:
        tlc("TLCEvent", "meeting", f"/akn/ontology/event/un/{organ_actor}/meeting/{meta.meeting}",
            f"{meta.meeting}. Sitzung")
    for eid, showas in (("symbol", "Dokumentsymbol"), ("adoptionDate", "Datum der Verabschiedung"),
                        ("publicationDate", "Datum der Herausgabe"), ("preamble", "Präambel"),
                        ("operative", "operativer Absatz"), ("resolutionTitle", "Titel der Resolution")):
        tlc("TLCConcept", eid, f"/akn/ontology/concept/un/{eid}", showas)
    if meta.session:
        tlc("TLCConcept", "session", f"/akn/ontology/concept/un/{organ_actor}/session/{meta.session}",
            f"{meta.session}. Tagung")
    w.end()
    w.end()


# --- cover page and preface: one function per kind of line, writing inside its <p> -----

CoverRule = Callable[[Writer, CoverLine, Context, str], None]
ADOPTION_DATE = {"refersTo": "#adoptionDate"}


def _wrapped(w: Writer, tag: str, attrs: dict[str, str] | None, text: Text, ctx: Context, eid: str,
             date_tag: str = "date", date_attrs: dict[str, str] | None = None) -> None:
    """A Text inside one element: <tag>text</tag>."""
    w.start(tag, attrs)
    fill(w, text, ctx, eid, date_tag, date_attrs)
    w.end()


def _cover_wrap(tag: str, **attrs: str) -> CoverRule:
    def render(w, line, ctx, eid):
        _wrapped(w, tag, attrs, line.text, ctx, eid, date_tag="docDate")
    return render


def _cover_organ(w, line, ctx, eid):
    refers = "#" + ORGANS.get(line.text.text, ("", "generalAssembly"))[1]
    _wrapped(w, "docAuthority", {"refersTo": refers}, line.text, ctx, eid)


def _cover_date(w, line, ctx, eid):
    w.element("docDate", line.text.text, {"date": line.value, "refersTo": "#publicationDate"})


def _cover_session(w, line, ctx, eid):
    _wrapped(w, "session", {"value": line.value, "refersTo": "#session"}, line.text, ctx, eid)


def _cover_adoption(w, line, ctx, eid):
    _wrapped(w, "docTitle", None, line.text, ctx, eid, date_tag="docDate", date_attrs=ADOPTION_DATE)


def _preface_title(w, line, ctx, eid):
    text = line.text
    m = re.match(r"\s*\S+\.", text.text)
    cut = m.end() if m else 0
    number, title = _split(text, cut)
    _wrapped(w, "docNumber", None, number, ctx, eid)
    w.text(" ")
    _wrapped(w, "docTitle", {"refersTo": "#resolutionTitle"}, title, ctx, eid)


def _preface_number(w, line, ctx, eid):
    text = line.text
    m = re.match(r"\s*(Resolution)\s+", text.text)
    if not m:
        _wrapped(w, "docNumber", None, text, ctx, eid)
        return
    doc_type, rest = _split(text, m.end(1))
    _wrapped(w, "docType", None, doc_type, ctx, eid)
    w.text(" ")
    _wrapped(w, "docNumber", None, _split(rest, len(rest.text) - len(rest.text.lstrip()))[1], ctx, eid)


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
    w.start("container", {"name": name, "eId": eid})
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
        w.start("formula", {"name": "enactingFormula", "eId": eid})
        _wrapped(w, "p", None, res.formula, ctx, eid)
        w.end()
    for n, para in enumerate(res.preamble, 1):
        _preambular_paragraph(w, para, n, ctx)
    w.end()


def _preambular_paragraph(w: Writer, para: PreambularParagraph, n: int, ctx: Context) -> None:
    eid = ctx.eid(f"preamble__container_{n}")
    w.start("container", {"name": para.key_phrase or "preambularParagraph", "eId": eid, "refersTo": "#preamble"})
    if para.items:
        _block_list(w, para.text, para.items, f"{eid}__list_1", ctx)
    else:
        _wrapped(w, "p", None, para.text, ctx, eid)
    w.end()


def _block_list(w: Writer, intro: Text, items: list[Item], eid: str, ctx: Context) -> None:
    """Items where the schema allows only blocks (a preambular container): blockList/item."""
    w.start("blockList", {"eId": ctx.eid(eid)})
    if _has_content(intro):
        _wrapped(w, "listIntroduction", None, intro, ctx, eid)
    for item in items:
        ieid = ctx.eid(f"{eid}__item_{_num_id(item.num)}")
        w.start("item", {"eId": ieid})
        w.element("num", item.num)
        if item.items:
            _block_list(w, item.text, item.items, f"{ieid}__list_1", ctx)
        else:
            _wrapped(w, "p", None, item.text, ctx, ieid)
        w.end()
    w.end()


def _has_content(text: Text) -> bool:
    return bool(text.text or text.notes)


def _num_id(num: str | None) -> str:
    return re.sub(r"[^\w-]", "", num or "") or "x"


def _content(w: Writer, text: Text, ctx: Context, eid: str) -> None:
    """<content><p>text</p></content>"""
    w.start("content")
    _wrapped(w, "p", None, text, ctx, eid)
    w.end()


def _paragraph(w: Writer, para: OperativeParagraph, ctx: Context, prefix: str, position: int, operative: bool) -> None:
    wanted = f"{prefix}para_{_num_id(para.num)}" if para.num else f"{prefix}para_{position}"
    eid = ctx.eid(wanted)
    attrs = {"eId": eid}
    if operative:
        attrs["refersTo"] = "#operative"
    w.start("paragraph", attrs)
    if para.num:
        w.element("num", para.num)
    if para.items:
        _list(w, para.text, para.items, f"{eid}__list_1", ctx)
    else:
        _content(w, para.text, ctx, eid)
    w.end()


def _list(w: Writer, intro: Text, items: list[Item], eid: str, ctx: Context) -> None:
    w.start("list", {"eId": ctx.eid(eid)})
    if _has_content(intro):
        ieid = ctx.eid(f"{eid}__intro")
        w.start("intro", {"eId": ieid})
        _wrapped(w, "p", None, intro, ctx, ieid)
        w.end()
    for item in items:
        peid = ctx.eid(f"{eid}__point_{_num_id(item.num)}")
        w.start("point", {"eId": peid})
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
            w.start("section", {"eId": sid})
            if part.num:
                w.element("num", part.num)
            _wrapped(w, "heading", None, part.heading, ctx, sid)
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
        w.start("paragraph", {"eId": ctx.eid(f"{prefix}para_1")})
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
    w.start("container", {"name": "conclusion", "eId": eid})
    w.start("p")
    if c.meeting is not None and _has_content(c.meeting):
        w.start("event", {"refersTo": "#adoption"})
        _wrapped(w, "location", {"refersTo": "#meeting"}, c.meeting, ctx, eid)
        w.end()
    if c.date_text is not None:
        w.element("eol")
        if c.date:
            _wrapped(w, "docDate", {"date": c.date.isoformat(), "refersTo": "#adoptionDate"}, c.date_text, ctx, eid)
        else:
            fill(w, c.date_text, ctx, eid)
    w.end()
    for remark in c.remarks:
        _wrapped(w, "p", None, remark, ctx, eid)
    w.end()
    w.end()


def _annex(w: Writer, annex: Annex, n: int, res: Resolution, ctx: Context) -> None:
    att_id = ctx.eid(f"att_{n}")
    w.start("attachment", {"eId": att_id})
    w.start("doc", {"name": "annex"})
    w.start("meta")
    _identification(w, res.metadata, f"annex_{n}", full=False)
    w.end()
    w.start("preface")
    heading = ctx.eid(f"{att_id}__preface__container_1")
    w.start("container", {"name": "annexHeading", "eId": heading})
    w.start("p")
    _wrapped(w, "docType", None, annex.label, ctx, heading)
    w.end()
    if annex.title is not None:
        w.start("p")
        _wrapped(w, "docTitle", None, annex.title, ctx, heading)
        w.end()
    w.end()
    w.end()
    if annex.intro:
        w.start("preamble")
        for k, text in enumerate(annex.intro, 1):
            cid = ctx.eid(f"{att_id}__preamble__container_{k}")
            w.start("container", {"name": "introduction", "eId": cid})
            _wrapped(w, "p", None, text, ctx, cid)
            w.end()
        w.end()
    _body(w, annex.body, ctx, f"{att_id}__", operative=False)
    w.end()
    w.end()


def build(res: Resolution) -> tuple[etree._ElementTree, list[ConversionWarning]]:
    """The Akoma Ntoso document for a resolution, and what building noticed."""
    ctx = Context(res)
    w = Writer()
    w.start("akomaNtoso", {"xmlns": AKN_NS})
    w.start("statement", {"name": "resolution", "contains": "originalVersion"})
    _meta(w, res)
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
