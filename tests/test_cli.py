"""The ``akn`` command, through click's CliRunner and as a real subprocess (python -m converter)."""
from __future__ import annotations

import csv
import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import converter
from converter import __version__, batch, convert_file
from converter.batch import FAIL_FAST_SKIP
from converter.cli import main
from converter.model import iter_paragraphs

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "samples" / "a-res-78-228.de.web.txt"
PDF = ROOT / "samples" / "a-res-64-293.de.pdf.txt"
SUMMARY = re.compile(r"^converted (\d+), with warnings (\d+), failed (\d+), skipped (\d+) in \d+\.\d s$")
LATIN_WARNING = "not UTF-8; read as Windows-1252 (German letters found)"

# The broken inputs of a corpus and the start of their error (after "FILE:").
BROKEN = {
    "broken/empty.txt": (b"", "1: the input is empty"),
    "broken/deeper/binary.txt": (b"Die Generalversammlung,\n\n\x00\x01\x02\xff", "3: binary data (NUL byte), not text"),
    "broken/scan.txt": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "1: this is a PDF file, not text"),
    "shopping.txt": ("Einkaufszettel\n".encode(), "1: this does not look like a resolution"),
}


def akn(*args: str, **kw) -> subprocess.CompletedProcess:
    """The real command: a new interpreter, real stdin/stdout/stderr, real signals."""
    return subprocess.run([sys.executable, "-m", "converter", *args], capture_output=True, cwd=ROOT,
                          timeout=300, **kw)


def run(*args: str, input: bytes | None = None):
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    assert "Traceback" not in result.stderr
    return result


def counts(path: Path) -> dict:
    res = convert_file(path).resolution
    return {"paragraphs": {"preamble": len(res.preamble), "operative": len(res.operative_paragraphs()),
                           "annex": sum(len(list(iter_paragraphs(a.body))) for a in res.annexes)},
            "notes": len(res.footnotes)}


@pytest.fixture(scope="module")
def reference() -> dict[Path, bytes]:
    return {WEB: convert_file(WEB).to_xml(), PDF: convert_file(PDF).to_xml()}


@pytest.fixture(scope="module")
def expected_counts() -> dict[Path, dict]:
    return {WEB: counts(WEB), PDF: counts(PDF)}


def make_corpus(folder: Path, good: int) -> dict[str, Path | None]:
    """``good`` copies of the two samples in nested folders plus the broken files.
    Returns relative path -> the sample it copies (None for a broken one)."""
    layout: dict[str, Path | None] = {}
    for i in range(good):
        sample = WEB if i % 2 else PDF
        rel = f"g{i % 4}/s{i % 3}/r{i:03d}.{'web' if i % 2 else 'pdf'}.txt" if i % 7 else f"top{i:03d}.txt"
        layout[rel] = sample
    for rel, (data, _) in BROKEN.items():
        layout[rel] = None
    for rel, sample in layout.items():
        p = folder / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if sample is None:
            p.write_bytes(BROKEN[rel][0])
        else:
            shutil.copyfile(sample, p)
    return layout


def input_order(layout: dict[str, Path | None]) -> list[str]:
    return sorted(layout, key=lambda rel: Path(rel).parts)


def out_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def stderr_lines(text: str | bytes) -> list[str]:
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    return text.splitlines()


def check_batch_run(rc: int, err: list[str], report: Path, src: Path, out: Path, layout, reference,
                    expected_counts) -> None:
    """Everything a run over a corpus must show: exit code, stderr, report, outputs."""
    order = input_order(layout)
    good = [rel for rel in order if layout[rel] is not None]
    broken = [rel for rel in order if layout[rel] is None]
    assert rc == 1
    # stderr: one line per broken file, in input order, then the summary; no progress, no traceback
    assert len(err) == len(broken) + 1
    for line, rel in zip(err, broken):
        assert line.startswith(f"akn: {src / rel}:{BROKEN[rel][1]}")
    m = SUMMARY.match(err[-1])
    assert m and m.groups() == (str(len(good)), "0", str(len(broken)), "0")
    # report: every file, in input order
    rows = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert [r["path"] for r in rows] == [str(src / rel) for rel in order]
    for rel, row in zip(order, rows):
        sample = layout[rel]
        assert set(row) == {"path", "status", "output", "paragraphs", "notes", "warnings", "error", "ms"}
        if sample is None:
            assert row["status"] == "failed" and row["output"] is None and row["paragraphs"] is None
            assert row["error"].startswith(f"{src / rel}:{BROKEN[rel][1]}")
        else:
            target = out / Path(rel).with_suffix(".xml")
            assert row["status"] == "ok" and row["error"] is None and row["warnings"] == []
            assert row["output"] == str(target)
            assert {"paragraphs": row["paragraphs"], "notes": row["notes"]} == expected_counts[sample]
        assert isinstance(row["ms"], float) and row["ms"] >= 0
    # outputs: exactly the good files, layout kept, bytes of the reference conversion; no temp files
    files = out_files(out)
    assert set(files) == {Path(rel).with_suffix(".xml").as_posix() for rel in good}
    for rel in good:
        assert files[Path(rel).with_suffix(".xml").as_posix()] == reference[layout[rel]], rel


