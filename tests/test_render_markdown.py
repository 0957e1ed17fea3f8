"""AKN → Markdown: each rule on small snippets, the escaping, and the reference documents."""
from __future__ import annotations

import random
import re
import warnings
from pathlib import Path

import pytest
from lxml import etree
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from converter.render import RenderWarning, render
from converter.render.markdown import RULES, Markup, to_markdown, write_line
from converter.xmlsafe import parse_xml

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"  # ../shared beside the checkout
DOCUMENTS = ("skeleton-ga-resolution.de.xml", "a-res-80-4.de.akn.xml", "s-res-2700-2023.de.akn.xml")
MD = MarkdownIt("commonmark").use(footnote_plugin)


def akn(body: str) -> etree._Element:
    return parse_xml(f'<akomaNtoso xmlns="{AKN}">{body}</akomaNtoso>'.encode()).getroot()


def md(body: str, **kwargs) -> str:
    return to_markdown(akn(body), **kwargs)


def parsed_text(markdown: str) -> tuple[str, list[str]]:
    """The literal text markdown-it sees in paragraphs, and any other token types it found."""
    text, other = [], []
    for token in MD.parse(markdown):
        if token.type == "inline":
            for c in token.children:
                if c.type == "text":
                    text.append(c.content)
                elif c.type == "softbreak":
                    text.append("\n")
                else:
                    other.append(c.type)
        elif token.type not in ("paragraph_open", "paragraph_close"):
            other.append(token.type)
    return "".join(text), other


# --- one rule at a time -----------------------------------------------------------------------------

def test_p_is_a_paragraph_and_whitespace_is_collapsed():
    assert md("<p>\n\t  Die   Generalversammlung,\n </p><p>zweiter</p>") == "Die Generalversammlung,\n\nzweiter\n"


def test_no_break_space_is_text():
    assert md("<p>Ziff.\u00a029</p>") == "Ziff.\u00a029\n"


def test_i_is_emphasis_with_spaces_moved_outside():
    assert md('<p><i>in Bekräftigung</i> ihrer Verurteilung,</p>') == "*in Bekräftigung* ihrer Verurteilung,\n"
    assert md('<p><span class="italic">fordert </span>alle Staaten <span class="italic">\terneut auf</span>,</p>') \
        == "*fordert* alle Staaten *erneut auf*,\n"


def test_adjacent_and_nested_emphasis():
    assert md("<p><i>a</i><i>b</i> c</p>") == "*ab* c\n"
    assert md("<p><i>a <i>b</i></i></p>") == "*a b*\n"
    assert md("<p><b>fett</b> und <span class=\"bold italic\">beides</span></p>") == "**fett** und ***beides***\n"


def test_emphasis_commonmark_would_not_accept_is_dropped_not_mangled():
    assert md("<p>das <i>„Gesetz“</i>bekannt und <i>„Gesetz“</i> bekannt</p>") \
        == "das „Gesetz“bekannt und *„Gesetz“* bekannt\n"
    assert md("<p>a<i>\\b</i> <i>*x*</i></p>") == "a\\\\b *\\*x\\**\n"


def test_empty_emphasis_leaves_no_stars():
    assert md("<p>a<i> </i>b<i></i></p>") == "a b\n"


def test_numbered_paragraph():
    xml = "<mainBody><paragraph eId='para_1'><num>1.</num><content><p><i>fordert</i> alle <i>auf</i>;</p></content></paragraph></mainBody>"
    assert md(xml) == "1. *fordert* alle *auf*;\n"


def test_paragraph_with_letter_number_and_without_number():
    xml = ("<mainBody><paragraph><num>a)</num><content><p>die Lieferung;</p></content></paragraph>"
           "<paragraph><content><p><span class='bold'>Überprüfung</span></p></content></paragraph></mainBody>")
    assert md(xml) == "a) die Lieferung;\n\n**Überprüfung**\n"


def test_paragraph_with_items_and_wrap_up():
    xml = ("<paragraph><num>2.</num><list><intro><p><i>ersucht</i> den Generalsekretär,</p></intro>"
           "<point><num>a)</num><content><p>einen Bericht vorzulegen;</p></content></point>"
           "<point><num>b)</num><content><p>zu koordinieren;</p></content></point>"
           "<wrapUp><p>und dabei zu berichten;</p></wrapUp></list></paragraph>")
    assert md(xml) == ("2. *ersucht* den Generalsekretär,\n\n"
                       "- a) einen Bericht vorzulegen;\n- b) zu koordinieren;\n\n"
                       "und dabei zu berichten;\n")


