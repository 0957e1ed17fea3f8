"""Stage 5, build: a small hand-made model -> Akoma Ntoso (structure, notes, eIds, inline marks)."""
from __future__ import annotations

import datetime as dt

import pytest
from lxml import etree

from converter import check
from converter.build import Context, Writer, build, fill, number_key, work_uri
from converter.model import (Annex, Conclusions, Footnote, Item, Metadata, NoteAnchor, OperativeParagraph,
                             PreambularParagraph, Resolution, Section, Text)

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
A = f"{{{AKN}}}"
NS = {"a": AKN}

AGENDA = "unter Hinweis auf die Agenda 2030"
CALL = "fordert die Staaten auf, die Agenda 2030"


def text(s: str, *marks: tuple, notes: tuple[tuple[int, str], ...] = ()) -> Text:
    """A Text with marks given as (start, end, kind[, value]) and notes as (offset, marker)."""
    t = Text(s, notes=[NoteAnchor(o, m) for o, m in notes])
    for mark in marks:
        t.mark(*mark)
    return t


def model(**changes) -> Resolution:
    meta = Metadata(organ="Generalversammlung", number="78/1", symbol="A/RES/78/1", session=78,
                    adopted=dt.date(2023, 12, 19), issued=dt.date(2023, 12, 22), meeting="50")
    res = Resolution(
        meta,
        formula=Text("Die Generalversammlung,"),
        preamble=[
            PreambularParagraph(text(AGENDA + ", sowie", (0, 13, "keyphrase"), notes=((len(AGENDA), "1"),)),
                                key_phrase="unter Hinweis"),
            PreambularParagraph(text("erneut erklärend, dass der Plan ausgearbeitet wurde, um", (0, 16, "keyphrase")),
                                key_phrase="erneut erklärend",
                                items=[Item("a)", Text("die Ratifikation zu fördern,")),
                                       Item("b)", Text("den Staaten zu helfen,"))]),
        ],
        body=[
            OperativeParagraph("1.", text(CALL + " umzusetzen;", (0, 7, "verb"), (20, 23, "verb"),
                                          notes=((len(CALL), "1"),))),
            OperativeParagraph("2.", text("beschließt, am 19. Dezember 2023 zu handeln, namentlich durch",
                                          (0, 10, "verb"), (15, 32, "date", "2023-12-19")),
                               items=[Item("a)", text("die Verhütung", notes=((13, "2"),))),
                                      Item("b)", Text("den Schutz;"))]),
        ],
        conclusions=Conclusions(Text("50. Plenarsitzung"), Text("19. Dezember 2023"), dt.date(2023, 12, 19)),
        footnotes={"1": Footnote("1", Text("Resolution 70/1.")),
                   "2": Footnote("2", text("Siehe Official Records.", (6, 22, "emphasis")))},
    )
    for k, v in changes.items():
        setattr(res, k, v)
    return res


@pytest.fixture(scope="module")
def built():
    tree, warnings = build(model())
    return tree, warnings


def xp(tree, expr):
    return tree.xpath(expr, namespaces=NS)


def test_built_tree_validates(built):
    tree, warnings = built
    assert warnings == []
    assert check.schema_errors(tree) == []
    assert check.id_errors(tree) == []


def test_first_citation_is_the_note_later_ones_refer_to_it(built):
    tree, _ = built
    notes = xp(tree, "//a:authorialNote")
    assert [(n.get("marker"), n.get("eId")) for n in notes] == [
        ("1", "preamble__container_1__authorialNote_1"),
        ("2", "para_2__list_1__point_a__authorialNote_2"),
    ]
    first = notes[0]
    assert first.getparent().tag == A + "sup"
    assert first.get("placement") == "bottom"
    assert [p.text for p in first.findall(A + "p")] == ["Resolution 70/1."]
    refs = xp(tree, "//a:noteRef")
    assert [(r.get("marker"), r.get("href")) for r in refs] == [("1", "#preamble__container_1__authorialNote_1")]
    assert refs[0].getparent().tag == A + "sup"
    assert refs[0].getparent().text is None and len(refs[0]) == 0 and refs[0].text is None
    para1 = xp(tree, "//a:paragraph[@eId='para_1']")[0]
    assert xp(para1, ".//a:authorialNote") == []