# ---------------------------------------------------------------------------------------------
# a folder of files: subprocess with --jobs 2 vs CliRunner with --jobs 1


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    src = tmp_path_factory.mktemp("corpus") / "in"
    layout = make_corpus(src, good=56)
    assert len(layout) == 60
    return src, layout


@pytest.fixture(scope="module")
def parallel_run(corpus, tmp_path_factory):
    src, layout = corpus
    work = tmp_path_factory.mktemp("parallel")
    start = time.monotonic()
    proc = akn("convert", str(src), "-o", str(work / "out"), "--jobs", "2", "--report", str(work / "r.jsonl"))
    return proc, work, time.monotonic() - start


def test_folder_parallel_subprocess(corpus, parallel_run, reference, expected_counts):
    src, layout = corpus
    proc, work, _ = parallel_run
    assert proc.stdout == b""
    check_batch_run(proc.returncode, stderr_lines(proc.stderr), work / "r.jsonl", src, work / "out", layout,
                    reference, expected_counts)


def test_folder_in_process_is_byte_identical(corpus, parallel_run, tmp_path, reference, expected_counts):
    src, layout = corpus
    proc, work, _ = parallel_run
    result = run("convert", str(src), "-o", str(tmp_path / "out"), "--jobs", "1",
                 "--report", str(tmp_path / "r.jsonl"))
    check_batch_run(result.exit_code, stderr_lines(result.stderr), tmp_path / "r.jsonl", src, tmp_path / "out",
                    layout, reference, expected_counts)
    assert out_files(tmp_path / "out") == out_files(work / "out")
    strip = [re.sub(r'"ms": [0-9.]+', "", line) for line in (work / "r.jsonl").read_text().splitlines()]
    assert [re.sub(r'"ms": [0-9.]+', "", line).replace(str(tmp_path), str(work))
            for line in (tmp_path / "r.jsonl").read_text().splitlines()] == strip
    # stderr the same too, but for the summary's time
    assert stderr_lines(result.stderr)[:-1] == stderr_lines(proc.stderr)[:-1]


@pytest.mark.slow
def test_200_files_parallel(tmp_path, reference, expected_counts):
    src = tmp_path / "in"
    layout = make_corpus(src, good=196)
    assert len(layout) == 200
    proc = akn("convert", str(src), "-o", str(tmp_path / "out"), "--jobs", "2", "--report", str(tmp_path / "r.jsonl"))
    check_batch_run(proc.returncode, stderr_lines(proc.stderr), tmp_path / "r.jsonl", src, tmp_path / "out",
                    layout, reference, expected_counts)


# ---------------------------------------------------------------------------------------------
# small corpora for the options


def small(folder: Path, names: dict[str, bytes | Path]) -> Path:
    for rel, content in names.items():
        p = folder / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content.read_bytes() if isinstance(content, Path) else content)
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_fail_fast_stops_at_first_failure_in_input_order(tmp_path, reference, jobs):
    src = small(tmp_path / "in", {"a.txt": WEB, "b.txt": b"", "c.txt": PDF, "d/e.txt": b"", "f.txt": WEB})
    out = tmp_path / "out"
    result = run("convert", str(src), "-o", str(out), "--fail-fast", "--jobs", jobs,
                 "--report", str(tmp_path / "r.jsonl"))
    assert result.exit_code == 1
    err = stderr_lines(result.stderr)
    assert err[0] == f"akn: {src / 'b.txt'}:1: the input is empty"
    assert len(err) == 2 and SUMMARY.match(err[1]).groups() == ("1", "0", "1", "3")
    assert out_files(out) == {"a.xml": reference[WEB]}
    rows = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert [(Path(r["path"]).relative_to(src).as_posix(), r["status"]) for r in rows] == [
        ("a.txt", "ok"), ("b.txt", "failed"), ("c.txt", "skipped"), ("d/e.txt", "skipped"), ("f.txt", "skipped")]
    assert [r["error"] for r in rows[2:]] == [FAIL_FAST_SKIP] * 3


def test_without_fail_fast_all_are_converted(tmp_path, reference):
    src = small(tmp_path / "in", {"a.txt": WEB, "b.txt": b"", "c.txt": PDF})
    result = run("convert", str(src), "-o", str(tmp_path / "out"), "--jobs", "2")
    assert result.exit_code == 1
    assert out_files(tmp_path / "out") == {"a.xml": reference[WEB], "c.xml": reference[PDF]}
    assert SUMMARY.match(stderr_lines(result.stderr)[-1]).groups() == ("2", "0", "1", "0")


