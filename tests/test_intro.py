"""Intros: the text under a division's or annex's heading before its first
article (a part of principles with no article, a protocol's own preamble).

Stored exactly, transcribed or recorded as not yet transcribed; shown in
place by ``show``, the site and the treaty report (as text outside the
alignment); named by references (``part-1:intro``) for show, compare, diff
and the exports. The fixture ``tests/data/corpus-intro/demo-2020`` has intros
of both kinds in parts, in an annex and in a division of an annex, with text
that needs escaping (``&``, ``<fair>``, typographic quotes).
"""

from __future__ import annotations

import dataclasses
import html
import io
import json
import re
import shutil
from pathlib import Path

import markupsafe
import pytest
from hypothesis import given, settings, strategies as st

from treatycmp import model as m
from treatycmp import store
from treatycmp.cli import main
from treatycmp.errors import LookupFailed
from treatycmp.refs import select_provision
from treatycmp.report.treaty import compare_treaties, render_treaty_report
from treatycmp.store.write import version_to_xml
from conftest import DATA
from test_structure import _versions

INTROS = DATA / "corpus-intro"
STRUCTURE = DATA / "corpus-structure"
PRINCIPLE = "1. Each example worker may choose a “freely chosen” & paid example occupation."
HOURS = "2. Each example worker has an example right to <fair> example hours."
PART2_NOTE = "The sentence under this heading is illegible in the copy used."


