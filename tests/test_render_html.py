"""AKN → HTML page: each rule on small snippets, safety, and the reference documents."""
from __future__ import annotations

import re
import warnings
from pathlib import Path

import html5lib
import lxml.html
import pytest
from lxml import etree

from converter.render import RenderWarning, render
from converter.render.html import RULES, safe_href, to_html
from converter.xmlsafe import parse_xml

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"  # ../shared beside the checkout
DOCUMENTS = ("skeleton-ga-resolution.de.xml", "a-res-80-4.de.akn.xml", "s-res-2700-2023.de.akn.xml")


def akn(body: str) -> etree._Element:
    return parse_xml(f'<akomaNtoso xmlns="{AKN}">{body}</akomaNtoso>'.encode()).getroot()


def page(body: str, **kwargs) -> str:
    return to_html(akn(body), **kwargs)


def inner(html: str, selector: str = "akn-akomaNtoso") -> str:
    """The serialised children of the first element with class ``selector``."""
    tree = lxml.html.document_fromstring(html)
    found = tree.xpath(f'//*[contains(concat(" ", @class, " "), " {selector} ")]')[0]
    return (found.text or "") + "".join(etree.tostring(c, encoding="unicode", method="html") for c in found)


def strict_parse(html: str) -> None:
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(html)


def reference(name: str) -> str:
    return to_html(parse_xml(REFERENCE / name))


# --- one rule at a time -----------------------------------------------------------------------------

def test_p_keeps_text_collapses_xml_whitespace_and_escapes():
    assert inner(page("<p>\n   Die  Generalversammlung &amp; &lt;i&gt;,\n </p>")) \
        == '\n<p class="akn-p">Die Generalversammlung &amp; &lt;i&gt;,</p>\n'


def test_paragraph_is_a_section_with_id_class_and_hanging_number():
    body = ("<mainBody><paragraph eId='para_1' refersTo='#operative'><num>1.</num><content>"
            "<p><i>fordert</i> alle <span class='italic'>auf</span>;</p></content></paragraph></mainBody>")
    assert inner(page(body), "akn-mainBody") == (
        '\n<section class="akn-paragraph" id="para_1">\n<span class="akn-num">1.</span>\n'
        '<div class="akn-content">\n<p class="akn-p"><i class="akn-i">fordert</i> alle '
        '<span class="akn-span italic">auf</span>;</p>\n</div>\n</section>\n')


def test_list_intro_and_points():
    body = ("<paragraph eId='p2'><num>2.</num><list eId='p2__list_1'><intro><p>ersucht,</p></intro>"
            "<point eId='p2__list_1__point_a'><num>a)</num><content><p>eins;</p></content></point></list></paragraph>")
    assert inner(page(body), "akn-list") == (
        '\n<div class="akn-intro">\n<p class="akn-p">ersucht,</p>\n</div>\n'
        '<div class="akn-point" id="p2__list_1__point_a">\n<span class="akn-num">a)</span>\n'
        '<div class="akn-content">\n<p class="akn-p">eins;</p>\n</div>\n</div>\n')


def test_container_name_becomes_data_name():
    assert inner(page("<preamble><container name='inBekraeftigung' eId='c1'><p>x</p></container></preamble>"),
                 "akn-preamble") == ('\n<div class="akn-container" id="c1" data-name="inBekraeftigung">\n'
                                     '<p class="akn-p">x</p>\n</div>\n')


def test_preface_title_line_is_the_page_heading():
    body = ("<statement name='resolution'><preface><container name='title'><p><docNumber>78/228.</docNumber> "
            "<docTitle>Titel</docTitle></p></container></preface></statement>")
    assert '<h1 class="akn-p"><span class="akn-docNumber">78/228.</span> <span class="akn-docTitle">Titel</span></h1>' \
        in page(body)


def test_sections_get_headings_by_depth_and_a_table_of_contents():
    body = ("<statement name='resolution'><preface><p><docTitle>T</docTitle></p></preface><mainBody>"
            "<section eId='sec_I'><num>I.</num><heading>Verhütung</heading>"
            "<hcontainer name='x'><heading>Unter</heading><paragraph><content><p>t</p></content></paragraph>"
            "</hcontainer></section></mainBody></statement>")
    html = page(body)
    assert ('<section class="akn-section" id="sec_I">\n<h2 class="unit-heading"><span class="akn-num">I.</span> '
            '<span class="akn-heading">Verhütung</span></h2>\n'
            '<section class="akn-hcontainer" id="hcontainer_1" data-name="x">\n<h3 class="unit-heading">'
            '<span class="akn-heading">Unter</span></h3>') in html
    assert inner(html, "toc") == ('<h2>Inhalt</h2><ol><li><a href="#sec_I">I. Verhütung</a><ol><li>'
                                  '<a href="#hcontainer_1">Unter</a></li></ol></li></ol>')
    # the table of contents comes after the preface, before the body
    assert html.index('class="akn-preface"') < html.index('<nav class="toc"') < html.index('class="akn-mainBody"')