def test_note_sits_at_its_offset_and_keeps_its_marks(built):
    tree, _ = built
    p = xp(tree, "//a:container[@eId='preamble__container_1']/a:p")[0]
    assert etree.tostring(p, encoding=str, with_tail=False).split(">", 1)[1] == (
        '<i>unter Hinweis</i> auf die Agenda 2030<sup><authorialNote marker="1" placement="bottom" '
        'eId="preamble__container_1__authorialNote_1"><p>Resolution 70/1.</p></authorialNote></sup>, sowie</p>')
    note2 = xp(tree, "//a:authorialNote[@marker='2']/a:p")[0]
    assert etree.tostring(note2, encoding=str, with_tail=False).endswith(">Siehe <i>Official Records</i>.</p>")


def test_inline_marks(built):
    tree, _ = built
    p = xp(tree, "//a:paragraph[@eId='para_1']/a:content/a:p")[0]
    assert p.text is None
    assert [(i.text, i.tail) for i in p.findall(A + "i")] == [("fordert", " die Staaten "), ("auf", ", die Agenda 2030")]
    assert p[-1].tail == " umzusetzen;"
    intro = xp(tree, "//a:paragraph[@eId='para_2']/a:list/a:intro/a:p")[0]
    assert etree.tostring(intro, encoding=str, with_tail=False).split(">", 1)[1] == (
        '<i>beschließt</i>, am <date date="2023-12-19">19. Dezember 2023</date> zu handeln, namentlich durch</p>')


def test_items_become_list_and_points_in_paragraphs(built):
    tree, _ = built
    para = xp(tree, "//a:paragraph[@eId='para_2']")[0]
    assert [c.tag for c in para] == [A + "num", A + "list"]
    lst = para.find(A + "list")
    assert lst.get("eId") == "para_2__list_1"
    assert [(c.tag, c.get("eId")) for c in lst] == [
        (A + "intro", "para_2__list_1__intro"),
        (A + "point", "para_2__list_1__point_a"),
        (A + "point", "para_2__list_1__point_b"),
    ]
    assert [pt.findtext(A + "num") for pt in lst.findall(A + "point")] == ["a)", "b)"]


def test_items_become_block_list_in_preambular_containers(built):
    tree, _ = built
    c = xp(tree, "//a:container[@eId='preamble__container_2']")[0]
    assert c.get("name") == "erneut erklärend"
    bl = c.find(A + "blockList")
    assert bl.get("eId") == "preamble__container_2__list_1"
    assert "".join(bl.find(A + "listIntroduction").itertext()) == \
        "erneut erklärend, dass der Plan ausgearbeitet wurde, um"
    assert [(i.get("eId"), i.findtext(A + "num"), i.findtext(A + "p")) for i in bl.findall(A + "item")] == [
        ("preamble__container_2__list_1__item_a", "a)", "die Ratifikation zu fördern,"),
        ("preamble__container_2__list_1__item_b", "b)", "den Staaten zu helfen,"),
    ]


def test_indentation_adds_no_white_space_inside_text(built):
    tree, _ = built
    xml = etree.tostring(tree, encoding=str)
    assert "<p><i>fordert</i> die Staaten <i>auf</i>, die Agenda 2030<sup><noteRef " in xml
    assert "<num>1.</num>" in xml and "<num>a)</num>" in xml
    for el in xp(tree, "//a:p | //a:num | //a:listIntroduction | //a:heading"):
        s = "".join(el.itertext())
        assert s == s.strip() and "\n" not in s, repr(s)
    # structure is indented
    st = xp(tree, "/a:akomaNtoso/a:statement")[0]
    assert st.text == "\n    "


def test_conclusions(built):
    tree, _ = built
    p = xp(tree, "//a:conclusions/a:container/a:p")[0]
    assert etree.tostring(p, encoding=str, with_tail=False).split(">", 1)[1] == (
        '<event refersTo="#adoption"><location refersTo="#meeting">50. Plenarsitzung</location></event><eol/>'
        '<docDate date="2023-12-19" refersTo="#adoptionDate">19. Dezember 2023</docDate></p>')


def test_frbr_identification(built):
    tree, _ = built
    work = "/akn/un/statement/deliberation/unga/2023-12-19/78-1"
    assert xp(tree, "//a:FRBRWork/a:FRBRthis/@value") == [f"{work}/!main"]
    assert xp(tree, "//a:FRBRExpression/a:FRBRthis/@value") == [f"{work}/deu@/!main"]
    assert xp(tree, "//a:FRBRManifestation/a:FRBRthis/@value") == [f"{work}/deu@/!main.xml"]
    assert xp(tree, "//a:FRBRManifestation/a:FRBRdate/@date") == ["2023-12-22"]
    assert xp(tree, "//a:FRBRExpression/a:FRBRlanguage/@language") == ["deu"]


