"""Moved text: a run of words deleted in one place and inserted in another.

A word diff shows a phrase that changed places as a deletion here and an
insertion there. :func:`mark_moves` looks, across every paragraph diff of a
clause, for a deleted run whose words (comparison keys of its words and
marks, spaces aside) appear as an inserted run elsewhere, and numbers both
(:attr:`treatycmp.diff.Opcode.move`), so that a report links the two places
and the figures count moved words apart from deleted and inserted ones.

Paragraphs alone on one side (no counterpart) are searched as one whole
deletion or insertion, so a paragraph that changed places is a move; such a
row is then given a diff (one side empty) that carries the move.

A run counts as moved when it has at least :data:`MIN_MOVE_WORDS` words of
which :data:`MIN_MOVE_CONTENT` are content words
(:func:`treatycmp.diff.is_content_key`), or when a whole deleted change
reappears as a whole inserted change and holds a content word of at least
:data:`MIN_MOVE_LETTERS` letters (``immediately`` in "shall immediately be
reported" / "shall be immediately reported"; never a lone ``the``). Over the
corpus, a rule of one content word only adds formulas ("in accordance
with", "of the Parties", "the use of"). A run never cuts a name: it does not
begin with a capitalised word that follows another nor end with one that
another follows (:func:`_name_cuts`: "of the United" of "United Nations" and
"United States" is trimmed to "of the", and is no move). A deletion and an
insertion side by side are a replacement, never a move (so are paragraphs
alone on each side with no pair between them). The longest runs are taken
first; each word moves at most once. A whole change too short to move on
its own that swapped places with a whole-change move moves too (two words
swapped are both moved: :func:`_swapped`).

The opcodes only split: each side's text still rebuilds exactly.
"""

from __future__ import annotations

from itertools import chain, compress
from operator import itemgetter
from typing import Sequence

from .diff import DELETE, EQUAL, INSERT, ClauseDiff, Opcode, is_content_key, unit_ranges
from .text import Folding, Token, tokenize

MIN_MOVE_WORDS = 3  # words in a run that counts as moved wherever it comes from
MIN_MOVE_CONTENT = 2  # content words (see treatycmp.diff.is_content_key) in such a run
MIN_MOVE_LETTERS = 4  # letters of the longest content word of a shorter whole-change move
PARAGRAPH_BREAK = "\n\n"  # as treatycmp.compare joins a group of paragraphs
# A token that is not whitespace nor invisible (the field read as an item: faster).
_OPENS = itemgetter(Token._fields.index("opens"))
MAX_BLOCKS = 2_000  # changes per side above which moves are not searched (quadratic guard)


class _Block:
    """A delete or insert opcode: where it is and the keys of its non-space tokens.

    ``index`` and ``taken`` are made only for the few blocks a move uses.
    (A plain class: a dataclass costs every process a third of a millisecond
    to create, and this one is private and mutable.)"""

    __slots__ = ("row", "op", "start", "keys", "tokens", "stop", "taken", "index")

    def __init__(self, row: int, op: int, start: int, keys: tuple[str, ...], tokens: tuple,
                 stop: int) -> None:
        self.row = row
        self.op = op  # index of the opcode in its diff
        self.start = start  # token index of the opcode on its side
        self.keys = keys  # keys of its tokens that are neither whitespace nor invisible
        self.tokens = tokens  # the tokens of its side of the diff
        self.stop = stop  # token index after the opcode
        self.taken: list[bool] | None = None  # which keys already moved
        self.index: list[int] | None = None  # token index of each key

    def make_index(self) -> None:
        if self.index is None:
            self.index = list(compress(range(self.start, self.stop),
                                       map(_OPENS, self.tokens[self.start:self.stop])))


def _blocks(diffs: Sequence[ClauseDiff | None]) -> tuple[list[tuple], list[tuple]]:
    """The delete blocks and the insert blocks of the rows' diffs, in reading
    order, as the fields of a :class:`_Block` (made only if moves are searched)."""
    deleted: list[tuple] = []
    inserted: list[tuple] = []
    for r, diff in enumerate(diffs):
        if diff is None:
            continue
        for k, op in enumerate(diff.opcodes):
            if op.tag == EQUAL:
                continue
            if op.tag == DELETE:
                lo, hi, tokens, out = op.i1, op.i2, diff.left, deleted
            else:
                lo, hi, tokens, out = op.j1, op.j2, diff.right, inserted
            out.append((r, k, lo, tuple([tok.n for tok in tokens[lo:hi] if tok.opens]),
                        tokens, hi))
    return deleted, inserted