@pytest.fixture
def with_warning(tmp_path) -> Path:
    """A corpus with one file that converts with a warning (Windows-1252, line 5)."""
    return small(tmp_path / "in", {"a.txt": WEB, "latin.txt": PDF.read_text(encoding="utf-8").encode("cp1252")})


def test_warnings_are_reported_not_failed(tmp_path, with_warning, reference):
    src = with_warning
    result = run("convert", str(src), "-o", str(tmp_path / "out"), "--jobs", "2",
                 "--report", str(tmp_path / "r.csv"))
    assert result.exit_code == 0
    err = stderr_lines(result.stderr)
    assert err[0] == f"{src / 'latin.txt'}:5: warning: {LATIN_WARNING}"
    assert SUMMARY.match(err[1]).groups() == ("2", "1", "0", "0") and len(err) == 2
    assert out_files(tmp_path / "out") == {"a.xml": reference[WEB], "latin.xml": reference[PDF]}
    rows = list(csv.DictReader((tmp_path / "r.csv").open(encoding="utf-8")))
    assert [(r["status"], r["warnings"], r["error"]) for r in rows] == [
        ("ok", "", ""), ("warning", f"5: {LATIN_WARNING}", "")]
    assert rows[1]["operative"] == "7" and rows[1]["preamble"] == "16" and rows[1]["output"] == str(tmp_path / "out" / "latin.xml")


def test_strict_counts_warnings_as_failures(tmp_path, with_warning, reference):
    src = with_warning
    result = run("convert", str(src), "-o", str(tmp_path / "out"), "--strict", "--jobs", "1",
                 "--report", str(tmp_path / "r.jsonl"))
    assert result.exit_code == 1
    err = stderr_lines(result.stderr)
    assert err[:2] == [f"{src / 'latin.txt'}:5: warning: {LATIN_WARNING}",
                       f"akn: {src / 'latin.txt'}: 1 warning(s) with --strict"]
    assert SUMMARY.match(err[2]).groups() == ("1", "0", "1", "0")
    assert out_files(tmp_path / "out") == {"a.xml": reference[WEB]}  # no output for the failed one
    row = json.loads((tmp_path / "r.jsonl").read_text().splitlines()[1])
    assert row["status"] == "failed" and row["output"] is None
    assert row["warnings"] == [{"line": 5, "message": LATIN_WARNING}]
    assert row["error"] == f"{src / 'latin.txt'}: 1 warning(s) with --strict"


def test_encoding_option(tmp_path, with_warning, reference):
    result = run("convert", str(with_warning / "latin.txt"), "--encoding", "cp1252")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout_bytes == reference[PDF]


def test_skip_existing_and_overwrite(tmp_path, reference):
    src = small(tmp_path / "in", {"a.txt": WEB, "sub/b.txt": PDF})
    out = tmp_path / "out"
    assert run("convert", str(src), "-o", str(out)).exit_code == 0
    (out / "a.xml").write_bytes(b"old")
    result = run("convert", str(src), "-o", str(out), "--skip-existing", "--report", str(tmp_path / "r.jsonl"))
    assert result.exit_code == 0
    assert SUMMARY.match(result.stderr.strip()).groups() == ("0", "0", "0", "2")
    assert (out / "a.xml").read_bytes() == b"old"
    rows = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert [(r["status"], r["output"]) for r in rows] == [("skipped", str(out / "a.xml")),
                                                          ("skipped", str(out / "sub" / "b.xml"))]
    (out / "sub" / "b.xml").unlink()
    result = run("convert", str(src), "-o", str(out), "--skip-existing")
    assert SUMMARY.match(result.stderr.strip()).groups() == ("1", "0", "0", "1")
    assert out_files(out) == {"a.xml": b"old", "sub/b.xml": reference[PDF]}
    result = run("convert", str(src), "-o", str(out))  # --overwrite is the default
    assert SUMMARY.match(result.stderr.strip()).groups() == ("2", "0", "0", "0")
    assert out_files(out) == {"a.xml": reference[WEB], "sub/b.xml": reference[PDF]}


def test_several_inputs_and_formats(tmp_path):
    src = small(tmp_path / "in", {"x/a.txt": WEB})
    result = run("convert", str(src), str(PDF), "-o", str(tmp_path / "out"), "--to", "md")
    assert result.exit_code == 0
    assert out_files(tmp_path / "out") == {
        "x/a.md": convert_file(WEB).to_markdown().encode("utf-8"),
        "a-res-64-293.de.pdf.md": convert_file(PDF).to_markdown().encode("utf-8")}
    result = run("convert", str(WEB), "--to", "html", "-o", str(tmp_path / "one.html"))
    assert result.exit_code == 0 and result.stderr == ""
    assert (tmp_path / "one.html").read_text(encoding="utf-8") == convert_file(WEB).to_html()


