"""The closing lines: the meeting ("50. Plenarsitzung") and the date of adoption."""
from __future__ import annotations

import re

from ..inline import to_text
from ..lexicon import find_dates
from ..lexicon.german import MEETING_WORDS
from ..model import Conclusions
from ..segment import DATE_START, Block

MEETING = re.compile(rf"^\d{{1,5}}\.\s+(?:{'|'.join(MEETING_WORDS)})\b")


def is_meeting(block: Block) -> bool:
    return bool(MEETING.match(block.plain))


def recognise_conclusions(blocks: list[Block]) -> tuple[Conclusions, int]:
    """The closing lines from the meeting block (and the date block after it, if the date stands
    apart); returns them and how many blocks they took."""
    first = blocks[0]
    dates = find_dates(first.plain)
    if dates:
        start = dates[0][0]
        meeting = to_text(first.plain[:start], first.line)
        date_text = to_text(first.plain[start:], first.line)
        return Conclusions(meeting, date_text, dates[0][2]), 1
    meeting = to_text(first.text, first.line)
    if len(blocks) > 1 and DATE_START.match(blocks[1].plain):
        d = find_dates(blocks[1].plain)
        return Conclusions(meeting, to_text(blocks[1].text, blocks[1].line), d[0][2] if d else None), 2
    return Conclusions(meeting, None, None), 1
