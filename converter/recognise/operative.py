"""Operative paragraphs: numbered blocks in sequence, their items, and headings between them.

A number is a paragraph's only when it continues the sequence (or restarts it at 1 where a
new part, such as an annex, begins); a heading is a short unnumbered block without a terminator.
"""
from __future__ import annotations

import re

from ..inline import to_text
from ..model import BodyPart, ConversionWarning, OperativeParagraph, Section
from ..segment import NUMBERED, ROMAN_HEADING, Block, terminated
from . import items as item_rules
from .keyphrase import operative_verb_phrase

HEADING_MAX_WORDS = 14


def is_heading(block: Block) -> bool:
    plain = block.plain
    if ROMAN_HEADING.match(plain):
        return True
    return (not terminated(block.text) and plain[:1].isupper()
            and len(plain.split()) <= HEADING_MAX_WORDS and not NUMBERED.match(plain))


def split_num(block: Block, m: re.Match[str]) -> tuple[str, str]:
    """("12.", rest with markers) for a numbered block; ``m`` is NUMBERED's match of its plain text."""
    num = m.group(0)
    # the first number in the marked text is the first in it stripped (a number holds no white
    # space): no stripped copy of the whole text, unless a marker splits the number (find fails)
    idx = block.text.find(num)
    if idx == -1:
        return num, block.text.lstrip()[len(num) - 1:]
    return num, block.text[idx + len(num):]


def recognise_body(blocks: list[Block], warnings: list[ConversionWarning], mark_verbs: bool) -> list[BodyPart]:
    parts: list[BodyPart] = []
    section: Section | None = None
    current: OperativeParagraph | None = None
    expected = 1
    for b in blocks:
        plain = b.plain
        m = NUMBERED.match(plain)
        if m:
            n = int(m.group(1))
            if n != expected:
                warnings.append(ConversionWarning(b.line, f"paragraph {n} follows paragraph {expected - 1}; numbering kept as in the input"))
            expected = n + 1
            num, rest = split_num(b, m)
            text = to_text(rest, b.line)
            if mark_verbs:
                _mark_verb(text)
            current = OperativeParagraph(num, text)
            (section.paragraphs if section else parts).append(current)
            continue
        if current is not None and (item := item_rules.item_match(b)):
            item_rules.attach(current.items, b, item)
            continue
        if is_heading(b):
            h = ROMAN_HEADING.match(plain)
            if h:
                marked = b.text.lstrip()
                head_text = marked[marked.find(h.group(0)) + len(h.group(0)):]
                section = Section(h.group(0), to_text(head_text, b.line))
            else:
                section = Section(None, to_text(b.text, b.line))
            parts.append(section)
            current = None
            continue
        # unnumbered text: a single operative paragraph, or text the numbering does not explain
        text = to_text(b.text, b.line)
        if mark_verbs:
            _mark_verb(text)
        if current is not None or parts:
            warnings.append(ConversionWarning(b.line, "unnumbered paragraph among numbered ones; kept as its own paragraph"))
        current = OperativeParagraph(None, text)
        (section.paragraphs if section else parts).append(current)
    return parts


def _mark_verb(text) -> None:
    spans = operative_verb_phrase(text)
    if spans and text.marks:  # the emphasis under the verb phrase gives way to it
        text.marks = [m for m in text.marks if m.kind != "emphasis" or not _overlaps(m, spans)]
    for s, e in spans:
        text.mark(s, e, "verb")


def _overlaps(m, spans: list[tuple[int, int]]) -> bool:
    for s, e in spans:  # a loop: a generator in any() costs more than the test for a span or two
        if m.start < e and m.end > s:
            return True
    return False