def test_no_table_of_contents_without_sections_or_annexes():
    assert "<nav" not in page("<statement name='r'><mainBody><paragraph><content><p>x</p></content></paragraph>"
                              "</mainBody></statement>")


def test_links_keep_safe_targets_only():
    caught: list[str] = []
    body = ("<p><ref href='https://undocs.org/A/78/482'>A/78/482</ref> <a href='#att_1'>Anlage</a> "
            "<ref href='/akn/un/statement/x'>70/1</ref> <ref href='java&#9;script:alert(1)'>böse</ref> "
            "<a href=' JavaScript:alert(1)'>auch</a> <ref href='data:text/html,x'>d</ref></p>")
    assert inner(page(body, warnings=caught)) == (
        '\n<p class="akn-p"><a class="akn-ref" href="https://undocs.org/A/78/482">A/78/482</a> '
        '<a class="akn-a" href="#att_1">Anlage</a> <span class="akn-ref">70/1</span> '
        '<span class="akn-ref">böse</span> <span class="akn-a">auch</span> <span class="akn-ref">d</span></p>\n')
    assert len(caught) == 4 and all("refused; text kept without link" in w for w in caught)


@pytest.mark.parametrize("href, expected", [
    ("https://undocs.org/A/78/482", "https://undocs.org/A/78/482"),
    ("HTTP://x.org", "HTTP://x.org"),
    ("#para_1", "#para_1"),
    ("/akn/un/x", None),  # an AKN IRI no page can follow
    ("/akn/un/statement/deliberation/unga/2010-07-30/64-293/!main", "https://undocs.org/A/RES/64/293"),
    ("annex.html", "annex.html"),
    ("javascript:alert(1)", None),
    ("\x01 java\nscript:alert(1)", None),
    ("vbscript:x", None),
    ("mailto:a@b.c", None),
    ("file:///etc/passwd", None),
    ("", None),
])
def test_safe_href(href, expected):
    assert safe_href(href) == expected


def test_nested_links_do_not_nest_anchors():
    html = page("<p><ref href='#a'>x<authorialNote marker='1' eId='n'><p>n</p></authorialNote></ref></p>")
    assert '<span class="akn-ref">x<sup class="akn-authorialNote"><a href="#n" id="ref-n" class="note-ref">1</a>' \
           '</sup></span>' in html
    strict_parse(html)


def test_dates_become_time_elements():
    assert inner(page("<p><docDate date='2023-12-19'>19. Dezember 2023</docDate> "
                      "<date date='unbekannt'>irgendwann</date></p>")) == (
        '\n<p class="akn-p"><time class="akn-docDate" datetime="2023-12-19">19. Dezember 2023</time> '
        '<time class="akn-date">irgendwann</time></p>\n')


def test_eol_is_a_line_break_and_images_are_not_fetched():
    html = page("<conclusions><p><location refersTo='#m'>50. Plenarsitzung</location><eol/>"
                "<docDate date='2023-12-19'>19. Dezember 2023</docDate></p></conclusions>"
                "<coverPage><p><img src='https://example.org/logo.png' alt='UN-Logo'/><img src='x.jpg'/>"
                "Generalversammlung</p></coverPage>")
    assert ('<span class="akn-location">50. Plenarsitzung</span><br class="akn-eol">'
            '<time class="akn-docDate" datetime="2023-12-19">19. Dezember 2023</time>') in html
    assert '<p class="akn-p"><span class="akn-img" role="img" aria-label="UN-Logo"></span>Generalversammlung</p>' in html
    assert "src=" not in html and "example.org" not in html


