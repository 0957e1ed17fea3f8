"""Bad and hostile input: one-line errors with file and line, warnings for oddities, nothing let in."""
from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from lxml import etree

from converter import ConversionError, convert, convert_file

ROOT = Path(__file__).resolve().parent.parent
A = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"

HEAD = "Generalversammlung\n\n78/1. Ein Titel\n\nDie Generalversammlung,\n\n"
PARAS = "in Bekräftigung ihrer Resolution 70/1,\n\n1. *beschließt*, zu handeln;\n\n2. *ersucht* den Generalsekretär, Bericht zu erstatten.\n"
CLOSING = "\n50. Plenarsitzung\n19. Dezember 2023\n"
GOOD = HEAD + PARAS + CLOSING


def akn(args, **kw):
    return subprocess.run([sys.executable, "-m", "converter", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, **kw)


@pytest.mark.parametrize("name, data, message, line", [
    ("empty.txt", b"", "the input is empty", 1),
    ("blank.txt", b"  \n\t\n   \n", "the input is empty", 1),
    ("binary.txt", b"abc\n\x00\x01\x02\xff", "binary data (NUL byte), not text", 2),
    ("paper.pdf.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "this is a PDF file, not text", 1),
    ("news.txt", "Berlin. Die Bundesregierung hat heute beschlossen, mehr Geld für Schulen auszugeben.\n"
                 "Das sagte ein Sprecher am Montag.\n".encode(), "this does not look like a resolution", 1),
])
def test_unusable_input_is_one_line_error_with_file_and_line(tmp_path, name, data, message, line):
    path = tmp_path / name
    path.write_bytes(data)
    r = akn(["convert", str(path), "-o", str(tmp_path / "out.xml")])
    assert r.returncode == 1
    assert r.stderr.count("\n") == 1, r.stderr
    assert r.stderr.startswith(f"akn: {path}:{line}: {message}")
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "out.xml").exists()


def test_huge_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:  # 50 MB, sparse where the file system allows
        f.truncate(50 * 1024 * 1024)
    r = akn(["convert", str(path)])
    assert r.returncode == 1
    assert r.stderr == f"akn: {path}: input is 52,428,800 bytes; the limit is 20,000,000\n"


def test_single_five_megabyte_line_is_refused_cleanly(tmp_path):
    path = tmp_path / "line.txt"
    path.write_text("Wort " * 1_000_000, encoding="utf-8")
    r = akn(["convert", str(path)])
    assert r.returncode == 1
    assert r.stderr.startswith(f"akn: {path}:1: this does not look like a resolution")


def _body_text(doc) -> str:
    root = doc.tree.getroot()
    return " ".join(" ".join(p.itertext()) for p in root.iter(A + "p"))


@pytest.mark.parametrize("encode", [
    lambda s: s.encode("utf-8"),
    lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"),
    lambda s: s.encode("utf-16"),
    lambda s: s.replace("\n", "\r\n").encode("utf-8"),
    lambda s: s.replace("\n", "\r").encode("utf-8"),
    lambda s: unicodedata.normalize("NFD", s).encode("utf-8"),
], ids=["utf8", "utf8-bom", "utf16-bom", "crlf", "cr", "nfd"])
def test_encodings_and_line_ends_give_the_same_document(encode):
    reference = convert(GOOD).to_xml()
    assert convert(encode(GOOD)).to_xml() == reference


def test_windows_1252_german_is_read_with_a_warning():
    doc = convert(GOOD.encode("cp1252"))
    assert doc.to_xml() == convert(GOOD).to_xml()
    assert any("Windows-1252" in w.message for w in doc.warnings)


def test_undecodable_non_german_bytes_ask_for_an_encoding():
    with pytest.raises(ConversionError, match="not UTF-8 text; give the encoding with --encoding"):
        convert(b"abc \x81\x8d\x8f\x90 def\n")


def test_pdf_extraction_artefacts_are_normalised_and_nothing_is_lost():
    text = GOOD.replace("Bericht", "Be\u00adricht").replace("handeln", "han\ufb01deln").replace(
        "den Generalsekretär", "den\u00a0Generalsekretär")
    doc = convert(text)
    body = _body_text(doc)
    assert "Bericht zu erstatten" in body
    assert "hanfideln" in body
    assert "den Generalsekretär" in body and "\u00a0" not in body and "\u00ad" not in body
    assert unicodedata.is_normalized("NFC", doc.to_xml().decode("utf-8"))


def test_cut_off_resolution_still_converts_with_warnings():
    doc = convert(HEAD + "in Bekräftigung ihrer Resolution 70/1,\n\n1. *beschließt*, zu han")
    assert [p.num for p in doc.operative_paragraphs] == ["1."]
    assert doc.validate() == []


def test_missing_formula_is_a_warning():
    doc = convert("Generalversammlung\n\n78/1. Ein Titel\n\n" + PARAS)
    assert any("no formula line" in w.message for w in doc.warnings)
    assert [p.num for p in doc.operative_paragraphs] == ["1.", "2."]


def test_duplicated_and_skipped_numbers_are_kept_and_warned():
    text = HEAD + "1. *beschließt* a;\n\n3. *beschließt* b;\n\n3. *ersucht* c.\n"
    doc = convert(text)
    assert [p.num for p in doc.operative_paragraphs] == ["1.", "3.", "3."]
    messages = [(w.line, w.message) for w in doc.warnings]
    assert (9, "paragraph 3 follows paragraph 1; numbering kept as in the input") in messages
    assert (11, "paragraph 3 follows paragraph 3; numbering kept as in the input") in messages
    eids = [p.get("eId") for p in doc.tree.getroot().iter(A + "paragraph")]
    assert eids == ["para_1", "para_3", "para_3_2"]


def test_item_without_parent_paragraph_is_kept_with_a_warning():
    doc = convert(HEAD + "- a) ein Punkt ohne Absatz,\n\nin Bekräftigung x,\n\n1. *beschließt* y.\n")
    assert any("an item before any preambular paragraph" in w.message for w in doc.warnings)
    assert "ein Punkt ohne Absatz" in _body_text(doc)


def test_marker_without_footnote_and_footnote_without_marker():
    text = HEAD + "in Bekräftigung ihrer Resolution 70/1¹,\n\n² Eine Fußnote ohne Zeichen.\n\n1. *beschließt* y.\n"
    doc = convert(text)
    messages = [w.message for w in doc.warnings]
    assert "footnote marker 1 has no footnote text; an empty note is kept at the marker" in messages
    assert any(m.startswith("footnote 2 has no marker in the text; placed at the end of line 7") for m in messages)
    notes = {n.get("marker"): "".join(n.itertext()) for n in doc.tree.getroot().iter(A + "authorialNote")}
    assert notes == {"1": "", "2": "Eine Fußnote ohne Zeichen."}


INJECTION = "<script>alert(1)</script> ]]> &amp; [x] (javascript:alert(1)) <b>fett</b>"


def test_markup_in_the_input_stays_literal_text_in_every_output():
    text = HEAD + f"in Bekräftigung {INJECTION},\n\n1. *beschließt* y.\n"
    # web form: "[x](javascript:…)" is a Markdown link; its label stays, its target is dropped
    linked = convert(text.replace("[x] (javascript", "[x](javascript"))
    assert "javascript" not in linked.to_xml().decode("utf-8")
    doc = convert(text)
    xml = doc.to_xml().decode("utf-8")
    assert "<script>" not in xml and "&lt;script&gt;alert(1)&lt;/script&gt;" in xml
    assert "]]&gt;" in xml and "&amp;amp;" in xml
    root = etree.fromstring(doc.to_xml())
    assert INJECTION in " ".join(root.itertext())
    html = doc.to_html()
    assert "<script" not in html.lower().replace("&lt;script", "")
    assert 'href="javascript' not in html
    md = doc.to_markdown()
    again = convert(md)
    assert INJECTION in " ".join(etree.fromstring(again.to_xml()).itertext())


def test_convert_file_names_the_file_in_every_error(tmp_path):
    missing = tmp_path / "missing.txt"
    with pytest.raises(ConversionError) as e:
        convert_file(missing)
    assert str(e.value) == f"{missing}: cannot read: No such file or directory"


PATHOLOGICAL = {  # each once made a stage quadratic (bench/run.py measures them at 100 and 400 KB)
    "brackets": "[", "links": "[a](", "markdown mix": "[a*b_(c)](", "escapes": "\\[",
    "paragraph refs": "Ziffer 1 und ", "treaty refs": "Treaty Series, Bd. 1, ",
    "resolutions": "Resolution 1/2, ", "split words": "Wort-\n", "footnote markers": "Erklärung¹ ",
    "paragraphs numbered alike": "x;\n\n1. beschließt ", "items lettered alike": "x:\n\n- a) ",
}


@pytest.mark.parametrize("unit", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_a_paragraph_of_a_repeated_pattern_converts_and_renders(unit):
    body = unit * (6000 // len(unit))
    doc = convert(HEAD + "unter Hinweis¹,\n\n1. " + body + ";\n\n¹ Fußnote.\n")
    assert doc.validate() == []
    assert len(doc.resolution.operative_paragraphs()) == (body.count("1. ") + 1 if "1. " in unit else 1)
    assert doc.to_markdown() and doc.to_html().startswith("<!DOCTYPE html>")


def test_a_superscript_run_too_long_for_a_footnote_number_stays_text():
    """Footnote numbers have up to four digits; a longer run of superscripts is text (a run of
    thousands once crashed converting it to a number)."""
    doc = convert(HEAD + "unter Hinweis¹,\n\n1. beschließt x²³⁴⁵⁶ und " + "⁷" * 5000 + ";\n\n¹ Fußnote.\n")
    text = doc.resolution.operative_paragraphs()[0].text
    assert text.notes == [] and "x²³⁴⁵⁶ und ⁷⁷⁷" in text.text
    assert list(doc.resolution.footnotes) == ["1"]


def test_a_note_cited_many_times_gets_a_distinct_back_link_each():
    doc = convert(HEAD + "unter Hinweis¹,\n\n1. " + "Erklärung¹ " * 30 + ";\n\n¹ Fußnote.\n")
    html = doc.to_html()
    back = "ref-preamble__container_1__authorialNote_1"
    assert [f'id="{back}"' in html] + [f'id="{back}-{k}"' in html for k in range(2, 33)] == [True] * 31 + [False]
