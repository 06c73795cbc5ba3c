"""Paragraph alignment inside a clause (treatycmp.align), on inputs of our own making.

The rule is in treatycmp/align.py and docs/alignment.md ("Paragraphs within
a clause"). These tests state what a reader expects whatever the wording:
the same words cut into any number of paragraphs are one row; paragraphs
rewritten beyond recognition between two anchors are still paired in order
when both sides hold as many; a row says when neighbours joined it.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from treatycmp.align import PARAGRAPH_THRESHOLD, align_paragraphs
from treatycmp.compare import compare_provisions
from treatycmp.model import ARTICLE, Paragraph, Provision

# Made-up vocabulary: no treaty text.
WORDS = ("council member states shall consult promptly whenever territorial integrity "
         "political independence security threatened measures report assistance party "
         "parties undertake maintain develop capacity resist attack forces region ocean "
         "protocol secretariat annual budget ratification deposit instruments accession "
         "withdrawal notice months depositary government archives languages equally "
         "authentic signature review conference amendment majority").split()


def sentences(seed: int, count: int) -> list[str]:
    """``count`` distinct made-up sentences of 8 to 15 words, each ending with a full stop."""
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < count:
        words = rng.sample(WORDS, rng.randint(8, 15))
        sentence = " ".join(words).capitalize() + "."
        if sentence not in out:
            out.append(sentence)
    return out


def provision(*texts: str, n: str = "1") -> Provision:
    paragraphs = tuple(Paragraph(f"art_{n}__para_{k}", None, text)
                       for k, text in enumerate(texts, 1))
    return Provision(ARTICLE, f"art_{n}", n, f"Article {n}", None, paragraphs, True)


def rows(left: list[str], right: list[str]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(p.left, p.right) for p in align_paragraphs(left, right)]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10 ** 6), st.integers(2, 16), st.booleans())
def test_one_paragraph_against_the_same_words_split_is_one_row(seed, k, long_on_left):
    parts = sentences(seed, k)
    whole = [" ".join(parts)]
    left, right = (whole, parts) if long_on_left else (parts, whole)
    found = rows(left, right)
    assert len(found) == 1, found
    assert sorted(found[0][0]) == list(range(len(left)))
    assert sorted(found[0][1]) == list(range(len(right)))


def test_the_same_words_split_compare_as_unchanged():
    parts = sentences(7, 10)
    comparison = compare_provisions(provision(" ".join(parts)), provision(*parts, n="2"))
    assert len(comparison.paragraphs) == 1
    stats = comparison.figures.stats
    assert stats.deleted == stats.inserted == 0
    assert comparison.paragraphs[0].joined


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10 ** 6), st.integers(1, 6))
def test_rewritten_paragraphs_between_anchors_pair_in_order(seed, gap):
    """Anchors (identical paragraphs) around a gap of ``gap`` paragraphs a side
    that share no word: every paragraph of the gap is paired, in order."""
    first, last = sentences(seed, 2)
    rng = random.Random(seed)
    left_gap = [f"Alpha{i} beta{i} gamma{i} delta{i}." for i in range(gap)]
    right_gap = [f"Omega{i} psi{i} chi{i} phi{rng.randint(0, 9)}." for i in range(gap)]
    found = rows([first, *left_gap, last], [first, *right_gap, last])
    assert found == [((k,), (k,)) for k in range(gap + 2)]


def test_a_paragraph_with_no_counterpart_is_not_forced_into_a_row():
    """Containment needs the words to be there: an extra paragraph of other
    words stays alone next to a row it has nothing to do with."""
    a, b, c = sentences(3, 3)
    found = align_paragraphs([a, b], [a, "Zeta eta theta iota kappa lambda mu nu xi omicron.", b])
    assert [(p.left, p.right) for p in found] == [((0,), (0,)), ((), (1,)), ((1,), (2,))]
    assert not any(p.joined for p in found)


def test_a_joined_row_scores_as_a_whole_and_says_so():
    parts = sentences(11, 9)
    found = align_paragraphs([" ".join(parts)], parts)
    (row,) = found
    assert row.joined and row.score >= PARAGRAPH_THRESHOLD
    assert row.basis == "score"  # joined, the row shares enough wording to stand on its own


def test_long_clauses_get_the_same_candidates_whatever_the_hash_seed():
    """Candidate pairs of long clauses are chosen by votes; ties (here twenty
    right paragraphs with one shared word each) must not be broken by the
    order of a set, which changes with PYTHONHASHSEED."""
    import os
    import subprocess
    import sys
    script = (
        "from treatycmp.align import _Scorer, candidate_pairs\n"
        "from treatycmp.text import Folding\n"
        "left = [' '.join(f'w{n:02d}word' for n in range(20))] * 40\n"
        "right = [f'w{j:02d}word f{j:02d}fill g{j:02d}fill' for j in range(40)]\n"
        "print(candidate_pairs(_Scorer(left, right, Folding()), 0, 40, 0, 40))\n")
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                             text=True, check=True)
        outputs.add(run.stdout)
    assert len(outputs) == 1
