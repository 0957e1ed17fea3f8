#!/usr/bin/env python
"""Benchmark akn-converter: throughput, growth, start-up, batch scaling and memory, against a floor.

    .venv/bin/python bench/run.py            # full run (a few minutes), writes bench/results.json
    .venv/bin/python bench/run.py --quick    # smoke run (< ~60 s)

Inputs: the two samples, and the web sample grown to 10x, 30x and 100x its operative paragraphs
(33 -> 330 / 990 / 3300). See ``grow()`` for what is generated. Every input is first converted in a
fresh child process (this verifies it and measures peak memory); only inputs that convert without
error *and* with the expected number of operative paragraphs and footnotes are timed.

All in-process figures are medians of several runs in one process after a warm-up. The floor is
what any converter producing the same XML must at least spend: lxml parsing that XML, validating
it with the compiled schema (``converter.check.schema()``) and serialising it again.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402

import converter  # noqa: E402
from converter import check  # noqa: E402
from converter.build import build  # noqa: E402
from converter.clean import clean  # noqa: E402
from converter.read import read  # noqa: E402
from converter.recognise import recognise  # noqa: E402
from converter.segment import segment  # noqa: E402

WEB = ROOT / "samples" / "a-res-78-228.de.web.txt"
PDF = ROOT / "samples" / "a-res-64-293.de.pdf.txt"
PC = time.perf_counter

TARGET_FLOOR_RATIO = 5.0
TARGET_GROWTH = 1.2
TARGET_STARTUP_S = 0.5
TARGET_JOBS_SPEEDUP = 1.7

STAGES = ["read", "clean", "segment", "recognise", "build", "validate (schema)", "ids + numbering",
          "loss check", "render md", "render html"]

# ---------------------------------------------------------------------------------------------
# Inputs

SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
UNSUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
SUPRUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
OPERATIVE = re.compile(r"^(\d+)\. \*")  # "12. *begrüßt* ..." (web form: the verb is in italics)


def grow(text: str, factor: int) -> tuple[str, int, int]:
    """The web sample with ``factor`` times its operative paragraphs; (text, paragraphs, notes).

    The operative part (paragraph 1 up to the last numbered paragraph, with the footnote blocks
    that stand between its lines) is appended ``factor - 1`` more times before the closing lines.
    Each copy is numbered on (34., 35., ... after 33.). A footnote marker inside a copied paragraph
    gets the next free note number, and its footnote block is copied with it, renumbered, at the
    same place, so every marker has its note and notes stay in order. Footnote blocks in the
    operative part that belong to the preamble (their markers are above paragraph 1) are not
    copied. The masthead, preamble and closing lines appear once."""
    lines = text.split("\n")
    numbered = [(i, int(m.group(1))) for i, line in enumerate(lines) if (m := OPERATIVE.match(line))]
    first = next(i for i, n in numbered if n == 1)
    last_index, paragraphs = numbered[-1]
    end = last_index + 1
    part = lines[first:end]
    markers = sorted({int(s.translate(UNSUP)) for line in part if not SUPRUN.match(line)
                      for s in SUPRUN.findall(line)})
    notes = max(int(m.group(0).translate(UNSUP)) for line in lines if (m := SUPRUN.match(line)))
    out = lines[:end]
    next_note = notes
    for k in range(1, factor):
        renumber = {}
        for old in markers:
            next_note += 1
            renumber[old] = next_note
        for line in part:
            m = SUPRUN.match(line)
            if m:  # a footnote line: "³⁴ Resolution 64/293."
                old = int(m.group(0).translate(UNSUP))
                if old in renumber:
                    out.append(str(renumber[old]).translate(SUP) + line[m.end():])
                continue
            line = re.sub(r"^(\d+)\. ", lambda m: f"{int(m.group(1)) + paragraphs * k}. ", line)
            line = SUPRUN.sub(lambda m: str(renumber[int(m.group(0).translate(UNSUP))]).translate(SUP), line)
            out.append(line)
    out += lines[end:]
    return "\n".join(out), paragraphs * factor, notes + (factor - 1) * len(markers)


CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
import converter
from converter import check
check.schema()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
data = open(sys.argv[1], "rb").read()
t = time.perf_counter()
try:
    doc = converter.convert(data, name=sys.argv[1])
    r = {"ops": len(doc.operative_paragraphs), "notes": len(doc.footnotes), "warnings": len(doc.warnings)}
except Exception as e:
    r = {"error": f"{type(e).__name__}: {' '.join(str(e).split())[:300]}"}
r["seconds"] = time.perf_counter() - t
r["base_kb"] = base
r["peak_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps(r))
"""