def _alone_diff(row, folding: Folding) -> ClauseDiff | None:
    """A row of paragraphs alone on one side, as one whole deletion or insertion
    (so that a paragraph that moved is found like any run)."""
    paragraphs = row.lefts or row.rights
    if not paragraphs:
        return None
    tokens = tokenize(PARAGRAPH_BREAK.join(p.full_text for p in paragraphs), folding)
    if row.lefts:
        return ClauseDiff(tokens, (), (Opcode(DELETE, 0, len(tokens), 0, 0),), folding)
    return ClauseDiff((), tokens, (Opcode(INSERT, 0, 0, 0, len(tokens)),), folding)


def _adjacent(left: _Block, right: _Block, rows: Sequence) -> bool:
    """A delete and an insert that stand next to each other (a replacement):
    in one row's diff, or paragraphs alone on each side with no paired row
    between them (the rewritten paragraphs of one place)."""
    if left.row != right.row:
        lo, hi = sorted((left.row, right.row))
        return all(rows[r].diff is None for r in range(lo, hi + 1))
    ops = rows[left.row].diff.opcodes
    lo, hi = sorted((left.op, right.op))
    return all(ops[k].tag in (DELETE, INSERT) for k in range(lo, hi + 1))


def _is_word(key: str) -> bool:
    return key[:1].isalnum()


def _longest_content_word(keys: tuple[str, ...]) -> int:
    return max((len(key) for key in keys if is_content_key(key)), default=0)


def _capital(token) -> bool:
    return token.is_word and token.t[:1].isupper()


# Words that link the capitalised words of one name ("Charter of the United
# Nations", "Organisation du Traité de l'Atlantique Nord"): folded keys.
NAME_LINKS = frozenset(("of", "the", "for", "de", "du", "des", "la", "le", "les", "l'", "d'",
                        "del", "della", "delle", "degli", "dei", "da", "do", "dos", "das",
                        "von", "der"))


def _names(tokens, linked: bool = True, lo: int = 0,
           hi: int | None = None) -> list[tuple[int, int]]:
    """The names of a side (in ``tokens[lo:hi]``), as (first, last) token
    positions: two or more capitalised words in a row, perhaps (``linked``)
    linked by :data:`NAME_LINKS`."""
    opening = [k for k in range(lo, len(tokens) if hi is None else hi) if tokens[k].opens]
    out = []
    k = 0
    while k < len(opening):
        if not _capital(tokens[opening[k]]):
            k += 1
            continue
        last, capitals, j = k, 1, k + 1
        while j < len(opening):
            link = j
            while linked and link < len(opening) and tokens[opening[link]].n in NAME_LINKS:
                link += 1
            if link < len(opening) and _capital(tokens[opening[link]]):
                last, capitals, j = link, capitals + 1, link + 1
            else:
                break
        if capitals > 1:
            out.append((opening[k], opening[last]))
        k = last + 1
    return out


def _name_cuts(block: _Block, s: int, k: int) -> tuple[int, int]:
    """How many units to drop at the start and the end of the run ``keys[s:s +
    k]`` so that it does not cut a name (:func:`_names`): it never begins
    inside a name (``United`` of ``United Nations``, ``of the United Nations``
    of ``Charter of the United Nations``), nor ends inside two capitalised
    words (``United`` of ``United States``). It may end with the head of a
    name whose complement follows (``Article 51 of the Charter`` | ``of the
    United Nations``): "the Charter" is the name's short form, as the other
    text may use it."""
    block.make_index()
    index, tokens = block.index, block.tokens
    first, last = index[s], index[s + k - 1]
    head = tail = 0
    # A name through a token lies in the run of capitalised and linking words
    # around it: only that stretch is read (a name cannot cross another word,
    # so a token that is neither is in none: most runs).
    if _capital(tokens[first]) or tokens[first].n in NAME_LINKS:
        for start, end in _names(tokens, True, *_stretch(tokens, first)):
            if start < first <= end:  # a name begins before the run and goes on inside it
                head = max(head, sum(1 for position in index[s:s + k] if position <= end))
    if _capital(tokens[last]):
        for start, end in _names(tokens, False, *_stretch(tokens, last)):
            if start <= last < end:  # two capitalised words, the second after the run
                tail = max(tail, sum(1 for position in index[s:s + k] if position >= start))
    return head, min(tail, k - head)


