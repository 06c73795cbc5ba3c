"""Units that match what a reader sees, in every script (property-based).

Canonically equivalent texts never differ; combining marks never split a
word; invisible characters never make a change; French spacing is
whitespace; Chinese and Japanese compare by character; moved runs are
found; and every side still rebuilds exactly from its own tokens.
"""

from __future__ import annotations

import re
import unicodedata

import click
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from treatycmp.compare import Options, compare_provisions
from treatycmp.diff import DELETE, EQUAL, INSERT, count_words, diff_texts
from treatycmp.model import Paragraph, Provision
from treatycmp.similarity import MARK_FREE, shingle_jaccard, shingle_key, stems
from treatycmp.text import (_INVISIBLE_CHARS as INVISIBLE_ALL, EXACT, FULL_FOLDING_CHARS, fold,
                            Folding, tokenize, word_count)

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


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["consult", "cooperate", "assist", "intervene"]),
       st.sampled_from(["act", "aid", "arm", "war"]), st.booleans())
def test_two_words_that_swapped_places_are_both_moved(long, short, long_first):
    """Audit 5, F6: "consult" moved and "act" (too short to move on its own)
    was deleted and inserted; a reader sees two words swapped."""
    a, b = (long, short) if long_first else (short, long)
    comparison = compare_provisions(
        _provision(f"the Parties shall {a} together and the Parties shall {b} together"),
        _provision(f"the Parties shall {b} together and the Parties shall {a} together"))
    stats = comparison.figures.stats
    assert (stats.moved, stats.deleted, stats.inserted) == (2, 0, 0)


def test_a_short_word_deleted_near_a_move_but_not_swapped_is_not_moved():
    comparison = compare_provisions(
        _provision("the Parties shall consult together and the Parties shall act now"),
        _provision("the Parties shall meet together and the Parties shall consult now"))
    stats = comparison.figures.stats
    assert stats.moved == 1 and stats.deleted == 1 and stats.inserted == 1


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


# Two sentences of their own words, sharing function words (one may open
# with one: "Such measures ... . Any such armed attack ...").
SENTENCE_WORDS = [w.split() for w in ("measures terminated restore maintain peace security "
                                      "necessary taken", "armed attack immediately reported "
                                      "council danger meet common")]
FUNCTION = ["such", "the", "any", "of", "and", "shall", "be"]


@st.composite
def sentence(draw, k):
    content = draw(st.lists(st.sampled_from(SENTENCE_WORDS[k]), min_size=3, max_size=8,
                            unique=True))
    words = draw(st.lists(st.sampled_from(FUNCTION), max_size=4)) + content
    words = draw(st.permutations(words))
    if draw(st.booleans()):
        words = [draw(st.sampled_from(FUNCTION)), *words]
    assume(all(a != b for a, b in zip(words, words[1:])))  # (no "such such": not a sentence)
    return " ".join(words).capitalize() + "."


@settings(max_examples=1000, deadline=None)
@given(sentence(0), sentence(1))
def test_two_sentences_that_changed_places_are_a_move_not_a_rewrite(first, second):
    """Audit 5, finding 2: "Such" at the start of one sentence was matched
    with "such" in the other, which cut the move and left "Any such" struck
    and re-inserted. Now a function word shared by the two sentences never
    holds them together: nothing is deleted or inserted, all is unchanged or moved."""
    comparison = compare_provisions(_provision(f"{first} {second}"),
                                    _provision(f"{second} {first}"))
    stats = comparison.figures.stats
    assert (stats.deleted, stats.inserted) == (0, 0), stats
    assert stats.moved > 0


def test_a_sentence_swap_of_article_5_is_one_twelve_word_move():
    first = ("Such measures shall be terminated when the Security Council has taken the "
             "measures necessary to restore and maintain international peace and security.")
    second = "Any such armed attack shall immediately be reported to the Security Council."
    stats = compare_provisions(_provision(f"{first} {second}"),
                               _provision(f"{second} {first}")).figures.stats
    assert (stats.deleted, stats.inserted, stats.moved) == (0, 0, 12)


def test_exact_matching_still_sees_every_difference():
    assert changed_words("sécurité", "se\u0301curite\u0301", EXACT) == 0  # NFC is not folding
    assert changed_words("sécurité", "Sécurité", EXACT) == 2


# ---------------------------------------------------------------- numbers (audit F6)

DIGITS = {"ascii": "0123456789", "arabic-indic": "٠١٢٣٤٥٦٧٨٩", "devanagari": "०१२३४५६७८९",
          "thai": "๐๑๒๓๔๕๖๗๘๙"}


