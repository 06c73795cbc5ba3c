"""The static site of the corpus (treatycmp site)."""

from __future__ import annotations

import functools
import html
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from treatycmp import store
from treatycmp.cli import main
from conftest import CORPUS, DEMO, ROOT


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids, self.duplicates, self.tags = [], set(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if attrs.get("id"):
            if attrs["id"] in self.ids:
                self.duplicates.append(attrs["id"])
            self.ids.add(attrs["id"])


@functools.lru_cache(maxsize=None)
def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("site") / "site"
    result = CliRunner().invoke(main, ["site", str(out), "--reports", str(ROOT / "reports")])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out / "index.html")
    return out


def test_a_page_per_treaty_and_the_collations(site):
    corpus = store.load_corpus(CORPUS)
    assert {p.stem for p in (site / "treaties").glob("*.html")} == {t.id for t in corpus.treaties}
    assert sorted(p.name for p in (site / "collations").glob("*.html")) == \
        ["defence-en.html", "defence-fr.html"]
    assert (site / "reports" / "nato-1949-fr-5_vs_liptako-gourma-2023-fr-6.html").read_bytes() == \
        (ROOT / "reports" / "nato-1949-fr-5_vs_liptako-gourma-2023-fr-6.html").read_bytes()


def test_every_provision_is_shown_exactly_or_as_not_yet_transcribed(site):
    for treaty in store.load_corpus(CORPUS).treaties:
        page = (site / "treaties" / f"{treaty.id}.html").read_text(encoding="utf-8")
        text = html.unescape(page)
        missing = sum(not p.transcribed for v in treaty.versions for p in v.provisions())
        assert page.count("Not yet transcribed.") == missing, treaty.id
        for version in treaty.versions:
            assert f'id="text-{version.lang}"' in page
            for provision in version.provisions():
                assert f'id="{version.lang}-{provision.eid}"' in page
                for paragraph in provision.paragraphs if provision.transcribed else ():
                    assert paragraph.full_text in text, (treaty.id, paragraph.eid)


def test_a_page_per_provision_with_its_counterparts(site):
    corpus = store.load_corpus(CORPUS)
    expected = {f"{t.id}-{v.lang}-{p.n or p.kind}.html" for t in corpus.treaties
                for v in t.versions for p in v.provisions()}
    assert {p.name for p in (site / "articles").glob("*.html")} == expected
    nato = (site / "articles" / "nato-1949-fr-5.html").read_text(encoding="utf-8")
    # the other language version, the curated counterpart, the French collation
    assert 'href="../compare/nato-1949-en-5_vs_nato-1949-fr-5.html"' in nato
    assert 'href="../compare/liptako-gourma-2023-fr-6_vs_nato-1949-fr-5.html"' in nato
    assert 'href="../collations/defence-fr.html"' in nato
    rio = (site / "articles" / "rio-1947-en-3.html").read_text(encoding="utf-8")
    assert "Not yet transcribed." in rio and "No counterpart" in rio
    report = (site / "compare" / "nato-1949-en-5_vs_nato-1949-fr-5.html").read_text("utf-8")
    assert '<meta name="treatycmp-kind" content="clause">' in report


def test_every_link_leads_somewhere_in_the_site(site):
    for page in site.rglob("*.html"):
        if page.parent.name in ("reports", "compare"):
            continue  # reports have their own tests
        for href in parse(page).hrefs:
            assert not re.match(r"[a-z]+:", href), (page, href)  # relative links only
            target, _, anchor = href.partition("#")
            path = (page.parent / target).resolve() if target else page
            assert path.is_file(), (page, href)
            if anchor:
                assert anchor in parse(path).ids, (page, href)


def test_pages_are_well_formed_for_readers_and_machines(site):
    """What the Nu checker and axe would catch first: one h1, a language, a
    title, unique ids, every chart labelled."""
    for page in site.rglob("*.html"):
        if page.parent.name in ("reports", "compare"):
            continue
        parsed = parse(page)
        tags = [tag for tag, _ in parsed.tags]
        assert parsed.duplicates == [], page
        head = tags[:tags.index("body")]
        assert tags.count("h1") == 1 and head.count("title") == 1, page
        assert dict(parsed.tags[0][1]).get("lang") == "en", page
        for tag, attrs in parsed.tags:
            if tag == "svg":
                assert attrs.get("role") == "img", page
                assert attrs.get("aria-label") or attrs.get("aria-labelledby"), page