def _stretch(tokens, position: int) -> tuple[int, int]:
    """The token range of the capitalised and linking words around
    ``position`` (with the spaces between them): where a name through it lies."""
    def part(token) -> bool:
        return not token.opens or _capital(token) or token.n in NAME_LINKS
    lo = position
    while lo > 0 and part(tokens[lo - 1]):
        lo -= 1
    hi = position + 1
    while hi < len(tokens) and part(tokens[hi]):
        hi += 1
    return lo, hi


def _run(dblock: _Block, s: int, iblock: _Block, t: int, k: int):
    """The run as a move (length, delete block, start, insert block, start),
    its names whole, or None if it holds too few words or content words."""
    for trimmed in (False, True):
        keys = dblock.keys[s:s + k]
        if (sum(map(_is_word, keys)) < MIN_MOVE_WORDS
                or sum(map(is_content_key, keys)) < MIN_MOVE_CONTENT):
            return None
        if trimmed:
            return (k, dblock, s, iblock, t)
        dhead, dtail = _name_cuts(dblock, s, k)
        ihead, itail = _name_cuts(iblock, t, k)
        head, tail = max(dhead, ihead), max(dtail, itail)
        s, t, k = s + head, t + head, k - head - tail
    return None  # (not reached)


def _find(deleted: list[_Block], inserted: list[_Block], rows: Sequence):
    """Moves as (length, delete block, start, insert block, start), longest first."""
    found = []
    # Whole changes that reappear whole (short moves).
    whole: dict[tuple[str, ...], list[_Block]] = {}
    for block in inserted:
        whole.setdefault(block.keys, []).append(block)
    # Runs of MIN_MOVE_WORDS keys, indexed by their first keys.
    grams: dict[tuple[str, ...], list[tuple[_Block, int]]] = {}
    for block in inserted:
        for s in range(len(block.keys) - MIN_MOVE_WORDS + 1):
            grams.setdefault(block.keys[s:s + MIN_MOVE_WORDS], []).append((block, s))
    for dblock in deleted:
        keys = dblock.keys
        same = whole.get(keys)
        if same and _longest_content_word(keys) >= MIN_MOVE_LETTERS:
            for iblock in same:
                if not _adjacent(dblock, iblock, rows):
                    found.append((len(keys), dblock, 0, iblock, 0))
        for s in range(len(keys) - MIN_MOVE_WORDS + 1):
            for iblock, t in grams.get(keys[s:s + MIN_MOVE_WORDS], ()):
                if (s and t and keys[s - 1] == iblock.keys[t - 1]) or _adjacent(
                        dblock, iblock, rows):
                    continue  # inside a longer run, measured from its start
                k = MIN_MOVE_WORDS
                while (s + k < len(keys) and t + k < len(iblock.keys)
                       and keys[s + k] == iblock.keys[t + k]):
                    k += 1
                move = _run(dblock, s, iblock, t, k)
                if move:
                    found.append(move)
    found.sort(key=lambda f: (-f[0], f[1].row, f[1].start + f[2], f[3].row, f[3].start + f[4]))
    return found


