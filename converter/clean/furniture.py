"""Page furniture: what a printed page adds around the text and the text does not contain.

Rule lines, page numbers ("3/12"), job numbers ("23-26345 (G)"), the symbol repeated as a
running head, and a running head that repeats the start of the title. The first symbol line of
the masthead is text (it goes to the cover page); only its repetitions are furniture.
"""
from __future__ import annotations

import re

from . import Cleaned, replace_with_break

PAGE_NUMBER = re.compile(r"^\d{1,3}\s*/\s*\d{1,3}$")
JOB_NUMBER = re.compile(r"^\d{2}-\d{4,6}\s*(\([A-Z]\))?\s*(\*\d+\*)?$")
SYMBOL_LINE = re.compile(r"^[A-Z]{1,8}(?:/[A-Z0-9.\-]+)+(?:\s*\(\d{4}\))?$")
TITLE_LINE = re.compile(r"^\s*(?:[A-Z]{1,3}-)?\d{1,4}/\d{1,4}\.\s+(\S.*)$")
HEAD_WINDOW = 2  # a running head stands within this many lines of other furniture


def drop_page_furniture(doc: Cleaned) -> None:
    texts = [l.text.strip() for l in doc.lines]
    furniture: set[int] = set()
    seen_symbol = False
    for i, t in enumerate(texts):
        if not t:
            continue
        if PAGE_NUMBER.match(t) or JOB_NUMBER.match(t):
            furniture.add(i)
        elif SYMBOL_LINE.match(t):
            if seen_symbol:
                furniture.add(i)
            seen_symbol = True
    title = _title(texts)
    if title and furniture:
        for i, t in enumerate(texts):
            if i in furniture or len(t) < 10 or TITLE_LINE.match(t) or not title.startswith(t):
                continue
            near = range(max(0, i - HEAD_WINDOW), min(len(texts), i + HEAD_WINDOW + 1))
            if any(j in furniture for j in near):
                furniture.add(i)
    for i in sorted(furniture):
        doc.furniture.add(doc.lines[i].no)
    replace_with_break(doc, furniture)


def _title(texts: list[str]) -> str:
    """The resolution's title as printed under its number, wrapped lines joined."""
    for i, t in enumerate(texts[:80]):
        m = TITLE_LINE.match(t)
        if m:
            parts = [m.group(1)]
            for nxt in texts[i + 1:i + 4]:
                if not nxt:
                    break
                parts.append(nxt)
            return re.sub(r"\s+", " ", " ".join(parts))
    return ""
