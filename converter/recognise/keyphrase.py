"""Key phrases: the phrase that carries a preambular paragraph, the verb of an operative one.

German preambular paragraphs open with a nominal phrase ("in Bekräftigung", "unter erneutem
Hinweis", "mit dem Ausdruck seiner tiefen Besorgnis") or a participle group that may stand
after an object ("die Mitgliedstaaten ermutigend", "mit tiefer Sorge Kenntnis nehmend").
Operative paragraphs open with a finite verb, perhaps with adverbs and an object noun ("nimmt
Kenntnis", "bekundet ihre tiefe Besorgnis"), and a separable verb's particle closes its first
clause ("fordert … nachdrücklich auf"). Italics in web text confirm what the grammar finds;
where they are present in the opening of a paragraph they win.
"""
from __future__ import annotations

import re

from ..lexicon.german import (AUXILIARY_PARTICIPLES, CONNECTIVES, INTENSIFIERS, KEY_PREPOSITIONS,
                              LIGHT_NOUN_KEEPS_GENITIVE, NOT_PARTICIPLES, OPERATIVE_ADVERBS,
                              OPERATIVE_OBJECT_NOUNS, PARTICIPLE_OBJECTS, PREAMBLE_ADJECTIVES,
                              PRONOMINAL_ADVERBS, SEPARABLE_PARTICLES, SEPARABLE_VERBS,
                              TRAILING_ADVERBS)
from ..model import Text

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
PARTICIPLE = re.compile(r"(?:e|er|el)nd$")
LEAD_WORDS = 8        # a key phrase starts within the first words of a paragraph
SHORT_CLAUSE = 4
# Adverbs that, closing the first clause, belong to the verb ("ermutigt die Staaten außerdem,").
CLAUSE_FINAL_ADVERBS = frozenset({"außerdem", "ferner", "erneut", "ebenfalls", "zudem", "nochmals", "abermals"})      # "weist darauf hin": the whole first clause is the verb phrase

Span = tuple[int, int]


CLAUSE_CUT = re.compile(r"[,;:]")


def _lead(text: str) -> tuple[list[re.Match[str]], list[str]]:
    """The words of the first clause (up to the first comma, semicolon or colon): their matches
    (for positions) and the words themselves. Computed once per paragraph by each public
    function and passed along (a cache keyed by the text missed: more paragraphs than entries)."""
    cut = CLAUSE_CUT.search(text)
    matches = list(WORD.finditer(text, 0, cut.start() if cut else len(text)))
    return matches, [m.group() for m in matches]


def _emphasis_in_lead(text: Text, limit: int, words: list[re.Match[str]]) -> Span | None:
    """The first italic stretch (by start), if it starts within the first ``limit`` words."""
    if not words:
        return None
    horizon = words[min(limit, len(words)) - 1].end()
    first = min((m for m in text.marks if m.kind == "emphasis"), key=_start, default=None)
    if first is None or first.start > horizon:
        return None
    return first.start, first.end


def _start(m) -> int:
    return m.start


def is_participle(word: str) -> bool:
    # lower case only: what the "-end" test sees is the word itself
    return word.islower() and len(word) >= 5 and bool(PARTICIPLE.search(word)) and word not in NOT_PARTICIPLES


def preamble_key_phrase(text: Text) -> Span | None:
    """Where the key phrase of a preambular paragraph stands, or None."""
    words, w = _lead(text.text)
    marked = _emphasis_in_lead(text, LEAD_WORDS, words)
    if marked:
        return marked
    if not words:
        return None
    for k in range(min(len(w), LEAD_WORDS)):
        if not (is_participle(w[k]) or w[k] in PREAMBLE_ADJECTIVES):
            continue
        j = k
        if w[k] in AUXILIARY_PARTICIPLES and j > 0 and w[j - 1].islower():
            j -= 1  # "tätig werdend"
        while j > 0 and (w[j - 1] in PARTICIPLE_OBJECTS or w[j - 1] in PRONOMINAL_ADVERBS
                         or w[j - 1] in INTENSIFIERS):
            j -= 1
        if j >= 2 and w[j - 2] == "mit" and w[j - 1][:1].isupper():
            j -= 2  # "mit Anerkennung davon Kenntnis nehmend"
        while j > 0 and w[j - 1] in CONNECTIVES:
            j -= 1
        end = k
        if w[k] in PREAMBLE_ADJECTIVES and k + 1 < len(w) and w[k + 1] in TRAILING_ADVERBS:
            end = k + 1  # "besorgt darüber"
        return words[j].start(), words[end].end()
    start = 0
    while start < len(w) and w[start] in CONNECTIVES:
        start += 1
    if start < len(w) and w[start] in KEY_PREPOSITIONS:
        k = start + 1
        while k < len(w) and w[k].islower() and k - start <= 3:
            k += 1  # articles and adjectives: "unter erneutem Hinweis", "mit dem Ausdruck"
        if k < len(w) and w[k][:1].isupper():
            end = k
            if w[k] in LIGHT_NOUN_KEEPS_GENITIVE:
                g = k + 1
                while g < len(w) and w[g].islower() and g - k <= 3:
                    g += 1
                if g < len(w) and w[g][:1].isupper() and g > k + 1:
                    end = g  # "mit dem Ausdruck ihrer Besorgnis"
            return words[0].start(), words[end].end()
    return None