def _swapped(moves: list[tuple], deleted: list[_Block], inserted: list[_Block],
             rows: Sequence) -> list[tuple]:
    """Whole changes too short to be moves on their own that changed places
    with a whole-change move: the word that took the moved word's place, and
    reappears whole where the moved word was (``shall [<consult<] {+act+}
    together … shall [-act-] {>consult>}``: ``act`` moved too, as a reader
    sees two words swapped). It must hold a content word and be free."""
    out = []
    # (The change beside a change in a row's diff is the opcode before or after it.)
    deletes = {(block.row, block.op): block for block in deleted}
    inserts = {(block.row, block.op): block for block in inserted}
    for dblock, s, iblock, t, length in moves:
        if s or t or length != len(dblock.keys) or length != len(iblock.keys):
            continue  # (a swap is of whole changes)
        for d2 in (deletes.get((iblock.row, iblock.op + step)) for step in (-1, 1)):
            if d2 is None or not _free(d2) or not any(map(is_content_key, d2.keys)):
                continue
            for i2 in (inserts.get((dblock.row, dblock.op + step)) for step in (-1, 1)):
                if (i2 is not None and _free(i2)
                        and i2.keys == d2.keys and not _adjacent(d2, i2, rows)):
                    d2.taken = [True] * len(d2.keys)
                    i2.taken = [True] * len(i2.keys)
                    out.append((d2, 0, i2, 0, len(d2.keys)))
                    break
    return out


def _free(block: _Block) -> bool:
    """Whether no word of ``block`` has moved."""
    return block.taken is None or not any(block.taken)


def _split(diff: ClauseDiff, k: int, tokens_moved: list[tuple[int, int, int]]) -> list[Opcode]:
    """Opcode ``k`` cut at the moved token ranges ``(start, stop, move)``."""
    op = diff.opcodes[k]
    lo, hi = (op.i1, op.i2) if op.tag == DELETE else (op.j1, op.j2)
    tokens = diff.left if op.tag == DELETE else diff.right
    cuts: list[tuple[int, int, int | None]] = []
    position = lo
    for start, stop, move in sorted(tokens_moved):
        if start > position:
            cuts.append((position, start, None))
        cuts.append((start, stop, move))
        position = stop
    if position < hi:
        cuts.append((position, hi, None))
    # A piece of spaces alone joins the piece before it (or after, at the start).
    merged: list[tuple[int, int, int | None]] = []
    for piece in cuts:
        if all(t.is_space for t in tokens[piece[0]:piece[1]]) and merged:
            merged[-1] = (merged[-1][0], piece[1], merged[-1][2])
        elif merged and all(t.is_space for t in tokens[merged[-1][0]:merged[-1][1]]):
            merged[-1] = (merged[-1][0], piece[1], piece[2])
        else:
            merged.append(piece)
    if op.tag == DELETE:
        return [Opcode(DELETE, a, b, op.j1, op.j1, move) for a, b, move in merged]
    return [Opcode(INSERT, op.i1, op.i1, a, b, move) for a, b, move in merged]


def mark_moves(rows: Sequence, folding: Folding = Folding()) -> list:
    """``rows`` (paragraph comparisons with ``diff``) with moved runs numbered.

    Paragraphs alone on one side (``diff`` None) are searched too: a row of
    them that holds a move is given a diff (one side empty) that marks it.
    ``folding``: the comparison's, to read those paragraphs' words."""
    diffs = [row.diff if row.diff is not None else _alone_diff(row, folding) for row in rows]
    deleted, inserted = _blocks(diffs)
    if not deleted or not inserted or len(deleted) > MAX_BLOCKS or len(inserted) > MAX_BLOCKS:
        return list(rows)
    shared = set(chain.from_iterable(block[3] for block in deleted)).intersection(
        chain.from_iterable(block[3] for block in inserted))
    if not any(map(is_content_key, shared)):
        return list(rows)  # no content word was both deleted and inserted: nothing moved
    deleted = [_Block(*fields) for fields in deleted]
    inserted = [_Block(*fields) for fields in inserted]
    moves = []
    for length, dblock, s, iblock, t in _find(deleted, inserted, rows):
        for block in (dblock, iblock):
            if block.taken is None:
                block.taken = [False] * len(block.keys)
        if any(dblock.taken[s:s + length]) or any(iblock.taken[t:t + length]):
            continue
        dblock.taken[s:s + length] = [True] * length
        iblock.taken[t:t + length] = [True] * length
        moves.append((dblock, s, iblock, t, length))
    moves += _swapped(moves, deleted, inserted, rows)
    if not moves:
        return list(rows)
    for dblock, _, iblock, _, _ in moves:
        dblock.make_index()
        iblock.make_index()
    # Number the moves in reading order of the left text.
    moves.sort(key=lambda m: (m[0].row, m[0].index[m[1]]))
    cuts: dict[int, dict[int, list[tuple[int, int, int]]]] = {}  # by row, then opcode
    for number, (dblock, s, iblock, t, length) in enumerate(moves, 1):
        for block, first in ((dblock, s), (iblock, t)):
            start, stop = block.index[first], block.index[first + length - 1] + 1
            tokens = block.tokens
            limit = block.index[first + length] if first + length < len(block.index) else None
            while stop < len(tokens) and stop != limit and not tokens[stop].opens:
                stop += 1  # the spaces after a run are the run's: a unit is never cut
            cuts.setdefault(block.row, {}).setdefault(block.op, []).append((start, stop, number))
    out = list(rows)
    for r, row_cuts in cuts.items():
        row = rows[r]
        diff = diffs[r]
        opcodes: list[Opcode] = []
        cut: set[int] = set()  # where the pieces of cut changes stand
        done = 0  # opcodes before this one are in ``opcodes``
        for k in sorted(row_cuts):
            opcodes.extend(diff.opcodes[done:k])
            pieces = _split(diff, k, row_cuts[k])
            cut.update(range(len(opcodes), len(opcodes) + len(pieces)))
            opcodes.extend(pieces)
            done = k + 1
        opcodes.extend(diff.opcodes[done:])
        out[r] = row._replace(diff=_trim(diff, tuple(opcodes), cut))
    return out


