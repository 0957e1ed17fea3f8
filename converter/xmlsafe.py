"""Parsing XML that this project did not build itself.

``parse_xml`` is the only entry point for foreign XML (AKN files to render, validate or compare).
It refuses, with an ``UnsafeXMLError`` and a one-line message, anything that needs trust:

* a DOCTYPE / DTD of any kind: that is where entity bombs ("billion laughs"), external entities
  (``file:///etc/passwd``) and external DTDs (network fetches) live, and AKN never needs one;
* documents larger than ``max_bytes`` or nested deeper than ``max_depth``;
* documents that are not well-formed (the message carries the line number).

The parser itself is also configured not to resolve entities, load DTDs or touch the network, so a
DOCTYPE that slipped past the first check still could not read a file or a URL.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from lxml import etree

__all__ = ["UnsafeXMLError", "parse_xml"]


class UnsafeXMLError(ValueError):
    """The document was refused: unsafe, too large, too deep or not well-formed."""


# Whitespace, the XML declaration, comments and processing instructions may precede a DOCTYPE.
_PROLOG_DOCTYPE = re.compile(rb"(?:\s|<\?.*?\?>|<!--.*?-->)*<!DOCTYPE", re.DOTALL)
_DECLARED_ENCODING = re.compile(r"^(\ufeff?\s*<\?xml[^>]*?encoding\s*=\s*)([\"'])[^\"']*\2")
_UTF8_BOM = b"\xef\xbb\xbf"


def parse_xml(
    data: bytes | str | Path,
    *,
    max_bytes: int = 50_000_000,
    max_depth: int = 200,
) -> etree._ElementTree:
    """Parse untrusted XML into an element tree, or raise ``UnsafeXMLError``."""
    raw = _read(data, max_bytes)
    if _PROLOG_DOCTYPE.match(raw.removeprefix(_UTF8_BOM)):
        raise UnsafeXMLError("refused: the document has a DOCTYPE (DTDs and entities are not accepted)")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
    )
    try:
        tree = etree.parse(io.BytesIO(raw), parser)
    except etree.XMLSyntaxError as error:
        reason = (error.msg or str(error)).splitlines()[0].strip()
        # libxml2 appends its own "line L, column C"; we give the line once, in front.
        reason = re.sub(r",\s*line \d+, column \d+.*$", "", reason)
        raise UnsafeXMLError(f"not well-formed XML at line {error.lineno}: {reason}") from None
    # Second line of defence: a DOCTYPE the prolog pattern missed (e.g. in UTF-16 input).
    info = tree.docinfo
    if info.internalDTD is not None or info.system_url or info.public_id or info.doctype:
        raise UnsafeXMLError("refused: the document has a DOCTYPE (DTDs and entities are not accepted)")
    _check_depth(tree.getroot(), max_depth)
    return tree


def _read(data: bytes | str | Path, max_bytes: int) -> bytes:
    if isinstance(data, Path):
        size = data.stat().st_size
        if size > max_bytes:
            raise UnsafeXMLError(f"refused: {data.name} has {size} bytes, more than the limit of {max_bytes}")
        raw = data.read_bytes()
    elif isinstance(data, str):
        # lxml rejects str input with an encoding declaration; we hand it UTF-8 bytes instead.
        raw = _DECLARED_ENCODING.sub(r"\1\2UTF-8\2", data, count=1).encode("utf-8")
    elif isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
    else:
        raise TypeError(f"parse_xml expects bytes, str or pathlib.Path, not {type(data).__name__}")
    if len(raw) > max_bytes:
        raise UnsafeXMLError(f"refused: the document has {len(raw)} bytes, more than the limit of {max_bytes}")
    return raw


def _check_depth(root: etree._Element, max_depth: int) -> None:
    depth = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if event == "end":
            depth -= 1
            continue
        depth += 1
        if depth > max_depth:
            raise UnsafeXMLError(
                f"refused: elements nested deeper than {max_depth} levels at line {element.sourceline}"
            )
