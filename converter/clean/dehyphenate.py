"""Line-end hyphenation: "Zusam-" / "menhang" is one word, "Frauen-" / "und Kinderhandel" is not.

The evidence is the document itself: a word list of every word it has whole (not split at a
line end). A split is joined when the joined word is in that list, or when nothing says the
hyphen is real; it is kept before a conjunction ("Frauen- und"), before a capital ("Online-"
/ "Plattformen") or a digit, and where the document has the hyphenated form elsewhere.
"""
from __future__ import annotations

import itertools
import operator
import re

from ..inline import visible
from ..lexicon.german import HYPHEN_KEEPING_CONJUNCTIONS

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# the word before a line-end hyphen, matched on the reversed tail: anchored at the start, a
# match costs the word's length; "([^\W\d_]+)-$" searched forwards retries at every letter
SPLIT_LEFT_REVERSED = re.compile(r"-([^\W\d_]+)")
FIRST_WORD = re.compile(r"^([^\W\d_]+)")
# the fragments either side of a line-end hyphen; the one before it matched on the reversed line
LAST_FRAGMENT_REVERSED = re.compile(r"-(?:[^\W\d_]+(?:-[^\W\d_]+)*)?")
FIRST_FRAGMENT = re.compile(r"^\s*[^\W\d_]+(?:-[^\W\d_]+)*")


class Vocabulary:
    """The words a document has whole, lower-cased, with the parts of its hyphenated compounds.

    Lazy: a question is answered by searching the text, and after ``SEARCHES`` searches the
    words are indexed once. A hyphenated word ("opfer-ähnliche") is first looked up among the
    letters either side of every hyphen in the text: a PDF text asks hundreds of those (one per
    line-end hyphen, ``keeps_hyphen``), the document has almost none of them, and that set
    answers them without indexing every word. Every way gives the same answers."""

    SEARCHES = 16

    def __init__(self, words: set[str] | None = None, *, lines: list[str] | None = None):
        self._words = words
        self._lines = lines or []
        self._text: str | None = None
        self._asked: dict[str, bool] = {}
        self._compounds: set[str] | None = None

    @classmethod
    def from_lines(cls, lines: list[str]) -> "Vocabulary":
        return cls(lines=lines)

    @property
    def words(self) -> set[str]:
        if self._words is None:
            self._words = _index(self._text) if self._text is not None else _words(self._lines)
        return self._words

    @property
    def text(self) -> str:
        """The lines lower-cased, without markers and without the fragments of split words."""
        if self._text is None:
            self._text = _whole_text(self._lines)
        return self._text

    def has_compound(self, left: str, right: str) -> bool:
        """``f"{left}-{right}" in self``, in one call: asked for the two sides of every line-end
        hyphen, and most such words are around no hyphen of the text, which a set lookup says."""
        word = f"{left}-{right}"
        if self._words is None and "-" not in left and "-" not in right:
            if self._compounds is None:
                self._compounds = _compounds(self._lines)
            if word.lower() not in self._compounds:
                return False
        return word in self

    def __contains__(self, word: str) -> bool:
        w = word.lower()
        if self._words is not None:
            return w in self._words
        if "-" in w:
            if self._compounds is None:
                self._compounds = _compounds(self._lines)
            if "-".join(w.split("-", 2)[:2]) not in self._compounds:
                return False  # its first hyphen is not around any of the text
        if len(self._asked) >= self.SEARCHES:
            return w in self.words
        if w not in self._asked:  # only a WORD can be in the index ("a1" and "ab-" are not)
            self._asked[w] = WORD.fullmatch(w) is not None and _occurs_whole(self.text, w)
        return self._asked[w]


def _whole_text(lines: list[str]) -> str:
    """The lines lower-cased, less the fragments either side of a line-end hyphen."""
    return _without_split_fragments(visible("\n".join(lines)).lower())


_FRAGMENT = r"[^\W\d_]+(?:-[^\W\d_]+)*"
# a line-end hyphen and the fragment that starts the next line ("zusam-" / "menhang"); the
# fragment's spaces go with it, as FIRST_FRAGMENT's do
NEXT_LINE_FRAGMENT = re.compile(rf"(-[^\S\n]*\n)[^\S\n]*{_FRAGMENT}")
# on the reversed text: a line end, the spaces and hyphen before it, the fragment before those
# (LAST_FRAGMENT_REVERSED after a line end); the last line, which no line end follows, alone
SPLIT_LINE_END_REVERSED = re.compile(rf"\n[^\S\n]*-(?:{_FRAGMENT})?")
LAST_LINE_END_REVERSED = re.compile(rf"[^\S\n]*-(?:{_FRAGMENT})?")
# group 1 of a match, called in C: a template ("\\1") is expanded by Python code per match
_HYPHENATED_LINE_END = operator.methodcaller("group", 1)