def _trim(diff: ClauseDiff, ops: tuple[Opcode, ...], cut: set[int]) -> ClauseDiff:
    """Cutting moved runs out of a change can leave a deletion and an
    insertion side by side that begin or end with the same word: those
    words are unchanged, and become equal again. Only pairs next to a piece
    of a cut change (indexes ``cut``) can be such: the diff's own cleanup
    left no other. Returns ``diff`` with ``ops`` (so trimmed) as its opcodes."""
    # A unit is a word or mark with its spaces, or a point label (as the
    # diff has them: a label matches only a label, so that an equal run has
    # as many units on each side).
    def key(tokens, unit: tuple[int, int]) -> tuple[str, ...]:
        if diff.folding.whitespace:
            return tuple(t.n for t in tokens[unit[0]:unit[1]] if t.opens)
        return tuple(t.n for t in tokens[unit[0]:unit[1]])

    out, k = [], 0
    while k < len(ops):
        first, second = ops[k], ops[k + 1] if k + 1 < len(ops) else None
        if (second is None or not (k in cut or k + 1 in cut)
                or first.move is not None or second.move is not None
                or {first.tag, second.tag} != {DELETE, INSERT}):
            out.append(first)
            k += 1
            continue
        d, i = (first, second) if first.tag == DELETE else (second, first)
        lu, ru = unit_ranges(diff.left, d.i1, d.i2), unit_ranges(diff.right, i.j1, i.j2)
        p = 0
        while p < min(len(lu), len(ru)) and key(diff.left, lu[p]) == key(diff.right, ru[p]):
            p += 1
        s = 0
        while (s < min(len(lu), len(ru)) - p
               and key(diff.left, lu[-1 - s]) == key(diff.right, ru[-1 - s])):
            s += 1
        li1 = lu[p][0] if p < len(lu) else d.i2
        rj1 = ru[p][0] if p < len(ru) else i.j2
        li2 = lu[-s][0] if s else d.i2
        rj2 = ru[-s][0] if s else i.j2
        if p:
            out.append(Opcode(EQUAL, d.i1, li1, i.j1, rj1))
        middle = [Opcode(DELETE, li1, li2, rj1, rj1), Opcode(INSERT, li2, li2, rj1, rj2)]
        if first.tag == INSERT:
            middle = [Opcode(INSERT, li1, li1, rj1, rj2), Opcode(DELETE, li1, li2, rj2, rj2)]
        out.extend(op for op in middle if op.i2 > op.i1 or op.j2 > op.j1)
        if s:
            out.append(Opcode(EQUAL, li2, d.i2, rj2, i.j2))
        k += 2
    return ClauseDiff(diff.left, diff.right, tuple(out), diff.folding, diff.complete)
