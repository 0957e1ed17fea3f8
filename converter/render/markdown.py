"""Akoma Ntoso → Markdown, laid out like the UN's web text so that the converter can read it back.

Layout: every ``p`` is a paragraph (masthead and preface lines included); an operative paragraph is
``1. text``; items are ``- a) text`` lines, one per line, nested items indented by two spaces per
level; hierarchical units (section, hcontainer …) get a ``## num heading`` line; ``<eol/>`` ends the
paragraph (so the conclusions become "50. Plenarsitzung" and "19. Dezember 2023"); a footnote is
``[^label]`` where the note stands, its text ``[^label]: …`` at the very end, in marker order.
References and dates keep their visible text only: the converter finds them again.

Escaping (CommonMark + footnote plugin), applied to text only, never to the syntax we write:

* always: backslash, ``*``, ``_``, backtick, ``<`` (emphasis, code spans, raw HTML, autolinks);
* ``&`` when it would start an entity (``&amp;``, ``&#38;``);
* ``]`` before ``(``, ``[`` or ``:``, and ``[`` before ``^``, after ``^`` or when such a ``]``
  follows later in the line: links, link definitions and footnote syntax; a bracket in ordinary
  prose, "[aufgrund des Berichts … (A/78/482, Ziff. 29)]", stays as it is; where the bracket is
  our own note marker, the text character next to it is escaped instead (``^`` before ``[^1]``,
  ``(`` after it, ``:`` after it at the start of a line);
* at the start of a line: ``#`` of a heading, ``>``, ``-``/``+`` bullets, ``---`` and ``===`` lines,
  ``~~~`` fences, and the ``.``/``)`` of ``50. …`` (a date or meeting line, not a paragraph number).

Ordinary German prose (quotes, dashes, "(A/78/482, Ziff. 29)", "5 %", "&") comes out untouched.
Limits: a no-break space at the very start or end of a paragraph is trimmed by CommonMark; an
emphasis CommonMark would not accept where it stands (``*„Gesetz“*bekannt``) is left out, text kept.

How it works: a rule turns an element into *pieces*: plain ``str`` is document text, ``Markup`` is
syntax we wrote. ``write_line`` escapes a whole line at once, so context such as "``]`` followed by
``(`` from the next element" is seen. ``Block`` pieces are finished paragraphs; ``ItemLines`` are
list items, kept together without blank lines.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from typing import Callable, Iterable, Sequence

from lxml import etree

from .common import (
    HIERARCHY, Note, NoteIndex, Reporter, akn_name, child, collapse_space, plain_text, to_root,
)

__all__ = ["to_markdown", "RULES", "write_line"]


class Markup(str):
    """Markdown syntax this renderer writes itself; escaping leaves it alone."""


class Block(Markup):
    """A finished paragraph (or heading): one line, no surrounding blank lines."""


class ItemLines(Block):
    """One list item with its sub-items; consecutive items are joined without blank lines."""


class LineBreak(Markup):
    """An ``<eol/>``: the current paragraph ends here."""


class Open(Markup):
    """An opening emphasis delimiter."""


class Close(Markup):
    """A closing emphasis delimiter; ``*a**b*`` would not parse, so it merges with a next Open."""


Pieces = list[str]
Rule = Callable[[etree._Element, "MarkdownRenderer"], Pieces]

ORDERED_MARKER = re.compile(r"\d{1,9}[.)]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")
_HEADING_START = re.compile(r"#{1,6}(?:[ \t]|$)")
_RULE_LINE = re.compile(r"(?:-[ \t]*){3,}$|=+[ \t]*$")
_ALWAYS = frozenset("\\*_`<")
# every character _needs_escape may answer yes for
_ESCAPE_CANDIDATE = re.compile(r"[\\*_`<^&\]\[(:]")


# --- escaping -------------------------------------------------------------------------------------

def write_line(pieces: Iterable[str], *, heading: bool = False) -> str:
    """One line of Markdown from pieces: whitespace collapsed and trimmed, text escaped with the whole
    line in view, syntax (``Markup``) copied as it is. An emphasis pair that CommonMark would not
    accept where it stands (``*„Gesetz“*bekannt``) is dropped: the text matters more than the style."""
    pieces = list(pieces)
    while True:
        line, delimiters = _escape(pieces, heading)
        broken = _unparsable_emphasis(pieces, line, delimiters)
        if broken is None:
            return line
        for index in sorted(broken, reverse=True):
            del pieces[index]


def _escape(pieces: list[str], heading: bool) -> tuple[str, dict[int, tuple[int, int]]]:
    """The escaped line, and where each emphasis delimiter piece ended up in it.

    Works on whole pieces and visits only the characters that may need a backslash: a loop over
    every character made rendering slower than converting."""
    parts: list[str] = []
    last = ""  # the line's last character so far
    for piece in pieces:
        if isinstance(piece, Markup):
            s = str(piece)
        else:
            s = collapse_space(piece)
            if s[:1] == " " and last in ("", " "):
                s = s[1:]  # no space at the start of the line, none doubled across pieces
        parts.append(s)
        last = s[-1] if s else last
    for k in range(len(parts) - 1, -1, -1):  # no text space at the end of the line
        if not parts[k]:
            continue
        if isinstance(pieces[k], Markup):
            break
        parts[k] = parts[k].rstrip(" ")
        if parts[k]:
            break
    line = "".join(parts)
    syntax: list[bool] = []
    starts: list[int] = []
    for piece, s in zip(pieces, parts):
        starts.append(len(syntax))
        syntax.extend([isinstance(piece, Markup)] * len(s))
    escape_at = _line_start_escapes(line, syntax) | (_heading_end_escapes(line, syntax) if heading else set())
    link_close = _last_link_close(line)
    escapes = sorted({i for i in escape_at if not syntax[i]}
                     | {m.start() for m in _ESCAPE_CANDIDATE.finditer(line)
                        if not syntax[m.start()] and _needs_escape(line, syntax, m.start(), link_close)})
    out: list[str] = []
    previous = 0
    for i in escapes:
        out.append(line[previous:i])
        out.append("\\")
        previous = i
    out.append(line[previous:])
    delimiters: dict[int, tuple[int, int]] = {}
    for index, (piece, s) in enumerate(zip(pieces, parts)):
        if s and isinstance(piece, (Open, Close)):
            start = starts[index] + bisect.bisect_left(escapes, starts[index])
            delimiters[index] = (start, start + len(s))
    return "".join(out), delimiters


def _unparsable_emphasis(pieces: list[str], line: str, delimiters: dict[int, tuple[int, int]]) -> tuple[int, int] | None:
    """The first Open/Close pair that fails CommonMark's flanking rules, as piece indexes."""
    runs = {i for start, end in delimiters.values() for i in range(start, end)}

    def neighbour(position: int, step: int) -> str:
        while 0 <= position < len(line) and position in runs:  # a run of stars counts as one
            position += step
        return line[position] if 0 <= position < len(line) else " "

    stack: list[int] = []
    for index in sorted(delimiters):
        if isinstance(pieces[index], Open):
            stack.append(index)
            continue
        opening = stack.pop() if stack else None
        if opening is None:
            continue
        start, end = delimiters[opening]
        before, after = neighbour(start - 1, -1), neighbour(end, 1)
        opens = not _blank(after) and (not _punct(after) or _blank(before) or _punct(before))
        start, end = delimiters[index]
        before, after = neighbour(start - 1, -1), neighbour(end, 1)
        closes = not _blank(before) and (not _punct(before) or _blank(after) or _punct(after))
        if not (opens and closes):
            return opening, index
    return None


