"""The lines above the preamble: masthead (cover page) and the resolution's number and title.

One rule per kind of line, tried in order (``RULES``); the first that matches names the line.
A line no rule knows stays on the cover page as plain text, with a warning.
"""
from __future__ import annotations

import re
from typing import Callable

from ..inline import to_text
from ..lexicon import find_dates, ordinal_value
from ..lexicon.german import MONTH_PATTERN, ORGAN_GENITIVES, ORGANS
from ..model import ConversionWarning, CoverLine, Metadata
from ..segment import Block

SESSION = re.compile(r"^(?P<ord>[A-ZÄÖÜ][a-zäöüß]+)\s+(?:(?:ordentliche|Sonder-|Notstandssonder-|Sonder|Notstandssonder)\s*)?(?:Tagung|Sondertagung|Notstandssondertagung)$")
AGENDA = re.compile(r"^Tagesordnungspunkt(?:e)?\s+(?P<n>[\d\w.]+(?:\s*(?:und|,)\s*[\d\w.]+)*)$")
DISTRIBUTION = re.compile(r"^Verteilung:\s*\S+$")
SYMBOL = re.compile(r"^(?P<sym>[A-Z]{1,8}(?:/[A-Z0-9.\-]+)+)(?:\s*\((?P<year>\d{4})\))?$")
GA_TITLE = re.compile(r"^(?P<num>(?:[A-Z]{1,3}-)?\d{1,4}/\d{1,4})\.\s+(?P<title>\S.*)$")
SC_NUMBER = re.compile(r"^Resolution\s+(?P<num>\d{1,5})\s*\((?P<year>\d{4})\)$")
ADOPTED_BY = re.compile(r"^Resolution\s+(?:der|des)\s+(?P<organ>.+?)(?:,\s*verabschiedet\s+am\s+(?P<date>.+))?$")
ADOPTED_AT_MEETING = re.compile(r"^verabschiedet\s+auf\s+der\s+(?P<meeting>\d+\.\s+Sitzung.*?)\s+am\s+(?P<date>.+)$")
PROPONENT = re.compile(r"^\[.*\]$")
COLUMN_GAP = re.compile(r"\s{3,}")  # two masthead columns on one extracted line
DATE_ONLY = re.compile(r"^[0-3]?\d\.\s*\w+\s+\d{4}$")
# compiled once: re's module functions look a pattern up in a cache on every call, and an
# f-string pattern is built (and hashed) anew each time
PERIOD_WORDS = re.compile(rf"\b(?:{MONTH_PATTERN})\b|\d+|bis|und")
YEAR = re.compile(r"\d{4}")
WORD_CHARACTER = re.compile(r"\w")
WHITE_SPACE = re.compile(r"\s+")


# --- one rule per kind of line: (line, metadata) -> the line's value, or None -------------

def _publisher(line: str, meta: Metadata) -> str | None:
    return "" if line == "Vereinte Nationen" else None


def _organ(line: str, meta: Metadata) -> str | None:
    if line not in ORGANS:
        return None
    meta.organ = meta.organ or line
    return ""


def _status(line: str, meta: Metadata) -> str | None:
    return "" if DISTRIBUTION.match(line) else None


def _symbol(line: str, meta: Metadata) -> str | None:
    if not SYMBOL.match(line):
        return None
    meta.symbol = meta.symbol or line
    return line


def _issued(line: str, meta: Metadata) -> str | None:
    dates = find_dates(line) if DATE_ONLY.match(line) else []
    if not dates:
        return None
    meta.issued = meta.issued or dates[0][2]
    return dates[0][2].isoformat()


def _session(line: str, meta: Metadata) -> str | None:
    m = SESSION.match(line)
    value = ordinal_value(m.group("ord")) if m else None
    if value is None:
        return None
    meta.session = value
    return str(value)


def _agenda_item(line: str, meta: Metadata) -> str | None:
    m = AGENDA.match(line)
    if not m:
        return None
    meta.agenda_item = m.group("n")
    return meta.agenda_item


def _adoption(line: str, meta: Metadata) -> str | None:
    """"Resolution der Generalversammlung, verabschiedet am 19. Dezember 2023"."""
    m = ADOPTED_BY.match(line)
    organ = ORGAN_GENITIVES.get(m.group("organ").strip(" ,"), "") if m else ""
    if not organ:
        return None
    meta.organ = meta.organ or organ
    dates = find_dates(line)
    if dates:
        meta.adopted = dates[0][2]
    return dates[0][2].isoformat() if dates else ""


def _number(line: str, meta: Metadata) -> str | None:
    """The Security Council's "Resolution 2700 (2023)"."""
    m = SC_NUMBER.match(line)
    if not m:
        return None
    meta.number = f"{m.group('num')} ({m.group('year')})"
    return meta.number


