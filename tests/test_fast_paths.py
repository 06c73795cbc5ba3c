"""The fast paths of tokenising, folding, scoring and shingling give what
the plain definitions give (issue 8, speed): each is checked against a slow
reference, on texts made to hit the cases the fast path skips."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from hypothesis import example, given, settings
from hypothesis import strategies as st

from treatycmp import text as T
from treatycmp.similarity import (ParagraphFeatures, jaccard, joined_shingles,
                                  paragraph_features, paragraph_score, shingles, stems)

FOLDINGS = st.builds(T.Folding, st.booleans(), st.booleans(), st.booleans(), st.booleans())
# Pieces that make elisions, apostrophes of every kind (ʼ is also a letter),
# invisible characters, combining marks, Han characters and case oddities.
PIECES = st.sampled_from([
    "l’", "lʼune", "d'", "Qu’", "l\u00ad’", "l", "L", "d", "qu", "QU", "jusqu", "dell", "all", "un", "sant", "nessun", "quell", "s",
    "aujourd", "hui", "une", "Party", "x", "’", "'", "ʼ", "‘", "`", " ", "  ", "\n", "\u00a0",
    ",", ".", "«", "»", "“", "-", "_", "1", "é", "e\u0301", "\u0301", "\u00ad", "\u200b",
    "\u2060", "安", "全", "ſ", "İ", "ǅ", "ß", "/", "٥", "١", "१", "０", "2", "Μέρη", "ΜΕΡΗ", "ΐ", "Ά",
    "U.S.", "e.g.", "A.", "b", "·", "col·l", "·l", "l.l", "‧", "ŀ", "S", "1.", "A. ", "b.",
    "E\u0301.", "\u202f", "000", "12", "5,5", "Η\u0342", "J\u030c"])
TEXTS = st.one_of(st.lists(PIECES, max_size=14).map("".join), st.text(max_size=20))


def reference_pieces(text: str) -> list[str]:
    """The token texts by the definition: runs, marks glued, elided forms
    split off, an elided form ending a phrase joined to its apostrophe,
    abbreviations joined."""
    pieces = T._pattern("token").findall(text)
    if "ʼ" in text:  # ʼ is an apostrophe, not a letter (units: audit F19)
        pieces = [part for piece in pieces for part in (
            T._pattern("modifier").findall(piece) if "ʼ" in piece else [piece])]
    if T.holds_any(text, T._NO_SPACES) or any(len(piece) == 1 and unicodedata.category(piece) in T._GLUE
                                  for piece in pieces):
        pieces = T._glue_marks(pieces)
    pieces = [part for piece in pieces for part in T._split_elision(piece)]
    return T.join_spaced_numbers(T._join_abbreviations(T._join_final_elisions(pieces)))


def reference_fold(text: str, folding: T.Folding) -> str:
    """:func:`treatycmp.text.fold` with every character translated."""
    if folding.whitespace and text.isspace():
        return " "
    if not text.isascii():
        text = unicodedata.normalize("NFC", text.translate(T._INVISIBLE))
        if folding.whitespace and text[:1].isdigit():  # a number's grouping spaces
            text = re.sub(r"\s", " ", text)
    if folding.quotes:
        text = text.translate(str.maketrans(T._QUOTES))
        text = "".join(str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c
                       for c in text)
    if folding.accents:
        text = "".join(c for c in unicodedata.normalize("NFD", text)
                       if not unicodedata.combining(c))
        text = unicodedata.normalize("NFC", text)
    if folding.case:
        # Simple case folding where the full one would change spelling (ß).
        text = "".join(T._SIMPLE_FOLD.get(c) or c.casefold() for c in text)
        text = unicodedata.normalize("NFC", text.replace("i\u0307", "i"))
        text = text.translate(T._GREEK_TONOS)
    return text


@settings(max_examples=3000, deadline=None)
@given(TEXTS)
@example("lʼune l’autre")  # ʼ is a letter: no regex cut in a text that has it
@example("l\u00ad’une l’autre")  # an invisible character inside an elided form
@example("dans l’ « x » qu’il")
@example("l’U.E. et les U.S.A.")  # an elided form, then an abbreviation
@example("..A. b. E\u0301.\u00a0S. x")
@example("1 000 000,5 et 12 345 000 2023 500 1,000 000")  # numbers grouped by plain spaces  # spaced initials (a stop before, marks, a no-break space)
@example("col·lectiva l’intel·ligència")
def test_tokens_are_the_defined_pieces(text):
    assert [token.t for token in T.tokenize(text)] == reference_pieces(text)


@settings(max_examples=2000, deadline=None)
@given(TEXTS, FOLDINGS)
def test_fold_finds_the_characters_translate_would_change(text, folding):
    assert T.fold(text, folding) == reference_fold(text, folding)


@settings(max_examples=1000, deadline=None)
@given(TEXTS, FOLDINGS)
def test_stems_are_cut_content_words(text, folding):
    words, word = [], ""  # runs of letters and digits, a combining mark with its letter
    for char in T.fold(text, folding) + " ":
        if char.isalnum() and char != "_" or (word and unicodedata.category(char)[0] == "M"):
            word += char
        else:
            words.append(word)
            word = ""
    cut = []
    for word in words:
        letters = [k for k, char in enumerate(word) if char.isalnum()]
        if len(letters) >= 4:
            cut.append(word[:letters[6]] if len(letters) > 6 else word)
    assert stems(text, folding) == cut


def reference_score(left: ParagraphFeatures, right: ParagraphFeatures) -> float:
    total = left.size + right.size
    common = sum((Counter(left.stems) & Counter(right.stems)).values())
    dice = 2 * common / total if total else 1.0
    union = len(left.shingles | right.shingles)
    shingle = len(left.shingles & right.shingles) / union if union else 1.0
    return (shingle + dice) / 2


WORDS = st.lists(st.sampled_from(["party", "parties", "attack", "armed", "each", "assist",
                                  "the", "of", "security", "council", "measures"]),
                 max_size=30).map(" ".join)


@settings(max_examples=1000, deadline=None)
@given(WORDS, WORDS)
def test_paragraph_score_is_the_defined_mean(left, right):
    lf, rf = paragraph_features(left), paragraph_features(right)
    assert paragraph_score(lf, rf) == reference_score(lf, rf)
    assert paragraph_score(rf, lf) == paragraph_score(lf, rf)


@settings(max_examples=1000, deadline=None)
@given(st.frozensets(st.integers(0, 40)), st.frozensets(st.integers(0, 40)))
def test_jaccard_hint_changes_no_result(left, right):
    assert jaccard(left, right, alike=True) == jaccard(left, right, alike=False)


PARTS = st.one_of(st.text(max_size=12), st.sampled_from(
    ["", "a", "abcd", "abcde", "Straße", "İstanbul", "l’une", "ΣΑΣ", "  ", ",", "安全保障"]))


@settings(max_examples=2000, deadline=None)
@given(st.lists(PARTS, min_size=1, max_size=6), st.sampled_from(["\n\n", " ", "", "x"]))
@example(["abcde", "\u0301fghij"], "")  # NFC composes across an empty separator
@example(["abcdi", "\u0307xyzw"], "")  # and i + dot above folds to i
def test_joined_shingles_are_the_shingles_of_the_joined_text(texts, separator):
    joined_shingles.cache_clear()
    assert joined_shingles(tuple(texts), separator) == shingles(separator.join(texts))


def fresh_features(text: str, folding: T.Folding) -> ParagraphFeatures:
    """The features by their definition, made anew (no cache)."""
    found = stems(text, folding)
    counts = Counter(found)
    return ParagraphFeatures(dict(counts), shingles.__wrapped__(text), len(found),
                             frozenset(counts), {s: c for s, c in counts.items() if c > 1})


@settings(max_examples=1000, deadline=None)
@given(st.lists(PARTS, min_size=1, max_size=5), FOLDINGS)
def test_features_kept_or_made_from_parts_are_the_features_of_the_text(texts, folding):
    joined = "\n\n".join(texts)
    expected = fresh_features(joined, folding)
    joined_shingles.cache_clear()
    assert paragraph_features(joined, folding, tuple(texts)) == expected  # a group
    for text in (joined, *texts):  # made, then kept
        assert paragraph_features(text, folding) == fresh_features(text, folding)
        assert paragraph_features(text, folding) == fresh_features(text, folding)


# The range look-up that replaces regex classes too big to compile at start-up:
# the same answer as the class, on any text (astral characters included).
RANGES = st.lists(st.tuples(st.integers(0, 0x10FFFF), st.integers(0, 0x3000)),
                  min_size=1, max_size=6).map(
    lambda spans: "".join(f"{chr(a)}-{chr(min(a + n, 0x10FFFF))}" for a, n in spans))


@settings(max_examples=2000, deadline=None)
@given(RANGES, st.one_of(TEXTS, st.text(max_size=30)))
@example("\u4e00-\u9fff", "Paix 和平")
@example("\x00-\u02ff\u0370-\u0482", "se\u0301curite\u0301")
def test_holds_any_is_the_regex_class(ranges, text):
    pattern = re.compile("[" + "".join(
        re.escape(ranges[k]) + "-" + re.escape(ranges[k + 2]) for k in range(0, len(ranges), 3)) + "]")
    assert T.holds_any(text, T.char_bounds(ranges)) == bool(pattern.search(text))


@settings(max_examples=2000, deadline=None)
@given(st.one_of(TEXTS, st.text(max_size=30)))
def test_may_hold_marks_is_the_complement_of_the_mark_free_blocks(text):
    from treatycmp.similarity import MARK_FREE, _may_hold_marks
    assert _may_hold_marks(text) == bool(re.compile(f"[^{MARK_FREE}]|\u02bc|\u0140").search(text))


@settings(max_examples=2000, deadline=None)
@given(st.one_of(TEXTS, st.text(max_size=30)))
@example("Paix 和平")
@example("l’ก")
def test_unspaced_is_the_regex_class(text):
    unspaced = re.compile(f"[{T._CJK_CHARS}"
                          + "".join(f"{chr(a)}-{chr(b)}" for a, b in T._SEA_RANGES) + "]")
    assert T.unspaced(text) == bool(unspaced.search(text))


@settings(max_examples=2000, deadline=None)
@given(st.one_of(st.text(st.characters(max_codepoint=127), max_size=60),
                 st.lists(st.sampled_from(["Article", " 5", "_", "-", "ABC", "x", "\t", "(a)", "’"]),
                          max_size=12).map("".join)))
@example("Article 5_bis (a)")
def test_the_ascii_shingle_key_and_shingles_are_their_definitions(text):
    from treatycmp.similarity import shingle_key
    key = re.sub(r"[\W_]+", "", shingle_key.__wrapped__(text).lower() if not text.isascii()
                 else text.lower())
    assert shingle_key.__wrapped__(text) == key
    expected = (frozenset({key[i:i + 5] for i in range(len(key) - 4)}) if len(key) > 5
                else frozenset([key]) if key else frozenset())
    assert shingles.__wrapped__(text) == expected


def test_shingles_of_a_key_longer_than_the_kept_slices_are_all_there():
    from treatycmp import similarity
    text = "".join(chr(97 + (i * 7) % 26) for i in range(similarity._MAX_SLICES + 50))
    key = similarity.shingle_key(text)
    assert shingles.__wrapped__(text) == frozenset(key[i:i + 5] for i in range(len(key) - 4))
    assert shingles.__wrapped__(text[:300]) == frozenset(key[i:i + 5] for i in range(296))


def test_every_character_that_glues_is_in_the_quick_look():
    """text._may_glue looks for a character that may glue to its word
    (categories Mn, Mc, Me, Cf) with one character class first: every such
    character of Unicode is in it."""
    import sys
    outside = [hex(c) for c in range(sys.maxunicode + 1)
               if unicodedata.category(chr(c)) in T._GLUE
               and not T._MAY_GLUE_CHAR.match(chr(c))]
    assert outside == []
