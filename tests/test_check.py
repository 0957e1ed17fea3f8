"""Stage 6, check: schema, ids, numbering, and nothing lost between input and output."""
from __future__ import annotations

import datetime as dt

import pytest
from lxml import etree

import converter
from converter import ConversionError, check, convert
from converter.build import A, build
from converter.clean import clean
from converter.model import Metadata, OperativeParagraph, Resolution, Text
from converter.read import read
from converter.recognise import recognise
from converter.segment import segment

TEXT = """Generalversammlung

78/1. Ein Titel

Die Generalversammlung,

in Bekräftigung ihrer Verurteilung des Menschenhandels,

unter Hinweis auf die Agenda 2030¹,

¹ Resolution 70/1.

1. *beschließt*, die Frage weiter zu behandeln;

2. *ersucht* den Generalsekretär um einen Bericht.

50. Plenarsitzung
19. Dezember 2023
"""


def pipeline(text: str = TEXT):
    source = read(text, name="t.txt")
    cleaned = clean(source)
    res = recognise(segment(cleaned), cleaned)
    tree, _ = build(res)
    return source, cleaned, tree


def drop_word(tree, word: str) -> None:
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        if el.text and word in el.text:
            el.text = el.text.replace(word + " ", "", 1)
            return
        if el.tail and word in el.tail:
            el.tail = el.tail.replace(word + " ", "", 1)
            return
    raise AssertionError(f"{word} not in tree")


def test_faithful_tree_has_no_errors():
    source, cleaned, tree = pipeline()
    assert check.loss_errors(source.lines, cleaned, tree) == []
    assert check.schema_errors(tree) == []
    assert check.id_errors(tree) == []
    assert check.numbering_gaps(tree) == []


def test_lost_word_is_reported_at_its_line():
    source, cleaned, tree = pipeline()
    drop_word(tree, "Verurteilung")
    errors = check.loss_errors(source.lines, cleaned, tree)
    assert len(errors) == 1
    line, message = errors[0]
    assert line == 7
    assert "Verurteilung" in message


def test_added_word_is_reported():
    source, cleaned, tree = pipeline()
    verb = next(i for i in tree.iter(A + "i") if i.text == "ersucht")
    assert verb.tail == " den Generalsekretär um einen Bericht."
    verb.tail = " den neuen Generalsekretär um einen Bericht."
    errors = check.loss_errors(source.lines, cleaned, tree)
    assert [line for line, _ in errors] == [15]
    assert "neuen" in errors[0][1]


def test_changed_footnote_is_reported_at_the_note():
    source, cleaned, tree = pipeline()
    note = next(tree.iter(A + "authorialNote"))
    note[0].text = "Resolution 70/2."
    assert check.loss_errors(source.lines, cleaned, tree) == [(11, "footnote 1 differs from the input")]


def test_missing_footnote_is_reported():
    source, cleaned, tree = pipeline()
    note = next(tree.iter(A + "authorialNote"))
    sup = note.getparent()
    parent, before = sup.getparent(), sup.getprevious()
    if before is not None:
        before.tail = (before.tail or "") + (sup.tail or "")
    else:
        parent.text = (parent.text or "") + (sup.tail or "")
    parent.remove(sup)
    messages = [m for _, m in check.loss_errors(source.lines, cleaned, tree)]
    assert "footnote 1 is missing from the output" in messages


def test_convert_refuses_a_lossy_tree(monkeypatch):
    real_build = converter.build

    def lossy(res):
        tree, warnings = real_build(res)
        drop_word(tree, "Verurteilung")
        return tree, warnings

    monkeypatch.setattr(converter, "build", lossy)
    with pytest.raises(ConversionError) as e:
        convert(TEXT, name="t.txt")
    assert e.value.line == 7
    assert str(e.value).startswith("t.txt:7: ")
    assert "Verurteilung" in e.value.message


def test_schema_error_is_reported():
    _, _, tree = pipeline()
    para = next(tree.iter(A + "paragraph"))
    para.set("bogus", "x")
    errors = check.schema_errors(tree, by_eid=True)
    assert errors == ["in para_1: Element 'paragraph', attribute 'bogus': The attribute 'bogus' is not allowed."]
    # read from a file, the markup has lines a user can go to
    assert check.schema_errors(tree) == [
        f"line {para.sourceline}: Element 'paragraph', attribute 'bogus': The attribute 'bogus' is not allowed."]


def test_schema_error_at_an_element_made_in_memory_names_the_unit():
    _, _, tree = pipeline()
    new = etree.SubElement(next(tree.iter(A + "content")), A + "bogus")  # made here: it has no line
    assert new.sourceline is None
    assert check.schema_errors(tree) == [
        "in para_1: Element 'bogus': This element is not expected. Expected is one of ( blockList, "
        "blockContainer, tblock, toc, ul, ol, table, p, foreign, block )."]


def test_schema_error_names_the_nearest_eid_and_leaves_out_the_namespace():
    _, _, tree = pipeline()
    etree.SubElement(next(tree.iter(A + "content")), A + "bogus")
    assert check.schema_errors(tree, by_eid=True) == [
        "in para_1: Element 'bogus': This element is not expected. Expected is one of ( blockList, "
        "blockContainer, tblock, toc, ul, ol, table, p, foreign, block )."]


