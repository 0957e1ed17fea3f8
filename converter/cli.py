"""The ``akn`` command: convert, validate, render.

Errors are one line ("FILE:LINE: message") on stderr and a non-zero exit code; never a traceback.
Exit codes: 0 done, 1 a file failed, 2 usage error.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from . import ConversionError, __version__, convert_file


def _fail(message: str) -> None:
    click.echo(f"akn: {message}", err=True)
    sys.exit(1)


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file in the target folder, so no half-written file is ever seen."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="akn")
def main() -> None:
    """Convert German UN resolutions (plain text) to Akoma Ntoso 3.0 XML, validate and render them."""


@main.command("convert")
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the result (default: standard output).")
@click.option("--to", "to", type=click.Choice(["xml", "md", "html"]), default="xml", show_default=True,
              help="Output format.")
@click.option("--encoding", default=None, help="Input encoding, if not UTF-8/UTF-16.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def convert_cmd(input_path: Path, output: Path | None, to: str, encoding: str | None, strict: bool) -> None:
    """Convert INPUT (a resolution as text) to Akoma Ntoso XML, Markdown or HTML.

    \b
    Examples:
      akn convert samples/a-res-78-228.de.web.txt -o a-res-78-228.xml
      akn convert samples/a-res-64-293.de.pdf.txt --to html -o a-res-64-293.html
    """
    try:
        doc = convert_file(input_path, encoding=encoding)
    except ConversionError as e:
        _fail(str(e))
        return
    for w in doc.warnings:
        click.echo(f"{input_path}:{w.line}: warning: {w.message}", err=True)
    if strict and doc.warnings:
        _fail(f"{input_path}: {len(doc.warnings)} warning(s) with --strict")
    if to == "xml":
        data = doc.to_xml()
    else:
        data = (doc.to_markdown() if to == "md" else doc.to_html()).encode("utf-8")
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        try:
            write_atomic(output, data)
        except OSError as e:
            _fail(f"{output}: cannot write: {e.strerror}")
