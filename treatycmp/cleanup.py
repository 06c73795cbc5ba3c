"""The cleanups of a unit diff (:mod:`treatycmp.unitdiff`), as
diff-match-patch diffs of unit strings, one character per unit:

- :func:`merge`: adjacent equalities joined, each run of changes one
  deletion then one insertion;
- :func:`shift_edits`: a change in one text only that ends with the whole
  unchanged run before it (or begins with the one after) is shifted over it,
  so that a run which only cut a change in two is gone (diff-match-patch's
  cleanupMerge rule);
- :func:`fold_function_words`, the default cleanup: an unchanged run of at
  most :data:`FOLD_UNITS` units with no content word, caught between two
  rewritten stretches (changes of at least :data:`FOLD_MIN_WORDS` words), is
  folded into one replacement; between smaller changes it stays visible, and
  a run holding a line break or a point label is never folded.

"Content" is given as the set of unit characters that are content words
(:func:`treatycmp.diff.is_content_key` decides), so this module knows
nothing of words, only of units.
"""

from __future__ import annotations

from operator import and_, itemgetter
from typing import Callable

from diff_match_patch import diff_match_patch

FOLD_UNITS = 4  # units: longest run of function words and marks folded between changes
FOLD_MIN_WORDS = 3  # words (on its longer side) of a change that a run may be folded into


_OP_BYTE = {diff_match_patch.DIFF_DELETE: 0, diff_match_patch.DIFF_EQUAL: 1,
            diff_match_patch.DIFF_INSERT: 2}