def _blank(c: str) -> bool:
    return c in " \t\n\r\f\v" or unicodedata.category(c) == "Zs"


def _punct(c: str) -> bool:
    return unicodedata.category(c).startswith(("P", "S"))


def _last_link_close(line: str) -> int:
    """Where the last "](", "][" or "]:" of the line starts, or -1. Asked once per line: searching
    onwards from every "[" made a line of many brackets quadratic."""
    return max(line.rfind("]("), line.rfind("]["), line.rfind("]:"))


def _needs_escape(line: str, syntax: list[bool], i: int, link_close: int) -> bool:
    c = line[i]
    if c in _ALWAYS:
        return True
    after = line[i + 1:i + 2]
    before = line[i - 1:i] if i else ""
    if c == "^":
        return after == "[" and syntax[i + 1]  # "^[" opens an inline footnote; a text "[" is escaped itself
    if c == "&":
        return _ENTITY.match(line, i) is not None
    if c == "]":
        return after in ("(", "[", ":")
    if c == "[":
        return after == "^" or before == "^" or link_close > i  # a "](" later in the line
    if c in "([" and before == "]" and syntax[i - 1]:
        return True  # our own "[^1]" must not turn into a link "[^1](…)"
    if c == ":" and before == "]" and syntax[i - 1] and line.startswith("[^") and line.find("]") == i - 1:
        return True  # "[^1]:" at the start of a line would be a footnote definition
    return False


