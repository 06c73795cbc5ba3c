"""The word diff: rebuilds both texts exactly, never splits a word, folds only matching."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings, strategies as st

from treatycmp import store
from treatycmp.diff import DELETE, EQUAL, EXACT, INSERT, diff_texts, is_content_key
from treatycmp.text import Folding, tokenize
from conftest import CORPUS, reading

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
def test_long_texts_cut_into_pieces_still_rebuild_exactly(seed, monkeypatch):
    """Long inputs take the anchored path (patience and histogram cuts; here
    from 100,000 unit pairs on)."""
    import random
    import treatycmp.unitdiff as module
    monkeypatch.setattr(module, "ANCHOR_AREA", 100_000)
    rng = random.Random(seed)
    words = [rng.choice(WORDS) for _ in range(rng.randrange(400, 1200))]
    edited = [w if rng.random() > 0.1 else rng.choice(WORDS) for w in words
              if rng.random() > 0.05]
    edited[len(edited) // 2:len(edited) // 2] = words[:rng.randrange(1, 80)]
    check_invariants(" ".join(words), " ".join(edited), Folding())
    check_invariants("".join(words), " ".join(reversed(edited)), EXACT)


def test_long_diff_is_as_good_as_the_exact_one(monkeypatch):
    import treatycmp.unitdiff as module
    words = " ".join(PARAGRAPHS).split()
    left = " ".join(words[:1500])
    right = " ".join(w for i, w in enumerate(words[:1500]) if i % 11)
    exact = diff_texts(left, right)
    monkeypatch.setattr(module, "ANCHOR_AREA", 200_000)  # (cut: 1,500 words is 3 million pairs)
    anchored = diff_texts(left, right)
    assert anchored.stats.word_similarity >= exact.stats.word_similarity - 0.01


def test_one_long_paragraph_whose_sentences_recur_keeps_its_words_in_place():
    """Audit 9, F5: one paragraph of 4,400 words drawn from ten recurring
    sentences, with one word in ten replaced in place, was cut at the wrong
    occurrences: 1,024 words deleted and as many inserted, hundreds shown as
    moved. Up to ANCHOR_AREA it is diffed whole, and only the replaced words
    change."""
    import random
    rng = random.Random(4)
    sentences = [p for p in PARAGRAPHS if 12 <= len(p.split()) <= 40][:10]
    left = " ".join(rng.choice(sentences) for _ in range(160)).split()
    right = list(left)
    replaced = set()
    words = [k for k, word in enumerate(left) if word.isalpha()]  # (one word each)
    for k in rng.sample(words, len(right) // 10):
        right[k] = f"zz{k}"
        replaced.add(k)
    diff = diff_texts(" ".join(left), " ".join(right))
    assert diff.stats.deleted == diff.stats.inserted == len(replaced)
    assert diff.stats.unchanged == diff.stats.left_words - len(replaced)
    assert diff.stats.moved == 0


def test_timeout_is_reported_not_hidden(monkeypatch):
    # No anchor cuts these (every shared word is frequent), so the long region
    # goes to diff-match-patch's bounded search (past ANCHOR_AREA, here made
    # small, as texts of 16,000 words a side would be).
    import treatycmp.unitdiff as module
    monkeypatch.setattr(module, "ANCHOR_AREA", 1_000_000)
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


# ------------------------------------------------ what a legal reader must see

FUNCTION = ["of", "the", "and", "in", "to", "any", "by", "or", "de", "la", "les", ",", ";", "."]
# Made-up content words: letters only, never a function word.
content_words = st.text(alphabet="bcdfghjklmnpqrstvwxz", min_size=4, max_size=9).filter(
    is_content_key)
# (No number of three digits: after another number and a space it would be
# read as that number's next group, 1 000.)
numbers = st.integers(0, 9999).filter(lambda n: not 100 <= n <= 999).map(str)


def _words(draw_from, min_size=0, max_size=30):
    return st.lists(draw_from, min_size=min_size, max_size=max_size)


def _equal_words(diff) -> list[str]:
    return [t.n for op in diff.opcodes if op.tag == EQUAL
            for t in diff.left[op.i1:op.i2] if t.is_word]


@settings(max_examples=200, deadline=None)
@given(_words(content_words | numbers | st.sampled_from(FUNCTION), 1, 40),
       _words(st.text(alphabet="áéíóú", min_size=2, max_size=6), 1, 8),
       st.integers(0, 40), st.integers(0, 5))
def test_a_phrase_inserted_or_changed_leaves_the_rest_unchanged(words, phrase, at, cut):
    """The words around an edit are unchanged, whatever they are (function
    words, repeated words, numbers); ``phrase`` shares no word with the text."""
    at = min(at, len(words))
    cut = min(cut, len(words) - at)
    left = " ".join(words)
    right = " ".join(words[:at] + phrase + words[at + cut:])
    diff = diff_texts(left, right)
    kept = len([w for w in words if w[0].isalnum()]) - len(
        [w for w in words[at:at + cut] if w[0].isalnum()])
    assert diff.stats.unchanged == kept
    assert diff.rebuild_left() == left and diff.rebuild_right() == right


@settings(max_examples=200, deadline=None)
@given(_words(content_words, 2, 6), _words(st.sampled_from(FUNCTION), 0, 3),
       _words(content_words | st.sampled_from(FUNCTION), 0, 25),
       _words(st.text(alphabet="áéíóúàè", min_size=4, max_size=8)
              | st.sampled_from(FUNCTION), 0, 25), st.data())
def test_a_shared_phrase_of_content_words_is_shown_unchanged(shared, glue, left_words,
                                                               right_words, data):
    """Two texts that otherwise share only function words (the confetti
    that a longest common subsequence likes) show their shared phrase
    unchanged: every content word of it stands in an equal run."""
    phrase = shared[:1] + glue + shared[1:]  # two content words, maybe a function word between
    lat = data.draw(st.integers(0, len(left_words)))
    rat = data.draw(st.integers(0, len(right_words)))
    left = " ".join(left_words[:lat] + phrase + left_words[lat:])
    right = " ".join(right_words[:rat] + phrase + right_words[rat:])
    diff = diff_texts(left, right)
    unchanged = _equal_words(diff)
    for word in shared:
        assert unchanged.count(word) >= shared.count(word), (word, diff.opcodes)


@settings(max_examples=200, deadline=None)
@given(texts, texts)
def test_no_content_word_is_both_deleted_and_inserted_in_one_change(left, right):
    """A replacement never holds the same content word on both sides: a name,
    number, date or term that both texts have there is shown unchanged."""
    diff = diff_texts(left, right)
    for deleted, inserted in _replacements(diff):
        assert not {k for k in deleted if is_content_key(k)} & set(inserted), (
            deleted, inserted)


def _replacements(diff):
    """(deleted keys, inserted keys) of each run of changes between equal runs."""
    block: tuple[list[str], list[str]] = ([], [])
    for op in [*diff.opcodes, None]:
        if op is None or op.tag == EQUAL:
            if block[0] or block[1]:
                yield block
            block = ([], [])
        elif op.tag == DELETE:
            block[0].extend(t.n for t in diff.left[op.i1:op.i2] if t.opens)
        else:
            block[1].extend(t.n for t in diff.right[op.j1:op.j2] if t.opens)


@pytest.mark.parametrize("left, right, changes", [
    ("in accordance with Article 5 paragraph 1 of this Treaty",
     "in accordance with Article 6 paragraph 2 of this Treaty", [("5", "6"), ("1", "2")]),
    ("by 16 September 2023 at the latest", "by 17 September 2024 at the latest",
     [("16", "17"), ("2023", "2024")]),
    ("Le terme « attaque armée » désigne l’article 5 ; voir",
     "Le terme « agression armée » vise l’article 6 ; voir",
     [("attaque", "agression"), ("désigne", "vise"), ("5", "6")]),
])
def test_references_and_dates_change_only_where_they_differ(left, right, changes):
    """Audit F5: the words between two small changes stay unchanged."""
    diff = diff_texts(left, right)
    shown = [(diff.left_text(op).strip(), diff.right_text(op).strip())
             for op in _merged_changes(diff)]
    assert shown == changes


def _merged_changes(diff):
    """Each run of changes as one opcode spanning both sides."""
    out, run = [], []
    for op in [*diff.opcodes, None]:
        if op is None or op.tag == EQUAL:
            if run:
                out.append(run[0]._replace(i2=run[-1].i2, j2=run[-1].j2))
            run = []
        else:
            run.append(op)
    return out


def test_borrowed_wording_between_different_clauses_stays_visible():
    """Audit F1: CST Art 4 and NATO Art 5 share "in exercise of the right of"
    and "Article 51 of the"; a longest common subsequence of scattered "of
    the" hid them in one whole-sentence replacement."""
    cst = CORPUS_DATA.treaty("cst-1992").version("en").find("4").paragraphs
    nato = CORPUS_DATA.treaty("nato-1949").version("en").find("5").paragraphs
    # The row that the comparison makes: CST ¶1–2 against NATO ¶1.
    diff = diff_texts("\n\n".join(p.full_text for p in cst[:2]), nato[0].full_text)
    unchanged = " ".join(" ".join(diff.left_text(op).split()) for op in diff.opcodes
                         if op.tag == EQUAL)
    assert "in exercise of the right of" in unchanged
    assert "Article 51 of the" in unchanged


