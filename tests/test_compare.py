"""Clause comparison: paragraph alignment, figures, similarity measures."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings, strategies as st

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


# ------------------------------------------------ moved paragraphs (audit F2)

def _provision(paragraphs, n="1"):
    from treatycmp.model import Paragraph, Provision
    return Provision("article", f"art_{n}", n, f"Article {n}", None,
                     tuple(Paragraph(f"art_{n}__para_{k}", None, text)
                           for k, text in enumerate(paragraphs, 1)), True)


made_up_word = st.text(alphabet="bcdfghjklmnprstvwz", min_size=4, max_size=10)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(made_up_word, min_size=3, max_size=12), min_size=2, max_size=7,
                unique_by=lambda words: words[0]), st.randoms(use_true_random=False))
def test_reordered_paragraphs_are_moved_not_deleted_and_inserted(paragraphs, rng):
    """Paragraphs that only changed places: every word is unchanged or moved,
    and each move is linked both ways (a number on each side)."""
    words = [w for p in paragraphs for w in p]
    assume(len(set(words)) == len(words))  # each paragraph's words its own
    texts = [" ".join(p).capitalize() + "." for p in paragraphs]
    order = texts[:]
    rng.shuffle(order)
    comparison = compare_provisions(_provision(texts), _provision(order, "2"))
    stats = comparison.figures.stats
    assert stats.deleted == stats.inserted == 0, stats
    assert stats.unchanged + stats.moved == stats.left_words == stats.right_words
    places: dict[int, set[str]] = {}
    for row in comparison.paragraphs:
        for op in (row.diff.opcodes if row.diff else ()):
            if op.move is not None:
                places.setdefault(op.move, set()).add(op.tag)
    assert all(tags == {"delete", "insert"} for tags in places.values())


def test_a_swapped_paragraph_is_one_move():
    a = "Each Party shall maintain and develop its capacity to resist armed attack."
    b = "An armed attack against one shall be considered an attack against all."
    c = "The Parties shall consult together whenever the integrity of any of them is threatened."
    comparison = compare_provisions(_provision([a, b, c]), _provision([a, c, b], "2"))
    stats = comparison.figures.stats
    alone = [row for row in comparison.paragraphs if not (row.lefts and row.rights)]
    assert len(alone) == 2 and all(row.diff is not None for row in alone)
    assert (stats.deleted, stats.inserted) == (0, 0)
    assert stats.moved == len((alone[0].lefts or alone[0].rights)[0].text.split())
    assert {op.move for row in alone for op in row.diff.opcodes} == {1}


def test_a_stock_phrase_or_a_piece_of_a_name_is_not_a_move():
    """Audit F10: "of the United" (of "United Nations" and "United States")
    and "any of the" are not moves; a phrase with content is."""
    def moved(comparison):
        return [row.diff.left_text(op).strip() for row in comparison.paragraphs if row.diff
                for op in row.diff.opcodes if op.move is not None and op.tag == "delete"]

    assert moved(compare_provisions(NATO.version("en").find("1"),
                                     NATO.version("en").find("10"))) == []
    assert moved(compare_provisions(
        _provision(["Any of the Parties may withdraw from it; the Council shall decide on "
                    "the consequences of the withdrawal."]),
        _provision(["The Council shall decide on withdrawal, after which any of the States "
                    "may withdraw."], "2"))) == []
    left = _provision(["The Parties shall report to the Security Council at once.",
                       "Nothing here affects the rights of the Parties."])
    right = _provision(["The Parties shall inform their Governments at once.",
                        "Nothing here affects the rights or the report to the Security Council."],
                       "2")
    assert moved(compare_provisions(left, right)) == ["report to the Security Council"]
    # Audit 4, F4: nor is the tail of a name cut at its linking words ("of
    # the United Nations" of "Charter of the United Nations", moved onto
    # "Security Council"); a name's head with what precedes it may move.
    left = _provision(["Each Party acts under Article 51 of the Charter of the United Nations.",
                       "Measures are reported to the Security Council at once."])
    right = _provision(["Each Party acts at once.",
                        "Measures are reported to the Security Council of the United Nations "
                        "under Article 51 of the Charter."], "2")
    runs = moved(compare_provisions(left, right))
    assert any(run.endswith("Article 51 of the Charter") for run in runs), runs
    assert not any("United Nations" in run for run in runs), runs
    left = _provision(["Le Conseil de l’Atlantique Nord et l’Organisation du Traité de "
                       "l’Atlantique Nord se réunissent."])
    right = _provision(["L’Organisation se réunit avec le Conseil du Traité de "
                        "l’Atlantique Nord."], "2")
    assert not [m for m in moved(compare_provisions(left, right))
                if m.startswith(("du ", "de ", "l’"))]


def test_punctuation_only_changes_say_the_words_are_identical():
    """Audit F9: "4 changes · word similarity 1.00" must not read as identical
    texts, nor as changed words."""
    from treatycmp.report.clause import summary_line
    from treatycmp.report.redline import build_redline
    left = _provision(["The Parties shall not, in any case, use force; they shall settle."])
    right = _provision(["The Parties shall not in any case use force: they shall settle"], "2")
    comparison = compare_provisions(left, right)
    assert comparison.figures.words_identical and comparison.figures.word_similarity == 1.0
    line = summary_line(comparison, build_redline(comparison)[1])
    assert line.startswith("4 changes, all to punctuation or spacing: the words are identical")
    changed = compare_provisions(left, _provision(["The Parties shall not use force."], "2"))
    assert not changed.figures.words_identical
    assert "identical" not in summary_line(changed, build_redline(changed)[1])
    same = compare_provisions(left, left)
    assert same.figures.words_identical
    assert summary_line(same, build_redline(same)[1]).startswith("0 changes · ")


def test_changes_are_numbered_in_the_left_columns_order_and_a_move_has_one_number():
    """Audit F20: a moved run carried two numbers (change ③ and move →1), and
    the left column's change numbers ran ①④②⑤."""
    from treatycmp.report.redline import build_redline
    # (CST 4 against NATO 5 had one move, "of the United Nations", the tail
    # of a name, which is no longer moved: audit 4, F4.)
    japan = store.load_treaty(CORPUS, "us-japan-1960").version("en").find("5")
    for left, right in ((NATO.version("en").find("5"), japan),
                        (NATO.version("en").find("5"), store.load_treaty(
                            CORPUS, "anzus-1951").version("en").find("4"))):
        rows, changes = build_redline(compare_provisions(left, right))
        marks = [s.number for row in rows if row.left for s in row.left.segments
                 if s.kind == "mark"]
        assert marks == sorted(marks) and marks
        moved = [(s.number, s.kind) for row in rows for cell in (row.left, row.right) if cell
                 for s in cell.segments if s.kind.startswith("moved")]
        assert moved and all(kind == "moved" for n, kind in
                             [(c.number, c.kind) for c in changes if c.number in dict(moved)])
        assert {k for _, k in moved} == {"moved-from", "moved-to"}
        assert len({n for n, _ in moved}) * 2 == len(moved)  # the two places share it
        for row in rows:  # the arrow's number is the change's own (its mark just before)
            for cell in (row.left, row.right):
                last_mark = None
                for s in (cell.segments if cell else ()):
                    if s.kind == "mark":
                        last_mark = s.number
                    elif s.kind.startswith("moved"):
                        assert s.number == last_mark


