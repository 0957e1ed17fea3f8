"""converter.batch: the Python API (convert_many), the pool, atomic writes, inputs/outputs, reports."""
from __future__ import annotations

import doctest
import errno
import io
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import converter
from converter import batch, convert_file
from converter.batch import (BatchResult, Counts, Progress, Row, convert_many, find_inputs, inside,
                             output_name, report_bytes, write_atomic)
from converter.model import ConversionWarning, iter_paragraphs

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "samples" / "a-res-78-228.de.web.txt"
PDF = ROOT / "samples" / "a-res-64-293.de.pdf.txt"


def expected_counts(path: Path) -> Counts:
    res = convert_file(path).resolution
    return Counts(len(res.preamble), len(res.operative_paragraphs()),
                  sum(len(list(iter_paragraphs(a.body))) for a in res.annexes), len(res.footnotes))


@pytest.fixture(scope="module")
def reference() -> dict[str, bytes]:
    return {"web": convert_file(WEB).to_xml(), "pdf": convert_file(PDF).to_xml()}


@pytest.fixture
def inputs(tmp_path: Path) -> list[Path]:
    """Two good files, a missing one, an empty one, a binary one, a PDF."""
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "nul.txt").write_bytes(b"Die Generalversammlung,\n\x00\x01")
    (tmp_path / "x.pdf.txt").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    return [WEB, PDF, tmp_path / "missing.txt", tmp_path / "empty.txt", tmp_path / "nul.txt",
            tmp_path / "x.pdf.txt"]


def check_results(results: list[BatchResult], inputs: list[Path], reference: dict[str, bytes]) -> None:
    assert [r.index for r in results] == list(range(len(inputs)))
    assert [r.path for r in results] == [str(p) for p in inputs]
    assert [r.status for r in results] == ["ok", "ok", "failed", "failed", "failed", "failed"]
    assert results[0].xml == results[0].output == reference["web"]
    assert results[1].xml == reference["pdf"]
    assert results[0].counts == expected_counts(WEB)
    assert (results[0].counts.preamble, results[0].counts.operative) == (48, 33)
    assert (results[1].counts.preamble, results[1].counts.operative) == (16, 7)
    assert results[1].counts == expected_counts(PDF)
    assert results[2].error == f"{inputs[2]}: cannot read: No such file or directory"
    assert results[3].error == f"{inputs[3]}:1: the input is empty"
    assert results[4].error == f"{inputs[4]}:2: binary data (NUL byte), not text"
    assert results[5].error.startswith(f"{inputs[5]}:1: this is a PDF file, not text")
    for r in results[2:]:
        assert r.xml is None and r.output is None and r.counts is None and not r.ok
    assert all(r.ms >= 0 for r in results) and results[0].ms > 0 and results[1].ms > 0


@pytest.mark.parametrize("jobs", [1, 2])
def test_convert_many(inputs, reference, jobs):
    results = sorted(convert_many(inputs, jobs=jobs), key=lambda r: r.index)
    check_results(results, inputs, reference)


def test_convert_many_accepts_strings_and_default_jobs(reference):
    results = list(convert_many([str(WEB)]))
    assert len(results) == 1 and results[0].xml == reference["web"] and results[0].path == str(WEB)


def test_convert_many_other_formats():
    pytest.importorskip("converter.render")
    doc = convert_file(WEB)
    [md] = convert_many([WEB], jobs=1, to="md")
    assert md.output == doc.to_markdown().encode("utf-8")
    assert md.xml == doc.to_xml()


