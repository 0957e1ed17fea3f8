"""akn-converter: German UN resolutions as plain text -> Akoma Ntoso 3.0 XML, checked and rendered.

>>> from converter import convert
>>> doc = convert(open("samples/a-res-78-228.de.web.txt", encoding="utf-8").read())
>>> doc.metadata.number, doc.metadata.adopted.isoformat()
('78/228', '2023-12-19')
>>> len(doc.resolution.preamble), len(doc.resolution.operative_paragraphs())
(48, 33)
>>> doc.to_xml()[:38]
b"<?xml version='1.0' encoding='UTF-8'?>"

The pipeline: read -> clean -> segment -> recognise -> build -> check; every conversion is
validated against the schema and checked for lost text, and fails with ``ConversionError``
otherwise.
"""
from __future__ import annotations

from . import schema as _schema

_schema.start()  # first: compiling the schema (0.25 s) overlaps the imports below and the reading

from pathlib import Path  # noqa: E402

from lxml import etree  # noqa: E402

from . import check  # noqa: E402
from .build import build
from .clean import clean
from .model import (Annex, ConversionError, ConversionWarning, Footnote, Metadata, OperativeParagraph,
                    PreambularParagraph, Resolution)
from .read import MAX_BYTES, read
from .recognise import recognise
from .segment import segment
from .render import render  # after the submodule import, so that converter.render is the function

__version__ = "0.1.0"
__all__ = ["convert", "convert_file", "convert_many", "render", "Document", "BatchResult", "Counts",
           "ConversionError", "ConversionWarning", "__version__"]


_LAZY = {"convert_many": "batch", "BatchResult": "batch", "Counts": "batch"}


def __getattr__(name: str):
    """Batch conversion loads on first use: a single conversion does not pay for its pool's imports."""
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Document:
    """A converted resolution: the recognised model, its Akoma Ntoso tree and the warnings."""

    def __init__(self, resolution: Resolution, tree: etree._ElementTree, warnings: list[ConversionWarning],
                 name: str = "<input>"):
        self.resolution = resolution
        self.tree = tree
        self.warnings = warnings
        self.name = name

    @property
    def metadata(self) -> Metadata:
        """Symbol, number, organ, session, adoption and issue dates, title."""
        return self.resolution.metadata

    @property
    def preamble(self) -> list[PreambularParagraph]:
        return self.resolution.preamble

    @property
    def operative_paragraphs(self) -> list[OperativeParagraph]:
        return self.resolution.operative_paragraphs()

    @property
    def footnotes(self) -> dict[str, Footnote]:
        return self.resolution.footnotes

    @property
    def annexes(self) -> list[Annex]:
        return self.resolution.annexes

    def references(self) -> list[dict[str, str]]:
        """Everything the resolution cites, in document order: resolutions, decisions, documents,
        treaties, its own paragraphs and dates, each with the eId of the unit it stands in.

        >>> doc = convert_file("samples/a-res-64-293.de.pdf.txt")
        >>> [r for r in doc.references() if r["text"] == "38"]
        [{'type': 'paragraph', 'text': '38', 'href': '#att_1__para_38', 'eId': 'para_4'}]
        """
        from .recognise.refs import references
        return references(self.tree)

    def to_xml(self) -> bytes:
        """The document as UTF-8 XML bytes (the same input always gives the same bytes)."""
        return etree.tostring(self.tree, xml_declaration=True, encoding="UTF-8") + b"\n"

    def validate(self) -> list[str]:
        """Schema and id errors of the tree; empty when valid."""
        return check.schema_errors(self.tree, by_eid=True) + check.id_errors(self.tree)

    def to_markdown(self) -> str:
        """The document as Markdown in the web form of the input (it converts back to the same)."""
        from .render import render
        return render(self.tree, to="md")

    def to_html(self) -> str:
        """The document as a standalone HTML page."""
        from .render import render
        return render(self.tree, to="html")


def convert(text: str | bytes, *, name: str = "<input>", encoding: str | None = None) -> Document:
    """Convert one resolution; raise ConversionError when no valid, lossless document results."""
    source = read(text, encoding=encoding, name=name)
    cleaned = clean(source)
    blocks = segment(cleaned)
    resolution = recognise(blocks, cleaned)
    tree, build_warnings = build(resolution)
    warnings = resolution.warnings + build_warnings
    errors = check.schema_errors(tree, by_eid=True) + check.id_errors(tree)
    if errors:
        raise ConversionError(f"output does not validate: {errors[0]}", source=name)
    unexplained = [g for g in check.numbering_gaps(tree)
                   if not any(f"paragraph {g[2]} follows paragraph {g[1]}" in w.message for w in warnings)]
    if unexplained:
        where, before, after = unexplained[0]
        raise ConversionError(f"output numbering jumps from {before} to {after}, the input does not", source=name)
    lost = check.loss_errors(source.lines, cleaned, tree)
    if lost:
        line, message = lost[0]
        raise ConversionError(message, line=line, source=name)
    return Document(resolution, tree, sorted(warnings, key=lambda w: w.line), name)


def convert_file(path: str | Path, *, encoding: str | None = None) -> Document:
    """Convert a file; its name appears in every error message."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:  # refuse before reading: memory stays bounded
            raise ConversionError(f"input is {size:,} bytes; the limit is {MAX_BYTES:,}", source=str(p))
        data = p.read_bytes()
    except OSError as e:
        raise ConversionError(f"cannot read: {e.strerror}", source=str(p)) from None
    return convert(data, name=str(p), encoding=encoding)