@given(st.integers(0, 10 ** 6), st.integers(0, 10 ** 6), st.integers(0, 10 ** 6))
def test_a_printed_figure_never_shows_more_likeness_than_there_is(unchanged, more_left, more_right):
    """Audit 4, F5: 399 words of 400 unchanged printed "1.00" (rounded up)."""
    from treatycmp.compare import share_text
    total = 2 * unchanged + more_left + more_right
    share = 2 * unchanged / total if total else 1.0
    text = share_text(share)
    assert (text == "1.00") == (share == 1.0)
    assert (text == "0.00") == (share == 0.0)
    if text != "<0.01":
        printed = float(text)
        assert printed <= share + 1e-12 and share - printed < 0.01 + 1e-12


def test_the_summary_says_moved_words_lower_the_word_similarity():
    from treatycmp.report.clause import summary_line
    from treatycmp.report.redline import build_redline
    left = _provision(["An armed attack against one of them is an attack against all.",
                       "Each Party shall assist the Party so attacked."])
    right = _provision(["Each Party shall assist the Party so attacked.",
                        "An armed attack against one of them is an attack against all."], "2")
    comparison = compare_provisions(left, right)
    line = summary_line(comparison, build_redline(comparison)[1])
    assert "moved words count as changed" in line and "word similarity 1.00" not in line


# ------------------------------------------------ symmetry (audit 8, finding 6)

def _mirror_checked(forward, backward):
    """``backward`` (right compared with left) is ``forward`` seen from the
    other side: the same groups swapped, the same words unchanged, deleted
    as inserted, moved alike, the same figures; moves numbered in the
    reading order of each one's own left text."""
    from treatycmp.diff import mirrored
    assert [(r.rights, r.lefts, r.score, r.basis, r.joined) for r in forward.paragraphs
            if r.lefts and r.rights] == [(r.lefts, r.rights, r.score, r.basis, r.joined)
                                         for r in backward.paragraphs if r.lefts and r.rights]
    f, b = forward.figures.stats, backward.figures.stats
    assert (f.left_words, f.right_words, f.unchanged, f.deleted, f.inserted, f.moved) == (
        b.right_words, b.left_words, b.unchanged, b.inserted, b.deleted, b.moved)
    assert forward.figures.shingle_jaccard == backward.figures.shingle_jaccard
    for comparison in (forward, backward):
        numbers = [op.move for row in comparison.paragraphs if row.diff is not None
                   for op in row.diff.opcodes if op.move is not None and op.tag == "delete"]
        assert numbers == sorted(numbers)
        for row in comparison.paragraphs:
            if row.diff is not None:
                assert row.diff.rebuild_left() == "\n\n".join(p.full_text for p in row.lefts)
                assert row.diff.rebuild_right() == "\n\n".join(p.full_text for p in row.rights)
    # Diff for diff, the words shown unchanged, deleted and inserted each way
    # are the same.
    from conftest import reading
    paired_f = [r.diff for r in forward.paragraphs if r.lefts and r.rights]
    paired_b = [r.diff for r in backward.paragraphs if r.lefts and r.rights]
    for df, db in zip(paired_f, paired_b):
        assert reading(db) == reading(df, turned=True) == reading(mirrored(df))


