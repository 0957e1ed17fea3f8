"""Stage 2, clean: page furniture, footnote areas, Markdown, note markers, line-end hyphenation."""
from __future__ import annotations

import pytest

from converter.clean import clean
from converter.clean.dehyphenate import Vocabulary, join, keeps_hyphen
from converter.clean.markdown import convert as markdown
from converter.inline import EM_CLOSE, EM_OPEN, note, visible
from converter.read import Source

# A printed page of a resolution as pdftotext gives it (line numbers in the comments).
PDF_PAGE = [
    "A/RES/64/293",                                                                     # 1
    "Generalversammlung",                                                               # 2
    "64/293. Weltaktionsplan der Vereinten Nationen zur Bekämpfung des",                # 3
    "Menschenhandels",                                                                  # 4
    " Die Generalversammlung,",                                                         # 5
    " in Bekräftigung der Millenniums-Erklärung1 und des Ergebnisses des Weltgipfels 20052, sowie",  # 6
    "der Erklärung1, der Resolution 55/25 und der Erklärung7 sowie",                    # 7
    "3/12",                                                                             # 8
    "23-26345 (G)",                                                                     # 9
    "A/RES/64/293",                                                                     # 10
    "Weltaktionsplan der Vereinten Nationen",                                           # 11
    " weiter im Text,",                                                                 # 12
    "_______________",                                                                  # 13
    "1 Siehe Resolution 55/2.",                                                         # 14
    "2 United Nations, Treaty Series, Vol. 2225, Nr. 39574. Amtliche deutschsprachige Fassungen: dBGBl.",  # 15
    "2005 II S. 954, 956; LGBl. 2008 Nr. 72.",                                          # 16
    " nächste Seite Text,",                                                             # 17
]

WEB_TEXT = [
    "Die Generalversammlung,",                                                          # 1
    "",                                                                                 # 2
    "unter Hinweis auf die Agenda 2030 für nachhaltige Entwicklung¹ und die Ziele²³,",  # 3
    "",                                                                                 # 4
    "¹ Resolution 70/1.",                                                               # 5
    "",                                                                                 # 6
    "²³ *Official Records*, Zielvorgabe 5.2.",                                          # 7
    "",                                                                                 # 8
    "der nächste Teil[^x],",                                                            # 9
    "",                                                                                 # 10
    "[^x]: Siehe [E/2002/68/Add.1](#).",                                                # 11
    "",                                                                                 # 12
    "1. *fordert* die Staaten *auf*, 5 \\* 3 zu rechnen;",                              # 13
]


def pdf(lines):
    return clean(Source("t.txt", list(lines), "pdf"))


def web(lines):
    return clean(Source("t.txt", list(lines), "web"))


def by_no(doc):
    return {l.no: l for l in doc.lines}


# --- page furniture ----------------------------------------------------------------------

def test_furniture_is_dropped_and_leaves_one_break():
    doc = pdf(PDF_PAGE)
    assert doc.furniture == {8, 9, 10, 11, 13}
    lines = by_no(doc)
    assert lines[8].kind == "break" and lines[8].text == ""
    for no in (9, 10, 11):
        assert no not in lines
    assert lines[12].text == " weiter im Text,"


def test_first_symbol_line_is_kept():
    lines = by_no(pdf(PDF_PAGE))
    assert (lines[1].kind, lines[1].text) == ("text", "A/RES/64/293")
    assert lines[2].text == "Generalversammlung"


@pytest.mark.parametrize("line", ["3/12", "12 / 12", "23-26345 (G)", "10-47596 (E) *1047596*"])
def test_page_and_job_numbers_are_furniture(line):
    doc = pdf(["Text davor,", line, "Text danach,"])
    assert doc.furniture == {2}
    assert [l.kind for l in doc.lines] == ["text", "break", "text"]


@pytest.mark.parametrize("line", ["19. April 2004", "2005 II S. 954", "Resolution 55/2.", "2012-2013", "I. Verhütung"])
def test_text_is_not_furniture(line):
    doc = pdf(["Text davor,", line, "Text danach,"])
    assert doc.furniture == set()
    assert [l.text for l in doc.lines] == ["Text davor,", line, "Text danach,"]


def test_running_head_needs_nearby_furniture():
    # the first words of the title alone, far from any page furniture, are text
    lines = ["64/293. Weltaktionsplan der Vereinten Nationen zur Bekämpfung des", "Menschenhandels",
             " Die Generalversammlung,", "Weltaktionsplan der Vereinten Nationen", "weiter,"]
    assert pdf(lines).furniture == set()


