"""converter.xmlsafe: foreign XML is parsed without trusting it."""
from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

from converter.xmlsafe import UnsafeXMLError, parse_xml

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"  # ../shared beside the checkout


def test_valid_document_parses():
    tree = parse_xml(f'<?xml version="1.0" encoding="UTF-8"?><akomaNtoso xmlns="{AKN}"><p>ä</p></akomaNtoso>'.encode())
    assert tree.getroot().tag == f"{{{AKN}}}akomaNtoso"
    assert tree.getroot()[0].text == "ä"


def test_str_with_encoding_declaration_and_path_input(tmp_path):
    text = '<?xml version="1.0" encoding="ISO-8859-1"?><r>Größe</r>'
    assert parse_xml(text).getroot().text == "Größe"
    path = tmp_path / "doc.xml"
    path.write_bytes(b"<r>aus Datei</r>")
    assert parse_xml(path).getroot().text == "aus Datei"


def test_reference_documents_parse():
    for name in ("skeleton-ga-resolution.de.xml", "a-res-80-4.de.akn.xml", "s-res-2700-2023.de.akn.xml"):
        assert parse_xml(REFERENCE / name).getroot().tag == f"{{{AKN}}}akomaNtoso"


def test_processing_instructions_are_removed():
    root = parse_xml(b'<?xml version="1.0"?><r><?php echo 1 ?>text</r>').getroot()
    assert len(root) == 0 and root.text == "text"


def test_billion_laughs_is_refused():
    entities = "".join(
        f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10 if i > 1 else "lol"}">' for i in range(1, 10)
    )
    bomb = f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]><lolz>&lol9;</lolz>'
    with pytest.raises(UnsafeXMLError, match="DOCTYPE"):
        parse_xml(bomb.encode())


def test_external_entity_is_refused_and_file_not_read():
    passwd = Path("/etc/passwd").read_text()
    doc = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'
    with pytest.raises(UnsafeXMLError) as caught:
        parse_xml(doc)
    message = str(caught.value)
    assert "DOCTYPE" in message
    assert "root:" not in message and passwd.strip().splitlines()[0] not in message


def test_doctype_after_comment_is_refused():
    with pytest.raises(UnsafeXMLError, match="DOCTYPE"):
        parse_xml(b'<!-- hi --><?pi x?>\n<!DOCTYPE r [<!ENTITY a "b">]><r>&a;</r>')


def test_doctype_in_utf16_is_refused_after_parsing():
    doc = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r SYSTEM "x.dtd"><r/>'.encode("utf-16")
    with pytest.raises(UnsafeXMLError, match="DOCTYPE"):
        parse_xml(doc)


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server naming)
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'<!ENTITY x "fetched">')

    def log_message(self, *args):
        pass


def test_external_dtd_over_http_is_refused_without_a_request():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/evil.dtd"
        with pytest.raises(UnsafeXMLError, match="DOCTYPE"):
            parse_xml(f'<?xml version="1.0"?><!DOCTYPE r SYSTEM "{url}"><r>&x;</r>'.encode())
        with pytest.raises(UnsafeXMLError, match="DOCTYPE"):
            parse_xml(f'<!DOCTYPE r PUBLIC "-//X//DTD X//EN" "{url}"><r/>'.encode())
    finally:
        server.shutdown()
        server.server_close()
    assert _Recorder.hits == []


def test_deep_nesting_is_refused():
    with pytest.raises(UnsafeXMLError, match="deeper than 200 levels at line 1"):
        parse_xml(b"<a>" * 201 + b"</a>" * 201)
    assert parse_xml(b"<a>" * 200 + b"</a>" * 200).getroot().tag == "a"
    with pytest.raises(UnsafeXMLError, match="deeper than 5 levels"):
        parse_xml(b"<a><a><a><a><a><a/></a></a></a></a></a>", max_depth=5)


def test_very_deep_nesting_stops_the_parser():
    with pytest.raises(UnsafeXMLError, match="at line 1"):
        parse_xml(b"<a>" * 100_000 + b"</a>" * 100_000, max_bytes=10_000_000)


def test_document_over_size_limit_is_refused(tmp_path):
    big = b'<r a="' + b"x" * 2000 + b'"/>'
    with pytest.raises(UnsafeXMLError, match="2009 bytes, more than the limit of 1000"):
        parse_xml(big, max_bytes=1000)
    path = tmp_path / "big.xml"
    path.write_bytes(big)
    with pytest.raises(UnsafeXMLError, match="more than the limit of 1000"):
        parse_xml(path, max_bytes=1000)


def test_huge_attribute_within_size_limit_is_stopped_by_the_parser():
    # 11 MB attribute: under the default 50 MB document limit, over libxml2's non-huge limit.
    with pytest.raises(UnsafeXMLError, match="at line 1"):
        parse_xml(b'<r a="' + b"x" * 11_000_000 + b'"/>')


def test_malformed_xml_reports_the_line():
    with pytest.raises(UnsafeXMLError) as caught:
        parse_xml(b"<r>\n<a>\n<b>\n</a>\n</r>")
    message = str(caught.value)
    assert message.startswith("not well-formed XML at line 4: ")
    assert "\n" not in message


def test_undefined_entity_is_malformed():
    with pytest.raises(UnsafeXMLError, match="line 2"):
        parse_xml(b"<r>\n&undefined;</r>")


def test_wrong_input_type():
    with pytest.raises(TypeError):
        parse_xml(123)  # type: ignore[arg-type]
