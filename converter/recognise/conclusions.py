"""The closing lines: the meeting ("50. Plenarsitzung") and the date of adoption."""
from __future__ import annotations

import re

from ..inline import to_text
from ..lexicon import find_dates
from ..lexicon.german import MEETING_WORDS
from ..model import Conclusions
from ..segment import Block

MEETING = re.compile(rf"^\d{{1,5}}\.\s+(?:{'|'.join(MEETING_WORDS)})\b")


def is_meeting(block: Block) -> bool:
    return bool(MEETING.match(block.plain))


def recognise_conclusions(blocks: list[Block]) -> Conclusions:
    """From the meeting block and, if the date stands apart, the block after it."""
    first = blocks[0]
    marked = first.text.strip()
    dates = find_dates(first.plain)
    date_text = None
    if dates:
        start = dates[0][0]
        # the meeting is the text before the date; both keep their markers
        meeting = to_text(first.plain[:start], first.line)
        date_text = to_text(first.plain[start:], first.line)
        return Conclusions(meeting, date_text, dates[0][2])
    meeting = to_text(marked, first.line)
    if len(blocks) > 1:
        d = find_dates(blocks[1].plain)
        return Conclusions(meeting, to_text(blocks[1].text, blocks[1].line), d[0][2] if d else None)
    return Conclusions(meeting, None, None)
