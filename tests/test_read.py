"""Stage 1, read: decoding, normalisation, input form, and the errors for what is not text."""
from __future__ import annotations

import unicodedata

import pytest

from converter import ConversionError, convert
from converter.read import decode, detect_form, normalise, read

GERMAN = "Die Generalversammlung,\nÜbereinkommen über die Rechte des Kindes,\nStraße\n"
SMALL_RESOLUTION = """Generalversammlung

78/1. Übereinkommen über die Rechte des Kindes

Die Generalversammlung,

in Bekräftigung ihrer Verurteilung des Menschenhandels,

1. beschließt, die Frage weiter zu behandeln.
"""


def test_utf8_bom_is_dropped():
    src = read(b"\xef\xbb\xbfDie Generalversammlung,\n")
    assert src.lines[0] == "Die Generalversammlung,"
    assert read("\ufeffDie Generalversammlung,").lines == ["Die Generalversammlung,"]


def test_utf16_with_bom():
    assert read("Übereinkommen\n".encode("utf-16")).lines == ["Übereinkommen", ""]


@pytest.mark.parametrize("raw", ["eins\r\nzwei\r\ndrei", "eins\rzwei\rdrei", "eins\nzwei\r\ndrei"])
def test_line_ends_become_one_kind(raw):
    assert read(raw).lines == ["eins", "zwei", "drei"]
    assert read(raw.encode()).lines == ["eins", "zwei", "drei"]


def test_line_numbers_survive_crlf():
    with pytest.raises(ConversionError) as e:
        read(b"eins\r\nzwei\r\ndr\x00ei")
    assert e.value.line == 3


def test_nbsp_and_narrow_nbsp_become_spaces():
    assert normalise("19.\u00a0Dezember\u202f2023") == "19. Dezember 2023"


def test_soft_hyphen_is_removed():
    assert normalise("Zusam\u00admenhang") == "Zusammenhang"


def test_nfd_becomes_nfc():
    decomposed = unicodedata.normalize("NFD", "Übereinkommen über Maßnahmen für Frauen")
    assert decomposed != "Übereinkommen über Maßnahmen für Frauen"
    out = normalise(decomposed)
    assert out == "Übereinkommen über Maßnahmen für Frauen"
    assert len(out) == len("Übereinkommen über Maßnahmen für Frauen")


@pytest.mark.parametrize("raw, expected", [
    ("\ufb01nanziell", "finanziell"),
    ("Ein\ufb02uss", "Einfluss"),
    ("o\ufb00ene", "offene"),
    ("Gra\ufb03ti", "Graffiti"),
])
def test_ligatures_are_resolved(raw, expected):
    assert normalise(raw) == expected


def test_tabs_control_and_private_characters():
    assert normalise("a\tb\x07c\ue000d\ue003e\u200bf") == "a bcdef"


def test_every_white_space_but_the_line_end_becomes_a_space():
    """Later stages rely on it: a text without two spaces in a row has no run of white space."""
    spaces = "\x85\u1680\u2000\u2003\u200a\u2028\u2029\u205f\u3000"
    assert normalise("a" + "b".join(spaces) + "c\nd") == "a" + "b".join(" " * len(spaces)) + "c\nd"
    # controls that str.split would count as white space carry no text here: they go
    assert normalise("a\x0bb\x0cc\x1cd\x1fe") == "abcde"


def test_lone_surrogates_in_a_str_are_dropped():
    assert normalise("a\ud800b\udfffc") == "abc"


@pytest.mark.parametrize("data", ["", b"", "   \n\n\t\n", b"\xef\xbb\xbf", "\u00ad\u200b"])
def test_empty_input_is_an_error(data):
    with pytest.raises(ConversionError) as e:
        read(data, name="leer.txt")
    assert e.value.message == "the input is empty"
    assert e.value.line == 1
    assert str(e.value) == "leer.txt:1: the input is empty"


def test_empty_input_through_convert_names_the_source():
    with pytest.raises(ConversionError) as e:
        convert("", name="eingabe.txt")
    assert str(e.value) == "eingabe.txt:1: the input is empty"


