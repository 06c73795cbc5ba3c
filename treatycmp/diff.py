"""Word-level diff of two texts: tokens to units and back.

With :mod:`treatycmp.unitdiff` and :mod:`treatycmp.cleanup`, the only
modules that use rapidfuzz or diff-match-patch. As in diff-match-patch's
"word mode", the tokens (see :mod:`treatycmp.text`) are grouped into units
(a word or a mark with the space after it), each distinct unit key is
mapped to one character, the character strings are diffed
(:func:`treatycmp.unitdiff.anchored_diff`), a cleanup pass
(:mod:`treatycmp.cleanup`) turns confetti into readable replacements, and
the result is mapped back to token ranges. A unit is never split, so a
word is never split.

The diff is the one a legal reader wants, not the minimal one: a longest
common subsequence across two differently worded clauses picks scattered
``of the`` matches and hides the phrase one borrowed from the other. So the
units are aligned on shared phrases first, then on shared content words
(:func:`is_content_key`: not a function word), then on what is left; see
:mod:`treatycmp.unitdiff` and docs/figures.md ("The diff").

Three cleanups are offered (``cleanup=``):

- ``"content"`` (the default): an unchanged run of at most
  :data:`~treatycmp.cleanup.FOLD_UNITS` units with no content word (``of
  the``, ``, and``) caught between two rewritten stretches is folded into one
  replacement (:func:`~treatycmp.cleanup.fold_function_words`); a run with a
  content word always stays visible, so ``Article [-5-]{+6+} paragraph
  [-1-]{+2+}`` keeps ``paragraph``, and so does a word between two small
  changes (``([-a-]{+b+}) and [-2.5-]{+3.5+}``) or changes of punctuation
  only; a change never spreads over two points of a list.

Whatever the cleanup, in a text of several lines (a list, a group of
paragraphs) a lone insertion or deletion that could stand in several places
is then slid to the best boundaries (a line break first: :func:`_slide`), so
that a point inserted into a list shows whole on its own line. A point label at the start of a line (``(a)``, ``(iv)``, ``1.``) is
structure, not wording: one unit whose key
(:data:`treatycmp.labels.LABEL_KEY`) matches any label, and no word in the
figures (:func:`treatycmp.labels.label_spans`).
- ``"efficiency"``: diff-match-patch's ``diff_cleanupEfficiency`` with an
  edit cost of :data:`EDIT_COST` units: any short unchanged run between
  changes on both sides is folded, content words too.
- ``"semantic"``: ``diff_cleanupSemantic``, which also removes any unchanged
  run shorter than the changes around it; it suits near-identical texts.

Results are index ranges (:class:`Opcode`, as in difflib), never strings: each
side's text is always read from its own tokens, so the display is the exact
stored text even where matching folded case or quotes.

>>> d = diff_texts("any armed attack", "toute attaque armée", folding=EXACT)
>>> d.rebuild_left(), d.rebuild_right()
('any armed attack', 'toute attaque armée')
>>> d = diff_texts("the Parties agree", "the parties decide")
>>> [(op.tag, d.left_text(op), d.right_text(op)) for op in d.opcodes]
[('equal', 'the Parties ', 'the parties '), ('delete', 'agree', ''), ('insert', '', 'decide')]
"""

from __future__ import annotations

import time
from bisect import bisect_right
from itertools import accumulate, chain, compress
from operator import itemgetter
from typing import NamedTuple, Sequence
from functools import lru_cache, partial

from diff_match_patch import diff_match_patch

from .cleanup import fold_function_words, merge, shift_edits
from .labels import LABEL_KEY, known_labels, label_spans, remember_labels
from .text import EXACT, Folding, Token, tokenize
from .unitdiff import Engine, anchored_diff, turn

EQUAL, DELETE, INSERT = "equal", "delete", "insert"
DEFAULT_TIMEOUT = 5.0  # seconds diff-match-patch may spend before giving up on minimality
SLIDE_UNITS = 200  # units a lone change may slide each way (see _slide)
EDIT_COST = 3  # units (a word and its space): shorter unchanged runs between changes are folded
CLEANUPS = ("content", "efficiency", "semantic")
# (Token fields by position: a NamedTuple field read as an item is read faster.)
_IS_WORD = itemgetter(Token._fields.index("is_word"))
_OPENS = itemgetter(Token._fields.index("opens"))
# The characters that stand for units (never a surrogate).
_CODE_RANGES = (range(0x100, 0xD800), range(0xE000, 0x110000))
_CODES = sum(map(len, _CODE_RANGES))
_FIRST_CODES = tuple(map(chr, range(0x100, 0x500)))  # the first 1,024 of them
_TEXT = itemgetter(Token._fields.index("t"))
__all__ = ["EXACT", "FUNCTION_WORDS", "ClauseDiff", "DiffStats", "Opcode", "count_words",
           "diff_texts", "is_content_key", "unit_ranges", "unit_texts"]

