"""Akoma Ntoso → one self-contained HTML5 page for reading and printing.

Every rendered AKN element becomes one HTML element with ``class="akn-<name>"`` (plus the AKN
``class`` tokens) and ``id`` = its eId. Footnote markers link to a numbered note list at the end of
the page and back again; a table of contents lists the annexes and headed sections. The page has
inline CSS only: no scripts, no images, nothing is fetched. All text goes through lxml, which
escapes it; links keep only http(s), fragment and relative targets.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

from lxml import etree

from .common import (
    HIERARCHY, Note, NoteIndex, Reporter, akn_name, child, collapse_space, last_child,
    document_language, document_symbol, document_title, plain_text, to_root,
)

__all__ = ["to_html", "RULES"]

Rule = Callable[[etree._Element, "HtmlRenderer"], "etree._Element | None"]

DOCUMENTS = frozenset({"statement", "act", "bill", "doc", "documentCollection", "debate", "amendment"})
NOTES_HEADING = "Fußnoten"
TOC_HEADING = "Inhalt"

# Characters an HTML parser reports as errors (C0/C1 controls, noncharacters); shown as U+FFFD.
# In two patterns: a class of the BMP ones is a bitmap the engine checks in a step; with the 32
# astral ones in it, each character is compared with each (ten times slower over a document).
# The astral pattern runs only on the rare text that has a character from U+1FFFE up.
_NOT_HTML = re.compile("[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
_NOT_HTML_ASTRAL = re.compile(
    "[" + "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(1, 17)) + "]")
_FROM_FIRST_ASTRAL_NONCHARACTER = re.compile("[\U0001fffe-\U0010ffff]")


def _replace_not_html(text: str, replacement: str) -> str:
    text = _NOT_HTML.sub(replacement, text)
    if _FROM_FIRST_ASTRAL_NONCHARACTER.search(text):
        text = _NOT_HTML_ASTRAL.sub(replacement, text)
    return text
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})?)?")
_CLASS_TOKEN = re.compile(r"[A-Za-z][\w-]*")

# AKN element → HTML tag, for the rules that only wrap their content.
BLOCK_TAGS = {
    "akomaNtoso": "div", "coverPage": "header", "preface": "header", "conclusions": "footer",
    "attachment": "section", "paragraph": "section", "subparagraph": "section",
}
PHRASE_TAGS = {"i": "i", "b": "b", "u": "u", "sup": "sup", "sub": "sub", "ins": "ins", "del": "del"}
LINKING = frozenset({"ref", "a", "mref", "authorialNote", "noteRef"})


def clean_text(text: str | None) -> str:
    return _replace_not_html(collapse_space(text), "\ufffd")


_AKN_IRI = re.compile(r"^/akn/un/statement/deliberation/(unga|unsc)/\d{4}-\d\d-\d\d/(\d+)-(\d+)/")


def _resolvable(iri: str) -> str | None:
    """A page cannot follow an Akoma Ntoso IRI: link a GA or SC resolution through the UN's
    symbol resolver instead, and anything else not at all (its text stays)."""
    m = _AKN_IRI.match(iri)
    if not m:
        return None
    actor, a, b = m.groups()
    symbol = f"A/RES/{a}/{b}" if actor == "unga" else f"S/RES/{a}({b})"
    return f"https://undocs.org/{symbol}"


def safe_href(href: str | None) -> str | None:
    """The link target if it is http(s), a fragment or relative; None for any other scheme."""
    # Browsers drop tabs and newlines anywhere in a URL and controls/spaces at its ends.
    target = re.sub(r"[\t\n\r]", "", href or "").strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                                         "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c"
                                                         "\x1d\x1e\x1f ")
    if not target:
        return None
    if target.startswith("/akn/"):
        return _resolvable(target)
    scheme = _SCHEME.match(target)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        return None
    return _replace_not_html(target, "")


def heading_level(element: etree._Element) -> int:
    """h2 for a top-level section, one deeper per enclosing unit or annex, at most h6."""
    depth = sum(1 for a in element.iterancestors() if akn_name(a) in HIERARCHY or akn_name(a) == "attachment")
    return min(2 + depth, 6)


class HtmlRenderer:
    """Walks the tree with ``RULES``; keeps the ids, the notes cited so far and their back-links."""

    def __init__(self, root: etree._Element, reporter: Reporter) -> None:
        self.notes = NoteIndex(root)
        self.reporter = reporter
        self.phrasing = False  # inside a p/span/heading: blocks must become spans
        self.cited: dict[Note, list[str]] = {}  # note → ids of the markers pointing to it
        self._taken: set[str] = set()
        self._next_suffix: dict[str, int] = {}
        self.ids: dict[etree._Element, str] = {}
        for element in root.iter():
            if isinstance(element.tag, str) and element.get("eId") and not _in_meta(element):
                self.ids[element] = self.claim(element.get("eId"))
        for note in self.notes:  # notes without eId: the id NoteIndex generated
            if note.element not in self.ids:
                self.ids[note.element] = self.claim(note.id)
        self._generated: dict[str, int] = {}

    # -- ids
    def claim(self, candidate: str) -> str:
        """A unique HTML id, ``candidate`` if still free."""
        base = re.sub(r"\s+", "_", candidate) or "id"
        # the suffixes tried before are taken for good: starting after them keeps a note cited
        # thousands of times (ref-…-2, -3, …) linear
        unique, n = base, self._next_suffix.get(base, 2)
        while unique in self._taken:
            unique, n = f"{base}-{n}", n + 1
        self._next_suffix[base] = n
        self._taken.add(unique)
        return unique

    def id_of(self, element: etree._Element) -> str:
        """The element's id; without an eId one is generated, ``section_1`` … in the order asked
        (document order, as the table of contents asks first), so it is stable."""
        if element not in self.ids:
            name = etree.QName(element).localname
            self._generated[name] = self._generated.get(name, 0) + 1
            self.ids[element] = self.claim(f"{name}_{self._generated[name]}")
        return self.ids[element]

    # -- building
    def element(self, source: etree._Element, tag: str, **attributes: str) -> etree._Element:
        """An HTML element standing for ``source``: class akn-<name>, id = eId, data-name = @name."""
        name = akn_name(source)
        local = etree.QName(source).localname if name and name.startswith("{") else name
        classes = [f"akn-{local}"] + (["akn-unknown"] if name not in RULES else [])
        classes += [t for t in (source.get("class") or "").split() if _CLASS_TOKEN.fullmatch(t)]
        made = etree.Element(tag, {"class": " ".join(classes)})
        if source in self.ids:
            made.set("id", self.ids[source])
        if source.get("name"):
            made.set("data-name", clean_text(source.get("name")))
        for key, value in attributes.items():
            made.set(key, value)
        return made

    def render(self, source: etree._Element) -> etree._Element | None:
        name = akn_name(source)
        if name is None:  # comment or processing instruction; its tail is the caller's
            return None
        rule = RULES.get(name)
        if rule is None:
            self.reporter.unknown(source)
            rule = render_unknown
        return rule(source, self)

    def fill(self, target: etree._Element, source: etree._Element, *, skip: Iterable[str] = (),
             phrasing: bool | None = None) -> etree._Element:
        """Render the text and children of ``source`` into ``target``."""
        outer = self.phrasing
        if phrasing is not None:
            self.phrasing = phrasing
        try:
            self.add_text(target, source.text)
            for node in source:
                if not skip or akn_name(node) not in skip:
                    self.append(target, self.render(node))
                self.add_text(target, node.tail)
        finally:
            self.phrasing = outer
        return target

    def append(self, target: etree._Element, made: etree._Element | None) -> None:
        if made is None:
            return
        if not self.phrasing:  # one block per line: readable and diff-friendly
            if last_child(target) is None and not target.text:
                target.text = "\n"
            made.tail = "\n"
        target.append(made)

    def add_text(self, target: etree._Element, text: str | None) -> None:
        if not text or (not self.phrasing and not text.strip(" \t\r\n")):
            return  # most often the indentation between blocks: nothing to clean
        text = clean_text(text)
        if not text or (not self.phrasing and not text.strip()):
            return
        last = last_child(target)
        if last is not None:
            last.tail = (last.tail or "").rstrip("\n") + text
        else:
            target.text = (target.text or "") + text

    def marker(self, note: Note, wrap_in_sup: bool) -> etree._Element:
        """``<sup><a href="#note" id="ref-note">N</a></sup>``; further markers get -2, -3 …"""
        backs = self.cited.setdefault(note, [])
        back = self.claim(f"ref-{self.ids[note.element]}")
        backs.append(back)
        link = etree.Element("a", {"href": f"#{self.ids[note.element]}", "id": back, "class": "note-ref"})
        link.text = clean_text(note.marker)
        if not wrap_in_sup:
            return link
        sup = etree.Element("sup", {"class": "akn-authorialNote"})
        sup.append(link)
        return sup


def _in_meta(element: etree._Element) -> bool:
    return any(akn_name(a) == "meta" for a in element.iterancestors())


# --- rules: one per AKN element (several elements may share one) ----------------------------------

def render_nothing(source: etree._Element, r: HtmlRenderer) -> None:
    """meta, eop: metadata and page breaks are not shown."""
    return None


def render_unknown(source: etree._Element, r: HtmlRenderer) -> etree._Element:
    """Not in the table: keep the content (the dispatcher has reported it)."""
    return r.fill(r.element(source, "span" if r.phrasing else "div"), source)


def render_document(source: etree._Element, r: HtmlRenderer) -> etree._Element:
    """statement, doc, …: an article; the outermost one gets the table of contents after its front."""
    article = r.fill(r.element(source, "article"), source, phrasing=False)
    if not any(akn_name(a) in DOCUMENTS for a in source.iterancestors()):
        toc = table_of_contents(source, r)
        if toc is not None:
            front = sum(1 for e in article if e.tag == "header")
            toc.tail = "\n"
            article.insert(front, toc)
    return article


def render_block(source: etree._Element, r: HtmlRenderer) -> etree._Element:
    """Containers (coverPage, preamble, container, paragraph, list, point …): div/section/header."""
    tag = "span" if r.phrasing else BLOCK_TAGS.get(akn_name(source), "div")
    return r.fill(r.element(source, tag), source)


def render_p(source: etree._Element, r: HtmlRenderer) -> etree._Element:
    """p: a paragraph; the title line of a preface is the page's (or annex's) heading."""
    if r.phrasing:
        tag = "span"
    elif child(source, "docTitle") is not None and _in_preface(source):
        tag = f"h{min(1 + sum(akn_name(a) == 'attachment' for a in source.iterancestors()), 6)}"
    else:
        tag = "p"
    return _trim(r.fill(r.element(source, tag), source, phrasing=True))


def _in_preface(source: etree._Element) -> bool:
    for ancestor in source.iterancestors():
        if akn_name(ancestor) == "preface":
            return True
        if akn_name(ancestor) in DOCUMENTS:
            return False
    return False


def render_hierarchy(source: etree._Element, r: HtmlRenderer) -> etree._Element:
    """section, hcontainer, …: a section whose heading line holds num and heading."""
    section = r.element(source, "span" if r.phrasing else "section", id=r.id_of(source))  # TOC target
    parts = [p for p in (child(source, "num"), child(source, "heading")) if p is not None]
    if parts:
        title = etree.Element("span" if r.phrasing else f"h{heading_level(source)}", {"class": "unit-heading"})
        outer, r.phrasing = r.phrasing, True
        try:
            for part in parts:
                _append_text(title, " " if last_child(title) is not None else "")
                title.append(r.render(part))
        finally:
            r.phrasing = outer
        r.append(section, title)
    return r.fill(section, source, skip=("num", "heading"))


def _append_text(target: etree._Element, text: str) -> None:
    last = last_child(target)
    if last is not None:
        last.tail = (last.tail or "") + text
    else:
        target.text = (target.text or "") + text


def render_heading(source: etree._Element, r: HtmlRenderer) -> etree._Element:
    """heading, crossHeading outside a unit: a heading of the right level."""
    tag = "span" if r.phrasing else f"h{heading_level(source)}"
    return _trim(r.fill(r.element(source, tag), source, phrasing=True))


def _trim(made: etree._Element) -> etree._Element:
    """No space right inside a paragraph or heading (indentation of the source XML)."""
    if made.text:
        made.text = made.text.lstrip(" ")
    if len(made) and made[-1].tail:
        made[-1].tail = made[-1].tail.rstrip(" ")
    elif not len(made) and made.text:
        made.text = made.text.rstrip(" ")
    return made


def render_phrase(source: etree._Element, r: HtmlRenderer) -> etree._Element:
    """Inline elements: i, b, sup … as themselves; docNumber, inline, span … as spans."""
    tag = PHRASE_TAGS.get(akn_name(source), "span")
    return r.fill(r.element(source, tag), source, phrasing=True)


def render_link(source: etree._Element, r: HtmlRenderer) -> etree._Element:
    """ref, a: ``<a href>`` for http(s), fragment and relative targets; other schemes lose the link."""
    href = safe_href(source.get("href"))
    raw = (source.get("href") or "").strip()
    if href is None and raw:
        r.reporter.warn(f"link target {raw[:60]!r} (line {source.sourceline}) refused; text kept without link")
    # An <a> may not contain another <a> (a nested ref or a footnote marker).
    nested = any(akn_name(d) in LINKING for d in source.iterdescendants())
    if href is None or nested:
        return r.fill(r.element(source, "span"), source, phrasing=True)
    return r.fill(r.element(source, "a", href=href), source, phrasing=True)


def render_date(source: etree._Element, r: HtmlRenderer) -> etree._Element:
    """date, docDate: ``<time datetime>``."""
    value = (source.get("date") or "").strip()
    made = r.element(source, "time", **({"datetime": value} if _ISO_DATE.fullmatch(value) else {}))
    return r.fill(made, source, phrasing=True)


def render_eol(source: etree._Element, r: HtmlRenderer) -> etree._Element:
    """eol: a line break."""
    return r.element(source, "br")


def render_image(source: etree._Element, r: HtmlRenderer) -> etree._Element | None:
    """img: never fetched (the page makes no requests); its alt text is kept for screen readers."""
    alt = clean_text(source.get("alt")).strip()
    return r.element(source, "span", role="img", **{"aria-label": alt}) if alt else None


def render_authorial_note(source: etree._Element, r: HtmlRenderer) -> etree._Element:
    """authorialNote: a numbered link to the note at the end of the page."""
    return r.marker(r.notes[source], wrap_in_sup=akn_name(source.getparent()) != "sup")


def render_note_ref(source: etree._Element, r: HtmlRenderer) -> etree._Element:
    """noteRef: another link to the same note, with its own back-link id."""
    note = r.notes.target(source)
    if note is None:
        r.reporter.warn(f"noteRef to a missing note {source.get('href')!r} (line {source.sourceline}); marker kept as text")
        made = r.element(source, "sup")
        made.text = clean_text(source.get("marker"))
        return made
    return r.marker(note, wrap_in_sup=akn_name(source.getparent()) != "sup")


_PHRASES = (
    "docNumber", "docTitle", "docType", "docAuthority", "docStatus", "docProponent", "docCommittee",
    "docStage", "docPurpose", "docJurisdiction", "docketNumber", "docIntroducer", "session", "inline",
    "event", "location", "organization", "person", "role", "term", "concept", "object", "entity",
    "quantity", "process", "shortTitle", "def", "abbr", "signature", "mref", "rref", "span", "num",
    "i", "b", "u", "sup", "sub", "ins", "del",
)
_BLOCKS = (
    "akomaNtoso", "coverPage", "preface", "preamble", "mainBody", "body", "conclusions", "attachments",
    "attachment", "components", "component", "container", "formula", "blockContainer", "content",
    "intro", "wrapUp", "list", "blockList", "listIntroduction", "listWrapUp", "paragraph",
    "subparagraph", "point", "item", "longTitle",
)

RULES: dict[str, Rule] = {
    **{name: render_phrase for name in _PHRASES},
    **{name: render_block for name in _BLOCKS},
    **{name: render_document for name in DOCUMENTS},
    **{name: render_hierarchy for name in HIERARCHY},
    "meta": render_nothing,
    "eop": render_nothing,
    "p": render_p,
    "subheading": render_p,
    "heading": render_heading,
    "crossHeading": render_heading,
    "ref": render_link,
    "a": render_link,
    "date": render_date,
    "docDate": render_date,
    "time": render_date,
    "eol": render_eol,
    "img": render_image,
    "authorialNote": render_authorial_note,
    "noteRef": render_note_ref,
}


# --- page parts -----------------------------------------------------------------------------------

def table_of_contents(document: etree._Element, r: HtmlRenderer) -> etree._Element | None:
    """``<nav class="toc">`` with the annexes and headed sections, nested as in the document."""
    items = _toc_items(document, r)
    if not len(items):
        return None
    nav = etree.Element("nav", {"class": "toc", "aria-label": TOC_HEADING})
    title = etree.SubElement(nav, "h2")
    title.text = TOC_HEADING
    nav.append(items)
    return nav


def _toc_items(scope: etree._Element, r: HtmlRenderer) -> etree._Element:
    items = etree.Element("ol")
    for node in scope:
        name = akn_name(node)
        if name in (None, "meta", "authorialNote"):
            continue
        label = _toc_label(node)
        if label is None:
            for nested in _toc_items(node, r):
                items.append(nested)
            continue
        entry = etree.SubElement(items, "li")
        link = etree.SubElement(entry, "a", {"href": f"#{r.id_of(node)}"})
        link.text = clean_text(label)
        sub = _toc_items(node, r)
        if len(sub):
            entry.append(sub)
    return items


def _toc_label(node: etree._Element) -> str | None:
    name = akn_name(node)
    if name == "attachment":
        preface = next((d for d in node.iter() if akn_name(d) == "preface"), None)
        kind = title = ""
        if preface is not None:
            kind = next((plain_text(d) for d in preface.iter() if akn_name(d) == "docType"), "")
            title = next((plain_text(d) for d in preface.iter() if akn_name(d) == "docTitle"), "")
        return ": ".join(t for t in (kind or "Anlage", title) if t)
    if name in HIERARCHY:
        parts = [plain_text(p) for p in (child(node, "num"), child(node, "heading")) if p is not None]
        return " ".join(p for p in parts if p) or None
    return None


def notes_section(r: HtmlRenderer) -> etree._Element | None:
    """The notes, in marker order, each with links back to every marker that points to it."""
    bodies: dict[Note, etree._Element] = {}
    while pending := [n for n in r.cited if n not in bodies]:  # notes may cite notes
        for note in pending:
            bodies[note] = r.fill(etree.Element("li"), note.element, phrasing=False)
    if not bodies:
        return None
    section = etree.Element("section", {"class": "akn-notes"})
    section.text = "\n"
    heading = etree.SubElement(section, "h2")
    heading.text = NOTES_HEADING
    heading.tail = "\n"
    listing = etree.SubElement(section, "ol")
    listing.text = "\n"
    for note in NoteIndex.ordered(list(bodies)):
        entry = bodies[note]
        entry.set("id", r.ids[note.element])
        entry.set("class", f"akn-{akn_name(note.element)}")
        entry.tail = "\n"
        starts_with_p = len(entry) and entry[0].tag == "p" and not (entry.text or "").strip()
        first = entry[0] if starts_with_p else entry
        marker = etree.Element("span", {"class": "note-marker"})
        marker.text = clean_text(note.marker)
        marker.tail = " " + (first.text or "").lstrip()
        first.text = None
        first.insert(0, marker)
        last = entry[-1] if len(entry) and entry[-1].tag == "p" else entry
        for n, back in enumerate(r.cited[note], start=1):
            _append_text(last, " ")
            link = etree.SubElement(last, "a", {"href": f"#{back}", "class": "backref",
                                                "aria-label": "zurück zum Text" + (f" ({n})" if n > 1 else "")})
            link.text = "↩" if n == 1 else f"↩{n}"
        listing.append(entry)
    return section


STYLE = """
@page { margin: 2cm 2cm 2.5cm 2.5cm; }
html { font-size: 100%; -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #fff; color: #1b1b1b; line-height: 1.55; hyphens: auto;
  font-family: "Iowan Old Style", "Palatino Linotype", Palatino, "Book Antiqua", "Source Serif Pro",
    Georgia, "Times New Roman", serif; }
