"""Round trip: text -> AKN -> Markdown -> AKN keeps the structure of the first conversion.

``Document.to_markdown()`` writes the web form of the input, so converting that Markdown again must
give the same resolution: the same paragraphs, numbers, key phrases, items, notes, texts and metadata.
Checked for both samples and for the reference inputs in ``../shared/reference`` (skipped when
that folder is missing).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from converter import convert
from converter.model import Annex, Item, Resolution, Section, Text

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"  # ../shared beside the checkout
REFERENCE_INPUTS = ("a-res-80-4.de.web.txt", "a-res-80-4.de.pdf.txt",
                    "s-res-2700-2023.de.web.txt", "s-res-2700-2023.de.pdf.txt")


# --- the structure summary -----------------------------------------------------------------------------

def _text(t: Text | None) -> dict | None:
    if t is None:
        return None
    return {"text": t.text, "notes": [n.marker for n in sorted(t.notes, key=lambda n: n.offset)]}


def _items(items: list[Item]) -> list[dict]:
    return [{"num": i.num, "text": _text(i.text), "items": _items(i.items)} for i in items]


def _paragraph(p) -> dict:
    return {"num": p.num, "text": _text(p.text), "items": _items(p.items)}


def _body(parts) -> list[dict]:
    out = []
    for part in parts:
        if isinstance(part, Section):
            out.append({"section": part.num, "heading": _text(part.heading),
                        "paragraphs": [_paragraph(p) for p in part.paragraphs]})
        else:
            out.append(_paragraph(part))
    return out


def _annex(a: Annex) -> dict:
    return {"label": _text(a.label), "title": _text(a.title),
            "intro": [_text(t) for t in a.intro], "body": _body(a.body)}


def _count_items(items: list[Item]) -> int:
    return sum(1 + _count_items(i.items) for i in items)


def _all_texts(r: Resolution):
    """Every Text of the resolution in document order (the footnote texts excluded)."""
    def walk_items(items):
        for i in items:
            yield i.text
            yield from walk_items(i.items)

    def walk_body(parts):
        for part in parts:
            if isinstance(part, Section):
                yield part.heading
                for p in part.paragraphs:
                    yield p.text
                    yield from walk_items(p.items)
            else:
                yield part.text
                yield from walk_items(part.items)

    for p in r.preamble:
        yield p.text
        yield from walk_items(p.items)
    yield from walk_body(r.body)
    for a in r.annexes:
        yield a.label
        if a.title is not None:
            yield a.title
        yield from a.intro
        yield from walk_body(a.body)


def summary(r: Resolution) -> dict:
    """What a round trip must keep, as plain data (so that a failure shows a readable diff)."""
    annex_paragraphs = [p for a in r.annexes for p in _flat(a.body)]
    operative = r.operative_paragraphs()
    m = r.metadata
    return {
        "metadata": {"number": m.number, "session": m.session, "adopted": m.adopted, "issued": m.issued},
        "counts": {
            "preamble": len(r.preamble),
            "operative": len(operative),
            "annexes": len(r.annexes),
            "annex paragraphs": len(annex_paragraphs),
            "items": sum(_count_items(p.items) for p in [*r.preamble, *operative, *annex_paragraphs]),
            "notes": len(r.footnotes),
        },
        "nums": [p.num for p in operative],
        "annex nums": [p.num for p in annex_paragraphs],
        "key phrases": [p.key_phrase for p in r.preamble],
        "note markers": [n.marker for t in _all_texts(r) for n in sorted(t.notes, key=lambda n: n.offset)],
        "preamble": [{"key_phrase": p.key_phrase, "text": _text(p.text), "items": _items(p.items)}
                     for p in r.preamble],
        "body": _body(r.body),
        "annex": [_annex(a) for a in r.annexes],
        "footnotes": {k: f.text.text for k, f in r.footnotes.items()},
    }


def _flat(parts):
    for part in parts:
        if isinstance(part, Section):
            yield from part.paragraphs
        else:
            yield part


def assert_same_structure(first: dict, second: dict) -> None:
    """Compare key by key, the coarse keys first: the first difference names what broke."""
    assert list(first) == list(second)
    for key in first:
        if key in ("preamble", "body", "annex"):
            a, b = first[key], second[key]
            assert len(a) == len(b), f"{key}: {len(a)} parts before the round trip, {len(b)} after"
            for n, (x, y) in enumerate(zip(a, b)):
                assert x == y, f"{key}[{n}] differs after the round trip"
        else:
            assert first[key] == second[key], f"{key} differs after the round trip"


def round_trip(text: str | bytes, name: str) -> tuple[dict, dict, str]:
    first = convert(text, name=name)
    md = first.to_markdown()
    second = convert(md, name=f"{name} (as Markdown)")
    return summary(first.resolution), summary(second.resolution), md


# --- the tests -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_sample_round_trip_keeps_the_structure(path: Path):
    first, second, _ = round_trip(path.read_bytes(), path.name)
    assert first["counts"]["preamble"] and first["counts"]["operative"] and first["counts"]["notes"]
    assert_same_structure(first, second)


@pytest.mark.parametrize("name", REFERENCE_INPUTS)
def test_reference_round_trip_keeps_the_structure(name: str):
    path = REFERENCE / name
    if not path.is_file():
        pytest.skip(f"reference input {path} not available")
    first, second, _ = round_trip(path.read_bytes(), name)
    assert first["counts"]["preamble"] and first["counts"]["operative"]
    assert_same_structure(first, second)


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_markdown_is_a_fixed_point(path: Path):
    """Markdown of the Markdown's conversion is the same Markdown: nothing drifts on a second trip."""
    md = convert(path.read_bytes(), name=path.name).to_markdown()
    assert convert(md, name=f"{path.name} (as Markdown)").to_markdown() == md


def test_summary_sees_a_changed_text():
    """The helper is not blind: a changed word, note or key phrase makes the comparison fail."""
    path = ROOT / "samples" / "a-res-78-228.de.web.txt"
    doc = convert(path.read_bytes(), name=path.name)
    before = summary(doc.resolution)
    doc.resolution.preamble[0].text.text += " x"
    with pytest.raises(AssertionError, match=r"preamble\[0\]"):
        assert_same_structure(before, summary(doc.resolution))
    doc = convert(path.read_bytes(), name=path.name)
    doc.resolution.preamble[1].key_phrase = "anders"
    with pytest.raises(AssertionError, match="key phrases"):
        assert_same_structure(before, summary(doc.resolution))
    doc = convert(path.read_bytes(), name=path.name)
    noted = next(p for p in doc.resolution.operative_paragraphs() if p.text.notes)
    noted.text.notes.pop()
    with pytest.raises(AssertionError, match="note markers"):
        assert_same_structure(before, summary(doc.resolution))
