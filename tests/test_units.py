"""Units that match what a reader sees, in every script (property-based).

Canonically equivalent texts never differ; combining marks never split a
word; invisible characters never make a change; French spacing is
whitespace; Chinese and Japanese compare by character; moved runs are
found; and every side still rebuilds exactly from its own tokens.
"""

from __future__ import annotations

import unicodedata

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from treatycmp.compare import compare_provisions
from treatycmp.diff import DELETE, EQUAL, INSERT, diff_texts
from treatycmp.model import Paragraph, Provision
from treatycmp.text import EXACT, Folding, tokenize, word_count

INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
NO_BREAK_SPACES = "\u00a0\u202f"

# Words of scripts that use combining marks, accents and elision.
letters = st.sampled_from(list("abcdeéèêëiïoôuùüçœAÉÖşğİıßøå") + ["e\u0301", "a\u0308"])
latin_word = st.lists(letters, min_size=1, max_size=8).map("".join)
hindi_word = st.sampled_from(["हिन्दी", "शब्द", "संधि", "सुरक्षा", "परिषद्", "राज्य"])
arabic_word = st.sampled_from(["مُعَاهَدَة", "الدِّفَاع", "العَرَبِيّ", "المُشْتَرَك", "الدُّوَل"])
elided = st.sampled_from(["l’", "d’", "qu’", "L'", "jusqu’", "s’"])
word = st.one_of(latin_word, hindi_word, arabic_word,
                 st.tuples(elided, latin_word).map("".join))
texts = st.lists(word, min_size=1, max_size=12).map(" ".join)


def changed_words(left: str, right: str, folding: Folding = Folding()) -> int:
    stats = diff_texts(left, right, folding).stats
    return stats.deleted + stats.inserted + stats.moved


@settings(max_examples=200, deadline=None)
@given(texts)
def test_nfc_and_nfd_never_differ_and_count_the_same(text):
    nfc, nfd = unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)
    for folding in (Folding(), Folding(accents=True), Folding(case=False, quotes=False)):
        diff = diff_texts(nfc, nfd, folding)
        assert changed_words(nfc, nfd, folding) == 0
        assert diff.rebuild_left() == nfc and diff.rebuild_right() == nfd
        assert word_count(nfc, folding) == word_count(nfd, folding)


@settings(max_examples=200, deadline=None)
@given(st.lists(word, min_size=1, max_size=12))
def test_combining_marks_never_split_a_word(words):
    text = " ".join(words)
    # An elided article (l’, qu’) is a word of its own, as it is to a reader of French.
    expected = len(words) + sum(1 for w in words if any(a in w for a in "’'"))
    assert word_count(text) == expected
    assert word_count(unicodedata.normalize("NFD", text)) == expected


@settings(max_examples=200, deadline=None)
@given(texts, st.data())
def test_invisible_characters_never_make_a_change(text, data):
    chars = list(text)
    for _ in range(data.draw(st.integers(1, 4))):
        where = data.draw(st.integers(0, len(chars)))
        chars.insert(where, data.draw(st.sampled_from(INVISIBLE)))
    noisy = "".join(chars)
    assert changed_words(text, noisy) == 0
    diff = diff_texts(text, noisy)
    assert diff.rebuild_left() == text and diff.rebuild_right() == noisy


@settings(max_examples=100, deadline=None)
@given(texts, st.sampled_from(list(NO_BREAK_SPACES)), st.sampled_from(list(":;!?»")))
def test_french_spacing_is_whitespace_when_whitespace_is_folded(text, space, mark):
    plain, french = f"{text} {mark} fin", f"{text}{space}{mark} fin"
    assert changed_words(plain, french) == 0
    assert diff_texts(plain, f"{text}{mark} fin").stats.deleted == 0  # no space at all


def test_harakat_fold_away_only_with_accents():
    plain, voweled = "معاهدة الدفاع العربي", "مُعَاهَدَة الدِّفَاع العَرَبِيّ"
    assert word_count(voweled) == 3
    assert changed_words(plain, voweled, Folding(accents=True)) == 0
    assert changed_words(plain, voweled) == 6


def test_identical_hindi_and_arabic_count_as_a_reader_counts():
    assert word_count("भारत और पाकिस्तान के बीच संधि") == 6
    assert word_count("مُعَاهَدَةُ الدِّفَاعِ المُشْتَرَكِ وَالتَّعَاوُنِ الاقْتِصَادِيِّ") == 5


