"""The reports in a real browser (headless Chromium, Debian's package).

Skipped only when no Chromium is installed; .ci/run installs one and sets
TREATYCMP_REQUIRE_BROWSER=1. Playwright drives the system browser
(``executable_path``): nothing is downloaded. Screenshots are saved under
tests/output/ (ignored by git).

Every example report in reports/ (see reports/examples.toml) is checked on a
1400×900 screen, on a 420 px phone and in print media; the flagship report is
also read closely (columns, marks, links, copying a column).
"""

from __future__ import annotations

import io
import itertools
import os
import re
import shutil
import tomllib

import pytest
from click.testing import CliRunner

from treatycmp import store
from treatycmp.cli import main
from conftest import CORPUS, ROOT, compared, write_corpus

CHROMIUM = os.environ.get("TREATYCMP_CHROMIUM") or shutil.which("chromium") \
    or shutil.which("chromium-browser")
REQUIRED = os.environ.get("TREATYCMP_REQUIRE_BROWSER") == "1"  # set by .ci/run
if REQUIRED:
    import playwright.sync_api as playwright
    assert CHROMIUM, "TREATYCMP_REQUIRE_BROWSER=1 but no Chromium is installed"
else:
    playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM, reason="no Chromium browser installed")]
OUTPUT = ROOT / "tests" / "output"
REPORTS = ROOT / "reports"
EXAMPLES = [e["file"] for e in
            tomllib.loads((REPORTS / "examples.toml").read_text(encoding="utf-8"))["report"]]

# Every in-page link and the id it needs.
BROKEN_LINKS = """() => [...document.querySelectorAll('a[href^="#"]')]
    .map(a => decodeURIComponent(a.getAttribute('href').slice(1)))
    .filter(id => !document.getElementById(id))"""
# Words of the texts broken across two lines (a word with a hyphen may break at it).
CUT_WORDS = """() => {
  const cut = [];
  for (const cell of document.querySelectorAll('.redline .text')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/\\S+/g)) {
        if (/[-\\u2010\\u00ad]/.test(m[0])) continue;
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0)
                                .map(r => Math.round(r.top)));
        if (lines.size > 1) cut.push(m[0]);
      }
    }
  }
  return cut;
}"""
# The @page rules of the print style sheet, as text.
PAGE_RULES = """() => {
  const out = [];
  const walk = rules => { for (const r of rules) {
      if (r instanceof CSSPageRule) out.push(r.cssText);
      if (r.cssRules) walk(r.cssRules); } };
  for (const sheet of document.styleSheets) walk(sheet.cssRules);
  return out.join('\\n');
}"""
# What a reader gets by selecting a whole element and copying it.
SELECT_AND_COPY = """id => {
  const range = document.createRange();
  range.selectNodeContents(document.getElementById(id));
  const selection = window.getSelection();
  selection.removeAllRanges(); selection.addRange(range);
  const text = selection.toString(); selection.removeAllRanges(); return text;
}"""

