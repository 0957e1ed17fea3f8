"""Members of the family the samples do not show: other organs, layouts and shapes.

The inputs in tests/data are small, made-up texts in the real layouts: a Human Rights Council
resolution with one unnumbered operative paragraph and a voting remark, a Security Council
resolution with nested items and a heading, a GA PDF page with two-column running heads, job
number, barcode and a page number, and web text whose paragraphs are wrapped.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from converter import convert_file

DATA = Path(__file__).resolve().parent / "data"
A = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"


def xp(doc, path):
    return doc.tree.getroot().xpath(path, namespaces={"a": A[1:-1]})


@pytest.fixture(scope="module")
def hrc():
    return convert_file(DATA / "hrc-single-operative.web.txt")


@pytest.fixture(scope="module")
def sc():
    return convert_file(DATA / "sc-nested-items.pdf.txt")


@pytest.fixture(scope="module")
def heads():
    return convert_file(DATA / "ga-running-heads.pdf.txt")


def test_hrc_metadata(hrc):
    m = hrc.metadata
    assert (m.organ, m.number, m.session, m.adopted.isoformat(), m.issued.isoformat()) == (
        "Menschenrechtsrat", "55/12", 55, "2024-04-04", "2024-04-12")
    assert xp(hrc, "string(//a:FRBRWork/a:FRBRthis/@value)") == \
        "/akn/un/statement/deliberation/unhrc/2024-04-04/55-12/!main"
    assert xp(hrc, "string(//a:coverPage//a:inline[@name='sessionPeriod'])") == "26. Februar–5. April 2024"


def test_hrc_single_unnumbered_operative_paragraph(hrc):
    paras = xp(hrc, "//a:mainBody/a:paragraph")
    assert len(paras) == 1
    assert paras[0].find(A + "num") is None
    assert [p.key_phrase for p in hrc.preamble] == ["geleitet", "zutiefst besorgt darüber"]
    assert hrc.operative_paragraphs[0].text.marked("verb") == ["bekräftigt"]


def test_hrc_closing_lines_keep_the_voting_remark(hrc):
    assert xp(hrc, "string(//a:conclusions//a:location)") == "52. Sitzung"
    assert xp(hrc, "string(//a:conclusions//a:docDate/@date)") == "2024-04-04"
    assert xp(hrc, "string(//a:conclusions//a:p[2])") == "[Ohne Abstimmung verabschiedet.]"
    assert [n.get("marker") for n in xp(hrc, "//a:authorialNote")] == ["3", "4"]


def test_sc_number_meeting_and_nested_items(sc):
    m = sc.metadata
    assert (m.organ, m.number, m.symbol, m.adopted.isoformat(), m.meeting) == (
        "Sicherheitsrat", "2999 (2025)", "S/RES/2999 (2025)", "2025-03-03", "9999")
    assert xp(sc, "string(//a:FRBRWork/a:FRBRuri/@value)") == \
        "/akn/un/statement/deliberation/unsc/2025-03-03/2999-2025"
    assert xp(sc, "string(//a:preface//a:inline[@name='adoptionMeeting'])") == "9999. Sitzung des Sicherheitsrats"
    points = [p.get("eId") for p in xp(sc, "//a:point")]
    assert points == ["para_1__list_1__point_a", "para_1__list_1__point_a__list_1__point_i",
                      "para_1__list_1__point_a__list_1__point_ii", "para_1__list_1__point_b"]
    assert xp(sc, "string(//a:section/a:heading)") == "Allgemeine Bestimmungen"
    assert [p.get("eId") for p in xp(sc, "//a:section/a:paragraph")] == ["para_2"]


def test_sc_note_glued_to_a_year_after_a_bracket(sc):
    note = xp(sc, "//a:authorialNote")[0]
    assert note.get("marker") == "5"
    assert "".join(note.itertext()) == "Siehe S/RES/2700 (2023)."
    assert [p.key_phrase for p in sc.preamble] == ["unter Hinweis", "zutiefst besorgt"]


def test_running_heads_job_numbers_and_page_numbers_are_furniture(heads):
    body = " ".join("".join(p.itertext()) for p in xp(heads, "//a:mainBody//a:p"))
    assert "beschließt, die Frage zu prüfen, und bittet alle Staaten, dazu beizutragen;" in body
    for furniture in ("22-25261", "281122", "2225261", "A/RES/77/1"):
        assert furniture not in body
    assert xp(heads, "string(//a:coverPage//a:docNumber)") == "A/RES/77/1"
    assert heads.metadata.title == "Zusammenarbeit zwischen den Vereinten Nationen und der Afrikanischen Union"


def test_masthead_columns_on_one_line_are_split(heads):
    kinds = [line.kind for line in heads.resolution.cover]
    assert kinds[:5] == ["publisher", "symbol", "organ", "status", "issued"]


def test_unindented_item_in_running_text_is_no_item(heads):
    assert heads.preamble[0].items == []
    assert heads.preamble[0].text.text.endswith("in Ziffer 6 a) enthaltenen Regel,")


def test_wrapped_web_paragraphs_are_joined():
    doc = convert_file(DATA / "ga-wrapped.web.txt")
    assert doc.preamble[0].text.text == "in Bekräftigung ihrer Resolution 70/1, in der sie Grundsätze festgelegt hat,"
    assert doc.operative_paragraphs[0].text.text == "beschließt, die Frage weiter zu prüfen und Bericht zu erstatten;"
    assert doc.metadata.adopted.isoformat() == "2023-12-19"


def test_footnote_area_ends_where_an_unindented_next_page_begins():
    doc = convert_file(DATA / "ga-unindented-page-start.pdf.txt")
    assert doc.preamble[0].text.text == ("unter Hinweis auf die Erklärung und das Protokoll zur Verhütung, "
                                         "Bekämpfung und Bestrafung des Menschenhandels,")
    assert doc.footnotes["1"].text.text == "Siehe Resolution 55/2. Amtliche Fassungen: dBGBl. 2005 II S. 954."