def test_pdf_bytes_are_refused():
    with pytest.raises(ConversionError) as e:
        read(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", name="a.pdf")
    assert "PDF" in e.value.message
    assert "pdftotext" in e.value.message
    assert str(e.value).startswith("a.pdf:1: ")


def test_nul_byte_is_refused_with_its_line():
    with pytest.raises(ConversionError) as e:
        read(b"Zeile eins\nZeile zwei\nZeile drei\nZei\x00le vier\n", name="bin.dat")
    assert e.value.message == "binary data (NUL byte), not text"
    assert e.value.line == 4
    assert str(e.value) == "bin.dat:4: binary data (NUL byte), not text"


def test_windows_1252_german_is_read_with_a_warning():
    data = GERMAN.encode("cp1252")
    src = read(data, name="alt.txt")
    assert src.lines == ["Die Generalversammlung,", "Übereinkommen über die Rechte des Kindes,", "Straße", ""]
    assert [(w.line, w.message) for w in src.warnings] == [
        (2, "not UTF-8; read as Windows-1252 (German letters found)")]


def test_windows_1252_warning_reaches_the_document():
    doc = convert(SMALL_RESOLUTION.encode("cp1252"), name="alt.txt")
    assert "Übereinkommen über die Rechte des Kindes" in doc.to_xml().decode()
    assert any(w.line == 3 and "Windows-1252" in w.message for w in doc.warnings)


def test_undecodable_bytes_without_german_letters_are_an_error():
    with pytest.raises(ConversionError) as e:
        read(b"abc\ndef \x81\x8d\x90\n", name="x.txt")
    assert e.value.line == 2
    assert "--encoding" in e.value.message


def test_explicit_encoding():
    data = GERMAN.encode("latin-1")
    assert read(data, encoding="latin-1").lines[1] == "Übereinkommen über die Rechte des Kindes,"
    text, warnings = decode("Straße".encode("utf-8"), encoding="utf-8")
    assert (text, warnings) == ("Straße", [])
    with pytest.raises(ConversionError) as e:
        read(data, encoding="keine-kodierung")
    assert "keine-kodierung" in e.value.message


def test_str_input_is_not_decoded_again():
    src = read("Übereinkommen")
    assert src.lines == ["Übereinkommen"]
    assert src.warnings == []
    assert src.name == "<input>"


def test_form_web_by_superscripts_or_long_lines():
    assert detect_form(["Die Generalversammlung,", "", "unter Hinweis auf die Agenda¹,"]) == "web"
    assert detect_form(["x" * 400, "", "y" * 300, "", "z"]) == "web"
    assert detect_form(["eine Fußnote[^1] hier"]) == "web"
    assert detect_form([]) == "web"


@pytest.mark.parametrize("emphasis", ["*fordert* die Staaten auf;", "*a*0", "*in Bekräftigung*, dass"])
def test_form_web_by_emphasis(emphasis):
    assert detect_form(["Die Generalversammlung,", "", "1. Text;", "", emphasis]) == "web"
    # stars around digits are a PDF's barcode line, not emphasis
    assert detect_form(["Die Generalversammlung,", "", "1. Text;", "", "*2326345*"]) == "pdf"


@pytest.mark.parametrize("escaped", ["\\`", "\\*", "\\_", "\\[", "\\#", "\\<", "\\&", "50\\. Sitzung"])
def test_form_web_by_a_markdown_escape(escaped):
    """Markdown written by the renderer escapes what would be syntax; a line holding only such a
    character must still read as web text (found by the property tests: "\\`" read as PDF)."""
    assert detect_form(["Die Generalversammlung,", "", "1. Text;", "", escaped]) == "web"
    assert detect_form(["Die Generalversammlung,", "", "1. Text;", "", "ohne Backslash"]) == "pdf"


def test_form_pdf_by_wrapped_lines():
    lines = [" in Bekräftigung seiner nachdrücklichen Verurteilung des Menschenhandels, insbeson-",
             "dere des Frauen- und Kinderhandels, der eine ernste Bedrohung für die Menschenwürde, die",
             "Menschenrechte und die Entwicklung darstellt,"]
    assert detect_form(lines) == "pdf"
    assert read("\n".join(lines)).form == "pdf"


def test_other_digit_leads_cover_every_decimal_digit():
    from converter.read import OTHER_DIGIT_LEADS
    leads = {chr(c).encode()[:1] for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000 and chr(c).isdecimal()}
    assert leads <= set(OTHER_DIGIT_LEADS)


def test_characters_asked_of_the_bytes_are_kept_as_they_are_by_normalising():
    # none is made by NFC (no character decomposes to one) nor removed (none composes with what
    # follows): the UTF-8 bytes read hold one exactly when the normalised text does
    from converter.read import _ASKED_OF_BYTES
    for c in _ASKED_OF_BYTES:
        assert unicodedata.normalize("NFC", c) == c
        assert not [cp for cp in range(0x110000) if not 0xD800 <= cp < 0xE000 and cp != ord(c)
                    and c in unicodedata.normalize("NFD", chr(cp))]


@pytest.mark.parametrize("text", ["a\u3000b", "a\ue000b", "a b", "\ufeffa\u3000", "x\u2000y", "a\r\nb\u3000"])
def test_bytes_read_give_what_the_text_gives(text):
    assert read(text.encode()).lines == read(text).lines


def test_ascii_digits():
    pdf = ["Die Generalversammlung,", "", "1. Text der Erklärung1;", "", "weiter 20052 und so"]
    assert read("\n".join(pdf)).ascii_digits and read("\n".join(pdf).encode()).ascii_digits
    assert read(b"\xef\xbb\xbf" + "\n".join(pdf).encode()).ascii_digits  # a byte order mark is no digit
    other = pdf + ["Ziffer \u0663 und \uff15"]
    assert not read("\n".join(other)).ascii_digits and not read("\n".join(other).encode()).ascii_digits


def test_superscripts_only_in_web_text():
    assert not read("Die Generalversammlung,\n\n1. Text;\n").superscripts  # PDF text: none (else it is web)
    assert read("Die Generalversammlung,\n\nunter Hinweis auf die Agenda¹,\n").superscripts
