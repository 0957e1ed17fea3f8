"""Preambular paragraphs: one per block, items attached to the paragraph before them."""
from __future__ import annotations

from ..inline import to_text
from ..model import ConversionWarning, PreambularParagraph
from ..segment import Block
from . import items as item_rules
from .keyphrase import preamble_key_phrase


def recognise_preamble(blocks: list[Block], warnings: list[ConversionWarning]) -> list[PreambularParagraph]:
    paragraphs: list[PreambularParagraph] = []
    for b in blocks:
        item = item_rules.item_match(b)
        if item:
            if not paragraphs:
                warnings.append(ConversionWarning(b.line, "an item before any preambular paragraph; kept as a paragraph"))
            else:
                item_rules.attach(paragraphs[-1].items, b, item)
                continue
        text = to_text(b.text, b.line)
        p = PreambularParagraph(text)
        span = preamble_key_phrase(text)
        if span:
            if text.marks:
                text.marks = [m for m in text.marks
                              if not (m.kind == "emphasis" and m.start < span[1] and m.end > span[0])]
            text.mark(span[0], span[1], "keyphrase")
            p.key_phrase = text.text[span[0]:span[1]]
        else:
            warnings.append(ConversionWarning(b.line, f"no key phrase recognised in preambular paragraph {text.text[:40]!r}"))
        paragraphs.append(p)
    return paragraphs