def verify(path: Path, ops: int | None, notes: int | None, timeout: float) -> dict:
    """Convert ``path`` in a fresh process: does it convert, with the expected structure? Peak RSS."""
    try:
        p = subprocess.run([sys.executable, "-c", CHILD, str(path), str(ROOT)], capture_output=True,
                           text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"ok": False, "why": f"did not finish within {timeout:g} s"}
    if p.returncode != 0:
        tail = (p.stderr.strip().splitlines() or ["?"])[-1]
        return {"ok": False, "why": f"child exited {p.returncode}: {tail}"}
    r = json.loads(p.stdout.strip().splitlines()[-1])
    r["ok"] = "error" not in r
    if not r["ok"]:
        r["why"] = r["error"]
    elif ops is not None and (r["ops"], r["notes"]) != (ops, notes):
        r["ok"] = False
        r["why"] = (f"converts in {r['seconds']:.1f} s but wrongly: {r['ops']} operative paragraphs and "
                    f"{r['notes']} notes, expected {ops} and {notes}")
    return r


# ---------------------------------------------------------------------------------------------
# In-process timing

def renderer():
    try:
        from converter.render import render
    except Exception as e:  # being written concurrently
        return None, f"converter.render unavailable: {type(e).__name__}: {e}"
    return render, None


def staged(data: bytes, name: str, render) -> tuple[dict[str, float], object]:
    """One pass through the pipeline stage by stage; seconds per stage, and the tree."""
    t: dict[str, float] = {}
    a = PC()
    source = read(data, name=name)
    b = PC(); t["read"] = b - a
    cleaned = clean(source)
    a = PC(); t["clean"] = a - b
    blocks = segment(cleaned)
    b = PC(); t["segment"] = b - a
    resolution = recognise(blocks, cleaned)
    a = PC(); t["recognise"] = a - b
    tree, _ = build(resolution)
    b = PC(); t["build"] = b - a
    errors = check.schema_errors(tree)
    a = PC(); t["validate (schema)"] = a - b
    errors += check.id_errors(tree)
    check.numbering_gaps(tree)
    b = PC(); t["ids + numbering"] = b - a
    lost = check.loss_errors(source.lines, cleaned, tree)
    a = PC(); t["loss check"] = a - b
    if errors or lost:
        raise RuntimeError(f"{name}: staged run found errors: {(errors + lost)[:1]}")
    if render is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            render(tree, to="md")
            b = PC(); t["render md"] = b - a
            render(tree, to="html")
            a = PC(); t["render html"] = a - b
    t["convert (read..build)"] = sum(t[s] for s in ("read", "clean", "segment", "recognise", "build"))
    return t, tree


def floor(xml: bytes, schema: etree.XMLSchema) -> float:
    """Parse the output XML, validate it with the compiled schema, serialise it: seconds."""
    a = PC()
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    tree = etree.fromstring(xml, parser).getroottree()
    if not schema.validate(tree):
        raise RuntimeError("floor: the output does not validate")
    etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    return PC() - a


def measure(data: bytes, name: str, warm: int, reps: int, render) -> dict:
    schema = check.schema()
    for _ in range(warm):
        staged(data, name, render)
        converter.convert(data, name=name)
    runs: dict[str, list[float]] = {}
    xml = None
    for _ in range(reps):  # interleaved, so drift affects every figure alike
        t, tree = staged(data, name, render)
        for k, v in t.items():
            runs.setdefault(k, []).append(v)
        a = PC()
        doc = converter.convert(data, name=name)
        runs.setdefault("convert + validate", []).append(PC() - a)
        xml = xml or doc.to_xml()
        runs.setdefault("floor", []).append(floor(xml, schema))
    return {"bytes": len(data), "xml_bytes": len(xml), "repeats": reps, "warmup": warm,
            "median_s": {k: statistics.median(v) for k, v in runs.items()},
            "min_s": {k: min(v) for k, v in runs.items()}, "runs_s": runs}