def test_convert_many_encoding(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes(PDF.read_text(encoding="utf-8").encode("cp1252"))
    [guessed] = convert_many([p], jobs=1)
    assert guessed.status == "warning"
    assert guessed.warnings == [ConversionWarning(5, "not UTF-8; read as Windows-1252 (German letters found)")]
    [given] = convert_many([p], jobs=1, encoding="cp1252")
    assert given.status == "ok" and given.warnings == []
    assert given.xml == guessed.xml


@pytest.mark.parametrize("jobs", [1, 2])
def test_unexpected_exception_is_a_failed_result(monkeypatch, jobs):
    if jobs > 1 and batch._start_method() != "fork":
        pytest.skip("the patch reaches the workers only with the fork start method")
    real = converter.convert_file

    def flaky(path, **kw):
        if str(path).endswith("64-293.de.pdf.txt"):
            raise RuntimeError("boom\nsecond line")
        return real(path, **kw)

    monkeypatch.setattr(converter, "convert_file", flaky)
    results = sorted(convert_many([WEB, PDF], jobs=jobs), key=lambda r: r.index)
    assert results[0].status == "ok"
    assert results[1].status == "failed"
    assert results[1].error == f"{PDF}: internal error: RuntimeError: boom second line"


forked_workers = pytest.mark.skipif(batch._start_method() != "fork",
                                    reason="the patch reaches the workers only with the fork start method")


def dying_on(monkeypatch, name: str, die) -> None:
    """Conversions in the workers die (os._exit, a signal) on the input called ``name``."""
    real = converter.convert_file

    def convert_file(path, **kw):
        if os.path.basename(str(path)) == name:
            die()
        return real(path, **kw)

    monkeypatch.setattr(converter, "convert_file", convert_file)


@forked_workers
@pytest.mark.parametrize("die, how", [
    (lambda: os._exit(3), "the process ended with exit code 3"),
    (lambda: os.kill(os.getpid(), signal.SIGKILL), "the process ended by signal 9 (SIGKILL)"),
])
def test_dead_worker_fails_only_the_file_it_was_converting(monkeypatch, tmp_path, reference, die, how):
    dying_on(monkeypatch, "die.txt", die)
    shutil.copy(WEB, tmp_path / "die.txt")
    # the dead worker had more tasks in flight (up to IN_FLIGHT_PER_WORKER): they go to a new one
    paths = [WEB, PDF, tmp_path / "die.txt"] + [WEB, PDF] * 8
    results = sorted(convert_many(paths, jobs=2), key=lambda r: r.index)
    assert [r.index for r in results] == list(range(len(paths)))
    assert results[2].status == "failed"
    assert results[2].error == f"{tmp_path / 'die.txt'}: worker process failed: {how}"
    for r, path in zip(results, paths):
        if r.index != 2:
            assert r.status == "ok" and r.xml == reference["web" if path == WEB else "pdf"], r.index
    assert multiprocessing.active_children() == []


@forked_workers
def test_every_worker_dying_still_ends(monkeypatch, tmp_path):
    """Each death fails one file and a new worker takes the rest: the run always ends."""
    def die():
        os._exit(1)
    monkeypatch.setattr(converter, "convert_file", lambda path, **kw: die())
    results = list(convert_many([WEB, PDF] * 5, jobs=2))
    assert sorted(r.index for r in results) == list(range(10))
    assert {r.error.split(": ", 1)[1] for r in results} == {"worker process failed: the process ended with exit code 1"}
    assert multiprocessing.active_children() == []


def test_workers_exit_when_the_parent_dies(tmp_path):
    """A worker whose parent was killed (no cleanup at all) sees end of file on its pipe."""
    script = tmp_path / "parent.py"
    script.write_text(
        "import os, signal, sys, multiprocessing\n"
        "from converter.batch import convert_many\n"
        f"it = convert_many([{str(WEB)!r}] * 40, jobs=2)\n"
        "next(it)\n"
        "print(' '.join(str(p.pid) for p in multiprocessing.active_children()), flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n")
    # output to files, not pipes: a worker left behind would hold a pipe open
    with open(tmp_path / "out", "w") as out, open(tmp_path / "err", "w") as err:
        proc = subprocess.run([sys.executable, str(script)], cwd=ROOT, stdout=out, stderr=err, timeout=120)
    assert proc.returncode == -signal.SIGKILL, (tmp_path / "err").read_text()
    pids = [int(p) for p in (tmp_path / "out").read_text().split()]
    assert len(pids) == 2
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(alive(pid) for pid in pids):
        time.sleep(0.05)
    left = [pid for pid in pids if alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == []


def alive(pid: int) -> bool:
    """Running (not gone, not a zombie waiting for a parent that does not reap)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the process table
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


def test_closing_early_cancels_and_shuts_down(tmp_path):
    paths = []
    for i in range(12):
        shutil.copy(WEB, tmp_path / f"r{i}.txt")
        paths.append(tmp_path / f"r{i}.txt")
    it = convert_many(paths, jobs=2)
    first = next(it)
    assert first.status == "ok"
    it.close()
    assert multiprocessing.active_children() == []


def test_stop_cancels_later_tasks_only():
    stop = batch._Stop()
    tasks = [batch._Task(i, str(WEB if i % 2 else PDF)) for i in range(8)]
    stop.at(3)
    stop.at(5)  # a later failure does not move the stop back
    assert stop.after == 3
    seen = sorted(r.index for r in batch._results(tasks, 2, stop))
    assert seen[:4] == [0, 1, 2, 3]  # everything up to the stop is converted
    seq = [r.index for r in batch._results(tasks, 1, stop)]
    assert seq == [0, 1, 2, 3]


def test_batch_result_status():
    assert BatchResult("a").status == "ok"
    assert BatchResult("a", warnings=[ConversionWarning(1, "w")]).status == "warning"
    assert BatchResult("a", error="a:1: x", warnings=[ConversionWarning(1, "w")]).status == "failed"


# ---------------------------------------------------------------------------------------------
# inputs and outputs


def test_find_inputs_sorted_recursive_hidden_skipped(tmp_path):
    for rel in ["b.txt", "a/z.txt", "a/b/c.txt", "a-b.txt", ".hidden/x.txt", "a/.y.txt", "note.md"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    (tmp_path / "dir.txt").mkdir()
    assert [p.relative_to(tmp_path).as_posix() for p in find_inputs(tmp_path)] == [
        "a/b/c.txt", "a/z.txt", "a-b.txt", "b.txt"]


def test_output_name():
    assert output_name(Path("sub/x.de.web.txt"), "xml") == Path("sub/x.de.web.xml")
    assert output_name(Path("x.TXT"), "md") == Path("x.md")
    assert output_name(Path("x.text"), "html") == Path("x.text.html")


def test_inside(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "out" / "link")
    assert inside(tmp_path / "out", tmp_path / "out" / "a" / "b.xml")
    assert not inside(tmp_path / "out", tmp_path / "out" / ".." / "b.xml")
    assert not inside(tmp_path / "out", tmp_path / "out" / "link" / "b.xml")


def test_write_atomic(tmp_path):
    target = tmp_path / "new" / "sub" / "x.xml"
    old = os.umask(0o022)
    try:
        write_atomic(target, b"<a/>")
    finally:
        os.umask(old)
    assert target.read_bytes() == b"<a/>"
    assert target.stat().st_mode & 0o777 == 0o644
    assert list(target.parent.iterdir()) == [target]


@pytest.mark.parametrize("error", [KeyboardInterrupt, OSError])
def test_write_atomic_interrupted_leaves_old_file_and_no_temp(tmp_path, monkeypatch, error):
    target = tmp_path / "x.xml"
    target.write_bytes(b"old")

    def half(f, data):
        f.write(data[: len(data) // 2])
        raise error()

    monkeypatch.setattr(batch, "_write_data", half)
    with pytest.raises(error):
        write_atomic(target, b"new content")
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


# ---------------------------------------------------------------------------------------------
# report and progress


ROWS = [
    Row("in/a.txt", "ok", "out/a.xml", Counts(48, 33, 0, 34), [], None, 12.5),
    Row("in/b.txt", "warning", "out/b.xml", Counts(16, 7, 61, 18),
        [ConversionWarning(5, "not UTF-8; read as Windows-1252"), ConversionWarning(9, 'a "quote"')], None, 3.0),
    Row("in/c.txt", "failed", None, None, [], "in/c.txt:1: the input is empty", 0.2),
    Row("in/d.txt", "skipped", "out/d.xml"),
]


def test_report_json_lines():
    lines = report_bytes(ROWS, csv_format=False).decode("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [
        {"path": "in/a.txt", "status": "ok", "output": "out/a.xml",
         "paragraphs": {"preamble": 48, "operative": 33, "annex": 0}, "notes": 34, "warnings": [],
         "error": None, "ms": 12.5},
        {"path": "in/b.txt", "status": "warning", "output": "out/b.xml",
         "paragraphs": {"preamble": 16, "operative": 7, "annex": 61}, "notes": 18,
         "warnings": [{"line": 5, "message": "not UTF-8; read as Windows-1252"},
                      {"line": 9, "message": 'a "quote"'}],
         "error": None, "ms": 3.0},
        {"path": "in/c.txt", "status": "failed", "output": None, "paragraphs": None, "notes": None,
         "warnings": [], "error": "in/c.txt:1: the input is empty", "ms": 0.2},
        {"path": "in/d.txt", "status": "skipped", "output": "out/d.xml", "paragraphs": None, "notes": None,
         "warnings": [], "error": None, "ms": 0.0},
    ]


def test_report_csv():
    assert report_bytes(ROWS, csv_format=True).decode("utf-8") == (
        "path,status,output,preamble,operative,annex,notes,warnings,error,ms\n"
        "in/a.txt,ok,out/a.xml,48,33,0,34,,,12.5\n"
        'in/b.txt,warning,out/b.xml,16,7,61,18,"5: not UTF-8; read as Windows-1252 | 9: a ""quote""",,3.0\n'
        "in/c.txt,failed,,,,,,,in/c.txt:1: the input is empty,0.2\n"
        "in/d.txt,skipped,out/d.xml,,,,,,,0.0\n"
    )


def test_progress_only_when_enabled():
    quiet = io.StringIO()
    p = Progress(3, False, quiet)
    for _ in range(3):
        p.advance()
    p.clear()
    assert quiet.getvalue() == ""
    shown = io.StringIO()
    p = Progress(3, True, shown)
    for _ in range(3):
        p.advance()
    text = shown.getvalue()
    assert "3/3 files" in text and "files/s" in text and "ETA 0 s" in text
    p.clear()
    assert shown.getvalue().endswith("\r\x1b[K")


def test_docstring_examples(monkeypatch):
    monkeypatch.chdir(ROOT)
    failures, tried = doctest.testmod(batch, optionflags=doctest.ELLIPSIS)
    assert tried >= 5 and failures == 0


def test_render_warnings_become_result_warnings(monkeypatch):
    import warnings

    def to_markdown(self):
        warnings.warn("unknown element <bogus>", UserWarning)
        return "# md\n"

    monkeypatch.setattr(converter.Document, "to_markdown", to_markdown)
    [r] = convert_many([WEB], jobs=1, to="md")
    assert r.status == "warning" and r.output == b"# md\n"
    assert r.warnings == [ConversionWarning(0, "md rendering: unknown element <bogus>")]


def test_pool_keeps_a_bounded_window_of_tasks(monkeypatch, tmp_path):
    """An archive is not sent to the workers at once: at most IN_FLIGHT_PER_WORKER tasks each
    (memory bounded, and a Ctrl-C or a stop has little to throw away)."""
    most = []
    real = batch._Worker.send

    def send(self, task):
        real(self, task)
        most.append(len(self.tasks))

    monkeypatch.setattr(batch._Worker, "send", send)
    monkeypatch.setattr(batch, "IN_FLIGHT_PER_WORKER", 2)
    paths = []
    for i in range(20):
        shutil.copy(WEB if i % 2 else PDF, tmp_path / f"r{i:02}.txt")
        paths.append(tmp_path / f"r{i:02}.txt")
    results = sorted(convert_many(paths, jobs=2), key=lambda r: r.index)
    assert [r.status for r in results] == ["ok"] * 20
    assert [r.path for r in results] == [str(p) for p in paths]
    assert len(most) == 20  # every file sent once
    assert max(most) == 2  # per worker


def test_spawned_workers(monkeypatch, tmp_path, reference):
    """Where workers are not forked (macOS, Windows: spawned), they still convert and write."""
    monkeypatch.setattr(batch, "_start_method", lambda: "spawn")
    results = sorted(convert_many([WEB, PDF, tmp_path / "missing.txt"], jobs=2), key=lambda r: r.index)
    assert [r.status for r in results] == ["ok", "ok", "failed"]
    assert results[0].xml == reference["web"] and results[1].xml == reference["pdf"]
    out = tmp_path / "out"
    planned = [batch.Planned(str(WEB), out / "a.xml"), batch.Planned(str(PDF), out / "sub" / "b.xml")]
    summary = batch.run_batch(planned, jobs=2, echo=print)
    assert [r.status for r in summary.rows] == ["ok", "ok"]
    assert {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()} == {
        "a.xml": reference["web"], "sub/b.xml": reference["pdf"]}
    assert multiprocessing.active_children() == []


@forked_workers
def test_worker_killed_while_writing_leaves_no_temp(monkeypatch, tmp_path, reference):
    """A worker killed half-way through writing an output (SIGKILL, as the OOM killer does): that
    file fails, its half-written temporary file is removed, the other files are written."""
    real = batch._write_data

    def write(f, data):
        if data == reference["pdf"]:
            f.write(data[: len(data) // 2])
            f.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        real(f, data)

    monkeypatch.setattr(batch, "_write_data", write)
    out = tmp_path / "out"
    sources = [WEB, PDF, WEB, WEB, WEB]
    planned = [batch.Planned(str(s), out / f"r{i}.xml") for i, s in enumerate(sources)]
    lines = []
    summary = batch.run_batch(planned, jobs=2, echo=lines.append)
    assert [r.status for r in summary.rows] == ["ok", "failed", "ok", "ok", "ok"]
    assert lines == [f"akn: {PDF}: worker process failed: the process ended by signal 9 (SIGKILL)"]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {
        f"r{i}.xml": reference["web"] for i in (0, 2, 3, 4)}
    assert multiprocessing.active_children() == []


def test_workers_that_cannot_start_fall_back_to_in_process(tmp_path, reference):
    """A script without the `if __name__ == "__main__":` guard, where workers are spawned: they end
    before they are ready; the script is told so once and converts in-process (not every file
    'worker process failed', not the work done again in the workers)."""
    script = tmp_path / "unguarded.py"
    script.write_text(
        "import converter.batch as batch\n"
        "batch._start_method = lambda: 'spawn'\n"
        f"results = list(batch.convert_many([{str(WEB)!r}, {str(PDF)!r}], jobs=2))\n"
        "print(sorted((r.index, r.status) for r in results))\n")
    proc = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "[(0, 'ok'), (1, 'ok')]\n"  # once: not again in a worker
    assert ("RuntimeWarning: cannot start worker processes (a worker process ended before it was ready: "
            "the process ended with exit code 1): converting in this process, as with --jobs 1") in proc.stderr


@forked_workers
def test_no_new_worker_allowed_after_deaths(monkeypatch, tmp_path, reference):
    """A worker dies and no new process may start (a process limit): the other worker goes on;
    when none is left, the rest is converted in-process. No exception, every file has a result."""
    dying_on(monkeypatch, "die.txt", lambda: os._exit(4))
    (tmp_path / "a").mkdir()
    shutil.copy(WEB, tmp_path / "die.txt")
    shutil.copy(WEB, tmp_path / "a" / "die.txt")
    real = batch._Pool.start_worker

    def start_worker(self):
        if len(self.workers) >= 2 or getattr(self, "started", False):
            raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")
        worker = real(self)
        self.started = len(self.workers) == 2
        return worker

    monkeypatch.setattr(batch._Pool, "start_worker", start_worker)
    paths = [tmp_path / "die.txt", tmp_path / "a" / "die.txt", WEB, PDF, WEB, PDF]
    results = sorted(convert_many(paths, jobs=2), key=lambda r: r.index)
    assert [r.status for r in results] == ["failed", "failed", "ok", "ok", "ok", "ok"]
    assert results[0].error == f"{paths[0]}: worker process failed: the process ended with exit code 4"
    assert [r.xml for r in results[2:]] == [reference["web"], reference["pdf"]] * 2
    assert multiprocessing.active_children() == []
