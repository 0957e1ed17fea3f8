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

import functools
import re
from pathlib import Path

from lxml import etree

from .build import A
from .clean import Cleaned
from .clean.footnotes import TO_DIGITS
from .model import ConversionError

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
SCHEMA_FILE = SCHEMA_DIR / "akomantoso30.xsd"
ALNUM = re.compile(r"[^\W_]+")
LINK_TARGET = re.compile(r"(?<!\\)\]\([^)\s]*\)")
# Markup the converter writes that is not text of the input.
NOT_TEXT = {A + "meta"}


@functools.lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    """The OASIS schema, compiled once per process (about 0.15 s)."""
    if not SCHEMA_FILE.exists():
        raise ConversionError(f"schema not found at {SCHEMA_FILE}")
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(SCHEMA_FILE), parser))


def schema_errors(tree: etree._ElementTree) -> list[str]:
    s = schema()
    if s.validate(tree):
        return []
    return [f"line {e.line}: {e.message}" for e in s.error_log]


def id_errors(tree: etree._ElementTree) -> list[str]:
    errors = []
    seen: set[str] = set()
    for el in tree.iter():
        eid = el.get("eId") if isinstance(el.tag, str) else None
        if eid is None:
            continue
        if eid in seen:
            errors.append(f"duplicate eId {eid}")
        seen.add(eid)
    for ref in tree.iter(A + "noteRef"):
        target = (ref.get("href") or "").lstrip("#")
        if target not in seen:
            errors.append(f"noteRef to missing note {target}")
    return errors


def numbering_gaps(tree: etree._ElementTree) -> list[tuple[str, int, int]]:
    """(where, after, found) for each paragraph number that does not follow its predecessor."""
    gaps = []
    for body in tree.iter(A + "mainBody"):
        nums = [p.findtext(A + "num") for p in body.iter(A + "paragraph")]
        values = [int(m.group(1)) for n in nums if n and (m := re.match(r"\s*(\d+)", n))]
        for before, after in zip(values, values[1:]):
            if after != before + 1:
                gaps.append((body.getparent().get("name") or "", before, after))
    return gaps


def _stream(el: etree._Element, out: list[str], notes: list[tuple[str, str]], unmarked: set[str]) -> None:
    """Letters and digits of el in document order; a note's own text goes to ``notes``.

    A note marker counts as text (the input had its digits), unless the converter placed the
    note itself because the input had no marker for it."""
    if el.tag in NOT_TEXT:
        return
    marker = el.get("marker") or ""
    if el.tag == A + "authorialNote":
        out.append("" if marker in unmarked else marker)
        inner: list[str] = []
        for child in el:
            _stream(child, inner, notes, unmarked)
        notes.append((marker, "".join(inner)))
        return
    if el.tag == A + "noteRef":
        out.append("" if marker in unmarked else marker)
    if el.text:
        out.append(_alnum(el.text))
    for child in el:
        if isinstance(child.tag, str):
            _stream(child, out, notes, unmarked)
        if child.tail:
            out.append(_alnum(child.tail))


def _alnum(s: str) -> str:
    return "".join(ALNUM.findall(s.translate(TO_DIGITS)))


def output_streams(tree: etree._ElementTree, unmarked: set[str] = frozenset()) -> tuple[str, dict[str, str]]:
    out: list[str] = []
    notes: list[tuple[str, str]] = []
    _stream(tree.getroot(), out, notes, set(unmarked))
    return "".join(out), dict(notes)


def input_streams(source_lines: list[str], cleaned: Cleaned) -> tuple[str, list[tuple[int, int]]]:
    """Letters and digits of the input less furniture and note lines, with a position -> line map."""
    parts: list[str] = []
    index: list[tuple[int, int]] = []  # (offset in stream, line number)
    offset = 0
    skip = cleaned.furniture | cleaned.note_lines
    for no, line in enumerate(source_lines, 1):
        if no in skip:
            continue
        if cleaned.form == "web":
            line = LINK_TARGET.sub("]", line)  # a Markdown link's target is markup, its label text
        s = "".join(ALNUM.findall(line.translate(TO_DIGITS)))
        if s:
            index.append((offset, no))
            parts.append(s)
            offset += len(s)
    return "".join(parts), index


def _line_at(index: list[tuple[int, int]], pos: int) -> int:
    line = index[0][1] if index else 1
    for offset, no in index:
        if offset > pos:
            break
        line = no
    return line


def loss_errors(source_lines: list[str], cleaned: Cleaned, tree: etree._ElementTree) -> list[tuple[int, str]]:
    """(line, message) for each place where output and input text differ."""
    errors: list[tuple[int, str]] = []
    got, got_notes = output_streams(tree, cleaned.unmarked)
    want, index = input_streams(source_lines, cleaned)
    if got != want:
        i = next((k for k, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
        line = _line_at(index, i)
        errors.append((line, f"text differs from the input here: input has {want[i:i + 30]!r}, "
                             f"output has {got[i:i + 30]!r}"))
    for marker, raw in cleaned.notes.items():
        expected = "".join(ALNUM.findall(" ".join(raw.lines).translate(TO_DIGITS)))
        if got_notes.get(marker) != expected:
            if marker not in got_notes:
                errors.append((raw.line, f"footnote {marker} is missing from the output"))
            else:
                errors.append((raw.line, f"footnote {marker} differs from the input"))
    return errors