def test_footnote_marker_links_to_the_note_and_back():
    body = ("<p>Agenda 2030<sup><authorialNote marker='1' placement='bottom' eId='n1'><p>Resolution "
            "<ref href='https://undocs.org/A/RES/70/1'>70/1</ref>.</p></authorialNote></sup> sowie</p>"
            "<p>erneut<noteRef href='#n1' marker='1'/>.</p>")
    html = page(body)
    assert '<p class="akn-p">Agenda 2030<sup class="akn-sup"><a href="#n1" id="ref-n1" class="note-ref">1</a></sup> sowie</p>' in html
    assert '<p class="akn-p">erneut<sup class="akn-authorialNote"><a href="#n1" id="ref-n1-2" class="note-ref">1</a></sup>.</p>' in html
    assert inner(html, "akn-notes") == (
        '\n<h2>Fußnoten</h2>\n<ol>\n<li id="n1" class="akn-authorialNote">\n<p class="akn-p">'
        '<span class="note-marker">1</span> Resolution <a class="akn-ref" href="https://undocs.org/A/RES/70/1">70/1</a>. '
        '<a href="#ref-n1" class="backref" aria-label="zurück zum Text">↩</a> '
        '<a href="#ref-n1-2" class="backref" aria-label="zurück zum Text (2)">↩2</a></p>\n</li>\n</ol>')


def test_notes_without_eid_get_stable_unique_ids_in_marker_order():
    body = ("<p eId='note_1'>a<authorialNote marker='2'><p>zwei</p></authorialNote>"
            "b<authorialNote marker='1'><p>eins</p></authorialNote></p>")
    html = page(body)
    assert page(body) == html
    assert '<a href="#note_1_2" id="ref-note_1_2" class="note-ref">2</a>' in html
    assert '<a href="#note_2" id="ref-note_2" class="note-ref">1</a>' in html
    notes = lxml.html.document_fromstring(html).xpath('//section[@class="akn-notes"]//li/@id')
    assert notes == ["note_2", "note_1_2"]


def test_duplicate_eids_become_unique_ids():
    html = page("<p eId='x'>a</p><p eId='x'>b</p>")
    assert '<p class="akn-p" id="x">a</p>' in html and '<p class="akn-p" id="x-2">b</p>' in html


def test_unknown_element_keeps_text_and_warns_once():
    caught: list[str] = []
    html = page("<p>a <foo>geheim</foo> <foo>noch</foo></p><foo><p>block</p></foo>", warnings=caught)
    assert inner(html) == ('\n<p class="akn-p">a <span class="akn-foo akn-unknown">geheim</span> '
                           '<span class="akn-foo akn-unknown">noch</span></p>\n'
                           '<div class="akn-foo akn-unknown">\n<p class="akn-p">block</p>\n</div>\n')
    assert caught == ["unknown element <foo> (line 1) rendered as plain content"]
    strict_parse(html)


def test_unknown_element_without_list_is_a_render_warning():
    with pytest.warns(RenderWarning, match="unknown element <foo>"):
        page("<p><foo>x</foo></p>")


def test_control_characters_are_replaced_so_the_page_stays_valid():
    html = page("<p>a\u0085b\ufdd0c</p>")
    assert '<p class="akn-p">a\ufffdb\ufffdc</p>' in html
    strict_parse(html)


def test_astral_noncharacters_are_replaced_and_other_astral_characters_kept():
    html = page("<p>a\U0001fffeb\U0010ffffc\U0001f600d\U0010fffde</p>")
    assert '<p class="akn-p">a\ufffdb\ufffdc\U0001f600d\U0010fffde</p>' in html


def test_rules_table_covers_the_vocabulary_of_the_reference_documents():
    names = set()
    for name in DOCUMENTS:
        root = parse_xml(REFERENCE / name).getroot()
        names |= {etree.QName(e).localname for e in root.iter() if isinstance(e.tag, str)
                  and not any(etree.QName(a).localname == "meta" for a in e.iterancestors())}
    assert names - set(RULES) == set()


# --- the page ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, title", [
    ("skeleton-ga-resolution.de.xml", "A/RES/78/228 Verbesserung der Koordinierung des Vorgehens gegen den Menschenhandel"),
    ("a-res-80-4.de.akn.xml", "A/RES/80/4 Notwendigkeit der Beendigung der von den Vereinigten Staaten von Amerika "
                              "gegen Kuba verhängten Wirtschafts-, Handels- und Finanzblockade"),
    ("s-res-2700-2023.de.akn.xml", "S/RES/2700 (2023) Resolution 2700 (2023)"),
])
def test_reference_page_is_valid_standalone_html(name, title):
    html = reference(name)
    strict_parse(html)
    assert html.startswith('<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n')
    tree = lxml.html.document_fromstring(html)
    assert tree.findtext(".//title") == title
    assert "<script" not in html and "<link" not in html and "src=" not in html
    assert "@media print" in html and "max-width: 38em" in html and "serif" in html
    hrefs = tree.xpath("//@href")
    assert all(h.startswith("#") or h.startswith("/akn/") or re.match(r"https://(docs\.un\.org|undocs\.org)/", h)
               for h in hrefs), hrefs