@st.composite
def numbers(draw) -> str:
    """A number as printed: grouped thousands (``,`` ``.`` or a no-break, narrow
    no-break or thin space), decimals, or a dotted date, in one script's digits."""
    digits = DIGITS[draw(st.sampled_from(sorted(DIGITS)))]
    digit = st.sampled_from(digits)
    run = lambda lo, hi: st.lists(digit, min_size=lo, max_size=hi).map("".join)  # noqa: E731
    kind = draw(st.sampled_from(["grouped", "decimal", "date", "slashed", "plain"]))
    if kind == "grouped":
        sep = draw(st.sampled_from([",", ".", "\u00a0", "\u202f", "\u2009", "\u066c"]))
        return draw(run(1, 3)) + "".join(sep + draw(run(3, 3))
                                         for _ in range(draw(st.integers(1, 3))))
    if kind == "decimal":
        return draw(run(1, 4)) + draw(st.sampled_from([".", ",", "\u066b"])) + draw(run(1, 3))
    if kind in ("date", "slashed"):
        return ("." if kind == "date" else "/").join((draw(run(1, 2)), draw(run(1, 2)),
                                                      draw(run(4, 4))))
    return draw(run(1, 7))


@settings(max_examples=300, deadline=None)
@given(numbers(), st.sampled_from([".", ",", ";", ":", ")", ""]))
def test_a_number_is_one_word_and_punctuation_after_it_is_not_part_of_it(number, after):
    text = f"the sum of {number}{after} euros"
    tokens = [t.t for t in tokenize(text)]
    assert number in tokens
    assert word_count(text) == 5
    assert word_count(number) == 1


@settings(max_examples=300, deadline=None)
@given(numbers(), numbers(), st.sampled_from([".", ",", ""]))
def test_a_changed_number_is_marked_whole(left_number, right_number, after):
    left = f"a rate of {left_number}{after} per cent"
    right = f"a rate of {right_number}{after} per cent"
    diff = diff_texts(left, right)
    assert diff.rebuild_left() == left and diff.rebuild_right() == right
    changes = [(diff.left_text(op).strip(), diff.right_text(op).strip())
               for op in diff.opcodes if op.tag != EQUAL]
    if tokenize(left_number)[0].n == tokenize(right_number)[0].n:
        assert not changes
    else:
        assert changes == [(left_number, ""), ("", right_number)]
        assert diff.stats.deleted == diff.stats.inserted == 1


def test_numbers_beside_sentences_lists_and_plain_spaces():
    assert [t.t for t in tokenize("Article 5. Articles 5, 6 and 1.01")] == [
        "Article", " ", "5", ".", " ", "Articles", " ", "5", ",", " ", "6", " ", "and", " ",
        "1.01"]
    # Digits grouped in threes by plain spaces are one number, as with no-break
    # spaces (audit 5, F5); other runs of digits and spaces are not.
    assert word_count("1 000 000 euros") == 2
    assert [t.t for t in tokenize("in 2023 500 men, 1 0000 and 1,000 000")] == [
        "in", " ", "2023", " ", "500", " ", "men", ",", " ", "1", " ", "0000", " ", "and",
        " ", "1,000", " ", "000"]
    assert [t.t for t in tokenize("x 1 000,5 y")] == ["x", " ", "1 000,5", " ", "y"]
    # (Audit 11, F3: spaces of any number, and groups joined by no-break spaces.)
    assert word_count("in 1999  100  000") == word_count("in 1999 100 000") == 4
    assert changed_words("pay 1 000\u00a0000 men", "pay 1 000 000 men") == 0
    assert changed_words("pay 1\u00a0000 000 men", "pay 1 000 000 men") == 0
    # (Audit 11, F2: a tab never groups digits, whatever else the text holds.)
    assert [t.t for t in tokenize("pay 1\t000 men and 2 000 women")][2:5] == ["1", "\t", "000"]
    assert word_count("1\u202f000\u202f000 euros") == word_count("1000000 euros") == 2
    assert word_count("le 5\u00a0janvier, article 5\u00a0; 12\u00a0%") == 6
    # Under whitespace folding, the kind of no-break space inside a number does not matter.
    assert changed_words("1\u00a0000\u00a0000", "1\u202f000\u2009000") == 0
    assert changed_words("1\u00a0000\u00a0000", "1\u202f000\u2009000", EXACT) == 2


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(DIGITS)), st.integers(1, 999), st.lists(st.integers(0, 999),
       min_size=1, max_size=3), st.sampled_from(["\u00a0", "\u202f", "\u2009"]),
       st.sampled_from(["", ",5", ".25"]), st.sampled_from([".", ",", ""]))