def _line_start_escapes(line: str, syntax: list[bool]) -> set[int]:
    if not line or syntax[0]:
        return set()
    if line[0] == "#" and _HEADING_START.match(line):
        return {0}
    if line[0] == ">" or line.startswith("~~~"):
        return {0}
    if line[0] in "-+" and line[1:2] in ("", " ", "\t"):
        return {0}
    if line[0] in "-=" and _RULE_LINE.match(line):
        return {0}
    marker = ORDERED_MARKER.match(line)
    if marker and line[marker.end():marker.end() + 1] in ("", " "):
        return {marker.end() - 1}  # "50. Plenarsitzung" → "50\. Plenarsitzung"
    return set()


def _heading_end_escapes(line: str, syntax: list[bool]) -> set[int]:
    # "## Foo #": a closing run of "#" after a space would be dropped from the heading.
    run = len(line) - len(line.rstrip("#"))
    start = len(line) - run
    if run and start > 0 and line[start - 1] == " " and not syntax[start]:
        return {start}
    return set()


# --- assembling blocks ----------------------------------------------------------------------------

def blocks(pieces: Sequence[str]) -> list[Block]:
    """Split pieces into finished blocks: runs of inline pieces become escaped lines."""
    out: list[Block] = []
    run: list[str] = []

    def flush() -> None:
        if not run:
            return  # nothing between two blocks: no line to write
        line = write_line(run)
        run.clear()
        if line:
            out.append(Block(line))

    for piece in pieces:
        if isinstance(piece, Block):
            flush()
            if piece:
                out.append(piece)
        elif isinstance(piece, LineBreak):
            flush()
        else:
            run.append(piece)
    flush()
    return out


def join_blocks(parts: Sequence[Block]) -> str:
    """Blank lines between blocks, none between consecutive list items."""
    out: list[str] = []  # joined once at the end: repeated += copied the text each time
    for i, block in enumerate(parts):
        if i:
            tight = isinstance(block, ItemLines) and isinstance(parts[i - 1], ItemLines)
            out.append("\n" if tight else "\n\n")
        out.append(block)
    return "".join(out)


def enclose(pieces: Pieces, delimiter: str) -> Pieces:
    """``*…*`` around pieces, with surrounding whitespace moved outside (``* x*`` is no emphasis)."""
    if any(isinstance(p, (Block, LineBreak)) for p in pieces):
        return pieces  # emphasis cannot span paragraphs; keep the text, drop the styling
    inner = list(pieces)
    lead = trail = False
    while inner and not isinstance(inner[0], Markup) and not collapse_space(inner[0]).strip():
        inner.pop(0)
        lead = True
    while inner and not isinstance(inner[-1], Markup) and not collapse_space(inner[-1]).strip():
        inner.pop()
        trail = True
    if not inner:
        return [" "] if lead or trail else []
    if not isinstance(inner[0], Markup) and inner[0][:1].isspace():
        inner[0], lead = inner[0].lstrip(" \t\r\n"), True
    if not isinstance(inner[-1], Markup) and inner[-1][-1:].isspace():
        inner[-1], trail = inner[-1].rstrip(" \t\r\n"), True
    return [" "] * lead + [Open(delimiter), *inner, Close(delimiter)] + [" "] * trail


def _ancestors_until_note(element: etree._Element) -> Iterable[etree._Element]:
    for ancestor in element.iterancestors():
        if akn_name(ancestor) in ("authorialNote", "note"):
            return
        yield ancestor


def _styled(element: etree._Element, style: str) -> bool:
    name = akn_name(element)
    classes = (element.get("class") or "").split() if name == "span" else []
    return name == {"italic": "i", "bold": "b"}[style] or style in classes


def _inside(element: etree._Element, style: str) -> bool:
    return any(_styled(a, style) for a in _ancestors_until_note(element))


def _depth(element: etree._Element, names: Iterable[str]) -> int:
    names = frozenset(names)
    return sum(1 for a in element.iterancestors() if akn_name(a) in names)


# --- the renderer ---------------------------------------------------------------------------------

