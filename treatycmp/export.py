"""The comparison as JSON, for other programs (``treatycmp diff --format json``).

A plain mapping of the comparison: the two texts' references and digests,
the options, each paragraph pair with its diff as ``[op, left, right]``
triples (``op`` is equal, delete or insert; the left strings rebuild the left
text, the right strings the right text), and the figures.
"""

from __future__ import annotations

import json

from . import __version__
from .compare import ClauseComparison, text_digest


def _side(side) -> dict:
    treaty, version, provision = side
    return {"treaty": treaty.id, "lang": version.lang, "authority": version.authority,
            "provision": provision.n or provision.kind, "eid": provision.eid,
            "title": version.title, "sha256": text_digest(provision)}


def comparison_to_json(comparison: ClauseComparison, left, right, note: str) -> str:
    """Serialise a comparison; ``left``/``right`` are (treaty, version, provision)."""
    f, s = comparison.figures, comparison.figures.stats
    paragraphs = []
    for row in comparison.paragraphs:
        item = {"left": row.left.eid if row.left else None,
                "right": row.right.eid if row.right else None,
                "score": None if row.score is None else round(row.score, 4)}
        if row.diff is not None:
            item["diff"] = [[op.tag, row.diff.left_text(op), row.diff.right_text(op)]
                            for op in row.diff.opcodes]
            item["complete"] = row.diff.complete
        else:
            item["text"] = (row.left or row.right).full_text
        paragraphs.append(item)
    options = comparison.options
    payload = {
        "treatycmp": __version__,
        "left": _side(left), "right": _side(right), "language_note": note,
        "options": {"ignore": options.folding.describe(), "cleanup": options.cleanup, "threshold": options.threshold,
                    "timeout": options.timeout},
        "paragraphs": paragraphs,
        "figures": {"word_similarity": round(f.word_similarity, 4),
                    "shingle_jaccard": round(f.shingle_jaccard, 4),
                    "left_words": s.left_words, "right_words": s.right_words,
                    "unchanged": s.unchanged, "deleted": s.deleted, "inserted": s.inserted},
        "complete": comparison.complete,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)
