"""The treaty-level report and the report index: content, escaping, determinism, CLI."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from treatycmp import store
from treatycmp.report import treaty as treaty_report
from treatycmp.cli import main
from treatycmp.compare import Options, compare_provisions
from treatycmp.match import align_articles, compare_pairs
from treatycmp.report import build_clause_report
from treatycmp.report.index import build_index, read_index_entry, render_index
from treatycmp.report.treaty import (build_treaty_report, heat_level, render_treaty_report,
                                     version_digest)
from conftest import CORPUS, DATA

ALIGN = DATA / "corpus-align"
CURATED = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<alignment schemaVersion="1" left="veridia-1998" right="veridia-2019">\n'
           '  <pair left="4" right="9"><note>A person says so &lt;b&gt;firmly&lt;/b&gt;.</note></pair>\n'
           '  <pair left="12" right="12"><note>Final clauses.</note></pair>\n'
           '</alignment>\n')


def run(runner, *args):
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(ALIGN, target)
    (target / "alignments").mkdir()
    (target / "alignments" / "veridia-1998--veridia-2019.xml").write_text(CURATED, "utf-8")
    return target


def make_report(root: Path, left="veridia-1998", right="veridia-2019", lang="en"):
    lt, rt = store.load_treaty(root, left), store.load_treaty(root, right)
    curated = store.find_alignment(root, left, right)
    alignment = align_articles(lt.version(lang), rt.version(lang), curated)
    report = build_treaty_report(alignment, compare_pairs(alignment), lt, rt, Options(), lang)
    return alignment, report, render_treaty_report(report)


def test_report_has_header_overview_pairs_matrix_and_lone_provisions(corpus):
    alignment, report, html = make_report(corpus)
    for side, version in ((report.left, alignment.left), (report.right, alignment.right)):
        assert side.title in html and side.sha256 == version_digest(version)
        assert side.sha256 in html
    assert "Reading direction." in html and report.language_note in html
    # the overview: one row per pair, each linking to a redline that exists
    assert len(report.overview) == len(alignment.pairs) == 12  # 11 automatic, 1 curated
    anchors = set(re.findall(r'id="([^"]+)"', html))
    links = re.findall(r'href="#([^"]+)"', html)
    assert links and set(links) <= anchors
    assert len(anchors) == len(re.findall(r'id="', html))  # every id is unique
    for row in report.overview:
        assert f'href="#{row.anchor}"' in html and f'id="{row.anchor}"' in html
    assert report.overview[4].basis == "curated" and "Article 4" in report.overview[4].left
    # unmatched provisions with their text, untranscribed ones with their note
    assert [p.label for p in report.unmatched_left] == ["Article 10 (Research)"]
    assert "The Parties shall cooperate in scientific research" in html
    assert [p.label for p in report.untranscribed_right] == ["Article 12"]
    assert "Deliberately recorded as not yet transcribed" in html
    # the stale curated pair is reported in the page
    assert "Curated pair left=12 right=12 (line 4 of alignments/veridia-1998--veridia-2019.xml)" \
           " not used" in html


def test_each_pair_redline_is_the_clause_redline(corpus):
    alignment, report, html = make_report(corpus)
    lt, rt = (store.load_treaty(corpus, t) for t in ("veridia-1998", "veridia-2019"))
    section = next(p for p in report.pairs if p.left_title.startswith("Article 5"))
    clause = build_clause_report(
        compare_provisions(alignment.left.find("5"), alignment.right.find("7")),
        (lt, alignment.left), (rt, alignment.right), "en")
    assert section.rows == clause.rows and section.figures == clause.figures
    assert '<del class="deleted">six' in html
    split = next(p for p in report.pairs if "Article 5 + Article 6" in p.right_title)
    assert [row.right.label for row in split.rows if row.right] == ["Art 5", "Art 6"]


def test_heat_map_is_inline_svg_with_every_pair_and_a_legend(corpus):
    alignment, report, html = make_report(corpus)
    heat = report.heatmap
    assert len(heat.cells) == len(alignment.rows) * len(alignment.columns) == 13 * 13
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert svg.count('<rect x=') == 13 * 13 + 6 + 2  # cells, colour legend, match legend
    assert svg.count("match-curated") == 1 + 1 and svg.count("match-automatic") == 12 + 1
    assert "Article 1 × Article 2: 0.76, automatic match" in svg
    assert "≥ 0.60" in svg and "&lt; 0.10" in svg
    assert "<script" not in html.lower() and "javascript" not in html.lower()
    assert [heat_level(s) for s in (0.0, 0.1, 0.29, 0.3, 0.59, 0.6, 1.0)] == [0, 1, 2, 3, 4, 5, 5]


def test_report_is_self_contained_and_printable(corpus):
    _, _, html = make_report(corpus)
    assert not re.search(r'<(link|img|iframe|script)\b', html)
    assert not re.search(r'\bsrc=', html)
    assert "@media print" in html and "print-color-adjust" in html


def test_treaty_text_is_escaped(corpus):
    path = corpus / "veridia-2019" / "en.xml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("<heading>Invasive species</heading>",
                        "<heading>&lt;img src=x onerror=alert(1)&gt;</heading>")
    text = text.replace("No Party shall introduce into the Lake,",
                        "No Party shall &lt;script&gt;alert(1)&lt;/script&gt; introduce,")
    path.write_text(text, encoding="utf-8")
    _, _, html = make_report(corpus)
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "A person says so &lt;b&gt;firmly&lt;/b&gt;." in html  # curated notes too


def test_report_bytes_are_identical_twice(runner, corpus, tmp_path):
    outputs = []
    for k in range(2):
        out = tmp_path / f"r{k}.html"
        result = run(runner, "--corpus", corpus, "compare", "veridia-1998", "veridia-2019",
                     "-o", out)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == f"{out}\n"
        assert "compared in English" in result.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert str(corpus).encode() not in outputs[0]  # no machine path in the report


def test_compare_with_treaties_writes_the_default_name(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(runner, "compare", "nato-1949", "liptako-gourma-2023")
    assert result.exit_code == 0, result.stderr
    name = "nato-1949-fr_vs_liptako-gourma-2023-fr.html"
    assert result.stdout == name + "\n"
    html = (tmp_path / name).read_text(encoding="utf-8")
    assert "curated" in html and "Collective-defence clause" in html
    assert "Toute atteinte à la souveraineté" in html  # the Charter's Art 6, in French
    assert html.count('class="pair"') == 1


def test_compare_still_compares_articles(runner, tmp_path):
    out = tmp_path / "a.html"
    result = run(runner, "compare", "nato-1949@fr:5", "liptako-gourma-2023@fr:6", "-o", out)
    assert result.exit_code == 0 and "clause comparison" in out.read_text(encoding="utf-8")
    result = run(runner, "compare", "nato-1949@fr:5", "liptako-gourma-2023@fr")
    assert result.exit_code == 2 and "names no article" in result.stderr


def test_compare_reports_an_unwritable_output(runner, tmp_path):
    result = run(runner, "compare", "nato-1949", "liptako-gourma-2023", "-o",
                 tmp_path / "missing" / "r.html")
    assert result.exit_code == 1 and "does not exist" in result.stderr


def test_a_side_without_text_has_no_matrix():
    import dataclasses
    nato = store.load_treaty(CORPUS, "nato-1949").version("en")
    loaded = store.load_treaty(CORPUS, "au-pact-2005")
    english = loaded.version("en")
    no_text = dataclasses.replace(
        english, preamble=None, conclusions=None,
        articles=tuple(dataclasses.replace(a, transcribed=False, paragraphs=(), checked=(),
                                           notes=("Not yet transcribed.",))
                       for a in english.articles))
    au = dataclasses.replace(loaded, versions=(no_text,))
    alignment = align_articles(nato, au.version("en"))
    report = build_treaty_report(alignment, (), store.load_treaty(CORPUS, "nato-1949"), au)
    html = render_treaty_report(report)
    assert report.heatmap is None and "<svg" not in html
    assert "No provisions were aligned" in html
    with pytest.raises(ValueError):
        build_treaty_report(align_articles(nato, nato), (), au, au)


# ---------------------------------------------------------------- index

def test_index_lists_every_report_with_what_it_compares(corpus):
    _, treaty_report, _ = make_report(corpus)
    nato, charter = (store.load_treaty(CORPUS, t) for t in ("nato-1949", "liptako-gourma-2023"))
    clause = build_clause_report(
        compare_provisions(nato.version("fr").find("5"), charter.version("fr").find("6")),
        (nato, nato.version("fr")), (charter, charter.version("fr")), "fr")
    from treatycmp.report import render_report
    from treatycmp.report.treaty import render_treaty_report
    entries = [read_index_entry("z-treaty.html", render_treaty_report(treaty_report)),
               read_index_entry("a-clause.html", render_report(clause)),
               ("m.html", "<b>Title</b>", "left <i>", "right & co", "clause")]
    assert read_index_entry("other.html", "<html><head><title>x</title></head></html>") is None
    index = build_index(entries)
    assert [e.file for e in index.entries] == ["a-clause.html", "m.html", "z-treaty.html"]
    assert index.entries[2].kind_label == "Treaty comparison"
    assert "Article 5" in index.entries[0].left and "French" in index.entries[0].left
    html = render_index(index)
    assert '<a href="z-treaty.html">' in html and '<a href="a-clause.html">' in html
    assert "&lt;b&gt;Title&lt;/b&gt;" in html and "right &amp; co" in html
    assert render_index(build_index(reversed(entries))) == html  # order of discovery is irrelevant


@pytest.mark.parametrize("name", ["../x.html", "sub/x.html", "..", ""])
def test_index_refuses_anything_but_a_file_name(name):
    with pytest.raises(ValueError):
        build_index([(name, "t", "l", "r", "clause")])


@pytest.mark.parametrize("name, href", [("javascript:alert(1)", "javascript%3Aalert%281%29"),
                                        ("a:b.html", "a%3Ab.html"), (".x.html", ".x.html")])
def test_index_links_odd_file_names_as_files_beside_it(name, href):
    html = render_index(build_index([(name, "t", "l", "r", "clause")]))
    assert f'<a href="{href}">' in html


# -------------------------------------------------------------- browser

@pytest.mark.browser
def test_treaty_report_in_a_browser_and_in_print(runner, corpus, tmp_path):
    """The fixture report in headless Chromium: no errors or network, the heat
    map has a size, a link from the overview lands on its redline, and it prints."""
    chromium = os.environ.get("TREATYCMP_CHROMIUM") or shutil.which("chromium") \
        or shutil.which("chromium-browser")
    if not chromium:
        pytest.skip("no Chromium browser installed")
    playwright = pytest.importorskip("playwright.sync_api")
    out = tmp_path / "treaty.html"
    assert run(runner, "--corpus", corpus, "compare", "veridia-1998", "veridia-2019",
               "-o", out).exit_code == 0
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            problems: list[str] = []
            page.on("pageerror", lambda err: problems.append(str(err)))
            page.on("request", lambda req: problems.append(req.url)
                    if not req.url.startswith("file:") else None)
            page.goto(out.as_uri())
            box = page.locator("svg.heatmap").bounding_box()
            assert box and box["width"] > 300 and box["height"] > 300
            page.locator('.overview-table a[href="#pair-art_6"]').first.click()
            assert page.evaluate("document.querySelector(':target').id") == "pair-art_6"
            page.emulate_media(media="print")
            pdf = page.pdf(format="A4", landscape=True)
            assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
            assert problems == []
        finally:
            browser.close()


# ------------------------------------------------- scale (issue 9 item 4)

def test_heat_map_of_long_texts_is_an_aggregated_grid(corpus, monkeypatch):
    monkeypatch.setattr(treaty_report, "HEAT_GRID", 5)  # 13 provisions a side: blocks of 3
    alignment, report, html = make_report(corpus)
    heat = report.heatmap
    assert heat.block == (3, 3) and len(heat.cells) == 5 * 5
    assert [label.text for label in heat.row_labels][:2] == ["Preamble–2", "Art 3–5"]
    cells = {(c.y, c.x): c for c in heat.cells}
    for pair in alignment.pairs:  # every aligned pair's block is outlined
        for lp in pair.left:
            i = alignment.rows.index(lp)
            for rp in pair.right:
                j = alignment.columns.index(rp)
                cell = cells[heat.top + i // 3 * heat.cell, heat.left + j // 3 * heat.cell]
                assert cell.mark is not None
    # each block shows the highest score in it
    first = max(alignment.scores.get(i, j) for i in range(3) for j in range(3))
    assert cells[heat.top, heat.left].level == heat_level(first)
    assert f"highest score scored {first:.2f}" in cells[heat.top, heat.left].title
    assert "each cell covers up to 3 × 3 consecutive provisions" in html
    assert not heat.show_values


def test_report_of_a_long_generated_pair_from_candidates():
    from test_align import generated_pair  # the generator of the alignment tests
    left, right, known = generated_pair(70, 1)  # 70 × 70 > 64 × 64: candidates only
    alignment = align_articles(left, right)
    assert not alignment.scores.complete
    treaties = [store.load_treaty(CORPUS, "nato-1949")] * 2  # metadata only
    report = build_treaty_report(alignment, compare_pairs(alignment), *treaties,
                                 chosen_language="en")
    html = render_treaty_report(report)
    assert report.heatmap.block is None and not report.heatmap.complete
    assert len(report.heatmap.cells) == len(alignment.rows) * len(alignment.columns)
    assert "not scored (no rarer words shared)" in html
    assert "Only candidate pairs, which share rarer words, are scored" in html
    for lone in report.unmatched_left + report.unmatched_right:
        assert lone.closest and ("Closest on the other side" in lone.closest
                                 or "shares its rarer words" in lone.closest)


def test_identical_pairs_are_shown_once():
    from test_align import article, version
    text = "The Parties shall settle any dispute between them by peaceful means."
    left = version("a", article("1", text), article("2", "Each Party shall report yearly."))
    right = version("b", article("1", text), article("2", "Each Party shall report monthly."))
    alignment = align_articles(left, right)
    treaties = [store.load_treaty(CORPUS, "nato-1949")] * 2  # metadata only
    report = build_treaty_report(alignment, compare_pairs(alignment), *treaties,
                                 chosen_language="en")
    same, changed = report.pairs
    assert same.same == (("", text),) and same.rows == ()
    assert changed.same is None and changed.rows
    html = render_treaty_report(report)
    assert html.count(text) == 1 and "identical, character for character" in html
    assert "monthly" in html and "yearly" in html
