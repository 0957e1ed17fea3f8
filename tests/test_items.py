"""Recognise, items: an item block's label found by segment's ITEM, and the rest of its text."""
from __future__ import annotations

import itertools

import pytest

from converter.inline import note
from converter.recognise.items import LABEL_REACH, item_match, item_parts
from converter.segment import ITEM, Block


def test_label_reach_holds_every_label_item_can_match():
    # item_match asks ITEM only where a ")" stands within LABEL_REACH characters: if ITEM ever
    # took a longer label, items would silently be missed
    longest = 0
    for n in range(1, 9):
        for letters in itertools.product("ivxla", repeat=n) if n <= 3 else [("v",) * n, ("i",) * n]:
            for opening in ("", "("):
                m = ITEM.match(opening + "".join(letters) + ") Text")
                if m:
                    longest = max(longest, m.end())
    assert longest == LABEL_REACH == len("(viiiii)")


@pytest.mark.parametrize("text, label", [
    ("a) die Ratifikation zu fördern,", "a)"), ("(b) den Staaten", "(b)"), ("(viiiii) sechstens", "(viiiii)"),
    ("aa) noch einer", "aa)"), ("ersucht (a) den", None), ("a)", None), ("die Staaten) und", None),
])
def test_item_match(text, label):
    m = item_match(Block(text, 1))
    assert (m.group(0) if m else None) == label


def test_item_parts_keeps_markers_after_the_label():
    block = Block("  b)" + note("3") + " die Ratifikation", 1)
    assert item_parts(block, item_match(block)) == ("b)", note("3") + " die Ratifikation")