def test_the_home_page_shows_coverage(site):
    page = (site / "index.html").read_text(encoding="utf-8")
    assert 'class="coverage-svg"' in page and "14/14" in page  # NATO English: all transcribed
    assert page.count('class="bar"') == sum(len(t.versions)
                                            for t in store.load_corpus(CORPUS).treaties)
    assert 'href="collations/defence-en.html"' in page


def test_site_refuses_a_folder_of_other_files_and_rebuilds_its_own(runner, tmp_path):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.txt").write_text("keep me")
    result = runner.invoke(main, ["site", str(foreign)])
    assert result.exit_code == 1 and "holds other files" in result.output
    assert [p.name for p in foreign.iterdir()] == ["thesis.txt"]
    out = tmp_path / "site"
    assert runner.invoke(main, ["--corpus", str(DEMO), "site", str(out)]).exit_code == 0
    first = (out / "index.html").read_bytes()
    result = runner.invoke(main, ["--corpus", str(DEMO), "site", str(out)])
    assert result.exit_code == 0 and (out / "index.html").read_bytes() == first
    assert "collation defence-en.html left out" in result.stderr  # not in the demo corpus


@pytest.mark.parametrize("inside", [".", "out", "demo-2000/site"])
def test_site_is_never_written_inside_the_corpus(runner, demo_copy, inside):
    """Audit 9, F6.3: site C/out wrote 220 files into the corpus (compare -o
    refuses that); it is refused the same way, before anything is written."""
    before = sorted(demo_copy.rglob("*"))
    out = demo_copy / inside
    result = runner.invoke(main, ["--corpus", str(demo_copy), "site", str(out)])
    assert result.exit_code == 1, result.output
    assert "inside the corpus" in result.stderr and "joins the files it was made from" \
        in result.stderr and "Traceback" not in result.output
    assert sorted(demo_copy.rglob("*")) == before


def test_site_through_a_link_into_the_corpus_is_refused(runner, demo_copy, tmp_path):
    """Audit 10, F2: OUT a link to a folder inside the corpus wrote the site
    there; the folder written into is followed (a file to replace is not)."""
    inside = demo_copy / "demo-2000" / "web"
    inside.mkdir()
    link = tmp_path / "link"
    link.symlink_to(inside, target_is_directory=True)
    before = sorted(demo_copy.rglob("*"))
    result = runner.invoke(main, ["--corpus", str(demo_copy), "site", str(link)])
    assert result.exit_code == 1 and "inside the corpus" in result.stderr, result.output
    assert sorted(demo_copy.rglob("*")) == before


def test_a_file_that_does_not_load_stops_the_site_unless_keep_going(runner, demo_copy,
                                                                     tmp_path):
    """Audit 9, F6.6: a broken treaty file gave a site without that text,
    a warning and exit code 0. Now: the FILE:LINE:COL message, exit code 1,
    nothing written (a site written before is left as it was); --keep-going
    publishes the rest, with the warning."""
    out = tmp_path / "site"
    assert runner.invoke(main, ["--corpus", str(demo_copy), "site", str(out)]).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    broken = demo_copy / "demo-2000" / "en.xml"
    broken.write_text('<?xml version="1.0"?>\n<text', encoding="utf-8")
    for target in (out, tmp_path / "new"):
        result = runner.invoke(main, ["--corpus", str(demo_copy), "site", str(target)])
        assert result.exit_code == 1, result.output
        assert f"{broken}:2:" in result.stderr and "not well-formed" in result.stderr
        assert "no site written" in result.stderr and "--keep-going" in result.stderr
        assert "Traceback" not in result.output and result.stdout == ""
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not (tmp_path / "new").exists()
    kept = runner.invoke(main, ["--corpus", str(demo_copy), "site", str(tmp_path / "new"),
                                "--keep-going"])
    assert kept.exit_code == 0, kept.output
    assert f"warning: {broken}:2:" in kept.stderr
    assert (tmp_path / "new" / "index.html").is_file()
    assert not list((tmp_path / "new" / "articles").glob("demo-2000-en-*"))
    assert list((tmp_path / "new" / "articles").glob("demo-2000-fr-*"))
    assert "--keep-going" in runner.invoke(main, ["site", "--help"]).output