def test_a_number_grouped_by_plain_spaces_is_the_number_grouped_by_no_break_ones(
        script, head, groups, space, decimals, after):
    """Audit 5, F5: ``1 000 000`` typed with plain spaces (as web copies of a
    text often are) against ``1 000 000`` with no-break spaces (as printed)
    is one number either way, and only a spacing difference."""
    digits = DIGITS[script]
    spell = lambda n, width=0: "".join(digits[int(c)] for c in str(n).zfill(width))  # noqa: E731
    parts = [spell(head)] + [spell(g, 3) for g in groups]
    plain = " ".join(parts) + decimals
    printed = space.join(parts) + decimals
    typed = "  ".join(parts) + decimals  # (two spaces: typewritten)
    left, right = f"a force of {plain}{after} men", f"a force of {printed}{after} men"
    assert plain in [t.t for t in tokenize(left)]
    assert word_count(left) == word_count(right) == 5
    assert changed_words(left, right) == 0
    assert changed_words(left, right, EXACT) == 2
    assert changed_words(f"a force of {typed}{after} men", left) == 0


def test_a_catalan_middle_dot_joins_its_word():
    # Audit 5, F3: col·lectiva is one word; a change never cuts it.
    assert [t.t for t in tokenize("defensa col·lectiva dels Estats")] == [
        "defensa", " ", "col·lectiva", " ", "dels", " ", "Estats"]
    diff = diff_texts("defensa col·lectiva dels Estats", "defensa col·laborativa dels Estats")
    assert (diff.stats.deleted, diff.stats.inserted, diff.stats.unchanged) == (1, 1, 3)
    # Greek's ano teleia (NFC: a middle dot) ends a clause before a space.
    assert [t.t for t in tokenize("λέξη· άλλη")] == ["λέξη", "·", " ", "άλλη"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdeé")), min_size=2,
                max_size=5), st.booleans(), st.sampled_from(["", ",", ";", ")"]))
def test_an_abbreviation_of_letters_and_full_stops_is_one_word(letters, final, after):
    """Audit 5, F4: U.S., e.g., U.S.S.R. are one word each (their full stops
    included), not letters and marks that inflate the figures."""
    abbreviation = ".".join(letters) + ("." if final else "")
    text = f"the {abbreviation}{after} Senate"
    assert word_count(text) == 3
    assert abbreviation in [t.t for t in tokenize(text)]
    diff = diff_texts(text, f"the {''.join(letters)}{after} Senate")
    assert (diff.stats.deleted, diff.stats.inserted) == (1, 1)


@pytest.mark.parametrize("left, right", [
    ("the U.S. Senate", "the U.S Senate"), ("see e.g. Article 5", "see e.g Article 5"),
    ("les membres de l’O.N.U. et", "les membres de l’O.N.U et"),
    ("defensa col·lectiva", "defensa col.lectiva"), ("defensa col‧lectiva", "defensa col·lectiva"),
    ("defensa col∙lectiva", "defensa col·lectiva"), ("defensa coŀlectiva", "defensa col·lectiva")])
def test_an_abbreviation_or_a_middle_dot_typed_otherwise_is_the_same_word(left, right):
    """Audit 6, findings 1 and 2: a missing last full stop, or the middle dot
    as a full stop, a hyphenation point, a bullet operator or the letter ŀ,
    is a typographic difference (``quotes``), not another word."""
    assert changed_words(left, right) == 0
    assert changed_words(left, right, EXACT) == 2
    assert word_count(left) == word_count(right)


def test_the_greek_ano_teleia_between_latin_letters_is_the_middle_dot():
    """Audit 7, finding 8: NFC makes U+0387 the middle dot, so between Latin
    letters it joins them as the middle dot does, and the two never differ,
    even compared exactly (canonically equivalent texts are one text).
    Between Greek letters it ends a clause: a missing space after it is a
    spacing difference (audit 8, finding 2)."""
    left, right = "defensa col\u0387lectiva", "defensa col·lectiva"
    assert word_count(left) == word_count(right) == 2
    assert changed_words(left, right) == changed_words(left, right, EXACT) == 0
    greek = "τῆς εἰρήνης\u0387καὶ τῆς", "τῆς εἰρήνης\u0387 καὶ τῆς"
    assert changed_words(*greek) == 0 and word_count(greek[0]) == word_count(greek[1]) == 4


@pytest.mark.parametrize("left, right", [
    ("the will.Lastly the Parties", "the will. Lastly the Parties"),
    ("signed by Mitchell.Lloyd George", "signed by Mitchell. Lloyd George")])