def test_nested_items_are_indented_two_spaces_per_level():
    xml = ("<paragraph><num>3.</num><list><intro><p>beschließt,</p></intro>"
           "<point><num>a)</num><list><intro><p>dass</p></intro>"
           "<point><num>i)</num><content><p>erstens;</p></content></point>"
           "<point><num>ii)</num><list><intro><p>zweitens:</p></intro>"
           "<point><num>1.</num><content><p>tief;</p></content></point></list></point>"
           "</list></point>"
           "<point><num>b)</num><content><p>danach.</p></content></point></list></paragraph>")
    assert md(xml) == ("3. beschließt,\n\n"
                       "- a) dass\n  - i) erstens;\n  - ii) zweitens:\n    - 1\\. tief;\n- b) danach.\n")


def test_preambular_items_in_a_container():
    xml = ("<preamble><container name='x'><p><i>erneut erklärend</i>, um</p><list><point><num>a)</num>"
           "<content><p>eins,</p></content></point><point><num>b)</num><content><p>zwei,</p></content></point>"
           "</list></container></preamble>")
    assert md(xml) == "*erneut erklärend*, um\n\n- a) eins,\n- b) zwei,\n"


def test_section_and_hcontainer_headings():
    xml = ("<mainBody><section><num>I.</num><heading>Verhütung des Menschenhandels</heading>"
           "<paragraph><num>1.</num><content><p>Text.</p></content></paragraph>"
           "<hcontainer name='sub'><heading>Unterabschnitt</heading><paragraph><content><p>Mehr.</p></content>"
           "</paragraph></hcontainer></section>"
           "<hcontainer name='crossHeading'><heading>Rüstungsembargo #</heading></hcontainer></mainBody>")
    assert md(xml) == ("## I. Verhütung des Menschenhandels\n\n1. Text.\n\n### Unterabschnitt\n\nMehr.\n\n"
                       "## Rüstungsembargo \\#\n")


def test_conclusions_with_eol_become_two_paragraphs_with_escaped_numbers():
    xml = ("<conclusions><container name='conclusion'><p><event refersTo='#a'><location refersTo='#m'>"
           "50. Plenarsitzung</location></event><eol/><docDate date='2023-12-19'>19. Dezember 2023</docDate>"
           "</p></container></conclusions>")
    assert md(xml) == "50\\. Plenarsitzung\n\n19\\. Dezember 2023\n"


def test_refs_dates_and_semantic_inlines_keep_visible_text_only():
    xml = ("<preface><container name='p'><p><docNumber>78/228.</docNumber> <docTitle>Titel</docTitle></p>"
           "<p>[aufgrund des Berichts des <docProponent refersTo='#c'>Dritten Ausschusses</docProponent> "
           "(<ref href='https://undocs.org/A/78/482'>A/78/482</ref>, Ziff. 29)]</p>"
           "<p>am <date date='2010-07-30'>30. Juli 2010</date></p></container></preface>")
    assert md(xml) == ("78/228. Titel\n\n[aufgrund des Berichts des Dritten Ausschusses (A/78/482, Ziff. 29)]\n\n"
                       "am 30. Juli 2010\n")


def test_meta_and_images_are_not_text():
    xml = ("<statement name='resolution'><meta><identification source='#x'><FRBRWork><FRBRthis value='/akn/x'/>"
           "</FRBRWork></identification></meta><coverPage><p><img src='logo.jpg'/>"
           "<docAuthority>Generalversammlung</docAuthority></p></coverPage></statement>")
    assert md(xml) == "Generalversammlung\n"


def test_footnote_marker_in_place_and_definition_at_the_end():
    xml = ("<preamble><container name='u'><p>Agenda 2030<sup><authorialNote marker='1' eId='n1'>"
           "<p>Resolution <ref href='#'>70/1</ref>.</p></authorialNote></sup> sowie,</p></container></preamble>"
           "<mainBody><paragraph><num>1.</num><content><p>wie oben<noteRef href='#n1' marker='1'/>;</p>"
           "</content></paragraph></mainBody>")
    assert md(xml) == "Agenda 2030[^1] sowie,\n\n1. wie oben[^1];\n\n[^1]: Resolution 70/1.\n"


