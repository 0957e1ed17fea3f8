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
from functools import lru_cache

from ..lexicon.german import (AUXILIARY_PARTICIPLES, CONNECTIVES, INTENSIFIERS, KEY_PREPOSITIONS,
                              LIGHT_NOUN_KEEPS_GENITIVE, NOT_PARTICIPLES, OPERATIVE_ADVERBS,
                              OPERATIVE_OBJECT_NOUNS, PARTICIPLE_OBJECTS, PREAMBLE_ADJECTIVES,
                              PRONOMINAL_ADVERBS, SEPARABLE_PARTICLES, SEPARABLE_VERBS,
                              TRAILING_ADVERBS)
from ..model import Text

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# the endings the pattern (?:e|er|el)nd$ finds (each has "nd"), "$" also before a final newline: str.endswith
# costs a fraction of a regex search
PARTICIPLE_ENDINGS = ("end", "ernd", "elnd", "end\n", "ernd\n", "elnd\n")
LEAD_WORDS = 8        # a key phrase starts within the first words of a paragraph
SHORT_CLAUSE = 4
# Adverbs that, closing the first clause, belong to the verb ("ermutigt die Staaten außerdem,").
CLAUSE_FINAL_ADVERBS = frozenset({"außerdem", "ferner", "erneut", "ebenfalls", "zudem", "nochmals", "abermals"})      # "weist darauf hin": the whole first clause is the verb phrase

Span = tuple[int, int]


CLAUSE_STOPS = (",", ";", ":")  # what ends a paragraph's first clause
# the words a preambular key phrase is looked for in, past any connectives that open the
# paragraph: the participle test reads LEAD_WORDS words and one more, the prepositional phrase
# at most eight words after the connectives ("unter" + three + noun + three + genitive noun)
PREAMBLE_WORDS = LEAD_WORDS + 1


class _Lead:
    """The words of a paragraph's first clause and where each stands.

    The word pattern costs some hundred instructions a character, str.split and str.isalpha a
    few: the clause is split at spaces, and the tokens before the first one that is not all
    letters are its first words as the pattern finds them (a run of letters between spaces is
    one match; a space is no letter). The pattern reads on from that token. Most first clauses
    are letters and spaces only: one isalpha test of the clause without its spaces tells (with
    no empty token, which two spaces in a row or one at an end would make), where a test of each
    token cost a call per word. A word's place is counted only when a rule asks for it: the
    words before it and the single spaces between them (str.join), not a sum kept for every word."""

    __slots__ = ("words", "_plain", "_matches")

    def __init__(self, text: str, preamble: bool):
        # the clause ends at the first of CLAUSE_STOPS: found by str.find and cut where the comma
        # (by far the most common) stands, then the rest asked for in what is left, by the
        # operator "in" (a method call costs a thousand instructions, the operator a few dozen)
        cut = text.find(",")
        head = text if cut == -1 else text[:cut]
        if ";" in head:
            head = head[:head.find(";")]
        if ":" in head:
            head = head[:head.find(":")]
        cut = len(head)
        tokens = head.split(" ")
        self._matches: list[re.Match[str]] = []
        if head.replace(" ", "").isalpha() and "" not in tokens:
            self.words = tokens  # every token is a word
            self._plain = len(tokens)
            return
        letters = list(map(str.isalpha, tokens))
        letters.append(False)
        plain = letters.index(False)  # the tokens before the first that is not all letters
        words = tokens[:plain]
        self._plain = plain
        if plain < len(tokens):
            connectives = 0  # how many words open the clause as connectives ("sowie", "ferner")
            while connectives < plain and words[connectives] in CONNECTIVES:
                connectives += 1
            if not preamble or plain < connectives + PREAMBLE_WORDS or connectives == plain:
                start = len(" ".join(words)) + 1 if plain else 0  # where token ``plain`` starts
                for m in WORD.finditer(text, start, cut):
                    word = m.group()
                    if connectives == len(words) and word in CONNECTIVES:
                        connectives += 1
                    self._matches.append(m)
                    words.append(word)
                    if preamble and len(words) >= connectives + PREAMBLE_WORDS and connectives < len(words):
                        break  # the rules read no further
        self.words = words

    def start(self, i: int) -> int:
        if i < self._plain:
            # the words before it, a space after each
            return len(" ".join(self.words[:i])) + 1 if i else 0
        return self._matches[i - self._plain].start()

    def end(self, i: int) -> int:
        if i < self._plain:
            return len(" ".join(self.words[:i + 1]))  # the words up to it, one space between two
        return self._matches[i - self._plain].end()


