"""The comparison as JSON, for other programs (``treatycmp diff --format json``).

A plain mapping of the comparison: the two texts' references and digests,
the options, each row (``lefts`` and ``rights``: the eIds of its paragraphs,
either list may be empty; ``left``/``right``: the first of each, or null;
``basis``: how they were paired: single, score, margin, position, manual or
alone, see :mod:`treatycmp.align`; ``joined``: whether lone neighbouring
paragraphs joined the row; its score, of the whole row) with its diff as ``[op, left,
right]`` triples (``op`` is equal, delete or insert; the left strings rebuild
the left text, the right strings the right text; a group of paragraphs is
diffed as their texts joined by a blank line; paragraphs alone on one side
are one delete or insert, perhaps cut where a run of them moved), its
``moves`` (each triple's move number or null: the same number at both
places of a run), ``complete`` (false if the diff hit its time limit) and
``text``: the paragraphs' text for paragraphs alone on one side, else null.
Every row has every key. The top-level ``moves`` gives each move's text and
both places (``row``, ``op``: indexes into ``paragraphs`` and that row's
``diff``); then the figures.
"""

from __future__ import annotations

import json

from .. import __version__
from ..compare import ClauseComparison, group_text, text_digest
from ..diff import DELETE


def _side(side) -> dict:
    treaty, version, provision = side
    return {"treaty": treaty.id, "lang": version.lang, "authority": version.authority,
            "provision": provision.key, "eid": provision.eid,
            "title": version.title, "sha256": text_digest(provision)}


def _rows(comparison: ClauseComparison) -> tuple[list[dict], list[dict]]:
    paragraphs, moves = [], {}
    for r, row in enumerate(comparison.paragraphs):
        item = {"left": row.left.eid if row.left else None,
                "right": row.right.eid if row.right else None,
                "lefts": [p.eid for p in row.lefts], "rights": [p.eid for p in row.rights],
                "basis": row.basis, "joined": row.joined,
                "score": None if row.score is None else round(row.score, 4)}
        text = None if row.lefts and row.rights else group_text(row.lefts or row.rights)
        if row.diff is None:  # alone, and nothing of it moved: one delete or insert
            item["diff"] = [["delete", text, ""] if row.lefts else ["insert", "", text]]
            item["moves"], item["complete"] = [None], True
        else:
            item["diff"] = [[op.tag, row.diff.left_text(op), row.diff.right_text(op)]
                            for op in row.diff.opcodes]
            item["moves"] = [op.move for op in row.diff.opcodes]
            item["complete"] = row.diff.complete
            for k, op in enumerate(row.diff.opcodes):
                if op.move is None:
                    continue
                move = moves.setdefault(op.move, {"move": op.move})
                if op.tag == DELETE:
                    move["text"] = row.diff.left_text(op).rstrip()
                    move["from"] = {"row": r, "op": k}
                else:
                    move["to"] = {"row": r, "op": k}
        item["text"] = text
        paragraphs.append(item)
    return paragraphs, [moves[n] for n in sorted(moves)]


def comparison_to_json(comparison: ClauseComparison, left, right, note: str) -> str:
    """Serialise a comparison; ``left``/``right`` are (treaty, version, provision)."""
    f, s = comparison.figures, comparison.figures.stats
    paragraphs, moves = _rows(comparison)
    options = comparison.options
    payload = {
        "treatycmp": __version__,
        "left": _side(left), "right": _side(right), "language_note": note,
        "options": {"ignore": options.folding.describe(), "cleanup": options.cleanup,
                    "threshold": options.threshold, "timeout": options.timeout},
        "paragraphs": paragraphs,
        "moves": moves,
        "figures": {"word_similarity": round(f.word_similarity, 4),
                    "shingle_jaccard": round(f.shingle_jaccard, 4),
                    "left_words": s.left_words, "right_words": s.right_words,
                    "unchanged": s.unchanged, "deleted": s.deleted, "inserted": s.inserted,
                    "moved": s.moved},
        "complete": comparison.complete,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)