_SENTENCE_MARKS = frozenset(".;:!?\u3002\uff1b\uff1a\uff01\uff1f\u061b\u061f")

# Function words (articles, prepositions, conjunctions, pronouns, auxiliaries)
# of the corpus's languages and their neighbours, as comparison keys (case
# folded, one apostrophe). A word not listed, a number, or a word of another
# script is a content word: what a legal reader checks (names, numbers,
# dates, references, the terms of an obligation). See docs/figures.md.
FUNCTION_WORDS = frozenset("""
a an the of to in on at by for with from into onto upon and or nor but as that this these
those which who whom whose what it its they them their there thereof therein thereto hereby
herein be is are was were been being shall will may might must should would can could has
have had do does did not no any all each every such other another some if so than then also
between among under over after before within without against same either neither both only
he she him her his we us our you your i me my one's
le la les l' un une des du de d' et ou à au aux en dans par pour sur sous avec sans entre
que qu' qui dont ce cet cette ces c' son sa ses leur leurs il elle ils elles se s' ne n' pas
est sont sera seront être a ont y tout toute tous toutes autre autres même ainsi si lorsque
lorsqu' jusqu' plus
el los las lo y o del al una unos unas con para por según cada su sus
der die das den dem des ein eine einer eines einem und oder zu von mit für auf an im ist sind
il lo gli di e da per della dello delle degli nel nella che
os as em do da dos das no na nos nas com um uma
и в во на с со по к ко от до из за о об для или не что как а но же его её их это этот эта
эти который которая которые которых быть при между также любой любая любого каждый
في من على إلى أو و أن إن عن مع هذا هذه التي الذي كل أي لا ما قد ذلك بين
的 之 和 或 与 及 在 对 其 为 以 于 中
""".split())


def _word_flags(tokens: tuple[Token, ...], spans: Sequence[tuple[int, int]] | None = None):
    """Which tokens are words a reader counts (an iterable of booleans):
    point labels (``spans``, found if None) are not."""
    if spans is None:
        spans = known_labels(tokens)
    if not spans:
        return map(_IS_WORD, tokens)
    flags = list(map(_IS_WORD, tokens))
    for a, b in spans:
        flags[a:b] = [False] * (b - a)
    return flags


def count_words(text: str, folding: Folding = Folding()) -> int:
    """The words of ``text`` as the figures count them: the words of
    :func:`treatycmp.text.word_count` less the point labels (:func:`treatycmp.labels.label_spans`)."""
    tokens = tokenize(text, folding)
    return sum(_word_flags(tokens, label_spans(tokens, text=text)))


@lru_cache(maxsize=1 << 16)
def is_content_key(key: str) -> bool:
    """Whether a unit key (a word's comparison key) is a content word: it
    has a letter or digit and is not a function word."""
    first = key.split("\x00", 1)[0]  # a key with its spaces (whitespace not folded)
    return (any(c.isalnum() for c in first)
            and first.casefold().replace("’", "'") not in FUNCTION_WORDS)


class Opcode(NamedTuple):
    """``left[i1:i2]`` becomes ``right[j1:j2]``; tag equal, delete or insert.

    ``move`` numbers a deleted run that reappears as an inserted run
    elsewhere in the clause (the insert carries the same number); see
    :mod:`treatycmp.moves`. (A named tuple: a diff makes many.)
    """

    tag: str
    i1: int
    i2: int
    j1: int
    j2: int
    move: int | None = None


# An opcode from a tuple of all six fields, without the keyword-handling
# constructor that a named tuple's call goes through (a diff makes many).
_new_opcode = partial(tuple.__new__, Opcode)

