"""Regenerate the golden outputs in tests/golden/ from the bundled samples.

    python tools/regen_golden.py            # rewrite every golden file that changed
    python tools/regen_golden.py --check    # only report which files differ (exit 1 if any)

For each ``samples/<stem>.txt`` it writes ``tests/golden/<stem>.xml`` (``Document.to_xml()``),
``<stem>.md`` (``to_markdown()``) and ``<stem>.html`` (``to_html()``), UTF-8, byte for byte.
``tests/test_golden.py`` compares fresh conversions with these files; when it fails after an
intended change of the converter, review the diff (``git diff tests/golden``) and run this script.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLDEN = ROOT / "tests" / "golden"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def samples() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt"))


def outputs(sample: Path) -> dict[str, bytes]:
    """The golden files of one sample: file name -> exact bytes."""
    from converter import convert
    doc = convert(sample.read_bytes(), name=sample.name)
    stem = sample.name[:-len(".txt")]
    return {
        f"{stem}.xml": doc.to_xml(),
        f"{stem}.md": doc.to_markdown().encode("utf-8"),
        f"{stem}.html": doc.to_html().encode("utf-8"),
    }


def main(argv: list[str]) -> int:
    check = "--check" in argv
    GOLDEN.mkdir(parents=True, exist_ok=True)
    changed = 0
    for sample in samples():
        for name, data in outputs(sample).items():
            path = GOLDEN / name
            if path.is_file() and path.read_bytes() == data:
                continue
            changed += 1
            print(f"{'differs' if check else 'wrote'}: {path.relative_to(ROOT)}")
            if not check:
                path.write_bytes(data)
    if not changed:
        print("golden files are up to date")
    return 1 if check and changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
