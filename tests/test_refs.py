"""Inline semantics: references and dates marked in the text, and the index read from the tree.

Unit tests on small hand-made Texts, then both samples through the stages (read, clean, segment,
recognise, mark_references, build), checked against the schema and for lost text.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from converter import check
from converter.build import build
from converter.clean import clean
from converter.model import (Annex, CoverLine, Footnote, Item, Mark, Metadata, OperativeParagraph,
                             PreambularParagraph, Resolution, Section, Text)
from converter.read import read
from converter.recognise import recognise
from converter.recognise.refs import format_json, format_table, mark_references, references, summary
from converter.segment import segment

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
WEB = SAMPLES / "a-res-78-228.de.web.txt"
PDF = SAMPLES / "a-res-64-293.de.pdf.txt"
U = "https://undocs.org/"


# --- helpers -------------------------------------------------------------------------------

def resolution(*body, preamble=(), annexes=(), footnotes=None, organ="Generalversammlung", cover=()):
    meta = Metadata(organ=organ, number="78/1", adopted=dt.date(2023, 12, 19))
    return Resolution(meta, cover=list(cover), preamble=list(preamble), body=list(body),
                      annexes=list(annexes), footnotes=footnotes or {})


def para(num: str, s: str, *items: Item) -> OperativeParagraph:
    return OperativeParagraph(num, Text(s), list(items))


def marked(text: Text, kind: str | None = None) -> list[tuple[str, str]]:
    """(covered text, value) of the marks of a kind, in text order."""
    return [(text.text[m.start:m.end], m.value) for m in sorted(text.marks, key=lambda m: (m.start, -m.end))
            if kind is None or m.kind == kind]


def refs_in(s: str, organ: str = "Generalversammlung", marks: list[Mark] | None = None) -> list[tuple[str, str]]:
    """The refs marked in one preambular paragraph."""
    t = Text(s, marks=list(marks or []))
    mark_references(resolution(preamble=[PreambularParagraph(t)], organ=organ))
    return marked(t, "ref")


def dates_in(s: str) -> list[tuple[str, str]]:
    t = Text(s)
    mark_references(resolution(para("1.", "x"), preamble=[PreambularParagraph(t)]))
    return marked(t, "date")


# --- resolutions and decisions ------------------------------------------------------------

def test_ga_resolution_with_its_date_gets_the_work_iri():
    assert refs_in("unter Hinweis auf ihre Resolution 64/293 vom 30. Juli 2010,") == [
        ("64/293", "/akn/un/statement/deliberation/unga/2010-07-30/64-293/!main")]


def test_ga_resolution_without_a_date_goes_to_undocs():
    assert refs_in("in Bekräftigung ihrer Resolution 55/25,") == [("55/25", U + "A/RES/55/25")]
    assert refs_in("Resolution 70/1.") == [("70/1", U + "A/RES/70/1")]


def test_each_number_of_a_list_is_its_own_ref_with_its_own_date():
    s = ("namentlich die Resolutionen 61/180 vom 20. Dezember 2006, 63/194 vom 18. Dezember 2008 "
         "und 64/178 über die Verbesserung der Koordinierung,")
    assert refs_in(s) == [
        ("61/180", "/akn/un/statement/deliberation/unga/2006-12-20/61-180/!main"),
        ("63/194", "/akn/un/statement/deliberation/unga/2008-12-18/63-194/!main"),
        ("64/178", U + "A/RES/64/178"),
    ]


def test_a_list_continues_after_the_description_of_an_item():
    s = ("ihre Resolutionen 10/1 vom 16. Oktober 2020 über die Einleitung des Prozesses und 10/3, "
         "ebenfalls vom 16. Oktober 2020, über die Durchführung; ferner 5/2 und 8/9")
    assert refs_in(s) == [
        ("10/1", "/akn/un/statement/deliberation/unga/2020-10-16/10-1/!main"),
        ("10/3", "/akn/un/statement/deliberation/unga/2020-10-16/10-3/!main"),
    ]


def test_web_link_label_with_emphasis_nests():
    s = "unter Hinweis auf ihre Resolutionen 61/180 und 63/194,"
    em = [Mark(36, 42, "emphasis"), Mark(47, 53, "emphasis")]
    assert refs_in(s, marks=em) == [("61/180", U + "A/RES/61/180"), ("63/194", U + "A/RES/63/194")]


def test_security_council_resolutions_and_lists():
    assert refs_in("unter Hinweis auf seine Resolution 2653 (2022),", organ="Sicherheitsrat") == [
        ("2653 (2022)", U + "S/RES/2653(2022)")]
    assert refs_in("unter Hinweis auf die Resolutionen 2653 (2022), 2692 (2023) und 2699 (2023) "
                   "des Sicherheitsrats,") == [
        ("2653 (2022)", U + "S/RES/2653(2022)"), ("2692 (2023)", U + "S/RES/2692(2023)"),
        ("2699 (2023)", U + "S/RES/2699(2023)")]


def test_decisions():
    assert refs_in("unter Hinweis auf ihren Beschluss 62/557 vom 15. September 2008,") == [
        ("62/557", U + "A/DEC/62/557")]
    assert refs_in("in Bekräftigung des Beschlusses 2004/110 der Menschenrechtskommission vom 19. April 2004,") == [
        ("2004/110", U + "E/CN.4/DEC/2004/110")]


def test_resolutions_of_other_bodies():
    assert refs_in("die Resolutionen des Wirtschafts- und Sozialrats 2017/18 vom 6. Juli 2017 und "
                   "2021/25 vom 22. Juli 2021,") == [("2017/18", U + "E/RES/2017/18"),
                                                    ("2021/25", U + "E/RES/2021/25")]
    assert refs_in("unter Hinweis auf Resolution 44/4 des Menschenrechtsrats vom 16. Juli 2020,") == [
        ("44/4", U + "A/HRC/RES/44/4")]
    assert refs_in("der Resolution 1990/68 der Menschenrechtskommission vom 7. März 1990,") == [
        ("1990/68", U + "E/CN.4/RES/1990/68")]
    assert refs_in("dass gemäß dem Ersuchen des Wirtschafts- und Sozialrats in der Resolution 2006/27 "
                   "vom 27. Juli 2006,") == [("2006/27", U + "E/RES/2006/27")]
    assert refs_in("der Resolution 62/141 der Generalversammlung vom 18. Dezember 2007,") == [
        ("62/141", "/akn/un/statement/deliberation/unga/2007-12-18/62-141/!main")]


def test_bodies_without_symbols_are_not_marked_but_their_dates_are():
    s = ("die Resolutionen der Kommission für Verbrechensverhütung und Strafrechtspflege 32/1 vom "
         "27. Mai 2023 über Maßnahmen, 27/2 vom 18. Mai 2018 und 27/4 vom 18. Mai 2018,")
    t = Text(s)
    mark_references(resolution(preamble=[PreambularParagraph(t)]))
    assert marked(t, "ref") == []
    assert [v for _, v in marked(t, "date")] == ["2023-05-27", "2018-05-18", "2018-05-18"]
    assert refs_in("der von der Konferenz der Vertragsparteien verabschiedeten Beschlüsse 1/5 vom "
                   "7. Juli 2004, 2/3 vom 20. Oktober 2005 und 4/4 vom 17. Oktober 2008") == []
    # a year-numbered resolution with no body named: unknown in a GA text
    assert refs_in("in der Resolution 2006/27,") == []


def test_other_resolution_forms():
    assert refs_in("Resolution ES-11/1 vom 2. März 2022") == [
        ("ES-11/1", "/akn/un/statement/deliberation/unga/2022-03-02/ES-11-1/!main")]
    assert refs_in("Resolution 217 A (III)") == [("217 A (III)", U + "A/RES/217(III)")]


# --- document symbols ----------------------------------------------------------------------

SYMBOLS = ["A/78/482", "A/78/L.64", "A/64/L.64", "E/2002/68/Add.1", "CTOC/COP/2020/10", "S/2024/173",
           "A/RES/ES-11/1", "ST/SGB/2003/7", "E/2023/30", "A/75/53", "CEDAW/C/GC/38", "A/HRC/55/3",
           "S/AC.60/2023/OC.6"]


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_document_symbols(symbol):
    assert refs_in(f"Siehe {symbol}, Kap. I.") == [(symbol, U + symbol)]
    assert refs_in(f"{symbol}.") == [(symbol, U + symbol)]


def test_symbols_in_a_footnote_with_emphasis_and_parts():
    s = "Official Records, Supplement No. 12 (A/73/12 (Part I) und E/1990/22 und Corr.1), Teil II."
    t = Text(s, marks=[Mark(0, len(s) - 10, "emphasis")])
    mark_references(resolution(footnotes={"1": Footnote("1", t)}))
    assert marked(t, "ref") == [("A/73/12", U + "A/73/12"), ("E/1990/22", U + "E/1990/22")]


def test_proponent_cover_line_gets_refs_and_other_cover_lines_do_not():
    proponent = Text("[aufgrund des Berichts des Dritten Ausschusses (A/78/482, Ziff. 29)]",
                     marks=[Mark(1, 67, "emphasis")])
    adoption = Text("Resolution der Generalversammlung, verabschiedet am 19. Dezember 2023")
    title = Text("78/228. Verbesserung der Koordinierung")
    res = resolution(cover=[CoverLine("adoption", adoption), CoverLine("proponent", proponent),
                            CoverLine("title", title, "78/228")])
    mark_references(res)
    assert marked(proponent, "ref") == [("A/78/482", U + "A/78/482")]
    assert adoption.marks == [] and title.marks == []


# --- paragraphs of this resolution --------------------------------------------------------

def cross_model(s: str, where: str = "body") -> tuple[Resolution, Text]:
    t = Text(s)
    annex = Annex(Text("Anlage"), Text("Weltaktionsplan"), [],
                  [para("1.", "a"), para("2.", "b"), Section("I.", Text("Verhütung"), [para("38.", "c")])])
    body = [para("1.", "x"), para("6.", "y", Item("a)", Text("z")), Item("b)", Text("w"))), para("7.", "v")]
    if where == "body":
        body.append(para("8.", t.text))
        t = body[-1].text
    elif where == "annex":
        annex.body.append(para("39.", s))
        t = annex.body[-1].text
    elif where == "note":
        pass
    res = resolution(*body, annexes=[annex], footnotes={"1": Footnote("1", t)} if where == "note" else None)
    return res, t


@pytest.mark.parametrize("s, where, expected", [
    ("beschließt, im Einklang mit Ziffer 38 der Anlage dieser Resolution", "body", [("38", "#att_1__para_38")]),
    ("gemäß Ziffer 1 tätig zu werden", "body", [("1", "#para_1")]),
    ("nach den Ziffern 6 und 7 zu handeln", "body", [("6", "#para_6"), ("7", "#para_7")]),
    ("wie in Ziffer 6 a) vorgesehen", "body", [("6 a)", "#para_6__list_1__point_a")]),
    ("wie in Ziffer 6 c) vorgesehen", "body", []),            # no such item
    ("gemäß Ziffer 9", "body", []),                            # no such paragraph
    ("unter Hinweis auf Ziffer 1 dieser Resolution", "note", [("1", "#para_1")]),
    ("gemäß Ziffer 1", "note", []),                            # a footnote cites other documents
    ("gemäß Ziffer 2", "annex", [("2", "#att_1__para_2")]),  # in an annex: its own paragraphs
    ("gemäß Ziffer 38 der Anlage", "body", [("38", "#att_1__para_38")]),
])
def test_cross_references(s, where, expected):
    res, t = cross_model(s, where)
    mark_references(res)
    assert marked(t, "ref") == expected


def test_paragraphs_of_other_documents_are_not_marked():
    res, t = cross_model("gemäß Ziffer 6 der Resolution 2699 (2023) und Ziffer 7 des Berichts")
    mark_references(res)
    assert marked(t, "ref") == [("2699 (2023)", U + "S/RES/2699(2023)")]
    res, t = cross_model("gemäß Ziffer 1 der Anlage zur Resolution 70/1")
    mark_references(res)
    assert marked(t, "ref") == [("70/1", U + "A/RES/70/1")]


# --- dates -----------------------------------------------------------------------------------

@pytest.mark.parametrize("s, expected", [
    ("am 19. Dezember 2023 verabschiedet", [("19. Dezember 2023", "2023-12-19")]),
    ("vom 7. bis 12. März 2021 in Kyoto", [("7.", "2021-03-07"), ("12. März 2021", "2021-03-12")]),
    ("am 21. und 22. Mai 2014 in Bangkok", [("21.", "2014-05-21"), ("22. Mai 2014", "2014-05-22")]),
    ("vom 30. November bis 2. Dezember 2022", [("30. November", "2022-11-30"), ("2. Dezember 2022", "2022-12-02")]),
    ("am 2. Dezember 2022 und am 8. November 2023", [("2. Dezember 2022", "2022-12-02"),
                                                    ("8. November 2023", "2023-11-08")]),
    ("den 30. Juli zum Welttag zu erklären", []),
    ("im Jahr 2013 und im Dezember 2025", []),
    ("für den Zweijahreszeitraum 2012-2013 und 2010-2014", []),
    ("am 31. Februar 2023", []),
])
def test_dates(s, expected):
    assert dates_in(s) == expected


# --- treaties --------------------------------------------------------------------------------

def test_treaty_series_and_ibid():
    notes = {
        "3": Footnote("3", Text("United Nations, Treaty Series, Bd. 2225, Nr. 39574. Amtliche deutschsprachige "
                                "Fassungen: dBGBl. 2005 II S. 954; öBGBl. III Nr. 84/2005.",
                                marks=[Mark(16, 29, "emphasis")])),
        "4": Footnote("4", Text("Ebd., Vol. 2237, Nr. 39574.")),
        "5": Footnote("5", Text("Siehe Official Records, 2023 (E/2023/30).")),
        "6": Footnote("6", Text("Ebd., Bd. 12, Nr. 3.")),  # Ebd. of a non-treaty note
    }
    mark_references(resolution(footnotes=notes))
    unts = "https://treaties.un.org/doc/Publication/UNTS/Volume%20{0}/v{0}.pdf"
    assert marked(notes["3"].text, "ref") == [("Bd. 2225, Nr. 39574", unts.format(2225))]
    assert marked(notes["4"].text, "ref") == [("Vol. 2237, Nr. 39574", unts.format(2237))]
    assert marked(notes["6"].text, "ref") == []
    assert marked(notes["3"].text, "date") == []


# --- false positives -------------------------------------------------------------------------

@pytest.mark.parametrize("s", [
    "aufgrund des Berichts (Ziff. 29)",
    "das Übereinkommen (Nr. 182) der Internationalen Arbeitsorganisation, 1999",
    "Zielvorgabe 5.2.",
    "Allianz 8.7; im Jahr 2013",
    "Bd. 2225, Nr. 39574",            # not in a Treaty Series citation: not marked
    "das Stockholmer Programm für 2010-2014",
    "das Gemeinsame Programm für HIV/Aids; Teil II/3",
    "öBGBl. III Nr. 84/2005; AS 2006 5861",
    "Allgemeine Empfehlung Nr. 38 (2020)",
    "in ihrer Resolution 68/192 gefassten Beschluss hin",  # "Beschluss" without a number
])
def test_no_false_positives(s):
    t, p = Text(s), para("1.", s)
    mark_references(resolution(p, footnotes={"1": Footnote("1", t)}))
    for text in (t, p.text):
        assert [x for x in marked(text) if x[0] != "68/192"] == []


# --- existing marks --------------------------------------------------------------------------

def test_marks_never_straddle_existing_ones():
    s = "erinnert an Resolution 64/293 vom 30. Juli 2010"
    # an emphasis that ends inside the number and one that ends inside the date
    t = Text(s, marks=[Mark(0, 26, "emphasis"), Mark(30, 40, "verb")])
    mark_references(resolution(preamble=[PreambularParagraph(t)]))
    assert [m.kind for m in t.marks] == ["emphasis", "verb"]
    # a verb phrase that contains the reference: nesting is fine
    s2 = "weist auf ihren in ihrer Resolution 68/192 gefassten Beschluss hin"
    t2 = Text(s2, marks=[Mark(0, len(s2), "verb")])
    mark_references(resolution(para("1.", "x"), preamble=[PreambularParagraph(t2)]))
    assert marked(t2, "ref") == [("68/192", U + "A/RES/68/192")]


def test_marking_twice_adds_nothing():
    t = Text("unter Hinweis auf ihre Resolution 64/293 vom 30. Juli 2010 und A/78/482 vom 7. bis 9. Mai 2021")
    res = resolution(preamble=[PreambularParagraph(t)])
    mark_references(res)
    first = list(t.marks)
    mark_references(res)
    assert t.marks == first and len(first) == 5


def test_headings_items_and_annex_texts_are_marked():
    heading = Text("Umsetzung der Resolution 70/1")
    item = Text("die Resolution 60/1 umzusetzen;")
    title = Text("Aktionsplan gemäß Resolution 55/25")  # a docTitle
    intro = Text("verabschiedet am 19. Dezember 2023")
    annex = Annex(Text("Anlage"), title, [intro], [])
    pre = PreambularParagraph(Text("eingedenk,"), items=[Item("a)", item)])
    res = resolution(Section("I.", heading, [para("1.", "x")]), preamble=[pre], annexes=[annex])
    mark_references(res)
    assert marked(heading, "ref") == [("70/1", U + "A/RES/70/1")]
    assert marked(item, "ref") == [("60/1", U + "A/RES/60/1")]
    assert marked(title, "ref") == [("55/25", U + "A/RES/55/25")]
    assert marked(intro, "date") == [("19. Dezember 2023", "2023-12-19")]
    tree, _ = build(res)
    assert check.schema_errors(tree) == []
    assert [(r["type"], r["text"], r["eId"]) for r in references(tree)] == [
        ("resolution", "60/1", "preamble__container_1__list_1__item_a"),
        ("resolution", "70/1", "sec_I"),
        ("resolution", "55/25", "att_1__preface__container_1"),
        ("date", "19. Dezember 2023", "att_1__preamble__container_1"),
    ]


# --- the samples, end to end ---------------------------------------------------------------

def stages(path: Path):
    source = read(path.read_text(encoding="utf-8"), name=str(path))
    cleaned = clean(source)
    res = recognise(segment(cleaned), cleaned)
    mark_references(res)
    tree, _ = build(res)
    return source, cleaned, res, tree


@pytest.fixture(scope="module")
def web():
    return stages(WEB)


@pytest.fixture(scope="module")
def pdf():
    return stages(PDF)


@pytest.mark.parametrize("name", ["web", "pdf"])
def test_samples_stay_valid_and_lose_no_text(name, request):
    source, cleaned, _, tree = request.getfixturevalue(name)
    assert check.schema_errors(tree) == []
    assert check.id_errors(tree) == []
    assert check.loss_errors(source.lines, cleaned, tree) == []


def test_web_sample_counts(web):
    rows = references(web[3])
    assert summary(rows) == {"document": 14, "resolution": 44, "treaty": 5, "date": 52}


def test_pdf_sample_counts(pdf):
    rows = references(pdf[3])
    assert summary(rows) == {"document": 10, "date": 22, "resolution": 13, "treaty": 8, "decision": 1,
                             "paragraph": 1}


WEB_ROWS = [
    {"type": "document", "text": "A/78/482", "href": U + "A/78/482", "eId": "coverPage__container_1"},
    {"type": "resolution", "text": "70/1", "href": U + "A/RES/70/1",
     "eId": "preamble__container_5__authorialNote_1"},
    {"type": "treaty", "text": "Bd. 2225, Nr. 39574",
     "href": "https://treaties.un.org/doc/Publication/UNTS/Volume%202225/v2225.pdf",
     "eId": "preamble__container_6__authorialNote_5"},
    {"type": "resolution", "text": "64/293", "href": "/akn/un/statement/deliberation/unga/2010-07-30/64-293/!main",
     "eId": "preamble__container_8"},
    {"type": "resolution", "text": "76/186", "href": "/akn/un/statement/deliberation/unga/2021-12-16/76-186/!main",
     "eId": "preamble__container_10"},
    {"type": "resolution", "text": "77/194", "href": U + "A/RES/77/194",
     "eId": "preamble__container_10__authorialNote_10"},
    {"type": "resolution", "text": "2017/18", "href": U + "E/RES/2017/18", "eId": "preamble__container_12"},
    {"type": "resolution", "text": "44/4", "href": U + "A/HRC/RES/44/4", "eId": "preamble__container_13"},
    {"type": "date", "text": "7.", "date": "2021-03-07", "eId": "preamble__container_16"},
    {"type": "date", "text": "12. März 2021", "date": "2021-03-12", "eId": "preamble__container_16"},
    {"type": "document", "text": "E/2002/68/Add.1", "href": U + "E/2002/68/Add.1",
     "eId": "preamble__container_37__authorialNote_24"},
    {"type": "document", "text": "CTOC/COP/2020/10", "href": U + "CTOC/COP/2020/10",
     "eId": "preamble__container_47__authorialNote_32"},
    {"type": "resolution", "text": "64/293", "href": U + "A/RES/64/293", "eId": "para_2__authorialNote_34"},
    {"type": "date", "text": "21.", "date": "2014-05-21", "eId": "para_29"},
    {"type": "date", "text": "22. Mai 2014", "date": "2014-05-22", "eId": "para_29"},
]

PDF_ROWS = [
    {"type": "document", "text": "A/64/L.64", "href": U + "A/64/L.64", "eId": "coverPage__container_1"},
    {"type": "resolution", "text": "55/25", "href": "/akn/un/statement/deliberation/unga/2000-11-15/55-25/!main",
     "eId": "preamble__container_6"},
    {"type": "treaty", "text": "Vol. 2237, Nr. 39574",
     "href": "https://treaties.un.org/doc/Publication/UNTS/Volume%202237/v2237.pdf",
     "eId": "preamble__container_6__authorialNote_4"},
    {"type": "resolution", "text": "61/144", "href": "/akn/un/statement/deliberation/unga/2006-12-19/61-144/!main",
     "eId": "preamble__container_8"},
    {"type": "decision", "text": "2004/110", "href": U + "E/CN.4/DEC/2004/110", "eId": "preamble__container_9"},
    {"type": "resolution", "text": "6/14", "href": U + "A/HRC/RES/6/14", "eId": "preamble__container_9"},
    {"type": "resolution", "text": "1990/68", "href": U + "E/CN.4/RES/1990/68", "eId": "preamble__container_9"},
    {"type": "resolution", "text": "2006/27", "href": U + "E/RES/2006/27", "eId": "preamble__container_10"},
    {"type": "date", "text": "13.", "date": "2008-02-13", "eId": "preamble__container_11"},
    {"type": "paragraph", "text": "38", "href": "#att_1__para_38", "eId": "para_4"},
    {"type": "document", "text": "ST/SGB/2003/7", "href": U + "ST/SGB/2003/7",
     "eId": "att_1__para_38__authorialNote_17"},
    {"type": "treaty", "text": "Vol. 2349, Nr. 42146",
     "href": "https://treaties.un.org/doc/Publication/UNTS/Volume%202349/v2349.pdf",
     "eId": "att_1__para_47__authorialNote_18"},
]


@pytest.mark.parametrize("name, expected", [("web", WEB_ROWS), ("pdf", PDF_ROWS)])
def test_chosen_sample_rows(name, expected, request):
    rows = references(request.getfixturevalue(name)[3])
    for row in expected:
        assert row in rows


def test_ref_targets_resolve_and_every_text_is_a_list_of_words(pdf):
    tree = pdf[3]
    ids = {el.get("eId") for el in tree.iter() if isinstance(el.tag, str) and el.get("eId")}
    for row in references(tree):
        if row.get("href", "").startswith("#"):
            assert row["href"][1:] in ids
        assert row["text"] == row["text"].strip() and row["text"]


def test_sample_misses_on_purpose(web, pdf):
    texts = {r["text"] for r in references(web[3])}
    # the Commission's resolutions and the abbreviated paragraph of the report are not references
    assert not {"32/1", "27/2", "10/1", "11/5", "29", "5.2", "8.7", "182"} & texts
    assert "1/5" not in {r["text"] for r in references(pdf[3])}


def test_format_table_and_json(pdf):
    rows = references(pdf[3])
    table = format_table(rows)
    lines = table.splitlines()
    assert lines[0].split() == ["eId", "type", "text", "target"]
    assert "para_4" in table and "#att_1__para_38" in table
    assert lines[-1] == ("55 entries: 13 resolution, 1 decision, 10 document, 1 paragraph, 8 treaty, 22 date")
    assert json.loads(format_json(rows)) == rows
    assert format_table([]) == "no references or dates\n"


def test_many_marks_in_one_paragraph_nest_as_few_do():
    """Past 32 marks a paragraph's marks are filed by position; the rules stay the same: no ref
    on a ref, none straddling an emphasis, each date once."""
    unit = "Resolution 61/180 vom 20. Dezember 2006, "
    s = unit * 40 + "Resolution 64/293."
    emphasis = [Mark(k * len(unit) + 5, k * len(unit) + 14, "emphasis") for k in range(0, 40, 5)]
    t = Text(s, marks=list(emphasis))
    mark_references(resolution(preamble=[PreambularParagraph(t)]))
    refs = marked(t, "ref")
    dates = marked(t, "date")
    # every 5th "61/180" sits across an emphasis boundary ("ution 61/1" is emphasised): not marked
    assert len(refs) == 40 - 8 + 1 and refs[-1] == ("64/293", U + "A/RES/64/293")
    assert refs[0] == ("61/180", "/akn/un/statement/deliberation/unga/2006-12-20/61-180/!main")
    assert dates == [("20. Dezember 2006", "2006-12-20")] * 40
    mark_references(resolution(preamble=[PreambularParagraph(t)]))  # idempotent, also when filed
    assert marked(t, "ref") == refs and marked(t, "date") == dates
