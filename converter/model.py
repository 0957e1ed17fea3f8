"""The typed model of a resolution: what the recognisers produce and the builder consumes.

Inline content is stand-off: a ``Text`` holds its plain string, and marks (emphasis, key phrase,
operative verb, reference, date) and note anchors point into it by character offset. Stages add
marks without rewriting the string, so no stage can change a word of the text by accident.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, Union

MarkKind = Literal["emphasis", "keyphrase", "verb", "ref", "date", "inline"]


@dataclass(frozen=True)
class ConversionWarning:
    """Something the converter was unsure about; it still produced output."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class ConversionError(Exception):
    """The input cannot be turned into an honest document (or the result failed a check)."""

    def __init__(self, message: str, line: int | None = None, source: str | None = None):
        self.message = message
        self.line = line
        self.source = source
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.source or "<input>"
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.message}"


@dataclass(slots=True)  # made by the hundred per document: no attribute dict
class Mark:
    """A span of a Text with a meaning; ``value`` holds an href, an ISO date or an inline's name."""

    start: int
    end: int
    kind: MarkKind
    value: str = ""


@dataclass(slots=True)  # made by the hundred per document: no attribute dict
class NoteAnchor:
    """The place of a footnote marker in a Text."""

    offset: int
    marker: str


@dataclass(slots=True)  # made by the hundred per document: no attribute dict
class Text:
    """A run of text with its marks and note anchors; ``line`` is the source line it starts on."""

    text: str
    line: int = 0
    marks: list[Mark] = field(default_factory=list)
    notes: list[NoteAnchor] = field(default_factory=list)

    def mark(self, start: int, end: int, kind: MarkKind, value: str = "") -> None:
        if 0 <= start < end <= len(self.text):
            self.marks.append(Mark(start, end, kind, value))

    def marked(self, kind: MarkKind) -> list[str]:
        return [self.text[m.start:m.end] for m in sorted(self.marks, key=lambda m: m.start) if m.kind == kind]


@dataclass
class Footnote:
    marker: str
    text: Text


@dataclass
class Item:
    """A lettered or numbered sub-item: "a)", "i)"; ``text`` is its intro when it has items."""

    num: str
    text: Text
    items: list["Item"] = field(default_factory=list)


@dataclass
class PreambularParagraph:
    text: Text
    key_phrase: str = ""
    items: list[Item] = field(default_factory=list)


@dataclass
class OperativeParagraph:
    num: str | None
    text: Text
    items: list[Item] = field(default_factory=list)


@dataclass
class Section:
    """A heading and the paragraphs under it ("I. Verhütung des Menschenhandels")."""

    num: str | None
    heading: Text
    paragraphs: list[OperativeParagraph] = field(default_factory=list)


BodyPart = Union[OperativeParagraph, Section]


@dataclass
class CoverLine:
    """One line above the resolution's number; ``kind`` says what it is (see recognise.masthead)."""

    kind: str
    text: Text
    value: str = ""


@dataclass
class Annex:
    label: Text
    title: Text | None
    intro: list[Text] = field(default_factory=list)
    body: list[BodyPart] = field(default_factory=list)


@dataclass
class Conclusions:
    meeting: Text | None
    date_text: Text | None
    date: dt.date | None = None
    remarks: list[Text] = field(default_factory=list)  # "[Ohne Abstimmung verabschiedet.]"


@dataclass
class Metadata:
    organ: str = ""            # "Generalversammlung", "Sicherheitsrat", …
    number: str = ""           # "78/228", "2700 (2023)"
    symbol: str = ""           # "A/RES/78/228"
    session: int | None = None
    adopted: dt.date | None = None
    issued: dt.date | None = None
    title: str = ""
    agenda_item: str = ""
    meeting: str = ""


@dataclass
class Resolution:
    metadata: Metadata
    cover: list[CoverLine] = field(default_factory=list)
    preface: list[CoverLine] = field(default_factory=list)
    formula: Text | None = None
    preamble: list[PreambularParagraph] = field(default_factory=list)
    body: list[BodyPart] = field(default_factory=list)
    conclusions: Conclusions | None = None
    annexes: list[Annex] = field(default_factory=list)
    footnotes: dict[str, Footnote] = field(default_factory=dict)
    warnings: list[ConversionWarning] = field(default_factory=list)

    def operative_paragraphs(self) -> list[OperativeParagraph]:
        return list(iter_paragraphs(self.body))


def iter_paragraphs(parts: list[BodyPart]):
    for part in parts:
        if isinstance(part, Section):
            yield from part.paragraphs
        else:
            yield part