# --- footnote areas (pdf) ----------------------------------------------------------------

def test_pdf_footnote_area_is_taken_out_with_its_notes():
    doc = pdf(PDF_PAGE)
    assert sorted(doc.notes) == ["1", "2"]
    assert doc.notes["1"].lines == ["Siehe Resolution 55/2."]
    assert doc.notes["1"].line == 14
    # "2005 II S. 954" continues note 2: it does not start a note 2005
    assert doc.notes["2"].lines == [
        "United Nations, Treaty Series, Vol. 2225, Nr. 39574. Amtliche deutschsprachige Fassungen: dBGBl.",
        "2005 II S. 954, 956; LGBl. 2008 Nr. 72."]
    assert doc.notes["1"].block == doc.notes["2"].block == 1
    assert doc.note_lines == {14, 15, 16}
    lines = by_no(doc)
    assert lines[13].kind == "break"
    assert not any(no in lines for no in (14, 15, 16))
    assert lines[17].text == " nächste Seite Text,"
    assert doc.warnings == []


def test_pdf_note_area_ends_at_a_blank_line():
    doc = pdf(["Text1,", "_______________", "1 Erste Fußnote.", "", "weiter im Text"])
    assert doc.notes["1"].lines == ["Erste Fußnote."]
    assert [(l.kind, l.text) for l in doc.lines] == [
        ("text", "Text\ue0001\ue001,"), ("break", ""), ("blank", ""), ("text", "weiter im Text")]


def test_pdf_notes_number_on_across_areas():
    lines = ["erste Erklärung1 hier,", "_______________", "1 Erste.",
             " zweite Erklärung2 dort,", "_______________", "2 Zweite.", "3 Dritte mit Zeile", "zwei."]
    doc = pdf(lines)
    assert {m: (n.block, n.lines) for m, n in doc.notes.items()} == {
        "1": (1, ["Erste."]), "2": (2, ["Zweite."]), "3": (2, ["Dritte mit Zeile", "zwei."])}


def test_pdf_rule_without_notes_is_dropped_with_a_warning():
    doc = pdf(["Text,", "_______________", " weiter"])
    assert doc.notes == {}
    assert doc.furniture == {2}
    assert [w.line for w in doc.warnings] == [2]
    assert "no footnotes" in doc.warnings[0].message


# --- footnotes (web) ---------------------------------------------------------------------

def test_web_superscript_and_markdown_notes():
    doc = web(WEB_TEXT)
    assert sorted(doc.notes) == ["1", "23", "x"]
    assert doc.notes["1"].lines == ["Resolution 70/1."]
    assert doc.notes["23"].lines == [f"{EM_OPEN}Official Records{EM_CLOSE}, Zielvorgabe 5.2."]
    assert doc.notes["x"].lines == ["Siehe E/2002/68/Add.1."]
    assert doc.notes["1"].block == doc.notes["23"].block != doc.notes["x"].block
    assert doc.note_lines == {5, 7, 11}
    assert doc.furniture == set()


def test_web_note_area_becomes_one_break():
    doc = web(WEB_TEXT)
    kinds = [(l.no, l.kind) for l in doc.lines]
    # lines 5-7 (two notes and the blank between them) are one break
    assert kinds[:6] == [(1, "text"), (2, "blank"), (3, "text"), (4, "blank"), (5, "break"), (8, "blank")]
    assert (11, "break") in kinds


def test_web_markers_become_note_anchors():
    lines = by_no(web(WEB_TEXT))
    assert lines[3].text == ("unter Hinweis auf die Agenda 2030 für nachhaltige Entwicklung" + note("1")
                             + " und die Ziele" + note("23") + ",")
    assert lines[9].text == "der nächste Teil" + note("x") + ","
    assert lines[13].text == f"1. {EM_OPEN}fordert{EM_CLOSE} die Staaten {EM_OPEN}auf{EM_CLOSE}, 5 * 3 zu rechnen;"


def test_web_note_without_marker_is_placed_with_a_warning():
    doc = web(["Die Generalversammlung,", "", "unter Hinweis auf die Agenda,", "", "¹ Resolution 70/1.", "",
               "in Bekräftigung,"])
    assert by_no(doc)[3].text == "unter Hinweis auf die Agenda," + note("1")
    assert [(w.line, w.message) for w in doc.warnings] == [
        (5, "footnote 1 has no marker in the text; placed at the end of line 3")]


