"""The word diff: rebuilds both texts exactly, never splits a word, folds only matching."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings, strategies as st

from treatycmp import store
from treatycmp.diff import DELETE, EQUAL, EXACT, INSERT, diff_texts
from treatycmp.text import Folding, tokenize
from conftest import CORPUS

CORPUS_DATA = store.load_corpus(CORPUS)
PARAGRAPHS = sorted({para.full_text
                     for treaty in CORPUS_DATA.treaties for version in treaty.versions
                     for provision in version.provisions() if provision.transcribed
                     for para in provision.paragraphs})

WORDS = ["Parties", "parties", "attaque", "armée", "l’emploi", "l'emploi", "de", "la",
         "force", "«", "»", ",", ".", "\u00a0", "  ", "\n", "Article", "5", "<script>",
         "&amp;", "Ünion", "œuvreront", "’", "'"]
texts = st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join) | st.text(max_size=200)
foldings = st.builds(Folding, case=st.booleans(), accents=st.booleans(),
                     quotes=st.booleans(), whitespace=st.booleans())


def unit_keys(tokens, folding: Folding) -> list[str]:
    """What an equal run must share: every key, or with whitespace folded the
    keys of words and marks (a word is the same whatever space follows it)."""
    if not folding.whitespace:
        return [t.n for t in tokens]
    return [t.n for t in tokens if t.n and not t.t.isspace()]


def check_invariants(left: str, right: str, folding: Folding) -> None:
    diff = diff_texts(left, right, folding)
    assert diff.rebuild_left() == left
    assert diff.rebuild_right() == right
    i = j = 0
    for op in diff.opcodes:  # contiguous ranges covering both token lists
        assert (op.i1, op.j1) == (i, j)
        assert op.tag in (EQUAL, DELETE, INSERT)
        if op.tag == EQUAL:
            assert unit_keys(diff.left[op.i1:op.i2], folding) == unit_keys(
                diff.right[op.j1:op.j2], folding)
        i, j = op.i2, op.j2
    assert (i, j) == (len(diff.left), len(diff.right))


@settings(max_examples=300, deadline=None)
@given(texts, texts, foldings)
def test_random_pairs_rebuild_both_texts_exactly(left, right, folding):
    check_invariants(left, right, folding)


@pytest.mark.parametrize("left, right", list(itertools.combinations(PARAGRAPHS, 2))[::7])
def test_real_corpus_pairs_rebuild_both_texts_exactly(left, right):
    check_invariants(left, right, Folding())


def test_corpus_has_enough_real_pairs():
    assert len(PARAGRAPHS) >= 40


def test_identical_text_is_one_equal_run():
    text = PARAGRAPHS[0]
    diff = diff_texts(text, text)
    assert [op.tag for op in diff.opcodes] == [EQUAL]
    assert diff.stats.word_similarity == 1.0


def test_a_word_is_never_split():
    diff = diff_texts("la sécurité internationale", "la sécurité internationales")
    changed = [diff.left_text(op) + diff.right_text(op) for op in diff.opcodes
               if op.tag != EQUAL]
    assert changed == ["internationale", "internationales"]


def test_folding_matches_but_never_changes_display():
    diff = diff_texts("l’emploi de la Force", "l'emploi de la force")
    assert [op.tag for op in diff.opcodes] == [EQUAL]
    assert diff.rebuild_left() == "l’emploi de la Force"
    assert diff.rebuild_right() == "l'emploi de la force"
    exact = diff_texts("l’emploi de la Force", "l'emploi de la force", EXACT)
    assert {op.tag for op in exact.opcodes} >= {DELETE, INSERT}


def test_accents_fold_only_when_asked():
    assert diff_texts("sécurité", "securite").opcodes[0].tag != EQUAL
    folded = diff_texts("sécurité", "securite", Folding(accents=True))
    assert [op.tag for op in folded.opcodes] == [EQUAL]


def test_a_rewritten_phrase_is_one_replacement_not_confetti():
    left = "each of them will assist the Party or Parties so attacked by taking forthwith"
    right = "engagera un devoir d’assistance et de secours de toutes les Parties"
    diff = diff_texts(left, right)
    assert sum(1 for op in diff.opcodes if op.tag != EQUAL) <= 4


def test_shared_phrases_stay_visible_with_the_default_cleanup():
    left = "une attaque armée sera considérée comme une attaque dirigée contre toutes"
    right = "une atteinte sera considérée comme une agression contre les autres"
    shared = [diff.left_text(op) for diff in [diff_texts(left, right)]
              for op in diff.opcodes if op.tag == EQUAL]
    assert any("sera considérée comme une" in run for run in shared)


def test_tokens_join_back_and_elisions_are_their_own_units():
    tokens = tokenize("d’une ou plusieurs, jusqu’à aujourd’hui")
    assert "".join(t.t for t in tokens) == "d’une ou plusieurs, jusqu’à aujourd’hui"
    assert [t.t for t in tokens if not t.is_space] == [
        "d’", "une", "ou", "plusieurs", ",", "jusqu’", "à", "aujourd’hui"]


@pytest.mark.parametrize("seed", range(20))
def test_long_texts_cut_into_pieces_still_rebuild_exactly(seed):
    """Long inputs take the anchored path (patience and histogram cuts)."""
    import random
    rng = random.Random(seed)
    words = [rng.choice(WORDS) for _ in range(rng.randrange(400, 1200))]
    edited = [w if rng.random() > 0.1 else rng.choice(WORDS) for w in words
              if rng.random() > 0.05]
    edited[len(edited) // 2:len(edited) // 2] = words[:rng.randrange(1, 80)]
    check_invariants(" ".join(words), " ".join(edited), Folding())
    check_invariants("".join(words), " ".join(reversed(edited)), EXACT)


def test_long_diff_is_as_good_as_the_exact_one():
    import treatycmp.diff as module
    words = " ".join(PARAGRAPHS).split()
    left = " ".join(words[:1500])
    right = " ".join(w for i, w in enumerate(words[:1500]) if i % 11)
    anchored = diff_texts(left, right)
    exact_area, module.ANCHOR_AREA = module.ANCHOR_AREA, 10 ** 12
    try:
        exact = diff_texts(left, right)
    finally:
        module.ANCHOR_AREA = exact_area
    assert anchored.stats.word_similarity >= exact.stats.word_similarity - 0.01


def test_timeout_is_reported_not_hidden():
    # No anchor cuts these (every shared word is frequent), so the long region
    # goes to diff-match-patch's bounded search.
    left = " ".join("abc"[i % 3] + "ab"[i % 7 % 2] for i in range(6000))
    right = " ".join("abc"[i % 5 % 3] + "ab"[i % 2] for i in range(6000))
    diff = diff_texts(left, right, timeout=0.001)
    assert diff.rebuild_left() == left and diff.rebuild_right() == right
    assert diff.complete is False
    assert diff_texts("a b", "a c").complete is True


@pytest.mark.parametrize("bad", [{"timeout": 0}, {"cleanup": "fancy"}])
def test_bad_options_are_programmer_errors(bad):
    with pytest.raises(ValueError):
        diff_texts("a", "b", **bad)
