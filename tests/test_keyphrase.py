"""Key phrases of preambular paragraphs and verb phrases of operative paragraphs (German)."""
from __future__ import annotations

import pytest

from converter.model import Mark, Text
from converter.recognise.keyphrase import is_participle, operative_verb_phrase, preamble_key_phrase


def key(text: str, marks: list[Mark] | None = None) -> str | None:
    span = preamble_key_phrase(Text(text, marks=marks or []))
    return text[span[0]:span[1]] if span else None


def verbs(text: str, marks: list[Mark] | None = None) -> list[str]:
    return [text[s:e] for s, e in operative_verb_phrase(Text(text, marks=marks or []))]


@pytest.mark.parametrize("text, phrase", [
    ("in Bekräftigung ihrer nachdrücklichen Verurteilung des Menschenhandels,", "in Bekräftigung"),
    ("unter erneutem Hinweis darauf, dass die Staaten verpflichtet sind,", "unter erneutem Hinweis"),
    ("mit dem Ausdruck seiner tiefen Besorgnis über die Lage in Haiti,", "mit dem Ausdruck seiner tiefen Besorgnis"),
    ("mit dem Ausdruck ihrer Besorgnis über die zunehmenden Berichte,", "mit dem Ausdruck ihrer Besorgnis"),
    ("unter erneuter Bekundung ihrer Besorgnis darüber, dass", "unter erneuter Bekundung ihrer Besorgnis"),
    ("die Mitgliedstaaten ermutigend, ihre Anstrengungen fortzusetzen,", "ermutigend"),
    ("mit tiefer Sorge Kenntnis nehmend von dem Bericht,", "Kenntnis nehmend"),
    ("mit Anerkennung davon Kenntnis nehmend, dass die Gruppe", "mit Anerkennung davon Kenntnis nehmend"),
    ("mit Anerkennung Kenntnis nehmend von der Arbeit,", "mit Anerkennung Kenntnis nehmend"),
    ("mit Dank Kenntnis nehmend von den Initiativen,", "mit Dank Kenntnis nehmend"),
    ("davon Kenntnis nehmend, dass in der Erklärung", "davon Kenntnis nehmend"),
    ("Kenntnis nehmend von dem Bericht des Generalsekretärs,", "Kenntnis nehmend"),
    ("besorgt darüber, dass die Zahl der Opfer steigt,", "besorgt darüber"),
    ("zutiefst besorgt über die Lage,", "zutiefst besorgt"),
    ("eingedenk dessen, dass alle Staaten verpflichtet sind,", "eingedenk"),
    ("tätig werdend nach Kapitel VII der Charta der Vereinten Nationen,", "tätig werdend"),
    ("es begrüßend, dass die Staaten zusammenarbeiten,", "es begrüßend"),
    ("sowie unter Hinweis auf ihre Resolution 70/1,", "sowie unter Hinweis"),
    ("ferner unter Hinweis auf die Resolutionen des Rates,", "ferner unter Hinweis"),
    ("ferner in der Erkenntnis, dass", "ferner in der Erkenntnis"),
    ("im Bewusstsein der Notwendigkeit,", "im Bewusstsein"),
    ("in Anbetracht dessen, dass", "in Anbetracht"),
    ("unter nachdrücklicher Verurteilung aller Angriffe,", "unter nachdrücklicher Verurteilung"),
    ("geleitet von den Zielen und Grundsätzen der Charta,", "geleitet"),
    ("daran erinnernd, dass die Gruppe eingerichtet wurde,", "daran erinnernd"),
    ("feststellend, dass gemäß dem Übereinkommen", "feststellend"),
    ("bekräftigend, dass der Kapazitätsaufbau wichtig ist,", "bekräftigend"),
    ("erneut erklärend, dass der Weltaktionsplan ausgearbeitet wurde, um", "erneut erklärend"),
    ("sowie anerkennend, wie wichtig die Rolle ist,", "sowie anerkennend"),
    ("entschlossen, die strikte Achtung der Charta zu fördern,", "entschlossen"),
])
def test_preamble_key_phrase(text, phrase):
    assert key(text) == phrase


@pytest.mark.parametrize("text", [
    "nach Behandlung des Berichts,",
    "",
    "2030 als Zieljahr,",
])
def test_no_preamble_key_phrase(text):
    assert key(text) is None