# ---------------------------------------------------------------------------------------------
# Fresh processes

def akn_command() -> list[str]:
    exe = Path(sys.executable).parent / "akn"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "converter"]


def wall(cmd: list[str], n: int, **kw) -> dict:
    subprocess.run(cmd, capture_output=True, cwd=ROOT, **kw)  # warm the file (and bytecode) cache, not counted
    times = []
    for _ in range(n):
        a = PC()
        p = subprocess.run(cmd, capture_output=True, cwd=ROOT, **kw)
        times.append(PC() - a)
        if p.returncode != 0:
            return {"error": f"exit {p.returncode}: {p.stderr.decode(errors='replace').strip()[-300:]}"}
    return {"median_s": statistics.median(times), "runs_s": times}


def startup(tmp: Path, n: int) -> dict:
    akn = akn_command()
    py = [sys.executable, "-c"]
    one = akn + ["convert", str(WEB.relative_to(ROOT)), "-o", str(tmp / "out.xml")]
    # An installed package has its bytecode compiled; with PYTHONDONTWRITEBYTECODE set (as in some
    # sandboxes) an editable install recompiles every module in every process. Measure both.
    cached = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cached["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    return {
        "akn convert (one file)": wall(one, n),
        "akn convert, bytecode cached": wall(one, n, env=cached),
        "akn --help": wall(akn + ["--help"], n),
        "python -c pass": wall(py + ["pass"], n),
        "python -c 'import converter'": wall(py + [f"import sys; sys.path.insert(0, {str(ROOT)!r}); import converter"], n),
        "... + check.schema()": wall(py + [f"import sys; sys.path.insert(0, {str(ROOT)!r}); "
                                           "from converter import check; check.schema()"], n),
    }


def batch(tmp: Path, files: int, rounds: int) -> dict:
    akn = akn_command()
    helptext = subprocess.run(akn + ["convert", "--help"], capture_output=True, text=True, cwd=ROOT).stdout
    if "--jobs" not in helptext:
        return {"skipped": "`akn convert` has no --jobs option yet"}
    folder = tmp / "batch-in"
    folder.mkdir()
    for i in range(files):
        shutil.copyfile(WEB if i % 2 == 0 else PDF, folder / f"doc{i:04d}.txt")
    out: dict = {"files": files, "inputs": "copies of the two samples, alternating", "rounds": rounds}
    # rounds alternate --jobs 1 and --jobs 2, and each figure is the median of its rounds: on a
    # shared machine one run can take a third longer for the same work
    runs: dict[int, list[float]] = {1: [], 2: []}
    for k in range(rounds):
        for jobs in (1, 2):
            target = tmp / f"batch-out-{jobs}-{k}"
            a = PC()
            p = subprocess.run(akn + ["convert", str(folder), "-o", str(target), "--jobs", str(jobs)],
                               capture_output=True, text=True, cwd=ROOT)
            seconds = PC() - a
            written = len(list(target.rglob("*.xml"))) if target.exists() else 0
            shutil.rmtree(target, ignore_errors=True)
            if p.returncode != 0 or written != files:
                out[f"jobs {jobs}"] = {"error": f"exit {p.returncode}, {written}/{files} written: "
                                                f"{p.stderr.strip()[-300:]}"}
                return out
            runs[jobs].append(seconds)
    for jobs, seconds in runs.items():
        median = statistics.median(seconds)
        out[f"jobs {jobs}"] = {"seconds": median, "files_per_s": files / median, "runs_s": seconds}
    if all("files_per_s" in out.get(f"jobs {j}", {}) for j in (1, 2)):
        # each round runs --jobs 1 and --jobs 2 back to back, under the same conditions: the median
        # of the rounds' ratios is the speed-up; the ratio of the two medians mixes rounds taken
        # minutes apart, on a machine whose speed drifts by a third (shown too)
        out["speedup_rounds"] = [one / two for one, two in zip(runs[1], runs[2])]
        out["speedup"] = statistics.median(out["speedup_rounds"])
        out["speedup_of_medians"] = out["jobs 2"]["files_per_s"] / out["jobs 1"]["files_per_s"]
    return out


