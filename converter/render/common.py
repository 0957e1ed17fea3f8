"""What both renderers need to know about an Akoma Ntoso tree, independent of the output format.

* element names (``akn_name``), text extraction and XML whitespace;
* the document's symbol, title and language;
* the footnotes (``NoteIndex``): stable ids, Markdown labels, the order of the note list;
* the ``Reporter`` that delivers warnings (see ``Reporter`` for the one rule).
"""
from __future__ import annotations

import re
import warnings as _warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from lxml import etree

from .. import xmlsafe

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_AKN = f"{{{AKN_NS}}}"

# Structural units that carry a num/heading and nest: rendered as headed sections.
HIERARCHY = frozenset({
    "section", "hcontainer", "part", "subpart", "chapter", "subchapter", "title", "subtitle",
    "division", "subdivision", "book", "tome", "article", "clause", "subclause", "subsection",
})
NOTE_NAMES = frozenset({"authorialNote", "note"})
# XML whitespace only: a no-break space is text. Written "[…][…]*", not "[…]+": a pattern that
# starts with a character class lets the engine skip to its characters, a repeat does not.
XML_SPACE = re.compile(r"[ \t\r\n][ \t\r\n]*")


class RenderWarning(UserWarning):
    """Something in the document was rendered in a fallback way (e.g. an unknown element)."""


_AKN_LENGTH = len(_AKN)


def akn_name(node: etree._Element) -> str | None:
    """The rule key of a node: the local name for AKN (or un-namespaced) elements,
    ``{namespace}name`` for foreign ones, None for comments and processing instructions."""
    tag = node.tag  # lxml builds this string on every access: read it once
    if not isinstance(tag, str):
        return None
    if tag.startswith(_AKN):
        return tag[_AKN_LENGTH:]
    return tag


def display_name(node: etree._Element) -> str:
    """A readable element name for messages: ``foo`` or ``prefix:foo``."""
    qname = etree.QName(node)
    if qname.namespace in (None, AKN_NS):
        return qname.localname
    return f"{node.prefix}:{qname.localname}" if node.prefix else node.tag


def child(element: etree._Element, name: str) -> etree._Element | None:
    """The first child element called ``name`` (AKN vocabulary)."""
    for node in element:
        if akn_name(node) == name:
            return node
    return None


def find_all(element: etree._Element, name: str, *, outside: frozenset[str] = frozenset({"meta"})) -> Iterator[etree._Element]:
    """Descendants called ``name`` in document order, not looking inside ``outside`` elements."""
    for node in element.iterdescendants():
        if akn_name(node) == name and not any(akn_name(a) in outside for a in node.iterancestors()):
            yield node


def last_child(element: etree._Element) -> etree._Element | None:
    """The last child, or None. (``len(element)`` counts every child: called once per child
    while an element is filled, it made a paragraph with thousands of children quadratic.)"""
    try:
        return element[-1]
    except IndexError:
        return None


def collapse_space(text: str | None) -> str:
    """Runs of XML whitespace (space, tab, CR, LF) become one space."""
    return XML_SPACE.sub(" ", text) if text else ""


def plain_text(element: etree._Element) -> str:
    """Visible text of an element, whitespace collapsed, footnote bodies left out."""
    parts: list[str] = [element.text or ""]
    for node in element:
        if akn_name(node) not in NOTE_NAMES and akn_name(node) is not None:
            parts.append(plain_text(node))
        parts.append(node.tail or "")
    return collapse_space("".join(parts)).strip()


def to_root(xml: bytes | str | Path | etree._Element | etree._ElementTree) -> etree._Element:
    """The root element of whatever was given; bytes, str and paths go through ``xmlsafe``."""
    if isinstance(xml, etree._ElementTree):
        return xml.getroot()
    if isinstance(xml, etree._Element):
        return xml
    return xmlsafe.parse_xml(xml).getroot()


# --- document facts -------------------------------------------------------------------------------

def main_document(root: etree._Element) -> etree._Element:
    """The statement/act/doc under ``akomaNtoso`` (or the element itself)."""
    if akn_name(root) == "akomaNtoso":
        for node in root:
            if akn_name(node) not in (None, "components"):
                return node
    return root


def _first_text(scope: etree._Element | None, name: str) -> str:
    if scope is None:
        return ""
    for node in find_all(scope, name, outside=frozenset({"meta", "attachments", "components"})):
        text = plain_text(node)
        if text:
            return text
    return ""