def test_adverbs_ending_in_end_are_no_participles():
    # "dringend", "entsprechend", "zunehmend" end like participles but carry no phrase
    assert key("dringend erforderlich, dass die Staaten handeln, entsprechend ihrer Pflicht,") is None
    assert not is_participle("entsprechend")
    assert not is_participle("Abend")
    assert is_participle("bekräftigend")
    assert is_participle("erinnernd")


def test_italics_win_in_the_preamble():
    text = "unter Hinweis auf ihre Resolution 70/1,"
    assert key(text, [Mark(0, len("unter Hinweis auf"), "emphasis")]) == "unter Hinweis auf"
    # italics far from the start are no key phrase
    late = "in Bekräftigung der Ziele der Charta der Vereinten Nationen und des Völkerrechts, einschließlich *Treaty*,"
    start = late.index("Treaty")
    assert key(late, [Mark(start, start + 6, "emphasis")]) == "in Bekräftigung"


@pytest.mark.parametrize("text, phrase", [
    ("fordert alle Staaten nachdrücklich auf, ihre Anstrengungen zu verstärken;", ["fordert", "nachdrücklich auf"]),
    ("nimmt Kenntnis von dem Bericht des Generalsekretärs;", ["nimmt Kenntnis"]),
    ("nimmt mit Anerkennung Kenntnis von dem Bericht;", ["nimmt mit Anerkennung Kenntnis"]),
    ("weist darauf hin, dass die Staaten verpflichtet sind;", ["weist darauf hin"]),
    ("stellt fest, dass in bewaffneten Konflikten der Menschenhandel verbreitet ist;", ["stellt fest"]),
    ("bekundet ihre tiefe Besorgnis darüber, dass es Verbindungen gibt;", ["bekundet ihre tiefe Besorgnis"]),
    ("beschließt, die Frage weiter zu behandeln;", ["beschließt"]),
    ("beschließt ferner, dass die Staaten berichten;", ["beschließt ferner"]),
    ("legt den Mitgliedstaaten eindringlich nahe, die Übereinkommen zu ratifizieren;", ["legt", "eindringlich nahe"]),
    ("fordert die Mitgliedstaaten außerdem auf, Maßnahmen zu ergreifen;", ["fordert", "außerdem auf"]),
    ("ersucht den Generalsekretär, einen Bericht vorzulegen;", ["ersucht"]),
    ("begrüßt außerdem die Arbeit der Gruppe;", ["begrüßt außerdem"]),
    ("verurteilt mit Nachdruck alle Angriffe;", ["verurteilt mit Nachdruck"]),
    ("erklärt erneut, dass der Aktionsplan wichtig ist;", ["erklärt erneut"]),
    ("ermutigt die Staaten, zusammenzuarbeiten;", ["ermutigt"]),
])
def test_operative_verb_phrase(text, phrase):
    assert verbs(text) == phrase


@pytest.mark.parametrize("text, phrase", [
    # a separable verb with a short object: the object is not part of the verb phrase
    ("fordert die Regierungen auf, die Entwicklungen genau zu verfolgen;", ["fordert", "auf"]),
    ("legt den Staaten nahe, Maßnahmen zu ergreifen;", ["legt", "nahe"]),
])
def test_operative_verb_phrase_leaves_the_object_out(text, phrase):
    assert verbs(text) == phrase


def test_operative_paragraph_that_opens_with_a_capital_has_no_verb():
    assert verbs("Die Mandatsträger sollen den Staaten behilflich sein;") == []
    assert verbs("") == []


def test_italics_win_in_operative_paragraphs():
    text = "fordert die Mitgliedstaaten und die anderen Interessenträger nachdrücklich auf und bittet die Konferenz,"
    a = text.index("nachdrücklich auf")
    marks = [Mark(0, 7, "emphasis"), Mark(a, a + len("nachdrücklich auf"), "emphasis")]
    assert verbs(text, marks) == ["fordert", "nachdrücklich auf"]
    text = "bekundet den Opfern ihre Solidarität und ihr Mitgefühl und fordert die Achtung ihrer Rechte;"
    b = text.index("ihre Solidarität")
    marks = [Mark(0, 8, "emphasis"), Mark(b, b + len("ihre Solidarität und ihr Mitgefühl"), "emphasis")]
    assert verbs(text, marks) == ["bekundet", "ihre Solidarität und ihr Mitgefühl"]