# Print media: what must stay on one page. Each heading (and "Checked against:",
# a legend, a row's note) is tagged after its last words and before the first
# text that follows it; each SVG chart at its top and at its foot (its legend).
# A tag is a link to https://zq.invalid/N[ab] (1 px): the PDF's link
# annotations say on which page each tag is printed.
TAG_WHAT_STAYS_TOGETHER = """() => {
  const SVG = 'http://www.w3.org/2000/svg';
  const shown = el => { const r = el.getBoundingClientRect();
                        return r.width > 2 && r.height > 2 && getComputedStyle(el).visibility !== 'hidden'; };
  const texts = (root, from) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    if (from) walker.currentNode = from;
    const out = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode())
      if (node.data.trim() && !node.parentElement.closest('title, desc, style, .zq')
          && shown(node.parentElement)) { out.push(node); if (from) break; }
    return out;
  };
  const link = (token, svg) => {
    const a = svg ? document.createElementNS(SVG, 'a') : document.createElement('a');
    a.setAttribute('href', `https://zq.invalid/${token}`); a.setAttribute('class', 'zq');
    if (svg) {
      const r = document.createElementNS(SVG, 'rect');
      for (const [k, v] of Object.entries({x: 0, y: 0, width: 1, height: 1, fill: 'none'})) r.setAttribute(k, v);
      a.append(r);
    } else { a.textContent = 'z'; a.setAttribute('style', 'font-size: 1px; letter-spacing: 0'); }
    return a;
  };
  const chartTag = (svg, token, top) => {  // at the top or the foot of the chart's view box
    const box = svg.viewBox.baseVal, a = link(token, true);
    a.firstChild.setAttribute('x', box.x);
    a.firstChild.setAttribute('y', top ? box.y : box.y + box.height - 1);
    svg.append(a);
  };
  const tag = (node, after, token) => {
    const svg = node.parentElement.closest('svg');
    if (svg) return chartTag(svg, token, !after);
    const at = node.parentElement.closest('a') || node;  // a link is not put in a link
    at.parentNode.insertBefore(link(token, false), after ? at.nextSibling : at);
  };
  const pairs = [];
  const keep = (what, first, then) => {
    if (!first || !then) return;
    tag(first, true, `${pairs.length}a`); tag(then, false, `${pairs.length}b`);
    pairs.push(what);
  };
  for (const el of document.querySelectorAll(
      'h1, h2, h3, h4, .provenance-side > h3 + p, .legend, .row-note td')) {
    const own = shown(el) ? texts(el) : [];
    if (own.length) keep(own.at(-1).data.trim().slice(0, 60), own.at(-1), texts(document.body, own.at(-1))[0]);
  }
  for (const svg of document.querySelectorAll('svg')) {
    if (!shown(svg) || !svg.viewBox.baseVal || !svg.viewBox.baseVal.height) continue;
    chartTag(svg, `${pairs.length}a`, true); chartTag(svg, `${pairs.length}b`, false);
    pairs.push(`the chart ${svg.getAttribute('class')}`);
  }
  return pairs;
}"""


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def page(browser, tmp_path_factory):
    report = tmp_path_factory.mktemp("browser") / "flagship.html"
    result = CliRunner().invoke(main, ["compare", "nato-1949@fr:5", "liptako-gourma-2023@fr:6",
                                       "-o", str(report)])
    assert result.exit_code == 0, result.output
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: problems.append(str(err)))
    page.on("request", lambda req: problems.append(f"network: {req.url}")
            if not req.url.startswith("file:") else None)
    page.goto(report.as_uri())
    page.wait_for_load_state("load")
    page.problems = problems
    yield page
    page.close()


def open_example(browser, name: str, width: int, media: str = "screen"):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.emulate_media(media=media)
    page.goto((REPORTS / name).as_uri())
    return page


# ----------------------------------------------------------- the flagship

def test_no_console_errors_and_no_network(page):
    assert page.problems == []


def test_columns_are_side_by_side(page):
    left = page.locator("#left-art_5__para_1").bounding_box()
    right = page.locator("#right-art_6__para_1").bounding_box()
    assert left and right
    assert left["width"] > 300 and right["width"] > 300
    assert left["x"] + left["width"] <= right["x"]
    assert abs(left["y"] - right["y"]) < 5  # same row


def test_deletions_and_insertions_look_different_not_only_by_colour(page):
    style = """el => { const s = getComputedStyle(el);
                      return [s.textDecorationLine, s.backgroundColor, s.color]; }"""
    deleted = page.locator("del.deleted").first.evaluate(style)
    inserted = page.locator("ins.inserted").first.evaluate(style)
    moved = page.locator("del.moved").first.evaluate(
        "el => getComputedStyle(el).textDecorationStyle")
    assert "line-through" in deleted[0] and "underline" in inserted[0] and moved == "double"
    assert deleted[1] != inserted[1] and deleted[2] != inserted[2]
    # the screen-reader words exist, as generated content, and take no room
    before = page.locator("del.deleted").first.evaluate(
        "el => { const s = getComputedStyle(el, '::before'); return [s.content, s.width]; }")
    assert before == ['" [deleted: "', "1px"]


def test_copying_a_column_copies_the_exact_text(page):
    nato = store.load_treaty(CORPUS, "nato-1949").version("fr").find("5")
    charter = store.load_treaty(CORPUS, "liptako-gourma-2023").version("fr").find("6")
    assert page.evaluate(SELECT_AND_COPY, "left-art_5__para_1") == nato.paragraphs[0].full_text
    assert page.evaluate(SELECT_AND_COPY, "left-art_5__para_2") == nato.paragraphs[1].full_text
    assert page.evaluate(SELECT_AND_COPY, "right-art_6__para_1") == \
        charter.paragraphs[0].full_text


def test_copying_a_group_copies_its_paragraphs_with_a_blank_line_between(browser, tmp_path):
    pact = store.load_treaty(CORPUS, "au-pact-2005").version("en").find("4")
    report = tmp_path / "group.html"
    result = CliRunner().invoke(main, ["compare", "nato-1949@en:5", "au-pact-2005@en:4",
                                       "--pair", "1=2+3", "-o", str(report)])
    assert result.exit_code == 0, result.output
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(report.as_uri())
    try:
        cells = page.evaluate("[...document.querySelectorAll('.redline td.text-right')]"
                              ".map(td => td.id)")
        copied = [page.evaluate(SELECT_AND_COPY, cell) for cell in cells]
        assert "\n\n".join(copied) == pact.full_text
        assert any("\n\n" in text for text in copied)  # a one-to-many group
    finally:
        page.close()