def test_function_word_confetti_is_folded_but_content_words_are_not():
    # "of the" between two rewritten stretches (three words or more) folds away ...
    diff = diff_texts("each party recognizes an armed attack of the enemy armies that march",
                      "all member states declare a grave threat of the hostile forces which "
                      "advance")
    assert _equal_words(diff) == []
    diff = diff_texts("each party recognizes an armed attack of the enemy armies marching on "
                      "Paris", "all member states declare a grave threat of the hostile forces "
                      "which advance upon Paris")
    assert _equal_words(diff) == ["paris"]
    # ... but between changes of a word or two it is what both texts share there.
    diff = diff_texts("the attack of the enemy against the Party",
                      "a threat of the force upon the State")
    assert _equal_words(diff) == ["of", "the", "the"]


def test_the_other_cleanups_are_diff_match_patchs():
    left, right = "Article 5 paragraph 1 of this Treaty", "Article 6 paragraph 2 of this Treaty"
    assert _equal_words(diff_texts(left, right, cleanup="efficiency")) == [
        "article", "of", "this", "treaty"]
    assert "paragraph" in _equal_words(diff_texts(left, right))


@pytest.mark.parametrize("seed", [1, 6, 7])
def test_a_long_revision_keeps_its_unchanged_words(seed):
    """20,000 words drawn from the corpus (no word occurs once: no patience
    anchor), 5 % replaced: the long text is cut at its shared phrases, not at
    a rare word's first match elsewhere (which lost up to 85 % of the text)."""
    import random
    rng = random.Random(seed)
    vocabulary = " ".join(PARAGRAPHS).split()
    left = [rng.choice(vocabulary) for _ in range(20_000)]
    right = [w if rng.random() > 0.05 else rng.choice(vocabulary) for w in left]
    diff = diff_texts(" ".join(left), " ".join(right))
    assert diff.stats.unchanged >= 0.9 * diff.stats.left_words


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([-1, 0, 1]), st.text("abc", min_size=1, max_size=4)),
                max_size=8))
