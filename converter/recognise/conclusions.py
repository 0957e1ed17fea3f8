"""The closing lines: the meeting ("50. Plenarsitzung") and the date of adoption."""
from __future__ import annotations

import re

from ..inline import to_text
from ..lexicon import find_dates
from ..lexicon.german import MEETING_WORDS
from ..model import Conclusions
from ..segment import DATE_START, Block

REMARK = re.compile(r"^\[.*\]$")
MEETING = re.compile(rf"^\d{{1,5}}\.\s+(?:{'|'.join(MEETING_WORDS)})\b")


def is_meeting(block: Block) -> bool:
    return bool(MEETING.match(block.plain))


def recognise_conclusions(blocks: list[Block]) -> tuple[Conclusions, int]:
    """The closing lines: the meeting block, the date (in it or in the block after it) and
    bracketed remarks after them ("[Ohne Abstimmung verabschiedet.]"); returns them and how many
    blocks they took."""
    first = blocks[0]
    dates = find_dates(first.plain)
    if dates:
        start = dates[0][0]
        closing = Conclusions(to_text(first.plain[:start], first.line), to_text(first.plain[start:], first.line),
                              dates[0][2])
        used = 1
    elif len(blocks) > 1 and DATE_START.match(blocks[1].plain):
        d = find_dates(blocks[1].plain)
        closing = Conclusions(to_text(first.text, first.line), to_text(blocks[1].text, blocks[1].line),
                              d[0][2] if d else None)
        used = 2
    else:
        closing = Conclusions(to_text(first.text, first.line), None, None)
        used = 1
    while used < len(blocks) and REMARK.match(blocks[used].plain):
        closing.remarks.append(to_text(blocks[used].text, blocks[used].line))
        used += 1
    return closing, used