@pytest.mark.parametrize("organ, number, adopted, uri", [
    ("Generalversammlung", "78/228", dt.date(2023, 12, 19), "/akn/un/statement/deliberation/unga/2023-12-19/78-228"),
    ("Sicherheitsrat", "2700 (2023)", dt.date(2023, 10, 19), "/akn/un/statement/deliberation/unsc/2023-10-19/2700-2023"),
])
def test_work_uri(organ, number, adopted, uri):
    meta = Metadata(organ=organ, number=number, adopted=adopted)
    assert work_uri(meta) == uri
    assert number_key(meta) == uri.rsplit("/", 1)[1]


def test_eid_dedupe():
    ctx = Context(model())
    assert [ctx.eid("para_1") for _ in range(3)] == ["para_1", "para_1_2", "para_1_3"]
    ctx.used_ids.add("para_2_2")  # taken by another way: skipped, and never handed out twice
    assert [ctx.eid("para_2") for _ in range(3)] == ["para_2", "para_2_3", "para_2_4"]
    assert ctx.eid("para_1") == "para_1_4"
    res = model(body=[OperativeParagraph("1.", Text("beschließt;")), OperativeParagraph("1.", Text("ersucht;")),
                      OperativeParagraph(None, Text("bittet."))])
    tree, _ = build(res)
    assert xp(tree, "//a:mainBody/a:paragraph/@eId") == ["para_1", "para_1_2", "para_3"]
    assert check.id_errors(tree) == []
    assert check.schema_errors(tree) == []


def test_repeated_note_in_the_same_unit():
    t = text("die Agenda und die Agenda wieder,", notes=((10, "1"), (25, "1")))
    res = model(preamble=[PreambularParagraph(t, "x")], body=[OperativeParagraph("1.", Text("beschließt."))])
    tree, _ = build(res)
    assert len(xp(tree, "//a:authorialNote")) == 1
    assert xp(tree, "//a:noteRef/@href") == ["#preamble__container_1__authorialNote_1"]


def test_notes_of_texts_made_and_dropped_while_building_are_all_written():
    # Building splits some Texts (the preface's number and title) into new ones and drops them;
    # CPython gives a dropped anchor's address to the next anchor made, which must not pass for
    # an anchor already placed.
    ctx = Context(model())
    w = Writer()
    w.start("p")
    for k in range(1, 201):
        t = text("Agenda,", notes=((6, str(k)),))
        fill(w, t, ctx, "preface")
        del t
    w.end()
    markers = w.tree().xpath("//authorialNote/@marker")
    assert markers == [str(k) for k in range(1, 201)]


def test_marker_without_note_text_warns():
    t = text("die Agenda,", notes=((10, "9"),))
    tree, warnings = build(model(preamble=[PreambularParagraph(t, "x")]))
    assert [n.get("marker") for n in xp(tree, "//a:authorialNote")] == ["9", "1", "2"]
    assert [w.message for w in warnings] == ["footnote marker 9 has no footnote text"]
    assert check.schema_errors(tree) == []


def test_unused_footnote_warns():
    res = model(body=[OperativeParagraph("1.", Text("beschließt."))])
    _, warnings = build(res)
    assert [w.message for w in warnings] == ["footnote 2 has no marker in the text"]


def test_annex_with_sections():
    annex = Annex(Text("Anlage"), Text("Weltaktionsplan"), intro=[Text("Wir, die Mitgliedstaaten,")],
                  body=[OperativeParagraph("1.", Text("zu verurteilen;")),
                        Section("I.", Text("Verhütung"), [OperativeParagraph("2.", Text("anzugehen;"))])])
    tree, _ = build(model(annexes=[annex]))
    assert check.schema_errors(tree) == [] and check.id_errors(tree) == []
    att = xp(tree, "//a:attachments/a:attachment")[0]
    assert att.get("eId") == "att_1"
    doc = att.find(A + "doc")
    assert doc.get("name") == "annex"
    assert xp(doc, "a:meta//a:FRBRWork/a:FRBRthis/@value") == [
        "/akn/un/statement/deliberation/unga/2023-12-19/78-1/!annex_1"]
    assert xp(doc, "a:preface//a:docType/text()") == ["Anlage"]
    assert xp(doc, "a:preface//a:docTitle/text()") == ["Weltaktionsplan"]
    assert xp(doc, "a:preamble/a:container/@eId") == ["att_1__preamble__container_1"]
    assert xp(doc, "a:mainBody//a:paragraph/@eId") == ["att_1__para_1", "att_1__para_2"]
    assert xp(doc, "a:mainBody/a:section/@eId") == ["att_1__sec_I"]
    assert xp(doc, "a:mainBody/a:section/a:heading/text()") == ["Verhütung"]
    # annex paragraphs are not operative paragraphs of the resolution
    assert xp(doc, "a:mainBody//a:paragraph/@refersTo") == []