def test_shifting_edits_keeps_both_texts_and_every_unchanged_unit(ops):
    """cleanup.shift_edits (diff-match-patch's sideways shift): both texts,
    and how many units stand unchanged, are as before; no single edit between
    two unchanged runs still ends with the run before it or begins with the one after."""
    from treatycmp.cleanup import merge, shift_edits
    diffs = merge(ops)
    shifted = shift_edits(list(diffs))

    def side(ds, skip):
        return "".join(text for op, text in ds if op != skip)
    assert side(shifted, 1) == side(diffs, 1) and side(shifted, -1) == side(diffs, -1)
    assert sum(len(t) for op, t in shifted if op == 0) == sum(len(t) for op, t in diffs if op == 0)
    assert shifted == merge(shifted)
    for k in range(1, len(shifted) - 1):
        (before, left), (op, text), (after, right) = shifted[k - 1:k + 2]
        if before == after == 0 and op:
            assert not text.endswith(left) and not text.startswith(right)


@settings(max_examples=300, deadline=None)
@given(texts, texts, foldings)
def test_the_diff_reads_the_same_either_way_round(left, right, folding):
    """``diff_texts(b, a)`` is ``diff_texts(a, b)`` seen from the other side:
    the same runs unchanged, what one deletes the other inserts; and seeing
    a diff from the other side twice reads as the diff itself."""
    from treatycmp.diff import mirrored
    forward, backward = diff_texts(left, right, folding), diff_texts(right, left, folding)
    assert reading(backward) == reading(forward, turned=True)
    assert reading(mirrored(forward)) == reading(backward)
    assert reading(mirrored(mirrored(forward))) == reading(forward)
    f, b = forward.stats, backward.stats
    assert (f.unchanged, f.deleted, f.inserted) == (b.unchanged, b.inserted, b.deleted)
    check_invariants(right, left, folding)


@pytest.mark.parametrize("left, right", list(itertools.combinations(PARAGRAPHS, 2))[::5])
def test_real_paragraph_pairs_read_the_same_either_way_round(left, right):
    assert reading(diff_texts(right, left)) == reading(diff_texts(left, right), turned=True)
