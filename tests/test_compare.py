"""Clause comparison: paragraph alignment, figures, similarity measures."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from treatycmp import store
from treatycmp.align import align_paragraphs
from treatycmp.compare import Options, compare_provisions, text_digest
from treatycmp.similarity import provision_score, shingle_jaccard, shingles, word_dice
from conftest import CORPUS

NATO = store.load_treaty(CORPUS, "nato-1949")
CHARTER = store.load_treaty(CORPUS, "liptako-gourma-2023")


def flagship(lang="fr"):
    return NATO.version(lang).find("5"), CHARTER.version(lang).find("6")


def test_flagship_aligns_first_paragraphs_and_leaves_the_reporting_paragraph_unmatched():
    comparison = compare_provisions(*flagship())
    rows = [(r.left.eid if r.left else None, r.right.eid if r.right else None)
            for r in comparison.paragraphs]
    assert rows == [("art_5__para_1", "art_6__para_1"), ("art_5__para_2", None)]
    assert comparison.paragraphs[1].diff is None


def test_flagship_figures_add_up():
    comparison = compare_provisions(*flagship())
    stats = comparison.figures.stats
    left_words = sum(len([w for w in p.full_text.split()]) for p in flagship()[0].paragraphs)
    assert stats.left_words == stats.unchanged + stats.deleted + stats.moved
    assert stats.right_words == stats.unchanged + stats.inserted + stats.moved
    assert abs(stats.left_words - left_words) < 25  # apostrophes split "qu'une" in two
    assert 0 < comparison.figures.word_similarity < 0.5
    assert 0 < comparison.figures.shingle_jaccard < 0.5
    # the borrowed closing words are found unchanged
    unchanged = "".join(
        row.diff.left_text(op) for row in comparison.paragraphs if row.diff
        for op in row.diff.opcodes if op.tag == "equal")
    assert "y compris l" in unchanged and "pour rétablir et assurer la sécurité" in unchanged


def test_identical_provisions_score_one():
    article = flagship()[0]
    comparison = compare_provisions(article, article)
    assert comparison.figures.word_similarity == 1.0
    assert comparison.figures.shingle_jaccard == 1.0
    assert comparison.figures.stats.deleted == comparison.figures.stats.inserted == 0


def test_untranscribed_provisions_cannot_be_compared():
    with pytest.raises(ValueError):
        compare_provisions(CHARTER.version("fr").find("1"), flagship()[0])


def test_digest_is_of_the_exact_text():
    nato5 = flagship()[0]
    assert text_digest(nato5) == text_digest(NATO.version("fr").find("5"))
    assert text_digest(nato5) != text_digest(NATO.version("en").find("5"))
    assert len(text_digest(nato5)) == 64


def test_paragraph_alignment_never_crosses_and_uses_each_paragraph_once():
    left = ["alpha beta gamma delta", "one two three four", "red green blue"]
    right = ["one two three five", "red green blue yellow", "alpha beta gamma delta"]
    pairs = align_paragraphs(left, right)
    lefts = [i for p in pairs for i in p.left]
    rights = [j for p in pairs for j in p.right]
    assert lefts == [0, 1, 2] and rights == [0, 1, 2]
    matched = [(p.left, p.right) for p in pairs if p.left and p.right]
    assert matched == [((1,), (0,)), ((2,), (1,))]


def test_single_paragraphs_are_always_paired():
    assert [(p.left, p.right, p.basis) for p in align_paragraphs(["abc"], ["xyz"])] == [
        ((0,), (0,), "single")]


def test_threshold_is_an_option():
    left, right = flagship()
    default = compare_provisions(left, right)
    strict = compare_provisions(left, right, Options(threshold=0.99))
    assert [r.basis for r in default.paragraphs] == ["score", "alone"]
    # No pair is an anchor on its score any more: the obligation paragraphs are
    # still paired, as the only clear counterparts left (see treatycmp.align).
    assert [r.basis for r in strict.paragraphs] == ["margin", "alone"]


safe_text = st.text(max_size=120)


@given(safe_text, safe_text)
def test_similarity_is_symmetric_and_bounded(a, b):
    for measure in (shingle_jaccard, provision_score):
        score = measure(a, b)
        assert 0.0 <= score <= 1.0
        assert score == measure(b, a)
    assert word_dice(a.split(), b.split()) == word_dice(b.split(), a.split())


@given(safe_text)
def test_similarity_is_one_for_identical_input(a):
    assert shingle_jaccard(a, a) == 1.0 and provision_score(a, a) == 1.0


def test_shingles_ignore_case_spaces_and_punctuation():
    assert shingles("Les Parties, conviennent") == shingles("les parties conviennent")
    assert "lespa" in shingles("Les Parties")
