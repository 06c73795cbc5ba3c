"""Word-level diff of two texts: tokens to units and back.

With :mod:`treatycmp.unitdiff`, the only module that uses rapidfuzz or
diff-match-patch. As in diff-match-patch's "word mode", the tokens (see
:mod:`treatycmp.text`) are grouped into units (a word or a mark with the
space after it), each distinct unit key is mapped to one character, the
character strings are diffed (:func:`treatycmp.unitdiff.anchored_diff`), a
cleanup pass turns confetti into readable replacements, and the result is
mapped back to token ranges. A unit is never split, so a word is never split.

The diff is the one a legal reader wants, not the minimal one: a longest
common subsequence across two differently worded clauses picks scattered
``of the`` matches and hides the phrase one borrowed from the other. So the
units are aligned on shared phrases first, then on shared content words
(:func:`is_content_key`: not a function word), then on what is left; see
:mod:`treatycmp.unitdiff` and docs/figures.md ("The diff").

Three cleanups are offered (``cleanup=``):

- ``"content"`` (the default): an unchanged run of at most
  :data:`~treatycmp.unitdiff.FOLD_UNITS` units with no content word (``of
  the``, ``, and``) caught between changes is folded into one replacement
  (:func:`~treatycmp.unitdiff.fold_function_words`); a run with a content word always stays
  visible, so ``Article [-5-]{+6+} paragraph [-1-]{+2+}`` keeps
  ``paragraph``.
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
from itertools import accumulate, chain, compress
from operator import itemgetter
from dataclasses import dataclass
from typing import NamedTuple
from functools import cached_property, lru_cache, partial

from diff_match_patch import diff_match_patch

from .text import EXACT, Folding, Token, tokenize
from .unitdiff import Engine, anchored_diff, fold_function_words, merge

EQUAL, DELETE, INSERT = "equal", "delete", "insert"
DEFAULT_TIMEOUT = 5.0  # seconds diff-match-patch may spend before giving up on minimality
EDIT_COST = 3  # units (a word and its space): shorter unchanged runs between changes are folded
CLEANUPS = ("content", "efficiency", "semantic")
# (Token fields by position: a NamedTuple field read as an item is read faster.)
_IS_WORD = itemgetter(Token._fields.index("is_word"))
_OPENS = itemgetter(Token._fields.index("opens"))
# The characters that stand for units (never a surrogate).
_CODE_RANGES = (range(0x100, 0xD800), range(0xE000, 0x110000))
_CODES = sum(map(len, _CODE_RANGES))
_FIRST_CODES = tuple(map(chr, range(0x100, 0x500)))  # the first 1,024 of them
__all__ = ["EXACT", "FUNCTION_WORDS", "ClauseDiff", "DiffStats", "Opcode", "diff_texts",
           "is_content_key", "unit_texts"]

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


@dataclass(frozen=True)
class ClauseDiff:
    left: tuple[Token, ...]
    right: tuple[Token, ...]
    opcodes: tuple[Opcode, ...]
    folding: Folding
    complete: bool = True  # False if diff-match-patch hit its timeout

    def left_text(self, op: Opcode) -> str:
        return "".join(tok.t for tok in self.left[op.i1:op.i2])

    def right_text(self, op: Opcode) -> str:
        return "".join(tok.t for tok in self.right[op.j1:op.j2])

    def rebuild_left(self) -> str:
        return "".join(self.left_text(op) for op in self.opcodes if op.tag != INSERT)

    def rebuild_right(self) -> str:
        return "".join(self.right_text(op) for op in self.opcodes if op.tag != DELETE)

    @cached_property
    def stats(self) -> DiffStats:
        # Words before each token index, so that each opcode counts in O(1).
        left = [0, *accumulate(map(_IS_WORD, self.left))]
        right = [0, *accumulate(map(_IS_WORD, self.right))]
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


def _units(tokens: tuple[Token, ...], exact_space: bool) -> tuple[list[str], list[int]]:
    """Group tokens into diff units: a word or mark with the space after it.

    Spaces (and invisible characters, whose key is empty) are then never
    units of their own, which halves the work of the diff and keeps changes
    on word boundaries. A unit's key is its word's key alone, so that a word
    is the same word whether a space, a comma or a full stop follows it;
    only when whitespace is not folded (``exact_space``) do the spaces count.
    Returns the unit keys and the index of each unit's first token (plus a
    final sentinel).
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
    return keys, starts