# ---------------------------------------------------------------------------------------------
# Pathological inputs: one operative paragraph made of a pattern repeated, at two sizes. Every
# pattern once made some stage quadratic (a search from each "[", a scan of all marks per new
# mark, len() of an element per child, copying a paragraph per joined line, ...).

PATHOLOGICAL = {
    "brackets": "[",
    "links": "[a](",
    "Markdown mix": "[a*b_(c)](",
    "escapes": "\\[",
    "paragraph refs": "Ziffer 1 und ",
    "treaty refs": "Treaty Series, Bd. 1, ",
    "resolutions": "Resolution 1/2, ",
    "split words": "Wort-\n",
    "footnote markers": "Erklärung¹ ",
    "paragraphs numbered alike": "x;\n\n1. beschließt ",
    "items lettered alike": "x:\n\n- a) ",
}
TARGET_PATHOLOGICAL_GROWTH = 1.5


def pathological_text(unit: str, size: int) -> str:
    body = unit * (size // len(unit))
    return ("Generalversammlung\n\n78/1. Titel\n\nDie Generalversammlung,\n\nunter Hinweis¹,\n\n"
            f"1. {body};\n\n¹ Fußnote.\n")


def pathological(sizes: tuple[int, int]) -> dict:
    """Seconds to convert, validate and render (md, html) each pattern at both sizes, and the growth
    of time per KB from the smaller to the larger (1.0 = linear)."""
    out: dict = {"sizes": list(sizes)}
    for name, unit in PATHOLOGICAL.items():
        times = []
        for size in sizes:
            text = pathological_text(unit, size)
            a = PC()
            try:
                doc = converter.convert(text)
                doc.to_markdown()
                doc.to_html()
            except converter.ConversionError as e:
                out[name] = {"error": str(e)[:200]}
                break
            times.append(PC() - a)
        else:
            out[name] = {"seconds": times, "growth": (times[1] / sizes[1]) / (times[0] / sizes[0])}
    return out


# ---------------------------------------------------------------------------------------------
# Report

def machine() -> dict:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    dirty = bool(subprocess.run(["git", "status", "--porcelain", "converter"], capture_output=True, text=True,
                                cwd=ROOT).stdout.strip())
    return {"nproc": os.cpu_count(), "cpu": model, "python": platform.python_version(),
            "lxml": ".".join(map(str, etree.LXML_VERSION)), "libxml2": ".".join(map(str, etree.LIBXML_VERSION)),
            "platform": platform.platform(), "commit": commit + ("+dirty converter/" if dirty else ""),
            "date": time.strftime("%Y-%m-%d %H:%M"), "busy_before_start": busy_before_start()}


def cpu_times() -> list[int] | None:
    """The aggregate line of /proc/stat: user nice system idle iowait irq softirq steal ..."""
    try:
        return [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return None


def busy_before_start(seconds: float = 1.0) -> float | None:
    """Fraction of all CPUs busy (or stolen by the hypervisor) while we sit idle: other load."""
    a = cpu_times()
    time.sleep(seconds)
    b = cpu_times()
    if a is None or b is None:
        return None
    d = [y - x for x, y in zip(a, b)]
    total = sum(d[:8]) or 1
    return 1 - (d[3] + d[4]) / total


def status(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "MISSED")


def report(r: dict) -> str:
    m = r["machine"]
    out = [f"akn-converter benchmark{' (--quick)' if r['quick'] else ''}: {m['nproc']} CPUs, {m['cpu']}, "
           f"Python {m['python']}, lxml {m['lxml']} (libxml2 {m['libxml2']}), commit {m['commit']}, {m['date']}", ""]
    busy, steal, other = m.get("busy_before_start"), r.get("steal_fraction"), r.get("other_load_fraction")
    if other is not None and other > 0.05:
        out.insert(1, f"WARNING: other processes used {other:.0%} of the CPUs during the run; figures are inflated")
    if busy is not None and busy > 0.1:
        out.insert(1, f"WARNING: {busy:.0%} of the CPUs were busy with other work before the start; figures are inflated")
    if steal is not None and steal > 0.02:
        out.insert(1, f"WARNING: the hypervisor stole {steal:.0%} of CPU time during the run; figures are noisy")
    inputs = r["inputs"]
    out.append("inputs (verified in a fresh process: converts without error, expected paragraphs/notes):")
    for name, i in inputs.items():
        v = i["verify"]
        state = "ok" if v["ok"] else f"NOT TIMED: {v['why']}"
        peak = (f"; {v['seconds']:.2f} s, peak RSS {v['peak_kb'] / 1024:.0f} MB "
                f"({v['base_kb'] / 1024:.0f} MB after import + schema)") if "peak_kb" in v and v["ok"] else ""
        out.append(f"  {name:<8} {i['bytes'] / 1000:7.1f} KB  {i['desc']}: {state}{peak}")
    out.append("")
    timed = [n for n, i in inputs.items() if "timing" in i]
    w = 17
    out.append(f"{'ms per document (input MB/s)':<34}" + "".join(f"{n:>{w}}" for n in timed))
    rows = STAGES + ["convert (read..build)", "convert + validate", "floor", ]
    for row in rows:
        label = {"convert + validate": "convert + validate (convert())",
                 "floor": "floor (parse+validate+serialise)"}.get(row, "  " + row if row in STAGES else row)
        cells = []
        for n in timed:
            t = inputs[n]["timing"]
            s = t["median_s"].get(row)
            cells.append(f"{'skipped':>{w}}" if s is None else
                         f"{s * 1000:>{w - 8}.1f} ({t['bytes'] / s / 1e6:5.3g})")
        out.append(f"{label:<34}" + "".join(cells))
    out.append(f"{'ratio convert+validate / floor':<34}" + "".join(
        f"{inputs[n]['ratio']:>{w - 1}.1f}x" for n in timed))
    # the best runs: on a shared machine the median carries its neighbours' bursts
    out.append(f"{'  same, best run of each':<34}" + "".join(
        f"{inputs[n]['timing']['min_s']['convert + validate'] / inputs[n]['timing']['min_s']['floor']:>{w - 1}.1f}x"
        for n in timed))
    if r.get("render_note"):
        out.append(f"  (render: {r['render_note']})")
    out.append("")
    grown = [n for n in timed if "growth" in inputs[n]]
    if grown:
        out.append(f"{'growth: time/KB vs web 1x (1.0 = linear)':<44}" + "".join(f"{n:>10}" for n in grown))
        for row in rows[:-1]:
            if row not in inputs["web"]["timing"]["median_s"]:
                continue
            label = "  " + row if row in STAGES else row
            out.append(f"{label:<44}" + "".join(f"{inputs[n]['growth'].get(row, float('nan')):>10.2f}" for n in grown))
        out.append("")
    s = r["startup"]
    pa = r.get("pathological")
    if pa:
        small, large = (f"{n // 1000} KB" for n in pa["sizes"])
        out.append(f"pathological inputs (one paragraph of a repeated pattern), convert + validate + render md "
                   f"and html, s at {small} / {large}, growth of time per KB:")
        for name in PATHOLOGICAL:
            v = pa.get(name, {})
            out.append(f"  {name:<20}" + (f"{v['seconds'][0]:7.2f} {v['seconds'][1]:7.2f}   {v['growth']:.2f}"
                                          if "growth" in v else v.get("error", "?")))
        out.append("")
    out.append(f"start-up, wall time of a fresh process (median of {r['startup_runs']}):")
    for k, v in s.items():
        out.append(f"  {k:<34}" + (f"{v['median_s']:.3f} s" if "median_s" in v else v.get("error", "?")))
    out.append("")
    b = r["batch"]
    if "skipped" in b:
        out.append(f"batch: skipped ({b['skipped']})")
    else:
        out.append(f"batch: {b['files']} files ({b['inputs']}), akn convert DIR -o OUT --jobs N, "
                   f"median of {b.get('rounds', 1)} alternating rounds:")
        for j in (1, 2):
            v = b.get(f"jobs {j}", {"error": "not run"})
            out.append(f"  --jobs {j}: " + (f"{v['files_per_s']:.1f} files/s ({v['seconds']:.1f} s; rounds: "
                                            + ", ".join(f"{x:.1f}" for x in v.get("runs_s", [])) + " s)"
                                            if "files_per_s" in v else v["error"]))
        if "speedup_rounds" in b:
            out.append("  --jobs 2 / --jobs 1, round by round: " + ", ".join(f"{x:.2f}x" for x in b["speedup_rounds"])
                       + f"; median {b['speedup']:.2f}x (ratio of the medians above: {b['speedup_of_medians']:.2f}x)")
    out.append("")
    out.append(f"{'target':<52}{'value':>12}{'goal':>10}  status")
    for t in r["targets"]:
        out.append(f"{t['name']:<52}{t['value']:>12}{t['goal']:>10}  {status(t['met'])}"
                   + (f"  ({t['note']})" if t.get("note") else ""))
    return "\n".join(out)


def targets(r: dict) -> list[dict]:
    res = []
    inputs = r["inputs"]
    for n in ("web", "pdf"):
        ratio = inputs[n].get("ratio")
        res.append({"name": f"convert+validate within {TARGET_FLOOR_RATIO:g}x the floor ({n})",
                    "value": "-" if ratio is None else f"{ratio:.1f}x", "goal": f"<= {TARGET_FLOOR_RATIO:g}x",
                    "met": None if ratio is None else ratio <= TARGET_FLOOR_RATIO})
    big = inputs.get("web×100", {})
    g = big.get("growth", {}).get("convert + validate")
    note = None if g is not None else f"100x input not timed: {big.get('verify', {}).get('why', 'not run')}"
    if g is None:
        fallback = next((f"{n}: {inputs[n]['growth']['convert + validate']:.2f}" for n in ("web×30", "web×10")
                         if "growth" in inputs.get(n, {})), None)
        if fallback:
            note += f"; largest timed input {fallback}"
    res.append({"name": "growth at 100x (convert+validate, time/KB vs 1x)", "value": "-" if g is None else f"{g:.2f}",
                "goal": f"<= {TARGET_GROWTH:g}", "met": False if g is None else g <= TARGET_GROWTH, "note": note})
    s = r["startup"]["akn convert (one file)"].get("median_s")
    c = r["startup"]["akn convert, bytecode cached"].get("median_s")
    note = None
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        note = "PYTHONDONTWRITEBYTECODE is set: no .pyc" + (f"; with a bytecode cache {c:.3f} s" if c else "")
    res.append({"name": "fresh `akn convert` of the web sample, wall", "value": "-" if s is None else f"{s:.3f} s",
                "goal": f"< {TARGET_STARTUP_S:g} s", "met": None if s is None else s < TARGET_STARTUP_S,
                "note": note})
    pa = r.get("pathological", {})
    worst = max(((v["growth"], n) for n, v in pa.items() if isinstance(v, dict) and "growth" in v), default=None)
    failed = [n for n, v in pa.items() if isinstance(v, dict) and "error" in v]
    res.append({"name": "pathological inputs: worst growth (time/KB, 4x size)",
                "value": "-" if worst is None else f"{worst[0]:.2f}", "goal": f"<= {TARGET_PATHOLOGICAL_GROWTH:g}",
                "met": None if worst is None else worst[0] <= TARGET_PATHOLOGICAL_GROWTH and not failed,
                "note": (f"worst: {worst[1]}" if worst else None) if not failed else f"failed: {', '.join(failed)}"})
    sp = r["batch"].get("speedup")
    note = r["batch"].get("skipped")
    if sp is None and not note:
        note = "a batch run failed"
    if sp is not None and (r["machine"]["nproc"] or 1) < 2:
        note = "fewer than 2 CPUs"
    res.append({"name": "--jobs 2 files/s vs --jobs 1 (median of rounds)", "value": "-" if sp is None else f"{sp:.2f}x",
                "goal": f">= {TARGET_JOBS_SPEEDUP:g}x", "met": None if sp is None else sp >= TARGET_JOBS_SPEEDUP,
                "note": note})
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats and a smaller batch: a smoke run (< ~60 s)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json", help="where to write the JSON results")
    ap.add_argument("--files", type=int, default=None, help="batch size (default 500, --quick 60)")
    ap.add_argument("--timeout", type=float, default=None,
                    help="seconds allowed for verifying one input in a child process (default 120, --quick 10)")
    args = ap.parse_args()
    quick = args.quick
    timeout = args.timeout or (10.0 if quick else 120.0)
    files = args.files or (60 if quick else 500)
    # (warm-up runs, timed runs) by input size; in --quick the big inputs get no warm-up of their
    # own: the small ones before them have already warmed every code path and cache
    # many repeats of the small inputs: they are the baseline of every growth figure, and a
    # shared machine's bursts last seconds
    plan = {"small": (1, 5) if quick else (3, 41), "medium": (1, 3) if quick else (1, 9),
            "large": (0, 2) if quick else (1, 3)}

    started = PC()
    cpu_start = cpu_times()
    render, render_note = renderer()
    r: dict = {"quick": quick, "machine": machine(), "render_note": render_note, "inputs": {}}
    web_text = WEB.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="akn-bench-") as tmpname:
        tmp = Path(tmpname)
        specs = [("web", WEB.read_bytes(), WEB.name, None, None, "small"),
                 ("pdf", PDF.read_bytes(), PDF.name, None, None, "small")]
        for factor, size in ((10, "medium"), (30, "large"), (100, "large")):
            text, ops, notes = grow(web_text, factor)
            specs.append((f"web×{factor}", text.encode("utf-8"), f"web x{factor}", ops, notes, size))
        for name, data, desc, ops, notes, size in specs:
            path = tmp / f"{name}.txt"
            path.write_bytes(data)
            if ops is not None:
                desc = f"{desc}: {ops} operative paragraphs, {notes} notes"
            print(f"verifying {name} ...", file=sys.stderr, flush=True)
            v = verify(path, ops, notes, timeout)
            if ops is None and v["ok"]:
                desc = f"{desc}: {v['ops']} operative paragraphs, {v['notes']} notes"
            entry = {"bytes": len(data), "desc": desc, "verify": v}
            r["inputs"][name] = entry
            if v["ok"]:
                print(f"timing {name} ...", file=sys.stderr, flush=True)
                warm, reps = plan[size]
                entry["timing"] = measure(data, name, warm, reps, render)
                med = entry["timing"]["median_s"]
                entry["ratio"] = med["convert + validate"] / med["floor"]
        base = r["inputs"]["web"].get("timing")
        for name, entry in r["inputs"].items():
            if base and name.startswith("web×") and "timing" in entry:
                t = entry["timing"]
                entry["growth"] = {k: (s / t["bytes"]) / (base["median_s"][k] / base["bytes"])
                                   for k, s in t["median_s"].items() if k in base["median_s"]}
        print("pathological inputs ...", file=sys.stderr, flush=True)
        r["pathological"] = pathological((50_000, 200_000) if quick else (100_000, 400_000))
        print("start-up ...", file=sys.stderr, flush=True)
        r["startup_runs"] = 3 if quick else 7
        r["startup"] = startup(tmp, r["startup_runs"])
        print(f"batch of {files} ...", file=sys.stderr, flush=True)
        r["batch"] = batch(tmp, files, 1 if quick else 5)
    cpu_end = cpu_times()
    if cpu_start and cpu_end and len(cpu_start) > 7:
        # CPU time of the whole machine less our own (this process and its children): other load
        d = [y - x for x, y in zip(cpu_start, cpu_end)]
        tick = os.sysconf("SC_CLK_TCK")
        total = sum(d[:8]) / tick
        busy = total - (d[3] + d[4]) / tick
        me = sum(getattr(resource.getrusage(w), f) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
                 for f in ("ru_utime", "ru_stime"))
        r["other_load_fraction"] = max(0.0, busy - me) / (total or 1)
        r["steal_fraction"] = d[7] / tick / (total or 1)
    r["targets"] = targets(r)
    r["bench_seconds"] = PC() - started
    text = report(r)
    print(text)
    print(f"\n(bench took {r['bench_seconds']:.0f} s; results in {args.out})")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(r, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
