"""A second, independent validator: the outputs that libxml2 accepts, xmlschema accepts too.

The converter validates with libxml2 (through lxml), which compiles the AKN schema in a quarter
of a second; xmlschema, a pure-Python implementation, takes seconds to build it, so it is used
here only, as a check that a validity verdict does not depend on one implementation."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from converter import check, convert_file

ROOT = Path(__file__).resolve().parent.parent
INPUTS = sorted((ROOT / "samples").glob("*.txt")) + sorted((ROOT / "tests" / "data").glob("*.txt"))

xmlschema = pytest.importorskip("xmlschema")


@pytest.fixture(scope="module")
def akn_schema():
    return xmlschema.XMLSchema(str(check.SCHEMA_FILE))


@pytest.mark.slow
@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_output_is_valid_for_xmlschema_too(path, akn_schema):
    xml = convert_file(path).to_xml()
    assert [str(e.reason) for e in akn_schema.iter_errors(xml)] == []


@pytest.mark.slow
def test_xmlschema_rejects_what_libxml2_rejects(akn_schema):
    xml = convert_file(INPUTS[0]).to_xml().replace(b"<preamble>", b"<preamble><bogus/>", 1)
    reasons = [str(e.reason) for e in akn_schema.iter_errors(xml)]
    assert len(reasons) == 1 and "bogus" in reasons[0]
    assert check.schema_errors(etree.ElementTree(etree.fromstring(xml))) == [
        "line 60: Element 'bogus': This element is not expected. Expected is one of ( foreign, block, "
        "recitals, citations, formula, container, blockList, blockContainer, tblock, toc )."]