class MarkdownRenderer:
    """Walks the tree with ``RULES``; keeps the notes cited so far for the definitions at the end."""

    def __init__(self, root: etree._Element, reporter: Reporter) -> None:
        self.notes = NoteIndex(root)
        self.reporter = reporter
        self.cited: dict[Note, None] = {}  # insertion-ordered set

    def render(self, element: etree._Element) -> Pieces:
        name = akn_name(element)
        if name is None:  # comment or processing instruction; its tail is the caller's
            return []
        rule = RULES.get(name)
        if rule is None:
            self.reporter.unknown(element)
            rule = render_unknown
        return rule(element, self)

    def children(self, element: etree._Element, *, skip: Iterable[str] = ()) -> Pieces:
        """The element's text, its rendered children and their tails, in order."""
        pieces: Pieces = [element.text] if element.text else []
        for node in element:
            if akn_name(node) not in skip:
                rendered = self.render(node)
                # <i>a</i><i>b</i>: "*a**b*" is no emphasis in CommonMark, "*ab*" is.
                if rendered and pieces and isinstance(pieces[-1], Close) and isinstance(rendered[0], Open) \
                        and pieces[-1] == rendered[0]:
                    pieces.pop()
                    rendered = rendered[1:]
                pieces += rendered
            if node.tail:
                pieces.append(node.tail)
        return pieces

    def cite(self, note: Note) -> Pieces:
        self.cited[note] = None
        return [Markup(f"[^{note.label}]")]

    def footnote_definitions(self) -> list[Block]:
        bodies: dict[Note, list[Block]] = {}
        while pending := [n for n in self.cited if n not in bodies]:  # notes may cite notes
            for note in pending:
                bodies[note] = blocks(self.children(note.element))
        out = []
        for note in NoteIndex.ordered(list(self.cited)):
            first, *rest = bodies[note] or [Block("")]
            text = f"[^{note.label}]: {first}".rstrip()
            for block in rest:  # further paragraphs of a note are indented by four spaces
                text += "\n\n" + "\n".join("    " + line for line in block.split("\n"))
            out.append(Block(text))
        return out


# --- rules: one per AKN element (several elements may share one) ----------------------------------

def render_nothing(element: etree._Element, r: MarkdownRenderer) -> Pieces:
    """meta, eop, img: not part of the text (metadata, page breaks, logos)."""
    return []


def render_transparent(element: etree._Element, r: MarkdownRenderer) -> Pieces:
    """Semantic inline markup (docNumber, ref, date, …) and lists: their content, unmarked."""
    return r.children(element)


def render_unknown(element: etree._Element, r: MarkdownRenderer) -> Pieces:
    """Not in the table: keep everything inside it (the dispatcher has reported it)."""
    return r.children(element)


def render_block(element: etree._Element, r: MarkdownRenderer) -> Pieces:
    """p and containers: each run of text becomes a paragraph, nested blocks stay blocks."""
    return list(blocks(r.children(element)))


def render_numbered(element: etree._Element, r: MarkdownRenderer) -> Pieces:
    """paragraph: ``1. text``; the number goes in front of its first paragraph."""
    body = blocks(r.children(element, skip=("num",)))
    num = child(element, "num")
    if num is None:
        return list(body)
    label = plain_text(num)
    # "1." is meant as a Markdown list marker; anything else ("a)", "(i)") is text.
    prefix = label if ORDERED_MARKER.fullmatch(label) else write_line(r.children(num))
    if body and not isinstance(body[0], ItemLines):
        body[0] = Block(f"{prefix} {body[0]}" if prefix else body[0])
    elif prefix:
        body.insert(0, Block(prefix))
    return list(body)


def render_point(element: etree._Element, r: MarkdownRenderer) -> Pieces:
    """point: ``- a) text``, sub-items on the following lines, two spaces deeper per level."""
    indent = "  " * _depth(element, ("point", "item"))
    num = child(element, "num")
    label = write_line(r.children(num)) if num is not None else ""
    lines: list[str] = []
    for block in blocks(r.children(element, skip=("num",))):
        if isinstance(block, ItemLines):  # sub-items, already indented
            if not lines:  # the item has no text of its own before them
                lines.append(f"{indent}- {label}".rstrip())
            lines.append(block)
        elif not lines:
            lines.append(f"{indent}- {label} {block}" if label else f"{indent}- {block}")
        else:
            lines.append(f"{indent}  {block}")
    return [ItemLines("\n".join(lines or [f"{indent}- {label}".rstrip()]))]


def render_hierarchy(element: etree._Element, r: MarkdownRenderer) -> Pieces:
    """section, hcontainer, …: ``## num heading``, then the content."""
    title: Pieces = []
    for name in ("num", "heading"):
        part = child(element, name)
        if part is not None:
            title += [*r.children(part), " "]
    out: list[Block] = []
    line = write_line(title, heading=True)
    if line:
        out.append(Block(f"{_hashes(element)} {line}"))
    out += blocks(r.children(element, skip=("num", "heading")))
    return list(out)