def test_the_redline_starts_above_the_fold(page):
    page.goto(page.url.split("#")[0])
    first = page.locator(".redline .row-text").first.bounding_box()
    assert first["y"] + 60 < 900  # the first lines of both texts are on screen
    provenance = page.locator("#provenance-title").bounding_box()
    assert provenance["y"] > first["y"]


def test_change_links_walk_the_changes(page):
    page.goto(page.url.split("#")[0])
    page.locator('.change-list a').nth(1).click()
    second = page.evaluate("location.hash")
    assert page.evaluate("document.querySelector(':target').dataset.n") == "2"
    page.locator(f"{second} a.next").click()
    assert page.evaluate("document.querySelector(':target').dataset.n") == "3"
    page.locator(f"{page.evaluate('location.hash')} a.prev").click()
    assert page.evaluate("location.hash") == second


def test_moved_text_links_both_places(page, tmp_path):
    # (The flagship pair moves no phrase with two content words: see docs/figures.md.)
    flagship = page.url.split("#")[0]
    report = tmp_path / "moves.html"
    result = CliRunner().invoke(main, ["compare", "nato-1949@en:5", "anzus-1951@en:4",
                                       "-o", str(report)])
    assert result.exit_code == 0, result.output
    try:
        page.goto(report.as_uri())
        page.locator("a.move-link.move-to").first.click()
        new_place = page.evaluate("document.querySelector(':target').id")
        assert new_place.endswith("-to")
        assert page.evaluate("document.querySelector(':target').className") == "moved moved-to"
        page.locator(f'a.move-link[href="#{new_place[:-2]}from"]').click()
        assert page.evaluate("document.querySelector(':target').className") == "moved moved-from"
    finally:
        page.goto(flagship)


def test_print_styles_keep_marks_in_black_and_white(page):
    page.emulate_media(media="print")
    try:
        colours = page.locator("del.deleted").first.evaluate(
            "el => [getComputedStyle(el).color, getComputedStyle(el).textDecorationLine]")
        assert colours == ["rgb(0, 0, 0)", "line-through"]
        assert page.locator(".mark a").first.evaluate("el => getComputedStyle(el).display") \
            == "none"  # no previous/next arrows on paper
        pdf = page.pdf(prefer_css_page_size=True)
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    finally:
        page.emulate_media(media="screen")


def test_anchors_navigate(page):
    page.goto(page.url.split("#")[0])
    page.locator('a[href="#left-art_5__para_2"]').click()
    assert page.evaluate("location.hash") == "#left-art_5__para_2"
    assert page.evaluate("document.querySelector(':target').id") == "left-art_5__para_2"
    page.locator('a[href="#provenance-right"]').first.click()
    assert page.evaluate("document.querySelector(':target').id") == "provenance-right"


def test_screenshots_are_saved(page, browser):
    OUTPUT.mkdir(exist_ok=True)
    page.goto(page.url.split("#")[0])
    page.screenshot(path=str(OUTPUT / "flagship-1400.png"))
    assert (OUTPUT / "flagship-1400.png").stat().st_size > 20_000
    phone = browser.new_page(viewport={"width": 420, "height": 900})
    phone.goto(page.url)
    phone.screenshot(path=str(OUTPUT / "flagship-420.png"), full_page=True)
    phone.emulate_media(media="print")
    phone.pdf(path=str(OUTPUT / "flagship.pdf"), prefer_css_page_size=True)
    phone.close()


# ------------------------------------------- change numbers in mixed directions

# Where each change number is drawn: the gap (px) between it and the first letter
# of its change, measured in that letter's direction (a number stands before its
# change: to the left of a Latin word, to the right of an Arabic one); null when
# they are not on one line.
NUMBER_GAPS = """() => [...document.querySelectorAll('.redline .text .mark')].map(mark => {
  const change = (mark.closest('.bidi-ltr, .bidi-rtl') || mark).nextElementSibling;
  const node = change && change.matches('del.deleted, ins.inserted') ? change.firstChild : null;
  const at = node ? node.data.search(/\\p{L}/u) : -1;
  if (at < 0) return null;
  const range = document.createRange(); range.setStart(node, at); range.setEnd(node, at + 1);
  const letter = range.getBoundingClientRect(), number = mark.getBoundingClientRect();
  const rtl = /[\\u0590-\\u08ff]/.test(node.data[at]);
  const sameLine = number.top < letter.bottom && letter.top < number.bottom;
  return [node.data.slice(at, at + 12), sameLine ? Math.round(rtl ? number.left - letter.right
                                                                 : letter.left - number.right) : null];
}).filter(Boolean)"""

