"""Word-level diff of two texts, built on diff-match-patch.

The only module that uses diff-match-patch. As in its "word mode", each
distinct token key (see :mod:`treatycmp.text`) is mapped to one character,
the character strings are diffed, a cleanup pass turns confetti into
readable replacements, and the result is mapped back to token ranges. A token
is never split, so a word is never split.

Two cleanups are offered (``cleanup=``):

- ``"efficiency"`` (the default): diff-match-patch's ``diff_cleanupEfficiency``
  with an edit cost of :data:`EDIT_COST` tokens: an unchanged run shorter than
  that (a lone space, ``de``, ``, et``) between changes is folded into one
  replacement, while longer shared phrases stay visible.
- ``"semantic"``: ``diff_cleanupSemantic``, which also removes any unchanged
  run shorter than the changes around it. On texts as different as the
  flagship pair it swallows shared phrases such as "sera considérée comme
  une" into a single replacement of a whole sentence, hiding the very
  borrowing a reader looks for; it suits near-identical texts.

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
from dataclasses import dataclass

from diff_match_patch import diff_match_patch

from .text import EXACT, Folding, Token, tokenize

EQUAL, DELETE, INSERT = "equal", "delete", "insert"
DEFAULT_TIMEOUT = 5.0  # seconds diff-match-patch may spend before giving up on minimality
EDIT_COST = 4  # tokens (a word and a space are two): unchanged runs shorter than this between changes are folded
CLEANUPS = ("efficiency", "semantic")
_FIRST_CODE = 0x100
_SURROGATES = range(0xD800, 0xE000)
__all__ = ["EXACT", "ClauseDiff", "DiffStats", "Opcode", "diff_texts"]


@dataclass(frozen=True)
class Opcode:
    """``left[i1:i2]`` becomes ``right[j1:j2]``; tag equal, delete or insert."""

    tag: str
    i1: int
    i2: int
    j1: int
    j2: int


@dataclass(frozen=True)
class DiffStats:
    """Word counts of a diff (punctuation and spaces are not words)."""

    left_words: int
    right_words: int
    unchanged: int
    deleted: int
    inserted: int

    @property
    def word_similarity(self) -> float:
        """Share of words shown unchanged, in order: ``2·unchanged / (left + right)``."""
        total = self.left_words + self.right_words
        return 2 * self.unchanged / total if total else 1.0

    def __add__(self, other: DiffStats) -> DiffStats:
        return DiffStats(*(a + b for a, b in zip(
            (self.left_words, self.right_words, self.unchanged, self.deleted, self.inserted),
            (other.left_words, other.right_words, other.unchanged, other.deleted,
             other.inserted))))


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

    @property
    def stats(self) -> DiffStats:
        def count(tokens: tuple[Token, ...]) -> int:
            return sum(1 for tok in tokens if tok.is_word)

        unchanged = deleted = inserted = 0
        for op in self.opcodes:
            if op.tag == EQUAL:
                unchanged += count(self.left[op.i1:op.i2])
            elif op.tag == DELETE:
                deleted += count(self.left[op.i1:op.i2])
            else:
                inserted += count(self.right[op.j1:op.j2])
        return DiffStats(count(self.left), count(self.right), unchanged, deleted, inserted)


class _Engine(diff_match_patch):
    """diff-match-patch that remembers whether its deadline cut a diff short."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.Diff_Timeout = timeout
        self.timed_out = False

    def diff_bisect(self, text1, text2, deadline):  # noqa: N802 (upstream name)
        result = super().diff_bisect(text1, text2, deadline)
        # The bisection only stops early when the deadline has passed.
        if time.time() > deadline:
            self.timed_out = True
        return result


def _encode(left: tuple[Token, ...], right: tuple[Token, ...]) -> tuple[str, str]:
    table: dict[str, str] = {}

    def char_for(key: str) -> str:
        if key not in table:
            code = _FIRST_CODE + len(table)
            if code >= _SURROGATES.start:
                code += len(_SURROGATES)
            table[key] = chr(code)
        return table[key]

    return ("".join(char_for(t.n) for t in left), "".join(char_for(t.n) for t in right))


def diff_texts(left: str, right: str, folding: Folding = Folding(),
               timeout: float = DEFAULT_TIMEOUT, cleanup: str = "efficiency") -> ClauseDiff:
    """Diff ``left`` against ``right`` word by word (``cleanup``: see the module).

    ``timeout`` (seconds, > 0) bounds diff-match-patch's search; if it is hit
    the diff is still correct (it rebuilds both texts) but may not be minimal,
    and ``complete`` is False so that a report can say so.
    """
    if timeout <= 0:
        raise ValueError("timeout must be positive")
    if cleanup not in CLEANUPS:
        raise ValueError(f"cleanup must be one of {CLEANUPS}")
    left_tokens, right_tokens = tokenize(left, folding), tokenize(right, folding)
    left_chars, right_chars = _encode(left_tokens, right_tokens)
    engine = _Engine(timeout)
    diffs = engine.diff_main(left_chars, right_chars, False)
    if cleanup == "semantic":
        engine.diff_cleanupSemantic(diffs)
    else:
        engine.Diff_EditCost = EDIT_COST
        engine.diff_cleanupEfficiency(diffs)
    opcodes, i, j = [], 0, 0
    for op, chars in diffs:
        k = len(chars)
        if op == diff_match_patch.DIFF_EQUAL:
            opcodes.append(Opcode(EQUAL, i, i + k, j, j + k))
            i, j = i + k, j + k
        elif op == diff_match_patch.DIFF_DELETE:
            opcodes.append(Opcode(DELETE, i, i + k, j, j))
            i += k
        else:
            opcodes.append(Opcode(INSERT, i, i, j, j + k))
            j += k
    return ClauseDiff(left_tokens, right_tokens, tuple(opcodes), folding,
                      complete=not engine.timed_out)
