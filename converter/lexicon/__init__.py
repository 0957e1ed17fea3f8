"""The German language of resolutions: word lists (german.py) and the parsers built on them."""
from __future__ import annotations

import datetime as _dt
import re

from .german import IRREGULAR_ORDINAL_STEMS, MONTH_PATTERN, MONTHS, TEENS, TENS, UNITS

__all__ = ["cardinal_value", "ordinal_value", "find_dates", "parse_date", "DATE_RE", "ends_with_split_word"]

# "19. Dezember 2023", "1. Oktober 2024"; the day may stand at a line end before the month.
# "\b[0-3]?\d", written digit-first so that the engine can skip to digits
DATE_RE = re.compile(rf"(?P<day>\d(?<!\w\d)(?:(?<=[0-3])\d)?)\.\s*(?P<month>{MONTH_PATTERN})\s+(?P<year>\d{{4}})(?!\d)")
# DATE_RE from its full stop on: led by a literal, so that a search skips to full stops
DATE_TAIL = re.compile(rf"\.\s*(?P<month>{MONTH_PATTERN})\s+(?P<year>\d{{4}})(?!\d)")


HUNDREDS = re.compile(r"(ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun)?hundert(und)?")


def cardinal_value(word: str) -> int | None:
    """Value of a German cardinal number word below 1000: "achtundsiebzig" -> 78."""
    w = word.lower()
    total = 0
    m = HUNDREDS.match(w)
    if m:
        total = UNITS.get(m.group(1) or "ein", 1) * 100
        w = w[m.end():]
        if not w:
            return total
    if w in UNITS:
        return total + UNITS[w]
    if w in TEENS:
        return total + TEENS[w]
    if w in TENS:
        return total + TENS[w]
    if "und" in w:
        unit, _, tens = w.partition("und")
        if unit in UNITS and tens in TENS:
            return total + UNITS[unit] + TENS[tens]
    return None


def ordinal_value(word: str) -> int | None:
    """Value of a German ordinal word in any inflection: "Achtundsiebzigste" -> 78, "dritte" -> 3."""
    w = word.lower()
    for suffix in ("sten", "ster", "stes", "stem", "ste", "ten", "ter", "tes", "tem", "te", "en", "er", "es", "e"):
        if not w.endswith(suffix) or len(w) <= len(suffix):
            continue
        stem = w[: -len(suffix)]
        value = IRREGULAR_ORDINAL_STEMS.get(stem) or cardinal_value(stem)
        if value is not None:
            return value
    return None


def parse_date(text: str) -> _dt.date | None:
    """The first full date in text ("19. Dezember 2023"), or None."""
    for d in find_dates(text):
        return d[2]
    return None


def find_dates(text: str) -> list[tuple[int, int, _dt.date]]:
    """All full dates in text as (start, end, date); impossible dates are skipped.

    What ``DATE_RE.finditer(text)`` finds, tried only at full stops that a month and year
    follow (DATE_TAIL, a search that skips to full stops): a German date is "19. April 2004", so
    it starts one or two characters before such a stop. DATE_RE itself would be tried at every
    digit of a text full of resolution numbers, and a search for month names at every capital
    letter; a Python loop over every full stop costs more than the search. DATE_RE from the
    stop on is DATE_TAIL, so the date is built from the tail's groups and the day before it,
    checked as DATE_RE checks it (no second match)."""
    out = []
    pos = 0
    tail = DATE_TAIL.search(text, 1)
    while tail:
        stop = tail.start()
        if text[stop - 1].isdecimal():  # what \d matches
            # a day of two digits starts two characters before, one of one digit one before
            # (after a digit, DATE_RE's look-behind fails there)
            start = stop - 2 if stop >= 2 and text[stop - 2].isdecimal() else stop - 1
            # DATE_RE's day: no word character before it ("(?<!\w\d)"), two digits only from 0-3
            # (\w is str.isalnum or "_", over all code points: tested here, not by a call)
            if (start >= pos and not (start and (text[start - 1].isalnum() or text[start - 1] == "_"))
                    and (start == stop - 1 or text[start] in "0123")):
                pos = tail.end()
                year, month = tail.group("year", "month")
                try:
                    d = _dt.date(int(year), MONTHS[month.lower()], int(text[start:stop]))
                except ValueError:
                    d = None
                if d is not None:
                    out.append((start, pos, d))
        tail = DATE_TAIL.search(text, pos if pos > stop else stop + 1)  # max(stop + 1, pos)
    return out


def ends_with_split_word(text: str) -> bool:
    """Does the text end with a word cut by a hyphen ("Zusam-")? Written without a regex: a
    pattern anchored with "$" is tried at every position of the text."""
    t = text.rstrip()
    return len(t) > 1 and t[-1] == "-" and t[-2].isalpha()