def test_a_missing_space_between_two_l_is_spacing_not_a_middle_dot(left, right):
    """Audit 7, finding 2: the col.lectiva rule joined words across a missing
    space; it now needs two l of one case inside a word."""
    assert changed_words(left, right) == 0
    assert word_count(left) == word_count(right)


@pytest.mark.parametrize("left, right", [
    ("de l’É.U. et", "de l’E\u0301.U. et"), ("les É.U. et", "les E\u0301.U. et"),
    ("the U.Ś. and", "the U.S\u0301. and")])
def test_an_abbreviation_with_an_accented_initial_in_nfd_is_the_same_word(left, right):
    """Audit 7, finding 4: an initial in NFD is a letter with its mark."""
    assert changed_words(left, right) == 0
    assert word_count(left) == word_count(right)


def test_a_long_chain_of_letters_and_full_stops_is_cut_as_its_definition_says():
    """Audit 6, finding 4, and audit 7, finding 1: 'a.' repeated then a
    digit made the first versions rescan from every letter (quadratic:
    80,000 in 48 s); a run that fails is now passed over whole."""
    text = "a." * 40_000 + "1"
    tokens = tokenize(text)
    assert "".join(t.t for t in tokens) == text
    assert [t.t for t in tokens[-3:]] == ["a", ".", "1"]  # a word follows: no abbreviation
    assert [t.t for t in tokenize("a." * 4 + " x")][0] == "a.a.a.a."


def test_dotted_abbreviations_against_plain_ones_are_one_word_each():
    assert changed_words("the U.S. Senate", "the US Senate") == 2  # one deleted, one inserted
    assert changed_words("U.S.A. and U.K.", "USA and UK") == 4
    assert word_count("e.g. the Council, i.e. the organ") == 6
    # Not an abbreviation: a single letter ends a sentence, a number follows a letter.
    assert [t.t for t in tokenize("plan A.The end")][:4] == ["plan", " ", "A", "."]
    assert [t.t for t in tokenize("p.5")] == ["p", ".", "5"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdeé") + ["E\u0301"]),
                min_size=2, max_size=5),
       st.lists(st.sampled_from([" ", "\u00a0", "\u202f", "  ", " \u00a0"]), min_size=4,
                max_size=4),
       st.sampled_from(["", ",", ";", ")"]))
def test_initials_with_or_without_spaces_are_the_same_word(letters, spaces, after):
    """Initials typed with a space after each full stop (``U. S.``, ``J. F.``)
    are the abbreviation typed without (``U.S.``): one word, and the spacing
    is a whitespace difference (shown only with whitespace compared)."""
    spaced = "".join(f"{letter}." + (spaces[k] if k + 1 < len(letters) else "")
                     for k, letter in enumerate(letters))
    plain = "".join(f"{letter}." for letter in letters)
    left, right = f"the {spaced}{after} forces", f"the {plain}{after} forces"
    assert word_count(left) == word_count(right) == 3
    assert spaced in [t.t for t in tokenize(left)]
    assert changed_words(left, right) == 0
    if spaced != plain:
        assert changed_words(left, right, Folding(whitespace=False)) == 2


@pytest.mark.parametrize("text, words", [
    ("the U.S. U.K. and France", ["the", "U.S.", "U.K.", "and", "France"]),
    ("see e.g. U.N. practice", ["see", "e.g.", "U.N.", "practice"]),
    ("the U.S. A. Smith", ["the", "U.S.", "A", ".", "Smith"]),
    ("i.e. J. F. Dulles", ["i.e.", "J. F.", "Dulles"]),
    ("the U. S. e.g. forces", ["the", "U. S.", "e.g.", "forces"]),  # (audit 11, F4)
    ("the U. S. U.K.", ["the", "U. S.", "U.K."])])
def test_abbreviations_side_by_side_stay_two_words(text, words):
    """Audit 10, F6: an abbreviation followed by a space and another (or an
    initial) was joined with it into one word, so dropping U.K. from
    "U.S. U.K." replaced U.S.: spaced and unspaced initials do not mix."""
    assert [t.t for t in tokenize(text) if t.t.strip()] == words
    stats = diff_texts("the U.S. U.K. and France", "the U.S. and France").stats
    assert (stats.unchanged, stats.deleted, stats.inserted) == (4, 1, 0)


@pytest.mark.parametrize("text, pieces", [
    ("Annex A. The Parties", ["Annex", " ", "A", ".", " ", "The"]),  # a sentence ends
    ("the U. S forces", ["the", " ", "U", ".", " ", "S", " "]),  # a letter without its stop
    ("point a.\nb. the", ["point", " ", "a", ".", "\n", "b", "."])])  # a line break: a list
