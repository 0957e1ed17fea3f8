#!/usr/bin/env python
"""Instructions per stage, counted by valgrind's callgrind: a figure that does not drift.

    .venv/bin/python bench/icount.py              # both samples, 5 runs of each stage
    .venv/bin/python bench/icount.py --runs 3 --inputs web

Wall time on a shared 2-core VM drifts by a third from minute to minute, which hides a change
of a few per cent; the number of instructions executed does not drift (the same binary, input
and environment give the same count, whatever else the machine is doing). It is not time
(libxml2's C code runs more instructions per cycle than the interpreter), so the benchmark's
figures stay those of ``bench/run.py``; this is the scale to compare two versions of the code.

How: the child (``--child``) runs each stage ``--runs`` times on prepared copies of its input,
and calls ``os.getpid()`` between stages; callgrind is started with ``--dump-before=getpid``,
so each stretch between two calls is written to a file of its own, in order.
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INPUTS = {"web": ROOT / "samples" / "a-res-78-228.de.web.txt", "pdf": ROOT / "samples" / "a-res-64-293.de.pdf.txt"}
STAGES = ["read", "clean", "segment", "recognise", "build", "validate", "ids + numbering", "loss check",
          "convert()", "floor", "render md", "render html"]


def child(names: list[str], runs: int, labels: Path) -> None:
    sys.path.insert(0, str(ROOT))
    import warnings

    from lxml import etree

    import converter
    from converter import check
    from converter.build import build
    from converter.clean import clean
    from converter.read import read
    from converter.recognise import recognise
    from converter.render import render
    from converter.segment import segment

    schema = check.schema()  # compiled before anything is counted
    warnings.simplefilter("ignore")
    order: list[str] = []

    def measure(label: str, fn, args: list) -> None:
        fn(*copy.deepcopy(args[0]))  # warm-up: caches, lazy imports, compiled patterns
        os.getpid()
        for a in args[1:]:
            fn(*a)
        os.getpid()
        order.append(label)

    def floor(xml: bytes) -> None:
        parser = etree.XMLParser(no_network=True, resolve_entities=False)
        tree = etree.fromstring(xml, parser).getroottree()
        schema.validate(tree)
        etree.tostring(tree, xml_declaration=True, encoding="UTF-8")

    for name in names:
        data = INPUTS[name].read_bytes()
        source = read(data)
        cleaned = clean(source)
        blocks = segment(cleaned)
        res = recognise(copy.deepcopy(blocks), copy.deepcopy(cleaned))
        tree, _ = build(res)
        xml = converter.convert(data).to_xml()

        def copies(*args):
            return [copy.deepcopy(args) for _ in range(runs + 1)]

        def checks_ids(t):
            check.id_errors(t)
            check.numbering_gaps(t)

        measure(f"{name} read", read, [(data,)] * (runs + 1))
        measure(f"{name} clean", clean, copies(source))
        measure(f"{name} segment", segment, copies(cleaned))
        measure(f"{name} recognise", recognise, copies(blocks, cleaned))
        measure(f"{name} build", build, copies(res))
        measure(f"{name} validate", check.schema_errors, [(tree,)] * (runs + 1))
        measure(f"{name} ids + numbering", checks_ids, [(tree,)] * (runs + 1))
        measure(f"{name} loss check", check.loss_errors, [(source.lines, cleaned, tree)] * (runs + 1))
        measure(f"{name} convert()", converter.convert, [(data,)] * (runs + 1))
        measure(f"{name} floor", floor, [(xml,)] * (runs + 1))
        measure(f"{name} render md", lambda t: render(t, to="md"), [(tree,)] * (runs + 1))
        measure(f"{name} render html", lambda t: render(t, to="html"), [(tree,)] * (runs + 1))
    labels.write_text(json.dumps(order))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--inputs", default="web,pdf", help="comma-separated: web, pdf")
    ap.add_argument("--json", type=Path, help="write the counts here as JSON")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--labels", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    names = [n.strip() for n in args.inputs.split(",") if n.strip()]
    if args.child:
        child(names, args.runs, args.labels)
        return 0
    if not shutil.which("valgrind"):
        print("valgrind not found (apt-get install valgrind)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cg.out"
        labels = Path(tmp) / "labels.json"
        cmd = ["valgrind", "--tool=callgrind", "--dump-before=getpid", f"--callgrind-out-file={out}",
               sys.executable, __file__, "--child", "--runs", str(args.runs), "--inputs", ",".join(names),
               "--labels", str(labels)]
        # a fixed hash seed: set and dict orders, and so the count, are the same from run to run
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        p = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if p.returncode != 0 or not labels.exists():
            print(p.stderr[-3000:], file=sys.stderr)
            return 1
        order = json.loads(labels.read_text())
        dumps = sorted(Path(tmp).glob("cg.out.*"), key=lambda f: int(f.suffix[1:]))
        totals = []
        for f in dumps:
            m = re.search(r"^totals:\s*(\d+)", f.read_text(errors="replace"), re.M)
            totals.append(int(m.group(1)) if m else 0)
    # dump k (1-based) holds what ran since the dump before, up to the k-th getpid: dump 1 is the
    # start-up, then each stage has two: its runs (between its two calls), then the preparation
    # and warm-up of the next stage
    counts: dict[str, float] = {}
    for k, label in enumerate(order):
        i = 1 + 2 * k
        counts[label] = totals[i] / args.runs if i < len(totals) else float("nan")
    width = max(len(s) for s in STAGES)
    print(f"instructions per run, millions (callgrind, {args.runs} runs of each stage)")
    print(f"{'stage':{width}}  " + "  ".join(f"{n:>8}" for n in names))
    for stage in STAGES:
        print(f"{stage:{width}}  " + "  ".join(f"{counts.get(f'{n} {stage}', float('nan')) / 1e6:8.2f}" for n in names))
    for n in names:
        c, fl = counts.get(f"{n} convert()"), counts.get(f"{n} floor")
        if c and fl:
            print(f"{n}: convert() / floor = {c / fl:.2f} (instructions, not time)")
    if args.json:
        args.json.write_text(json.dumps(counts, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