@pytest.mark.parametrize("name, notes", [(DOCUMENTS[0], 1), (DOCUMENTS[1], 1), (DOCUMENTS[2], 0)])
def test_every_note_marker_and_fragment_link_has_a_target(name, notes):
    html = reference(name)
    tree = lxml.html.document_fromstring(html)
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids))
    markers = tree.xpath('//sup/a[@class="note-ref"]')
    assert len(markers) == notes
    assert len(tree.xpath('//section[@class="akn-notes"]//li')) == notes
    for link in tree.xpath('//a[starts-with(@href, "#")]'):
        assert link.get("href")[1:] in ids, link.get("href")
    for marker in markers:  # and back again
        assert tree.xpath(f'//a[@class="backref"][@href="#{marker.get("id")}"]')


def test_un_80_4_note_marker_is_two():
    tree = lxml.html.document_fromstring(reference(DOCUMENTS[1]))
    marker = tree.xpath('//sup/a[@class="note-ref"]')[0]
    assert (marker.text, marker.get("href"), marker.get("id")) == ("2", "#authorialNote_2", "ref-authorialNote_2")
    assert tree.xpath('//li[@id="authorialNote_2"]')[0].text_content().split() == ["2", "A/80/83.", "↩"]


def test_skeleton_has_annex_in_table_of_contents_and_heading_levels():
    html = reference(DOCUMENTS[0])
    assert inner(html, "toc") == '<h2>Inhalt</h2><ol><li><a href="#att_1">Anlage: Leitlinien für die Koordinierung</a></li></ol>'
    assert '<h1 class="akn-p"><span class="akn-docNumber">78/228.</span>' in html
    assert '<h2 class="akn-p"><span class="akn-docTitle">Leitlinien für die Koordinierung</span></h2>' in html


def test_reference_documents_render_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in DOCUMENTS:
            render((REFERENCE / name).read_bytes(), "html")


def test_unknown_element_in_a_reference_document():
    data = (REFERENCE / DOCUMENTS[0]).read_text(encoding="utf-8").replace(
        "<i>in Bekräftigung</i>", "<foo>Eingeschleust</foo> <i>in Bekräftigung</i>").replace(
        "<p>Text des ersten", "<p><foo>Zweimal</foo> Text des ersten")
    for fmt in ("html", "md"):
        caught: list[str] = []
        out = render(data, fmt, warnings=caught)
        assert "Eingeschleust" in out and "Zweimal" in out
        assert len(caught) == 1 and caught[0].startswith("unknown element <foo> (line ")
    strict_parse(render(data, "html", warnings=[]))


def test_injection_renders_as_literal_text():
    text = "&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp;amp; [x](javascript:alert(1)) *stars*"
    body = (f"<statement name='r'><preface><p><docTitle>{text}</docTitle></p></preface>"
            f"<mainBody><paragraph><content><p>{text}</p></content></paragraph></mainBody></statement>")
    html = page(body)
    strict_parse(html)
    assert "<script" not in html and "javascript:" not in re.sub(r">[^<]*<", "><", html)
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp;amp; [x](javascript:alert(1)) *stars*"
    assert f'<p class="akn-p">{escaped}</p>' in html
    assert f"<title>{escaped}</title>" in html
    tree = lxml.html.document_fromstring(html)
    assert tree.xpath("//p")[-1].text == "<script>alert(1)</script> ]]> &amp; [x](javascript:alert(1)) *stars*"


def test_render_dispatches_on_format():
    root = akn("<p>x</p>")
    assert render(root, "md") == "x\n"
    assert render(etree.ElementTree(root), "html").startswith("<!DOCTYPE html>")
    with pytest.raises(ValueError, match="unknown output format 'pdf'"):
        render(root, "pdf")


def test_akn_iris_of_resolutions_link_through_the_symbol_resolver():
    body = ("<p><ref href='/akn/un/statement/deliberation/unga/2010-07-30/64-293/!main'>64/293</ref> "
            "<ref href='/akn/un/statement/deliberation/unsc/2023-10-19/2700-2023/!main'>2700 (2023)</ref></p>")
    assert inner(page(body)) == (
        '\n<p class="akn-p"><a class="akn-ref" href="https://undocs.org/A/RES/64/293">64/293</a> '
        '<a class="akn-ref" href="https://undocs.org/S/RES/2700(2023)">2700 (2023)</a></p>\n')
