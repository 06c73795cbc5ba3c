"""Every pair of stored defence clauses reads right (issue: "Every pair reads right").

For each pair of the collective-defence clauses in the shipped corpus that
share a language, compared through the command line as a user would:

- the obligation paragraphs (the heart of each clause) are paired, never
  left alone on both sides;
- no word is marked as changed that stands unchanged on both sides: a
  deletion next to an insertion never begins or ends with the same word,
  and a short replacement (six words a side or fewer) has no word on both
  sides;
- no replacement (a run of changes between unchanged text) hides a phrase
  that both sides share (three words or more with a content word), and no
  content word (a name, number, date, term: see
  :func:`treatycmp.diff.is_content_key`) stands on both sides of one;
- a change never begins or ends inside a word;
- moved runs are the same words on both sides, hold content (two content
  words, or a whole change around a long content word) and never cut a
  capitalised name;
- the figures add up.
"""

from __future__ import annotations

import itertools
import json
from difflib import SequenceMatcher

import pytest
from click.testing import CliRunner

from treatycmp import store
from treatycmp.cli import main
from treatycmp.compare import compare_provisions
from treatycmp.diff import count_words, is_content_key
from treatycmp.moves import MIN_MOVE_CONTENT, MIN_MOVE_LETTERS
from treatycmp.text import tokenize

CORPUS = store.load_corpus(store.default_corpus_root())

# The defence clauses of the family and the paragraphs (1-based) that hold
# the obligation, as a reader of each clause sees it.
OBLIGATIONS = {
    "nato-1949:5": {1},
    "anzus-1951:4": {1},
    "us-japan-1960:5": {1},
    "us-rok-1953:3": {1},
    "brussels-1948:5": {1},
    "ecowas-pmad-1981:2": {1},
    "ecowas-pmad-1981:3": {1},
    "teu-42-7:42": {1},
    "au-pact-2005:4": {1, 2},
    "liptako-gourma-2023:6": {1},
    "cst-1992:4": {1, 2},
}


def _versions(ref: str) -> dict[str, object]:
    """The language versions in which the clause is transcribed."""
    treaty_id, n = ref.split(":")
    out = {}
    for version in CORPUS.treaty(treaty_id).versions:
        provision = version.find(n)
        if provision is not None and provision.transcribed:
            out[version.lang] = version
    return out


def _pairs():
    for left, right in itertools.permutations(OBLIGATIONS, 2):
        shared = sorted(set(_versions(left)) & set(_versions(right)))
        for lang in shared:
            yield pytest.param(left, right, lang, id=f"{left}@{lang}-vs-{right}")


PAIRS = list(_pairs())


def test_the_family_is_there():
    assert len(PAIRS) >= 90  # every ordered pair in English, plus the French ones


def _diff(left: str, right: str, lang: str, *options: str) -> dict:
    lt, ln = left.split(":")
    rt, rn = right.split(":")
    result = CliRunner().invoke(main, ["diff", f"{lt}@{lang}:{ln}", f"{rt}@{lang}:{rn}",
                                       "--format", "json", *options])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _positions(ref: str, lang: str, eids: list[str]) -> set[int]:
    """1-based positions of paragraphs (by eId) in the clause."""
    treaty_id, n = ref.split(":")
    paragraphs = CORPUS.treaty(treaty_id).version(lang).find(n).paragraphs
    return {[p.eid for p in paragraphs].index(eid) + 1 for eid in eids}


@pytest.mark.parametrize("left,right,lang", PAIRS)
def test_obligation_paragraphs_are_paired(left, right, lang):
    data = _diff(left, right, lang)
    paired = [(_positions(left, lang, row["lefts"]), _positions(right, lang, row["rights"]))
              for row in data["paragraphs"] if row["lefts"] and row["rights"]]
    assert any(lp & OBLIGATIONS[left] and rp & OBLIGATIONS[right] for lp, rp in paired), paired


def _units(text: str) -> list[str]:
    return [t.n for t in tokenize(text) if t.n.strip()]


def _provision(ref: str, lang: str):
    treaty_id, n = ref.split(":")
    return CORPUS.treaty(treaty_id).version(lang).find(n)


def _keys(tokens) -> list[str]:
    return [t.n for t in tokens if t.n.strip()]


