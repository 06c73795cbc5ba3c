"""Measure how well the word diff shows what two clauses share (issue 8, F1/F5/F10).

    python bench/diff_quality.py [--list]

Over every ordered pair of transcribed provisions of the shipped corpus that
share a language (the pairs a researcher compares), counts:

- **hidden runs**: replacement blocks (a run of deletions and insertions
  between unchanged text, moves aside) whose two sides share a run of at
  least three words, and of those the runs holding a content word (see
  :func:`treatycmp.diff.is_content_key`);
- **interior-shared**: replacement blocks with a word on both sides (any
  word, and content words only), and the *short* ones (at most six words a
  side: audit 4's measure of "a word marked as changed that stands unchanged
  on both sides");
- **word similarity** against difflib's ``SequenceMatcher`` (autojunk off) on
  the word keys of the same paragraph rows: the mean of each, and how many
  pairs are more than 0.05 below difflib; and the content words each shows
  unchanged;
- **moves**: moved runs, by how many content words they hold, and the most
  frequent moved phrases;
- the time of all comparisons.

Prints figures only; asserts nothing. ``--list`` prints each hidden run.
"""

from __future__ import annotations

import itertools
import sys
import time
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHORT = 6  # words a side of a short replacement block (audit 4's measure)
sys.path.insert(0, str(ROOT))

from treatycmp import store  # noqa: E402
from treatycmp.compare import compare_provisions  # noqa: E402
from treatycmp.diff import is_content_key  # noqa: E402


def keys(tokens) -> list[str]:
    return [t.n for t in tokens if t.opens]


def is_word(key: str) -> bool:
    return key[:1].isalnum()


def blocks(diff):
    """(deleted keys, inserted keys) of each replacement block (moves aside)."""
    ops = diff.opcodes
    k = 0
    while k < len(ops):
        m = k
        while m < len(ops) and ops[m].tag != "equal" and ops[m].move is None:
            m += 1
        if m > k:
            yield ([x for op in ops[k:m] if op.tag == "delete"
                    for x in keys(diff.left[op.i1:op.i2])],
                   [x for op in ops[k:m] if op.tag == "insert"
                    for x in keys(diff.right[op.j1:op.j2])])
        k = max(m, k + 1)


def pairs_of_corpus():
    corpus = store.load_corpus(store.default_corpus_root())
    bylang: dict[str, list] = {}
    for treaty in corpus.treaties:
        for version in treaty.versions:
            for prov in version.provisions():
                if prov.transcribed and prov.paragraphs:
                    bylang.setdefault(version.lang, []).append(
                        (f"{treaty.id}@{version.lang}:{prov.key}", prov))
    for provs in bylang.values():
        yield from itertools.permutations(provs, 2)


def main() -> None:
    listing = "--list" in sys.argv
    count = Counter()
    moved_phrases: Counter = Counter()
    ours_sum = theirs_sum = 0.0
    below = pairs = 0
    elapsed = 0.0
    slowest = (0.0, "")
    for (a, pa), (b, pb) in pairs_of_corpus():
        start = time.process_time()
        comparison = compare_provisions(pa, pb)
        spent = time.process_time() - start
        elapsed += spent
        slowest = max(slowest, (spent, f"{a} {b}"))
        pairs += 1
        same = 0
        for row in comparison.paragraphs:
            diff = row.diff
            if diff is None or not row.lefts or not row.rights:
                continue
            lw = [t.n for t in diff.left if t.is_word]
            rw = [t.n for t in diff.right if t.is_word]
            blocks_ = SequenceMatcher(None, lw, rw, autojunk=False).get_matching_blocks()
            same += sum(m.size for m in blocks_)
            count["content words unchanged: difflib"] += sum(
                map(is_content_key, (w for m in blocks_ for w in lw[m.a:m.a + m.size])))
            count["content words unchanged: treatycmp"] += sum(
                is_content_key(t.n) for op in diff.opcodes if op.tag == "equal"
                for t in diff.left[op.i1:op.i2] if t.is_word)
            for dl, il in blocks(diff):
                if not dl or not il:
                    continue
                count["replacement blocks"] += 1
                shared = {x for x in dl if is_word(x)} & {x for x in il if is_word(x)}
                if shared:
                    count["interior-shared (any word)"] += 1
                if any(map(is_content_key, shared)):
                    count["interior-shared (content word)"] += 1
                if shared and max(sum(map(is_word, dl)), sum(map(is_word, il))) <= SHORT:
                    count[f"short blocks (<= {SHORT} words a side) sharing a word"] += 1
                    if listing:
                        print("short:", a, b, " ".join(dl), "->", " ".join(il))
                match = SequenceMatcher(None, dl, il, autojunk=False).find_longest_match(
                    0, len(dl), 0, len(il))
                run = dl[match.a:match.a + match.size]
                if sum(map(is_word, run)) >= 3:
                    count["hidden run >= 3 words"] += 1
                    if any(map(is_content_key, run)):
                        count["hidden run >= 3 words with a content word"] += 1
                    if listing:
                        print("hidden:", a, b, " ".join(run))
        words = comparison.figures.stats.left_words + comparison.figures.stats.right_words
        theirs = 2 * same / words if words else 1.0
        ours = comparison.figures.word_similarity
        ours_sum += ours
        theirs_sum += theirs
        below += ours < theirs - 0.05
        moves: dict[int, list[str]] = {}
        for row in comparison.paragraphs:
            if row.diff is None:
                continue
            for op in row.diff.opcodes:
                if op.move is not None and op.tag == "delete":
                    moves[op.move] = keys(row.diff.left[op.i1:op.i2])
        for run in moves.values():
            content = sum(map(is_content_key, run))
            count[f"moved runs with {min(content, 2)}{'+' if content >= 2 else ''} "
                  "content words"] += 1
            moved_phrases[" ".join(run)] += 1
    count[f"short blocks (<= {SHORT} words a side) sharing a word"] += 0  # (printed if 0)
    for name in sorted(count):
        print(f"{name:45} {count[name]:6}")
    print(f"{'pairs':45} {pairs:6}")
    print(f"{'mean word similarity: treatycmp':45} {ours_sum / pairs:8.4f}")
    print(f"{'mean word similarity: difflib (word lists)':45} {theirs_sum / pairs:8.4f}")
    print(f"{'pairs more than 0.05 below difflib':45} {below:6}")
    print(f"{'time of all comparisons (CPU s)':45} {elapsed:8.2f}")
    print(f"{'slowest pair (CPU ms)':45} {slowest[0] * 1000:8.1f}  {slowest[1]}")
    print("most frequent moved phrases:")
    for phrase, n in moved_phrases.most_common(15):
        print(f"  {n:4}  {phrase}")


if __name__ == "__main__":
    main()
