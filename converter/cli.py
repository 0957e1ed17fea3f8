"""The ``akn`` command: convert (one file, many files, folders), validate, render.

Errors are one line ("akn: FILE:LINE: message") on stderr; never a traceback.
Exit codes: 0 done, 1 a file failed (the others are still converted), 2 usage error,
130 interrupted (Ctrl-C).
"""
from __future__ import annotations

import os
import re
import sys
import warnings as _warnings
from pathlib import Path
from typing import NoReturn

import click

from . import ConversionError, __version__, convert_file
from .batch import (EXTENSIONS, Planned, Progress, default_jobs, find_inputs, inside, output_name,
                    report_bytes, run_batch, write_atomic)

__all__ = ["main", "write_atomic"]

EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 1, 2, 130


def _echo_err(line: str) -> None:
    click.echo(line, err=True)


def _fail(message: str, code: int = EXIT_FAILED) -> NoReturn:
    click.echo(f"akn: {message}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="akn")
def main() -> None:
    """Convert German UN resolutions (plain text) to Akoma Ntoso 3.0 XML, validate and render them.

    \b
    Examples:
      akn convert samples/a-res-78-228.de.web.txt -o a-res-78-228.xml
      akn convert texts/ -o xml/ --report report.jsonl
      akn validate xml/*.xml
      akn render a-res-78-228.xml --to html -o a-res-78-228.html

    Run "akn COMMAND --help" for the options of a command.
    """


# ---------------------------------------------------------------------------------------------
# convert


def _plan(inputs: tuple[str, ...], output: Path | None, to: str, overwrite: bool) -> tuple[list[Planned], bool]:
    """The planned inputs and whether this is a batch (folder or several inputs); usage errors raise."""
    if "-" in inputs:
        if len(inputs) > 1:
            raise click.UsageError("'-' (standard input) cannot be combined with other inputs.")
        data = sys.stdin.buffer.read()
        target = output / f"stdin{EXTENSIONS[to]}" if output is not None and output.is_dir() else output
        return [Planned("<stdin>", target, data=data)], False

    if len(inputs) == 1 and not Path(inputs[0]).is_dir():
        source = inputs[0]
        target = output
        if output is not None and output.is_dir():
            target = output / output_name(Path(Path(source).name), to)  # type: ignore[arg-type]
        planned = [Planned(source, target)]
        if target is not None and not overwrite and target.exists():
            planned[0].status = "skipped"
        return planned, False

    # A batch: -o is a folder and the layout under each input folder is kept.
    if output is None:
        raise click.UsageError("several inputs (or a folder) need -o OUTPUT_FOLDER for the results.")
    if output.exists() and not output.is_dir():
        raise click.UsageError(f"-o {output} is a file; with several inputs (or a folder) it must be a folder.")
    pairs: list[tuple[str, Path]] = []  # (source, path relative to the output folder)
    for given in inputs:
        p = Path(given)
        if p.is_dir():
            pairs += [(str(f), f.relative_to(p)) for f in find_inputs(p)]
        else:
            pairs.append((given, Path(p.name)))
    if not pairs:
        raise click.UsageError(f"no *.txt files found in {', '.join(inputs)}.")
    planned, seen = [], {}
    for source, rel in pairs:
        target = output / output_name(rel, to)  # type: ignore[arg-type]
        key = str(target)
        if key in seen:
            raise click.UsageError(f"{seen[key]} and {source} would both be written to {target}.")
        seen[key] = source
        item = Planned(source, target)
        if not inside(output, target):
            item.status, item.error = "failed", f"{target}: refused: the output path is outside the output folder {output}"
        elif not overwrite and target.exists():
            item.status = "skipped"
        planned.append(item)
    return planned, True


@main.command("convert")
@click.argument("inputs", metavar="PATH...", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output file (one input), or folder (several inputs or a folder). "
                   "Default for one input: standard output.")
@click.option("--to", "to", type=click.Choice(["xml", "md", "html"]), default="xml", show_default=True,
              help="Output format (and file extension).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of CPUs; 1 converts in-process).")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a report, one entry per input: JSON lines, or CSV if FILE ends with .csv.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors: no output for such files.")
@click.option("--fail-fast", is_flag=True, help="Stop at the first failure (in input order).")
@click.option("--overwrite/--skip-existing", default=True, show_default=True,
              help="Replace existing outputs, or leave them (status 'skipped').")
@click.option("--encoding", default=None, help="Input encoding, if not UTF-8/UTF-16.")
def convert_cmd(inputs: tuple[str, ...], output: Path | None, to: str, jobs: int | None, report: Path | None,
                strict: bool, fail_fast: bool, overwrite: bool, encoding: str | None) -> None:
    """Convert resolutions (plain text) to Akoma Ntoso XML, Markdown or HTML.

    A PATH is a file, a folder (all *.txt files in it and its subfolders, sorted; hidden ones
    skipped) or "-" for standard input. One input goes to -o FILE (or standard output); several
    inputs or a folder need -o FOLDER, and the layout under each input folder is kept:
    texts/sub/x.txt -> FOLDER/sub/x.xml. Outputs are written atomically, in input order, and are
    the same bytes for any --jobs.

    Errors are one line per file on stderr ("akn: FILE:LINE: message"); a batch ends with a
    summary line. Exit codes: 0 all converted, 1 some failed (the rest are converted),
    2 usage error, 130 interrupted.

    \b
    Examples:
      akn convert samples/a-res-78-228.de.web.txt -o a-res-78-228.xml
      akn convert samples/a-res-64-293.de.pdf.txt --to html -o a-res-64-293.html
      akn convert texts/ -o xml/ --jobs 4 --report report.jsonl
      akn convert texts/ more.txt -o md/ --to md --skip-existing --report report.csv
      akn convert texts/ -o xml/ --strict --fail-fast
      cat x.txt | akn convert - > x.xml
    """
    planned, is_batch = _plan(inputs, output, to, overwrite)
    if is_batch:
        assert output is not None
        try:
            output.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            _fail(f"{output}: cannot create the output folder: {e.strerror or e}")
        if not os.access(output, os.W_OK | os.X_OK):
            _fail(f"{output}: cannot write to the output folder: Permission denied")
    jobs = jobs or default_jobs()
    progress = Progress(len(planned), is_batch and sys.stderr.isatty())
    summary = run_batch(planned, jobs=jobs, to=to, encoding=encoding, strict=strict,  # type: ignore[arg-type]
                        fail_fast=fail_fast, echo=_echo_err, progress=progress,
                        stdout=sys.stdout.buffer)
    code = 0
    if summary.interrupted:
        _echo_err("akn: interrupted")
        code = EXIT_INTERRUPTED
    elif summary.failed:
        code = EXIT_FAILED
    if report is not None:
        try:
            write_atomic(report, report_bytes(summary.rows, report.suffix.lower() == ".csv"))
        except OSError as e:
            _echo_err(f"akn: {report}: cannot write the report: {e.strerror or e}")
            code = code or EXIT_FAILED
    if is_batch or summary.interrupted:
        _echo_err(summary.line())
    sys.exit(code)


# ---------------------------------------------------------------------------------------------
# validate


_AT_LINE = re.compile(r"^(?:line (\d+): )?(.*)$", re.DOTALL)


def _parse_untrusted(data: bytes):
    """(tree, None) or (None, one-line reason): untrusted XML goes through converter.xmlsafe only."""
    from .xmlsafe import UnsafeXMLError, parse_xml
    try:
        return parse_xml(data), None
    except UnsafeXMLError as e:
        return None, " ".join(str(e).split())


def _located(path: Path, message: str) -> str:
    """"FILE:LINE: message" when the message names a line ("... at line 3: ..."), else "FILE: message"."""
    m = re.search(r" at line (\d+)", message)
    if m is None:
        return f"{path}: {message}"
    return f"{path}:{m.group(1)}: {message[:m.start()]}{message[m.end():]}"


def _validate_one(path: Path) -> list[str]:
    from . import check
    try:
        data = path.read_bytes()
    except OSError as e:
        return [f"{path}: cannot read: {e.strerror or e}"]
    tree, problem = _parse_untrusted(data)
    if tree is None:
        return [_located(path, problem)]
    errors = []
    for err in check.schema_errors(tree) + check.id_errors(tree):
        m = _AT_LINE.match(err)
        line, message = m.group(1), " ".join(m.group(2).split())
        errors.append(f"{path}:{line}: {message}" if line else f"{path}: {message}")
    return errors


@main.command("validate")
@click.argument("files", metavar="FILE.xml...", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate_cmd(files: tuple[Path, ...]) -> None:
    """Check Akoma Ntoso files against the schema and the eId rules.

    Prints "FILE: valid", or one "FILE:LINE: error" line per error. A folder stands for the
    *.xml files in it and its subfolders. Files with a DOCTYPE are refused (no DTDs, no entities).
    Exit code 0 when every file is valid, 1 otherwise.

    \b
    Examples:
      akn validate a-res-78-228.xml
      akn validate xml/
    """
    paths: list[Path] = []
    for f in files:
        paths += sorted(f.rglob("*.xml")) if f.is_dir() else [f]
    bad = 0
    for path in paths:
        try:
            errors = _validate_one(path)
        except Exception as e:
            errors = [f"{path}: internal error: {type(e).__name__}: {' '.join(str(e).split())}"]
        if errors:
            bad += 1
            for e in errors:
                click.echo(e)
        else:
            click.echo(f"{path}: valid")
    sys.exit(EXIT_FAILED if bad else 0)


# ---------------------------------------------------------------------------------------------
# render


@main.command("render")
@click.argument("file", metavar="FILE.xml", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--to", "to", type=click.Choice(["md", "html"]), required=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the result (default: standard output).")
def render_cmd(file: Path, to: str, output: Path | None) -> None:
    """Render an Akoma Ntoso file as Markdown or HTML.

    \b
    Examples:
      akn render a-res-78-228.xml --to md -o a-res-78-228.md
      akn render a-res-78-228.xml --to html > a-res-78-228.html
    """
    from .render import render
    try:
        data = file.read_bytes()
    except OSError as e:
        _fail(f"{file}: cannot read: {e.strerror or e}")
    try:
        with _warnings.catch_warnings(record=True) as caught:
            _warnings.simplefilter("always")
            text = render(data, to=to)
    except Exception as e:
        msg = " ".join(str(e).split())
        if not isinstance(e, ValueError):  # UnsafeXMLError is one; anything else is unexpected
            msg = f"{type(e).__name__}: {msg}"
        _fail(_located(file, msg))
    for w in caught:
        _echo_err(f"{file}: warning: {w.message}")
    out = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    if output is None:
        sys.stdout.buffer.write(out)
        sys.stdout.buffer.flush()
        return
    try:
        write_atomic(output, out)
    except OSError as e:
        _fail(f"{output}: cannot write: {e.strerror or e}")


# ---------------------------------------------------------------------------------------------
# refs


@main.command("refs")
@click.argument("file", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
@click.option("--encoding", default=None, help="Input encoding of a text FILE, if not UTF-8/UTF-16.")
def refs_cmd(file: Path, as_json: bool, encoding: str | None) -> None:
    """List what a resolution cites: resolutions, decisions, documents, treaties, its own
    paragraphs and dates, each with the eId of the unit it stands in.

    FILE is a resolution as text (converted first) or an Akoma Ntoso file (.xml).

    \b
    Examples:
      akn refs samples/a-res-64-293.de.pdf.txt
      akn refs a-res-78-228.xml --json > refs.json
    """
    from .recognise.refs import format_json, format_table, references
    if file.suffix.lower() == ".xml":
        try:
            data = file.read_bytes()
        except OSError as e:
            _fail(f"{file}: cannot read: {e.strerror or e}")
        tree, problem = _parse_untrusted(data)
        if tree is None:
            _fail(_located(file, problem))
    else:
        try:
            tree = convert_file(file, encoding=encoding).tree
        except ConversionError as e:
            _fail(str(e))
    rows = references(tree)
    click.echo((format_json(rows) if as_json else format_table(rows)).rstrip("\n"))