def document_symbol(root: etree._Element) -> str:
    """The symbol (A/RES/78/228): docNumber of the cover page, else of the preface."""
    doc = main_document(root)
    symbol = _first_text(child(doc, "coverPage"), "docNumber") or _first_text(child(doc, "preface"), "docNumber")
    return symbol.rstrip(".")


def document_title(root: etree._Element) -> str:
    """The title: docTitle of the preface, else the first docTitle of the main document."""
    doc = main_document(root)
    return _first_text(child(doc, "preface"), "docTitle") or _first_text(doc, "docTitle")


_LANGUAGES = {"deu": "de", "ger": "de", "eng": "en", "fra": "fr", "fre": "fr", "spa": "es",
              "rus": "ru", "ara": "ar", "zho": "zh", "chi": "zh"}


def document_language(root: etree._Element, default: str = "de") -> str:
    """BCP 47 language of the expression (FRBRlanguage ``deu`` becomes ``de``)."""
    for node in root.iter(f"{_AKN}FRBRlanguage", "FRBRlanguage"):
        code = (node.get("language") or "").strip().lower()
        return _LANGUAGES.get(code, code if re.fullmatch(r"[a-z]{2,3}", code) else default)
    return default


# --- footnotes ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Note:
    element: etree._Element
    id: str          # stable id: the eId, or a generated one
    label: str       # Markdown footnote label, unique, only [\w-]
    marker: str      # the marker as printed (@marker)
    position: int    # document order


class NoteIndex:
    """All notes of a document: authorialNotes in the text, and editorial notes (``note``) that a
    noteRef can point to. Ids and labels are fixed here once, so both renderers agree."""

    def __init__(self, root: etree._Element) -> None:
        taken = {e.get("eId") for e in root.iter() if isinstance(e.tag, str) and e.get("eId")}
        self._by_element: dict[etree._Element, Note] = {}
        self._by_id: dict[str, Note] = {}
        labels: set[str] = set()
        elements = [e for e in root.iter() if akn_name(e) == "authorialNote"
                    and not any(akn_name(a) == "meta" for a in e.iterancestors())]
        elements += [e for e in root.iter() if akn_name(e) == "note"]
        for position, element in enumerate(elements, start=1):
            marker = collapse_space(element.get("marker")).strip()
            note_id = element.get("eId") or _unused(f"note_{position}", taken)
            taken.add(note_id)
            label = _unused(re.sub(r"[^\w-]", "", marker) or str(position), labels, sep="-")
            labels.add(label)
            note = Note(element, note_id, label, marker or str(position), position)
            self._by_element[element] = note
            self._by_id.setdefault(note_id, note)

    def __iter__(self) -> Iterator[Note]:
        """All notes, in document order (authorialNotes first, then editorial notes)."""
        return iter(self._by_element.values())

    def __getitem__(self, element: etree._Element) -> Note:
        return self._by_element[element]

    def target(self, note_ref: etree._Element) -> Note | None:
        """The note a noteRef points to (``href="#eId"``), if it exists."""
        href = (note_ref.get("href") or "").strip()
        return self._by_id.get(href[1:]) if href.startswith("#") else None

    @staticmethod
    def ordered(notes: list[Note]) -> list[Note]:
        """Marker order: numeric markers by value, others after them, ties in document order."""
        def key(note: Note) -> tuple[int, int, int]:
            return (0, int(note.marker), note.position) if note.marker.isdigit() else (1, 0, note.position)
        return sorted(notes, key=key)


def _unused(candidate: str, taken: set[str], sep: str = "_") -> str:
    if candidate not in taken:
        return candidate
    n = 2
    while f"{candidate}{sep}{n}" in taken:
        n += 1
    return f"{candidate}{sep}{n}"


# --- warnings -------------------------------------------------------------------------------------

class Reporter:
    """Delivers render warnings. The one rule: if the caller passed a list, each warning is appended
    to it as a string; otherwise it is issued with ``warnings.warn(…, RenderWarning)``.
    An unknown element is reported once per element name and render call."""

    def __init__(self, sink: list | None) -> None:
        self._sink = sink
        self._unknown: set[str] = set()

    def warn(self, message: str) -> None:
        if self._sink is not None:
            self._sink.append(message)
        else:
            _warnings.warn(message, RenderWarning, stacklevel=4)

    def unknown(self, element: etree._Element) -> None:
        name = display_name(element)
        if name in self._unknown:
            return
        self._unknown.add(name)
        line = f" (line {element.sourceline})" if element.sourceline else ""
        self.warn(f"unknown element <{name}>{line} rendered as plain content")