def _emphasis_in_lead(text: Text, limit: int, lead: _Lead) -> Span | None:
    """The first italic stretch (by start), if it starts within the first ``limit`` words."""
    if not lead.words or not text.marks:
        return None
    first = None  # the first of the earliest-starting, as min() gives it
    for m in text.marks:
        if m.kind == "emphasis" and (first is None or m.start < first.start):
            first = m
    if first is None or first.start > lead.end(min(limit, len(lead.words)) - 1):
        return None
    return first.start, first.end


@lru_cache(maxsize=4096)  # a word is asked about in paragraph after paragraph
def is_participle(word: str) -> bool:
    # lower case only: what the "-end" test sees is the word itself
    return word.islower() and len(word) >= 5 and word.endswith(PARTICIPLE_ENDINGS) and word not in NOT_PARTICIPLES


def preamble_key_phrase(text: Text) -> Span | None:
    """Where the key phrase of a preambular paragraph stands, or None."""
    lead = _Lead(text.text, preamble=True)
    marked = _emphasis_in_lead(text, LEAD_WORDS, lead)
    if marked:
        return marked
    w = lead.words
    if not w:
        return None
    for k in range(min(len(w), LEAD_WORDS)):
        word = w[k]
        # every participle ending has "nd": the operator spares most words the cached call
        if not (("nd" in word and is_participle(word)) or word in PREAMBLE_ADJECTIVES):
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
        return lead.start(j), lead.end(end)
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
            return lead.start(0), lead.end(end)
    return None


def operative_verb_phrase(text: Text) -> list[Span]:
    """Where the operative verb phrase of a paragraph stands (one or two spans)."""
    lead = _Lead(text.text, preamble=False)
    spans = _operative_grammar(text, lead)
    marks = text.marks
    if not marks:
        return spans  # no italics (PDF text)
    if len(marks) == 1:  # most web paragraphs: the verb in italics, nothing to sort
        emphasis = [(marks[0].start, marks[0].end)] if marks[0].kind == "emphasis" else []
    else:
        emphasis = sorted([(m.start, m.end) for m in marks if m.kind == "emphasis"])
    if not emphasis or emphasis[0][0] != 0:
        return spans
    # web italics confirm the grammar: they give the extent of each part the grammar found
    merged = [emphasis[0]]
    for s, e in spans[1:]:
        hit = (s, e)  # the first italic stretch that overlaps the part, else the part
        for a, b in emphasis:
            if a < e and b > s:
                hit = (a, b)
                break
        if hit not in merged:
            merged.append(hit)
    if len(emphasis) > 1:  # the lead's end only where a later italic stretch may lie in it
        lead_end = lead.end(len(lead.words) - 1) if lead.words else 0
        for a, b in emphasis[1:]:
            if a < lead_end and (a, b) not in merged and _verb_words(text.text[a:b]):
                merged.append((a, b))  # "*bekundet* den Opfern … *ihre Solidarität und ihr Mitgefühl*"
    return sorted(merged) if len(merged) > 1 else merged


def _verb_words(phrase: str) -> bool:
    """Could this italic stretch be part of the verb phrase (adverbs, particle, object noun)?"""
    words = WORD.findall(phrase)
    if any(w in OPERATIVE_OBJECT_NOUNS for w in words):
        return True
    return bool(words) and all(w in OPERATIVE_ADVERBS or w in SEPARABLE_PARTICLES for w in words)


