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

Worker processes are forked (where fork is safe; else spawned) and talk to the parent over pipes,
with at most IN_FLIGHT_PER_WORKER tasks each in flight. A worker has the schema before it
converts (a forked one inherits the parent's, compiled since import; a spawned one compiles its
own) and ignores SIGINT: Ctrl-C reaches the parent, which ends the workers at once. With output
files (``run_batch``) a worker writes each output to a temporary file beside its target and
returns only a small result; the parent renames the files in input order and removes the
temporary files of whatever it does not rename. A worker that dies fails only the file it was
converting; its other tasks go to a new worker. A worker whose parent is gone sees end of file on
its pipe and exits. ``jobs=1`` (or a single input) converts in-process, without a pool; so does
a run whose first workers cannot start (a process limit; a spawned worker of a script without the
``if __name__ == "__main__":`` guard), after one notice. A
conversion never raises: every failure, expected (``ConversionError``) or not (any other
exception), becomes a result with a one-line ``error``.
"""
from __future__ import annotations

import collections
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Callable, Iterable, Iterator, Literal, Sequence

from .model import ConversionError, ConversionWarning, iter_paragraphs

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import BaseContext

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

    For a batch run with output files (:func:`run_batch`) the conversion writes its output to a
    temporary file beside the target (``temp``; ``xml`` and ``output`` are then None, and a failed
    write is ``write_error``): the parent only renames it, in input order.

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
    temp: str | None = None
    write_error: str | None = None

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
    target: str | None = None  # the output file: write it (as a temporary file beside it)
    strict: bool = False  # with a target: nothing is written for a conversion with warnings
    temp_prefix: str | None = None  # with a target: the temporary file's name (see _temp_prefix)


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
    """Convert one input, and write its output if it has a target; never raises (apart from
    KeyboardInterrupt/SystemExit)."""
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
    elif task.target is not None:
        if not (task.strict and result.warnings):
            try:
                result.temp = _write_temp(Path(task.target), result.output, task.temp_prefix)
            except OSError as e:
                result.write_error = f"{task.target}: cannot write: {e.strerror or e}"
        result.xml = result.output = None  # on disk: not sent back to the parent
    result.ms = round((time.perf_counter() - start) * 1000, 1)
    return result


def _init_worker() -> None:
    """The schema ready before the first file (a forked worker has the parent's already)."""
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


IN_FLIGHT_PER_WORKER = 8  # enough queued work that no worker waits for the parent; memory bounded


def _start_method() -> str:
    """'fork' where it is safe (a worker then shares the parent's loaded modules and compiled
    schema and starts in milliseconds), else 'spawn'. macOS has fork, but its system libraries
    are not fork-safe: Python itself defaults to spawn there."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return "fork" if "fork" in methods and sys.platform != "darwin" else "spawn"


@contextlib.contextmanager
def _sigint_held() -> Iterator[None]:
    """SIGINT blocked while a worker starts: a Ctrl-C in that instant waits in the parent (it is
    delivered when the block ends) instead of raising KeyboardInterrupt in a half-started worker,
    which then ignores SIGINT before it unblocks it (a pending ignored signal is discarded)."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal mask; a worker ignores SIGINT from _serve on
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


_READY = "ready"  # a worker's first message: it has started (see _Pool.__init__)


class _NoWorkers(Exception):
    """The pool's first workers ended before they were ready."""


def _serve(conn: Connection, inherited: list[Connection]) -> None:
    """A worker's life: receive tasks, convert each, send back its (small) result; until the
    parent says stop (None) or is gone (end of file on the pipe)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    for other in inherited:  # a forked worker holds the parent's ends of the pipes: without
        other.close()        # closing them, no worker would see end of file when the parent dies
    _init_worker()
    try:
        conn.send(_READY)
    except OSError:
        return
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        result = _convert(task)
        try:
            conn.send(result)
        except OSError:  # the parent is gone: nobody will rename (or remove) the output
            if result.temp is not None:
                _discard(result.temp)
            return
        except Exception as e:  # a result that cannot be pickled: say so instead
            conn.send(BatchResult(task.path, index=task.index, error=_one_line(
                f"{task.path}: worker process failed: cannot send the result: {type(e).__name__}: {e}")))


def _how_it_ended(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            return f"the process ended by signal {-exitcode}"
        return f"the process ended by signal {-exitcode} ({name})"
    return f"the process ended with exit code {exitcode}"


class _Worker:
    """One worker process and the parent's end of its pipe; ``tasks`` are the ones sent and not
    answered yet, in the order sent: the worker converts them in that order, so the first is the
    one it is converting."""

    def __init__(self, context: BaseContext, others: list[_Worker]) -> None:
        self.conn, child_end = context.Pipe()
        inherited = [w.conn for w in others] + [self.conn] if context.get_start_method() == "fork" else []
        self.process = context.Process(target=_serve, args=(child_end, inherited), daemon=True)
        with _sigint_held():
            self.process.start()
        child_end.close()  # the worker's end is the worker's: its death then shows as end of file
        self.tasks: collections.deque[_Task] = collections.deque()
        self.broken = False
        self.ready = False  # its _READY message read

    def wait_ready(self) -> None:
        try:
            self.conn.recv()  # _READY, sent before any result
        except (EOFError, OSError):
            self.process.join()
            raise _NoWorkers(f"a worker process ended before it was ready: "
                             f"{_how_it_ended(self.process.exitcode)}") from None
        self.ready = True

    def send(self, task: _Task) -> None:
        self.tasks.append(task)
        try:
            self.conn.send(task)
        except OSError:  # it has died: the end of file on its pipe tells the rest
            self.broken = True

    def stop(self) -> None:
        """Let the worker finish and exit (it has no task left)."""
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join()
        self.conn.close()

    def kill(self) -> None:
        """End the worker at once and remove whatever its unanswered tasks may have written."""
        self.process.terminate()
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()
        _remove_temps(self.tasks)


class _Pool:
    """Worker processes fed from one queue of tasks, a bounded number in flight per worker."""

    def __init__(self, size: int) -> None:
        import multiprocessing  # here: a single-file run never starts a pool

        self.context = multiprocessing.get_context(_start_method())
        self.workers: list[_Worker] = []
        try:
            for _ in range(size):
                self.start_worker()
            # A worker that cannot even start (e.g. spawned from a script without the
            # `if __name__ == "__main__":` guard) would otherwise fail one file after another.
            for worker in self.workers:
                worker.wait_ready()
        except BaseException:  # e.g. no more processes allowed: end those already started
            self.close(at_once=True)
            raise

    def start_worker(self) -> _Worker:
        worker = _Worker(self.context, self.workers)
        self.workers.append(worker)
        return worker

    def results(self, tasks: Sequence[_Task], stop: _Stop) -> Iterator[BatchResult]:
        from multiprocessing.connection import wait

        queue = collections.deque(tasks)  # a dead worker's unanswered tasks go back to the front

        def feed(worker: _Worker, up_to: int = IN_FLIGHT_PER_WORKER) -> None:
            while queue and not worker.broken and len(worker.tasks) < up_to:
                task = queue.popleft()
                if not stop.skips(task.index):
                    worker.send(task)

        for depth in range(1, IN_FLIGHT_PER_WORKER + 1):  # round robin: 0 to the first, 1 to the next...
            for worker in self.workers:
                feed(worker, depth)
        while True:
            busy = {w.conn: w for w in self.workers if w.tasks}
            if not busy:
                if not any(not stop.skips(t.index) for t in queue):
                    return
                feed(self.start_worker())  # cannot happen: a worker has work while the queue has
                continue
            for conn in wait(list(busy)):
                worker = busy[conn]
                if worker not in self.workers:  # ended by stop_idle() meanwhile
                    continue
                try:
                    result = conn.recv()
                except (EOFError, OSError):  # the worker died
                    yield self.fail_running(worker)
                    queue.extendleft(reversed(worker.tasks))
                    worker.tasks.clear()
                    if any(not stop.skips(t.index) for t in queue):
                        try:
                            feed(self.start_worker())
                        except OSError:  # no new process allowed: the others go on, or this one
                            if not self.workers:
                                yield from _in_process(sorted(queue, key=lambda t: t.index), stop)
                                return
                    continue
                except Exception as e:  # a result that cannot be unpickled
                    task = worker.tasks.popleft()
                    result = BatchResult(task.path, index=task.index, error=_one_line(
                        f"{task.path}: worker process failed: cannot read the result: {type(e).__name__}: {e}"))
                else:
                    if not worker.ready:  # a new worker (after a death) has started
                        worker.ready = True
                        continue
                    worker.tasks.popleft()
                yield result
                if stop.after is not None:
                    self.stop_idle(stop)
                if worker in self.workers:
                    feed(worker)

    def fail_running(self, dead: _Worker) -> BatchResult:
        """A worker died: the task it was converting fails (its other tasks are not lost)."""
        dead.process.join()
        dead.conn.close()
        self.workers.remove(dead)
        task = dead.tasks.popleft()
        _remove_temps([task])  # it may have died while writing
        return BatchResult(task.path, index=task.index,
                           error=f"{task.path}: worker process failed: {_how_it_ended(dead.process.exitcode)}")

    def stop_idle(self, stop: _Stop) -> None:
        """After a stop, end the workers that have only tasks beyond it: no need to wait for them."""
        for worker in list(self.workers):
            if worker.tasks and all(stop.skips(t.index) for t in worker.tasks):
                worker.kill()
                worker.tasks.clear()
                self.workers.remove(worker)

    def close(self, at_once: bool) -> None:
        for worker in self.workers:
            if at_once or worker.tasks:
                worker.kill()
            else:
                worker.stop()
        self.workers = []


def _in_process(tasks: Sequence[_Task], stop: _Stop) -> Iterator[BatchResult]:
    for task in tasks:
        if stop.skips(task.index):
            return
        yield _convert(task)


def _results(tasks: Sequence[_Task], jobs: int, stop: _Stop | None = None,
             notice: Callable[[str], None] | None = None) -> Iterator[BatchResult]:
    """Results in the order they finish. Tasks must be in ascending index order. Where no worker
    process can be started, ``notice`` is told why and the tasks are converted in-process."""
    stop = stop or _Stop()
    if jobs <= 1 or len(tasks) <= 1:
        yield from _in_process(tasks, stop)
        return
    try:
        pool = _Pool(min(jobs, len(tasks)))
    # A process limit, no fork/spawn here: slower, but it works. Not RuntimeError: multiprocessing
    # raises it in a spawned worker that runs an unguarded main script, and converting everything
    # in there as well would do the whole work twice.
    except (_NoWorkers, OSError, ImportError, NotImplementedError, ValueError) as e:
        (notice or _warn)(f"cannot start worker processes ({_one_line(str(e))}): "
                          "converting in this process, as with --jobs 1")
        yield from _in_process(tasks, stop)
        return
    finished = False
    try:
        yield from pool.results(tasks, stop)
        finished = True
    finally:  # also on KeyboardInterrupt and when the consumer stops early (GeneratorExit)
        pool.close(at_once=not finished)


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


def _warn(message: str) -> None:
    _warnings.warn(message, RuntimeWarning, stacklevel=3)


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


def _write_temp(path: Path, data: bytes, prefix: str | None = None) -> str:
    """Write ``data`` to a new temporary file in ``path``'s folder (so that renaming it to
    ``path`` is atomic) and return its name; on any failure no temporary file is left."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # the parent is a file: say so, not "File exists"
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path.parent)) from None
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix or f".{path.name}.", suffix=".tmp")
    try:
        if hasattr(os, "fchmod"):  # not on Windows before Python 3.13 (nor needed there)
            os.fchmod(fd, _file_mode())  # mkstemp creates 0600; give the file the usual permissions
        with os.fdopen(fd, "wb") as f:
            _write_data(f, data)
    except BaseException:
        _discard(tmp)
        raise
    return tmp


