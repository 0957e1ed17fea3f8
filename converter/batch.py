"""Batch conversion: many files in parallel worker processes, results written in input order.

The Python API is :func:`convert_many`; the ``akn convert`` command runs :func:`run_batch`, which
uses the same pool code and adds output paths, atomic writes, ``--strict``, ``--fail-fast``,
``--skip-existing`` and the report.

>>> from converter.batch import convert_many
>>> paths = ["samples/a-res-78-228.de.web.txt", "samples/a-res-64-293.de.pdf.txt"]
>>> results = sorted(convert_many(paths, jobs=2), key=lambda r: r.index)
>>> [(r.path, r.status, r.counts.operative) for r in results]
[('samples/a-res-78-228.de.web.txt', 'ok', 33), ('samples/a-res-64-293.de.pdf.txt', 'ok', 7)]
>>> results[0].xml[:38]
b"<?xml version='1.0' encoding='UTF-8'?>"

Worker processes have the schema before they convert (``check.schema()`` in the pool initializer:
a forked worker inherits the parent's, compiled since import, a spawned one compiles its own) and
ignore SIGINT: Ctrl-C reaches the parent, which cancels the pending work, waits for the running
conversions (each takes well under a second) and shuts the pool down. ``jobs=1`` (or a single
input) converts in-process, without a pool. A conversion never raises: every failure, expected
(``ConversionError``) or not (any other exception), becomes a result with a one-line ``error``.
"""
from __future__ import annotations

import contextlib
import csv
import errno
import io
import json
import os
import signal
import sys
import tempfile
import time
import warnings as _warnings
from typing import TYPE_CHECKING
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator, Literal, Sequence

from .model import ConversionError, ConversionWarning, iter_paragraphs

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = [
    "BatchResult", "Counts", "Format", "EXTENSIONS", "convert_many", "default_jobs",
    "find_inputs", "output_name", "write_atomic", "run_batch", "BatchSummary", "Planned",
]

Format = Literal["xml", "md", "html"]
Status = Literal["ok", "warning", "failed", "skipped"]
EXTENSIONS: dict[str, str] = {"xml": ".xml", "md": ".md", "html": ".html"}
STDIN = "<stdin>"


@dataclass(frozen=True)
class Counts:
    """What a converted resolution holds: preambular, operative and annex paragraphs, footnotes."""

    preamble: int = 0
    operative: int = 0
    annex: int = 0
    notes: int = 0


@dataclass
class BatchResult:
    """The outcome of converting one input.

    ``xml`` is the Akoma Ntoso document (None when the conversion failed), ``output`` the same
    document in the requested format (``xml`` itself for "xml"), ``error`` a one-line
    "FILE:LINE: message" (None when converted), ``ms`` the conversion time in milliseconds and
    ``index`` the position of the input in the list given to :func:`convert_many`.

    >>> r = BatchResult("x.txt", error="x.txt:1: the input is empty")
    >>> r.ok, r.status
    (False, 'failed')
    """

    path: str
    xml: bytes | None = None
    warnings: list[ConversionWarning] = field(default_factory=list)
    error: str | None = None
    ms: float = 0.0
    counts: Counts | None = None
    index: int = 0
    output: bytes | None = None

    @property
    def ok(self) -> bool:
        """True when a document was produced (possibly with warnings)."""
        return self.error is None

    @property
    def status(self) -> Status:
        """"ok", "warning" (converted, with warnings) or "failed"."""
        if self.error is not None:
            return "failed"
        return "warning" if self.warnings else "ok"


# ---------------------------------------------------------------------------------------------
# Conversion of one input (runs in a worker process or in-process)


@dataclass(frozen=True)
class _Task:
    index: int
    path: str
    encoding: str | None = None
    to: Format = "xml"
    data: bytes | None = None  # standard input, read by the parent


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _render(doc: object, to: Format, warnings: list[ConversionWarning]) -> bytes:
    """The document as Markdown or HTML; what the renderer warns about is added to ``warnings``
    (line 0: it concerns the output, not an input line) instead of going to a worker's stderr."""
    with _warnings.catch_warnings(record=True) as caught:
        _warnings.simplefilter("always")
        text = doc.to_markdown() if to == "md" else doc.to_html()  # type: ignore[attr-defined]
    warnings += [ConversionWarning(0, f"{to} rendering: {w.message}") for w in caught]
    return text.encode("utf-8") if isinstance(text, str) else bytes(text)