def test_turkish_dotted_capital_i_folds_to_i():
    assert changed_words("İSTANBUL İçin", "istanbul için") == 0
    assert changed_words("İSTANBUL", "istanbul", Folding(case=False)) == 2


@settings(max_examples=100, deadline=None)
@given(st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=5,
               max_size=40), st.data())
def test_chinese_is_compared_character_by_character(text, data):
    where = data.draw(st.integers(0, len(text) - 1))
    other = data.draw(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5))
    assume(other != text[where])
    changed = text[:where] + other + text[where + 1:]
    stats = diff_texts(text, changed).stats
    assert stats.left_words == len(text)
    assert stats.deleted == 1 and stats.inserted == 1 and stats.unchanged == len(text) - 1


def test_japanese_kana_and_kanji_are_characters():
    left, right = "日本国とアメリカ合衆国との間の相互協力及び安全保障条約", \
        "日本国とアメリカ合衆国との間の相互協力及び安全保障協定"
    stats = diff_texts(left, right).stats
    assert stats.deleted == 2 and stats.inserted == 2


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.text(max_size=60),
       st.builds(Folding, case=st.booleans(), accents=st.booleans(), quotes=st.booleans(),
                 whitespace=st.booleans()))
def test_any_unicode_rebuilds_exactly(left, right, folding):
    diff = diff_texts(left, right, folding)
    assert diff.rebuild_left() == left and diff.rebuild_right() == right
    assert "".join(t.t for t in tokenize(left, folding)) == left


@settings(max_examples=200, deadline=None)
@given(texts, texts)
def test_a_change_never_cuts_a_word(left, right):
    diff = diff_texts(left, right)
    for text_of in (diff.left_text, diff.right_text):
        pieces = [text_of(op) for op in diff.opcodes if text_of(op)]
        for a, b in zip(pieces, pieces[1:]):
            assert not (unicodedata.category(a[-1])[0] in "LMN"
                        and unicodedata.category(b[0])[0] in "LMN"), (a, b)


def _provision(*paragraphs: str) -> Provision:
    return Provision("article", "art_1", "1", "Article 1", None,
                     tuple(Paragraph(f"art_1__para_{k}", None, text)
                           for k, text in enumerate(paragraphs, 1)), True)


def test_a_word_moved_a_few_places_is_one_move():
    comparison = compare_provisions(
        _provision("Such measures shall immediately be reported to the Council."),
        _provision("Such measures shall be immediately reported to the Council."))
    stats = comparison.figures.stats
    assert (stats.moved, stats.deleted, stats.inserted) == (1, 0, 0)


def test_a_short_common_word_is_never_a_move():
    comparison = compare_provisions(_provision("the Parties agree on the plan"),
                                    _provision("Parties agree on the new the plan"))
    assert comparison.figures.stats.moved == 0


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from("alpha beta gamma delta epsilon zeta eta theta iota kappa "
                                "lambda".split()), min_size=4, max_size=30), st.data())
def test_moves_keep_both_texts_and_pair_equal_runs(words, data):
    start = data.draw(st.integers(0, len(words) - 3))
    size = data.draw(st.integers(3, min(6, len(words) - start)))
    run = words[start:start + size]
    rest = words[:start] + words[start + size:]
    where = data.draw(st.integers(0, len(rest)))
    moved = rest[:where] + run + rest[where:]
    left, right = " ".join(words) + ".", " ".join(moved) + "."
    comparison = compare_provisions(_provision(left), _provision(right))
    diff = comparison.paragraphs[0].diff
    assert diff.rebuild_left() == left and diff.rebuild_right() == right
    places: dict[int, list[list[str]]] = {}
    for op in diff.opcodes:
        assert op.tag in (EQUAL, DELETE, INSERT)
        if op.move is not None:
            tokens = diff.left[op.i1:op.i2] if op.tag == DELETE else diff.right[op.j1:op.j2]
            places.setdefault(op.move, []).append([t.n for t in tokens if t.n.strip()])
    for number, found in places.items():
        assert len(found) == 2 and found[0] == found[1], (number, found)
    stats = comparison.figures.stats
    assert stats.left_words == stats.unchanged + stats.deleted + stats.moved
    assert stats.right_words == stats.unchanged + stats.inserted + stats.moved


def test_exact_matching_still_sees_every_difference():
    assert changed_words("sécurité", "se\u0301curite\u0301", EXACT) == 0  # NFC is not folding
    assert changed_words("sécurité", "Sécurité", EXACT) == 2
