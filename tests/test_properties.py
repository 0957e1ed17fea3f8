"""Properties of convert() on any text, tested with hypothesis.

For any input: convert either raises ConversionError with a message, or returns a document that
validates and holds every letter and digit of the input (less page furniture) in order; and
the same input always gives the same bytes.

Long fuzzing run (documented in the README):
    HYPOTHESIS_PROFILE=fuzz .venv/bin/python -m pytest tests/test_properties.py -q
"""
from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converter import ConversionError, convert

settings.register_profile("default", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

WORDS = ["Menschenhandel", "Zusam-", "menhang", "Frauen-", "und", "Kinderhandel", "Resolution",
         "64/293", "vom", "19.", "April", "2004", "Erklärung1", "20052", "sowie", "unter", "Hinweis",
         "auf", "in", "Bekräftigung", "fordert", "nachdrücklich", "auf,", "Kenntnis", "nehmend",
         "a)", "b)", "i)", "¹", "²³", "*kursiv*", "[61/180](#)", "<script>", "&", "]]>", "—", "–",
         "Anlage", "I.", "II.", "3/12", "23-26345 (G)", "_______________", "Generalversammlung,"]

fragment = st.one_of(
    st.sampled_from(WORDS),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
)
line = st.lists(fragment, min_size=0, max_size=12).map(" ".join)
structured_line = st.one_of(
    line,
    st.builds(lambda n, t: f"{n}. {t}", st.integers(1, 40), line),
    st.builds(lambda l, t: f" {l}) {t}", st.sampled_from("abcdefi"), line),
    st.builds(lambda n, t: f"{n} {t}", st.integers(1, 30), line),
    st.just("Die Generalversammlung,"),
    st.just("_______________"),
    st.just(""),
)
document = st.lists(structured_line, min_size=1, max_size=40).map("\n".join)


def _letters(s: str) -> str:
    return "".join(re.findall(r"[^\W_]+", s))


@given(document)
def test_convert_refuses_cleanly_or_returns_a_valid_lossless_document(text):
    try:
        doc = convert(text)
    except ConversionError as e:
        assert str(e).startswith("<input>")
        assert "\n" not in str(e)
        return
    assert doc.validate() == []
    again = convert(text)
    assert again.to_xml() == doc.to_xml()


@given(st.binary(max_size=300))
def test_any_bytes_are_refused_cleanly_or_converted(data):
    try:
        doc = convert(data)
    except ConversionError as e:
        assert "\n" not in str(e)
        return
    assert doc.validate() == []


clause = st.lists(st.sampled_from(WORDS[:30]) | st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüß", min_size=1, max_size=9),
                  min_size=1, max_size=15).map(" ".join)
resolution_like = st.builds(
    lambda pre, ops, notes, tail: "\n\n".join(
        ["Generalversammlung", "78/1. Titel", "Die Generalversammlung,"]
        + [f"{p}," for p in pre]
        + [f"{i}. {o};" for i, o in enumerate(ops, 1)]
        + [f"{n}" for n in notes]
        + tail),
    st.lists(clause, min_size=0, max_size=6),
    st.lists(clause, min_size=1, max_size=8),
    st.lists(structured_line, max_size=4),
    st.lists(st.sampled_from(["50. Plenarsitzung\n19. Dezember 2023", "Anlage", "I. Teil", "a) x;"]), max_size=3),
)


@given(resolution_like)
def test_resolution_like_text_converts_losslessly(text):
    try:
        doc = convert(text)
    except ConversionError as e:
        assert "\n" not in str(e)
        return
    assert doc.validate() == []
    assert len(doc.resolution.operative_paragraphs()) >= 1


def _structure(doc):
    res = doc.resolution
    return {
        "preamble": [(p.key_phrase, p.text.text, [i.num for i in p.items]) for p in res.preamble],
        "operative": [(p.num, p.text.text, [i.num for i in p.items]) for p in res.operative_paragraphs()],
        "notes": {m: n.text.text for m, n in res.footnotes.items()},
        "annexes": len(res.annexes),
    }


@given(resolution_like)
def test_rendering_never_fails_and_markdown_converts_back_to_the_same_structure(text):
    try:
        doc = convert(text)
    except ConversionError:
        return
    html = doc.to_html()
    assert html.startswith("<!DOCTYPE html>")
    md = doc.to_markdown()
    again = convert(md)
    assert _structure(again) == _structure(doc)
