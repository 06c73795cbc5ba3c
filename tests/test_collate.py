"""Collation: every witness read against a base, passage by passage
(treatycmp.collate), its report (treatycmp.report.collation) and command."""

from __future__ import annotations

import itertools
import os
import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from treatycmp import store
from treatycmp.cli import main
from treatycmp.collate import KEPT, MOVED, Witness, choose_languages, collate, leaf_order, upgma
from treatycmp.errors import LookupFailed
from treatycmp.model import Paragraph, Provision
from treatycmp.refs import parse_reference, select_provision
from treatycmp.report.collation import build_collation_report
from treatycmp.report.render import render_template
from conftest import CORPUS

FAMILY = ("nato-1949@en:5 anzus-1951:4 us-japan-1960:5 us-rok-1953:3 brussels-1948:5 "
          "teu-42-7:42 ecowas-pmad-1981:2 au-pact-2005:4 liptako-gourma-2023@en:6").split()


def witnesses(refs):
    refs = [parse_reference(r) for r in refs]
    treaties = [store.load_treaty(CORPUS, r.treaty) for r in refs]
    versions, _ = choose_languages(treaties, [r.lang for r in refs])
    return [Witness(t, v, select_provision(v, r.provision))
            for t, v, r in zip(treaties, versions, refs)]


@pytest.fixture(scope="module")
def family():
    return collate(witnesses(FAMILY))


def squash(text: str) -> str:
    return re.sub(r"\s", "", text)


def column_text(collation, w) -> str:
    return "".join(p.text for r in collation.readings[w] for p in r.pieces)


# ---------------------------------------------------------------- the family

def test_each_column_reads_back_its_whole_text_in_order(family):
    for w, witness in enumerate(family.witnesses):
        if w == family.base:
            assert family.readings[w] is None
            continue
        assert squash(column_text(family, w)) == squash(witness.provision.full_text)


def test_words_kept_are_the_comparisons_unchanged_words(family):
    for w, comparison in enumerate(family.comparisons):
        if comparison is None:
            continue
        kept = sum(u.is_word and r.state == KEPT for u, r in zip(family.units, family.readings[w]))
        moved = sum(u.is_word and r.state == MOVED for u, r in zip(family.units, family.readings[w]))
        assert kept == comparison.figures.stats.unchanged
        assert moved == comparison.figures.stats.moved


def test_passages_cover_the_base_in_order_within_paragraphs(family):
    units, passages = family.units, family.passages
    assert passages[0].start == 0 and passages[-1].stop == len(units)
    for a, b in zip(passages, passages[1:]):
        assert a.stop == b.start
    for p in passages:
        assert {u.paragraph for u in units[p.start:p.stop]} == {p.paragraph}
        assert sum(u.is_word for u in units[p.start:p.stop]) <= 14
    base = family.witnesses[family.base].provision
    for n, para in enumerate(base.paragraphs):
        assert "".join(u.text for u in units if u.paragraph == n) == para.full_text


def test_matrix_is_symmetric_with_ones_on_the_diagonal(family):
    sim = family.similarity
    n = len(family.witnesses)
    for i, j in itertools.product(range(n), repeat=2):
        assert sim[i][j] == sim[j][i]
        assert 0.0 <= sim[i][j] <= 1.0
    assert all(sim[i][i] == 1.0 for i in range(n))
    # ANZUS and the Japan–US treaty share most of their wording (Art IV / Art V).
    ids = [w.treaty.id for w in family.witnesses]
    anzus, japan = ids.index("anzus-1951"), ids.index("us-japan-1960")
    assert sim[anzus][japan] == max(sim[anzus][k] for k in range(n) if k != anzus)


def test_the_closest_pair_merges_first(family):
    ids = [w.treaty.id for w in family.witnesses]
    a, b, height, size = family.linkage[0]
    assert {ids[a], ids[b]} == {"anzus-1951", "us-japan-1960"} and size == 2
    heights = [m[2] for m in family.linkage]
    assert heights == sorted(heights)  # UPGMA is monotone
    assert sorted(leaf_order(family.linkage, len(ids))) == list(range(len(ids)))


def test_an_identical_witness_agrees_everywhere():
    nato = witnesses(["nato-1949@en:5"])[0]
    copy = Witness(nato.treaty, nato.version, nato.provision)
    collation = collate([nato, copy, *witnesses(["anzus-1951:4"])])
    assert all(r.state == KEPT for r in collation.readings[1])
    assert collation.similarity[0][1] == 1.0
    report = build_collation_report(collation)
    assert all(row.cells[0].agreement == "agree" for row in report.rows)


def test_the_base_can_be_any_witness():
    ws = witnesses(FAMILY[:4])
    collation = collate(ws, base=2)
    assert collation.readings[2] is None
    assert squash("".join(u.text for u in collation.units)) == squash(ws[2].provision.full_text)
    for w in (0, 1, 3):
        assert squash(column_text(collation, w)) == squash(ws[w].provision.full_text)
    with pytest.raises(ValueError):
        collate(ws, base=4)
    with pytest.raises(ValueError):
        collate(ws[:1])


