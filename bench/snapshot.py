#!/usr/bin/env python
"""Output fingerprints of a fixed corpus: proof that a speed change changed no output.

    .venv/bin/python bench/snapshot.py save  before.json     # on the old code
    .venv/bin/python bench/snapshot.py check before.json     # on the new code: exit 1 on any difference

For every document of the corpus it records a digest of what the converter gives: the XML,
the warnings, the Markdown and the HTML, or the error message when it refuses the input. The
corpus is deterministic (seeded), ~1,700 documents:

- the samples, the reference inputs (``../shared/reference``), the test inputs (``tests/data``),
  and the web sample grown to 3x and 10x its operative paragraphs (``bench/run.py: grow``);
- 20 damaged copies of each (lines dropped, doubled, swapped, joined, split, cut short,
  indented; characters inserted), seeded;
- 1,500 documents drawn from the property tests' strategies (``tests/test_properties.py``) by
  hypothesis with a fixed seed (skipped, with a note, where hypothesis is not installed).

The generated documents are saved with the fingerprints and ``check`` converts the saved texts:
hypothesis draws the same texts only as long as the strategies, hypothesis itself and what it
has seen in the process stay the same (drawn from another script, 35 of 1,500 differed).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

REFERENCE = ROOT.parent / "shared" / "reference"
DAMAGED_PER_INPUT = 20
GENERATED = 1500
NOISE = ["¹", "²³", "-", "*", "[", "](#)", "\\", "  ", "\t", ";", ".", "1.", "a)", "_____", "Ziffer 3 ",
         "Resolution 64/293 vom 30. Juli 2010", "&", "<", "ä", "\u00ad", "\ue000"]


def base_inputs() -> dict[str, str]:
    from run import grow  # bench/run.py

    paths = sorted((ROOT / "samples").glob("*.txt")) + sorted((ROOT / "tests" / "data").glob("*.txt"))
    if REFERENCE.is_dir():
        paths += sorted(REFERENCE.glob("*.txt"))
    docs = {p.name: p.read_text(encoding="utf-8") for p in paths}
    web = docs["a-res-78-228.de.web.txt"]
    for factor in (3, 10):
        docs[f"web x{factor}"] = grow(web, factor)[0]
    return docs


def damaged(name: str, text: str, k: int) -> str:
    rnd = random.Random(f"{name}/{k}")
    lines = text.split("\n")
    for _ in range(rnd.randint(1, 4)):
        if not lines:
            break
        i = rnd.randrange(len(lines))
        op = rnd.choice(["drop", "double", "swap", "join", "split", "cut", "indent", "noise"])
        if op == "drop":
            del lines[i]
        elif op == "double":
            lines.insert(i, lines[i])
        elif op == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif op == "join" and i + 1 < len(lines):
            lines[i:i + 2] = [lines[i] + " " + lines[i + 1]]
        elif op == "split" and " " in lines[i]:
            spaces = [j for j, c in enumerate(lines[i]) if c == " "]
            j = rnd.choice(spaces)
            lines[i:i + 1] = [lines[i][:j], lines[i][j + 1:]]
        elif op == "cut":
            lines = lines[: max(1, i)]
        elif op == "indent":
            lines[i] = "   " + lines[i]
        else:
            j = rnd.randint(0, len(lines[i]))
            lines[i] = lines[i][:j] + rnd.choice(NOISE) + lines[i][j:]
    return "\n".join(lines)


def generated(n: int) -> list[str]:
    try:
        from hypothesis import HealthCheck, Phase, given, settings
        sys.path.insert(0, str(ROOT / "tests"))
        import test_properties as tp
    except ImportError as e:
        print(f"note: no generated documents ({e})", file=sys.stderr)
        return []
    out: list[str] = []
    for strategy, count in ((tp.document, n // 2), (tp.resolution_like, n - n // 2)):
        @settings(max_examples=count, derandomize=True, database=None, phases=[Phase.generate],
                  deadline=None, suppress_health_check=list(HealthCheck))
        @given(strategy)
        def collect(text):
            out.append(text)
        collect()
    return out


def corpus(saved_generated: list[str] | None = None) -> dict[str, str]:
    """The corpus; ``saved_generated``, when given, stands for the documents hypothesis draws."""
    docs = base_inputs()
    for name, text in list(docs.items()):
        for k in range(DAMAGED_PER_INPUT):
            docs[f"{name} damaged {k}"] = damaged(name, text, k)
    drawn = generated(GENERATED) if saved_generated is None else saved_generated
    for k, text in enumerate(drawn):
        docs[f"generated {k}"] = text
    return docs


def fingerprint(text: str) -> str:
    import converter

    h = hashlib.sha256()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            doc = converter.convert(text)
            h.update(doc.to_xml())
            h.update("\n".join(str(w) for w in doc.warnings).encode())
            h.update(doc.to_markdown().encode())
            h.update(doc.to_html().encode())
    except converter.ConversionError as e:
        h.update(f"error: {e}".encode())
    return h.hexdigest()[:16]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mode", choices=["save", "check"])
    ap.add_argument("file", type=Path)
    args = ap.parse_args()
    saved = json.loads(args.file.read_text(encoding="utf-8")) if args.mode == "check" else {}
    docs = corpus(saved.get("generated"))
    prints = {name: fingerprint(text) for name, text in docs.items()}
    if args.mode == "save":
        drawn = [text for name, text in docs.items() if name.startswith("generated ")]
        args.file.write_text(json.dumps({"fingerprints": prints, "generated": drawn}, indent=0,
                                        ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{len(prints)} documents fingerprinted into {args.file}")
        return 0
    old = saved.get("fingerprints")
    if old is None:
        print(f"{args.file}: no fingerprints (saved by an older snapshot.py? save it again)", file=sys.stderr)
        return 2
    differ = [n for n in prints if old.get(n) != prints[n]]
    gone = [n for n in old if n not in prints]
    for n in differ[:20]:
        print(f"differs: {n}")
    for n in gone[:20]:
        print(f"not in the corpus now: {n}")
    print(f"{len(prints)} documents, {len(differ)} differ, {len(gone)} missing")
    return 1 if differ or gone else 0


if __name__ == "__main__":
    sys.exit(main())