SCRIPTS = {"latin": ("Security", "Council", "Assembly", "Committee"),
           "arabic": ("مجلس", "الأمن", "الجمعية", "اللجنة"),
           "hebrew": ("מועצת", "הביטחון", "העצרת", "הוועדה")}
LANGUAGES = {"en": "latin", "ar": "arabic", "he": "hebrew"}


def mixed_corpus(root) -> int:
    """In each language, article N is a text in that language's script with a
    run of words in script B, then a word in script C that the right text
    changes (B and C over every script)."""
    combos = list(itertools.product(SCRIPTS, SCRIPTS))
    write_corpus(root, {lang: [tuple(
        f"{SCRIPTS[own][0]} {SCRIPTS[own][1]} ({SCRIPTS[b][0]} {SCRIPTS[b][1]} "
        f"{SCRIPTS[c][2 + side]} {SCRIPTS[c][1]}) {SCRIPTS[own][3]}." for side in (0, 1))
        for b, c in combos] for lang, own in LANGUAGES.items()})
    return len(combos)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_change_number_stands_at_the_start_of_its_change_in_either_direction(
        browser, tmp_path, lang):
    articles = mixed_corpus(tmp_path / "corpus")
    report = tmp_path / f"mixed-{lang}.html"
    result = CliRunner().invoke(main, ["--corpus", str(tmp_path / "corpus"), "compare",
                                       f"mx-2000@{lang}", f"mx-2001@{lang}", "-o", str(report)])
    assert result.exit_code == 0, result.output
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(report.as_uri())
        gaps = page.evaluate(NUMBER_GAPS)
        texts = {cell: page.evaluate(SELECT_AND_COPY, cell) for cell in page.evaluate(
            "[...document.querySelectorAll('.redline td.text')].map(td => td.id)")}
    finally:
        page.close()
    assert len(gaps) == 2 * articles  # one change in each column of every article
    assert [(word, gap) for word, gap in gaps if gap is None or not 0 <= gap <= 8] == []
    # the directional marks are generated content: a copied column is the text itself
    assert all(not re.search("[\u200e\u200f]", text) for text in texts.values())
    assert len(texts) == 2 * articles


def test_a_word_longer_than_the_column_wraps_inside_it(browser, tmp_path):
    # Debian's Chromium has no hyphenation dictionaries (hyphens: auto does
    # nothing): a word longer than the column is cut without a hyphen, by
    # overflow-wrap, rather than scroll. A browser with dictionaries (Firefox,
    # Chrome on macOS or Android) hyphenates a word of letters; digits, codes
    # and addresses have no hyphenation points (see docs/reports.md).
    word, number = "methyl" * 40 + "amine", "1234567890" * 28
    report = compared(tmp_path, {"en": [
        (f"The Parties shall ban {word} and report {number} at once.",
         f"The Parties shall restrict {word} and report {number} at once.")]},
        "mx-2000:1", "mx-2001:1", "long.html")
    page = browser.new_page(viewport={"width": 420, "height": 900})
    try:
        page.goto(report.as_uri())
        assert page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]") == [420, 420]
        cell = page.locator(".redline td.text").first
        box = cell.bounding_box()
        lines = page.evaluate("""cell => { const range = document.createRange();
            range.selectNodeContents(cell);
            return [...range.getClientRects()].map(r => [r.left, r.right]); }""",
                              cell.element_handle())
        assert all(box["x"] - 1 <= left and right <= box["x"] + box["width"] + 1
                   for left, right in lines)
        assert page.evaluate(SELECT_AND_COPY, cell.get_attribute("id")).endswith(
            f"ban {word} and report {number} at once.")
    finally:
        page.close()


# ------------------------------------------------------ every example

def check_phone(page, name):
    """At 420 px: no sideways scrolling, no word cut, the two columns stacked."""
    page.set_viewport_size({"width": 420, "height": 900})
    width = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1], f"{name} scrolls sideways at 420 px: {width}"
    assert page.evaluate(CUT_WORDS) == [], f"{name}: words cut at 420 px"
    hidden = page.evaluate("""[...document.querySelectorAll('table')]
        .filter(t => t.scrollWidth > t.clientWidth + 1).map(t => t.className)""")
    assert hidden == [], f"{name}: a table hides columns in its own scroll box at 420 px"
    if page.locator(".redline .row-text").count():
        boxes = [page.locator(".redline .row-text").first.locator(".text").nth(k)
                 .bounding_box() for k in (0, 1)]
        assert boxes[1]["y"] > boxes[0]["y"] and boxes[0]["width"] > 300  # stacked