def render_heading(element: etree._Element, r: MarkdownRenderer) -> Pieces:
    """heading or crossHeading outside a hierarchical unit: a heading line of its own."""
    line = write_line(r.children(element), heading=True)
    return [Block(f"{_hashes(element)} {line}")] if line else []


def _hashes(element: etree._Element) -> str:
    return "#" * min(2 + _depth(element, HIERARCHY), 6)


def render_italic(element: etree._Element, r: MarkdownRenderer) -> Pieces:
    """i: ``*…*`` (the key phrases and operative verbs)."""
    inner = r.children(element)
    return inner if _inside(element, "italic") else enclose(inner, "*")


def render_bold(element: etree._Element, r: MarkdownRenderer) -> Pieces:
    """b: ``**…**``."""
    inner = r.children(element)
    return inner if _inside(element, "bold") else enclose(inner, "**")


def render_span(element: etree._Element, r: MarkdownRenderer) -> Pieces:
    """span: the UN files style with ``class="italic"`` / ``class="bold"``."""
    pieces = r.children(element)
    if _styled(element, "italic") and not _inside(element, "italic"):
        pieces = enclose(pieces, "*")
    if _styled(element, "bold") and not _inside(element, "bold"):
        pieces = enclose(pieces, "**")
    return pieces


def render_eol(element: etree._Element, r: MarkdownRenderer) -> Pieces:
    """eol: the line ends; in the web text every line is a paragraph."""
    return [LineBreak("\n")]


def render_authorial_note(element: etree._Element, r: MarkdownRenderer) -> Pieces:
    """authorialNote: ``[^label]`` here, the note's text goes to the end."""
    return r.cite(r.notes[element])


def render_note_ref(element: etree._Element, r: MarkdownRenderer) -> Pieces:
    """noteRef: the same ``[^label]`` as the note it points to."""
    note = r.notes.target(element)
    if note is None:
        r.reporter.warn(f"noteRef to a missing note {element.get('href')!r} (line {element.sourceline}); marker kept as text")
        return [element.get("marker") or ""]
    return r.cite(note)


_TRANSPARENT = (
    # semantic inline elements of cover page, preface and conclusions
    "docNumber", "docTitle", "docType", "docAuthority", "docDate", "docStatus", "docProponent",
    "docCommittee", "docStage", "docPurpose", "docJurisdiction", "docketNumber", "docIntroducer",
    "session", "inline", "event", "location", "organization", "person", "role", "term", "concept",
    "object", "entity", "quantity", "process", "shortTitle", "def", "abbr", "signature",
    # links and dates: visible text only, the converter finds them again
    "ref", "a", "mref", "rref", "date", "time",
    # formatting Markdown has no syntax for
    "sup", "sub", "u", "ins", "del",
    # a num outside a numbered unit, and lists (their intro, items and wrap-up render themselves)
    "num", "list", "blockList",
)
_BLOCKS = (
    "akomaNtoso", "statement", "act", "bill", "doc", "documentCollection", "debate", "amendment",
    "coverPage", "preface", "preamble", "mainBody", "body", "conclusions", "attachments", "attachment",
    "components", "component", "container", "formula", "blockContainer", "content", "intro", "wrapUp",
    "listIntroduction", "listWrapUp", "p", "subheading", "longTitle",
)

RULES: dict[str, Rule] = {
    **{name: render_transparent for name in _TRANSPARENT},
    **{name: render_block for name in _BLOCKS},
    **{name: render_hierarchy for name in HIERARCHY},
    "meta": render_nothing,
    "eop": render_nothing,
    "img": render_nothing,
    "paragraph": render_numbered,
    "subparagraph": render_numbered,
    "point": render_point,
    "item": render_point,
    "heading": render_heading,
    "crossHeading": render_heading,
    "i": render_italic,
    "b": render_bold,
    "span": render_span,
    "eol": render_eol,
    "authorialNote": render_authorial_note,
    "noteRef": render_note_ref,
}


def to_markdown(root: etree._Element | etree._ElementTree | bytes | str, *, warnings: list | None = None) -> str:
    """The document as Markdown in the web-text layout; footnote definitions at the end."""
    element = to_root(root)
    renderer = MarkdownRenderer(element, Reporter(warnings))
    body = blocks(renderer.render(element))
    return join_blocks(body + renderer.footnote_definitions()) + "\n"