class DiffStats(NamedTuple):
    """Word counts of a diff (punctuation and spaces are not words)."""

    left_words: int
    right_words: int
    unchanged: int
    deleted: int  # not counting moved words
    inserted: int  # not counting moved words
    moved: int = 0  # words in moved runs (the same words on each side)

    @property
    def word_similarity(self) -> float:
        """Share of words shown unchanged, in order: ``2·unchanged / (left + right)``."""
        total = self.left_words + self.right_words
        return 2 * self.unchanged / total if total else 1.0

    def __add__(self, other: DiffStats) -> DiffStats:
        return DiffStats(self.left_words + other.left_words, self.right_words + other.right_words,
                         self.unchanged + other.unchanged, self.deleted + other.deleted,
                         self.inserted + other.inserted, self.moved + other.moved)


class ClauseDiff:
    """The diff of two texts: each side's tokens, the opcodes over them, the
    folding, ``complete`` (False if diff-match-patch hit its timeout) and the
    point labels of each side (:func:`treatycmp.labels.label_spans`), if known (else found
    when needed). Immutable; equal when tokens, opcodes, folding and
    ``complete`` are.

    (A plain class, as the results of :mod:`treatycmp.compare` are named
    tuples: a frozen dataclass costs every process that starts ~0.6 ms to
    create, and its cached ``stats`` needs a place to be kept.)"""

    __slots__ = ("left", "right", "opcodes", "folding", "complete", "left_labels",
                 "right_labels", "_stats")

    def __init__(self, left: tuple[Token, ...], right: tuple[Token, ...],
                 opcodes: tuple[Opcode, ...], folding: Folding, complete: bool = True,
                 left_labels: tuple[tuple[int, int], ...] | None = None,
                 right_labels: tuple[tuple[int, int], ...] | None = None) -> None:
        for name, value in (("left", left), ("right", right), ("opcodes", opcodes),
                            ("folding", folding), ("complete", complete),
                            ("left_labels", left_labels), ("right_labels", right_labels),
                            ("_stats", None)):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError(f"ClauseDiff is immutable: cannot set {name}")

    def _key(self) -> tuple:
        return (self.left, self.right, self.opcodes, self.folding, self.complete)

    def __eq__(self, other) -> bool:
        return self._key() == other._key() if isinstance(other, ClauseDiff) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __reduce__(self):  # (copy and pickle: through __init__)
        return ClauseDiff, (self.left, self.right, self.opcodes, self.folding, self.complete,
                            self.left_labels, self.right_labels)

    def __repr__(self) -> str:
        return (f"ClauseDiff(left={self.left!r}, right={self.right!r}, "
                f"opcodes={self.opcodes!r}, folding={self.folding!r}, "
                f"complete={self.complete!r})")

    def left_text(self, op: Opcode) -> str:
        return "".join(tok.t for tok in self.left[op.i1:op.i2])

    def right_text(self, op: Opcode) -> str:
        return "".join(tok.t for tok in self.right[op.j1:op.j2])

    def rebuild_left(self) -> str:
        return "".join(self.left_text(op) for op in self.opcodes if op.tag != INSERT)

    def rebuild_right(self) -> str:
        return "".join(self.right_text(op) for op in self.opcodes if op.tag != DELETE)

    @property
    def stats(self) -> DiffStats:
        """Word counts of the diff (computed once)."""
        if self._stats is None:
            object.__setattr__(self, "_stats", self._count())
        return self._stats

    def _count(self) -> DiffStats:
        # Words before each token index, so that each opcode counts in O(1).
        # (Point labels are not words: see label_spans.)
        left = [0, *accumulate(_word_flags(self.left, self.left_labels))]
        right = [0, *accumulate(_word_flags(self.right, self.right_labels))]
        unchanged = deleted = inserted = moved = 0
        for op in self.opcodes:
            if op.tag == EQUAL:
                unchanged += left[op.i2] - left[op.i1]
            elif op.tag == DELETE and op.move is not None:
                moved += left[op.i2] - left[op.i1]
            elif op.tag == DELETE:
                deleted += left[op.i2] - left[op.i1]
            elif op.move is None:
                inserted += right[op.j2] - right[op.j1]
        return DiffStats(left[-1], right[-1], unchanged, deleted, inserted, moved)