# --------------------------------------------------------- made-up clauses

WORDS = ["the", "Parties", "agree", "armed", "attack", "shall", "assist", "Party", "l’une",
         "Security", "Council", "measures", "attaque", "armée", "force,", "peace.", "(a)",
         "d’une", "Article", "51;", "Étas", "ÉTAT", "self-defence", "all:"]
# Spaces at either end: a paragraph is cut into units a little differently
# alone and inside a one-to-many group.
paragraph_text = st.tuples(st.sampled_from(["", " ", "  "]),
                           st.lists(st.sampled_from(WORDS), min_size=1, max_size=25).map(" ".join),
                           st.sampled_from(["", " "])).map("".join)
clause = st.lists(paragraph_text, min_size=1, max_size=4)


def provision(texts, n="1"):
    paras = tuple(Paragraph(f"art_{n}__para_{k}", None, text) for k, text in enumerate(texts, 1))
    return Provision("article", f"art_{n}", n, f"Article {n}", None, paras, True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(clause, min_size=2, max_size=4), st.data())
def test_made_up_clauses_collate_exactly(clauses, data):
    nato = witnesses(["nato-1949@en:5"])[0]
    ws = [Witness(nato.treaty, nato.version, provision(texts, str(k + 1)))
          for k, texts in enumerate(clauses)]
    base = data.draw(st.integers(0, len(ws) - 1))
    collation = collate(ws, base)
    for w, witness in enumerate(ws):
        if w != base:
            assert squash(column_text(collation, w)) == squash(witness.provision.full_text)
            kept = sum(u.is_word and r.state == KEPT
                       for u, r in zip(collation.units, collation.readings[w]))
            assert kept == collation.comparisons[w].figures.stats.unchanged
    report = build_collation_report(collation)
    html = render_template("collation.html", report=report)
    assert html.count("<tr id=\"passage-") == len(collation.passages)


# ---------------------------------------------------------------- clustering

distances = st.integers(2, 7).flatmap(lambda n: st.lists(
    st.integers(1, 10**6), min_size=n * (n - 1) // 2, max_size=n * (n - 1) // 2,
    unique=True).map(lambda ints: (n, [k / 10**6 for k in ints])))


def square(n, flat):
    d = [[0.0] * n for _ in range(n)]
    for (i, j), value in zip(itertools.combinations(range(n), 2), flat):
        d[i][j] = d[j][i] = value
    return d


def cophenetic(linkage, n):
    members = {i: [i] for i in range(n)}
    out = {}
    for m, (a, b, height, _) in enumerate(linkage):
        for i in members[a]:
            for j in members[b]:
                out[min(i, j), max(i, j)] = height
        members[n + m] = members[a] + members[b]
    return [out[pair] for pair in itertools.combinations(range(n), 2)]


@settings(max_examples=40, deadline=None)
@given(distances)
def test_upgma_agrees_with_scipy(case):
    """Distinct distances: with ties, either merge order is right."""
    hierarchy = pytest.importorskip("scipy.cluster.hierarchy")
    n, flat = case
    ours = upgma(square(n, flat))
    theirs = hierarchy.linkage(flat, method="average")
    assert cophenetic(ours, n) == pytest.approx(list(hierarchy.cophenet(theirs)), abs=1e-9)
    assert [m[2] for m in ours] == pytest.approx(sorted(theirs[:, 2]), abs=1e-9)


def test_upgma_breaks_ties_by_order():
    d = square(4, [0.5] * 6)
    assert upgma(d)[0][:2] == (0, 1)
    assert upgma(d) == upgma(d)


# ----------------------------------------------------------------- languages

def load(*ids):
    return [store.load_treaty(CORPUS, i) for i in ids]


def test_a_language_authentic_in_all_is_chosen():
    versions, chosen = choose_languages(load("nato-1949", "liptako-gourma-2023"), [None, None])
    assert chosen == "fr" and {v.lang for v in versions} == {"fr"}


def test_without_a_common_authentic_language_translations_are_used_and_named():
    treaties = load("anzus-1951", "liptako-gourma-2023")
    versions, chosen = choose_languages(treaties, [None, None])
    assert chosen == "en" and not versions[1].is_authentic
    collation = collate([Witness(t, v, v.find(n)) for t, v, n in zip(treaties, versions, "46")])
    note = build_collation_report(collation, chosen).language_note
    assert "Not all texts are authentic" in note and "liptako-gourma-2023@en:6" in note