def test_a_curated_alignment_compare_refuses_stops_the_site(runner, tmp_path):
    """Two curated files of one pair (audit 9, F6.2) or a broken one: the
    site says so at the file's line and writes nothing, as compare refuses."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    written = corpus / "alignments" / "nato-1949--us-rok-1953.xml"
    mirror = written.with_name("us-rok-1953--nato-1949.xml")
    mirror.write_text(written.read_text(encoding="utf-8")
                      .replace('left="nato-1949" right="us-rok-1953"',
                               'left="us-rok-1953" right="nato-1949"')
                      .replace('left="5" right="3"', 'left="3" right="5"'), encoding="utf-8")
    out = tmp_path / "site"
    result = runner.invoke(main, ["--corpus", str(corpus), "site", str(out)])
    assert result.exit_code == 1, result.output
    assert (f"{mirror}:2: two curated alignments of the same treaties ({written.name} and "
            f"{mirror.name}): keep one") in result.stderr
    assert not out.exists()
    mirror.unlink()
    # (Audit 10, F3: a pair naming a provision no version has, which validate
    # reports, left the comparison page out without a word.)
    original = written.read_text(encoding="utf-8")
    written.write_text(original.replace('left="5" right="3"', 'left="5" right="99"'),
                       encoding="utf-8")
    result = runner.invoke(main, ["--corpus", str(corpus), "site", str(out)])
    assert result.exit_code == 1 and not out.exists(), result.output
    assert "right='99' names no provision of us-rok-1953" in result.stderr
    # (Audit 11, F1: paragraph pairs that compare refuses, as validate reports.)
    written.write_text(original.replace('left="5" right="3"',
                                        'left="5" right="3" paragraphs="1=9"'), encoding="utf-8")
    result = runner.invoke(main, ["--corpus", str(corpus), "site", str(out)])
    assert result.exit_code == 1 and not out.exists(), result.output
    assert "pair 1=9: the right clause has 1 paragraph" in result.stderr
    written.write_text("<alignment", encoding="utf-8")
    result = runner.invoke(main, ["--corpus", str(corpus), "site", str(out)])
    assert result.exit_code == 1 and f"{written}:1:" in result.stderr and not out.exists()


def test_site_help_has_an_example(runner):
    result = runner.invoke(main, ["site", "--help"])
    assert result.exit_code == 0 and "treatycmp site site/" in result.output


CHROMIUM = os.environ.get("TREATYCMP_CHROMIUM") or shutil.which("chromium") \
    or shutil.which("chromium-browser")


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM and os.environ.get("TREATYCMP_REQUIRE_BROWSER") != "1",
                    reason="no Chromium browser installed")
def test_site_pages_in_a_browser(site):
    """The site's own pages (clause and example reports aside: they have their
    own tests) load without a console error and without horizontal scrolling
    at 420 px."""
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 420, "height": 900})
            problems: list[str] = []
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("request", lambda r: problems.append(f"network: {r.url}")
                    if not r.url.startswith("file:") else None)
            # Every kind of page the site makes; of the articles, NATO's and
            # the untranscribed Rio Treaty's (the others share their template).
            pages = [site / "index.html", *sorted((site / "treaties").glob("*.html")),
                     *sorted((site / "collations").glob("*.html")),
                     *sorted((site / "articles").glob("nato-1949-*.html")),
                     *sorted((site / "articles").glob("rio-1947-en-[12].html"))]
            for path in pages:
                page.goto(path.as_uri())
                assert problems == [], path
                assert page.evaluate("document.documentElement.scrollWidth") <= 420, path
            page.goto((site / "index.html").as_uri())
            box = page.locator(".coverage-svg").bounding_box()
            assert box and box["width"] > 300
        finally:
            browser.close()
