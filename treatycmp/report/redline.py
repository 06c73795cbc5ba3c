"""The redline of a clause comparison as plain data: rows, cells, segments, changes.

:func:`build_redline` turns the rows of a
:class:`~treatycmp.compare.ClauseComparison` into :class:`Row` values (one per
paragraph group, each with a note saying how it was paired) and a numbered
list of :class:`Change` values, in reading order. A *change* is a run of
deleted and inserted words between unchanged ones, a moved run (both its
places), or a paragraph alone on one side. Each change is marked in the
columns by a ``mark`` segment that carries its number and the anchors of the
previous and next change, so that a report can link them without script.

The text segments of a column always concatenate to the exact text of its
paragraphs (joined by :data:`~treatycmp.compare.PARAGRAPH_BREAK` in a group);
marks and paragraph starts carry no text.

>>> from treatycmp.compare import compare_provisions
>>> from treatycmp.model import ARTICLE, Paragraph, Provision
>>> def clause(*texts):
...     paras = tuple(Paragraph(f"art_1__para_{k}", None, t) for k, t in enumerate(texts, 1))
...     return Provision(ARTICLE, "art_1", "1", "Article 1", None, paras, True, ("s",))
>>> rows, changes = build_redline(compare_provisions(
...     clause("the Parties shall act"), clause("the Parties will act")))
>>> [(c.number, c.kind, c.left, c.right) for c in changes]
[(1, 'replaced', 'shall', 'will')]
>>> [s.kind for s in rows[0].left.segments]
['same', 'mark', 'deleted', 'space', 'same']
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple, Sequence

from ..compare import PARAGRAPH_BREAK, ClauseComparison, ParagraphComparison
from ..diff import DELETE, EQUAL, INSERT, ClauseDiff, Opcode, unit_ranges, unit_texts
from ..labels import label_spans
from ..model import Paragraph
from ..text import spell_spaces

EXCERPT_WORDS = 12  # words of a change quoted in the list of changes

# How a row was paired, for a reader (see treatycmp.align for the bases).
BASIS_NOTES = {
    "single": "paired: each text has this one paragraph",
    "score": "paired by shared wording",
    "margin": "paired as each other's closest match, clearly ahead of any other",
    "position": "paired by position: little wording in common",
    "manual": "paired by hand",
}


class Segment(NamedTuple):
    """A run of one column. ``kind``:

    - text: ``same``, ``folded`` (matched only after folding; ``other`` is the
      other side's text), ``relabelled`` (a point label matched with the
      other side's label ``other``: the list was relettered), ``deleted``, ``inserted``, ``moved-from``,
      ``moved-to`` (``number`` is its change's, ``anchor`` this place, ``link``
      the other place), ``space`` (the space after a change), ``alone`` (a
      paragraph without counterpart); a ``deleted`` or ``inserted`` run
      that is only whitespace has its ``label``, the spaces by name (``␣``);
    - no text: ``mark`` (change ``number`` starts here; ``anchor`` its id,
      ``prev``/``next`` the neighbouring changes' ids or None), ``para`` (a
      paragraph of a group starts here; ``anchor`` its id, ``label`` its label).
    """

    kind: str
    text: str = ""
    other: str | None = None
    anchor: str | None = None
    link: str | None = None
    number: int | None = None
    prev: str | None = None
    next: str | None = None
    label: str | None = None


class Cell(NamedTuple):
    anchor: str
    label: str
    segments: tuple[Segment, ...]


class Row(NamedTuple):
    left: Cell | None
    right: Cell | None
    score: float | None
    basis: str = "alone"
    note: str = ""  # how the row was paired, for a reader

    @property
    def anchor(self) -> str:
        return (self.left or self.right).anchor

    @property
    def status(self) -> str:
        if self.left and self.right:
            return "matched"
        return "left-only" if self.left else "right-only"


class Change(NamedTuple):
    """One entry of the list of changes; ``anchor`` is where it is marked."""

    number: int
    anchor: str
    kind: str  # replaced, deleted, inserted, moved, left-only, right-only
    where: str  # the paragraph label(s)
    left: str  # excerpt of the left text of the change ("" if none)
    right: str

    @property
    def description(self) -> str:
        return {"replaced": "replaced", "deleted": "only on the left",
                "inserted": "only on the right", "moved": "moved",
                "left-only": "paragraph only in the left text",
                "right-only": "paragraph only in the right text"}[self.kind]


def excerpt(text: str, words: int = EXCERPT_WORDS) -> str:
    """The first ``words`` words of ``text`` on one line, with … if cut.

    >>> excerpt("a b\\n\\nc d", 3)
    'a b c …'
    """
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def group_label(paragraphs: Sequence[Paragraph], numbers: dict[str, int]) -> str:
    """``¶ 2``, ``¶ 1–2``, ``a)`` or ``a)–b)``: the label of a group of paragraphs."""
    if len(paragraphs) == 1:
        return paragraphs[0].num or f"¶ {numbers[paragraphs[0].eid]}"
    first, last = paragraphs[0], paragraphs[-1]
    if first.num and last.num:
        return f"{first.num}–{last.num}"
    return f"¶ {numbers[first.eid]}–{numbers[last.eid]}"


def basis_note(item: ParagraphComparison) -> str:
    """How a row was paired, in words a reader follows."""
    if not (item.lefts and item.rights):
        side, other = ("left", "right") if item.lefts else ("right", "left")
        return f"only in the {side} text: no paragraph of the {other} text corresponds"
    note = BASIS_NOTES.get(item.basis, f"paired ({item.basis})")
    if item.joined:
        note += "; a neighbouring paragraph joined the row"
    if item.score is not None and item.basis not in ("single", "manual"):
        note += f" (score {item.score:.2f}{' for the whole row' if item.joined else ''})"
    return note


# ------------------------------------------------------------- segments

def same_spelling(word: str, other: str) -> bool:
    """Whether two matched words are spelled alike: the same characters, or
    canonically equivalent ones (``é`` and ``e`` + U+0301, which no reader
    tells apart), so that only a real difference of spelling is shown as
    "matched after folding". Only the comparison normalises: each side is
    still shown as stored.

    >>> same_spelling("s\u00e9curit\u00e9", "se\u0301curite\u0301")
    True
    >>> same_spelling("Parties", "parties")
    False
    """
    return word == other or (unicodedata.normalize("NFC", word)
                             == unicodedata.normalize("NFC", other))



def _split_equal(diff: ClauseDiff, op: Opcode, side: str) -> list[Segment]:
    """Equal runs, split where the two sides' exact texts differ (a point
    label matched with a label of other letters is ``relabelled``)."""
    out: list[Segment] = []
    tokens, lo, hi = (diff.left, op.i1, op.i2) if side == "left" else (diff.right, op.j1, op.j2)
    labels = {start for start, _ in label_spans(tokens, lo, hi)}
    starts = [start for start, _ in unit_ranges(tokens, lo, hi)] if labels else []
    pairs = zip(unit_texts(diff.left, op.i1, op.i2), unit_texts(diff.right, op.j1, op.j2))
    for k, (lt, rt) in enumerate(pairs):
        mine, theirs = (lt, rt) if side == "left" else (rt, lt)
        word, other = mine.rstrip(), theirs.rstrip()
        kind = "relabelled" if labels and starts[k] in labels else "folded"
        # A unit is its word and the space after it: only the words must agree.
        parts = [("same", mine, None)] if same_spelling(word, other) else [
            (kind, word, other), ("same", mine[len(word):], None)]
        for kind, text, theirs_text in parts:
            if not text:
                continue
            if out and out[-1].kind == kind == "same":
                out[-1] = Segment("same", out[-1].text + text)
            else:
                out.append(Segment(kind, text, theirs_text))
    return out


def _changed(segment: Segment) -> list[Segment]:
    """A changed run, the spaces around its words set apart so that the
    strike-through or underline starts and ends with a word."""
    words = segment.text.strip()
    if not words and segment.text and segment.kind in ("deleted", "inserted"):
        # Only a space differs (whitespace compared): shown by name, as a
        # generated label that copying leaves out (``label``).
        return [segment._replace(label=spell_spaces(segment.text))]
    if not words:
        return [Segment("space", segment.text)] if segment.text else []
    start = segment.text.index(words)
    out = [Segment("space", segment.text[:start])] if start else []
    out.append(segment._replace(text=words))
    if start + len(words) < len(segment.text):
        out.append(Segment("space", segment.text[start + len(words):]))
    return out


def diff_segments(diff: ClauseDiff, side: str, prefix: str = "") -> tuple[Segment, ...]:
    """The text segments of one column of a diff ("left" or "right"), no marks."""
    out: list[Segment] = []
    for op in diff.opcodes:
        out.extend(_op_segments(diff, op, side, prefix))
    return tuple(out)


def _op_segments(diff: ClauseDiff, op: Opcode, side: str, prefix: str) -> list[Segment]:
    if op.tag == EQUAL:
        return _split_equal(diff, op, side)
    if op.tag == DELETE and side == "left":
        text, here, there = diff.left_text(op), "from", "to"
    elif op.tag == INSERT and side == "right":
        text, here, there = diff.right_text(op), "to", "from"
    else:
        return []
    if op.move is None:
        return _changed(Segment("deleted" if op.tag == DELETE else "inserted", text))
    base = f"{prefix}move-{op.move}"
    return _changed(Segment(f"moved-{here}", text, anchor=f"{base}-{here}",
                            link=f"#{base}-{there}", number=op.move))


def _with_starts(segments: list[Segment], starts: list[tuple[int, Segment]]) -> list[Segment]:
    """Insert ``para`` segments at character offsets of the column's text,
    splitting a text segment where a paragraph starts inside it."""
    out: list[Segment] = []
    pending = sorted(starts, key=lambda s: s[0])
    position = 0
    for seg in segments:
        while pending and seg.text and pending[0][0] < position + len(seg.text):
            cut = pending[0][0] - position
            if cut > 0:
                out.append(seg._replace(text=seg.text[:cut]))
                seg = seg._replace(text=seg.text[cut:])
                position += cut
            out.append(pending.pop(0)[1])
        out.append(seg)
        position += len(seg.text)
    out.extend(marker for _, marker in pending)
    return out


def _paragraph_starts(paragraphs: Sequence[Paragraph], role: str,
                      numbers: dict[str, int]) -> list[tuple[int, Segment]]:
    starts, offset = [], 0
    for k, para in enumerate(paragraphs):
        if k:
            starts.append((offset, Segment("para", anchor=f"{role}-{para.eid}",
                                           label=group_label([para], numbers))))
        offset += len(para.full_text) + len(PARAGRAPH_BREAK)
    return starts


# ---------------------------------------------------------------- build

def _number_changes(items: Sequence[ParagraphComparison]) -> list[dict | int]:
    """Per row: the change number of each changed opcode (a dict), or of the
    whole row when it is alone on one side (an int). Changes are numbered in
    the reading order of the left column: a moved run takes its number where
    it leaves, and its new place shows the same number."""
    plan: list[dict | int] = []
    count, moves = 0, {}
    for item in items:
        if item.diff is None:
            count += 1
            plan.append(count)
            continue
        numbers, current = {}, None
        for k, op in enumerate(item.diff.opcodes):
            if op.tag == EQUAL:
                current = None
            elif op.move is not None:
                if op.tag == DELETE:
                    count += 1
                    moves[op.move] = count
                current = None
            else:
                if current is None:
                    count += 1
                    current = count
                numbers[k] = current
        plan.append(numbers)
    # A moved run's number: where it leaves (the right-hand place takes it too).
    for item, numbers in zip(items, plan):
        if isinstance(numbers, dict):
            for k, op in enumerate(item.diff.opcodes):
                if op.move is not None:
                    numbers[k] = moves[op.move]
    return plan


class _Builder:
    def __init__(self, comparison: ClauseComparison, prefix: str) -> None:
        self.prefix = prefix
        self.items = comparison.paragraphs
        self.numbers = {
            "left": {p.eid: k for k, p in enumerate(comparison.left.paragraphs, 1)},
            "right": {p.eid: k for k, p in enumerate(comparison.right.paragraphs, 1)}}
        self.plan = _number_changes(self.items)
        self.total = max([p if isinstance(p, int) else max(p.values(), default=0)
                          for p in self.plan], default=0)
        # Which sides each change shows on: its main anchor is on the left if it has one.
        self.sides: dict[int, set[str]] = {}
        self.texts: dict[int, dict[str, list[str]]] = {}
        self.places: dict[int, dict[str, str]] = {}  # a change's paragraph label on each side
        for item, plan in zip(self.items, self.plan):
            if isinstance(plan, int):
                self.sides[plan] = {"left" if item.lefts else "right"}
                continue
            for k, number in plan.items():
                op = item.diff.opcodes[k]
                side = "left" if op.tag == DELETE else "right"
                self.sides.setdefault(number, set()).add(side)
                text = item.diff.left_text(op) if side == "left" else item.diff.right_text(op)
                self.texts.setdefault(number, {"left": [], "right": []})[side].append(text)
                paras = item.lefts if side == "left" else item.rights
                self.places.setdefault(number, {}).setdefault(side, self.label(paras, side))

    def anchor(self, number: int, side: str | None = None) -> str:
        main = f"{self.prefix}change-{number}"
        if side is None or side == "left" or "left" not in self.sides[number]:
            return main
        return f"{main}-right"

    def mark(self, number: int, side: str) -> Segment:
        return Segment("mark", anchor=self.anchor(number, side), number=number,
                       prev=self.anchor(number - 1) if number > 1 else None,
                       next=self.anchor(number + 1) if number < self.total else None)

    def label(self, paragraphs: Sequence[Paragraph], role: str) -> str:
        return group_label(paragraphs, self.numbers[role])

    def cell(self, item: ParagraphComparison, plan: dict | int, role: str) -> Cell | None:
        paras = item.lefts if role == "left" else item.rights
        if not paras:
            return None
        segments: list[Segment] = []
        if isinstance(plan, int):
            segments = [self.mark(plan, role),
                        Segment("alone", PARAGRAPH_BREAK.join(p.full_text for p in paras))]
        else:
            marked: set[int] = set()
            for k, op in enumerate(item.diff.opcodes):
                pieces = _op_segments(item.diff, op, role, self.prefix)
                number = plan.get(k)
                if op.move is not None:  # one number per change: the arrow shows it too
                    pieces = [p._replace(number=number) if p.kind.startswith("moved") else p
                              for p in pieces]
                if number is not None and number not in marked and pieces:
                    marked.add(number)
                    # The mark goes just before the first changed word.
                    lead = 1 if len(pieces) > 1 and pieces[0].kind == "space" else 0
                    pieces.insert(lead, self.mark(number, role))
                segments.extend(pieces)
        segments = _with_starts(segments, _paragraph_starts(paras, role, self.numbers[role]))
        return Cell(f"{role}-{paras[0].eid}", self.label(paras, role), tuple(segments))

    def rows(self) -> tuple[Row, ...]:
        return tuple(Row(self.cell(item, plan, "left"), self.cell(item, plan, "right"),
                         item.score, item.basis, basis_note(item))
                     for item, plan in zip(self.items, self.plan))

    def changes(self) -> tuple[Change, ...]:
        out: dict[int, Change] = {}
        for item, plan in zip(self.items, self.plan):
            where = " ↔ ".join(self.label(paras, role) for paras, role in
                               ((item.lefts, "left"), (item.rights, "right")) if paras)
            if isinstance(plan, int):
                side = "left" if item.lefts else "right"
                text = excerpt(PARAGRAPH_BREAK.join(
                    p.full_text for p in (item.lefts or item.rights)))
                out[plan] = Change(plan, self.anchor(plan), f"{side}-only", where,
                                   text if side == "left" else "",
                                   text if side == "right" else "")
                continue
            for k, number in plan.items():
                if number in out:
                    continue
                texts = self.texts[number]
                moved = item.diff.opcodes[k].move is not None
                kind = "moved" if moved else (
                    "replaced" if len(self.sides[number]) == 2 else
                    "deleted" if "left" in self.sides[number] else "inserted")
                places = self.places[number]
                # A move's two places may be in different rows.
                label = " → ".join(places[side] for side in ("left", "right")
                                   if side in places) if moved else where
                out[number] = Change(number, self.anchor(number), kind, label,
                                     excerpt("".join(texts["left"])),
                                     excerpt("".join(texts["right"])))
        return tuple(out[n] for n in sorted(out))


def build_redline(comparison: ClauseComparison,
                  prefix: str = "") -> tuple[tuple[Row, ...], tuple[Change, ...]]:
    """The rows of the redline and the list of changes; ``prefix`` goes before
    every change and move anchor, so that several redlines share a page."""
    builder = _Builder(comparison, prefix)
    return builder.rows(), builder.changes()