def test_letters_with_stops_that_are_not_spaced_initials(text, pieces):
    assert [t.t for t in tokenize(text)][:len(pieces)] == pieces


def test_a_date_with_slashes_is_one_word_and_digits_of_any_script_are_one_number():
    # Audit 4, F11 and F12.
    assert [t.t for t in tokenize("from 01/02/2003 to 31/12/2010.")] == [
        "from", " ", "01/02/2003", " ", "to", " ", "31/12/2010", "."]
    assert [t.t for t in tokenize("S/RES/1373 (2001)")][:5] == ["S", "/", "RES", "/", "1373"]
    assert changed_words("applies from 01/02/2003", "applies from 02/01/2003") == 2
    # Arabic-Indic, Eastern Arabic-Indic, Devanagari and full-width digits are
    # the same number as ASCII ones under ``quotes`` (the default), shown as printed.
    for digits in ("٥١", "۵۱", "५१", "５１"):
        assert changed_words(f"للمادة {digits} من", "للمادة 51 من") == 0
        assert changed_words(f"للمادة {digits} من", "للمادة 51 من", EXACT) == 2


# ------------------------------------------------- shingles use the word key (audit F7)

hindi_matra_words = st.sampled_from(["सुरक्षा", "परिषद", "राज्य", "संधि", "हिन्दी", "शान्ति"])


@settings(max_examples=200, deadline=None)
@given(texts, st.data())
def test_shingles_ignore_normal_form_and_invisible_characters(text, data):
    nfd = unicodedata.normalize("NFD", text)
    chars = list(nfd)
    for _ in range(data.draw(st.integers(0, 3))):
        chars.insert(data.draw(st.integers(0, len(chars))), data.draw(st.sampled_from(INVISIBLE)))
    noisy = "".join(chars)
    key = shingle_key(text)
    assert shingle_key(noisy) == key == unicodedata.normalize("NFC", key)
    assert shingle_jaccard(text, noisy) == 1.0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(hindi_word, hindi_matra_words, arabic_word, latin_word),
                min_size=1, max_size=8), st.data())
def test_shingles_keep_combining_marks(words, data):
    text = " ".join(words)
    marks = [k for k, c in enumerate(unicodedata.normalize("NFD", text))
             if unicodedata.category(c)[0] == "M"]
    assume(marks)
    where = data.draw(st.sampled_from(marks))
    nfd = unicodedata.normalize("NFD", text)
    stripped = nfd[:where] + nfd[where + 1:]
    assume(nfd[where] != "\u0307")  # İ without its dot is I, and case folds both to i
    assert shingle_key(stripped) != shingle_key(text)
    assert shingle_jaccard("सुरक्षा परिषद", "सरकष परषद") < 0.5


def test_the_blocks_said_to_hold_no_combining_marks_hold_none():
    free = re.compile(f"[{MARK_FREE}]")
    assert not [c for c in map(chr, range(0x110000))
                if unicodedata.category(c)[0] == "M" and free.match(c)]


def test_shingles_fold_apostrophes_as_words_do():
    assert shingle_jaccard("qu’elle l’Alliance", "quʼelle l'Alliance") == 1.0


# ------------------------------------------ a differing space marks the space (audit F8)

SPACES = [" ", "  ", "\u00a0", "\u202f", "\n", "\t", " \n "]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(word, st.sampled_from(list(",;:.«»"))), min_size=1, max_size=12),
       st.data())
def test_with_whitespace_compared_only_the_spaces_are_marked(pieces, data):
    left = " ".join(pieces)
    right = "".join(p + data.draw(st.sampled_from(SPACES)) for p in pieces[:-1]) + pieces[-1]
    for folding in (Folding(whitespace=False), EXACT):
        diff = diff_texts(left, right, folding)
        assert diff.rebuild_left() == left and diff.rebuild_right() == right
        stats = diff.stats
        assert stats.deleted == stats.inserted == 0
        assert stats.unchanged == word_count(left, folding)
        for op in diff.opcodes:
            if op.tag != EQUAL:
                assert (diff.left_text(op) + diff.right_text(op)).isspace(), op


def test_the_terminal_shows_which_space_differs():
    from treatycmp.cli.compare import _inline

    diff = diff_texts("article 5\u00a0; armed  attack", "article 5 ; armed attack",
                      Folding(whitespace=False))
    shown = click.unstyle(_inline(diff))
    assert shown == "article 5[-<U+00A0>-]{+␣+}; armed[-␣␣-]{+␣+}attack"


