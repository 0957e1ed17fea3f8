"""Acceptance: the two bundled samples (and the reference inputs) converted end to end.

Each sample is converted once per module (fixtures ``web`` and ``pdf``); the tests read the XML
with xpath and the recognised model. Expected values are taken from the input text.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from converter import convert, convert_file

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
A = f"{{{AKN}}}"
NS = {"a": AKN}
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
WEB = SAMPLES / "a-res-78-228.de.web.txt"
PDF = SAMPLES / "a-res-64-293.de.pdf.txt"
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"  # ../shared beside the checkout


@pytest.fixture(scope="module")
def web():
    return convert(WEB.read_text(encoding="utf-8"), name=str(WEB))


@pytest.fixture(scope="module")
def pdf():
    return convert(PDF.read_text(encoding="utf-8"), name=str(PDF))


@pytest.fixture(scope="module", params=["web", "pdf"])
def doc(request, web, pdf):
    return {"web": web, "pdf": pdf}[request.param]


# --- helpers -----------------------------------------------------------------------------

def xp(node, expr: str):
    tree = node.tree if hasattr(node, "tree") else node
    return tree.xpath(expr, namespaces=NS)


def one(node, expr: str):
    found = xp(node, expr)
    assert len(found) == 1, f"{expr}: {len(found)} matches"
    return found[0]


def flat(el) -> str:
    """The text of an element with notes as ``[^n]`` (authorialNote) or ``[^=n]`` (noteRef),
    white space collapsed. Note bodies are left out."""
    def walk(e) -> str:
        out = [e.text or ""]
        for c in e:
            if not isinstance(c.tag, str):
                pass
            elif c.tag == A + "sup" and len(c) and c[0].tag in (A + "authorialNote", A + "noteRef"):
                kind = "" if c[0].tag == A + "authorialNote" else "="
                out.append(f"[^{kind}{c[0].get('marker')}]")
            elif c.tag in (A + "authorialNote", A + "noteRef"):
                kind = "" if c.tag == A + "authorialNote" else "="
                out.append(f"[^{kind}{c.get('marker')}]")
            elif c.tag == A + "eol":
                out.append(" ")
            else:
                out.append(" " if c.tag in (A + "p", A + "item", A + "point", A + "num") else "")
                out.append(walk(c))
            out.append(c.tail or "")
        return "".join(out)
    return " ".join(walk(el).split())


def note_text(note) -> str:
    return " ".join("".join(note.itertext()).split())


def containers(doc):
    return xp(doc, "/a:akomaNtoso/a:statement/a:preamble/a:container")


def operative(doc):
    return xp(doc, "/a:akomaNtoso/a:statement/a:mainBody//a:paragraph")


def first_p(el):
    return xp(el, ".//a:p | .//a:listIntroduction")[0]


def lead_italics(el) -> list[str]:
    """The <i> children of the first text block of a unit (key phrase or operative verb)."""
    return ["".join(i.itertext()) for i in first_p(el).findall(A + "i")]


def body_text(doc) -> str:
    """All text of the statement outside meta, notes included, white space collapsed."""
    st = one(doc, "/a:akomaNtoso/a:statement")
    parts = []
    for child in st:
        if child.tag != A + "meta":
            parts.append("".join(t for t in child.itertext()))
    return " ".join(" ".join(parts).split())


# --- A/RES/78/228, web form --------------------------------------------------------------

def test_web_no_warnings(web):
    assert [str(w) for w in web.warnings] == []


def test_web_has_48_preambular_containers(web):
    cs = containers(web)
    assert len(cs) == 48
    assert [c.get("eId") for c in cs] == [f"preamble__container_{n}" for n in range(1, 49)]
    assert all(c.get("refersTo") == "#preamble" for c in cs)
    assert len(web.resolution.preamble) == 48


def test_web_formula(web):
    f = one(web, "//a:preamble/a:formula")
    assert f.get("name") == "enactingFormula"
    assert flat(f) == "Die Generalversammlung,"


def test_web_only_the_erneut_erklaerend_paragraph_has_items(web):
    with_items = [c for c in containers(web) if xp(c, "a:blockList")]
    assert [c.get("eId") for c in with_items] == ["preamble__container_9"]
    c = with_items[0]
    assert c.get("name") == "erneut erklärend"
    intro = one(c, "a:blockList/a:listIntroduction")
    assert flat(intro) == "erneut erklärend, dass der Weltaktionsplan ausgearbeitet wurde, um"
    items = xp(c, "a:blockList/a:item")
    assert [i.findtext(A + "num") for i in items] == ["a)", "b)", "c)", "d)", "e)", "f)"]
    assert [i.get("eId") for i in items] == [f"preamble__container_9__list_1__item_{x}" for x in "abcdef"]
    assert flat(items[1]) == ("b) den Mitgliedstaaten zu helfen, ihre politischen Selbstverpflichtungen und ihre "
                              "rechtlichen Verpflichtungen zur Verhütung und Bekämpfung des Menschenhandels zu stärken,")
    assert flat(items[5]).endswith("unter Berücksichtigung der bestehenden bewährten Verfahren und gewonnenen Erkenntnisse,")
    model = web.resolution.preamble[8]
    assert model.key_phrase == "erneut erklärend"
    assert [i.num for i in model.items] == ["a)", "b)", "c)", "d)", "e)", "f)"]


def test_web_33_operative_paragraphs_without_gaps(web):
    ps = operative(web)
    assert [p.findtext(A + "num") for p in ps] == [f"{n}." for n in range(1, 34)]
    assert [p.get("eId") for p in ps] == [f"para_{n}" for n in range(1, 34)]
    assert all(p.get("refersTo") == "#operative" for p in ps)
    assert [p.num for p in web.resolution.operative_paragraphs()] == [f"{n}." for n in range(1, 34)]


def test_web_34_notes_in_order_all_authorial(web):
    notes = xp(web, "//a:authorialNote")
    assert [n.get("marker") for n in notes] == [str(n) for n in range(1, 35)]
    assert xp(web, "//a:noteRef") == []
    assert all(n.get("placement") == "bottom" for n in notes)
    assert all(n.getparent().tag == A + "sup" for n in notes)
    assert sorted(web.resolution.footnotes, key=int) == [str(n) for n in range(1, 35)]


@pytest.mark.parametrize("marker, unit, context, text", [
    ("1", "preamble__container_5", "beschlossene Agenda 2030 für nachhaltige Entwicklung[^1] sowie unter Hinweis",
     "Resolution 70/1."),
    ("2", "preamble__container_5", "sexueller und anderer Formen der Ausbeutung[^2], zur Ergreifung", "Zielvorgabe 5.2."),
    ("4", "preamble__container_5", "aller Formen von Gewalt gegen Kinder[^4],", "Zielvorgabe 16.2."),
    ("9", "preamble__container_7", "der schlimmsten Formen der Kinderarbeit, 1999[^9], wonach",
     "Ebd., Bd. 2133, Nr. 37245. Amtliche deutschsprachige Fassungen: dBGBL 2001 II S. 1291; öBGBL III Nr. 41/2002; "
     "AS 2003 927."),
    ("10", "preamble__container_10", "einschlägigen Resolutionen über den Menschenhandel[^10],", None),
    ("19", "preamble__container_19", "des bestehenden Mandats ihrer Mitglieder[^19] und Partner[^20] ist,", None),
    ("22", "preamble__container_24", "Opfer und Überlebende[^22], der Privatsektor", None),
    ("24", "preamble__container_37", "zu Menschenrechten und Menschenhandel[^24] und des dazugehörigen Kommentars",
     "E/2002/68/Add.1."),
    ("28", "preamble__container_45", "Kenntnis nehmend von dem Bericht des Generalsekretärs[^28],", "A/78/119."),
    ("33", "preamble__container_47", "gegen die grenzüberschreitende, organisierte Kriminalität[^33],",
     "Siehe CTOC/COP/2022/9, Abschn. I.A."),
    ("34", "para_2", "im Weltaktionsplan der Vereinten Nationen zur Bekämpfung des Menschenhandels[^34] genannten "
                     "Interessenträger", "Resolution 64/293."),
])
def test_web_note_sits_at_its_marker(web, marker, unit, context, text):
    el = one(web, f"//*[@eId='{unit}']")
    assert context in flat(el)
    note = one(web, f"//a:authorialNote[@marker='{marker}']")
    assert note.get("eId") == f"{unit}__authorialNote_{marker}"
    if text is not None:
        assert note_text(note) == text


def test_web_note_keeps_its_italics(web):
    note = one(web, "//a:authorialNote[@marker='11']")
    assert note_text(note) == ("Siehe Official Records of the General Assembly, Seventy-fifth Session, "
                               "Supplement No. 53 (A/75/53), Kap. V, Abschn. A.")
    assert ["".join(i.itertext()) for i in xp(note, ".//a:i")] == [
        "Official Records of the General Assembly, Seventy-fifth Session, Supplement No. 53 (A/75/53)"]


def test_web_long_note_is_one_paragraph(web):
    note = one(web, "//a:authorialNote[@marker='19']")
    assert len(xp(note, "a:p")) == 1
    t = note_text(note)
    assert t.startswith("Der Rat der Ostseestaaten, die Sekretariats-Hauptabteilung Friedensmissionen,")
    assert t.endswith("(UN-Frauen) und die Weltbank.")


def test_web_conclusions(web):
    loc = one(web, "//a:conclusions//a:event/a:location")
    assert loc.text == "50. Plenarsitzung"
    date = one(web, "//a:conclusions//a:docDate")
    assert (date.get("date"), date.text) == ("2023-12-19", "19. Dezember 2023")
    assert web.resolution.conclusions.meeting.text == "50. Plenarsitzung"
    assert web.metadata.adopted.isoformat() == "2023-12-19"


def test_web_paragraph_24_runs_on_across_the_page_break(web):
    p = one(web, "//a:paragraph[@eId='para_24']")
    t = flat(p)
    assert ("um die Gefährdung durch den Menschenhandel für Menschen, die ihre Heimat verlassen haben, "
            "zu verringern, und ermutigt in dieser Hinsicht die Mitgliedstaaten") in t
    assert t.endswith("der Straflosigkeit von Menschenhändlernetzen ein Ende setzen;")
    # no unit starts with the continuation
    assert not any(flat(c).startswith("die ihre Heimat") for c in containers(web) + operative(web))


def test_web_paragraph_cut_by_notes_25_to_31_is_joined(web):
    c = one(web, "//a:container[@eId='preamble__container_47']")
    assert c.get("name") == "feststellend"
    t = flat(c)
    assert ("gegen die grenzüberschreitende organisierte Kriminalität die Konferenz der Vertragsparteien des "
            "Rahmenübereinkommens eingerichtet wurde, um Vertragsstaaten") in t
    assert "Rah-" not in web.to_xml().decode()
    assert [n.get("marker") for n in xp(c, ".//a:authorialNote")] == ["32", "33"]
    # notes 25-31 belong to the paragraphs before the cut
    assert [n.get("marker") for n in xp(web, "//*[@eId='preamble__container_42']//a:authorialNote")] == ["25", "26", "27"]
    assert [n.get("marker") for n in xp(web, "//*[@eId='preamble__container_46']//a:authorialNote")] == ["29", "30", "31"]


def test_web_paragraph_3_continues_after_notes_32_to_34(web):
    t = flat(one(web, "//a:paragraph[@eId='para_3']"))
    assert t == ("3. fordert die Regierungen auf, die Entwicklungen auf dem Gebiet des internationalen Schutzes der "
                 "Opfer des Menschenhandels genau zu verfolgen, um die Menschenrechte dieser Personen zu schützen und "
                 "die Einhaltung des humanitären Völkerrechts und der internationalen Menschenrechtsnormen zu "
                 "gewährleisten;")


def test_web_cover_page(web):
    session = one(web, "//a:coverPage//a:session")
    assert (session.get("value"), session.text) == ("78", "Achtundsiebzigste Tagung")
    assert web.metadata.session == 78
    issued = one(web, "//a:coverPage//a:docDate[@refersTo='#publicationDate']")
    assert (issued.get("date"), issued.text) == ("2023-12-22", "22. Dezember 2023")
    assert one(web, "//a:coverPage//a:docAuthority").text == "Generalversammlung"
    assert one(web, "//a:coverPage//a:docStatus").text == "Verteilung: Allgemein"
    assert one(web, "//a:coverPage//a:inline[@name='agendaItem']").text == "Tagesordnungspunkt 107"
    assert one(web, "//a:coverPage//a:inline[@name='agendaItemTitle']").text == "Verbrechensverhütung und Strafrechtspflege"
    adopted = one(web, "//a:coverPage//a:docTitle/a:docDate")
    assert (adopted.get("date"), adopted.get("refersTo")) == ("2023-12-19", "#adoptionDate")
    assert flat(one(web, "//a:coverPage//a:docProponent")) == \
        "[aufgrund des Berichts des Dritten Ausschusses (A/78/482, Ziff. 29)]"


def test_web_preface(web):
    assert one(web, "/a:akomaNtoso/a:statement/a:preface//a:docNumber").text == "78/228."
    assert one(web, "/a:akomaNtoso/a:statement/a:preface//a:docTitle").text == \
        "Verbesserung der Koordinierung des Vorgehens gegen den Menschenhandel"
    assert web.metadata.symbol == "A/RES/78/228"


def test_web_frbr(web):
    work = "/akn/un/statement/deliberation/unga/2023-12-19/78-228"
    ident = one(web, "/a:akomaNtoso/a:statement/a:meta/a:identification")
    assert one(ident, "a:FRBRWork/a:FRBRthis").get("value") == f"{work}/!main"
    assert one(ident, "a:FRBRWork/a:FRBRuri").get("value") == work
    assert one(ident, "a:FRBRWork/a:FRBRdate").attrib == {"date": "2023-12-19", "name": "adoption"}
    assert one(ident, "a:FRBRWork/a:FRBRnumber").get("showAs") == "78/228"
    assert one(ident, "a:FRBRWork/a:FRBRcountry").get("value") == "un"
    assert one(ident, "a:FRBRExpression/a:FRBRthis").get("value") == f"{work}/deu@/!main"
    assert one(ident, "a:FRBRExpression/a:FRBRlanguage").get("language") == "deu"
    assert one(ident, "a:FRBRExpression/a:FRBRdate").attrib == {"date": "2023-12-22", "name": "publication"}
    assert one(ident, "a:FRBRManifestation/a:FRBRthis").get("value") == f"{work}/deu@/!main.xml"


@pytest.mark.parametrize("n, name", [
    (1, "in Bekräftigung"),
    (2, "unter erneuter Bekundung ihrer Besorgnis"),
    (3, "eingedenk"),
    (4, "in der Erkenntnis"),
    (5, "unter Hinweis"),
    (6, "sowie unter Hinweis"),
    (7, "Kenntnis nehmend"),
    (12, "ferner unter Hinweis"),
    (16, "davon Kenntnis nehmend"),
    (21, "mit Anerkennung Kenntnis nehmend"),
    (22, "sowie mit Anerkennung Kenntnis nehmend"),
    (25, "daran erinnernd"),
    (27, "mit dem Ausdruck ihrer Besorgnis"),
    (30, "mit Dank Kenntnis nehmend"),
    (36, "mit dem Ausdruck ihrer Besorgnis"),
    (39, "bekräftigend"),
    (47, "feststellend"),
])
def test_web_key_phrases(web, n, name):
    c = one(web, f"//a:container[@eId='preamble__container_{n}']")
    assert c.get("name") == name
    p = first_p(c)
    assert not (p.text or "").strip()  # the phrase opens the paragraph
    assert lead_italics(c)[0] == name
    assert web.resolution.preamble[n - 1].key_phrase == name


WEB_VERBS = [
    (1, ["fordert", "nachdrücklich auf"]),
    (2, ["fordert", "nachdrücklich auf"]),
    (3, ["fordert", "auf"]),
    (4, ["weist darauf hin"]),
    (10, ["legt", "nahe"]),
    (11, ["nimmt Kenntnis"]),
    (13, ["begrüßt außerdem"]),
    (20, ["stellt fest"]),
    (21, ["bekundet ihre tiefe Besorgnis"]),
    (26, ["ermutigt", "außerdem"]),
    (28, ["fordert", "außerdem auf"]),
    (33, ["ersucht"]),
]


@pytest.mark.parametrize("n, verbs", WEB_VERBS)
def test_web_operative_verbs(web, n, verbs):
    p = one(web, f"//a:paragraph[@eId='para_{n}']")
    assert lead_italics(p) == verbs


@pytest.mark.parametrize("n, verbs", WEB_VERBS)
def test_web_operative_verbs_in_the_model(web, n, verbs):
    # both parts of a split verb ("fordert … nachdrücklich auf") are the verb phrase, also when the
    # second part stands after the first comma
    assert web.resolution.operative_paragraphs()[n - 1].text.marked("verb") == verbs


def test_web_italic_title_in_paragraph_31_is_not_a_verb(web):
    # "*begrüßt* die … Veröffentlichung des … erstellten *Global Report on Trafficking in Persons*":
    # the title is emphasis, not part of the operative verb phrase
    text = web.resolution.operative_paragraphs()[30].text
    assert text.marked("verb") == ["begrüßt"]
    assert text.marked("emphasis") == ["Global Report on Trafficking in Persons"]


# --- A/RES/64/293, pdf form --------------------------------------------------------------

def test_pdf_no_warnings(pdf):
    assert [str(w) for w in pdf.warnings] == []


def test_pdf_has_16_preambular_containers_last_with_items(pdf):
    cs = containers(pdf)
    assert len(cs) == 16
    with_items = [c.get("eId") for c in cs if xp(c, "a:blockList")]
    assert with_items == ["preamble__container_16"]
    last = cs[-1]
    assert last.get("name") == "in der Erkenntnis"
    assert flat(one(last, "a:blockList/a:listIntroduction")) == \
        "in der Erkenntnis, dass ein Weltaktionsplan gegen den Menschenhandel ausgearbeitet werden muss, der"
    items = xp(last, "a:blockList/a:item")
    assert [i.findtext(A + "num") for i in items] == ["a)", "b)", "c)", "d)", "e)", "f)"]
    # item c) comes after a footnote area and is still an item of this paragraph
    assert flat(items[2]) == ("c) umfassende, koordinierte und konsequente Maßnahmen auf nationaler, regionaler und "
                              "internationaler Ebene zur Bekämpfung des Menschenhandels fördert,")


@pytest.mark.parametrize("n, name", [
    (1, "geleitet"), (2, "in Bekräftigung"), (3, "in der Erkenntnis"), (4, "unter Hinweis"),
    (5, "sowie unter Hinweis"), (10, "unter Hinweis"), (11, "anerkennend"), (14, "sowie in Anerkennung"),
])
def test_pdf_key_phrases(pdf, n, name):
    c = one(pdf, f"//a:container[@eId='preamble__container_{n}']")
    assert c.get("name") == name
    assert lead_italics(c)[0] == name


def test_pdf_seven_operative_paragraphs(pdf):
    ps = operative(pdf)
    assert [p.findtext(A + "num") for p in ps] == [f"{n}." for n in range(1, 8)]
    assert [lead_italics(p) for p in ps] == [["verabschiedet"], ["beschließt"], ["legt", "eindringlich nahe"],
                                            ["beschließt"], ["ersucht"], ["beschließt"], ["ersucht"]]


def test_pdf_annex(pdf):
    atts = xp(pdf, "//a:attachments/a:attachment")
    assert len(atts) == 1
    att = atts[0]
    assert att.get("eId") == "att_1"
    d = one(att, "a:doc")
    assert d.get("name") == "annex"
    assert one(d, "a:preface//a:docType").text == "Anlage"
    assert one(d, "a:preface//a:docTitle").text == "Weltaktionsplan der Vereinten Nationen zur Bekämpfung des Menschenhandels"
    assert one(d, "a:meta/a:identification/a:FRBRWork/a:FRBRthis").get("value") == \
        "/akn/un/statement/deliberation/unga/2010-07-30/64-293/!annex_1"
    intro = xp(d, "a:preamble/a:container")
    assert len(intro) == 1
    t = flat(intro[0])
    assert t.startswith("Wir, die Mitgliedstaaten der Vereinten Nationen, bekräftigen die von uns eingegangene Verpflichtung")
    assert t.endswith("indem wir einen Aktionsplan verabschieden, mit dem Ziel,")


def test_pdf_annex_sections(pdf):
    secs = xp(pdf, "//a:attachment//a:mainBody/a:section")
    assert [s.findtext(A + "num") for s in secs] == ["I.", "II.", "III.", "IV."]
    assert [flat(s.find(A + "heading")) for s in secs] == [
        "Verhütung des Menschenhandels",
        "Schutz und Hilfe für die Opfer des Menschenhandels",
        "Strafverfolgung von Menschenhandelsdelikten",
        "Stärkung der Partnerschaften gegen den Menschenhandel",
    ]
    assert [s.get("eId") for s in secs] == ["att_1__sec_I", "att_1__sec_II", "att_1__sec_III", "att_1__sec_IV"]
    first = [p.findtext(A + "num") for p in xp(secs[0], "a:paragraph")][0]
    assert first == "12."
    assert len(xp(pdf, "//a:attachment//a:mainBody/a:paragraph")) == 11
    assert [len(xp(s, "a:paragraph")) for s in secs] == [13, 18, 7, 12]


def test_pdf_annex_paragraphs_1_to_61(pdf):
    ps = xp(pdf, "//a:attachment//a:mainBody//a:paragraph")
    assert [p.findtext(A + "num") for p in ps] == [f"{n}." for n in range(1, 62)]
    assert [p.get("eId") for p in ps] == [f"att_1__para_{n}" for n in range(1, 62)]
    assert flat(ps[-1]).endswith("so auch indem sie den Privatsektor um Beiträge ersuchen.")


def test_pdf_annex_paragraph_43_points(pdf):
    p = one(pdf, "//a:paragraph[@eId='att_1__para_43']")
    lst = one(p, "a:list")
    assert lst.get("eId") == "att_1__para_43__list_1"
    assert flat(one(lst, "a:intro")) == \
        "alle einschlägigen Übereinkünfte anzuwenden, die den Menschenhandel unter Strafe stellen, namentlich durch"
    points = xp(lst, "a:point")
    assert [pt.findtext(A + "num") for pt in points] == ["a)", "b)", "c)"]
    assert [pt.get("eId") for pt in points] == [f"att_1__para_43__list_1__point_{x}" for x in "abc"]
    assert flat(one(points[2], "a:content")) == \
        "die Bekämpfung und Strafverfolgung organisierter krimineller Gruppen, die Menschenhandel betreiben;"


def test_pdf_18_notes_in_order(pdf):
    notes = xp(pdf, "//a:authorialNote")
    assert [n.get("marker") for n in notes] == [str(n) for n in range(1, 19)]


@pytest.mark.parametrize("marker, unit, context", [
    ("1", "preamble__container_4", "verabschiedete Millenniums-Erklärung der Vereinten Nationen[^1], in der"),
    ("2", "preamble__container_5", "verabschiedete Ergebnis des Weltgipfels 2005[^2], in dem festgestellt wird"),
    ("3", "preamble__container_6", "gegen die grenzüberschreitende organisierte Kriminalität[^3] und das Zusatzprotokoll"),
    ("9", "preamble__container_6", "jeder Form von Diskriminierung der Frau[^9],"),
    ("10", "preamble__container_9", "der Menschenrechtskommission vom 19. April 2004[^10], mit dem die Kommission"),
    ("11", "preamble__container_9", "des Menschenrechtsrats vom 28. September 2007[^11], mit der der Rat"),
    ("12", "preamble__container_9", "der Menschenrechtskommission vom 7. März 1990[^12], mit der"),
    ("13", "preamble__container_14", "insbesondere des Frauen- und Kinderhandels[^13],"),
    ("14", "att_1__para_9", "für die Durchführung des Protokolls gegen den Menschenhandel[^14];"),
    ("16", "att_1__para_26", "zum Schutz kindlicher Opfer des Menschenhandels[^16];"),
    ("18", "att_1__para_47", "Übereinkommen der Vereinten Nationen gegen Korruption[^18] und dem Übereinkommen"),
])
def test_pdf_note_sits_at_its_marker(pdf, marker, unit, context):
    assert context in flat(one(pdf, f"//*[@eId='{unit}']"))
    assert one(pdf, f"//a:authorialNote[@marker='{marker}']").get("eId") == f"{unit}__authorialNote_{marker}"


def test_pdf_glued_markers_leave_no_digits_behind(pdf):
    text = body_text(pdf)
    for glued in ("Nationen1", "20052", "200410", "200711", "199012", "Kinderhandels13", "Korruption18"):
        assert glued not in text


def test_pdf_repeated_notes_are_note_refs(pdf):
    p3 = one(pdf, "//a:paragraph[@eId='para_3']")
    refs = xp(p3, ".//a:noteRef")
    assert [(r.get("marker"), r.get("href")) for r in refs] == [
        ("3", "#preamble__container_6__authorialNote_3"),
        ("4", "#preamble__container_6__authorialNote_4"),
    ]
    assert xp(p3, ".//a:authorialNote") == []
    assert "gegen die grenzüberschreitende organisierte Kriminalität[^=3] und des Zusatzprotokolls" in flat(p3)
    assert "zum Übereinkommen der Vereinten Nationen gegen die grenzüberschreitende organisierte Kriminalität[^=4] " \
           "oder den Beitritt dazu" in flat(p3)
    # the note text is written once
    assert pdf.to_xml().decode().count("Vol. 2225, Nr. 39574") == 1
    assert len(xp(pdf, "//a:authorialNote")) == 18
    # annex paragraph 4 cites notes 3 and 5-9 again
    assert [r.get("marker") for r in xp(pdf, "//*[@eId='att_1__para_4']//a:noteRef")] == ["3", "5", "6", "7", "8", "9"]
    assert all(r.getparent().tag == A + "sup" and not (r.getparent().text or "") for r in xp(pdf, "//a:noteRef"))


@pytest.mark.parametrize("marker, text", [
    ("3", "United Nations, Treaty Series, Vol. 2225, Nr. 39574. Amtliche deutschsprachige Fassungen: dBGBl. "
          "2005 II S. 954, 956; LGBl. 2008 Nr. 72; öBGBl. III Nr. 84/2005; AS 2006 5861."),
    ("5", "Ebd., Vol. 266, Nr. 3822. Amtliche deutschsprachige Fassungen: dBGBl. 1958 II S. 203; öBGBl. "
          "Nr. 66/1964; AS 1965 135."),
    ("10", "Siehe Official Records of the Economic and Social Council, 2004, Supplement No. 3 (E/2004/23), "
           "Kap. II, Abschn. B."),
    ("12", "Siehe Official Records of the Economic and Social Council, 1990, Supplement No. 2 und Korrigendum "
           "(E/1990/22 und Corr.1), Kap. II, Abschn. A."),
    ("13", "Siehe CTOC/COP/2004/6, Kap. I, CTOC/COP/2005/8, Kap. I, CTOC/COP/2006/14, Kap. I, und "
           "CTOC/COP/2008/19, Kap. I."),
    ("16", "In Englisch verfügbar unter http://www.unicef.org/ceecis/0610-Unicef_Victims_Guidelines_en.pdf."),
    ("18", "United Nations, Treaty Series, Vol. 2349, Nr. 42146. Amtliche deutschsprachige Fassungen: LGBl. 2010 "
           "Nr. 194; öBGBl. III Nr. 47/2006; AS 2009 5467."),
])
def test_pdf_note_texts_joined_over_lines(pdf, marker, text):
    note = one(pdf, f"//a:authorialNote[@marker='{marker}']")
    assert note_text(note) == text
    assert "".join(one(note, "a:p").itertext()) == text  # one p, no stray white space


def test_pdf_dehyphenation(pdf):
    c1 = flat(one(pdf, "//*[@eId='preamble__container_1']"))
    assert "namentlich bei Fragen im Zusammenhang mit der Entwicklung, Frieden und Sicherheit" in c1
    text = body_text(pdf)
    assert "Zusam-" not in text and "Zusam- " not in text
    # real hyphens stay
    assert "insbesondere des Frauen- und Kinderhandels, der eine ernste Bedrohung" in \
        flat(one(pdf, "//*[@eId='preamble__container_2']"))
    assert flat(one(pdf, "//*[@eId='para_7']")).endswith("für den Zweijahreszeitraum 2012-2013.")
    assert "sowie den Arbeitnehmer- und Arbeitgeberorganisationen, zu fördern" in \
        flat(one(pdf, "//*[@eId='att_1__para_53']"))
    assert "auf einer eintägigen Tagung der Generalversammlung auf hoher Ebene" in flat(one(pdf, "//*[@eId='para_2']"))
    assert "Zwangsdienstbarkeit, Sklaverei oder sklavereiähnliche Praktiken" in \
        flat(one(pdf, "//*[@eId='att_1__para_2']"))
    assert "über die Interinstitutionelle Koordinierungsgruppe zur Bekämpfung des Menschenhandels und die Globale " \
           "Initiative" in flat(one(pdf, "//*[@eId='att_1__para_11']"))
    # no hyphen before a lower-case letter is left over, except in English words and a URL
    assert set(re.findall(r"\w+-[a-zäöüß]\w*", text)) == {"Sixty-third", "human-trafficking"}


def test_pdf_date_line_is_not_a_paragraph(pdf):
    c9 = flat(one(pdf, "//*[@eId='preamble__container_9']"))
    assert c9.startswith("in Bekräftigung des Beschlusses 2004/110 der Menschenrechtskommission vom 19. April 2004[^10], "
                         "mit dem die Kommission den Sonderberichterstatter")
    assert "vom 18. Dezember 2007, in der die Versammlung" in c9
    nums = [n.text for n in xp(pdf, "/a:akomaNtoso/a:statement/a:mainBody//a:num")]
    assert nums == [f"{n}." for n in range(1, 8)]


def test_pdf_preambular_paragraph_continues_across_the_footnote_area(pdf):
    c14 = one(pdf, "//*[@eId='preamble__container_14']")
    assert flat(c14).endswith("über die Durchführung des Protokolls zur Verhütung, Bekämpfung und Bestrafung des "
                              "Menschenhandels, insbesondere des Frauen- und Kinderhandels[^13],")
    c15 = one(pdf, "//*[@eId='preamble__container_15']")
    assert flat(c15).startswith("unter Hinweis auf die einschlägigen subregionalen")


def test_pdf_annex_paragraphs_continue_across_pages(pdf):
    assert "ihre Sicherheit zu gewährleisten und gegebenenfalls unmittelbare Familienangehörige und Zeugen" in \
        flat(one(pdf, "//*[@eId='att_1__para_31']"))
    assert "in Absprache mit den Mitgliedstaaten und dem Exekutivdirektor des Büros" in \
        flat(one(pdf, "//*[@eId='att_1__para_38']"))
    assert "Artikel 12 des Übereinkommens der Vereinten Nationen gegen die grenzüberschreitende organisierte " \
           "Kriminalität, und sicherzustellen" in flat(one(pdf, "//*[@eId='att_1__para_45']"))


def test_pdf_conclusions_and_work(pdf):
    assert one(pdf, "//a:conclusions//a:location").text == "109. Plenarsitzung"
    date = one(pdf, "//a:conclusions//a:docDate")
    assert (date.get("date"), date.text) == ("2010-07-30", "30. Juli 2010")
    work = "/akn/un/statement/deliberation/unga/2010-07-30/64-293"
    assert one(pdf, "/a:akomaNtoso/a:statement/a:meta//a:FRBRWork/a:FRBRthis").get("value") == f"{work}/!main"
    assert one(pdf, "/a:akomaNtoso/a:statement/a:meta//a:FRBRWork/a:FRBRuri").get("value") == work
    assert pdf.metadata.number == "64/293"
    assert one(pdf, "/a:akomaNtoso/a:statement/a:preface//a:docNumber").text == "64/293."
    assert one(pdf, "/a:akomaNtoso/a:statement/a:preface//a:docTitle").text == \
        "Weltaktionsplan der Vereinten Nationen zur Bekämpfung des Menschenhandels"


# --- both samples ------------------------------------------------------------------------

EID = re.compile(r"^[a-z][A-Za-z]*(?:_[A-Za-z0-9-]+)?(?:__[a-z][A-Za-z]*(?:_[A-Za-z0-9-]+)?)*$")
BODY_TYPES = {"preamble", "formula", "container", "para", "list", "item", "point", "intro", "authorialNote",
              "att", "sec", "coverPage", "preface", "conclusions"}


def test_validates(doc):
    assert doc.validate() == []


def test_eids_unique(doc):
    ids = [e.get("eId") for e in doc.tree.iter() if isinstance(e.tag, str) and e.get("eId") is not None]
    assert len(ids) == len(set(ids))


def test_eids_follow_the_naming_convention(doc):
    st = one(doc, "/a:akomaNtoso/a:statement")
    for el in st.iter():
        if not isinstance(el.tag, str) or el.get("eId") is None or el.xpath("ancestor::a:meta", namespaces=NS):
            continue
        eid = el.get("eId")
        assert EID.match(eid), eid
        assert {part.split("_")[0] for part in eid.split("__")} <= BODY_TYPES, eid
        parent = el.xpath("ancestor::*[@eId][1]")
        if el.tag in (A + "list", A + "blockList", A + "point", A + "item", A + "intro", A + "authorialNote") and parent:
            assert eid.startswith(parent[0].get("eId") + "__"), eid
        num = el.findtext(A + "num")
        if el.tag == A + "paragraph" and num:
            assert eid.endswith("para_" + num.strip().rstrip(".")), eid
        if el.tag in (A + "point", A + "item") and num:
            assert eid.endswith("_" + num.strip("() ")), eid


def test_expected_eid_shapes(web, pdf):
    ids = {e.get("eId") for d in (web, pdf) for e in d.tree.iter() if isinstance(e.tag, str) and e.get("eId")}
    for eid in ("preamble__formula_1", "preamble__container_3", "para_12", "para_2__authorialNote_34",
                "preamble__container_9__list_1__item_a", "att_1__para_43__list_1__point_a",
                "att_1__para_43__list_1__intro", "att_1__sec_IV", "conclusions__container_1",
                "coverPage__container_1", "preface__container_1"):
        assert eid in ids, eid


def test_local_references_resolve(doc):
    ids = {e.get("eId") for e in doc.tree.iter() if isinstance(e.tag, str) and e.get("eId")}
    dangling = [(e.tag.split("}")[1], k, v) for e in doc.tree.iter() if isinstance(e.tag, str)
                for k, v in e.attrib.items() if v.startswith("#") and v[1:] not in ids]
    assert dangling == []


def test_indentation_adds_no_white_space_to_text(doc):
    for p in xp(doc, "//a:p | //a:num | //a:heading | //a:listIntroduction"):
        s = "".join(p.itertext())
        assert s == s.strip() or not s.strip(), repr(s[:60])
        assert "\n" not in s, repr(s[:60])


def test_same_bytes_twice(doc):
    again = convert(Path(doc.name).read_text(encoding="utf-8"), name=doc.name)
    assert again.to_xml() == doc.to_xml()


def test_to_xml_is_utf8_with_declaration(doc):
    xml = doc.to_xml()
    assert xml.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<akomaNtoso xmlns=\"" + AKN.encode())
    assert etree.fromstring(xml).tag == A + "akomaNtoso"


# --- reference inputs and their answer keys ----------------------------------------------

REFERENCE_INPUTS = sorted(REFERENCE.glob("*.txt")) if REFERENCE.is_dir() else []


def _answer_key(path: Path) -> Path:
    return path.with_name(path.name.split(".de.")[0] + ".de.akn.xml")


def _shape(tree) -> dict:
    """What the answer key fixes: preambular key phrases, numbered paragraphs, notes and where they are."""
    def where(note):
        para = note.xpath("ancestor::a:paragraph[a:num][1]", namespaces=NS)
        if para and re.match(r"^\d+\.$", para[0].findtext(A + "num").strip()):
            return "para " + para[0].findtext(A + "num").strip()
        cont = note.xpath("ancestor::a:container[parent::a:preamble]", namespaces=NS)
        if cont:
            return f"preamble {cont[0].getparent().index(cont[0])}"
        return "elsewhere"

    def text_without_points(el) -> str:
        out = [el.text or ""]
        for c in el:
            if isinstance(c.tag, str) and c.tag != A + "point" and c.tag != A + "authorialNote":
                out.append(text_without_points(c))
            out.append(c.tail or "")
        return "".join(out)

    paras = [p for p in tree.xpath("//a:mainBody//a:paragraph[a:num]", namespaces=NS)
             if re.match(r"^\d+\.$", p.findtext(A + "num").strip())]
    return {
        "key phrases": [c.get("name") for c in tree.xpath("//a:preamble/a:container", namespaces=NS)],
        "paragraphs": [p.findtext(A + "num").strip() for p in paras],
        "paragraph texts": [re.sub(r"\s+", "", text_without_points(p)) for p in paras],
        "notes": [(n.get("marker"), where(n), re.sub(r"\s+", "", "".join(n.itertext())))
                  for n in tree.xpath("//a:authorialNote", namespaces=NS)],
    }


@pytest.mark.parametrize("path", REFERENCE_INPUTS, ids=[p.name for p in REFERENCE_INPUTS])
def test_reference_input_converts_and_validates(path):
    doc = convert_file(path)
    assert doc.validate() == []
    assert doc.metadata.number in ("80/4", "2700 (2023)")


@pytest.mark.parametrize("path", REFERENCE_INPUTS, ids=[p.name for p in REFERENCE_INPUTS])
def test_reference_input_matches_its_answer_key(path):
    key = _answer_key(path)
    if not key.exists():
        pytest.skip(f"no answer key for {path.name}")
    got = _shape(convert_file(path).tree)
    want = _shape(etree.parse(str(key)))
    assert got["key phrases"] == want["key phrases"]
    assert got["paragraphs"] == want["paragraphs"]
    assert got["notes"] == want["notes"]
    assert got["paragraph texts"] == want["paragraph texts"]


def test_reference_folder_has_four_inputs():
    if not REFERENCE.is_dir():
        pytest.skip("reference folder missing")
    assert len(REFERENCE_INPUTS) == 4


def test_reference_80_4_pdf_note_marker_glued_to_a_symbol():
    # "Resolution 79/72;" is resolution 79/7 with note 2; "60/12" earlier on the page is a symbol
    path = REFERENCE / "a-res-80-4.de.pdf.txt"
    if not path.exists():
        pytest.skip("reference input missing")
    doc = convert_file(path)
    assert flat(one(doc, "//a:paragraph[@eId='para_1']")).endswith(
        "über die Durchführung der Resolution 79/7[^2];")
    assert "59/11 vom 28. Oktober 2004, 60/12 vom 8. November 2005, 61/11" in \
        flat(one(doc, "//*[@eId='preamble__container_6']"))