def test_footnote_definitions_in_marker_order_and_multi_paragraph_notes():
    xml = ("<p>a<authorialNote marker='10'><p>zehn</p></authorialNote> b<authorialNote marker='2'>"
           "<p>zwei</p><p>1. Absatz zwei</p></authorialNote> c<authorialNote marker='*'><p>Stern</p>"
           "</authorialNote></p>")
    assert md(xml) == ("a[^10] b[^2] c[^3]\n\n[^2]: zwei\n\n    1\\. Absatz zwei\n\n[^10]: zehn\n\n[^3]: Stern\n")


def test_duplicate_markers_get_distinct_labels():
    xml = ("<p>x<authorialNote marker='1'><p>eins</p></authorialNote></p>"
           "<p>y<authorialNote marker='1'><p>Anlage eins</p></authorialNote></p>")
    assert md(xml) == "x[^1]\n\ny[^1-2]\n\n[^1]: eins\n\n[^1-2]: Anlage eins\n"


def test_note_ref_to_missing_note_warns_and_keeps_marker():
    caught: list[str] = []
    assert md("<p>x<noteRef href='#nix' marker='7'/></p>", warnings=caught) == "x7\n"
    assert caught == ["noteRef to a missing note '#nix' (line 1); marker kept as text"]


def test_annex_renders_heading_lines_intro_and_paragraphs():
    xml = ("<attachments><attachment eId='att_1'><doc name='annex'><preface><container name='h'>"
           "<p><docType>Anlage</docType></p><p><docTitle>Leitlinien</docTitle></p></container></preface>"
           "<preamble><container name='intro'><p>Die Staaten sind sich einig:</p></container></preamble>"
           "<mainBody><section eId='att_1__sec_I'><num>I.</num><heading>Ziele</heading><paragraph><num>1.</num>"
           "<content><p>Text.</p></content></paragraph></section></mainBody></doc></attachment></attachments>")
    assert md(xml) == "Anlage\n\nLeitlinien\n\nDie Staaten sind sich einig:\n\n## I. Ziele\n\n1. Text.\n"


# --- unknown elements and warnings --------------------------------------------------------------

def test_unknown_element_keeps_text_and_warns_once_per_name():
    caught: list[str] = []
    out = md("<p>a <foo>geheim</foo> b <foo>noch</foo></p><bar><p>block</p></bar>", warnings=caught)
    assert out == "a geheim b noch\n\nblock\n"
    assert caught == ["unknown element <foo> (line 1) rendered as plain content",
                      "unknown element <bar> (line 1) rendered as plain content"]


def test_without_a_list_warnings_are_issued_as_render_warnings():
    with pytest.warns(RenderWarning, match=r"unknown element <foo>"):
        assert md("<p><foo>x</foo></p>") == "x\n"


def test_known_documents_produce_no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in DOCUMENTS:
            render((REFERENCE / name).read_bytes(), "md")


def test_rules_table_covers_the_vocabulary_of_the_reference_documents():
    names = set()
    for name in DOCUMENTS:
        root = parse_xml(REFERENCE / name).getroot()
        names |= {etree.QName(e).localname for e in root.iter() if isinstance(e.tag, str)
                  and not any(etree.QName(a).localname == "meta" for a in e.iterancestors())}
    assert names - set(RULES) == set()


# --- escaping ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("in Bekräftigung ihrer Verurteilung (A/78/482, Ziff. 29), „Helms-Burton-Gesetz“ – 5 % & mehr!",
     "in Bekräftigung ihrer Verurteilung (A/78/482, Ziff. 29), „Helms-Burton-Gesetz“ – 5 % & mehr!"),
    ("[aufgrund des Berichts (A/78/482)]", "[aufgrund des Berichts (A/78/482)]"),
    ("*stars* and _under_ and `code`", "\\*stars\\* and \\_under\\_ and \\`code\\`"),
    ("a\\b <b> c > d", "a\\\\b \\<b> c > d"),
    ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
    ("[x][y] and [z]: w", "\\[x\\]\\[y] and \\[z\\]: w"),
    ("[^1] ^[inline]", "\\[^1] ^\\[inline]"),
    ("&amp; &#38; &x && AT&T;", "\\&amp; \\&#38; &x && AT\\&T;"),
    ("# Titel", "\\# Titel"),
    ("#hashtag", "#hashtag"),
    ("> Zitat", "\\> Zitat"),
    ("- Strich", "\\- Strich"),
    ("-übergriffe", "-übergriffe"),
    ("+ plus", "\\+ plus"),
    ("---", "\\---"),
    ("===", "\\==="),
    ("~~~ fence", "\\~~~ fence"),
    ("50. Plenarsitzung", "50\\. Plenarsitzung"),
    ("2) zweitens", "2\\) zweitens"),
    ("2023 war", "2023 war"),
    ("1.5 Prozent", "1.5 Prozent"),
    ("78/228. Titel", "78/228. Titel"),
])
def test_write_line_escapes_text(text, expected):
    assert write_line([text]) == expected