def _operative_grammar(text: Text, lead: _Lead) -> list[Span]:
    w = lead.words
    if not w or not w[0].islower():
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
    verb_end = lead.end(end)
    verb_start = lead.start(0)
    spans: list[Span] = [(verb_start, verb_end)]
    closing = _separable_closing(text.text, w[0], verb_end)
    if closing:
        between = text.text[verb_end:closing[0]].split()
        if PRONOMINAL_ADVERBS.issuperset(between):  # every word between is one
            return [(verb_start, closing[1])]  # "stellt fest", "weist darauf hin"
        return spans + [closing]
    last = len(w) - 1
    if last > end and w[last] in CLAUSE_FINAL_ADVERBS:
        p = last
        while p - 1 > end and w[p - 1] in CLAUSE_FINAL_ADVERBS:
            p -= 1
        return spans + [(lead.start(p), lead.end(last))]  # "ermutigt die Mitgliedstaaten außerdem,"
    if last > end and w[last] in SEPARABLE_PARTICLES:
        if len(w) <= SHORT_CLAUSE:
            return [(verb_start, lead.end(last))]  # "weist darauf hin", "stellt fest"
        p = last
        while p - 1 > end and w[p - 1] in OPERATIVE_ADVERBS:
            p -= 1
        spans.append((lead.start(p), lead.end(last)))
    return spans


_ADVERB_RUN = "|".join(sorted((re.escape(a) for a in OPERATIVE_ADVERBS), key=len, reverse=True))
# one pattern per particle, compiled once: built per call, each call paid for formatting and
# hashing the long adverb alternation to find it in re's cache
PARTICLE_CLOSING = {particle: re.compile(rf"(?:\b(?:{_ADVERB_RUN})\s+)*\b{re.escape(particle)}"
                                         rf"(?=\s*(?:[,;:.]|$|(?:und|oder|sowie)\b))")
                    for particle in set(SEPARABLE_VERBS.values())}
# the last character of a stretch that no run of operative adverbs (and white space) holds: a
# greedy run to the end of the stretch, then back to that character
LAST_NOT_IN_ADVERBS = re.compile(
    "(?s:.*)[^" + "".join(sorted(re.escape(c) for c in set("".join(OPERATIVE_ADVERBS)))) + r"\s]")
# the particle alone where it closes a clause, "\bauf(?=…)" led by its literal (the look-behind
# checks the character before, as \b does before a letter), so that a search skips to it
PARTICLE_CORE = {particle: re.compile(rf"{re.escape(particle)}(?<!\w{re.escape(particle)})"
                                      rf"(?=\s*(?:[,;:.]|$|(?:und|oder|sowie)\b))")
                 for particle in set(SEPARABLE_VERBS.values())}


def _sentence_end(text: str, after: int) -> int:
    r"""Where the pattern [;]|\.\s*$ first matches from ``after`` on (len(text) if nowhere): the
    first ";", or a full stop followed by white space only (str.rstrip strips what \s matches,
    checked over all code points). str.find and str.rstrip instead of a regex scan of the text."""
    limit = text.find(";", after)
    if limit == -1:
        limit = len(text)
    full_stop = len(text.rstrip()) - 1
    if after <= full_stop < limit and text[full_stop] == ".":
        return full_stop
    return limit


def _separable_closing(text: str, verb: str, after: int) -> Span | None:
    """Where a separable verb's particle closes its clause, past any relative clause in between:
    "fordert die Mitgliedstaaten, die … beigetreten sind, nachdrücklich auf, …"."""
    particle = SEPARABLE_VERBS.get(verb)
    if particle is None:
        return None
    limit = _sentence_end(text, after)
    # PARTICLE_CLOSING would be tried at every position, its first part is optional: its match
    # ends with the first particle that closes a clause (no adverb is a particle), and the
    # adverbs and white space before it are letters of OPERATIVE_ADVERBS and white space only,
    # so it starts after the last other character before that particle (a comma, a capital, a
    # digit): found by one backward scan, a search from there is tried at a few positions
    core = PARTICLE_CORE[particle].search(text, after, limit + 1)
    if core is None:
        return None
    other = LAST_NOT_IN_ADVERBS.match(text, after, core.start())
    m = PARTICLE_CLOSING[particle].search(text, other.end() if other else after, limit + 1)
    return (m.start(), m.end()) if m else None