def _commit(tmp: str, path: Path) -> None:
    """Give a written temporary file its final name; if that fails, remove it."""
    try:
        os.replace(tmp, path)
    except BaseException:
        _discard(tmp)
        raise


def _discard(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file in the target folder and ``os.replace``: a reader (or an
    interrupted run) never sees a half-written file, and no temporary file is left behind."""
    _commit(_write_temp(path, data), path)


def _temp_prefix(target: str, index: int) -> str:
    """A batch run's temporary files are named ``.NAME.PID-INDEX.RANDOM.tmp`` (PID: the parent's):
    when a worker is ended (Ctrl-C) or dies, or a Ctrl-C comes before a result is renamed, the
    parent can still find what may have been written, and only that."""
    return f".{os.path.basename(target)}.{os.getpid()}-{index}."


def _remove_temps(tasks: Iterable[_Task]) -> None:
    """Remove the temporary files these tasks may have left (see _temp_prefix)."""
    by_folder: dict[str, set[str]] = {}
    for task in tasks:
        if task.target is not None and task.temp_prefix is not None:
            by_folder.setdefault(os.path.dirname(task.target) or ".", set()).add(task.temp_prefix)
    for folder, prefixes in by_folder.items():
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.endswith(".tmp"):
                for prefix in prefixes:
                    # mkstemp's random part has no dot: another file's longer name cannot match
                    if name.startswith(prefix) and "." not in name[len(prefix):-4]:
                        _discard(os.path.join(folder, name))


def _missing_folders(targets: Iterable[str]) -> list[str]:
    """The folders of these targets (and their parents) that do not exist yet, deepest first."""
    missing: set[str] = set()
    seen: set[str] = set()
    for target in targets:
        folder = os.path.dirname(target)
        while folder and folder not in seen:
            seen.add(folder)
            if os.path.isdir(folder):
                break
            missing.add(folder)
            folder = os.path.dirname(folder)
    return sorted(missing, key=lambda f: f.count(os.sep), reverse=True)


def _remove_if_empty(folders: Iterable[str]) -> None:
    for folder in folders:
        with contextlib.suppress(OSError):  # not empty (the usual case), or not made at all
            os.rmdir(folder)


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
        try:
            settle_one(i, result)
        finally:  # a temporary file that was not renamed (failure, --strict, a stop, Ctrl-C)
            if result is not None and result.temp is not None:
                _discard(result.temp)

    def settle_one(i: int, result: BatchResult | None) -> None:
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
        if result.error is not None:
            fail(i, row)
            return
        if strict and result.warnings:
            row.status = "failed"
            row.error = f"{p.source}: {len(result.warnings)} warning(s) with --strict"
            fail(i, row)
            return
        if result.write_error is not None:  # the worker could not write the temporary file
            row.status, row.error = "failed", result.write_error
            fail(i, row)
            return
        try:
            if p.target is None:
                if result.output is None:  # cannot happen: a result without target has its output
                    raise OSError("no output")
                out = stdout or sys.stdout.buffer
                out.write(result.output)
                out.flush()
                row.output = "-"
            else:
                if result.temp is None:  # cannot happen: a result with target has written it
                    raise OSError("no output")
                _commit(result.temp, p.target)
                result.temp = None  # renamed: nothing to remove
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
            target = None if p.target is None else os.fspath(p.target)
            prefix = None if target is None else _temp_prefix(target, i)
            tasks.append(_Task(i, p.source, encoding, to, p.data, target, strict, prefix))
        else:
            progress.advance()
            if fail_fast and p.status == "failed":
                stop.at(i)
    # Folders are made when an output is written; one made for outputs that are then not kept
    # (a Ctrl-C, --fail-fast, --strict) would be left empty.
    new_folders = _missing_folders(t.target for t in tasks if t.target is not None)
    interrupted = False
    finished = False
    runner = _results(tasks, jobs, stop, lambda message: say(f"akn: {message}"))
    try:
        with contextlib.closing(runner):  # on leaving, every worker has ended
            drain()
            for result in runner:
                progress.advance()
                if fail_fast and (result.error is not None or result.write_error is not None
                                  or (strict and result.warnings)):
                    stop.at(result.index)  # cancel what comes after it at once
                ready[result.index] = result
                drain()
        drain()
        for i in range(next_index, n):  # only after a stop; settle() marks them
            settle(i, ready.pop(i, None))
        finished = True
    except KeyboardInterrupt:
        interrupted = True
    finally:
        if not finished:  # a Ctrl-C (or an error) came between writing and renaming some file
            _remove_temps(t for t in tasks if rows[t.index] is None)
        _remove_if_empty(new_folders)
    progress.clear()
    done = [r for r in rows if r is not None]
    return BatchSummary(done, time.monotonic() - start, interrupted)