def _without_split_fragments(text: str) -> str:
    """The text less the fragments either side of each line-end hyphen ("zusam-" is not a word,
    nor is "menhang"), with the hyphen and the spaces after it: line by line, the fragment
    that starts a line after a split one goes first, then the end of a split line.

    Two substitutions over the whole text, each led by a literal ("-", and "\n" in the reversed
    text, where the fragment before a hyphen comes after it): a loop over the split lines cost
    15,000 instructions a line."""
    text = NEXT_LINE_FRAGMENT.sub(_HYPHENATED_LINE_END, text)[::-1]
    text = SPLIT_LINE_END_REVERSED.sub("\n", text)
    last = LAST_LINE_END_REVERSED.match(text)
    return (text[last.end():] if last else text)[::-1]


def _words(lines: list[str]) -> set[str]:
    """``_index(_whole_text(lines))``, lower-casing only the distinct pieces of the text: a
    quarter of it or less, and lower() costs 50 instructions a character on non-ASCII text.

    The same set: lower() maps each character to one of the same kind (letter, digit, space,
    ASCII non-letter, hyphen; checked for every code point), so it commutes with removing
    fragments and cutting pieces; not so "İ" (two characters) and "Σ" (by context)."""
    text = visible("\n".join(lines))
    if "\u0130" in text or "\u03a3" in text:
        return _index(_without_split_fragments(text.lower()))
    return _index(_without_split_fragments(text), lower=True)


# ASCII characters that cannot be part of a WORD (everything but letters and the hyphen), as spaces
_NOT_IN_WORDS = bytes(c for c in range(128) if not (chr(c).isalpha() or chr(c) == "-"))
_ASCII_BREAKS = bytes.maketrans(_NOT_IN_WORDS, b" " * len(_NOT_IN_WORDS))


def _index(text: str, lower: bool = False) -> set[str]:
    """Every word of the text, and every part of its hyphenated compounds (lower-cased first
    when asked: see ``_words``).

    ``WORD.findall`` over the whole text costs 35 ns a character; no WORD match spans an ASCII
    non-letter other than "-", so the text is cut there in C (bytes.translate, split), the
    distinct pieces that are plain words are taken as they are, and only the others are
    searched: the same set."""
    pieces = b" ".join(set(text.encode("utf-8", "surrogatepass").translate(_ASCII_BREAKS).split()))
    distinct = pieces.decode("utf-8", "surrogatepass")
    distinct = (distinct.lower() if lower else distinct).split(" ")
    words = set(filter(str.isalpha, distinct))
    for s in itertools.filterfalse(str.isalpha, distinct):
        words.update(WORD.findall(s))
    for compound in [w for w in words if "-" in w]:
        words.update(compound.split("-"))
    return words


_LETTER = r"[^\W\d_]"
LETTERS = re.compile(_LETTER + "+")


# a hyphen with a letter after it: a line-end hyphen (a newline after it) is not one
INNER_HYPHEN = re.compile(r"-(?=[^\W\d_])")


def _around_hyphens(text: str) -> set[str]:
    """"left-right" for the letters either side of every hyphen in the text that has letters on
    both sides. Of ``_whole_text``, it holds the first two parts of every compound of its index
    (a WORD match is maximal, so the letters either side of its first hyphen are all there
    are), and more ("täter-ausgleich" of "opfer-täter-ausgleich"): a compound whose first two
    parts are not in it is not in the index."""
    found: set[str] = set()
    for hyphen in INNER_HYPHEN.finditer(text):
        i = hyphen.start()
        left = _letters_before(text, i)
        if left:
            found.add(f"{left}-{LETTERS.match(text, i + 1).group()}")
    return found


def _letters_before(text: str, end: int) -> str:
    """The run of letters that ends where ``end`` is ("" if none), matched on the text before it
    reversed (anchored: a search backwards would retry at every letter). A window of it is
    reversed, made larger while the run fills it: reversing the whole text costs more than all
    the runs of a text with few hyphens, and each run is reversed a bounded number of times."""
    window = 64
    while True:
        start = max(0, end - window)
        m = LETTERS.match(text[start:end][::-1])
        if m is None:
            return ""
        if m.end() < end - start or start == 0:
            return m.group()[::-1]
        window *= 4