def test_web_repeated_note_number_warns():
    doc = web(["Text¹,", "", "¹ Erste.", "", "mehr,", "", "¹ Noch einmal."])
    assert doc.notes["1"].lines == ["Erste.", "Noch einmal."]
    assert [w.line for w in doc.warnings] == [7]


# --- Markdown ----------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("*fordert* die Staaten *auf*", f"{EM_OPEN}fordert{EM_CLOSE} die Staaten {EM_OPEN}auf{EM_CLOSE}"),
    ("**fett** und __auch__", f"{EM_OPEN}fett{EM_CLOSE} und {EM_OPEN}auch{EM_CLOSE}"),
    ("[61/180](#) und [E/2002/68](https://undocs.org/E/2002/68)", "61/180 und E/2002/68"),
    ("5 \\* 3 und \\[eckig\\]", "5 * 3 und [eckig]"),
    ("ein * Stern", "ein * Stern"),
    ("Fußnote[^12] hier", "Fußnote" + note("12") + " hier"),
])
def test_markdown(raw, expected):
    assert markdown(raw) == expected


def test_pdf_text_is_not_markdown():
    doc = pdf(["Text mit *Sternen* und [Klammern](#),"])
    assert doc.lines[0].text == "Text mit *Sternen* und [Klammern](#),"


# --- note markers (pdf) ------------------------------------------------------------------

def test_marker_glued_to_a_word_and_to_a_year():
    lines = by_no(pdf(PDF_PAGE))
    assert lines[6].text == (" in Bekräftigung der Millenniums-Erklärung" + note("1")
                             + " und des Ergebnisses des Weltgipfels 2005" + note("2") + ", sowie")
    assert visible(lines[6].text) == (" in Bekräftigung der Millenniums-Erklärung und des Ergebnisses "
                                      "des Weltgipfels 2005, sowie")


def test_repeated_marker_and_numbers_that_are_no_markers():
    line = by_no(pdf(PDF_PAGE))[7].text
    # note 1 cited again; "55/25" is a symbol and there is no note 7
    assert line == "der Erklärung" + note("1") + ", der Resolution 55/25 und der Erklärung7 sowie"


def test_marker_in_a_later_area_is_found_on_its_own_page():
    lines = ["erste Seite mit Erklärung1 und,", "_______________", "1 Erste.",
             " zweite Seite mit Kinderhandels2 und Erklärung1,", "_______________", "2 Zweite."]
    doc = pdf(lines)
    texts = [l.text for l in doc.lines if l.kind == "text"]
    assert texts == ["erste Seite mit Erklärung" + note("1") + " und,",
                     " zweite Seite mit Kinderhandels" + note("2") + " und Erklärung" + note("1") + ","]


def test_missing_marker_is_placed_at_the_page_end_with_a_warning():
    doc = pdf(["Text ohne Marker,", "noch mehr Text", "_______________", "1 Eine Fußnote."])
    assert doc.lines[1].text == "noch mehr Text" + note("1")
    assert len(doc.warnings) == 1
    w = doc.warnings[0]
    assert w.line in (2, 4)  # the page's last line or the note's own line
    assert "footnote 1" in w.message and "marker" in w.message


# --- line-end hyphenation ----------------------------------------------------------------

EMPTY = Vocabulary(set())


@pytest.mark.parametrize("left, right, joined", [
    ("im Zusam-", "menhang mit", "im Zusammenhang mit"),
    ("des Frauen-", "und Kinderhandels", "des Frauen- und Kinderhandels"),
    ("Zwangs-", "oder Pflichtarbeit", "Zwangs- oder Pflichtarbeit"),
    ("sozialer Medien und Online-", "Plattformen", "sozialer Medien und Online-Plattformen"),
    ("der Kri-", "minalität3", "der Kriminalität3"),
    ("die COVID-", "19-Pandemie", "die COVID-19-Pandemie"),
    ("Siehe CTOC/COP/", "2008/19, Kap. I.", "Siehe CTOC/COP/2008/19, Kap. I."),
    ("zwei", "Wörter", "zwei Wörter"),
    ("ein Satz,  ", "  der weitergeht", "ein Satz, der weitergeht"),
])
def test_join(left, right, joined):
    assert join(left, right, EMPTY) == joined


def test_join_keeps_markers_with_their_words():
    left = "der Kri-"
    right = "minalität" + note("3") + " und"
    assert join(left, right, EMPTY) == "der Kriminalität" + note("3") + " und"


