"""Similarity scores in [0, 1]; symmetric, 1.0 for identical input.

- :func:`shingle_jaccard`: Jaccard similarity of the sets of 5-character
  shingles of two texts, after :func:`shingle_key` (the same NFC,
  invisible-free, case- and quote-folded key as words; everything but
  letters, digits and combining marks removed). Character shingles with Jaccard similarity
  are the measure of treaty text-as-data research (for example Alschner and
  Skougarevskiy's work on investment treaties), so figures can be set beside
  that literature; our exact preprocessing is the one stated here.
- :func:`word_dice`: Dice coefficient of the multisets of word keys: the share
  of words two texts have in common, ignoring order.
- :func:`provision_score`: the mean of the two, used to align articles.
- :func:`paragraph_score`: the mean of the shingle Jaccard and the Dice
  coefficient of truncated content words (:func:`stems`), used to align the
  paragraphs of two clauses.

>>> shingle_jaccard("Article 5", "Article 5")
1.0
>>> round(word_dice(["a", "b", "c"], ["a", "b", "d"]), 3)
0.667
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import NamedTuple, Sequence

from .text import Folding, ascii_digits, char_bounds, fold, holds_any, words

_NOT_ALNUM = re.compile(r"[\W_]+")
# The same, of an ASCII text in lower case (deleted by bytes.translate, at C speed).
_ASCII_NOT_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum() or chr(c).isupper())
# The shingle key folds case and quotes as words do; whitespace is removed
# anyway, and of the quote variants only ʼ and ŀ (letters) and the ligatures (fold
# to letters) are not removed with punctuation: quotes are folded only where
# one of these may stand (the same key, without a pass over most texts).
_CASE_ONLY = Folding(case=True, accents=False, quotes=False, whitespace=False)
_QUOTES_ONLY = Folding(case=False, accents=False, quotes=True, whitespace=False)
# Blocks without combining marks (Latin, Greek, Cyrillic, punctuation, symbols,
# kana and Han, Hangul syllables): a key made only of these loses nothing to
# ``_NOT_ALNUM``; any other key keeps its marks (tests/test_units.py checks).
MARK_FREE = ("\x00-\u02ff\u0370-\u0482\u048a-\u052f\u1e00-\u1fff\u2000-\u20cf"
             "\u2100-\u2cee\u3000-\u3029\u3030-\u3098\u309b-\u9fff\uac00-\ud7a3")


# Outside MARK_FREE: the bounds of MARK_FREE but the first ("\x00"), open at the end.
_MAY_HOLD_MARKS = char_bounds(MARK_FREE)[1:]


# A character that may be outside MARK_FREE: neither below the combining
# marks nor general punctuation (a small class: it compiles at once).
_MAY_BE_MARKED = re.compile("[^\x00-\u02ff\u2000-\u206f]")


def _may_hold_marks(key: str) -> bool:
    """Whether ``key`` may hold a combining mark, or a letter that ``quotes``
    folds (ʼ, which is ``\\w``; ŀ, which is ``l·``)."""
    return "\u02bc" in key or "\u0140" in key or (
        _MAY_BE_MARKED.search(key) is not None and holds_any(key, _MAY_HOLD_MARKS))


SHINGLE_SIZE = 5  # characters, as in the text-as-data literature
STEM_LENGTH = 6  # characters kept of a word by :func:`stems`
MIN_CONTENT_LENGTH = 4  # characters: shorter words are left out by :func:`stems`
# A run of at least MIN_CONTENT_LENGTH letters or digits; the group is its
# first STEM_LENGTH characters (the regex engine cuts the stems).
_CONTENT_WORD = re.compile(rf"([^\W_]{{{MIN_CONTENT_LENGTH},{STEM_LENGTH}}})[^\W_]*+")


@lru_cache(maxsize=4096)
def shingle_key(text: str) -> str:
    """Letters, digits and combining marks of the word key (:func:`fold`: NFC,
    no invisible characters, case and quotes folded): ``L’Alliance, 2023`` ->
    ``lalliance2023``; ``sécurité`` in NFC or NFD -> ``sécurité``; a Hindi
    word keeps its vowel signs and virama; ``quʼelle`` -> ``quelle``; the
    digits of every script are ASCII digits (``٥١`` -> ``51``)."""
    if text.isascii():  # the same key, faster: ASCII quotes are not letters
        return text.lower().encode("ascii").translate(None, _ASCII_NOT_ALNUM).decode("ascii")
    key = ascii_digits(fold(text, _CASE_ONLY))
    if not _may_hold_marks(key):
        return _NOT_ALNUM.sub("", key)
    return _NOT_ALNUM.sub(_marks_of, fold(key, _QUOTES_ONLY))


def _marks_of(match: re.Match) -> str:
    """The combining marks of a run of non-letters (``\\W`` holds them)."""
    return "".join(c for c in match.group() if unicodedata.category(c)[0] == "M")


@lru_cache(maxsize=4096)
def shingles(text: str, size: int = SHINGLE_SIZE) -> frozenset[str]:
    """The set of ``size``-character shingles of :func:`shingle_key` of ``text``.

    A key shorter than ``size`` is its own single shingle (so short texts still
    compare); an empty key has no shingles.
    """
    key = shingle_key(text)
    if len(key) <= size:
        return frozenset([key]) if key else frozenset()
    count = len(key) - size + 1
    if size != SHINGLE_SIZE or count > _MAX_SLICES:
        return frozenset({key[i:i + size] for i in range(count)})
    if len(_SLICES) < count:  # (slices made once, then reused: the same shingles, faster)
        _SLICES.extend(slice(i, i + size) for i in range(len(_SLICES), min(2 * count, _MAX_SLICES)))
    return frozenset(map(key.__getitem__, _SLICES[:count]))


_SLICES: list[slice] = []  # slice(i, i + SHINGLE_SIZE) for i = 0, 1, ...
_MAX_SLICES = 1 << 15


@lru_cache(maxsize=1024)
def joined_shingles(texts: tuple[str, ...], separator: str) -> frozenset[str]:
    """:func:`shingles` of ``separator.join(texts)``, made from the shingles
    of each text (which a paragraph alignment has made already, see
    :func:`paragraph_features`): when the separator has no letters nor
    digits, the joined text's key is the texts' keys end to end, so its
    shingles are theirs (of the keys long enough to have their own) and the
    few that span the places where two keys meet."""
    if len(texts) == 1 or shingle_key(separator) or not fold(separator, _CASE_ONLY):
        # (A separator that vanishes from the key, "" or invisible, lets a
        # text's leading combining mark compose with the text before it.)
        return shingles(separator.join(texts))
    keys = [shingle_key(text) for text in texts]
    whole = "".join(keys)
    if len(whole) <= SHINGLE_SIZE:
        return shingles(separator.join(texts))
    out = set().union(*(shingles(text) for text, key in zip(texts, keys)
                        if len(key) >= SHINGLE_SIZE))
    meet = 0
    for key in keys[:-1]:
        meet += len(key)
        for start in range(max(meet - SHINGLE_SIZE + 1, 0),
                           min(meet, len(whole) - SHINGLE_SIZE + 1)):
            out.add(whole[start:start + SHINGLE_SIZE])
    return frozenset(out)


def jaccard(left: frozenset[str], right: frozenset[str], alike: bool = False) -> float:
    """``|L ∩ R| / |L ∪ R|``; two empty sets are identical (1.0).

    ``alike``: a hint that the sets are mostly shared, which changes only
    how ``|L ∩ R|`` is counted (a set operation builds the set it returns:
    for sets mostly alike, what the smaller one does not share is the
    smaller set to build), never the result.
    """
    if not left and not right:
        return 1.0
    if len(left) > len(right):
        left, right = right, left
    common = len(left) - len(left - right) if alike else len(left & right)
    return common / (len(left) + len(right) - common)


def shingle_jaccard(left_text: str, right_text: str, alike: bool = False) -> float:
    """:func:`jaccard` of the :func:`shingles` of two texts (``alike``: see there)."""
    return jaccard(shingles(left_text), shingles(right_text), alike)


def word_dice(left_words: list[str], right_words: list[str]) -> float:
    """``2·|L ∩ R| / (|L| + |R|)`` over multisets of words; 1.0 when both are empty."""
    total = len(left_words) + len(right_words)
    if not total:
        return 1.0
    common = sum((Counter(left_words) & Counter(right_words)).values())
    return 2 * common / total


def provision_score(left_text: str, right_text: str,
                    folding: Folding = Folding()) -> float:
    """Mean of :func:`shingle_jaccard` and :func:`word_dice` (folded words)."""
    return (shingle_jaccard(left_text, right_text)
            + word_dice(words(left_text, folding), words(right_text, folding))) / 2



class ParagraphFeatures(NamedTuple):
    """What :func:`paragraph_score` compares, computed once per paragraph."""

    stems: dict[str, int]  # truncated content words and their counts
    shingles: frozenset[str]
    size: int  # content words in all
    keys: frozenset[str]  # the distinct stems: what an inverted index of paragraphs files
    repeated: dict[str, int]  # the stems found more than once, and their counts


def stems(text: str, folding: Folding = Folding()) -> list[str]:
    """Content words cut to :data:`STEM_LENGTH` characters (``assistance`` and
    ``assist`` are ``assist``; ``individually``, ``individual``: ``indivi``).

    Words shorter than :data:`MIN_CONTENT_LENGTH` (``the``, ``of``, ``de``,
    ``la``, ``any``) are left out: across different treaties they pair
    everything with everything. Truncation is a crude stemmer, but it works
    for every alphabetic language without a word list.

    >>> stems("each Party will assist the Parties so attacked")
    ['each', 'party', 'will', 'assist', 'partie', 'attack']
    """
    key = fold(text, folding)
    if key.isascii() or not _may_hold_marks(key):
        return _CONTENT_WORD.findall(key)
    # Combining marks (Hindi vowel signs, Arabic harakat) belong to their word:
    # letters are counted without them, and a stem keeps those of its letters.
    words = _NOT_ALNUM.sub(_marks_then_space, key).split()
    return [stem for word in words if (stem := _stem(word))]


def _marks_then_space(match: re.Match) -> str:
    """A run of non-letters becomes the marks that open it (they belong to the
    word before), then a space unless the run is only marks."""
    run = match.group()
    if not match.start():
        return " "  # marks that open the text belong to no word
    k = 0
    while k < len(run) and unicodedata.category(run[k])[0] == "M":
        k += 1
    return run if k == len(run) else run[:k] + " "


def _stem(word: str) -> str | None:
    letters = 0
    for k, char in enumerate(word):
        if char.isalnum():
            letters += 1
            if letters > STEM_LENGTH:
                return word[:k]
    return word if letters >= MIN_CONTENT_LENGTH else None


def paragraph_features(text: str, folding: Folding = Folding(),
                       parts: tuple[str, ...] | None = None) -> ParagraphFeatures:
    """What :func:`paragraph_score` compares of ``text`` (read only: the
    features of a paragraph are kept for its next alignment, as its
    :func:`shingles` are; a paragraph recurs when one clause is compared
    with several).

    ``parts``: the texts whose join by blank lines ``text`` is (a group of
    paragraphs, made once): its shingles are then made from theirs (the same
    shingles, see :func:`joined_shingles`)."""
    if parts is None:
        return _paragraph_features(text, folding)
    found = stems(text, folding)
    counts = dict(Counter(found))
    return ParagraphFeatures(counts, joined_shingles(parts, "\n\n") if parts else shingles(text),
                             len(found), frozenset(counts),
                             {stem: count for stem, count in counts.items() if count > 1})


@lru_cache(maxsize=4096)
def _paragraph_features(text: str, folding: Folding) -> ParagraphFeatures:
    found = stems(text, folding)
    counts = dict(Counter(found))
    return ParagraphFeatures(counts, shingles(text), len(found), frozenset(counts),
                             {stem: count for stem, count in counts.items() if count > 1})


def paragraph_score(left: ParagraphFeatures, right: ParagraphFeatures) -> float:
    """Mean of the shingle Jaccard and the Dice coefficient of the stems.

    Used to align paragraphs (:mod:`treatycmp.align`); defined in
    docs/figures.md. Symmetric, in [0, 1], 1.0 for identical texts.
    """
    total = left.size + right.size
    # The multiset intersection: each shared stem once, plus what both repeat.
    common = len(left.keys & right.keys)
    if left.repeated and right.repeated:
        small, large = left.repeated, right.repeated
        if len(large) < len(small):
            small, large = large, small
        common += sum(min(count, large[stem]) - 1 for stem, count in small.items()
                      if stem in large)
    dice = 2 * common / total if total else 1.0
    return (jaccard(left.shingles, right.shingles, alike=dice >= 0.5) + dice) / 2


class GroupScore:
    """:func:`paragraph_score` of two groups of paragraphs (their texts
    joined by blank lines, as :func:`paragraph_features` with ``parts``
    reads them), kept up to date while paragraphs join either group at
    either end.

    A paragraph alignment joins lone paragraphs to a group one by one, and a
    group may grow to hundreds (one side says in one paragraph what the other
    says in many): rebuilding the joined features at each join would make
    that quadratic. Here a join, or the score a join would give, costs time
    in proportion to the paragraph that joins. The result is the score of
    the joined texts exactly (tests/test_paragraphs.py checks).
    """

    def __init__(self, left: Sequence[str], right: Sequence[str], folding: Folding):
        self.folding = folding
        self.texts: tuple[list[str], list[str]] = (list(left), list(right))
        self._rebuild()

    def _rebuild(self) -> None:
        # Each side: its shingles, stem counts, content words, and its key
        # (the texts' keys end to end) at both ends, where new shingles form.
        # (Frozen until a paragraph joins that side: most groups never grow.)
        self.shingles: list[set[str] | frozenset[str]] = []
        self.stems: list[Counter] = []
        self.size = [0, 0]
        self.key_length = [0, 0]
        self.ends: list[tuple[str, str]] = []
        for side, texts in enumerate(self.texts):
            keys = [shingle_key(text) for text in texts]
            whole = "".join(keys)
            self.shingles.append(joined_shingles(tuple(texts), "\n\n") if texts else frozenset())
            counts: Counter = Counter()
            for text in texts:
                counts.update(paragraph_features(text, self.folding).stems)
            self.stems.append(counts)
            self.size[side] = sum(counts.values())
            self.key_length[side] = len(whole)
            self.ends.append((whole[:SHINGLE_SIZE - 1], whole[-(SHINGLE_SIZE - 1):]))
        left, right = self.shingles
        self.common_shingles = len(left & right) if len(left) < len(right) else len(right & left)
        small, large = sorted(self.stems, key=len)
        self.common_stems = sum(min(count, large[stem]) for stem, count in small.items()
                                if stem in large)

    def score(self) -> float:
        return self._score(self.size[0] + self.size[1], self.common_stems,
                           len(self.shingles[0]), len(self.shingles[1]), self.common_shingles)

    @staticmethod
    def _score(total: int, common_stems: int, left: int, right: int, common: int) -> float:
        # paragraph_score's arithmetic, step for step (the same float).
        dice = 2 * common_stems / total if total else 1.0
        jac = 1.0 if not left and not right else common / (left + right - common)
        return (jac + dice) / 2

    def score_against(self, side: int, text: str) -> float:
        """The score of ``text`` alone against one side of the group."""
        features = paragraph_features(text, self.folding)
        stems, shingles = self.stems[side], self.shingles[side]
        common_stems = sum(min(count, stems[stem]) for stem, count in features.stems.items()
                           if stem in stems)
        return self._score(features.size + self.size[side], common_stems,
                           len(features.shingles), len(shingles),
                           len(features.shingles & shingles))

    def _new(self, side: int, text: str, at_end: bool) -> tuple[set[str], Counter, int]:
        """The shingles ``text`` adds to ``side`` (its own and those across
        the place where it meets the group), its stems and their number."""
        key = shingle_key(text)
        own = set(shingles(text)) if len(key) >= SHINGLE_SIZE else set()
        head, tail = self.ends[side]
        meet = tail + key if at_end else key + head
        first = len(tail) if at_end else len(key)  # where the two keys meet in ``meet``
        own.update(meet[k:k + SHINGLE_SIZE]
                   for k in range(max(first - SHINGLE_SIZE + 1, 0), first)
                   if k + SHINGLE_SIZE <= len(meet))
        own.difference_update(self.shingles[side])
        counts = Counter(paragraph_features(text, self.folding).stems)
        return own, counts, sum(counts.values())

    def _stems_gained(self, side: int, counts: Counter) -> int:
        """How many stems the two sides share more once ``counts`` join ``side``."""
        mine, other = self.stems[side], self.stems[1 - side]
        return sum(max(0, min(mine[stem] + count, other[stem]) - min(mine[stem], other[stem]))
                   for stem, count in counts.items() if stem in other)

    def _exact(self, side: int) -> bool:
        # A side whose key is no longer than a shingle is one shingle, the
        # whole key: what a join adds is not found at the ends. Rebuilt.
        return self.key_length[side] <= SHINGLE_SIZE

    def score_with(self, side: int, text: str, at_end: bool) -> float:
        """The score once ``text`` joins ``side`` (0 left, 1 right) at its
        end (or start); nothing changes."""
        if self._exact(side) or not text:
            trial = GroupScore(*self._texts_with(side, text, at_end), self.folding)
            return trial.score()
        new, counts, size = self._new(side, text, at_end)
        common_stems = self.common_stems + self._stems_gained(side, counts)
        common = self.common_shingles + len(new & self.shingles[1 - side])
        lengths = [len(self.shingles[0]), len(self.shingles[1])]
        lengths[side] += len(new)
        return self._score(self.size[0] + self.size[1] + size, common_stems, *lengths, common)

    def add(self, side: int, text: str, at_end: bool) -> None:
        """``text`` joins ``side`` at its end (or start)."""
        if self._exact(side) or not text:
            self.texts = self._texts_with(side, text, at_end)
            self._rebuild()
            return
        new, counts, size = self._new(side, text, at_end)
        self.common_stems += self._stems_gained(side, counts)
        self.common_shingles += len(new & self.shingles[1 - side])
        if isinstance(self.shingles[side], frozenset):
            self.shingles[side] = set(self.shingles[side])
        self.shingles[side] |= new
        self.stems[side].update(counts)
        self.size[side] += size
        key = shingle_key(text)
        head, tail = self.ends[side]
        self.ends[side] = ((head, (tail + key)[-(SHINGLE_SIZE - 1):]) if at_end
                           else ((key + head)[:SHINGLE_SIZE - 1], tail))
        self.key_length[side] += len(key)
        self.texts[side].insert(len(self.texts[side]) if at_end else 0, text)

    def _texts_with(self, side: int, text: str, at_end: bool) -> tuple[list[str], list[str]]:
        texts = list(self.texts[side])
        texts.insert(len(texts) if at_end else 0, text)
        return (texts, list(self.texts[1])) if side == 0 else (list(self.texts[0]), texts)