def _compounds(lines: list[str]) -> set[str]:
    """``_around_hyphens(_whole_text(lines))``, or more, from the lines as they are: lower-cased
    key by key (see ``_words``), and with the fragments of split words, which add nothing: a
    fragment is cut off by a line end on one side, and the greedy fragment patterns leave no
    letter next to what they remove, so each hyphen of the whole text has the same letters
    either side in the lines."""
    text = visible("\n".join(lines))
    if "\u0130" in text or "\u03a3" in text:
        return _around_hyphens(_whole_text(lines))
    return {key.lower() for key in _around_hyphens(text)}


def _occurs_whole(text: str, word: str) -> bool:
    """``word in _index(text)``, by one search: the word with no letter either side (a hyphenated
    word also with no compound going on). Written literal-first, so the search jumps to it."""
    w = re.escape(word)
    if "-" in word:
        pattern = rf"{w}(?<!{_LETTER}{w})(?<!{_LETTER}-{w})(?!{_LETTER})(?!-{_LETTER})"
    else:
        pattern = rf"{w}(?<!{_LETTER}{w})(?!{_LETTER})"
    return re.search(pattern, text) is not None


def keeps_hyphen(left_word: str, right: str, vocab: Vocabulary) -> bool:
    """Is the hyphen at the end of ``left_word`` real, given the text that follows it?"""
    return _after_hyphen(left_word, right, vocab) != ""


def _after_hyphen(left_word: str, right: str, vocab: Vocabulary) -> str:
    """What the line-end hyphen after ``left_word`` becomes before ``right``: "" in a split word
    ("Zusam-" / "menhang"), "-" where it is real ("Online-" / "Plattformen", "COVID-" / "19"),
    "- " where it stands for a word part before a conjunction ("Frauen-" / "und Kinderhandel")."""
    plain = visible(right)
    m = FIRST_WORD.match(plain.lstrip())
    if not m:
        return "-"  # a digit or punctuation follows: "COVID-" / "19"
    right_word = m.group(1)
    if right_word.lower() in HYPHEN_KEEPING_CONJUNCTIONS:
        return "-" if plain[:1].isspace() else "- "  # a marker and a space follow the hyphen already
    if right_word[0].isupper():
        return "-"
    # the document has the hyphenated form and not the joined one; asked in this order because
    # the vocabulary answers a hyphenated word not around any hyphen of the text without a search
    if vocab.has_compound(left_word, right_word) and (left_word + right_word) not in vocab:
        return "-"
    return ""


def _split_word(left: str) -> str | None:
    """The word cut by the hyphen that ends ``left`` ("Zusam" in "im Zusam-"), or None."""
    space = left.rfind(" ")
    word = left[space + 1:-1]
    if word.isalpha() and len(word) < 100 and (space >= 0 or len(left) <= 200):
        # most lines: all letters since the last space (isalpha is true of no marker, and of
        # letters only, which the pattern's class holds), so that is the run of letters
        return word
    m = SPLIT_LEFT_REVERSED.match(visible(left[-200:])[::-1])
    return m.group(1)[::-1] if m else None


def join(left: str, right: str, vocab: Vocabulary) -> str:
    """Join two lines of one paragraph, undoing line-end hyphenation."""
    left = left.rstrip()
    right = right.lstrip()
    last = left[-1:]  # asked twice: one slice (a cached character) for two endswith calls
    if last == "/":
        return left + right  # a document symbol cut after a slash: "CTOC/COP/" / "2008/19"
    if last != "-" or not right:
        return f"{left} {right}" if left and right else left + right
    # only the end of the left part matters: looking at the tail keeps long joins linear
    left_word = _split_word(left)
    if not left_word:
        return f"{left} {right}"
    return left[:-1] + _after_hyphen(left_word, right, vocab) + right


class Joined:
    """The lines of one paragraph joined as they come, in time linear in their total length.

    ``join`` decides on the end of the text only, so the text is kept as a list of finished
    pieces and an end piece of a few hundred characters where the joins happen; joining each
    line to the whole text would copy it every time (quadratic in a long paragraph)."""

    PIECE = 512

    def __init__(self, first: str):
        self._done: list[str] = []
        self._end = first

    def add(self, line: str, vocab: Vocabulary) -> None:
        joined = join(self._end, line, vocab)
        if len(joined) > 2 * self.PIECE:
            cut = len(joined) - self.PIECE
            self._done.append(joined[:cut])
            joined = joined[cut:]
        self._end = joined

    @property
    def tail(self) -> str:
        """The end of the text: the last PIECE characters at least, when there are that many."""
        return self._end

    @property
    def text(self) -> str:
        return "".join(self._done) + self._end