def _units(tokens: tuple[Token, ...], exact_space: bool,
           spans: tuple[tuple[int, int], ...] = ()) -> tuple[list[str], list[int]]:
    """Group tokens into diff units: a word or mark with the space after it.

    Spaces (and invisible characters, whose key is empty) are then never
    units of their own, which halves the work of the diff and keeps changes
    on word boundaries. A unit's key is its word's key alone, so that a word
    is the same word whether a space, a comma or a full stop follows it;
    only when whitespace is not folded (``exact_space``) do the spaces count.
    A point label (``spans``: see :func:`treatycmp.labels.label_spans`) is one unit, whose key
    is :data:`LABEL_KEY`. Returns the unit keys and the index of each unit's
    first token (plus a final sentinel).
    """
    starts = list(compress(range(len(tokens)), map(_OPENS, tokens)))
    if tokens and (not starts or starts[0]):
        starts.insert(0, 0)  # a text that opens with spaces: they are a unit
    if exact_space:
        keys = ["\x00".join(tok.n for tok in tokens[a:b])
                for a, b in zip(starts, starts[1:] + [len(tokens)])]
    else:
        keys = [tokens[index].n for index in starts]
    starts.append(len(tokens))
    if spans:  # a label is one unit, with one key for all labels
        new_keys: list[str] = []
        new_starts: list[int] = []
        done = 0  # units copied
        for a, b in spans:
            u = bisect_right(starts, a) - 1
            v = bisect_right(starts, b - 1)  # the units of the label: u .. v - 1
            new_keys += keys[done:u]
            new_keys.append(LABEL_KEY)
            new_starts += starts[done:u + 1]
            done = v
        keys, starts = new_keys + keys[done:], new_starts + starts[done:]
    return keys, starts


def unit_texts(tokens: tuple[Token, ...], lo: int, hi: int) -> list[str]:
    """The exact texts of the units of ``tokens[lo:hi]`` (a word or mark with
    the spaces after it): the two sides of an equal opcode have the same
    number of units, matched one to one, even where one side has a space
    that the other has not (a point label is one unit: see :func:`treatycmp.labels.label_spans`)."""
    return ["".join(map(_TEXT, tokens[a:b])) for a, b in _unit_ranges(tokens, lo, hi)]


def _encode(left: list[str], right: list[str]) -> tuple[str, str, dict[str, str]]:
    """Map each distinct unit key to one character (diff-match-patch's word
    mode); also returns the table."""
    distinct = dict.fromkeys(chain(left, right))
    if len(distinct) <= len(_FIRST_CODES):  # (a clause: its characters are made once)
        table = dict(zip(distinct, _FIRST_CODES))
    elif len(distinct) > _CODES:
        raise ValueError("too many distinct words to diff")  # over a million: not a text
    else:
        table = dict(zip(distinct, map(chr, chain(*_CODE_RANGES))))
    return "".join(map(table.__getitem__, left)), "".join(map(table.__getitem__, right)), table


_SEEN: dict[str, bool] = {}  # unit keys already classified (a cache: same results)
_WORDY: dict[str, bool] = {}  # the same keys: a word or not (see _word_test)
_MAX_SEEN = 200_000


def _content_units(table: dict[str, str]) -> frozenset[str]:
    """The characters of ``table`` that stand for content words (each key
    classified once, then looked up)."""
    try:
        return frozenset(compress(table.values(), map(_SEEN.__getitem__, table)))
    except KeyError:
        if len(_SEEN) + len(table) > _MAX_SEEN:
            _SEEN.clear()
            _WORDY.clear()
        for key in table:
            if key not in _SEEN:
                _SEEN[key] = is_content_key(key)
                # A word (for the cleanup): a mark is one character that is
                # no letter nor digit; a label is no word.
                _WORDY[key] = (len(key) > 1 or key.isalnum()) and key != LABEL_KEY
        return frozenset(compress(table.values(), map(_SEEN.__getitem__, table)))


def _move_the_longer(diffs: list[tuple[int, str]], table: dict[str, str]) -> bool:
    """Where a run and its neighbour of as many units swapped places (``shall
    immediately be``, ``shall be immediately``), both readings keep as many
    words; prefer the one in which the run with more letters is the one that
    moved, as a reader does. Returns whether ``diffs`` changed."""
    letters: dict[str, int] = {}
    changed = False
    for k in range(len(diffs) - 2):
        a, x = diffs[k]
        if not a:  # (DIFF_EQUAL is 0: most windows end here)
            continue
        middle, y = diffs[k + 1]
        b, z = diffs[k + 2]
        if (middle == diff_match_patch.DIFF_EQUAL and b == -a and x == z and len(x) == len(y)):
            if not letters:  # only now: most diffs have no swap
                letters = {char: sum(map(str.isalnum, key)) for key, char in table.items()}
            if sum(map(letters.get, y)) <= sum(map(letters.get, x)):
                continue
            diffs[k:k + 3] = [(b, y), (middle, x), (a, y)]
            changed = True
    return changed