def test_vocabulary_decides_between_joined_and_hyphenated():
    joined = Vocabulary.from_lines(["sklavereiähnlicher Einrichtungen"])
    hyphenated = Vocabulary.from_lines(["die opfer-ähnliche Lage"])
    assert join("oder sklaverei-", "ähnlicher Praktiken", joined) == "oder sklavereiähnlicher Praktiken"
    assert join("die opfer-", "ähnliche Lage", hyphenated) == "die opfer-ähnliche Lage"
    assert not keeps_hyphen("sklaverei", "ähnlicher", joined)
    assert keeps_hyphen("opfer", "ähnliche", hyphenated)
    assert keeps_hyphen("Frauen", "und Kinderhandel", EMPTY)
    assert keeps_hyphen("Online", "Plattformen", EMPTY)


@pytest.mark.parametrize("searches", [Vocabulary.SEARCHES, 0], ids=["searched", "indexed"])
def test_vocabulary_holds_whole_words_only(monkeypatch, searches):
    monkeypatch.setattr(Vocabulary, "SEARCHES", searches)
    v = Vocabulary.from_lines(["im Zusammenhang mit der", "Koordinierung des Zusam-", "menwirkens und",
                               "Online-Plattformen", "Kinder-", "und Frauenhandel, Opfer-Täter-Ausgleich"])
    assert "Zusammenhang" in v and "zusammenhang" in v
    assert "Koordinierung" in v
    assert "Zusam" not in v          # the fragment before a line-end hyphen
    assert "menwirkens" not in v     # and the one after it
    assert "online-plattformen" in v and "plattformen" in v
    assert "Zusammenwirkens" not in v
    assert "kinder" not in v and "und" in v  # "Kinder-" before a line end is a fragment too
    assert "opfer-täter-ausgleich" in v and "täter" in v and "ausgleich" in v
    assert "opfer-täter" not in v and "täter-ausgleich" not in v  # a compound is whole or nothing
    assert "frauenhandel" in v and "frauen" not in v and "handel" not in v


def test_vocabulary_searched_answers_as_its_index(monkeypatch):
    """Searching the text, and the hyphen lookup before it, give the index's answers, also for
    questions that are no word at all ("ab-", "a1")."""
    import random
    monkeypatch.setattr(Vocabulary, "SEARCHES", 1000)
    rnd = random.Random(5)
    differ = []
    for _ in range(1500):
        lines = ["".join(rnd.choice("aabbä--  A1İ_") for _ in range(rnd.randint(0, 14))) for _ in range(4)]
        index = Vocabulary.from_lines(lines).words
        searched = Vocabulary.from_lines(lines)
        asked = rnd.sample(sorted(index), min(3, len(index)))
        asked += ["".join(rnd.choice("ab-ä1") for _ in range(rnd.randint(1, 6))) for _ in range(4)]
        asked += ["-".join(asked[:2]), asked[0] + "-"] if index else []
        differ += [(lines, w) for w in asked if (w.lower() in index) != (w in searched)]
    assert differ == []


def test_joined_gives_what_joining_line_by_line_gives(monkeypatch):
    """Joined keeps a long paragraph as pieces (linear time); the text is the same as joining
    each line to the whole text, including where a join decision looks across a piece's end."""
    from converter.clean.dehyphenate import Joined
    monkeypatch.setattr(Joined, "PIECE", 8)
    lines = ["im Zusam-", "menhang mit dem Frauen-", "und Kinderhandel, der Online-", "Plattformen", "COVID-",
             "19", "CTOC/COP/", "2008/19 und", "Kri-", f"minalität{note('3')}", "sowie der", "Opfer-", "ähnlichen",
             "Lage", "", "am Ende."]
    vocab = Vocabulary.from_lines(["im Zusammenhang mit", "die Kriminalität"])
    whole = lines[0]
    joined = Joined(lines[0])
    for line in lines[1:]:
        whole = join(whole, line, vocab)
        joined.add(line, vocab)
    assert joined.text == whole
    assert whole.startswith("im Zusammenhang mit dem Frauen- und Kinderhandel, der Online-Plattformen COVID-19 "
                            "CTOC/COP/2008/19 und Kriminalität")
    assert len(joined.tail) <= 2 * 8 and whole.endswith(joined.tail)


def test_input_lines_are_made_as_line_would_make_them():
    # _lines skips Line.__init__ for speed: a field added to Line with a default would be missing
    # from its lines, and this comparison (dataclass eq reads every field) would fail
    from converter.clean import Line, _lines
    assert _lines(["Die Generalversammlung,", " \t", "", "1."]) == [
        Line(1, "Die Generalversammlung,", "text"), Line(2, " \t", "blank"), Line(3, "", "blank"),
        Line(4, "1.", "text")]