def test_write_line_leaves_markup_alone_and_sees_context_across_pieces():
    assert write_line([Markup("*"), "x", Markup("*")]) == "*x*"
    assert write_line(["[a", Markup("*"), "]", "(b)"]) == "\\[a*\\](b)"
    assert write_line([Markup("[^1]"), "(Fn)"]) == "[^1]\\(Fn)"
    assert write_line(["^", Markup("[^1]")]) == "\\^[^1]"
    assert write_line([Markup("[^1]"), ": x"]) == "[^1]\\: x"
    assert write_line(["  a  ", "  b ", Markup("[^1]"), "  "]) == "a b [^1]"


TRICKY = ["\\", "*", "_", "`", "[", "]", "(", ")", "<", ">", "#", "&", ";", "!", "^", ":", "-", "+", "=",
          "~", ".", "|", "{", "}", "0", "1", " ", "a", "ä", "\u00a0", "&amp;", "&#38;", "1.", "1)", "]:",
          "[^1]", "~~~", "---", "http://x.y", "<script>", "]]>", "    "]


def test_any_text_comes_back_unchanged_through_markdown_it():
    rnd = random.Random(2024)
    for _ in range(1500):
        text = "".join(rnd.choice(TRICKY) for _ in range(rnd.randint(1, 10)))
        p = etree.Element(f"{{{AKN}}}p")
        p.text = text
        markdown = to_markdown(p)
        expected = re.sub(r"[ \t\r\n]+", " ", text).strip()  # markdown-it trims paragraphs (NBSP too)
        assert parsed_text(markdown) == (expected, []), (text, markdown)


def test_text_around_emphasis_notes_and_refs_comes_back_unchanged():
    rnd = random.Random(99)
    alphabet = TRICKY + ["„", "“", "x"]

    def chunk() -> str:
        return "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 5)))

    for _ in range(800):
        p = etree.Element(f"{{{AKN}}}p")
        p.text = expected = chunk()
        notes = 0
        for k in range(rnd.randint(1, 3)):
            kind = rnd.choice(["i", "b", "authorialNote", "ref"])
            node = etree.SubElement(p, f"{{{AKN}}}{kind}", href="#")
            if kind == "authorialNote":
                node.set("marker", str(k + 1))
                etree.SubElement(node, f"{{{AKN}}}p").text = "Fußnote"
                notes += 1
            else:
                node.text = chunk()
                expected += node.text
            node.tail = chunk()
            expected += node.tail
        markdown = to_markdown(p)
        parsed = MD.parse(markdown)
        body = parsed[:[t.type for t in parsed].index("footnote_block_open")] if notes else parsed
        tokens = [c for t in body if t.type == "inline" for c in t.children]
        text = "".join(c.content for c in tokens if c.type == "text")
        others = {c.type for c in tokens} - {"text", "softbreak", "em_open", "em_close", "strong_open",
                                              "strong_close", "footnote_ref"}
        assert re.sub(r"\s", "", text) == re.sub(r"\s", "", expected), (etree.tostring(p), markdown)
        assert others == set(), markdown
        assert sum(c.type == "footnote_ref" for c in tokens) == notes, markdown


def test_injection_is_literal_text():
    text = "<script>alert(1)</script> ]]> &amp; [x](javascript:alert(1)) *stars*"
    p = etree.Element(f"{{{AKN}}}p")
    p.text = text
    markdown = to_markdown(p)
    assert markdown == "\\<script>alert(1)\\</script> ]]> \\&amp; \\[x\\](javascript:alert(1)) \\*stars\\*\n"
    assert parsed_text(markdown) == (text, [])
    html = MD.render(markdown)
    assert "<script" not in html and "<a" not in html and "<em>" not in html
    assert "&amp;amp;" in html


# --- the reference documents ------------------------------------------------------------------------