def _adoption_meeting(line: str, meta: Metadata) -> str | None:
    """"verabschiedet auf der 9444. Sitzung des Sicherheitsrats am 19. Oktober 2023"."""
    m = ADOPTED_AT_MEETING.match(line)
    if not m:
        return None
    dates = find_dates(line)
    if dates:
        meta.adopted = dates[0][2]
    meta.meeting = m.group("meeting").split(".")[0]
    return dates[0][2].isoformat() if dates else ""


def _session_period(line: str, meta: Metadata) -> str | None:
    return "" if _is_period(line) else None


def _proponent(line: str, meta: Metadata) -> str | None:
    return "" if PROPONENT.match(line) else None


def _title(line: str, meta: Metadata) -> str | None:
    """"78/228. Verbesserung der Koordinierung …": the number and title of the resolution."""
    m = GA_TITLE.match(line)
    if not m:
        return None
    meta.number = m.group("num")
    meta.title = m.group("title").strip()
    return meta.number


Rule = Callable[[str, Metadata], "str | None"]
RULES: list[tuple[str, Rule]] = [
    ("publisher", _publisher),
    ("organ", _organ),
    ("status", _status),
    ("symbol", _symbol),
    ("issued", _issued),
    ("session", _session),
    ("agendaItem", _agenda_item),
    ("adoption", _adoption),
    ("number", _number),
    ("adoptionMeeting", _adoption_meeting),
    ("sessionPeriod", _session_period),
    ("proponent", _proponent),
    ("title", _title),
]


def _classify(line: str, meta: Metadata, after_agenda: bool) -> tuple[str, str] | None:
    """(kind, value) for a masthead line, or None; an unknown line after the agenda item is its title."""
    for kind, rule in RULES:
        value = rule(line, meta)
        if value is not None:
            return kind, value
    if after_agenda:
        return "agendaItemTitle", meta.agenda_item
    return None


def _is_period(line: str) -> bool:
    """A line of dates only: "26. Februar–5. April 2024", "7.–12. März 2021"."""
    if not YEAR.search(line):
        return False
    return not WORD_CHARACTER.search(PERIOD_WORDS.sub("", line))


# Lines that belong to the preface (the resolution's own heading) rather than the cover page.
PREFACE_KINDS = {"title", "number", "adoptionMeeting"}


def recognise_front(blocks: list[Block], meta: Metadata) -> tuple[list[CoverLine], list[CoverLine], list[ConversionWarning]]:
    cover: list[CoverLine] = []
    preface: list[CoverLine] = []
    warnings: list[ConversionWarning] = []
    after_agenda = False
    for b in blocks:
        for part in COLUMN_GAP.split(b.text.strip()):
            after_agenda = _one_line(Block(part, b.line), meta, after_agenda, cover, preface, warnings)
    if not meta.symbol and meta.number:
        meta.symbol = derive_symbol(meta)
    return cover, preface, warnings


def _one_line(b: Block, meta: Metadata, after_agenda: bool, cover: list[CoverLine],
              preface: list[CoverLine], warnings: list[ConversionWarning]) -> bool:
    """Classify one masthead line and file it; True when an agenda item title may follow."""
    line = WHITE_SPACE.sub(" ", b.plain)
    found = _classify(line, meta, after_agenda)
    if found is None:
        warnings.append(ConversionWarning(b.line, f"masthead line not recognised, kept as text: {line[:60]!r}"))
        kind, value = "text", ""
    else:
        kind, value = found
    entry = CoverLine(kind, to_text(b.text, b.line), value)
    _mark_adoption(entry)
    (preface if kind in PREFACE_KINDS or preface else cover).append(entry)
    return kind in ("agendaItem", "agendaItemTitle")


MEETING_SPAN = re.compile(r"\d+\.\s+Sitzung[^,]*?(?=\s+am\s)")


def _mark_adoption(line: CoverLine) -> None:
    """The adoption lines carry the adoption date ("verabschiedet am 19. Dezember 2023") and the
    meeting ("auf der 50. Sitzung"): marked here, written as docDate and inline by building."""
    if line.kind == "adoptionMeeting":
        m = MEETING_SPAN.search(line.text.text)
        if m:
            line.text.mark(m.start(), m.end(), "inline", "adoptionMeeting")
    if line.kind in ("adoption", "adoptionMeeting"):
        for s, e, d in find_dates(line.text.text):
            line.text.mark(s, e, "date", d.isoformat())


def derive_symbol(meta: Metadata) -> str:
    """The document symbol implied by the number and organ (A/RES/78/228, S/RES/2700 (2023))."""
    if meta.organ == "Sicherheitsrat":
        return f"S/RES/{meta.number}"
    if meta.organ == "Wirtschafts- und Sozialrat":
        return f"E/RES/{meta.number}"
    if meta.organ == "Menschenrechtsrat":
        return f"A/HRC/RES/{meta.number}"
    return f"A/RES/{meta.number}"