# ---------------------------------------------------------------------------------------------
# one input: the original behaviour, stdin and stdout


def test_one_file_to_file_and_stdout(tmp_path, reference):
    proc = akn("convert", str(WEB), "-o", str(tmp_path / "x.xml"))
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, b"", b"")
    assert (tmp_path / "x.xml").read_bytes() == reference[WEB]
    proc = akn("convert", str(PDF))
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, reference[PDF], b"")
    # -o an existing folder: the file goes inside it
    result = run("convert", str(WEB), "-o", str(tmp_path))
    assert result.exit_code == 0
    assert (tmp_path / "a-res-78-228.de.web.xml").read_bytes() == reference[WEB]


def test_one_file_errors_are_one_line(tmp_path):
    proc = akn("convert", "nope.txt", "-o", str(tmp_path / "x.xml"))
    assert (proc.returncode, proc.stdout) == (1, b"")
    assert proc.stderr == b"akn: nope.txt: cannot read: No such file or directory\n"
    (tmp_path / "empty.txt").write_bytes(b"")
    proc = akn("convert", str(tmp_path / "empty.txt"), "-o", str(tmp_path / "x.xml"))
    assert proc.returncode == 1 and proc.stderr == f"akn: {tmp_path / 'empty.txt'}:1: the input is empty\n".encode()
    assert not (tmp_path / "x.xml").exists()


@pytest.mark.parametrize("how", ["subprocess", "clirunner"])
def test_stdin_to_stdout(how, reference, tmp_path):
    data = WEB.read_bytes()
    if how == "subprocess":
        proc = akn("convert", "-", input=data)
        assert (proc.returncode, proc.stderr) == (0, b"")
        assert proc.stdout == reference[WEB]
    else:
        result = run("convert", "-", input=data)
        assert result.exit_code == 0 and result.stderr == ""
        assert result.stdout_bytes == reference[WEB]
        result = run("convert", "-", "-o", str(tmp_path / "x.xml"), input=data)
        assert result.exit_code == 0 and result.stdout_bytes == b""
        assert (tmp_path / "x.xml").read_bytes() == reference[WEB]


def test_stdin_error():
    proc = akn("convert", "-", input=b"%PDF-1.4\n")
    assert proc.returncode == 1 and proc.stdout == b""
    assert proc.stderr.decode().startswith("akn: <stdin>:1: this is a PDF file, not text")
    assert len(proc.stderr.splitlines()) == 1


# ---------------------------------------------------------------------------------------------
# usage errors: exit code 2


