"""Stage 3, segment: lines -> blocks (one per paragraph, item, heading or masthead line)."""
from __future__ import annotations

import pytest

from converter.clean import clean
from converter.read import Source
from converter.segment import is_structural, segment, terminated
from converter.inline import note


def blocks(lines, form="pdf"):
    return segment(clean(Source("t.txt", list(lines), form)))


def plains(lines, form="pdf"):
    return [b.plain for b in blocks(lines, form)]


PDF_PREAMBLE = [
    "64/1. Titel",                                                                       # 1
    " Die Generalversammlung,",                                                          # 2
    " in Bekräftigung des Beschlusses 2004/110 der Menschenrechtskommission vom",        # 3
    "19. April 2004, mit dem die Kommission",                                            # 4
    "den Sonderberichterstatter ernannte,",                                              # 5
    " unter Hinweis auf die Zusam-",                                                     # 6
    "menarbeit der Staaten1 und das",                                                    # 7
    "_______________",                                                                   # 8
    "1 Siehe Resolution 55/2.",                                                          # 9
    " Protokoll zur Verhütung,",                                                         # 10
    " in der Erkenntnis, dass",                                                          # 11
    "",                                                                                  # 12
    " a) die Ratifikation zu fördern,",                                                  # 13
    " b) den Staaten zu helfen,",                                                        # 14
    " 1. beschließt, den Aktionsplan auf einer Tagung der Generalversamm-",              # 15
    "lung2 zu bringen, und legt den Menschen,",                                          # 16
    "_______________",                                                                   # 17
    "2 Siehe Resolution 60/1.",                                                          # 18
    " die ihre Heimat verlassen haben, nahe;",                                           # 19
    " 2. ersucht den Generalsekretär.",                                                  # 20
]


def test_pdf_blocks():
    assert plains(PDF_PREAMBLE) == [
        "64/1. Titel",
        "Die Generalversammlung,",
        "in Bekräftigung des Beschlusses 2004/110 der Menschenrechtskommission vom 19. April 2004, mit dem die "
        "Kommission den Sonderberichterstatter ernannte,",
        "unter Hinweis auf die Zusammenarbeit der Staaten und das Protokoll zur Verhütung,",
        "in der Erkenntnis, dass",
        "a) die Ratifikation zu fördern,",
        "b) den Staaten zu helfen,",
        "1. beschließt, den Aktionsplan auf einer Tagung der Generalversammlung zu bringen, und legt den Menschen, "
        "die ihre Heimat verlassen haben, nahe;",
        "2. ersucht den Generalsekretär.",
    ]


def test_pdf_blocks_start_lines_and_markers():
    bs = blocks(PDF_PREAMBLE)
    assert [b.line for b in bs] == [1, 2, 3, 6, 11, 13, 14, 15, 20]
    assert bs[3].text == "unter Hinweis auf die Zusammenarbeit der Staaten" + note("1") + " und das Protokoll zur Verhütung,"
    assert bs[7].text.startswith("1. beschließt, den Aktionsplan auf einer Tagung der Generalversammlung" + note("2") + " zu")


def test_indentation_starts_a_paragraph():
    assert plains([" erster Absatz,", " zweiter Absatz,", "der weitergeht,"]) == [
        "erster Absatz,", "zweiter Absatz, der weitergeht,"]


def test_unterminated_paragraph_takes_the_next_lowercase_block():
    # an indented lower-case line after a block without terminator is the same paragraph (page end)
    assert plains([" ein Absatz ohne Ende", " weiter im Text,"]) == ["ein Absatz ohne Ende weiter im Text,"]


def test_unindented_line_continues_a_paragraph():
    assert plains([" ein Absatz, der", "hier weitergeht und", "hier endet,"]) == [
        "ein Absatz, der hier weitergeht und hier endet,"]


@pytest.mark.parametrize("line", ["19. April 2004, mit dem", "13. bis 15. Februar 2008 abgehaltenen",
                                  "21. und 22. Mai 2014 in Bangkok", "18. Dezember 2007, in der"])
def test_date_at_a_line_start_is_not_a_numbered_paragraph(line):
    assert not is_structural(line)
    assert len(plains([" 4. ersucht die Staaten vom", line, "weiter;"])) == 1


def test_unindented_number_out_of_sequence_is_running_text():
    # "61/180 über die …" or "30. Juli" style numbers inside a paragraph do not start paragraph 30
    assert plains([" 1. beschließt, die Frage auf ihrer", "30. Tagung zu behandeln;"]) == [
        "1. beschließt, die Frage auf ihrer 30. Tagung zu behandeln;"]