main { max-width: 38em; margin: 0 auto; padding: 2.5em 1.25em 4em 4.5em; }
p { margin: 0 0 0.8em; }
h1, h2, h3, h4, h5, h6 { line-height: 1.3; margin: 1.6em 0 0.8em; break-after: avoid; page-break-after: avoid; }
h1 { font-size: 1.3em; }
h2 { font-size: 1.12em; }
h3, h4, h5, h6 { font-size: 1em; }
i, .italic { font-style: italic; }
b, .bold { font-weight: bold; }
a { color: #1f4e8c; }
sup { font-size: 0.72em; line-height: 0; }
sup a, a.backref { text-decoration: none; }
.akn-coverPage { font-size: 0.9em; color: #444; border-bottom: 1px solid #bbb; padding-bottom: 0.8em; margin-bottom: 2em; }
.akn-coverPage p { margin: 0 0 0.2em; }
.akn-preface { margin-bottom: 2em; }
.akn-preface h1 .akn-docNumber { font-weight: normal; }
.akn-formula { margin: 1.5em 0 0.8em; }
.akn-paragraph, .akn-point, .akn-item { position: relative; }
.akn-paragraph > .akn-num, .akn-point > .akn-num, .akn-item > .akn-num {
  position: absolute; left: -3.6em; width: 3em; text-align: right; font-variant-numeric: tabular-nums; }
.akn-point, .akn-item { margin-left: 2.4em; }
.akn-point > .akn-num, .akn-item > .akn-num { left: -2.4em; width: 2em; }
.akn-conclusions { margin-top: 2.5em; }
.akn-attachment { margin-top: 3em; padding-top: 1em; border-top: 1px solid #bbb; }
nav.toc { margin: 0 0 2em; padding: 0.6em 1em; border: 1px solid #ddd; font-size: 0.92em; }
nav.toc h2 { margin: 0 0 0.4em; font-size: 1em; }
nav.toc ol { margin: 0; padding-left: 1.2em; list-style: none; }
.akn-notes { margin-top: 3em; padding-top: 0.5em; border-top: 1px solid #bbb; font-size: 0.9em; }
.akn-notes h2 { font-size: 1em; }
.akn-notes ol { list-style: none; margin: 0; padding: 0; }
.akn-notes li { position: relative; margin: 0 0 0.5em; }
.akn-notes .note-marker { position: absolute; left: -3.6em; width: 3em; text-align: right; }
.akn-notes li:target { background: #fff6d5; }
a.backref { margin-left: 0.3em; }
@media print {
  body { font-size: 11pt; color: #000; line-height: 1.4; }
  main { max-width: none; padding: 0 0 0 3.5em; }
  a { color: inherit; text-decoration: none; }
  nav.toc, a.backref { display: none; }
  .akn-paragraph, .akn-point, .akn-item, .akn-notes li { break-inside: avoid; page-break-inside: avoid; }
  .akn-attachment { break-before: page; page-break-before: always; border-top: none; }
  p { orphans: 3; widows: 3; }
}
"""


def to_html(root: etree._Element | etree._ElementTree | bytes | str, *, warnings: list | None = None) -> str:
    """The document as one standalone HTML5 page (UTF-8, inline CSS, no scripts)."""
    element = to_root(root)
    renderer = HtmlRenderer(element, Reporter(warnings))
    page = etree.Element("html", {"lang": document_language(element)})
    page.text = "\n"
    head = etree.SubElement(page, "head")
    head.text = "\n"
    etree.SubElement(head, "meta", {"charset": "utf-8"}).tail = "\n"
    etree.SubElement(head, "meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}).tail = "\n"
    title = etree.SubElement(head, "title")
    title.text = clean_text(" ".join(t for t in (document_symbol(element), document_title(element)) if t)) or "Akoma Ntoso"
    title.tail = "\n"
    etree.SubElement(head, "style").text = STYLE
    head[-1].tail = "\n"
    head.tail = "\n"
    body = etree.SubElement(page, "body")
    body.text = "\n"
    main = etree.SubElement(body, "main")
    main.text = "\n"
    main.tail = "\n"
    renderer.append(main, renderer.render(element))
    notes = notes_section(renderer)
    if notes is not None:
        renderer.append(main, notes)
    body.tail = "\n"
    return etree.tostring(page, method="html", encoding="unicode", doctype="<!DOCTYPE html>") + "\n"