# --------------------------------------------------- hyphens and ligatures (audit F9)

@settings(max_examples=100, deadline=None)
@given(st.lists(latin_word, min_size=2, max_size=6), st.sampled_from(["\u2010", "\u2011"]))
def test_hyphen_variants_fold_as_no_break_spaces_do(parts, hyphen):
    plain, typeset = "-".join(parts), hyphen.join(parts)
    assert changed_words(plain, typeset) == 0
    assert not [op for op in diff_texts(plain, typeset).opcodes if op.tag != EQUAL]
    assert [op for op in diff_texts(plain, typeset, EXACT).opcodes if op.tag != EQUAL]


def test_presentation_ligatures_fold_with_quotes_not_with_case():
    assert changed_words("deﬁnition of ﬂights", "definition of flights") == 0
    assert changed_words("deﬁnition", "definition", Folding(quotes=False)) == 2


# A made-up text of ASCII words, numbers and marks, and Arabic words.
ascii_text = st.lists(st.one_of(latin_word, st.from_regex(r"[0-9]{1,4}", fullmatch=True),
                                st.sampled_from(["(a)", "5.", "A", "NATO", ";"])),
                      min_size=1, max_size=12).map(" ".join)
arabic_word = st.text(st.sampled_from("ابتثجحخدذرزسشصضطظعغفقكلمنهوي"), min_size=2, max_size=7)


@settings(max_examples=100, deadline=None)
@given(ascii_text, st.data())
def test_full_width_forms_fold_with_quotes(text, data):
    """CJK typesetting prints ASCII letters, digits and marks full width
    (``第５条``): the same characters to a reader, as a ligature is."""
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" and data.draw(st.booleans())
                   else c for c in text)
    assert changed_words(text, wide) == 0
    assert shingle_jaccard(text, wide) == 1.0
    if wide != text:
        assert [op for op in diff_texts(text, wide, EXACT).opcodes if op.tag != EQUAL]


@settings(max_examples=100, deadline=None)
@given(st.lists(arabic_word, min_size=1, max_size=6), st.data())
def test_the_tatweel_only_stretches_a_word(words, data):
    """The kashida (U+0640) lengthens a line, not a word: ``الدفـــاع`` is ``الدفاع``."""
    text = " ".join(words)
    stretched = " ".join(w[:1] + "\u0640" * data.draw(st.integers(0, 3)) + w[1:] for w in words)
    assert changed_words(text, stretched) == 0
    assert shingle_jaccard(text, stretched) == 1.0
    assert stems(text) == stems(stretched)


# --------------------------------------------- case folding keeps spelling (audit F17)

def test_the_full_folding_characters_are_every_such_character():
    every = "".join(c for c in map(chr, range(0x110000)) if len(c.casefold()) > 1)
    assert every == FULL_FOLDING_CHARS


@settings(max_examples=300, deadline=None)
@given(st.text(st.one_of(st.characters(blacklist_categories=("Cs",)),
                         st.sampled_from(FULL_FOLDING_CHARS)), max_size=40))
def test_case_folding_never_changes_spelling(text):
    assume("\u0307" not in text and "İ" not in text)
    folding = Folding(case=True, quotes=False, whitespace=False)
    nfc = unicodedata.normalize("NFC", "".join(c for c in text if c not in INVISIBLE_ALL))
    key = "".join(t.n for t in tokenize(text, folding))
    assert len(key) == len(nfc)  # one character for one: no ß -> ss, no ŉ -> ʼn


def test_eszett_is_spelling_and_capital_eszett_is_case():
    assert changed_words("in Maßen", "in Massen") == 2
    assert changed_words("Buße", "Busse") == 2
    assert changed_words("STRAẞE", "Straße") == 0
    assert changed_words("ΑΘΗΝᾼ", "αθηνᾳ") == 0


# ------------------------------------------- ʼ is an apostrophe; sums hold (audit F19)

tricky = st.sampled_from(list("ʼ’'‘ \u00a0\u2011-.,1ßẞİ\u0301\u0e34กកេ្សqul"))
unicode_text = st.text(st.one_of(st.characters(blacklist_categories=("Cs",)), tricky),
                       max_size=50)


@settings(max_examples=400, deadline=None)
@given(unicode_text, unicode_text,
       st.builds(Folding, case=st.booleans(), accents=st.booleans(), quotes=st.booleans(),
                 whitespace=st.booleans()))