def operative_verb_phrase(text: Text) -> list[Span]:
    """Where the operative verb phrase of a paragraph stands (one or two spans)."""
    words, w = _lead(text.text)
    spans = _operative_grammar(text, words, w)
    emphasis = sorted((m.start, m.end) for m in text.marks if m.kind == "emphasis")
    if not emphasis or emphasis[0][0] != 0:
        return spans
    # web italics confirm the grammar: they give the extent of each part the grammar found
    merged = [emphasis[0]]
    for s, e in spans[1:]:
        hit = next(((a, b) for a, b in emphasis if a < e and b > s), None)
        if (hit or (s, e)) not in merged:
            merged.append(hit or (s, e))
    lead_end = words[-1].end() if words else 0
    for a, b in emphasis[1:]:
        if a < lead_end and (a, b) not in merged and _verb_words(text.text[a:b]):
            merged.append((a, b))  # "*bekundet* den Opfern … *ihre Solidarität und ihr Mitgefühl*"
    return sorted(merged)


def _verb_words(phrase: str) -> bool:
    """Could this italic stretch be part of the verb phrase (adverbs, particle, object noun)?"""
    words = WORD.findall(phrase)
    if any(w in OPERATIVE_OBJECT_NOUNS for w in words):
        return True
    return bool(words) and all(w in OPERATIVE_ADVERBS or w in SEPARABLE_PARTICLES for w in words)


def _operative_grammar(text: Text, words: list[re.Match[str]], w: list[str]) -> list[Span]:
    if not words or not w[0].islower():
        return []
    end = 0
    k = 1
    while k < len(w):
        if w[k] in OPERATIVE_ADVERBS or w[k] in OPERATIVE_OBJECT_NOUNS:
            end = k
            k += 1
            continue
        j = k
        while j < len(w) and w[j].islower() and j - k < 3 and w[j] not in SEPARABLE_PARTICLES:
            j += 1
        if j < len(w) and w[j] in OPERATIVE_OBJECT_NOUNS:
            end = j  # "bekundet ihre tiefe Besorgnis"
            k = j + 1
            continue
        break
    spans: list[Span] = [(words[0].start(), words[end].end())]
    closing = _separable_closing(text.text, w[0], words[end].end())
    if closing:
        between = text.text[words[end].end():closing[0]].split()
        if all(b in PRONOMINAL_ADVERBS for b in between):
            return [(words[0].start(), closing[1])]  # "stellt fest", "weist darauf hin"
        return spans + [closing]
    last = len(w) - 1
    if last > end and w[last] in CLAUSE_FINAL_ADVERBS:
        p = last
        while p - 1 > end and w[p - 1] in CLAUSE_FINAL_ADVERBS:
            p -= 1
        return spans + [(words[p].start(), words[last].end())]  # "ermutigt die Mitgliedstaaten außerdem,"
    if last > end and w[last] in SEPARABLE_PARTICLES:
        if len(w) <= SHORT_CLAUSE:
            return [(words[0].start(), words[last].end())]  # "weist darauf hin", "stellt fest"
        p = last
        while p - 1 > end and w[p - 1] in OPERATIVE_ADVERBS:
            p -= 1
        spans.append((words[p].start(), words[last].end()))
    return spans


_ADVERB_RUN = "|".join(sorted((re.escape(a) for a in OPERATIVE_ADVERBS), key=len, reverse=True))
SENTENCE_END = re.compile(r"[;]|\.\s*$")
# one pattern per particle, compiled once: built per call, each call paid for formatting and
# hashing the long adverb alternation to find it in re's cache
PARTICLE_CLOSING = {particle: re.compile(rf"(?:\b(?:{_ADVERB_RUN})\s+)*\b{re.escape(particle)}"
                                         rf"(?=\s*(?:[,;:.]|$|(?:und|oder|sowie)\b))")
                    for particle in set(SEPARABLE_VERBS.values())}


def _separable_closing(text: str, verb: str, after: int) -> Span | None:
    """Where a separable verb's particle closes its clause, past any relative clause in between:
    "fordert die Mitgliedstaaten, die … beigetreten sind, nachdrücklich auf, …"."""
    particle = SEPARABLE_VERBS.get(verb)
    if particle is None:
        return None
    sentence_end = SENTENCE_END.search(text, after)
    limit = sentence_end.start() if sentence_end else len(text)
    if text.find(particle, after, limit + 1) == -1:
        return None  # the pattern would be tried at every position, its first part is optional
    m = PARTICLE_CLOSING[particle].search(text, after, limit + 1)
    return (m.start(), m.end()) if m else None