def shift_edits(diffs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Where a change in one text only (an insertion, or a deletion) lies
    between two unchanged runs and ends with the whole run before it (or
    begins with the whole run after it), the change is shifted over that run,
    which then stands after it (before it): the same units are unchanged,
    matched one occurrence later (earlier), and a run that only cut a change
    in two is gone: ``{+Any+} such {+armed attack … . Such+} measures``
    becomes ``{+Any such armed attack … .+} Such measures``, so the sentence
    can be found moved whole. This is diff-match-patch's cleanupMerge rule
    (``A<ins>BA</ins>C`` -> ``<ins>AB</ins>AC``). ``diffs`` are merged
    (:func:`merge`); so is the result."""
    while _may_shift(diffs):
        diffs = merge(_shift_pass(diffs))
    return diffs


def _may_shift(diffs: list[tuple[int, str]]) -> bool:
    """Whether a single change between two unchanged runs ends with the run
    before it or begins with the run after it. (Most diffs have none: the
    single changes are found in C, and only they are looked at.)"""
    ops = bytes(map(_OP_BYTE.__getitem__, map(itemgetter(0), diffs)))
    for single in (b"\x01\x00\x01", b"\x01\x02\x01"):
        k = ops.find(single)
        while k >= 0:
            text = diffs[k + 1][1]
            if text.endswith(diffs[k][1]) or text.startswith(diffs[k + 2][1]):
                return True
            k = ops.find(single, k + 2)
    return False


def _shift_pass(diffs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """One pass of :func:`shift_edits` over ``diffs``, into a new list (no
    list is cut in the middle)."""
    equal = diff_match_patch.DIFF_EQUAL
    out: list[tuple[int, str]] = []
    k, n = 0, len(diffs)
    after = None  # what stands at diffs[k] once a shift changed it
    while k < n:
        op, text = diffs[k] if after is None else after
        after = None
        if op != equal and out and out[-1][0] == equal and k + 1 < n and diffs[k + 1][0] == equal:
            left, right = out[-1][1], diffs[k + 1][1]
            if text.endswith(left):  # A<ins>BA</ins>C -> <ins>AB</ins>AC
                out[-1] = (op, left + text[:-len(left)])
                after = (equal, left + right)
                k += 1
                continue
            if text.startswith(right):  # A<ins>CB</ins>C -> AC<ins>BC</ins>
                out[-1] = (equal, left + right)
                out.append((op, text[len(right):] + right))
                k += 2
                continue
        out.append((op, text))
        k += 1
    return out


def merge(diffs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Adjacent equalities joined, and each run of changes as one deletion
    then one insertion (what diff-match-patch's cleanupMerge does to a diff
    whose changes share no first or last unit)."""
    out: list[tuple[int, str]] = []
    deleted: list[str] = []
    inserted: list[str] = []
    for op, text in diffs:
        if op == diff_match_patch.DIFF_DELETE:
            deleted.append(text)
        elif op == diff_match_patch.DIFF_INSERT:
            inserted.append(text)
        else:
            if deleted:
                out.append((diff_match_patch.DIFF_DELETE, "".join(deleted)))
                deleted = []
            if inserted:
                out.append((diff_match_patch.DIFF_INSERT, "".join(inserted)))
                inserted = []
            if out and out[-1][0] == op:
                out[-1] = (op, out[-1][1] + text)
            elif text:
                out.append((op, text))
    if deleted:
        out.append((diff_match_patch.DIFF_DELETE, "".join(deleted)))
    if inserted:
        out.append((diff_match_patch.DIFF_INSERT, "".join(inserted)))
    return out


def _rewritten(has_words: Callable[[str, int], bool] | None, deleted: str,
               inserted: str) -> bool:
    """Whether a change is a rewritten stretch: :data:`FOLD_MIN_WORDS` words
    (units, if ``has_words`` is None) or more on one of its sides."""
    if has_words is None:
        return max(len(deleted), len(inserted)) >= FOLD_MIN_WORDS
    return (len(deleted) >= FOLD_MIN_WORDS and has_words(deleted, FOLD_MIN_WORDS)
            or len(inserted) >= FOLD_MIN_WORDS and has_words(inserted, FOLD_MIN_WORDS))


def fold_function_words(diffs: list[tuple[int, str]], content: frozenset[str],
                         has_words: Callable[[str, int], bool] | None = None,
                         holds_break: Callable[[int, int, int], bool] | None = None,
                         glued: Callable[[int, int, int], bool] | None = None,
                         ) -> list[tuple[int, str]]:
    """Fold confetti: an unchanged run of function words and marks caught
    between two rewritten stretches joins them in one replacement, so that
    two differently worded sentences do not read as ``[-…-]{+…+} of the
    [-…-]{+…+}``; a word that stands unchanged on both sides of a small
    change stays visible. A run is folded only when all of these hold:

    - it has at most :data:`FOLD_UNITS` units and no content word (a name,
      a number, a date, a term stays visible);
    - it is caught between changes: on both sides of it, in both texts (or
      in one text only, with at most half of :data:`FOLD_UNITS` units, as
      diff-match-patch's efficiency rule has it; the changes around it in
      that text must then be rewritten stretches there);
    - each change around it is a *rewritten stretch*: at least
      :data:`FOLD_MIN_WORDS` words on one of its sides (``has_words(units,
      m)`` says whether some units hold ``m`` words; None: every unit is a
      word) and more
      units than the run. A run between smaller changes is what the two
      texts share there, so ``([-a-]{+b+}) and [-2.5-]{+3.5+}`` and
      ``[-Member States resolve-]{+State Parties undertake+} to
      [-give-]{+provide+}`` keep their ``and`` and ``to`` (diff-match-patch's
      semantic cleanup keeps an unchanged run on a like condition, there in
      characters), and a change of punctuation only (``"`` against ``“``)
      never takes a word with it;
    - it holds no line break nor point label (``holds_break``, given the
      left and right unit positions of a run and its length, says so): a
      change never spreads over two points of a list.

    Two more folds: a small change with such a run on each side, between two
    stretches rewritten in one text at least, is part of the rewrite (an island of confetti:
    ``[-…-]{+…+} the [-military-]{+security+} and [-…-]{+…+}`` is one
    replacement); and a run of at most two units that ends with an elided
    word glued to the next word on each side (``glued`` says so: ``l’``),
    with changes on three of its four sides, goes with the word after it
    (``[-… contre l'-]{+… à l’intégrité du territoire d’+}une``: it is that
    word's article).

    Returns the diff merged (as :func:`merge` does)."""
    equal, delete = diff_match_patch.DIFF_EQUAL, diff_match_patch.DIFF_DELETE
    if not any(op == equal and len(text) <= FOLD_UNITS and content.isdisjoint(text)
               for op, text in diffs):
        return merge(diffs)  # nothing to fold (most revisions)
    # equals[k] stands before change k (deleted dels[k], inserted inss[k]);
    # equals[-1] after the last change; at[k] is where equals[k] starts (its
    # left and right unit positions).
    equals, dels, inss, at = [""], [], [], [(0, 0)]
    i = j = 0
    for op, text in diffs:
        if op == equal:
            if len(equals) > len(dels):
                equals[-1] += text
            else:
                equals.append(text)
                at.append((i, j))
            i += len(text)
            j += len(text)
        else:
            if len(equals) > len(dels):
                dels.append("")
                inss.append("")
            if op == delete:
                dels[-1] += text
                i += len(text)
            else:
                inss[-1] += text
                j += len(text)
    if len(equals) == len(dels):
        equals.append("")
        at.append((i, j))

    def foldable(k: int, before_d: str, before_i: str, deleted: str, inserted: str) -> bool:
        run = equals[k]
        n = len(run)
        if n > FOLD_UNITS or not content.isdisjoint(run):
            return False
        if before_d and before_i and deleted and inserted:  # caught between changes
            return (n < max(len(before_d), len(before_i)) and n < max(len(deleted), len(inserted))
                    and _rewritten(has_words, before_d, before_i)
                    and _rewritten(has_words, deleted, inserted)
                    and (holds_break is None or not breaks(k)))
        sides = (before_d != "") + (before_i != "") + (deleted != "") + (inserted != "")
        if sides != 3 or 2 * n > FOLD_UNITS:
            return False
        # Caught between changes in one text only: folded where, in that
        # text, both are rewritten stretches (the run is confetti there).
        first, second = (before_d, deleted) if before_d and deleted else (before_i, inserted)
        if (len(first) > n and len(second) > n and _rewritten(has_words, first, "")
                and _rewritten(has_words, second, "")):
            return holds_break is None or not breaks(k)
        return (glued is not None and glued(*at[k], n)
                and (holds_break is None or not breaks(k)))

    def confetti(x: int) -> bool:  # the run equals[x] is of function words and marks
        run = equals[x]
        return len(run) <= FOLD_UNITS and content.isdisjoint(run)

    def breaks(x: int) -> bool:  # the run equals[x] holds a line break or a label
        return holds_break is not None and holds_break(*at[x], len(equals[x]))

    def fold_islands() -> bool:
        """A small change with confetti on each side, between two stretches
        rewritten in one text at least (``[-…-]{+…+} the [-military-]{+security+}
        and [-…-]{+…+}``), is part of the rewrite: the five join in one
        replacement."""
        nonlocal equals, dels, inss, at
        flags = [len(run) <= FOLD_UNITS and content.isdisjoint(run) for run in equals]
        if not any(map(and_, flags[1:-2], flags[2:-1])):
            return False  # (no small change with confetti on each side)
        new_equals, new_dels, new_inss, new_at = [equals[0]], [dels[0]], [inss[0]], [at[0]]
        merged, c = False, 1
        while c < len(dels):
            # (In one text at least, the stretches on each side are rewritten.)
            if (c + 1 < len(dels) and confetti(c) and confetti(c + 1) and (
                    _rewritten(has_words, new_dels[-1], "")
                    and _rewritten(has_words, dels[c + 1], "")
                    or _rewritten(has_words, "", new_inss[-1])
                    and _rewritten(has_words, "", inss[c + 1]))
                    and not breaks(c) and not breaks(c + 1)):
                new_dels[-1] += equals[c] + dels[c] + equals[c + 1] + dels[c + 1]
                new_inss[-1] += equals[c] + inss[c] + equals[c + 1] + inss[c + 1]
                merged = True
                c += 2
                continue
            new_equals.append(equals[c])
            new_at.append(at[c])
            new_dels.append(dels[c])
            new_inss.append(inss[c])
            c += 1
        new_equals.append(equals[-1])
        new_at.append(at[-1])
        equals, dels, inss, at = new_equals, new_dels, new_inss, new_at
        return merged

    folded = True
    while folded and len(dels) > 1:
        folded = False
        new_equals, new_dels, new_inss, new_at = [equals[0]], [dels[0]], [inss[0]], [at[0]]
        for k in range(1, len(dels)):
            run, deleted, inserted = equals[k], dels[k], inss[k]
            before_d, before_i = new_dels[-1], new_inss[-1]
            if foldable(k, before_d, before_i, deleted, inserted):
                new_dels[-1] = before_d + run + deleted
                new_inss[-1] = before_i + run + inserted
                folded = True
                continue
            new_equals.append(run)
            new_at.append(at[k])
            new_dels.append(deleted)
            new_inss.append(inserted)
        new_equals.append(equals[-1])
        new_at.append(at[-1])
        equals, dels, inss, at = new_equals, new_dels, new_inss, new_at
        if not folded:
            folded = fold_islands()
    out: list[tuple[int, str]] = []
    pending = ""  # unchanged text not yet written
    for run, deleted, inserted in zip(equals, dels, inss):
        # A unit that opens or closes both sides of a change is unchanged.
        head = 0
        while head < min(len(deleted), len(inserted)) and deleted[head] == inserted[head]:
            head += 1
        tail = 0
        while (tail < min(len(deleted), len(inserted)) - head
               and deleted[-1 - tail] == inserted[-1 - tail]):
            tail += 1
        pending += run + deleted[:head]
        if pending:
            out.append((equal, pending))
        if len(deleted) > head + tail:
            out.append((delete, deleted[head:len(deleted) - tail]))
        if len(inserted) > head + tail:
            out.append((diff_match_patch.DIFF_INSERT, inserted[head:len(inserted) - tail]))
        pending = deleted[len(deleted) - tail:] if tail else ""
    pending += equals[-1]
    if pending:
        out.append((equal, pending))
    return out