def test_word_sums_hold_on_any_unicode(left, right, folding):
    diff = diff_texts(left, right, folding)
    assert diff.rebuild_left() == left and diff.rebuild_right() == right
    s = diff.stats
    # (Point labels at the start of a line are not words: treatycmp.diff.count_words.)
    assert s.unchanged + s.deleted + s.moved == s.left_words == count_words(left, folding)
    assert s.unchanged + s.inserted + s.moved == s.right_words == count_words(right, folding)
    assert 0.0 <= s.word_similarity <= 1.0
    figures = compare_provisions(_provision(left), _provision(right),
                                 Options(folding=folding)).figures
    t = figures.stats
    assert t.unchanged + t.deleted + t.moved == t.left_words
    assert t.unchanged + t.inserted + t.moved == t.right_words
    assert 0.0 <= figures.word_similarity <= 1.0 and 0.0 <= figures.shingle_jaccard <= 1.0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(word, st.sampled_from(["’", "‘", "’s"])), min_size=1, max_size=12))
def test_modifier_apostrophe_tokenises_like_right_single_quote(pieces):
    text = " ".join(pieces) + "’"
    modifier = text.replace("’", "ʼ")
    assert [t.t.replace("ʼ", "’") for t in tokenize(modifier)] == [t.t for t in tokenize(text)]
    assert word_count(modifier) == word_count(text)
    assert changed_words(text, modifier) == 0


# ---------------------------------- scripts without spaces between words (audit F21)

CLUSTERS = {
    "thai": ["ก", "ภ", "คี", "ต", "ว่", "ตี", "ที่", "ก็", "เ", "รุ", "น้ำ", "กำ", "ลั"],
    "lao": ["ກ", "ສ", "ນ", "ທີ່", "ລົ", "ຂໍ້", "ເ", "ວ່", "ນຳ"],
    "khmer": ["ក", "ស", "ក្ស", "ត្រ", "កា", "រា", "ជ្ញ", "កើ", "ប៉ុ"],
    "myanmar": ["က", "ကာ", "ကွ", "မြ", "န်", "ကို", "င်္ဂ", "တ်", "စ္စ"],
}


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(CLUSTERS)), st.data())
def test_scripts_without_spaces_compare_by_grapheme_cluster(script, data):
    clusters = data.draw(st.lists(st.sampled_from(CLUSTERS[script]), min_size=3, max_size=30))
    text = "".join(clusters)
    tokens = tokenize(text)
    assert [t.t for t in tokens] == clusters  # a vowel sign or virama stays with its letter
    assert all(t.is_word for t in tokens)
    where = data.draw(st.integers(0, len(clusters) - 1))
    other = data.draw(st.sampled_from(CLUSTERS[script]))
    assume(other != clusters[where])
    changed = "".join(clusters[:where] + [other] + clusters[where + 1:])
    stats = diff_texts(text, changed).stats
    assert stats.left_words == len(clusters)
    assert stats.deleted == stats.inserted == 1 and stats.unchanged == len(clusters) - 1


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(min_codepoint=0x0E00, max_codepoint=0x0EFF), max_size=40))
def test_no_token_of_thai_or_lao_starts_with_a_mark(text):
    tokens = tokenize(text)
    assert "".join(t.t for t in tokens) == text
    for k, token in enumerate(tokens):
        if k and unicodedata.category(token.t[0])[0] == "M":
            assert not tokens[k - 1].t[-1:].isalnum(), (tokens[k - 1], token)


def test_thai_one_changed_word_is_a_few_clusters_not_the_clause():
    a = "ภาคีตกลงว่าการโจมตีด้วยกำลังอาวุธต่อภาคีหนึ่งหรือมากกว่าจะถือเป็นการโจมตีต่อภาคีทั้งหมด"
    b = a.replace("การโจมตีต่อ", "การรุกรานต่อ")
    stats = diff_texts(a, b).stats
    assert stats.word_similarity > 0.85
    assert word_count("๒๕๖๖") == 1  # Thai digits stay one number


def test_tibetan_syllables_are_words_at_the_tsheg():
    text = "བོད་ཀྱི་སྐད་ཡིག་"
    assert [t.t for t in tokenize(text) if t.is_word] == ["བོད", "ཀྱི", "སྐད", "ཡིག"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(hindi_word, hindi_matra_words, arabic_word, latin_word),
                min_size=1, max_size=8))
def test_stems_keep_words_with_combining_marks(words):
    text = " ".join(words)
    found = stems(text)
    assert found == stems(unicodedata.normalize("NFD", text))
    expected = [w for w in words if sum(map(str.isalnum, unicodedata.normalize("NFC", w))) >= 4]
    assert len(found) == len(expected)
    for stem, w in zip(found, expected):
        assert fold(w, Folding()).startswith(stem)