def _word_test(table: dict[str, str]):
    """A function ``has_words(units, m)``: whether ``m`` of some units
    (characters of :func:`_encode`'s ``table``) are words (a label is not)."""
    words: set[str] = set()

    def has_words(chars: str, m: int) -> bool:
        if not words:  # (made only if a run may be folded)
            # (_content_units classified every key of the table just before.)
            words.update(compress(table.values(), map(_WORDY.__getitem__, table)))
            words.add("")  # (never a unit: the set is made)
        for char in chars:
            if char in words:
                m -= 1
                if m <= 0:
                    return True
        return m <= 0
    return has_words


def _holds_break(left: tuple[Token, ...], left_starts: list[int], left_keys: list[str],
                 right: tuple[Token, ...], right_starts: list[int], right_keys: list[str],
                 i: int, j: int, n: int) -> bool:
    """Whether the units ``i:i + n`` of the left or ``j:j + n`` of the right
    hold a line break or a point label (for the cleanup: a change never
    spreads over two points of a list)."""
    return (LABEL_KEY in left_keys[i:i + n] or LABEL_KEY in right_keys[j:j + n]
            or "\n" in "".join(map(_TEXT, left[left_starts[i]:left_starts[i + n]]))
            or "\n" in "".join(map(_TEXT, right[right_starts[j]:right_starts[j + n]])))


def _glued(left: tuple[Token, ...], left_starts: list[int], right: tuple[Token, ...],
           right_starts: list[int], i: int, j: int, n: int) -> bool:
    """Whether the units ``i:i + n`` of the left and ``j:j + n`` of the right
    end with a word glued to the next word, on both sides (an elided ``l’``:
    for the cleanup, it belongs to the word after it)."""
    a, b = left_starts[i + n], right_starts[j + n]  # the tokens after the run
    return (0 < a < len(left) and left[a - 1].is_word and left[a].is_word
            and 0 < b < len(right) and right[b - 1].is_word and right[b].is_word)


def _boundary(tokens: tuple[Token, ...], starts: list[int], x: int) -> int:
    """How good a place the boundary before unit ``x`` is for a change to
    start or end, as diff-match-patch's ``cleanupSemanticLossless`` scores
    it on characters: 6 the edge of the text, 5 a blank line, 4 a line break
    (before a point), 3 the end of a sentence or clause (``. ; :`` and a
    space), 2 another mark and a space, 1 a space, 0 none (``(``, ``l’``)."""
    if x <= 0 or x >= len(starts) - 1:
        return 6
    a, b = starts[x - 1], starts[x]  # the unit before the boundary
    spaces = tokens[b - 1].t  # (a unit ends with its run of whitespace, if any)
    if not spaces[:1].isspace():
        return 0
    if spaces.count("\n") >= 2:
        return 5
    if "\n" in spaces:
        return 4
    if tokens[a].t in _SENTENCE_MARKS:
        return 3
    return 1 if tokens[a].is_word else 2