def test_schema_error_for_a_missing_required_attribute():
    _, _, tree = pipeline()
    container = next(tree.iter(A + "container"))
    del container.attrib["name"]
    assert any("name" in e for e in check.schema_errors(tree))


def test_document_validate_reports_schema_and_id_errors():
    doc = convert(TEXT)
    assert doc.validate() == []
    para = next(doc.tree.iter(A + "paragraph"))
    para.set("bogus", "x")
    assert len(doc.validate()) == 1


def test_duplicate_eid_is_reported():
    _, _, tree = pipeline()
    paras = list(tree.iter(A + "paragraph"))
    assert [p.get("eId") for p in paras] == ["para_1", "para_2"]
    paras[1].set("eId", "para_1")
    assert check.id_errors(tree) == ["duplicate eId para_1"]
    assert any("para_1" in e and "unique" in e for e in check.schema_errors(tree))


def test_dangling_note_ref_is_reported():
    text = TEXT.replace("2. *ersucht* den Generalsekretär um einen Bericht.",
                        "2. *ersucht* den Generalsekretär um einen Bericht zur Agenda¹.")
    _, _, tree = pipeline(text)
    ref = next(tree.iter(A + "noteRef"))
    assert ref.get("href") == "#preamble__container_2__authorialNote_1"
    assert check.id_errors(tree) == []
    ref.set("href", "#gibt_es_nicht")
    assert check.id_errors(tree) == ["noteRef to missing note gibt_es_nicht"]


def test_numbering_gaps():
    res = Resolution(Metadata(organ="Generalversammlung", number="78/1", adopted=dt.date(2023, 12, 19)),
                     body=[OperativeParagraph(n, Text("beschließt;")) for n in ("1.", "2.", "4.", "5.", "5.")])
    tree, _ = build(res)
    assert check.numbering_gaps(tree) == [("resolution", 2, 4), ("resolution", 5, 5)]


def test_output_stream_puts_note_markers_in_place():
    _, _, tree = pipeline()
    text, notes = check.output_streams(tree)
    assert "unterHinweisaufdieAgenda20301" in text
    assert notes == {"1": "Resolution701"}


def test_output_texts_of_notes_that_cite_notes():
    """Note 2 cites note 1 again (a noteRef inside it) and note 3 for the first time (a note inside
    a note): the main text has the outer markers only, each note its own text with the markers it
    cites; the same with markers the converter placed itself left out."""
    from converter.model import Footnote, NoteAnchor, PreambularParagraph
    res = Resolution(
        Metadata(organ="Generalversammlung", number="78/1", adopted=dt.date(2023, 12, 19)),
        preamble=[PreambularParagraph(Text("unter Hinweis auf die Agenda und ihre Ziele,",
                                           notes=[NoteAnchor(28, "1"), NoteAnchor(43, "2")]))],
        body=[OperativeParagraph("1.", Text("beschließt."))],
        footnotes={"1": Footnote("1", Text("Resolution 70/1.")),
                   "2": Footnote("2", Text("Siehe Resolution 70/1 und den Bericht.",
                                           notes=[NoteAnchor(21, "1"), NoteAnchor(37, "3")])),
                   "3": Footnote("3", Text("A/78/1."))})
    tree, _ = build(res)
    assert len(tree.findall(f".//{A}authorialNote//{A}noteRef")) == 1
    assert len(tree.findall(f".//{A}authorialNote//{A}authorialNote")) == 1
    text, notes = check.output_texts(tree)
    assert "unter Hinweis auf die Agenda1 und ihre Ziele2," in text
    assert notes == {"1": "Resolution 70/1.", "2": "Siehe Resolution 70/11 und den BerichtA/78/1..",
                     "3": "A/78/1."}
    text, notes = check.output_texts(tree, unmarked={"2"})
    assert "unter Hinweis auf die Agenda1 und ihre Ziele," in text
    assert notes["2"] == "Siehe Resolution 70/11 und den BerichtA/78/1.."


def test_output_texts_leave_out_the_markers_the_converter_placed():
    _, _, tree = pipeline()
    text, notes = check.output_texts(tree, unmarked={"1"})
    assert "auf die Agenda 2030," in text and "unter Hinweis auf die Agenda 20301" not in text
    assert notes == {"1": "Resolution 70/1."}


def test_the_schema_compiled_on_a_thread_serves_other_threads_and_a_forked_child():
    """converter.schema compiles on a thread from import on; every thread, and a child forked
    after it, validates with that one compiled schema."""
    import os
    import threading

    from converter import schema as loader
    _, _, tree = pipeline()
    assert check.schema() is loader.compiled()
    results: list[bool] = []
    threads = [threading.Thread(target=lambda: results.append(check.schema().validate(tree))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [True] * 4
    pid = os.fork()
    if pid == 0:  # the child: inherits the compiled schema, compiles nothing
        os._exit(0 if check.schema().validate(tree) and loader._outcome else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
