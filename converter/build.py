"""Stage 5, build: the resolution model -> an Akoma Ntoso 3.0 tree (AKN4UN conventions).

eIds follow the Akoma Ntoso naming convention: ``{type}_{num}`` joined by ``__`` to the
parent's eId (``preamble__container_3``, ``para_12__list_1__point_a``). Operative paragraphs
are numbered once through a resolution, so their eId is ``para_N`` also inside a section;
an annex prefixes all of its eIds with ``att_N__``. A footnote's eId is its unit's eId plus
``__authorialNote_{marker}``; a later citation of the same note is a ``noteRef`` to it.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable

from lxml import etree

from .lexicon.german import ORGANS
from .model import (Annex, BodyPart, ConversionWarning, CoverLine, Item, Metadata, OperativeParagraph,
                    PreambularParagraph, Resolution, Section, Text)

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
A = f"{{{AKN_NS}}}"
NSMAP = {None: AKN_NS}
ACTOR_FALLBACK = "unga"
CONVERTER_ID = "converter"
MARK_TAGS = {"emphasis": "i", "keyphrase": "i", "verb": "i", "ref": "ref", "date": "date", "inline": "inline"}
MARK_ATTRIBUTE = {"ref": "href", "date": "date", "inline": "name"}


def E(parent: etree._Element | None, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.Element(A + tag, attrs, nsmap=NSMAP) if parent is None else etree.SubElement(parent, A + tag, attrs)
    if text:
        el.text = text
    return el


def _append_text(el: etree._Element, s: str) -> None:
    if not s:
        return
    try:
        last = el[-1]  # len(el) would count every child: quadratic in a text with thousands of refs
    except IndexError:
        el.text = (el.text or "") + s
        return
    last.tail = (last.tail or "") + s


@dataclass
class Context:
    """What building needs beyond the model: notes already placed, eIds already used."""

    res: Resolution
    note_ids: dict[str, str] = field(default_factory=dict)
    used_ids: set[str] = field(default_factory=set)
    placed: set[int] = field(default_factory=set)  # note anchors written so far, by id()
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


def fill(el: etree._Element, text: Text, ctx: Context, unit_eid: str, date_tag: str = "date") -> None:
    """Write a Text into ``el``: its string, its marks as inline elements, its notes in place."""
    roots: list[_Node] = []
    stack: list[_Node] = []
    for m in sorted(text.marks, key=lambda m: (m.start, -m.end)):
        while stack and stack[-1].end <= m.start:
            stack.pop()
        if stack and m.end > stack[-1].end:
            continue  # overlaps a mark it does not nest in: the first one wins
        tag = date_tag if m.kind == "date" else MARK_TAGS[m.kind]
        attrs = {MARK_ATTRIBUTE[m.kind]: m.value} if m.kind in MARK_ATTRIBUTE else {}
        node = _Node(m.start, m.end, tag, attrs)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    anchors = sorted(text.notes, key=lambda a: a.offset)
    _emit(el, text.text, 0, len(text.text), roots, anchors, ctx, unit_eid, top=True)


def _emit(el, s, start, end, nodes, anchors, ctx, unit_eid, top):
    pos = start
    for node in nodes:
        _text_with_notes(el, s, pos, node.start, anchors, ctx, unit_eid, inclusive=top)
        child = E(el, node.tag, **node.attrs)
        _emit(child, s, node.start, node.end, node.children, anchors, ctx, unit_eid, top=False)
        pos = node.end
    _text_with_notes(el, s, pos, end, anchors, ctx, unit_eid, inclusive=top)


def _text_with_notes(el, s, a, b, anchors, ctx, unit_eid, inclusive):
    pos = a
    for anchor in anchors:
        o = anchor.offset
        inside = (a <= o <= b) if inclusive else (a < o < b)
        if not inside or id(anchor) in ctx.placed:
            continue
        _append_text(el, s[pos:o])
        pos = o
        ctx.placed.add(id(anchor))  # kept here, not on the model: building leaves the model as it was
        _note(el, anchor.marker, ctx, unit_eid)
    _append_text(el, s[pos:b])


def _note(el: etree._Element, marker: str, ctx: Context, unit_eid: str) -> None:
    sup = E(el, "sup")
    if marker in ctx.note_ids:
        E(sup, "noteRef", href=f"#{ctx.note_ids[marker]}", marker=marker)
        return
    note = ctx.res.footnotes.get(marker)
    eid = ctx.eid(f"{unit_eid}__authorialNote_{marker}")
    ctx.note_ids[marker] = eid
    an = E(sup, "authorialNote", marker=marker, placement="bottom", eId=eid)
    p = E(an, "p")
    if note is None:
        ctx.warnings.append(ConversionWarning(0, f"footnote marker {marker} has no footnote text"))
        return
    fill(p, note.text, ctx, eid)


# --- metadata ------------------------------------------------------------------------

def actor(meta: Metadata) -> str:
    return ORGANS.get(meta.organ, (ACTOR_FALLBACK,))[0]


def number_key(meta: Metadata) -> str:
    """The number as an IRI component: "78/228" -> "78-228", "2700 (2023)" -> "2700-2023"."""
    return re.sub(r"[\s/()]+", "-", meta.number).strip("-") or "0"


def work_uri(meta: Metadata) -> str:
    date = (meta.adopted or meta.issued or dt.date(1, 1, 1)).isoformat()
    return f"/akn/un/statement/deliberation/{actor(meta)}/{date}/{number_key(meta)}"


def _identification(parent, meta: Metadata, component: str, full: bool) -> None:
    work = work_uri(meta)
    organ_id = ORGANS.get(meta.organ, ("", "generalAssembly"))[1]
    adopted = (meta.adopted or meta.issued or dt.date(1, 1, 1)).isoformat()
    published = (meta.issued or meta.adopted or dt.date(1, 1, 1)).isoformat()
    ident = E(parent, "identification", source=f"#{CONVERTER_ID}")
    w = E(ident, "FRBRWork")
    E(w, "FRBRthis", value=f"{work}/!{component}")
    E(w, "FRBRuri", value=work)
    if full and meta.symbol:
        E(w, "FRBRalias", value=meta.symbol, name="symbol")
    E(w, "FRBRdate", date=adopted, name="adoption")
    E(w, "FRBRauthor", href=f"#{organ_id}", **{"as": "#author"})
    E(w, "FRBRcountry", value="un")
    if full:
        E(w, "FRBRsubtype", value="deliberation")
        E(w, "FRBRnumber", value=number_key(meta), showAs=meta.number or "")
        if meta.title:
            E(w, "FRBRname", value=meta.title)
    x = E(ident, "FRBRExpression")
    E(x, "FRBRthis", value=f"{work}/deu@/!{component}")
    E(x, "FRBRuri", value=f"{work}/deu@")
    E(x, "FRBRdate", date=published, name="publication")
    E(x, "FRBRauthor", href=f"#{organ_id}", **{"as": "#author"})
    E(x, "FRBRlanguage", language="deu")
    m = E(ident, "FRBRManifestation")
    E(m, "FRBRthis", value=f"{work}/deu@/!{component}.xml")
    E(m, "FRBRuri", value=f"{work}/deu@.xml")
    # the markup date is the publication date: the same input must give the same bytes
    E(m, "FRBRdate", date=published, name="markup")
    E(m, "FRBRauthor", href=f"#{CONVERTER_ID}", **{"as": "#editor"})
    if full:
        E(m, "FRBRformat", value="application/akn+xml")


def _meta(parent, res: Resolution) -> None:
    meta = res.metadata
    el = E(parent, "meta")
    _identification(el, meta, "main", full=True)
    refs = E(el, "references", source=f"#{CONVERTER_ID}")
    organ_actor, organ_id, organ_href = ORGANS.get(meta.organ, ("unga", "generalAssembly", "/akn/ontology/organization/un/un-ga"))
    E(refs, "TLCOrganization", eId=organ_id, href=organ_href, showAs=meta.organ or "Generalversammlung")
    E(refs, "TLCOrganization", eId="unitedNations", href="/akn/ontology/organization/un", showAs="Vereinte Nationen")
    E(refs, "TLCOrganization", eId=CONVERTER_ID, href="/akn/ontology/organization/akn-converter", showAs="akn-converter")
    E(refs, "TLCRole", eId="author", href="/akn/ontology/role/un/author", showAs="Autor")
    E(refs, "TLCRole", eId="editor", href="/akn/ontology/role/un/editor", showAs="Markup")
    E(refs, "TLCEvent", eId="adoption", href="/akn/ontology/event/un/adoption", showAs="Verabschiedung")
    if meta.meeting:
        E(refs, "TLCEvent", eId="meeting", href=f"/akn/ontology/event/un/{organ_actor}/meeting/{meta.meeting}",
          showAs=f"{meta.meeting}. Sitzung")
    for eid, showas in (("symbol", "Dokumentsymbol"), ("adoptionDate", "Datum der Verabschiedung"),
                        ("publicationDate", "Datum der Herausgabe"), ("preamble", "Präambel"),
                        ("operative", "operativer Absatz"), ("resolutionTitle", "Titel der Resolution")):
        E(refs, "TLCConcept", eId=eid, href=f"/akn/ontology/concept/un/{eid}", showAs=showas)
    if meta.session:
        E(refs, "TLCConcept", eId="session", href=f"/akn/ontology/concept/un/{organ_actor}/session/{meta.session}",
          showAs=f"{meta.session}. Tagung")


# --- cover page and preface: one function per kind of line -----------------------------

def _cover_wrap(tag: str, **attrs: str) -> Callable[[etree._Element, CoverLine, Context, str], None]:
    def render(p, line, ctx, eid):
        fill(E(p, tag, **attrs), line.text, ctx, eid, date_tag="docDate")
    return render


def _cover_date(p, line, ctx, eid):
    E(p, "docDate", line.text.text, date=line.value, refersTo="#publicationDate")


def _cover_session(p, line, ctx, eid):
    fill(E(p, "session", value=line.value, refersTo="#session"), line.text, ctx, eid)


def _cover_adoption(p, line, ctx, eid):
    fill(E(p, "docTitle"), line.text, ctx, eid, date_tag="docDate")
    for d in p.iter(A + "docDate"):
        d.set("refersTo", "#adoptionDate")


def _preface_title(p, line, ctx, eid):
    text = line.text
    m = re.match(r"\s*\S+\.", text.text)
    cut = m.end() if m else 0
    number, title = _split(text, cut)
    fill(E(p, "docNumber"), number, ctx, eid)
    _append_text(p, " ")
    fill(E(p, "docTitle", refersTo="#resolutionTitle"), title, ctx, eid)


def _preface_number(p, line, ctx, eid):
    text = line.text
    m = re.match(r"\s*(Resolution)\s+", text.text)
    if not m:
        fill(E(p, "docNumber"), text, ctx, eid)
        return
    doc_type, rest = _split(text, m.end(1))
    fill(E(p, "docType"), doc_type, ctx, eid)
    _append_text(p, " ")
    fill(E(p, "docNumber"), _split(rest, len(rest.text) - len(rest.text.lstrip()))[1], ctx, eid)


def _preface_meeting(p, line, ctx, eid):
    fill(p, line.text, ctx, eid, date_tag="docDate")
    for d in p.iter(A + "docDate"):
        d.set("refersTo", "#adoptionDate")


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


COVER_RULES: dict[str, Callable[[etree._Element, CoverLine, Context, str], None]] = {
    "publisher": _cover_wrap("docAuthority", refersTo="#unitedNations"),
    "organ": lambda p, line, ctx, eid: fill(E(p, "docAuthority", refersTo="#" + ORGANS.get(
        line.text.text, ("", "generalAssembly"))[1]), line.text, ctx, eid),
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
    "text": lambda p, line, ctx, eid: fill(p, line.text, ctx, eid),
}


def _lines(parent, lines: list[CoverLine], name: str, eid: str, ctx: Context) -> None:
    container = E(parent, "container", name=name, eId=ctx.eid(eid))
    for line in lines:
        p = E(container, "p")
        COVER_RULES[line.kind](p, line, ctx, container.get("eId"))


# --- preamble, body, items -----------------------------------------------------------

def _preamble(parent, res: Resolution, ctx: Context) -> None:
    pre = E(parent, "preamble")
    if res.formula is not None:
        formula = E(pre, "formula", name="enactingFormula", eId=ctx.eid("preamble__formula_1"))
        fill(E(formula, "p"), res.formula, ctx, formula.get("eId"))
    for n, para in enumerate(res.preamble, 1):
        _preambular_paragraph(pre, para, n, ctx)


def _preambular_paragraph(pre, para: PreambularParagraph, n: int, ctx: Context) -> None:
    eid = ctx.eid(f"preamble__container_{n}")
    c = E(pre, "container", name=para.key_phrase or "preambularParagraph", eId=eid, refersTo="#preamble")
    if not para.items:
        fill(E(c, "p"), para.text, ctx, eid)
        return
    _block_list(c, para.text, para.items, f"{eid}__list_1", ctx)


def _block_list(parent, intro: Text, items: list[Item], eid: str, ctx: Context) -> None:
    """Items where the schema allows only blocks (a preambular container): blockList/item."""
    bl = E(parent, "blockList", eId=ctx.eid(eid))
    if _has_content(intro):
        fill(E(bl, "listIntroduction"), intro, ctx, eid)
    for item in items:
        ieid = ctx.eid(f"{eid}__item_{_num_id(item.num)}")
        it = E(bl, "item", eId=ieid)
        E(it, "num", item.num)
        if item.items:
            _block_list(it, item.text, item.items, f"{ieid}__list_1", ctx)
        else:
            fill(E(it, "p"), item.text, ctx, ieid)


def _has_content(text: Text) -> bool:
    return bool(text.text or text.notes)


def _num_id(num: str | None) -> str:
    return re.sub(r"[^\w-]", "", num or "") or "x"


def _paragraph(parent, para: OperativeParagraph, ctx: Context, prefix: str, position: int, operative: bool) -> None:
    wanted = f"{prefix}para_{_num_id(para.num)}" if para.num else f"{prefix}para_{position}"
    eid = ctx.eid(wanted)
    attrs = {"eId": eid}
    if operative:
        attrs["refersTo"] = "#operative"
    p = E(parent, "paragraph", **attrs)
    if para.num:
        E(p, "num", para.num)
    if para.items:
        _list(p, para.text, para.items, f"{eid}__list_1", ctx)
    else:
        fill(E(E(p, "content"), "p"), para.text, ctx, eid)


def _list(parent, intro: Text, items: list[Item], eid: str, ctx: Context) -> None:
    lst = E(parent, "list", eId=ctx.eid(eid))
    if _has_content(intro):
        ieid = ctx.eid(f"{eid}__intro")
        fill(E(E(lst, "intro", eId=ieid), "p"), intro, ctx, ieid)
    for item in items:
        peid = ctx.eid(f"{eid}__point_{_num_id(item.num)}")
        pt = E(lst, "point", eId=peid)
        E(pt, "num", item.num)
        if item.items:
            _list(pt, item.text, item.items, f"{peid}__list_1", ctx)
        else:
            fill(E(E(pt, "content"), "p"), item.text, ctx, peid)


def _body(parent, parts: list[BodyPart], ctx: Context, prefix: str, operative: bool) -> None:
    body = E(parent, "mainBody")
    position = 0
    sections = 0
    for part in parts:
        if isinstance(part, Section):
            sections += 1
            sid = ctx.eid(f"{prefix}sec_{_num_id(part.num) if part.num else sections}")
            sec = E(body, "section", eId=sid)
            if part.num:
                E(sec, "num", part.num)
            fill(E(sec, "heading"), part.heading, ctx, sid)
            if not part.paragraphs:
                # a heading with nothing under it: the schema needs content
                E(E(sec, "content"), "p")
            for para in part.paragraphs:
                position += 1
                _paragraph(sec, para, ctx, prefix, position, operative)
        else:
            position += 1
            _paragraph(body, part, ctx, prefix, position, operative)
    if not len(body):
        E(E(E(body, "paragraph", eId=ctx.eid(f"{prefix}para_1")), "content"), "p")


def _conclusions(parent, res: Resolution, ctx: Context) -> None:
    c = res.conclusions
    if c is None:
        return
    el = E(parent, "conclusions")
    container = E(el, "container", name="conclusion", eId=ctx.eid("conclusions__container_1"))
    p = E(container, "p")
    eid = container.get("eId")
    if c.meeting is not None and _has_content(c.meeting):
        location = E(E(p, "event", refersTo="#adoption"), "location", refersTo="#meeting")
        fill(location, c.meeting, ctx, eid)
    if c.date_text is not None:
        E(p, "eol")
        if c.date:
            fill(E(p, "docDate", date=c.date.isoformat(), refersTo="#adoptionDate"), c.date_text, ctx, eid)
        else:
            fill(p, c.date_text, ctx, eid)
    for remark in c.remarks:
        fill(E(container, "p"), remark, ctx, eid)


def _annex(parent, annex: Annex, n: int, res: Resolution, ctx: Context) -> None:
    att_id = ctx.eid(f"att_{n}")
    att = E(parent, "attachment", eId=att_id)
    doc = E(att, "doc", name="annex")
    meta = E(doc, "meta")
    _identification(meta, res.metadata, f"annex_{n}", full=False)
    preface = E(doc, "preface")
    heading = E(preface, "container", name="annexHeading", eId=ctx.eid(f"{att_id}__preface__container_1"))
    fill(E(E(heading, "p"), "docType"), annex.label, ctx, heading.get("eId"))
    if annex.title is not None:
        fill(E(E(heading, "p"), "docTitle"), annex.title, ctx, heading.get("eId"))
    if annex.intro:
        pre = E(doc, "preamble")
        for k, text in enumerate(annex.intro, 1):
            cid = ctx.eid(f"{att_id}__preamble__container_{k}")
            fill(E(E(pre, "container", name="introduction", eId=cid), "p"), text, ctx, cid)
    _body(doc, annex.body, ctx, f"{att_id}__", operative=False)


# Elements whose content is text: indenting inside them would add white space to the text.
TEXT_ELEMENTS = {A + t for t in ("p", "num", "heading", "subheading", "listIntroduction", "docTitle",
                                 "docNumber", "docProponent", "docAuthority", "docStatus", "docDate")}


def indent(el: etree._Element, level: int = 0) -> None:
    """Pretty-print structure only; text-bearing elements keep their content as written."""
    if el.tag in TEXT_ELEMENTS or (el.text and el.text.strip()) or not len(el):
        return
    pad = "\n" + "  " * (level + 1)
    el.text = pad
    for child in el:
        indent(child, level + 1)
        child.tail = pad
    el[-1].tail = "\n" + "  " * level


def build(res: Resolution) -> tuple[etree._ElementTree, list[ConversionWarning]]:
    """The Akoma Ntoso document for a resolution, and what building noticed."""
    ctx = Context(res)
    root = E(None, "akomaNtoso")
    st = E(root, "statement", name="resolution", contains="originalVersion")
    _meta(st, res)
    if res.cover:
        _lines(E(st, "coverPage"), res.cover, "masthead", "coverPage__container_1", ctx)
    if res.preface:
        _lines(E(st, "preface"), res.preface, "title", "preface__container_1", ctx)
    if res.formula is not None or res.preamble:
        _preamble(st, res, ctx)
    _body(st, res.body, ctx, "", operative=True)
    _conclusions(st, res, ctx)
    if res.annexes:
        atts = E(st, "attachments")
        for n, annex in enumerate(res.annexes, 1):
            _annex(atts, annex, n, res, ctx)
    unplaced = [m for m in res.footnotes if m not in ctx.note_ids]
    for m in unplaced:
        ctx.warnings.append(ConversionWarning(res.footnotes[m].text.line, f"footnote {m} has no marker in the text"))
    indent(root)
    return etree.ElementTree(root), ctx.warnings
