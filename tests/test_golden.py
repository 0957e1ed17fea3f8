"""Golden files: each sample converts to exactly the XML, Markdown and HTML in tests/golden/.

The files are written by ``tools/regen_golden.py``. A failure shows the start of the diff; when the
change is intended, review it and regenerate with ``python tools/regen_golden.py``.
"""
from __future__ import annotations

import difflib
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
MAX_DIFF_LINES = 40


def _load_regen():
    spec = importlib.util.spec_from_file_location("regen_golden", ROOT / "tools" / "regen_golden.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


regen = _load_regen()
SAMPLES = regen.samples()
FORMATS = ("xml", "md", "html")


@pytest.fixture(scope="module")
def fresh():
    """The outputs of every sample, converted once for all the tests of this module."""
    return {sample.name: regen.outputs(sample) for sample in SAMPLES}


def short_diff(expected: bytes, actual: bytes, name: str) -> str:
    lines = list(difflib.unified_diff(
        expected.decode("utf-8", "replace").splitlines(), actual.decode("utf-8", "replace").splitlines(),
        fromfile=f"tests/golden/{name}", tofile=f"{name} (now)", lineterm="", n=2))
    more = f"\n… {len(lines) - MAX_DIFF_LINES} more diff lines" if len(lines) > MAX_DIFF_LINES else ""
    return "\n".join(lines[:MAX_DIFF_LINES]) + more


def test_every_sample_has_its_golden_files():
    assert SAMPLES
    expected = {f"{s.name[:-len('.txt')]}.{fmt}" for s in SAMPLES for fmt in FORMATS}
    missing = sorted(n for n in expected if not (GOLDEN / n).is_file())
    assert not missing, f"missing golden files {missing}; run `python tools/regen_golden.py`"
    stale = sorted(p.name for p in GOLDEN.iterdir() if p.name not in expected)
    assert not stale, f"golden files without a sample: {stale}"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("sample", SAMPLES, ids=[s.name for s in SAMPLES])
def test_output_matches_golden_file(fresh, sample: Path, fmt: str):
    name = f"{sample.name[:-len('.txt')]}.{fmt}"
    path = GOLDEN / name
    if not path.is_file():
        pytest.fail(f"missing golden file tests/golden/{name}; run `python tools/regen_golden.py`")
    expected, actual = path.read_bytes(), fresh[sample.name][name]
    if actual != expected:
        diff = short_diff(expected, actual, name)
        if not diff:  # same lines, different bytes: line ends or a final newline
            diff = f"(no line differs; {len(expected)} bytes expected, {len(actual)} now: line ends?)"
        pytest.fail(f"{name} differs from its golden file:\n{diff}\n\n"
                    "If the change is intended, review it and run `python tools/regen_golden.py`.",
                    pytrace=False)


def test_short_diff_is_short():
    a = "".join(f"line {i}\n" for i in range(200)).encode()
    b = "".join(f"line {i} changed\n" for i in range(200)).encode()
    diff = short_diff(a, b, "x.md")
    assert diff.count("\n") == MAX_DIFF_LINES
    assert diff.startswith("--- tests/golden/x.md") and "more diff lines" in diff