SKELETON_MD = """\
Generalversammlung

A/RES/78/228

Verteilung: Allgemein

22\\. Dezember 2023

Achtundsiebzigste Tagung

Tagesordnungspunkt 107

Verbrechensverhütung und Strafrechtspflege

Resolution der Generalversammlung, verabschiedet am 19. Dezember 2023

[aufgrund des Berichts des Dritten Ausschusses (A/78/482, Ziff. 29)]

78/228. Verbesserung der Koordinierung des Vorgehens gegen den Menschenhandel

*Die Generalversammlung*,

*in Bekräftigung* ihrer nachdrücklichen Verurteilung des Menschenhandels, insbesondere des Frauen- und Kinderhandels,

*unter Hinweis* auf die von der Generalversammlung beschlossene Agenda 2030 für nachhaltige Entwicklung[^1] \
sowie auf ihre Resolution 64/293 vom 30. Juli 2010,

1. *fordert* alle Mitgliedstaaten *auf*, das Übereinkommen der Vereinten Nationen gegen die grenzüberschreitende \
organisierte Kriminalität zu ratifizieren;

2. *ersucht* den Generalsekretär,

- a) der Generalversammlung auf ihrer achtzigsten Tagung einen Bericht vorzulegen;
- b) die Zusammenarbeit mit den zuständigen Organisationen zu koordinieren, wie in der Anlage beschrieben.

50\\. Plenarsitzung

19\\. Dezember 2023

Anlage

Leitlinien für die Koordinierung

1. Text des ersten Absatzes der Anlage.

[^1]: Resolution 70/1.
"""


def test_skeleton_renders_in_the_web_layout():
    assert render((REFERENCE / "skeleton-ga-resolution.de.xml").read_bytes(), "md") == SKELETON_MD


def _note_count(root: etree._Element) -> int:
    return sum(1 for _ in root.iter(f"{{{AKN}}}authorialNote"))


@pytest.mark.parametrize("name, notes, markers", [
    ("skeleton-ga-resolution.de.xml", 1, ["1"]),
    ("a-res-80-4.de.akn.xml", 1, ["2"]),
    ("s-res-2700-2023.de.akn.xml", 0, []),
])
def test_reference_documents_parse_as_markdown_with_their_footnotes(name, notes, markers):
    root = parse_xml(REFERENCE / name).getroot()
    assert _note_count(root) == notes
    markdown = to_markdown(root)
    tokens = MD.parse(markdown)
    refs = [c for t in tokens if t.type == "inline" for c in t.children if c.type == "footnote_ref"]
    assert len(refs) == notes
    assert [t.type for t in tokens].count("footnote_open") == notes
    assert [r.meta["label"] for r in refs] == markers
    assert re.findall(r"^\[\^([^\]]+)\]:", markdown, flags=re.M) == markers


def test_un_80_4_operative_paragraph_with_note_and_conclusions():
    markdown = to_markdown(parse_xml(REFERENCE / "a-res-80-4.de.akn.xml").getroot())
    assert ("1. *nimmt Kenntnis* von dem Bericht des Generalsekretärs über die Durchführung der "
            "Resolution 79/7[^2];\n") in markdown
    assert markdown.endswith("22\\. Plenarsitzung\n\n29\\. Oktober 2025\n\n[^2]: A/80/83.\n")
    assert "80/4. **Notwendigkeit der Beendigung" in markdown


def test_un_2700_items_and_headings():
    markdown = to_markdown(parse_xml(REFERENCE / "s-res-2700-2023.de.akn.xml").getroot())
    assert "\n\n**Überprüfung**\n\n24. *bekräftigt*, dass er" in markdown
    assert ("\n\n- a) wenn die Regierung Haitis ausreichende justizielle und rechtsstaatliche Kapazitäten "
            "aufgebaut hat, um gegen bewaffnete Gruppen und kriminelle Aktivitäten angehen zu können;\n- b) ") in markdown
    assert "\n\na) die Lieferung, den Verkauf oder den Transfer" in markdown
    assert "*mit tiefer Sorge" not in markdown and "mit tiefer Sorge *Kenntnis nehmend* von" in markdown


def test_every_reference_paragraph_comes_back_from_markdown_it():
    """Each p of the UN files, as text, appears in markdown-it's parse of the rendering."""
    for name in DOCUMENTS[1:]:
        root = parse_xml(REFERENCE / name).getroot()
        text, _ = parsed_text(to_markdown(root))
        for p in root.iter(f"{{{AKN}}}p"):
            if any(etree.QName(a).localname in ("meta", "authorialNote") for a in p.iterancestors()):
                continue
            words = re.sub(r"\s+", " ", "".join(
                t for t in p.itertext() if t is not None)).strip()
            if words and not p.findall(f".//{{{AKN}}}eol") and not p.findall(f".//{{{AKN}}}authorialNote"):
                assert words in re.sub(r"\s+", " ", text), (name, words[:60])