def test_every_corpus_pair_reads_the_same_either_way_round():
    """Comparing B with A shows what comparing A with B shows, seen from the
    other side, for every pair of transcribed provisions in a shared
    language (the word diffs' choices among equally good matches once
    depended on which text came first: AU 4 against CST 4 kept 4 words,
    CST 4 against AU 4 kept 7)."""
    import itertools
    by_lang: dict[str, list] = {}
    for treaty in store.load_corpus(CORPUS).treaties:
        for version in treaty.versions:
            by_lang.setdefault(version.lang, []).extend(
                p for p in version.provisions() if p.transcribed)
    pairs = [pair for provisions in by_lang.values()
             for pair in itertools.combinations(provisions, 2)]
    assert len(pairs) > 300
    for a, b in pairs:
        _mirror_checked(compare_provisions(a, b), compare_provisions(b, a))
    au = store.load_treaty(CORPUS, "au-pact-2005").version("en").find("4")
    cst = store.load_treaty(CORPUS, "cst-1992").version("en").find("4")
    assert compare_provisions(au, cst).figures.stats.unchanged == 7


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(made_up_word | st.sampled_from(["the", "of", "and", "shall", ","]),
                         min_size=1, max_size=10), min_size=1, max_size=6),
       st.randoms(use_true_random=False))
def test_made_up_revisions_read_the_same_either_way_round(paragraphs, rng):
    """Revisions with words replaced, dropped, repeated and paragraphs
    reordered, split or dropped: the comparison is the same either way round."""
    texts = [" ".join(p) for p in paragraphs]
    revised = []
    for words in paragraphs:
        words = [w for w in words if rng.random() > 0.2]
        words = [rng.choice(["the", "Party", "attack", w]) if rng.random() < 0.2 else w
                 for w in words]
        if rng.random() < 0.3 and len(words) > 2:
            cut = rng.randrange(1, len(words))
            revised.extend([" ".join(words[:cut]), " ".join(words[cut:])])
        elif words:
            revised.append(" ".join(words))
    if rng.random() < 0.3:
        rng.shuffle(revised)
    assume(revised and all(t.strip() for t in texts + revised))
    a, b = _provision(texts), _provision(revised, "2")
    _mirror_checked(compare_provisions(a, b), compare_provisions(b, a))


def test_pairs_given_by_hand_read_the_same_either_way_round_and_errors_name_the_sides_as_given():
    from treatycmp.align import parse_pair_spec, swap_pairs
    cst = store.load_treaty(CORPUS, "cst-1992").version("en").find("4")
    au = store.load_treaty(CORPUS, "au-pact-2005").version("en").find("4")
    # (The lesser text first: CST 4 reads "If one ...", AU 4 "State Parties ...",
    # so AU against CST is computed the other way round.)
    assert cst.full_text < au.full_text
    pairs = parse_pair_spec("1=1,2=-,3=2+3")
    _mirror_checked(compare_provisions(au, cst, pairs=pairs),
                    compare_provisions(cst, au, pairs=swap_pairs(pairs)))
    with pytest.raises(ValueError, match="the right clause has 3 paragraphs"):
        compare_provisions(au, cst, pairs=parse_pair_spec("1=4"))
    with pytest.raises(ValueError, match="the left clause has 3 paragraphs"):
        compare_provisions(cst, au, pairs=parse_pair_spec("4=1"))


def test_lone_rows_come_left_first_either_way_round_with_pairs_given_by_hand():
    """Audit 10, F8: with --pair leaving paragraphs alone, a hand-made lone
    row of the right came before an automatic lone row of the left in one
    direction only."""
    from treatycmp.align import parse_pair_spec, swap_pairs
    from test_paragraphs import sentences
    x, y, z = sentences(5, 3)
    a, b = _provision([y, x]), _provision([z, x], n="2")
    pairs = parse_pair_spec("-=1")
    for left, right, spec in ((a, b, pairs), (b, a, swap_pairs(pairs))):
        rows = compare_provisions(left, right, pairs=spec).paragraphs
        assert [(bool(r.lefts), bool(r.rights)) for r in rows] == [
            (True, False), (False, True), (True, True)], rows
