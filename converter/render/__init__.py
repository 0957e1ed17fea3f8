"""Renderers from Akoma Ntoso 3.0 XML to Markdown (web-text layout) and to a standalone HTML page.

Each format has one table ``RULES`` mapping an AKN element name to its render function and a small
dispatcher that walks the tree with it (``markdown.py``, ``html.py``). An element missing from the
table keeps its text and children and is reported once per name: appended as a string to the
``warnings`` list if one is passed, otherwise issued as a ``RenderWarning``.
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from .common import RenderWarning, to_root
from .html import to_html
from .markdown import to_markdown

__all__ = ["render", "to_markdown", "to_html", "RenderWarning"]

_FORMATS = {"md": to_markdown, "markdown": to_markdown, "html": to_html}


def render(
    xml: bytes | str | Path | etree._Element | etree._ElementTree,
    to: str = "md",
    *,
    warnings: list | None = None,
) -> str:
    """Render AKN to ``"md"`` (Markdown) or ``"html"``. Bytes, str and paths are parsed with
    ``converter.xmlsafe.parse_xml``; elements and trees are used as they are."""
    try:
        writer = _FORMATS[to]
    except KeyError:
        raise ValueError(f"unknown output format {to!r}; expected 'md' or 'html'") from None
    return writer(to_root(xml), warnings=warnings)