def _convert(task: _Task) -> BatchResult:
    """Convert one input; never raises (apart from KeyboardInterrupt/SystemExit)."""
    from . import convert, convert_file  # late: converter/__init__ may import this module

    start = time.perf_counter()
    result = BatchResult(task.path, index=task.index)
    try:
        if task.data is not None:
            doc = convert(task.data, name=task.path, encoding=task.encoding)
        else:
            doc = convert_file(task.path, encoding=task.encoding)
        res = doc.resolution
        result.warnings = list(doc.warnings)
        result.counts = Counts(
            preamble=len(res.preamble),
            operative=len(res.operative_paragraphs()),
            annex=sum(len(list(iter_paragraphs(a.body))) for a in res.annexes),
            notes=len(res.footnotes),
        )
        result.xml = doc.to_xml()
        result.output = result.xml if task.to == "xml" else _render(doc, task.to, result.warnings)
    except ConversionError as e:
        result.error = _one_line(str(e))
    except Exception as e:  # a bug must not end the batch, nor print a traceback
        result.error = _one_line(f"{task.path}: internal error: {type(e).__name__}: {e}")
    if result.error is not None:
        result.xml = result.output = None
    result.ms = round((time.perf_counter() - start) * 1000, 1)
    return result


def _init_worker() -> None:
    """Pool initializer: Ctrl-C is the parent's business; the schema is ready before the first file."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        from . import check
        check.schema()
    except Exception:  # reported by every conversion instead
        pass


# ---------------------------------------------------------------------------------------------
# The pool


class _Stop:
    """Shared between consumer and runner: no task after index ``after`` needs to run."""

    def __init__(self) -> None:
        self.after: int | None = None

    def at(self, index: int) -> None:
        if self.after is None or index < self.after:
            self.after = index

    def skips(self, index: int) -> bool:
        return self.after is not None and index > self.after


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _outcome(future: Future, task: _Task) -> BatchResult:
    try:
        return future.result()
    except Exception as e:  # BrokenProcessPool (a worker died), pickling errors, ...
        return BatchResult(task.path, index=task.index,
                           error=_one_line(f"{task.path}: worker process failed: {type(e).__name__}: {e}"))


IN_FLIGHT_PER_WORKER = 8  # enough queued work that no worker waits for the parent


def _results(tasks: Sequence[_Task], jobs: int, stop: _Stop | None = None) -> Iterator[BatchResult]:
    """Results in the order they finish. Tasks must be in ascending index order."""
    stop = stop or _Stop()
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            if stop.skips(task.index):
                return
            yield _convert(task)
        return
    # imported here: a single-file run never starts a pool and need not load multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    workers = min(jobs, len(tasks))
    executor = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker)
    # A bounded window of submitted tasks: wait() costs one step per pending future, so
    # submitting a whole archive at once would make the run quadratic in the number of files.
    window = workers * IN_FLIGHT_PER_WORKER
    queue = iter(tasks)
    futures: dict[Future, _Task] = {}
    pending: set[Future] = set()

    def submit_more() -> None:
        while len(pending) < window:
            task = next(queue, None)
            if task is None or stop.skips(task.index):
                return  # tasks come in ascending order: every later one is skipped too
            future = executor.submit(_convert, task)
            futures[future] = task
            pending.add(future)

    try:
        submit_more()
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: futures[f].index):
                task = futures.pop(future)
                if not future.cancelled():
                    yield _outcome(future, task)
            if stop.after is not None:
                for future in pending:
                    if futures[future].index > stop.after:
                        future.cancel()  # only pending ones; running ones finish and are dropped
                pending = {f for f in pending if not f.cancelled()}
            submit_more()
    except BaseException:  # KeyboardInterrupt, GeneratorExit (consumer stopped), ...
        for future in pending:
            future.cancel()
        executor.shutdown(wait=True, cancel_futures=True)
        raise
    executor.shutdown(wait=True)


def convert_many(
    paths: Iterable[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    encoding: str | None = None,
    to: Format = "xml",
) -> Iterator[BatchResult]:
    """Convert many files in parallel; yield a :class:`BatchResult` for each as it finishes.

    ``jobs`` is the number of worker processes (default: the number of CPUs; 1 converts
    in-process). Results come in completion order; ``result.index`` is the position of the path
    in ``paths``. Nothing raises for a bad input: it yields a failed result instead. Closing the
    iterator early (``break``) cancels the remaining work and shuts the pool down.

    >>> for r in convert_many(["samples/a-res-64-293.de.pdf.txt", "missing.txt"], jobs=1):
    ...     print(r.index, r.status, r.error)
    0 ok None
    1 failed missing.txt: cannot read: No such file or directory
    """
    tasks = [_Task(i, os.fspath(p), encoding, to) for i, p in enumerate(paths)]
    yield from _results(tasks, jobs or default_jobs())


# ---------------------------------------------------------------------------------------------
# Inputs and outputs


def find_inputs(folder: Path) -> list[Path]:
    """The ``*.txt`` files under ``folder``, recursively, sorted; hidden files and folders skipped."""
    found = []
    for p in folder.rglob("*.txt"):
        rel = p.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or not p.is_file():
            continue
        found.append(p)
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def output_name(rel: Path, to: Format) -> Path:
    """``sub/x.txt`` -> ``sub/x.xml`` (extension by format); other names get the extension added."""
    ext = EXTENSIONS[to]
    if rel.suffix.lower() == ".txt":
        return rel.with_suffix(ext)
    return rel.with_name(rel.name + ext)


_UMASK: int | None = None


def _file_mode() -> int:
    global _UMASK
    if _UMASK is None:
        _UMASK = os.umask(0)
        os.umask(_UMASK)
    return 0o666 & ~_UMASK


def _write_data(f: IO[bytes], data: bytes) -> None:
    f.write(data)


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file in the target folder and ``os.replace``: a reader (or an
    interrupted run) never sees a half-written file, and no temporary file is left behind."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # the parent is a file: say so, not "File exists"
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path.parent)) from None
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, _file_mode())  # mkstemp creates 0600; give the file the usual permissions
        with os.fdopen(fd, "wb") as f:
            _write_data(f, data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def inside(root: Path, target: Path) -> bool:
    """Whether ``target`` (symbolic links resolved) lies inside the folder ``root``."""
    return target.resolve().is_relative_to(root.resolve())


# ---------------------------------------------------------------------------------------------
# A batch run as the command does it


@dataclass
class Planned:
    """One input of a run: where its output goes (None: standard output) and, for inputs settled
    before conversion, their status and error (an existing output with --skip-existing, an output
    path outside the output folder)."""

    source: str
    target: Path | None
    data: bytes | None = None
    status: Status | None = None
    error: str | None = None


@dataclass
class Row:
    """One line of the report."""

    path: str
    status: Status
    output: str | None = None
    counts: Counts | None = None
    warnings: list[ConversionWarning] = field(default_factory=list)
    error: str | None = None
    ms: float = 0.0

    def as_json(self) -> dict:
        c = self.counts
        return {
            "path": self.path,
            "status": self.status,
            "output": self.output,
            "paragraphs": None if c is None else {"preamble": c.preamble, "operative": c.operative,
                                                  "annex": c.annex},
            "notes": None if c is None else c.notes,
            "warnings": [{"line": w.line, "message": w.message} for w in self.warnings],
            "error": self.error,
            "ms": self.ms,
        }


CSV_FIELDS = ["path", "status", "output", "preamble", "operative", "annex", "notes", "warnings", "error", "ms"]


def report_bytes(rows: Sequence[Row], csv_format: bool) -> bytes:
    """JSON lines, or CSV (warnings as "LINE: message" joined by " | ")."""
    if not csv_format:
        return "".join(json.dumps(r.as_json(), ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for r in rows:
        c = r.counts
        writer.writerow([
            r.path, r.status, r.output or "",
            *(["", "", "", ""] if c is None else [c.preamble, c.operative, c.annex, c.notes]),
            " | ".join(f"{w.line}: {w.message}" for w in r.warnings), r.error or "", r.ms,
        ])
    return buf.getvalue().encode("utf-8")


@dataclass
class BatchSummary:
    rows: list[Row]
    seconds: float
    interrupted: bool = False

    def count(self, *statuses: str) -> int:
        return sum(r.status in statuses for r in self.rows)

    @property
    def failed(self) -> int:
        return self.count("failed")

    def line(self) -> str:
        return (f"converted {self.count('ok', 'warning')}, with warnings {self.count('warning')}, "
                f"failed {self.failed}, skipped {self.count('skipped')} in {self.seconds:.1f} s")


class Progress:
    """A one-line progress display on stderr (files done, files/s, ETA); silent when disabled."""

    def __init__(self, total: int, enabled: bool, stream: IO[str] | None = None):
        self.total, self.enabled = total, enabled
        self.stream = stream or sys.stderr
        self.done = 0
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    def advance(self) -> None:
        self.done += 1
        now = time.monotonic()
        if self.enabled and (now - self.last >= 0.1 or self.done == self.total):
            self.last = now
            elapsed = max(now - self.start, 1e-9)
            rate = self.done / elapsed
            eta = (self.total - self.done) / rate if rate else 0.0
            width = 24
            filled = int(width * self.done / max(self.total, 1))
            self.stream.write(f"\r\x1b[K[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} files, "
                              f"{rate:.1f} files/s, ETA {eta:.0f} s")
            self.stream.flush()
            self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


FAIL_FAST_SKIP = "not converted: the run stopped at the first failure (--fail-fast)"


def run_batch(
    planned: Sequence[Planned],
    *,
    jobs: int,
    to: Format = "xml",
    encoding: str | None = None,
    strict: bool = False,
    fail_fast: bool = False,
    echo: Callable[[str], None],
    progress: Progress | None = None,
    stdout: IO[bytes] | None = None,
) -> BatchSummary:
    """Convert ``planned`` inputs and write their outputs in input order.

    ``echo`` receives every stderr line (errors "akn: FILE:LINE: message", warnings
    "FILE:LINE: warning: message"). On KeyboardInterrupt the pool is shut down, no partial file is
    left, and the summary returned has ``interrupted`` set (rows only for the files finished).
    """
    start = time.monotonic()
    n = len(planned)
    progress = progress or Progress(n, False)
    rows: list[Row | None] = [None] * n
    ready: dict[int, BatchResult] = {}
    stop = _Stop()
    next_index = 0

    def say(line: str) -> None:
        progress.clear()
        echo(line)

    def fail(i: int, row: Row) -> None:
        rows[i] = row
        say(f"akn: {row.error}")
        if fail_fast:
            stop.at(i)

    def settle(i: int, result: BatchResult | None) -> None:
        p = planned[i]
        if p.status == "skipped":
            rows[i] = Row(p.source, "skipped", str(p.target), error=p.error)
            return
        if stop.skips(i):
            rows[i] = Row(p.source, "skipped", error=FAIL_FAST_SKIP)
            return
        if p.status == "failed":
            fail(i, Row(p.source, "failed", error=p.error))
            return
        if result is None:  # cannot happen: every submitted task up to the stop yields a result
            fail(i, Row(p.source, "failed", error=f"{p.source}: internal error: no result"))
            return
        for w in result.warnings:
            say(f"{p.source}:{w.line}: warning: {w.message}")
        row = Row(p.source, result.status, None, result.counts, result.warnings, result.error, result.ms)
        if result.error is not None or result.output is None:
            fail(i, row)
            return
        if strict and result.warnings:
            row.status = "failed"
            row.error = f"{p.source}: {len(result.warnings)} warning(s) with --strict"
            fail(i, row)
            return
        try:
            if p.target is None:
                out = stdout or sys.stdout.buffer
                out.write(result.output)
                out.flush()
                row.output = "-"
            else:
                write_atomic(p.target, result.output)
                row.output = str(p.target)
        except OSError as e:
            row.status, row.output = "failed", None
            row.error = f"{p.target or '<stdout>'}: cannot write: {e.strerror or e}"
            fail(i, row)
            return
        rows[i] = row

    def drain() -> None:
        nonlocal next_index
        while next_index < n and (planned[next_index].status is not None or next_index in ready
                                  or stop.skips(next_index)):
            settle(next_index, ready.pop(next_index, None))
            next_index += 1

    tasks = []
    for i, p in enumerate(planned):
        if p.status is None:
            tasks.append(_Task(i, p.source, encoding, to, p.data))
        else:
            progress.advance()
            if fail_fast and p.status == "failed":
                stop.at(i)
    interrupted = False
    runner = _results(tasks, jobs, stop)
    try:
        with contextlib.closing(runner):
            drain()
            for result in runner:
                progress.advance()
                if fail_fast and (result.error is not None or (strict and result.warnings)):
                    stop.at(result.index)  # cancel what comes after it at once
                ready[result.index] = result
                drain()
        drain()
        for i in range(next_index, n):  # only after a stop; settle() marks them
            settle(i, ready.pop(i, None))
    except KeyboardInterrupt:
        interrupted = True
    progress.clear()
    done = [r for r in rows if r is not None]
    return BatchSummary(done, time.monotonic() - start, interrupted)