@pytest.mark.parametrize("left,right,lang", PAIRS)
def test_no_unchanged_word_is_marked_and_no_word_is_cut(left, right, lang):
    comparison = compare_provisions(_provision(left, lang), _provision(right, lang))
    for row in comparison.paragraphs:
        if row.diff is None:
            continue
        ops = row.diff.opcodes
        for before, after in zip(ops, ops[1:]):
            # (A moved run is no deletion: an insertion may start as it does.)
            if {before.tag, after.tag} == {"delete", "insert"} and before.move is after.move is None:
                deleted = _keys(row.diff.left[min(before.i1, after.i1):max(before.i2, after.i2)])
                inserted = _keys(row.diff.right[min(before.j1, after.j1):max(before.j2, after.j2)])
                assert deleted[:1] != inserted[:1] and deleted[-1:] != inserted[-1:], (
                    deleted, inserted)
        for text_of in (row.diff.left_text, row.diff.right_text):
            pieces = [text_of(op) for op in ops if text_of(op)]
            for a, b in zip(pieces, pieces[1:]):
                assert not (a[-1:].isalnum() and b[:1].isalnum()), (a, b)


def test_punctuation_never_makes_an_unchanged_word_look_changed():
    data = _diff("nato-1949:5", "anzus-1951:4", "en")
    second = data["paragraphs"][-1]["diff"]
    inserted = [op[2] for op in second if op[0] == "insert"]
    assert "of the United Nations" in inserted  # not "Council of the United Nations"
    assert any(op[0] == "equal" and op[1].endswith("Security Council") for op in second)


def test_a_word_moved_a_few_places_is_a_move():
    data = _diff("nato-1949:5", "anzus-1951:4", "en")
    moved = [op + [number] for row in data["paragraphs"] if "moves" in row
             for op, number in zip(row["diff"], row["moves"]) if number is not None]
    for number in {op[3] for op in moved}:
        texts = [op[1] or op[2] for op in moved if op[3] == number]
        assert len(texts) == 2 and _units(texts[0]) == _units(texts[1])
    assert any(_units(op[1]) == ["immediately"] for op in moved)
    assert data["figures"]["moved"] >= 1


def test_pair_by_hand_on_diff_and_compare(tmp_path):
    data = _diff("nato-1949:5", "us-japan-1960:5", "en", "--pair", "1=1+2,2=-")
    rows = [(row["lefts"], row["rights"], row["basis"]) for row in data["paragraphs"]]
    assert rows[0][2] == "manual" and len(rows[0][1]) == 2 and rows[1][1] == []
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["compare", "nato-1949:5", "us-japan-1960:5",
                                       "--pair", "1=1,2=2", "-o", str(out)])
    assert result.exit_code == 0 and out.exists()


@pytest.mark.parametrize("spec,message", [
    ("3=1", "the left clause has 2 paragraphs"),
    ("2=1,1=2", "crosses an earlier pair"),
    ("1=1,1=2", "paired twice"),
    ("0=1", "start at 1"),
    ("one=two", "bad pair"),
    ("1=2+1", "consecutive and in order"),
    ("-=-", "names a paragraph on at least one side"),
])
def test_bad_pairs_are_usage_errors(spec, message, tmp_path):
    out = tmp_path / "r.html"
    for command in (["diff"], ["compare", "-o", str(out)]):
        result = CliRunner().invoke(main, [*command, "nato-1949:5", "us-japan-1960:5",
                                           "--pair", spec])
        assert result.exit_code == 2 and message in result.output
        assert "Traceback" not in result.output and not out.exists()


def _replacements(diff):
    """(deleted keys, inserted keys) of each run of changes (moves aside)
    between unchanged text."""
    block: tuple[list[str], list[str]] = ([], [])
    for op in [*diff.opcodes, None]:
        if op is None or op.tag == "equal" or op.move is not None:
            if block[0] and block[1]:
                yield block
            block = ([], [])
        elif op.tag == "delete":
            block[0].extend(_keys(diff.left[op.i1:op.i2]))
        else:
            block[1].extend(_keys(diff.right[op.j1:op.j2]))


@pytest.mark.parametrize("left,right,lang", PAIRS)
def test_no_replacement_hides_shared_wording(left, right, lang):
    """Audit F1 and F5: the borrowed phrase ("in exercise of the right of",
    "aggression against any Member State") and the shared term between two
    small changes are shown unchanged, not inside a replacement."""
    comparison = compare_provisions(_provision(left, lang), _provision(right, lang))
    for row in comparison.paragraphs:
        if row.diff is None:
            continue
        for deleted, inserted in _replacements(row.diff):
            both = {k for k in deleted if is_content_key(k)} & set(inserted)
            assert not both, (both, deleted, inserted)
            match = SequenceMatcher(None, deleted, inserted, autojunk=False).find_longest_match(
                0, len(deleted), 0, len(inserted))
            run = deleted[match.a:match.a + match.size]
            assert not (sum(k[:1].isalnum() for k in run) >= 3
                        and any(map(is_content_key, run))), run


SHORT = 6  # words a side of a short replacement (audit 4's measure)