# ------------------------- the terminal line reads as each text (audit 4, F10)

def _read(shown: str, side: str) -> str:
    """One text read back from a terminal diff line: its own changes kept
    (unwrapped), the other's left out."""
    mine, theirs = (r"\[-(.*?)-\]|\[<\d+ (.*?)<\]", r"\{\+.*?\+\}|\{>\d+ .*?>\}")
    if side == "right":
        mine, theirs = r"\{\+(.*?)\+\}|\{>\d+ (.*?)>\}", r"\[-.*?-\]|\[<\d+ .*?<\]"
    shown = re.sub(theirs, "", shown, flags=re.S)
    return re.sub(mine, lambda m: m.group(1) if m.group(1) is not None else m.group(2),
                  shown, flags=re.S)


sentence_piece = st.sampled_from(["the", "parties", "agree", "that", "an", "armed", "attack",
                                  "shall", "be", ",", ".", ";", "\n\n", "security", "council"])


@settings(max_examples=300, deadline=None)
@given(st.lists(sentence_piece, min_size=1, max_size=14),
       st.lists(sentence_piece, min_size=1, max_size=14))
def test_the_terminal_line_reads_as_each_text(left_pieces, right_pieces):
    from treatycmp.cli.compare import _inline

    def text(pieces):
        out = ""
        for piece in pieces:
            out += piece if piece in ",.;" or piece == "\n\n" or not out or out.endswith(
                "\n\n") else " " + piece
        return out

    left, right = text(left_pieces), text(right_pieces)
    shown = click.unstyle(_inline(diff_texts(left, right)))
    # Whitespace is folded by default (a run of it is shown in the left's
    # spelling, and a space beside a changed mark may be doubled), but two
    # words are never glued together ("agreethat").
    def squeeze(value):  # (a change of whitespace alone is spelled: ␣ ⏎ ⇥ <U+00A0>)
        value = re.sub(r"<U\+[0-9A-F]+>|[␣⏎⇥]", " ", value)
        return re.sub(r"\s*([,.;])\s*", r"\1", re.sub(r"\s+", " ", value)).strip()
    assert squeeze(_read(shown, "left")) == squeeze(left)
    assert squeeze(_read(shown, "right")) == squeeze(right)


def test_greek_in_capitals_matches_its_small_letters_with_case_folded():
    # Audit 4, F13: capitals are printed without the tonos.
    small = "Τα Μέρη συμφωνούν ότι μία ένοπλη επίθεση θα θεωρηθεί ως επίθεση εναντίον όλων."
    capitals = "ΤΑ ΜΕΡΗ ΣΥΜΦΩΝΟΥΝ ΟΤΙ ΜΙΑ ΕΝΟΠΛΗ ΕΠΙΘΕΣΗ ΘΑ ΘΕΩΡΗΘΕΙ ΩΣ ΕΠΙΘΕΣΗ ΕΝΑΝΤΙΟΝ ΟΛΩΝ."
    assert changed_words(small, capitals) == 0
    assert shingle_jaccard(small, capitals) == 1.0
    assert changed_words(small, capitals, Folding(case=False)) > 10
    assert changed_words("προϊόν", "ΠΡΟΪΟΝ") == 0  # the dialytika stays, and matches
    assert changed_words("ϊ", "ι") == 2  # (one deleted, one inserted)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["Η", "Ω", "Α", "Ι", "Υ", "J", "A", "N", "W"]),
       st.sampled_from(["\u0342", "\u030c", "\u0301", "\u0313", "\u0308", "\u0300"]),
       st.sampled_from(["", "ΣΑ", "ab"]))
def test_a_capital_with_a_combining_mark_matches_its_small_letter(capital, mark, rest):
    """Audit 9, F4: a capital typed with a combining mark (Η + perispomeni,
    J + caron) folds to a small letter that Unicode writes precomposed (ῆ,
    ǰ): the key is NFC after case folding too."""
    import unicodedata
    upper = capital + mark + rest
    lower = unicodedata.normalize("NFC", (capital + mark + rest).lower())
    assert changed_words(f"x {upper} y", f"x {lower} y") == 0
    assert changed_words(f"x {upper} y", f"x {unicodedata.normalize('NFD', lower)} y") == 0


def test_greek_and_other_languages_are_named():
    from treatycmp.report.clause import language_name
    assert [language_name(c) for c in ("el", "it", "sw", "xx")] == [
        "Greek", "Italian", "Swahili", "xx"]