def test_a_language_given_once_applies_to_the_others():
    versions, chosen = choose_languages(load("nato-1949", "liptako-gourma-2023", "anzus-1951"),
                                        ["en", None, None])
    assert chosen is None and [v.lang for v in versions] == ["en", "en", "en"]
    with pytest.raises(LookupFailed, match="anzus-1951 has no 'fr' text"):
        choose_languages(load("nato-1949", "anzus-1951"), ["fr", None])


def test_no_language_in_common_is_an_error_naming_the_languages():
    with pytest.raises(LookupFailed, match="no language in common.*warsaw-1955: ru"):
        choose_languages(load("anzus-1951", "warsaw-1955"), [None, None])


# ---------------------------------------------------------------- the command

def test_collate_writes_one_report(runner, tmp_path):
    out = tmp_path / "family.html"
    result = runner.invoke(main, ["collate", *FAMILY[:5], "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    html = out.read_text(encoding="utf-8")
    assert 'class="matrix-svg"' in html and 'class="dendrogram-svg"' in html
    assert html.count('class="redline-section"') == 4
    assert "The Parties agree that an armed attack" in html
    again = tmp_path / "again.html"
    runner.invoke(main, ["collate", *FAMILY[:5], "-o", str(again)])
    assert again.read_bytes() == out.read_bytes()


def test_collate_errors_are_one_line(runner, tmp_path):
    result = runner.invoke(main, ["collate", "nato-1949@en:5"])
    assert result.exit_code == 2 and "at least two" in result.output
    result = runner.invoke(main, ["collate", "nato-1949@en:5", "anzus-1951:4", "--base", "3"])
    assert result.exit_code == 2 and "--base" in result.output
    result = runner.invoke(main, ["collate", "nato-1949@en:5", "anzus-1951:99"])
    assert result.exit_code == 1 and "no provision '99'" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(main, ["collate", "nato-1949@en:5", "nato-1949@en:5"])
    assert result.exit_code == 1 and "named twice" in result.output
    result = runner.invoke(main, ["collate", "nato-1949@en:5", "anzus-1951"])
    assert result.exit_code == 2 and "names no article" in result.output
    assert not list(tmp_path.iterdir())


def test_collate_help_has_an_example(runner):
    result = runner.invoke(main, ["collate", "--help"])
    assert result.exit_code == 0 and "treatycmp collate nato-1949@en:5" in result.output


# ------------------------------------------------------------------ browser

CHROMIUM = os.environ.get("TREATYCMP_CHROMIUM") or shutil.which("chromium") \
    or shutil.which("chromium-browser")


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM and os.environ.get("TREATYCMP_REQUIRE_BROWSER") != "1",
                    reason="no Chromium browser installed")
def test_collation_in_a_browser(runner, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    out = tmp_path / "family.html"
    assert runner.invoke(main, ["collate", *FAMILY, "-o", str(out)]).exit_code == 0
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-gpu"])
        try:
            for width in (1400, 420):
                page = browser.new_page(viewport={"width": width, "height": 900})
                problems: list[str] = []
                page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda e: problems.append(str(e)))
                page.goto(out.as_uri())
                assert problems == []
                assert page.evaluate("document.documentElement.scrollWidth") <= width
                for selector, least in ((".matrix-svg", 300), (".dendrogram-svg", 300),
                                        ("table.collation", 300), (".strip-svg", 150)):
                    box = page.locator(selector).first.bounding_box()
                    assert box and box["width"] > least and box["height"] > 10, selector
                    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, selector
                # 9 × 9 values printed in the matrix
                assert page.locator(".matrix-svg text.value").count() == 81
                page.close()
        finally:
            browser.close()


def test_a_group_of_paragraphs_opening_with_spaces_is_read_by_position():
    nato = witnesses(["nato-1949@en:5"])[0]
    base = provision(["The Parties agree that they will assist", "  each other if one of them "
                      "is attacked in Europe"], "1")
    merged = provision(["The Parties agree that they will assist each other if one of them "
                        "is attacked in Europe or elsewhere"], "2")
    ws = [Witness(nato.treaty, nato.version, base), Witness(nato.treaty, nato.version, merged)]
    collation = collate(ws)
    assert [(len(r.lefts), len(r.rights)) for r in collation.comparisons[1].paragraphs] == [(2, 1)]
    assert squash(column_text(collation, 1)) == squash(merged.full_text)
    kept = sum(u.is_word and r.state == KEPT for u, r in zip(collation.units, collation.readings[1]))
    assert kept == collation.comparisons[1].figures.stats.unchanged == 17


def test_witnesses_in_two_languages_are_labelled_apart_and_said_to_differ():
    ws = witnesses(["nato-1949@en:5", "nato-1949@fr:5", "liptako-gourma-2023@fr:6"])
    report = build_collation_report(collate(ws))
    assert [w.label for w in report.witnesses] == \
        ["nato-1949@en:5", "nato-1949@fr:5", "liptako-gourma-2023@fr"]
    assert "different languages (English, French)" in report.language_note
    assert report.language_note.startswith("All 3 texts are authentic")
