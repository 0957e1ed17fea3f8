"""The shared literal search: every place, overlapping ones too, in order."""
from __future__ import annotations

import re

from hypothesis import given, strategies as st

from converter.textscan import find_all


def test_find_all_orders_places_of_several_literals():
    assert find_all("Resolution 1, Beschluss 2, Resolution 3", ("Resolution", "Beschl")) == [0, 14, 27]


def test_find_all_lists_overlapping_and_shared_places():
    assert find_all("aaa", ("aa",)) == [0, 1]
    assert find_all("ab", ("a", "ab")) == [0, 0]
    assert find_all("", "¹²") == []


@given(st.text(alphabet="ab¹²\n", max_size=40))
def test_find_all_is_a_regex_scan_of_single_characters(text):
    assert find_all(text, "¹²") == [m.start() for m in re.finditer("[¹²]", text)]
