"""Finding literals in a text by ``str.find``, shared by the stages that look for them.

``str.find`` of a single character is memchr, well under an instruction a character; a regex
scan for a class of characters tests every character at 60 to 90. Rules that look for a few
literals (superscript digits, Markdown leads, keyword heads) ask for them this way and run their
full pattern only where one stands.
"""
from __future__ import annotations

from collections.abc import Iterable


def find_all(text: str, literals: Iterable[str]) -> list[int]:
    """Where each of ``literals`` starts in ``text``, every occurrence (overlapping ones too), in
    ascending order; a place where two literals start is listed once for each."""
    found: list[int] = []
    for literal in literals:
        at = text.find(literal)
        while at != -1:
            found.append(at)
            at = text.find(literal, at + 1)
    found.sort()
    return found