def test_continuation_after_a_break_when_no_terminator():
    ps = plains([" unter Hinweis auf das Übereinkommen1 und das", "_______________", "1 Fußnote.",
                 " Protokoll zur Verhütung,"])
    assert ps == ["unter Hinweis auf das Übereinkommen und das Protokoll zur Verhütung,"]


def test_word_split_at_the_page_end_is_joined():
    ps = plains([" feststellend, dass die Konferenz1 der Vertragsparteien des Rah-", "_______________",
                 "1 Fußnote.", " menübereinkommens eingerichtet wurde,"])
    assert ps == ["feststellend, dass die Konferenz der Vertragsparteien des Rahmenübereinkommens eingerichtet wurde,"]


def test_numbered_paragraph_cut_after_a_comma_continues():
    ps = plains([" 24. unterstreicht die Notwendigkeit1 für Menschen,", "_______________", "1 Fußnote.",
                 " die ihre Heimat verlassen haben, zu verringern;"])
    assert ps == ["24. unterstreicht die Notwendigkeit für Menschen, die ihre Heimat verlassen haben, zu verringern;"]


def test_preambular_paragraph_after_a_break_is_a_new_paragraph():
    ps = plains([" in Bekräftigung ihrer Verurteilung1,", "_______________", "1 Fußnote.",
                 " unter Hinweis auf ihre Resolutionen,"])
    assert ps == ["in Bekräftigung ihrer Verurteilung,", "unter Hinweis auf ihre Resolutionen,"]


def test_a_block_opening_with_a_note_marker_is_no_continuation():
    """A bare number continues the paragraph before it ("2005 …" after a page end), but not when
    the block opens with a note marker: a marker alone on a line starts a block of its own, and
    the same text written by the Markdown renderer ("[^1]1.") must segment the same way."""
    alone = blocks(["Die Generalversammlung,", "", "1. Menschenhandel;", "", "¹", "", "1."], "web")
    glued = blocks(["Die Generalversammlung,", "", "1. Menschenhandel;", "", "[^1]1.", "", "[^1]:"], "web")
    assert [b.plain for b in alone] == [b.plain for b in glued] == ["Die Generalversammlung,", "1. Menschenhandel;", "1."]
    assert glued[-1].text == note("1") + "1."


def test_web_blocks_are_lines():
    lines = ["Die Generalversammlung,", "", "in Bekräftigung ihrer Verurteilung,", "",
             "unter Hinweis auf die Agenda", "", "¹ Resolution 70/1.", "", "und die Ziele¹,", "",
             "erneut erklärend, dass", "", "- a) die Ratifikation zu fördern,", "  - i) erstens,", "",
             "1. *unterstreicht* die Notwendigkeit für Menschen,", "", "² Fußnote.", "",
             "die ihre Heimat verlassen haben², zu verringern;", "",
             "2. *bittet* die Staaten, ihre Anstrengungen fortzusetzen;", "",
             "in Bekräftigung",
             "", "3. *ersucht* den Generalsekretär.", "", "## I. Überschrift"]
    bs = blocks(lines, "web")
    assert [b.plain for b in bs] == [
        "Die Generalversammlung,",
        "in Bekräftigung ihrer Verurteilung,",
        "unter Hinweis auf die Agenda und die Ziele,",
        "erneut erklärend, dass",
        "a) die Ratifikation zu fördern,",
        "i) erstens,",
        "1. unterstreicht die Notwendigkeit für Menschen, die ihre Heimat verlassen haben, zu verringern;",
        "2. bittet die Staaten, ihre Anstrengungen fortzusetzen;",
        "in Bekräftigung",
        "3. ersucht den Generalsekretär.",
        "I. Überschrift",
    ]
    assert [b.indent for b in bs][4:6] == [0, 1]
    assert [b.line for b in bs] == [1, 3, 5, 11, 13, 14, 16, 22, 24, 26, 28]


@pytest.mark.parametrize("text, expected", [
    ("12. ersucht", True), ("a) die", True), ("(b) den", True), ("iv) erstens", True),
    ("IV. Stärkung der Partnerschaften", True), ("64/293. Weltaktionsplan", True),
    ("19. April 2004", False), ("2005 II S. 954", False), ("Die Generalversammlung,", False),
    ("12.", False),
])
def test_is_structural(text, expected):
    assert is_structural(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("darstellt,", True), ("werden;", True), ("beitragen:", True), ("vorzulegen.", True),
    ("(Weltbericht)", False), ("„Use and abuse of technology“,", True), ("verabschiedete" + note("4") + ",", True),
    ("Kinderhandels" + note("13"), False), ("und das", False), ("", False),
])
def test_terminated(text, expected):
    assert terminated(text) is expected