def _slide(diffs: list[tuple[int, str]], found: list[tuple[int, int, int]], left: str,
           right: str, left_units: tuple, right_units: tuple) -> bool:
    """Slide each lone insertion or deletion (unchanged text on each side of
    it) to the best boundaries where an equivalent diff puts it (git's diff
    "slider" heuristic, diff-match-patch's semantic lossless cleanup, on
    units): ``(b) to {+exchange information; (c) to+} assist`` becomes
    ``{+(b) to exchange information;+}`` on its own line. Where no place is
    better than another (see :func:`_boundary`), the change stays put.
    ``found``: the changes that may slide (see :func:`_opcodes`), as their
    index in ``diffs`` and where they start (left and right unit indexes).
    Returns whether ``diffs`` changed."""
    changed = False
    equal = diff_match_patch.DIFF_EQUAL
    for k, i, j in reversed(found):  # (from the end: a slide changes only what follows)
        op, chars = diffs[k]
        n = len(chars)
        before = diffs[k - 1][1] if k else ""
        after = diffs[k + 1][1] if k + 1 < len(diffs) else ""
        if op == diff_match_patch.DIFF_DELETE:
            text, (tokens, starts), p = left, left_units, i
        else:
            text, (tokens, starts), p = right, right_units, j
        lo, hi = p - len(before), p + n + len(after)
        # Keep an unchanged unit between this change and any change next to it.
        first = lo if k < 2 else lo + 1
        end = hi - n if k + 2 >= len(diffs) else hi - n - 1
        # (At most SLIDE_UNITS each way: a repetitive text could slide far.)
        first, end = max(first, p - SLIDE_UNITS), min(end, p + SLIDE_UNITS)
        q = p
        while q > first and text[q - 1] == text[q + n - 1]:
            q -= 1
        r = p
        while r < end and text[r] == text[r + n]:
            r += 1
        if q == r:
            continue
        best, score = p, _boundary(tokens, starts, p) + _boundary(tokens, starts, p + n)
        for x in range(q, r + 1):
            found_score = _boundary(tokens, starts, x) + _boundary(tokens, starts, x + n)
            if found_score > score:
                best, score = x, found_score
        if best != p:
            pieces = [(equal, text[lo:best]), (op, text[best:best + n]),
                      (equal, text[best + n:hi])]
            diffs[k - 1 if k else k:k + 2] = [piece for piece in pieces if piece[1]]
            changed = True
    return changed


def _plain_opcodes(diffs: list[tuple[int, str]], left_starts: list[int],
                   right_starts: list[int]) -> list[tuple]:
    """The opcodes of ``diffs`` (as tuples: token ranges)."""
    opcodes, i, j = [], 0, 0  # unit indexes
    for op, chars in diffs:
        k = len(chars)
        if op == diff_match_patch.DIFF_EQUAL:
            item = (EQUAL, left_starts[i], left_starts[i + k], right_starts[j],
                    right_starts[j + k], None)
            i += k
            j += k
        elif op == diff_match_patch.DIFF_DELETE:
            item = (DELETE, left_starts[i], left_starts[i + k], right_starts[j],
                    right_starts[j], None)
            i += k
        else:
            item = (INSERT, left_starts[i], left_starts[i], right_starts[j],
                    right_starts[j + k], None)
            j += k
        opcodes.append(item)
    return opcodes


def _opcodes(diffs: list[tuple[int, str]], left_starts: list[int], right_starts: list[int],
             ) -> tuple[list[tuple], list[tuple[int, int, int]], bool]:
    """The opcodes of ``diffs`` (as tuples: token ranges); the lone changes
    whose last unit ends the unchanged text before them or whose first unit
    starts the one after it (they may slide: :func:`_slide`), with their
    index and unit positions; and whether a change reappears on the other
    side just after an unchanged run (a swap: :func:`_move_the_longer`)."""
    opcodes, i, j = [], 0, 0  # unit indexes
    last = len(diffs) - 1
    slides: list[tuple[int, int, int]] = []
    swap = False
    for k, (op, chars) in enumerate(diffs):
        n = len(chars)
        if not op:  # (DIFF_EQUAL is 0)
            opcodes.append((EQUAL, left_starts[i], left_starts[i + n], right_starts[j],
                            right_starts[j + n], None))
            i += n
            j += n
            continue
        if 0 < k < last:  # (the usual case: unchanged text on each side)
            before, after = diffs[k - 1], diffs[k + 1]
            if ((before[1][-1] == chars[-1] or after[1][0] == chars[0])
                    and not before[0] and not after[0]):
                slides.append((k, i, j))
            if (not swap and k + 2 <= last and diffs[k + 2][1] == chars and not after[0]
                    and diffs[k + 2][0] == -op):
                swap = True
        elif last and (diffs[1][1][0] == chars[0] and not diffs[1][0] if k == 0
                       else diffs[k - 1][1][-1] == chars[-1] and not diffs[k - 1][0]):
            slides.append((k, i, j))  # (a change at an end of the text)
        elif k == 0 and last >= 2 and diffs[2][1] == chars and not diffs[1][0]:
            swap = True
        if op == diff_match_patch.DIFF_DELETE:
            opcodes.append((DELETE, left_starts[i], left_starts[i + n], right_starts[j],
                            right_starts[j], None))
            i += n
        else:
            opcodes.append((INSERT, left_starts[i], left_starts[i], right_starts[j],
                            right_starts[j + n], None))
            j += n
    return opcodes, slides, swap


