"""Sub-items: "a)" … under a paragraph, "i)" … under an item.

"i)" is a letter after "h)" and a roman numeral anywhere else; web text may also nest by
indentation. Items attach to the unit before them.
"""
from __future__ import annotations

import re

from ..inline import to_text
from ..model import Item
from ..segment import ITEM, Block

ROMAN = re.compile(r"^[ivxl]+$")


def item_parts(block: Block, m: re.Match[str]) -> tuple[str, str]:
    """("a)", rest of the text with markers) for an item block; ``m`` is ITEM's match of its plain text."""
    num = m.group(0)
    # cut the num from the marked text: it is the first non-space characters (the first "a)" in
    # the text is the first in it stripped: a label holds no white space), unless a marker splits it
    idx = block.text.find(num)
    if idx == -1:
        return num, block.text.lstrip()[len(num) - 1:]
    return num, block.text[idx + len(num):]


def item_match(block: Block) -> re.Match[str] | None:
    """ITEM's match of the block's plain text: an item block has one (kept for ``attach``)."""
    plain = block.plain
    # an item's label closes with ")" within its first eight characters ("(iii)", "aa)",
    # "(viiiii)"): most blocks, paragraphs that open with a small letter too, have none there
    return ITEM.match(plain) if ")" in plain[:LABEL_REACH] else None


LABEL_REACH = 8  # ITEM: "(", up to six of [ivxl] (or two of [a-z]), ")"


def attach(items: list[Item], block: Block, m: re.Match[str]) -> None:
    """Put an item block (``m``: its ``item_match``) where it belongs in a paragraph's item tree."""
    num, rest = item_parts(block, m)
    label = num.strip("()")
    item = Item(num, to_text(rest, block.line))
    if items and _is_nested(items, label, block.indent):
        items[-1].items.append(item)
    else:
        items.append(item)


def _is_nested(items: list[Item], label: str, indent: int) -> bool:
    if indent > 0:
        return True
    last = items[-1].num.strip("()")
    if ROMAN.match(label):
        if len(last) == 1 and len(label) == 1 and ord(label) == ord(last) + 1 and not items[-1].items:
            return False  # "i)" after "h)" is a letter
        return not ROMAN.match(last) or bool(items[-1].items)
    return False
