"""Page furniture: what a printed page adds around the text and the text does not contain.

Page numbers ("3/12", "3"), job numbers ("23-26345 (G)"), the symbol repeated as a running
head, and a running head that repeats the start of the title, alone on a line or side by side
("A/RES/78/228      Verbesserung der …"). The first symbol line of
the masthead is text (it goes to the cover page); only its repetitions are furniture.
"""
from __future__ import annotations

import re

from . import Cleaned, Line, replace_with_break

PAGE_NUMBER = re.compile(r"^\d{1,3}\s*/\s*\d{1,3}$")
JOB_NUMBER = re.compile(r"^\d{2}-\d{4,6}\s*(\([A-Z]\))?\s*(\*\d+\*)?$|^\*\d{5,}\*$|^\d{6}$")  # job, barcode, date code
SYMBOL_LINE = re.compile(r"^[A-Z]{1,8}(?:/[A-Z0-9.\-]+)+(?:\s*\(\d{4}\))?$")
TITLE_LINE = re.compile(r"^\s*(?:[A-Z]{1,3}-)?\d{1,4}/\d{1,4}\.\s+(\S.*)$")
BARE_PAGE_NUMBER = re.compile(r"^\d{1,3}$")
COLUMN_GAP = re.compile(r"\s{3,}")  # a header or footer with two columns on one extracted line
HEAD_WINDOW = 2  # a running head stands within this many lines of other furniture


def _kind(part: str, title: str) -> str:
    """What a piece of a line is: "page", "job", "symbol", "title" (a running head) or "text"."""
    if part.upper() != part:  # lower-case letters: no number or symbol, at most a running head
        return "title" if _is_running_head(part, title) else "text"
    if PAGE_NUMBER.match(part) or BARE_PAGE_NUMBER.match(part):
        return "page"
    if JOB_NUMBER.match(part):
        return "job"
    if SYMBOL_LINE.match(part):
        return "symbol"
    return "title" if _is_running_head(part, title) else "text"


def _is_running_head(part: str, title: str) -> bool:
    return bool(title) and len(part) >= 10 and title.startswith(part) and not TITLE_LINE.match(part)


# Letters that upper() changes, which a line of running text most often starts with
LOWER_CASE_STARTS = frozenset("abcdefghijklmnopqrstuvwxyzäöüß")


def drop_page_furniture(doc: Cleaned) -> None:
    lines = doc.lines
    title = _title(lines)
    # A line that starts with a lower-case letter and has no column gap is text, as the test
    # below finds (its head has a lower-case letter; the title, unless it starts with one too,
    # does not start with it): most lines, asked without stripping and slicing them
    text_starts = LOWER_CASE_STARTS if title[:1] not in LOWER_CASE_STARTS else frozenset()
    furniture: set[int] = set()
    running_heads: list[int] = []
    seen_symbol = False
    for i, line in enumerate(lines):
        raw = line.text
        if raw[:1] in text_starts and "   " not in raw:
            continue
        if line.kind == "blank":
            continue
        t = raw.strip()
        if not t:
            continue  # a break
        head = t[:16]
        if "   " not in t and head.upper() != head and not (title and title.startswith(t)):
            continue  # lower-case letters early on, not the title's start: text (most lines, asked first)
        kinds = [_kind(part, title) for part in (COLUMN_GAP.split(t) if "   " in t else [t])]
        if "text" in kinds:
            continue
        if kinds == ["title"]:
            running_heads.append(i)  # decided below: only next to other furniture
        elif kinds == ["symbol"] and not seen_symbol:
            seen_symbol = True  # the masthead's symbol is text of the cover page
        else:
            seen_symbol = seen_symbol or "symbol" in kinds
            furniture.add(i)
    for i in running_heads:
        near = range(max(0, i - HEAD_WINDOW), min(len(lines), i + HEAD_WINDOW + 1))
        if any(j in furniture for j in near):
            furniture.add(i)
    for i in sorted(furniture):
        doc.furniture.add(lines[i].no)
    replace_with_break(doc, furniture)


TITLE_WITHIN = 80  # the title's number stands within this many lines of the start


def _title(lines: list[Line]) -> str:
    """The resolution's title as printed under its number, wrapped lines joined."""
    for i, line in enumerate(lines[:TITLE_WITHIN]):
        m = TITLE_LINE.match(line.text.strip()) if "/" in line.text else None  # the number has a "/"
        if m:
            parts = [m.group(1)]
            for nxt in lines[i + 1:i + 4]:
                t = nxt.text.strip()
                if not t:
                    break
                parts.append(t)
            return re.sub(r"\s+", " ", " ".join(parts))
    return ""