def diff_texts(left: str, right: str, folding: Folding = Folding(),
               timeout: float = DEFAULT_TIMEOUT, cleanup: str = "content") -> ClauseDiff:
    """Diff ``left`` against ``right`` word by word (``cleanup``: see the module).

    ``timeout`` (seconds, > 0) bounds diff-match-patch's search in a long
    region that no anchor cuts; if it is hit the diff is still correct (it
    rebuilds both texts) but may not be minimal, and ``complete`` is False so
    that a report can say so.

    The diff is symmetric: ``diff_texts(b, a)`` is ``diff_texts(a, b)`` seen
    from the other side (:func:`mirrored`), so a pair shows the same words
    unchanged whichever text is on the left. (Among matches as good as each
    other, the passes choose by their place in the text read first, so the
    two texts are always read in one order: the lesser string first.)
    """
    if timeout <= 0:
        raise ValueError("timeout must be positive")
    if cleanup not in CLEANUPS:
        raise ValueError(f"cleanup must be one of {CLEANUPS}")
    return _diff(left, right, folding, timeout, cleanup, turned=right < left)


def mirrored(diff: ClauseDiff) -> ClauseDiff:
    """The same diff seen from the other side: left and right swapped, what
    was deleted inserted and the reverse. A change is written as what is
    deleted, then what is inserted (a change whose parts alternate, as a
    space change before a word change does, keeps its parts in their order,
    each still deletion first). Seen from the other side twice, a diff reads
    as itself (the same runs unchanged, deleted and inserted), though a
    change that began with an insertion now begins with its deletion."""
    out: list[Opcode] = []
    new = _new_opcode
    part: list[Opcode] = []  # a part of a change: deletions, then insertions
    for op in (*diff.opcodes, None):
        tag = op[0] if op is not None else None
        if tag == DELETE and part and part[-1][0] == INSERT or tag == EQUAL or tag is None:
            if part:  # (original tags: its insertions are now deleted, and come first)
                i, j = part[0][3], part[0][1]  # where it starts on each (new) side
                i_end = i + sum(o[4] - o[3] for o in part if o[0] == INSERT)
                for o in part:
                    if o[0] == INSERT:
                        out.append(new((DELETE, i, i + o[4] - o[3], j, j, o[5])))
                        i += o[4] - o[3]
                for o in part:
                    if o[0] == DELETE:
                        out.append(new((INSERT, i_end, i_end, j, j + o[2] - o[1], o[5])))
                        j += o[2] - o[1]
                part = []
            if tag == EQUAL:
                out.append(new((EQUAL, op[3], op[4], op[1], op[2], op[5])))
                continue
            if tag is None:
                break
        part.append(op)
    return ClauseDiff(diff.right, diff.left, tuple(out), diff.folding, diff.complete,
                      diff.right_labels, diff.left_labels)


def renumbered(diff: ClauseDiff, numbers: dict[int, int]) -> ClauseDiff:
    """``diff`` with its moves numbered ``numbers[old]``."""
    return ClauseDiff(diff.left, diff.right,
                      tuple(op if op.move is None else op._replace(move=numbers[op.move])
                            for op in diff.opcodes),
                      diff.folding, diff.complete, diff.left_labels, diff.right_labels)