@pytest.mark.parametrize("left,right,lang", PAIRS)
def test_a_short_replacement_shares_no_word(left, right, lang):
    """Audit 4, finding 3 (the "Done when" read literally): a word that stands
    on both sides of a short replacement (``[-Member States resolve to
    give-]{+State Parties undertake to provide+}``) stands unchanged there,
    and is shown so: no short replacement has a word on both sides."""
    comparison = compare_provisions(_provision(left, lang), _provision(right, lang))
    for row in comparison.paragraphs:
        if row.diff is None:
            continue
        for deleted, inserted in _replacements(row.diff):
            words = [[k for k in side if k[:1].isalnum()] for side in (deleted, inserted)]
            if max(map(len, words)) <= SHORT:
                assert not set(words[0]) & set(words[1]), (deleted, inserted)


LINKS = {"of", "the", "de", "du", "des", "la", "le", "les", "l'", "d'"}


@pytest.mark.parametrize("left,right,lang", PAIRS)
def test_moves_hold_content_and_figures_add_up(left, right, lang):
    """Audit F10: no move of a stock phrase ("any of the") or of a piece of
    a name ("of the United" from "United Nations" to "United States")."""
    lp, rp = _provision(left, lang), _provision(right, lang)
    comparison = compare_provisions(lp, rp)
    runs: dict[int, list] = {}
    at: dict[int, list[tuple[int, int]]] = {}  # each move's places: (row, opcode)
    for r, row in enumerate(comparison.paragraphs):
        if row.diff is None:
            continue
        for k, op in enumerate(row.diff.opcodes):
            if op.move is None:
                continue
            tokens = (row.diff.left[op.i1:op.i2] if op.tag == "delete"
                      else row.diff.right[op.j1:op.j2])
            side = row.diff.left if op.tag == "delete" else row.diff.right
            lo, hi = (op.i1, op.i2) if op.tag == "delete" else (op.j1, op.j2)
            runs.setdefault(op.move, []).append((tokens, side, lo, hi))
            at.setdefault(op.move, []).append((r, k))
    for number, places in runs.items():
        assert len(places) == 2, number
        keys = [_keys(tokens) for tokens, *_ in places]
        assert keys[0] == keys[1]
        content = [k for k in keys[0] if is_content_key(k)]
        assert content
        if len(content) < MIN_MOVE_CONTENT and max(map(len, content)) < MIN_MOVE_LETTERS:
            # Too short to move on its own: it swapped places with another
            # move (each of its places is the opcode next to one of the other's).
            assert any(other != number and all(
                any(r == orow and abs(k - ok) == 1 for orow, ok in at[other])
                for r, k in at[number]) for other in at), keys
        for tokens, side, lo, hi in places:
            words = [t for t in tokens if t.is_word]
            before = [t for t in side[:lo] if t.opens][-1:]
            after = [t for t in side[hi:] if t.opens][:1]
            capital = lambda t: t.is_word and t.t[:1].isupper()  # noqa: E731
            assert not (before and capital(before[0]) and capital(words[0])), tokens
            # Nor begins inside a name at its linking words (audit 4, F4:
            # "of the United Nations" out of "Charter of the United Nations").
            unlinked = [t for t in tokens if t.opens and t.n not in LINKS][:1]
            assert not (before and capital(before[0]) and unlinked and capital(unlinked[0])
                        and tokens[0].n in LINKS), tokens
            assert not (after and capital(after[0]) and capital(words[-1])), tokens
    stats = comparison.figures.stats
    assert stats.left_words == count_words(lp.full_text)
    assert stats.right_words == count_words(rp.full_text)
    assert stats.unchanged + stats.deleted + stats.moved == stats.left_words
    assert stats.unchanged + stats.inserted + stats.moved == stats.right_words


@pytest.mark.parametrize("written,meant", [
    ("2=2,1=1", "1=1,2=2"), ("2=2,1=-", "1=-,2=2"), ("-=1,1=-", "1=-,-=1")])
def test_pairs_by_hand_may_be_written_in_any_order(written, meant):
    # Audit 4, F14: the order pairs are written in is not reading order.
    from treatycmp.align import parse_pair_spec
    assert parse_pair_spec(written) == parse_pair_spec(meant)
    assert _diff("nato-1949:5", "us-japan-1960:5", "en", "--pair", written)["paragraphs"] == \
        _diff("nato-1949:5", "us-japan-1960:5", "en", "--pair", meant)["paragraphs"]


def test_ignore_none_goes_alone():
    result = CliRunner().invoke(main, ["diff", "nato-1949:5", "us-japan-1960:5",
                                       "--ignore", "none,case"])
    assert result.exit_code == 2 and "'none' cannot go with case" in result.output