def check_print(page, name):
    """In print: page numbers, no hover instructions, headings kept with what follows."""
    page.emulate_media(media="print")
    try:
        rules = page.evaluate(PAGE_RULES)
        assert "@bottom-right" in rules and "counter(page)" in rules
        assert "hover" not in page.evaluate("document.body.innerText").lower(), name
        avoid = page.evaluate("""() => [...document.querySelectorAll('h2, .row-note')]
            .map(e => getComputedStyle(e).breakAfter)""")
        assert set(avoid) == {"avoid"}
        kept = page.evaluate("""() => [...document.querySelectorAll('.legend, .heatmap-frame')]
            .map(e => getComputedStyle(e).breakInside)""")
        assert set(kept) <= {"avoid"}
    finally:
        page.emulate_media(media="screen")


def printed_pages(pdf: bytes) -> dict[tuple[int, str], list[int]]:
    """On which pages each tag of TAG_WHAT_STAYS_TOGETHER is printed."""
    pypdf = pytest.importorskip("pypdf")
    pages: dict[tuple[int, str], list[int]] = {}
    for number, page in enumerate(pypdf.PdfReader(io.BytesIO(pdf)).pages, 1):
        for annotation in page.get("/Annots") or []:
            uri = annotation.get_object().get("/A", {}).get("/URI", "")
            if match := re.fullmatch(r"https://zq\.invalid/(\d+)([ab])", uri):
                pages.setdefault((int(match[1]), match[2]), []).append(number)
    return pages


# The report's own page (A4 landscape), and A4 portrait: page breaks fall elsewhere.
PAPER = {"own page": {"prefer_css_page_size": True}, "A4 portrait": {"format": "A4"}}


def check_printed_pages(page, name):
    """Printed (the report's own page, then A4 portrait), no heading is the last
    thing on its page and no chart is cut across two."""
    kept = page.evaluate(TAG_WHAT_STAYS_TOGETHER)
    assert len(kept) > 5, name
    for paper, how in PAPER.items():
        pages = printed_pages(page.pdf(**how))
        assert len(pages) == 2 * len(kept), f"{name} ({paper}): tags lost in the PDF"
        # A column heading repeats on every page: what follows is where it first appears.
        split = [(what, pages[k, "a"], pages[k, "b"]) for k, what in enumerate(kept)
                 if max(pages[k, "a"]) != min(pages[k, "b"])]
        assert split == [], f"{name} ({paper}): (the end, what follows: their pages)"


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_printed_keeps_headings_with_their_text_and_charts_whole(browser, name):
    page = open_example(browser, name, 1400, "print")
    try:
        check_printed_pages(page, name)
    finally:
        page.close()


def test_a_large_heat_map_prints_whole_under_its_heading(browser, tmp_path):
    # 70 x 70 provisions: the largest map of single cells (up to 80 a side), 1,100 px tall.
    pairs = [(f"Each Party shall report on matter {n} within {n} days.",
              f"Each Party shall report on matter {n} within {n + 1} days.") for n in range(70)]
    report = compared(tmp_path, {"en": pairs}, "mx-2000", "mx-2001", "large.html")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(report.as_uri())
        assert page.locator("svg.heatmap").bounding_box()["height"] > 900
        page.emulate_media(media="print")
        check_printed_pages(page, "70 x 70 provisions")
    finally:
        page.close()


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_on_a_screen_on_paper_and_on_a_phone(browser, name):
    page = open_example(browser, name, 1400)
    try:
        assert page.evaluate(BROKEN_LINKS) == []
        ids = page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
        assert len(ids) == len(set(ids))
        if page.evaluate("document.querySelector('meta[name=treatycmp-kind]').content") \
                == "clause":
            first = page.locator(".redline .row-text").first.bounding_box()
            assert first["y"] + 60 < 900, f"{name}: the redline starts below the fold"
        check_print(page, name)
        check_phone(page, name)
    finally:
        page.close()


def test_index_reads_on_a_phone(browser):
    page = open_example(browser, "index.html", 420)
    try:
        check_phone(page, "index.html")
        assert page.evaluate(BROKEN_LINKS) == []
    finally:
        page.close()