def test_building_twice_gives_the_same_tree():
    """Building does not change the model: a second build places every note again."""
    from converter.clean import clean
    from converter.read import read
    from converter.recognise import recognise
    from converter.segment import segment
    from pathlib import Path
    source = read((Path(__file__).resolve().parent.parent / "samples" / "a-res-78-228.de.web.txt").read_bytes())
    cleaned = clean(source)
    res = recognise(segment(cleaned), cleaned)
    first, _ = build(res)
    second, _ = build(res)
    assert etree.tostring(second) == etree.tostring(first)
    assert len(second.findall(".//{*}authorialNote")) == 34


def test_markup_characters_in_text_and_attributes_come_through_unchanged():
    """The tree is written as markup and parsed: what needs escaping must be escaped, each
    character exactly once (a carriage return, a line end or a tab in an attribute included)."""
    tricky = 'A & B <c> "d" \'e\' ]]> &amp; \r f\tg\nh'
    meta = Metadata(organ="Generalversammlung", number="78/1", title=tricky, adopted=dt.date(2023, 12, 19))
    res = Resolution(meta, formula=Text("Die Generalversammlung,"),
                     preamble=[PreambularParagraph(text(tricky + ",", (0, 5, "keyphrase")), key_phrase=tricky)],
                     body=[OperativeParagraph("1.", text(tricky, (4, 9, "ref", "https://undocs.org/?a=1&b=2")))])
    tree, _ = build(res)
    assert xp(tree, "//a:FRBRWork/a:FRBRname/@value") == [tricky]
    container = xp(tree, "//a:preamble/a:container")[0]
    assert container.get("name") == tricky
    assert "".join(container.find(A + "p").itertext()) == tricky + ","
    ref = xp(tree, "//a:paragraph//a:ref")[0]
    assert (ref.get("href"), ref.text) == ("https://undocs.org/?a=1&b=2", tricky[4:9])
    assert "".join(xp(tree, "//a:paragraph/a:content/a:p")[0].itertext()) == tricky
    assert check.schema_errors(tree) == []


def test_characters_beyond_ascii_come_through_unchanged():
    """The markup is handed to libxml2 as ASCII with character references: each character must
    come back as itself, in text and in attributes."""
    wide = "Ä ö ß € \u00a0 \u00ad \u0085 \u2028 \ue000 \ufffd \U0001f600 \U0010ffff"
    meta = Metadata(organ="Generalversammlung", number="78/1", title=wide, adopted=dt.date(2023, 12, 19))
    res = Resolution(meta, body=[OperativeParagraph("1.", text(wide, (0, 3, "ref", wide)))])
    tree, _ = build(res)
    assert xp(tree, "//a:FRBRWork/a:FRBRname/@value") == [wide]
    assert xp(tree, "//a:paragraph//a:ref/@href") == [wide]
    assert "".join(xp(tree, "//a:paragraph/a:content/a:p")[0].itertext()) == wide


def test_a_character_xml_cannot_hold_gives_the_error_for_the_character():
    w = Writer()
    w.element("p", "a\x01b")
    with pytest.raises(etree.XMLSyntaxError) as ascii_error:
        w.tree()
    with pytest.raises(etree.XMLSyntaxError) as utf8_error:
        etree.fromstring("<p>a\x01b</p>".encode("utf-8"))
    assert str(ascii_error.value) == str(utf8_error.value)


def test_markup_is_indented_by_structure_only(built):
    tree, _ = built
    xml = etree.tostring(tree, encoding=str)
    assert xml.startswith('<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">\n'
                          '  <statement name="resolution" contains="originalVersion">\n    <meta>\n'
                          '      <identification source="#converter">\n        <FRBRWork>\n'
                          '          <FRBRthis value="/akn/un/statement/deliberation/unga/2023-12-19/78-1/!main"/>\n')
    assert ('      <paragraph eId="para_2" refersTo="#operative">\n        <num>2.</num>\n'
            '        <list eId="para_2__list_1">\n          <intro eId="para_2__list_1__intro">\n'
            '            <p><i>beschließt</i>, am <date date="2023-12-19">19. Dezember 2023</date> zu handeln, '
            'namentlich durch</p>\n          </intro>\n') in xml
    assert xml.endswith("  </statement>\n</akomaNtoso>")