def _diff(left: str, right: str, folding: Folding, timeout: float, cleanup: str,
          turned: bool = False) -> ClauseDiff:
    """The diff of ``left`` and ``right``; ``turned``: their units aligned and
    cleaned up reading ``right`` first (see :func:`diff_texts`), the result
    then seen from the left."""
    left_tokens, right_tokens = tokenize(left, folding), tokenize(right, folding)
    exact_space = not folding.whitespace
    left_labels = tuple(label_spans(left_tokens, text=left))
    right_labels = tuple(label_spans(right_tokens, text=right))
    remember_labels(left_tokens, left_labels)
    remember_labels(right_tokens, right_labels)
    left_keys, left_starts = _units(left_tokens, False, left_labels)  # spaces: see _mark_spaces
    right_keys, right_starts = _units(right_tokens, False, right_labels)
    # The passes read a first, then b.
    (a_tokens, a_starts, a_keys), (b_tokens, b_starts, b_keys) = (
        ((right_tokens, right_starts, right_keys), (left_tokens, left_starts, left_keys))
        if turned else
        ((left_tokens, left_starts, left_keys), (right_tokens, right_starts, right_keys)))
    a_chars, b_chars, table = _encode(a_keys, b_keys)
    content = _content_units(table)
    engine = Engine(timeout)
    diffs, plain = anchored_diff(engine, a_chars, b_chars, content, time.time() + timeout)
    if cleanup == "semantic":
        diffs = diffs if plain else merge(diffs)
        engine.diff_cleanupSemantic(diffs)
    elif cleanup == "efficiency":
        diffs = diffs if plain else merge(diffs)
        engine.Diff_EditCost = EDIT_COST
        engine.diff_cleanupEfficiency(diffs)
    elif not plain:
        diffs = shift_edits(fold_function_words(
            diffs, content, _word_test(table),
            partial(_holds_break, a_tokens, a_starts, a_keys, b_tokens, b_starts, b_keys),
            partial(_glued, a_tokens, a_starts, b_tokens, b_starts)))
    else:
        diffs = shift_edits(diffs)
    opcodes = None
    if "\n" in left or "\n" in right:  # lines (a list, paragraphs): changes may slide
        opcodes, slides, swap = _opcodes(diffs, a_starts, b_starts)
        changed = bool(slides) and _slide(diffs, slides, a_chars, b_chars,
                                          (a_tokens, a_starts), (b_tokens, b_starts))
        if swap or changed:  # (a slide may make a swap)
            changed = _move_the_longer(diffs, table) or changed
        if changed:
            opcodes = None
    else:
        _move_the_longer(diffs, table)
    if turned:
        opcodes = _plain_opcodes(turn(diffs), left_starts, right_starts)
    elif opcodes is None:
        opcodes = _plain_opcodes(diffs, left_starts, right_starts)
    made = tuple(map(_new_opcode, opcodes))
    if exact_space:
        made = tuple(_mark_spaces(made, left_tokens, right_tokens))
    return ClauseDiff(left_tokens, right_tokens, made, folding,
                      complete=not engine.timed_out, left_labels=left_labels,
                      right_labels=right_labels)


def _mark_spaces(opcodes: list[Opcode], left: tuple[Token, ...],
                 right: tuple[Token, ...]) -> list[Opcode]:
    """With whitespace compared (F8): in an equal run, a word followed by
    different spaces stays equal and only the spaces are marked."""
    out: list[Opcode] = []
    for op in opcodes:
        if op.tag != EQUAL:
            out.append(op)
            continue
        i, j = op.i1, op.j1  # where the equal run not yet written starts
        for (la, lb), (ra, rb) in zip(_unit_ranges(left, op.i1, op.i2),
                                      _unit_ranges(right, op.j1, op.j2)):
            lw, rw = _spaces_at(left, la, lb), _spaces_at(right, ra, rb)  # after the word
            if "".join(t.n for t in left[lw:lb]) == "".join(t.n for t in right[rw:rb]):
                continue
            if lw > i or rw > j:
                out.append(Opcode(EQUAL, i, lw, j, rw))
            if lb > lw:
                out.append(Opcode(DELETE, lw, lb, rw, rw))
            if rb > rw:
                out.append(Opcode(INSERT, lb, lb, rw, rb))
            i, j = lb, rb
        if i < op.i2 or j < op.j2:
            out.append(Opcode(EQUAL, i, op.i2, j, op.j2))
    return out


def unit_ranges(tokens: tuple[Token, ...], lo: int, hi: int) -> list[tuple[int, int]]:
    """The token ranges of the units of ``tokens[lo:hi]`` (as :func:`unit_texts`)."""
    return _unit_ranges(tokens, lo, hi)


def _spaces_at(tokens: tuple[Token, ...], a: int, b: int) -> int:
    """Where the spaces after the word (or label) of the unit ``tokens[a:b]`` start."""
    k = a + tokens[a].opens
    while k < b and tokens[k].opens:  # (a label: its marks and letters)
        k += 1
    return k


def _unit_ranges(tokens: tuple[Token, ...], lo: int, hi: int) -> list[tuple[int, int]]:
    """The token ranges of the units of ``tokens[lo:hi]``: a word or mark with
    the spaces after it, a point label with the space after it."""
    starts = [k for k in range(lo, hi) if tokens[k].opens]
    if not starts or starts[0] != lo:
        starts.insert(0, lo)
    for a, b in reversed(label_spans(tokens, lo, hi)):
        u = bisect_right(starts, a) - 1
        del starts[u + 1:bisect_right(starts, b - 1)]
    return list(zip(starts, starts[1:] + [hi]))