def unit_texts(tokens: tuple[Token, ...], lo: int, hi: int) -> list[str]:
    """The exact texts of the units of ``tokens[lo:hi]`` (a word or mark with
    the spaces after it): the two sides of an equal opcode have the same
    number of units, matched one to one, even where one side has a space
    that the other has not."""
    out: list[str] = []
    for token in tokens[lo:hi]:
        if out and (token.t[0].isspace() or not token.n):
            out[-1] += token.t
        else:
            out.append(token.t)
    return out


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
_MAX_SEEN = 200_000


def _content_units(table: dict[str, str]) -> frozenset[str]:
    """The characters of ``table`` that stand for content words (each key
    classified once, then looked up)."""
    try:
        return frozenset(compress(table.values(), map(_SEEN.__getitem__, table)))
    except KeyError:
        if len(_SEEN) + len(table) > _MAX_SEEN:
            _SEEN.clear()
        for key in table:
            if key not in _SEEN:
                _SEEN[key] = is_content_key(key)
        return frozenset(compress(table.values(), map(_SEEN.__getitem__, table)))


def _move_the_longer(diffs: list[tuple[int, str]], table: dict[str, str]) -> None:
    """Where a run and its neighbour of as many units swapped places (``shall
    immediately be``, ``shall be immediately``), both readings keep as many
    words; prefer the one in which the run with more letters is the one that
    moved, as a reader does."""
    letters: dict[str, int] = {}
    for k in range(len(diffs) - 2):
        (a, x), (middle, y), (b, z) = diffs[k:k + 3]
        if (middle == diff_match_patch.DIFF_EQUAL and x == z and len(x) == len(y) and {a, b} == {
                diff_match_patch.DIFF_DELETE, diff_match_patch.DIFF_INSERT}):
            if not letters:  # only now: most diffs have no swap
                letters = {char: sum(map(str.isalnum, key)) for key, char in table.items()}
            if sum(map(letters.get, y)) <= sum(map(letters.get, x)):
                continue
            diffs[k:k + 3] = [(b, y), (middle, x), (a, y)]


def diff_texts(left: str, right: str, folding: Folding = Folding(),
               timeout: float = DEFAULT_TIMEOUT, cleanup: str = "content") -> ClauseDiff:
    """Diff ``left`` against ``right`` word by word (``cleanup``: see the module).

    ``timeout`` (seconds, > 0) bounds diff-match-patch's search in a long
    region that no anchor cuts; if it is hit the diff is still correct (it
    rebuilds both texts) but may not be minimal, and ``complete`` is False so
    that a report can say so.
    """
    if timeout <= 0:
        raise ValueError("timeout must be positive")
    if cleanup not in CLEANUPS:
        raise ValueError(f"cleanup must be one of {CLEANUPS}")
    left_tokens, right_tokens = tokenize(left, folding), tokenize(right, folding)
    exact_space = not folding.whitespace
    left_keys, left_starts = _units(left_tokens, False)  # spaces: see _mark_spaces
    right_keys, right_starts = _units(right_tokens, False)
    left_chars, right_chars, table = _encode(left_keys, right_keys)
    content = _content_units(table)
    engine = Engine(timeout)
    diffs, plain = anchored_diff(engine, left_chars, right_chars, content,
                                  time.time() + timeout)
    if cleanup == "semantic":
        diffs = diffs if plain else merge(diffs)
        engine.diff_cleanupSemantic(diffs)
    elif cleanup == "efficiency":
        diffs = diffs if plain else merge(diffs)
        engine.Diff_EditCost = EDIT_COST
        engine.diff_cleanupEfficiency(diffs)
    elif not plain:
        diffs = fold_function_words(diffs, content)  # (merges too)
    _move_the_longer(diffs, table)
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
    made = tuple(map(_new_opcode, opcodes))
    if exact_space:
        made = tuple(_mark_spaces(made, left_tokens, right_tokens))
    return ClauseDiff(left_tokens, right_tokens, made, folding,
                      complete=not engine.timed_out)


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
            lw, rw = la + left[la].opens, ra + right[ra].opens  # the spaces after the word
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


def _unit_ranges(tokens: tuple[Token, ...], lo: int, hi: int) -> list[tuple[int, int]]:
    starts = [k for k in range(lo, hi) if tokens[k].opens]
    if not starts or starts[0] != lo:
        starts.insert(0, lo)
    return list(zip(starts, starts[1:] + [hi]))