@pytest.mark.parametrize("args, message", [
    (["{src}"], "several inputs (or a folder) need -o OUTPUT_FOLDER"),
    (["{web}", "{pdf}"], "several inputs (or a folder) need -o OUTPUT_FOLDER"),
    (["-", "{web}"], "'-' (standard input) cannot be combined with other inputs"),
    (["{src}", "-o", "{web}"], "is a file; with several inputs (or a folder) it must be a folder"),
    (["{empty_dir}", "-o", "{tmp}/out"], "no *.txt files found in"),
    (["{src}", "{src}", "-o", "{tmp}/out"], "would both be written to"),
    (["{src}", "--jobs", "0", "-o", "{tmp}/out"], "Invalid value for '-j' / '--jobs'"),
    (["{web}", "--to", "pdf"], "Invalid value for '--to'"),
    ([], "Missing argument 'PATH...'"),
])
def test_usage_errors(tmp_path, args, message):
    src = small(tmp_path / "in", {"a.txt": WEB})
    (tmp_path / "nothing").mkdir()
    values = {"src": src, "web": WEB, "pdf": PDF, "tmp": tmp_path, "empty_dir": tmp_path / "nothing"}
    result = run("convert", *[a.format(**values) for a in args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "out").exists()


def test_usage_error_subprocess(tmp_path):
    proc = akn("convert", str(WEB), str(PDF))
    assert proc.returncode == 2 and proc.stdout == b""
    assert b"Error: several inputs (or a folder) need -o OUTPUT_FOLDER for the results." in proc.stderr
    assert b"Traceback" not in proc.stderr


# ---------------------------------------------------------------------------------------------
# interruption, unsafe and unwritable outputs


@pytest.mark.parametrize("jobs, at", [("1", "write"), ("1", "rename"), ("2", "rename")])
def test_interrupted_run_leaves_no_partial_file(tmp_path, monkeypatch, reference, jobs, at):
    """Ctrl-C while the third file is written (in-process) or renamed into place (the parent's
    part with --jobs 2: workers write temporary files): exit 130, two complete files, no temp."""
    src = small(tmp_path / "in", {f"r{i}.txt": WEB for i in range(6)})
    out = tmp_path / "out"
    calls = []
    real_write, real_commit = batch._write_data, batch._commit

    def write(f, data):
        calls.append(1)
        if len(calls) == 3:  # the third file: half written, then Ctrl-C
            f.write(data[: len(data) // 2])
            f.flush()
            raise KeyboardInterrupt
        real_write(f, data)

    def commit(tmp, path):
        calls.append(1)
        if len(calls) == 3:  # the third file: written, not renamed, then Ctrl-C
            raise KeyboardInterrupt
        real_commit(tmp, path)

    if at == "write":
        monkeypatch.setattr(batch, "_write_data", write)
    else:
        monkeypatch.setattr(batch, "_commit", commit)
    result = run("convert", str(src), "-o", str(out), "--jobs", jobs, "--report", str(tmp_path / "r.jsonl"))
    assert result.exit_code == 130
    err = stderr_lines(result.stderr)
    assert err[-2] == "akn: interrupted"
    assert SUMMARY.match(err[-1]).groups() == ("2", "0", "0", "0")
    assert out_files(out) == {"r0.xml": reference[WEB], "r1.xml": reference[WEB]}  # no r2, no *.tmp
    assert [json.loads(line)["path"] for line in (tmp_path / "r.jsonl").read_text().splitlines()] == [
        str(src / "r0.txt"), str(src / "r1.txt")]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_interrupt_between_result_and_rename_leaves_no_temp(tmp_path, monkeypatch, jobs):
    """Ctrl-C just after the second result arrived (its output written to a temporary file, not
    yet handed to the renaming): the temporary file is removed all the same."""
    src = small(tmp_path / "in", {f"sub/r{i}.txt": WEB for i in range(6)})
    out = tmp_path / "out"
    real = batch.Progress.advance
    calls = []

    def advance(self):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(self)

    monkeypatch.setattr(batch.Progress, "advance", advance)
    result = run("convert", str(src), "-o", str(out), "--jobs", jobs)
    assert result.exit_code == 130
    files = [p.name for p in out.rglob("*") if p.is_file()]
    assert files in ([], ["r0.xml"])  # r0 when its result came first (always so in-process); no .*.tmp
    if jobs == "1":
        assert files == ["r0.xml"]
    assert stderr_lines(result.stderr)[-2] == "akn: interrupted"


def test_no_worker_processes_converts_in_process(tmp_path, monkeypatch, reference):
    """Where worker processes cannot be started, the run says so once and converts in-process."""
    def no_processes(*args, **kwargs):
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(batch._Worker, "__init__", no_processes)
    src = small(tmp_path / "in", {"a.txt": WEB, "b.txt": PDF})
    result = run("convert", str(src), "-o", str(tmp_path / "out"), "--jobs", "2")
    assert result.exit_code == 0
    err = stderr_lines(result.stderr)
    assert err[0] == ("akn: cannot start worker processes ([Errno 11] Resource temporarily "
                      "unavailable): converting in this process, as with --jobs 1")
    assert len(err) == 2 and SUMMARY.match(err[1]).groups() == ("2", "0", "0", "0")
    assert out_files(tmp_path / "out") == {"a.xml": reference[WEB], "b.xml": reference[PDF]}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_interrupted_run_leaves_no_empty_folder_it_made(tmp_path, monkeypatch, reference, jobs):
    """Ctrl-C before sub/b.xml is renamed: the folder sub/ made for it goes too (one that was
    there before the run stays)."""
    src = small(tmp_path / "in", {"a.txt": WEB, "sub/b.txt": PDF, "sub/deep/c.txt": WEB, "old/d.txt": WEB})
    out = tmp_path / "out"
    (out / "old").mkdir(parents=True)
    real = batch._commit

    def commit(tmp, path):
        if Path(path).name == "b.xml":
            raise KeyboardInterrupt
        real(tmp, path)

    monkeypatch.setattr(batch, "_commit", commit)
    result = run("convert", str(src), "-o", str(out), "--jobs", jobs)
    assert result.exit_code == 130
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["a.xml", "old", "old/d.xml"]
    assert (out / "a.xml").read_bytes() == reference[WEB]


def test_sigint_subprocess(corpus, tmp_path, reference):
    """A real Ctrl-C (SIGINT to the command) while the pool works: exit 130, complete files only."""
    src, layout = corpus
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "converter", "convert", str(src), "-o", str(out), "--jobs", "2"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not any(out.rglob("*.xml")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert b"Traceback" not in err, err
    assert proc.returncode == 130, err
    lines = stderr_lines(err)
    assert "akn: interrupted" in lines, err
    assert SUMMARY.match(lines[-1]), err
    files = out_files(out)
    assert 0 < len(files) < 56, sorted(files)
    for rel, data in files.items():
        assert rel.endswith(".xml")
        assert data == reference[layout[rel[:-4] + ".txt"]]


forked_workers = pytest.mark.skipif(batch._start_method() != "fork",
                                    reason="the patch reaches the workers only with the fork start method")


@forked_workers
def test_dead_worker_fails_only_its_file(tmp_path, monkeypatch, reference):
    """A worker that dies (here: os._exit while converting b.txt) fails that file only; the other
    files, its other tasks too, are converted; the run ends with exit 1, no traceback, no temp."""
    src = small(tmp_path / "in", {f"{name}.txt": WEB if k % 2 else PDF for k, name in enumerate("abcdefghij")})
    real = converter.convert_file

    def convert_file(path, **kw):
        if Path(path).name == "b.txt":
            os._exit(5)
        return real(path, **kw)

    monkeypatch.setattr(converter, "convert_file", convert_file)
    out = tmp_path / "out"
    result = run("convert", str(src), "-o", str(out), "--jobs", "2", "--report", str(tmp_path / "r.jsonl"))
    assert result.exit_code == 1
    err = stderr_lines(result.stderr)
    assert err[0] == f"akn: {src / 'b.txt'}: worker process failed: the process ended with exit code 5"
    assert len(err) == 2 and SUMMARY.match(err[1]).groups() == ("9", "0", "1", "0")
    assert out_files(out) == {f"{name}.xml": reference[WEB if k % 2 else PDF]
                              for k, name in enumerate("abcdefghij") if name != "b"}
    rows = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert [r["status"] for r in rows] == ["ok", "failed"] + ["ok"] * 8


@forked_workers
def test_parallel_outputs_and_report_in_input_order(tmp_path, monkeypatch, reference):
    """With --jobs 2 results arrive in any order (here the first file is held back until the last
    one is written); files are renamed into place, messages printed and the report written in
    input order all the same."""
    names = {"a.txt": WEB, "b.txt": PDF, "c.txt": b"", "d.txt": WEB, "e.txt": PDF.read_text(encoding="utf-8").encode("cp1252"),
             "f.txt": PDF, "g.txt": WEB, "h.txt": PDF}
    src = small(tmp_path / "in", names)
    out = tmp_path / "out"
    real_convert, real_commit, real_results = converter.convert_file, batch._commit, batch._results

    def convert_file(path, **kw):
        if Path(path).name == "a.txt":  # wait (in the worker) for the last file's temporary file
            deadline = time.monotonic() + 60
            while not list(out.glob(".h.xml.*.tmp")) and time.monotonic() < deadline:
                time.sleep(0.01)
        return real_convert(path, **kw)

    renamed, arrived = [], []

    def commit(tmp, path):
        renamed.append(Path(path).name)
        real_commit(tmp, path)

    def results(*args):
        for r in real_results(*args):
            arrived.append(r.index)
            yield r

    monkeypatch.setattr(converter, "convert_file", convert_file)
    monkeypatch.setattr(batch, "_commit", commit)
    monkeypatch.setattr(batch, "_results", results)
    result = run("convert", str(src), "-o", str(out), "--jobs", "2", "--report", str(tmp_path / "r.jsonl"))
    assert result.exit_code == 1
    assert arrived.index(7) < arrived.index(0)  # h.txt's result came before a.txt's
    assert renamed == ["a.xml", "b.xml", "d.xml", "e.xml", "f.xml", "g.xml", "h.xml", "r.jsonl"]
    err = stderr_lines(result.stderr)
    assert err[:2] == [f"akn: {src / 'c.txt'}:1: the input is empty", f"{src / 'e.txt'}:5: warning: {LATIN_WARNING}"]
    assert SUMMARY.match(err[2]).groups() == ("7", "1", "1", "0")
    rows = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert [Path(r["path"]).name for r in rows] == list(names)
    assert [r["status"] for r in rows] == ["ok", "ok", "failed", "ok", "warning", "ok", "ok", "ok"]
    files = out_files(out)
    assert set(files) == {f"{name}.xml" for name in "abdefgh"}  # no temporary file left
    assert files["a.xml"] == reference[WEB] and files["e.xml"] == reference[PDF]


@pytest.mark.parametrize("option", ["--strict", "--fail-fast"])
def test_parallel_files_not_renamed_leave_no_temp(tmp_path, with_warning, reference, option):
    """Outputs written by the workers but not kept (--strict, after a --fail-fast stop) are removed."""
    src = small(with_warning, {"b.txt": b"", **{f"z{i}.txt": WEB for i in range(12)}})
    result = run("convert", str(src), "-o", str(tmp_path / "out"), "--jobs", "2", option)
    assert result.exit_code == 1
    files = out_files(tmp_path / "out")
    if option == "--strict":
        assert set(files) == {"a.xml"} | {f"z{i}.xml" for i in range(12)}
    else:
        assert files == {"a.xml": reference[WEB]}


def test_output_path_escaping_is_refused(tmp_path, reference):
    src = small(tmp_path / "in", {"a.txt": WEB, "sub/b.txt": PDF, "c.txt": WEB})
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    os.symlink(elsewhere, out / "sub")  # a folder in the output that leads out of it
    os.symlink(elsewhere / "c.xml", out / "c.xml")  # a file that does
    result = run("convert", str(src), "-o", str(out), "--report", str(tmp_path / "r.jsonl"))
    assert result.exit_code == 1
    err = stderr_lines(result.stderr)
    assert err[:2] == [
        f"akn: {out / 'c.xml'}: refused: the output path is outside the output folder {out}",
        f"akn: {out / 'sub' / 'b.xml'}: refused: the output path is outside the output folder {out}"]
    assert SUMMARY.match(err[2]).groups() == ("1", "0", "2", "0")
    assert list(elsewhere.iterdir()) == []
    assert (out / "a.xml").read_bytes() == reference[WEB]
    rows = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert [r["status"] for r in rows] == ["ok", "failed", "failed"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root can write to a read-only folder")
def test_unwritable_output_folder(tmp_path):
    src = small(tmp_path / "in", {"a.txt": WEB, "b.txt": PDF})
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    try:
        result = run("convert", str(src), "-o", str(out))
        assert result.exit_code == 1
        assert result.stderr == f"akn: {out}: cannot write to the output folder: Permission denied\n"
        result = run("convert", str(WEB), "-o", str(out / "x.xml"))
        assert result.exit_code == 1
        assert result.stderr == f"akn: {out / 'x.xml'}: cannot write: Permission denied\n"
        assert list(out.iterdir()) == []
    finally:
        out.chmod(0o700)


def test_output_folder_that_cannot_be_created(tmp_path):
    src = small(tmp_path / "in", {"a.txt": WEB, "b.txt": PDF})
    (tmp_path / "file").write_text("x")
    result = run("convert", str(src), "-o", str(tmp_path / "file" / "out"))
    assert result.exit_code == 1
    assert result.stderr == f"akn: {tmp_path / 'file' / 'out'}: cannot create the output folder: Not a directory\n"


def test_one_output_that_cannot_be_written(tmp_path, reference):
    src = small(tmp_path / "in", {"a.txt": WEB, "b.txt": PDF})
    (tmp_path / "out" / "a.xml").mkdir(parents=True)  # a folder where the file should go
    result = run("convert", str(src), "-o", str(tmp_path / "out"), "--jobs", "2")
    assert result.exit_code == 1
    err = stderr_lines(result.stderr)
    assert err[0] == f"akn: {tmp_path / 'out' / 'a.xml'}: cannot write: Is a directory"
    assert SUMMARY.match(err[1]).groups() == ("1", "0", "1", "0")
    assert (tmp_path / "out" / "b.xml").read_bytes() == reference[PDF]
    assert [p.name for p in (tmp_path / "out").iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_subfolder_that_cannot_be_written(tmp_path, reference, jobs):
    """The workers write the outputs: one that cannot (its folder is a file) fails with the same
    one-line message as in-process; the other files are written, no temporary file anywhere."""
    src = small(tmp_path / "in", {"a.txt": WEB, "sub/b.txt": PDF, "sub/c.txt": WEB, "z.txt": PDF})
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").write_text("x")
    result = run("convert", str(src), "-o", str(out), "--jobs", jobs)
    assert result.exit_code == 1
    err = stderr_lines(result.stderr)
    assert err[:2] == [f"akn: {out / 'sub' / 'b.xml'}: cannot write: Not a directory",
                       f"akn: {out / 'sub' / 'c.xml'}: cannot write: Not a directory"]
    assert SUMMARY.match(err[2]).groups() == ("2", "0", "2", "0")
    assert out_files(out) == {"a.xml": reference[WEB], "sub": b"x", "z.xml": reference[PDF]}


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root can write to a read-only folder")
def test_read_only_subfolder(tmp_path, reference):
    src = small(tmp_path / "in", {"a.txt": WEB, "sub/b.txt": PDF})
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    (out / "sub").chmod(0o500)
    try:
        result = run("convert", str(src), "-o", str(out), "--jobs", "2")
        assert result.exit_code == 1
        assert stderr_lines(result.stderr)[0] == f"akn: {out / 'sub' / 'b.xml'}: cannot write: Permission denied"
        assert out_files(out) == {"a.xml": reference[WEB]}
    finally:
        (out / "sub").chmod(0o700)


def test_unexpected_exception_is_one_line(tmp_path, monkeypatch, reference):
    src = small(tmp_path / "in", {"a.txt": WEB, "b.txt": PDF})
    real = converter.convert_file

    def flaky(path, **kw):
        if str(path).endswith("a.txt"):
            raise KeyError("boom")
        return real(path, **kw)

    monkeypatch.setattr(converter, "convert_file", flaky)
    result = run("convert", str(src), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert result.exit_code == 1
    assert stderr_lines(result.stderr)[0] == f"akn: {src / 'a.txt'}: internal error: KeyError: 'boom'"
    assert out_files(tmp_path / "out") == {"b.xml": reference[PDF]}


def test_report_that_cannot_be_written(tmp_path):
    (tmp_path / "file").write_text("x")
    result = run("convert", str(WEB), "-o", str(tmp_path / "x.xml"), "--report", str(tmp_path / "file" / "r.jsonl"))
    assert result.exit_code == 1
    assert result.stderr == f"akn: {tmp_path / 'file' / 'r.jsonl'}: cannot write the report: Not a directory\n"
    assert (tmp_path / "x.xml").exists()


# ---------------------------------------------------------------------------------------------
# validate, render, version, help


def test_validate(tmp_path):
    assert run("convert", str(WEB), "-o", str(tmp_path / "ok.xml")).exit_code == 0
    proc = akn("validate", str(tmp_path / "ok.xml"))
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"{tmp_path / 'ok.xml'}: valid\n".encode(), b"")

    (tmp_path / "broken.xml").write_bytes(b"<?xml version='1.0'?>\n<akomaNtoso>\n  <statement>\n</akomaNtoso>\n")
    result = run("validate", str(tmp_path / "ok.xml"), str(tmp_path / "broken.xml"))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"{tmp_path / 'ok.xml'}: valid"
    assert lines[1].startswith(f"{tmp_path / 'broken.xml'}:4: not well-formed XML: ")
    assert "statement" in lines[1] and len(lines) == 2


def test_validate_schema_and_id_errors(tmp_path):
    data = convert_file(WEB).to_xml().decode("utf-8")
    # an element the schema does not know, on a line of its own
    bad = data.replace("<preamble>", "<preamble>\n<bogus/>", 1)
    (tmp_path / "schema.xml").write_text(bad, encoding="utf-8")
    line = bad[: bad.index("<bogus/>")].count("\n") + 1
    result = run("validate", str(tmp_path / "schema.xml"))
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{tmp_path / 'schema.xml'}:{line}: ") and "bogus" in first
    # a duplicated eId
    eid = re.search(r'eId="([^"]+)"', data).group(1)
    dup = data.replace(f'eId="{eid}"', f'eId="{eid}"', 1).replace('eId="preamble__formula_1"', f'eId="{eid}"', 1)
    assert dup != data
    (tmp_path / "ids.xml").write_text(dup, encoding="utf-8")
    result = run("validate", str(tmp_path / "ids.xml"))
    assert result.exit_code == 1
    assert f"{tmp_path / 'ids.xml'}: duplicate eId {eid}" in result.stdout.splitlines()


def test_validate_refuses_doctype_and_reports_missing(tmp_path):
    (tmp_path / "dtd.xml").write_bytes(b'<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x "y">]>\n<a>&x;</a>\n')
    result = run("validate", str(tmp_path / "dtd.xml"), str(tmp_path / "missing.xml"))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'dtd.xml'}: refused: the document has a DOCTYPE (DTDs and entities are not accepted)",
        f"{tmp_path / 'missing.xml'}: cannot read: No such file or directory"]


def test_render(tmp_path):
    doc = convert_file(PDF)
    (tmp_path / "x.xml").write_bytes(doc.to_xml())
    result = run("render", str(tmp_path / "x.xml"), "--to", "md")
    assert result.exit_code == 0
    assert result.stdout == doc.to_markdown()
    result = run("render", str(tmp_path / "x.xml"), "--to", "html", "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 0 and result.stdout == ""
    assert (tmp_path / "x.html").read_text(encoding="utf-8") == doc.to_html()
    (tmp_path / "bad.xml").write_bytes(b"<a>\n<b>\n</a>\n")
    result = run("render", str(tmp_path / "bad.xml"), "--to", "md")
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"akn: {tmp_path / 'bad.xml'}:3: not well-formed XML")


def test_version():
    proc = akn("--version")
    assert (proc.returncode, proc.stdout) == (0, f"akn, version {__version__}\n".encode())


@pytest.mark.parametrize("command", [[], ["convert"], ["validate"], ["render"]])
def test_help_has_examples(command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert re.search(r"Examples:\n +akn ", result.stdout)


def test_refs_table_and_json(tmp_path):
    result = run("refs", str(PDF))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("55 entries:")
    doc = convert_file(PDF)
    (tmp_path / "x.xml").write_bytes(doc.to_xml())
    as_json = run("refs", str(tmp_path / "x.xml"), "--json")
    assert as_json.exit_code == 0
    rows = json.loads(as_json.stdout)
    assert len(rows) == 55
    assert rows[0] == {"type": "document", "text": "A/64/L.64", "href": "https://undocs.org/A/64/L.64",
                       "eId": "coverPage__container_1"}
    broken = run("refs", str(tmp_path / "missing.txt"))
    assert broken.exit_code == 1 and broken.stderr.startswith(f"akn: {tmp_path / 'missing.txt'}: cannot read")