def run(runner, *args):
    return runner.invoke(main, ["--corpus", str(INTROS), *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def demo() -> m.Treaty:
    return store.load_treaty(INTROS, "demo-2020")


# ------------------------------------------------------------ model, store

def test_intros_are_read_in_reading_order_with_keys_and_places(demo):
    en = demo.version("en")
    assert [(p.key, p.eid, p.transcribed) for p in en.intros()] == [
        ("part-1:intro", "part_1__intro", True),
        ("part-2:intro", "part_2__intro", False),
        ("annex-1:intro", "annex_1__intro", True),
        ("annex-1:part-1:intro", "annex_1__part_1__intro", False)]
    assert [p.key for p in en.reading_order()] == [
        "preamble", "part-1:intro", "part-2:intro", "1", "2", "conclusions",
        "annex-1:intro", "annex-1:part-1:intro", "annex-1:1"]
    # intros are not provisions of the alignment, but references find them
    assert not any(p.kind == m.INTRO for p in en.provisions())
    assert en.find("annex-1:part-1:intro") is en.intros()[3]
    part1 = en.find("part-1:intro")
    assert [p.text for p in part1.paragraphs][1:] == [PRINCIPLE, HOURS]
    assert part1.notes == ("The numbered principles are printed as plain paragraphs, "
                           "not as articles.",)
    assert en.body[0].items == () and en.body[0].intro is part1  # a part of principles only
    assert en.find("part-2:intro").notes == (PART2_NOTE,)
    assert en.intro_count == (2, 4) and demo.version("fr").intro_count == (4, 4)
    assert [m.intro_label(en, p) for p in en.intros()] == [
        "Introduction to PART I", "Introduction to PART II (Undertakings)",
        "Introduction to APPENDIX TO THE CHARTER (Scope in terms of persons)",
        "Introduction to Part I"]
    assert [p.pinpoint for p in en.intros()] == [
        "part 1, intro", "part 2, intro", "annex 1, intro", "annex 1, part 1, intro"]


def test_intros_are_written_back_byte_for_byte(demo):
    for version in demo.versions:
        assert version_to_xml(version) == Path(version.path).read_bytes()
    en = store.load_treaty(STRUCTURE, "demo-2010").version("en")
    assert version_to_xml(en) == Path(en.path).read_bytes()
    assert [(p.key, p.transcribed) for p in en.intros()] == [
        ("part-1:intro", True), ("part-2:intro", False), ("annex-1:intro", True)]


def test_an_untranscribed_intro_with_text_is_not_written(demo):
    intro = demo.version("fr").find("part-2:intro")
    with pytest.raises(ValueError, match="untranscribed provision has no wording"):
        version_to_xml(_with_intro(demo.version("fr"), dataclasses.replace(
            intro, transcribed=False, notes=("why",))))


def _with_intro(version: m.TextVersion, intro: m.Provision) -> m.TextVersion:
    part1, part2 = version.body
    return dataclasses.replace(version, articles=None,
                               body=(part1, dataclasses.replace(part2, intro=intro)))


UNTRANSCRIBED = re.compile(r'<intro status="untranscribed">\n.*?</intro>', re.S)
BAD_INTROS = [
    # (the first untranscribed intro's replacement, words of the message)
    ('<intro status="untranscribed" checked="ets">\n        <note>Why.</note>\n      </intro>',
     "recorded as not yet transcribed has no text and no checked= sources"),
    ('<intro status="untranscribed">\n        <p>Some text.</p>\n        <note>Why.</note>\n'
     '      </intro>', "recorded as not yet transcribed has no text"),
    ('<intro status="untranscribed"/>', "needs one <note> saying why"),
    ('<intro checked="ets"/>', "needs its text, at least one <p>"),
    ('<intro>\n        <p>Some text.</p>\n      </intro>', "without checked= names no source"),
    ('<intro checked="nosuch">\n        <p>Some text.</p>\n      </intro>',
     "checked='nosuch' names no <source>"),
    ('<intro status="unknown">\n        <note>Why.</note>\n      </intro>',
     "status='unknown': an <intro> is transcribed"),
    ('<intro checked="ets"><p>A.</p></intro><intro checked="ets"><p>B.</p></intro>',
     "has one <intro> at most"),
]


@pytest.mark.parametrize("replacement, words", BAD_INTROS)
def test_a_bad_intro_is_reported_with_file_line_and_column(runner, tmp_path, replacement,
                                                           words):
    text = (INTROS / "demo-2020" / "en.xml").read_text(encoding="utf-8")
    old = UNTRANSCRIBED.search(text).group(0)
    line = text[:text.index(old)].count("\n") + 1
    _expect_error(runner, tmp_path, text.replace(old, replacement, 1), line, words)


@pytest.mark.parametrize("move, words", [
    # an intro after the first article of its division
    (lambda t: t.replace(UNTRANSCRIBED.search(t).group(0), "", 1).replace(
        "      </article>\n      <article n=\"2\"",
        "      </article>\n      " + UNTRANSCRIBED.search(t).group(0)
        + "\n      <article n=\"2\"", 1),
     "comes right after the <num> and <heading> of its <division>"),
    # an intro in the body, outside any division
    (lambda t: t.replace("  <body>\n", "  <body>\n    " + UNTRANSCRIBED.search(t).group(0)
                         + "\n", 1),
     "belongs to a <division> or an <annex>"),
])
def test_a_misplaced_intro_is_reported_where_it_stands(runner, tmp_path, move, words):
    text = move((INTROS / "demo-2020" / "en.xml").read_text(encoding="utf-8"))
    # the misplaced intro is the one whose line the message names
    lines = [k for k, ln in enumerate(text.split("\n"), 1) if "<intro" in ln]
    _expect_error(runner, tmp_path, text, lines, words)


def test_an_intro_in_an_annex_of_plain_paragraphs_is_refused(runner, tmp_path):
    text = (STRUCTURE / "demo-2010" / "en.xml").read_text(encoding="utf-8")
    old = "    <heading>Rules of Origin</heading>\n"
    text = text.replace(old, old + '    <intro checked="ets">\n      <p>X.</p>\n    </intro>\n')
    line = text[:text.index("Rules of Origin")].count("\n") + 2
    _expect_error(runner, tmp_path, text, line, "an annex of plain paragraphs", "demo-2010",
                  STRUCTURE)


def _expect_error(runner, tmp_path, text, line, words, treaty="demo-2020", corpus=INTROS):
    copy = tmp_path / "corpus"
    shutil.copytree(corpus, copy)
    path = copy / treaty / "en.xml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["--corpus", str(copy), "validate"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    first = result.stderr.splitlines()[0]
    found = re.match(rf"{re.escape(str(path))}:(\d+):(?:(\d+):)? (.*)", first)
    assert found, first
    lines = line if isinstance(line, list) else [line]
    assert int(found[1]) in lines and words in found[3], first
    if "names no <source>" not in words:  # (checked ids are checked after the schema,
        # by line only, like every other source id)
        column = int(found[2])
        assert text.split("\n")[int(found[1]) - 1][column - 1:].startswith("<intro"), first


# -------------------------------------------------------------- references

@pytest.mark.parametrize("ref, eid", [
    ("part-1:intro", "part_1__intro"), ("Part 1:Intro", "part_1__intro"),
    ("PART-I:intro", "part_1__intro"), ("annex-1:intro", "annex_1__intro"),
    ("annex-1:part-1:intro", "annex_1__part_1__intro"),
    ("Annex 1: Part I: intro", "annex_1__part_1__intro")])
def test_references_name_intros(demo, ref, eid):
    found = select_provision(demo.version("en"), ref, require_text=False)
    assert found.eid == eid


@pytest.mark.parametrize("ref, words", [
    ("part-2:intro", "is recorded as not yet transcribed: " + PART2_NOTE),
    ("part-3:intro", "did you mean part-2:intro or part-1:intro"),
    ("annex-1:part-2:intro", "did you mean annex-1:part-1:intro"),
])
def test_a_reference_to_a_missing_or_untranscribed_intro_says_why(demo, ref, words):
    with pytest.raises(LookupFailed, match=re.escape(words)):
        select_provision(demo.version("en"), ref)


def test_a_division_without_intro_is_named_in_the_error():
    en = store.load_treaty(STRUCTURE, "demo-2010").version("en")
    with pytest.raises(LookupFailed, match=re.escape(
            "CHAPTER 1 - Definitions (part-1:chapter-1) has no intro: its text starts "
            "with its first article or division")):
        select_provision(en, "part-1:chapter-1:intro")
    with pytest.raises(LookupFailed, match=re.escape(
            "PROTOCOL - Rules of Origin (protocol-1) has no intro: its text is protocol-1")):
        select_provision(en, "protocol-1:intro")


@settings(deadline=None, max_examples=80)
@given(_versions(), st.data())
def test_every_intro_of_any_tree_is_found_by_its_key_in_any_spelling(version, data):
    for intro in version.intros():
        assert version.find(intro.key) is intro
        steps = intro.key.split(":")
        spelled = ":".join(data.draw(st.sampled_from(
            [s, s.upper(), s.replace("-", " "), s.title()])) for s in steps)
        assert select_provision(version, spelled, require_text=False) == intro
        assert version.holder(intro).intro is intro
    # reading order: the provisions in their order, every intro once, in its place
    order = version.reading_order()
    assert tuple(p for p in order if p.kind != m.INTRO) == version.provisions()
    assert tuple(p for p in order if p.kind == m.INTRO) == version.intros()
    for intro in version.intros():
        holder = version.holder(intro)
        first = next(iter(holder.articles), None)
        if first is not None:
            assert order.index(intro) < order.index(first)


# ------------------------------------------------------------- the commands

def test_show_prints_intros_in_place_labelled_and_exact(runner):
    result = run(runner, "show", "demo-2020@en")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.index("PART I\n\nIntroduction\n\n") < out.index(PRINCIPLE) < out.index(HOURS)
    assert out.index("PART II - Undertakings\n\nIntroduction\n[not yet transcribed] "
                     + PART2_NOTE) < out.index("Article 1: The right to work")
    appendix = out.index("APPENDIX TO THE CHARTER - Scope in terms of persons\n\n"
                         "Introduction\n\nThis Appendix applies")
    assert appendix < out.index("Part I\n\nIntroduction\n[not yet transcribed] "
                                "The copy used omits this page.")


def test_show_one_intro_and_its_errors(runner):
    result = run(runner, "show", "demo-2020@en:part-1:intro")
    assert result.exit_code == 0
    assert "Pinpoint: part 1, intro\n\nIntroduction to PART I\n\n" in result.stdout
    assert PRINCIPLE in result.stdout
    result = run(runner, "show", "demo-2020@en:part-2:intro")
    assert result.exit_code == 0 and "[not yet transcribed] " + PART2_NOTE in result.stdout
    result = run(runner, "show", "demo-2020@en:part-9:intro")
    assert result.exit_code == 1
    assert "has no provision 'part-9:intro' (did you mean" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_list_counts_intros_in_the_coverage(runner):
    result = run(runner, "list")
    assert result.exit_code == 0
    assert "en(a) 2/2 intros 2/4  fr(a) 2/2 intros 4/4" in result.stdout
    shipped = runner.invoke(main, ["list"])
    assert " intros " not in shipped.stdout  # texts without intros read as before


def test_compare_and_diff_take_intros_and_refuse_untranscribed_ones(runner, tmp_path):
    out = tmp_path / "r.html"
    result = run(runner, "compare", "demo-2020@en:part-1:intro", "demo-2020@fr:part-1:intro",
                 "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "Introduction to PART I" in page and "Introduction to PARTIE I" in page
    assert "&lt;fair&gt;" in page and "<fair>" not in page
    result = run(runner, "diff", "demo-2020@en:annex-1:intro", "demo-2020@fr:annex-1:intro",
                 "--format", "json")
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert (payload["left"]["provision"], payload["right"]["eid"]) == (
        "annex-1:intro", "annex_1__intro")
    left = "".join(op[1] for row in payload["paragraphs"] for op in row.get("diff", []))
    assert left == "This Appendix applies to the example persons named in Articles 1 and 2."
    result = run(runner, "compare", "demo-2020@en:part-2:intro", "demo-2020@fr:part-2:intro",
                 "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 1 and "not yet transcribed" in result.stderr
    assert not (tmp_path / "x.html").exists()


def test_the_word_redline_of_two_intros_keeps_their_text(runner, tmp_path):
    docx = pytest.importorskip("docx")
    out = tmp_path / "r.docx"
    result = run(runner, "compare", "demo-2020@en:part-1:intro",
                 "demo-2020@en:part-1:intro", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(out.read_bytes())).paragraphs)
    assert PRINCIPLE in text and HOURS in text and "Introduction to PART I" in text


def test_align_lists_the_intros_outside_the_alignment(runner):
    result = run(runner, "align", "demo-2020@en", "demo-2020@fr")
    assert result.exit_code == 0
    assert ("outside the alignment (left, intros, not aligned): part-1:intro, part-2:intro "
            "(not yet transcribed), annex-1:intro, annex-1:part-1:intro (not yet "
            "transcribed)") in result.stdout
    result = run(runner, "align", "demo-2020@en", "demo-2020@fr", "--format", "json")
    payload = json.loads(result.stdout)
    assert payload["outside_alignment"]["right"] == [
        "part-1:intro", "part-2:intro", "annex-1:intro", "annex-1:part-1:intro"]
    assert not any("intro" in n for pair in payload["pairs"] for n in pair["left"])


# ------------------------------------------------------------ the reports

def test_the_treaty_report_shows_intros_as_text_outside_the_alignment(demo):
    en, fr = demo.version("en"), demo.version("fr")
    report = compare_treaties((demo, en), (demo, fr))
    assert "Outside the alignment (intros of divisions and annexes, shown as text, not " \
           "compared): 4 left, 4 right." in report.summary
    assert report.left.heading == ("5 of 5 provisions transcribed; 4 intros outside the "
                                   "alignment (2 transcribed)")
    assert [i.label for i in report.outside_left] == [m.intro_label(en, p)
                                                      for p in en.intros()]
    assert [(i.key, i.transcribed) for i in report.outside_left] == [
        (p.key, p.transcribed) for p in en.intros()]
    # the figures are those of the aligned provisions only
    assert not any("ntro" in row.left + row.right for row in report.overview)
    page = render_treaty_report(report)
    section = page[page.index('<section class="outside"'):]
    section = section[:section.index("</section>")]
    for intro in en.intros() + fr.intros():
        for para in intro.paragraphs:
            assert f"{html.escape(para.text, quote=False)}</p>" in section
    assert "<fair>" not in page and "&lt;fair&gt;" in section
    assert section.count("<strong>Not yet transcribed.</strong>") == 2
    assert PART2_NOTE in section
    assert "<code>demo-2020@en:annex-1:part-1:intro</code>" in section
    assert "Intros, the text outside the alignment, are not part of the hashes." in page


def test_a_treaty_report_without_intros_has_no_such_section():
    treaty = store.load_treaty(DATA / "corpus-demo", "demo-2000")
    report = compare_treaties((treaty, treaty.version("fr")), (treaty, treaty.version("en")))
    page = render_treaty_report(report)
    assert report.outside_left == report.outside_right == ()
    assert "outside the alignment" not in page.lower() and "Outside" not in report.summary


def test_the_site_shows_intros_in_place_with_their_own_pages(runner, tmp_path):
    out = tmp_path / "site"
    result = run(runner, "site", str(out))
    assert result.exit_code == 0, result.output
    page = (out / "treaties" / "demo-2020.html").read_text(encoding="utf-8")
    assert "2/2 articles transcribed, 2/4 intros" in page
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "(authentic): 2/2, intros 2/4; " in home
    english = page[page.index('id="text-en"'):page.index('id="text-fr"')]
    order = [english.index(f'id="en-{eid}"') for eid in (
        "preamble", "part_1__intro", "part_2__intro", "art_1", "conclusions",
        "annex_1__intro", "annex_1__part_1__intro", "annex_1__art_1")]
    assert order == sorted(order)
    assert html.escape(HOURS, quote=False) in english and "<fair>" not in page
    part2 = english[english.index('id="en-part_2__intro"'):english.index('id="en-art_1"')]
    assert "Not yet transcribed." in part2 and PART2_NOTE in part2
    intro_page = (out / "articles" / "demo-2020-en-part-1-intro.html").read_text(
        encoding="utf-8")
    assert "Introduction to PART I" in intro_page
    assert html.escape(PRINCIPLE, quote=False) in intro_page
    assert "demo-2020-en-part-1-intro_vs_demo-2020-fr-part-1-intro.html" in intro_page
    assert (out / "compare" / "demo-2020-en-part-1-intro_vs_demo-2020-fr-part-1-intro.html"
            ).is_file()
    # an annex's Article 1 has its own page, not the body's Article 1
    annexed = (out / "articles" / "demo-2020-en-annex-1-1.html").read_text(encoding="utf-8")
    assert "This Appendix forms an integral part of the Charter." in annexed
    body = (out / "articles" / "demo-2020-en-1.html").read_text(encoding="utf-8")
    assert "integral part" not in body


# ------------------------------------------------------- plain text import

def test_plain_text_marks_an_intro_not_yet_transcribed_and_imports_it_back(demo):
    from treatycmp.contrib.plaintext import import_text, render_text
    text = ("Example Charter\n\nThe Parties have agreed as follows:\n\nPART I\n\n"
            "[Intro: not yet transcribed] The page is missing.\n\nPART II\nUndertakings\n\n"
            "[Intro: not yet transcribed]\n\nArticle 1\n\nEach Party shall publish a list.\n")
    result = import_text(text, "x-2020", "en", "x.txt")
    assert result.unplaced == ()
    first, second = result.version.intros()
    assert (first.key, first.transcribed, first.paragraphs, first.notes) == (
        "part-1:intro", False, (), ("The page is missing.",))
    assert (second.key, second.transcribed) == ("part-2:intro", False)
    assert result.version.divisions()[1].heading == "Undertakings"
    # the fixture's intros, both kinds, survive rendering and importing back
    en = demo.version("en")
    rendered = render_text(en)
    assert "\n[Intro: not yet transcribed] " + PART2_NOTE + "\n" in rendered
    back = import_text(rendered, "demo-2020", "en", "demo.txt").version
    assert [(p.key, p.transcribed, [x.text for x in p.paragraphs], p.transcribed or p.notes)
            for p in back.intros()] == [
        (p.key, p.transcribed, [x.text for x in p.paragraphs], p.transcribed or p.notes)
        for p in en.intros()]


def test_a_second_marker_or_text_after_the_marker_is_not_placed():
    from treatycmp.contrib.plaintext import import_text
    text = ("Example Charter\n\nPART I\n\n[Intro: not yet transcribed] Missing.\n\n"
            "Some words printed after all.\n\nArticle 1\n\nText.\n")
    result = import_text(text, "x-2020", "en", "x.txt")
    assert result.unplaced == ((7, "Some words printed after all."),)
    assert result.version.intros()[0].notes == ("Missing.",)


def test_the_pdf_of_two_intros_prints_their_text(runner, tmp_path):
    from treatycmp.export.pdf import pdf_available
    if pdf_available():
        pytest.skip(pdf_available())
    pypdf = pytest.importorskip("pypdf")
    out = tmp_path / "r.pdf"
    result = run(runner, "compare", "demo-2020@en:annex-1:intro", "demo-2020@en:annex-1:intro",
                 "-o", str(out))
    assert result.exit_code == 0, result.output
    whole = " ".join(" ".join(page.extract_text().replace("\x00", "").split())
                     for page in pypdf.PdfReader(str(out)).pages)
    assert "Introduction to APPENDIX TO THE CHARTER" in whole
    assert "This Appendix applies to the example persons named in" in whole  # (hyphenated)


def test_intros_can_be_collated_each_under_its_own_name(runner, tmp_path):
    out = tmp_path / "c.html"
    result = run(runner, "collate", "demo-2020@en:part-1:intro", "demo-2020@fr:part-1:intro",
                 "demo-2020@en:annex-1:intro", "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<title>Example Charter, Introduction to PART I, and 2 other clauses" in page
    assert "demo-2020@en:part-1:intro and demo-2020@en:annex-1:intro" in page
    assert "&lt;fair&gt;" in page and "<fair>" not in page


def test_a_curated_pair_naming_an_intro_is_refused(runner, tmp_path, demo):
    """Curated files and --pair cannot name an intro (their names have no
    colon); a curated alignment built in code that does is refused plainly."""
    from treatycmp.curation import resolve_curated
    curated = m.CuratedAlignment("demo-2020", "demo-2020", (
        m.CuratedPair("part-1:intro", "part-1:intro", "by hand", 3),), path="x.xml")
    with pytest.raises(Exception, match=re.escape(
            "left='part-1:intro' is an intro, which the alignment does not pair: compare it "
            "by name (treatycmp compare demo-2020@en:part-1:intro ...)")) as caught:
        resolve_curated(curated, demo.version("en"), demo.version("fr"))
    assert str(caught.value).startswith("x.xml:3: ")


def test_search_finds_text_in_intros_and_names_them_by_key(runner, tmp_path):
    index = tmp_path / "index.sqlite"
    result = run(runner, "search", "example hours", "--index", str(index))
    assert result.exit_code == 0, result.output
    assert "demo-2020@en:part-1:intro" in result.stdout
    assert "demo-2020@en:part-2:intro" not in result.stdout  # not transcribed: no text
    result = run(runner, "search", "--like", "demo-2020@en:annex-1:intro", "--index",
                 str(index))
    assert result.exit_code == 0, result.output
    # an annex's Article 1 and the body's Article 1 are two records
    assert "demo-2020@en:annex-1:1 " in result.stdout and "demo-2020@en:1 " in result.stdout


_LINE = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1,
                max_size=40).map(str.strip).filter(bool)


@settings(deadline=None, max_examples=30)
@given(_LINE)
def test_any_intro_text_is_shown_exactly_and_escaped_in_the_report_and_site_page(demo, text):
    from treatycmp.report.render import render_template
    from treatycmp.report.site import build_treaty_page
    en = demo.version("en")
    intro = en.find("part-1:intro")
    changed = dataclasses.replace(intro, paragraphs=(
        dataclasses.replace(intro.paragraphs[0], text=text),) + intro.paragraphs[1:])
    part1, part2 = en.body
    version = dataclasses.replace(en, articles=None,
                                  body=(dataclasses.replace(part1, intro=changed), part2))
    treaty = dataclasses.replace(demo, versions=(version, demo.version("fr")))
    escaped = str(markupsafe.escape(text))  # as the templates escape: & < > " '
    page = render_treaty_report(compare_treaties((treaty, version), (treaty, version)))
    section = page[page.index('<section class="outside"'):]
    assert f"</span> {escaped}</p>" in section[:section.index("</section>")]
    site = render_template("site_treaty.html", treaty=build_treaty_page(treaty, {}),
                           root="../", version="x")
    assert f'<p class="text">{escaped}</p>' in site
    assert html.unescape(escaped) == text
