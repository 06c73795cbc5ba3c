"""Plain text to and from the model: round trip on the shipped corpus,
awkward inputs (tests/data/import/*.txt) with the exact structure expected,
and the label recognisers."""

from __future__ import annotations

import dataclasses
import tempfile
import textwrap
from pathlib import Path

import pytest
from hypothesis import assume, given, settings, strategies as st

from treatycmp import model as m
from treatycmp import store
from treatycmp.errors import DataError
from treatycmp.contrib.headings import (is_final_clause_opener, parse_annex_heading,
                                        parse_division_heading)
from treatycmp.contrib.labels import parse_article_heading, parse_item_label
from treatycmp.contrib.plaintext import ImportResult, import_text, render_text
from treatycmp.contrib.structure import annex_heading, article_heading, division_heading
from treatycmp.store.write import version_to_xml
from conftest import CORPUS, DATA, DEMO

IMPORT = DATA / "import"


def _versions(root: Path) -> list[m.TextVersion]:
    return [v for t in store.load_corpus(root).treaties for v in t.versions]


STRUCTURED = DATA / "corpus-structure"  # may move into corpus-demo
SHIPPED = _versions(CORPUS) + _versions(DEMO) + (
    _versions(STRUCTURED) if STRUCTURED.is_dir() else [])


def _read(name: str, lang: str = "en") -> ImportResult:
    path = IMPORT / name
    return import_text(path.read_text(encoding="utf-8"), "example-2000", lang, path.name)


def _outline(provision: m.Provision | None):
    """What must survive the round trip: numbers, labels, headings, every
    paragraph and point with its number and text, and the untranscribed note."""
    if provision is None:
        return None
    return (provision.kind, provision.eid, provision.n, provision.label, provision.heading,
            provision.transcribed, provision.paragraphs,
            None if provision.transcribed else provision.notes)


def _shape(provision: m.Provision) -> list:
    """Compact structure for the fixture assertions: (num, text, points, wrap-up)."""
    def points(items):
        return [(p.num, p.text, points(p.points)) if p.points else (p.num, p.text)
                for p in items]
    return [(p.num, p.text, points(p.points), p.wrap_up) if p.points or p.wrap_up
            else (p.num, p.text) for p in provision.paragraphs]


def _stored_text(v: m.TextVersion) -> str:
    """Every string the version stores (title, labels, headings, notes,
    paragraphs, points, division and annex numbers, headings and intros)."""
    stored = [v.title] + [x for p in v.provisions() + v.intros()
                          for x in (p.label, p.heading or "", *p.notes,
                                    *(line for para in p.paragraphs for line in
                                      ([para.num or ""] + list(para.lines()))))]
    divisions = [d for annex in v.annexes for item in annex.items
                 if isinstance(item, m.Division) for d in item.divisions()]
    for division in list(v.divisions()) + divisions:
        stored += [division.num or "", division.heading or ""]
    for annex in v.annexes:
        stored += [annex.num, annex.heading or ""]
    return "\n".join(stored)


def _write_and_check(version: m.TextVersion, folder: Path) -> list:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{version.lang}.xml"
    path.write_bytes(version_to_xml(version))
    return store.check_file(path)


# ------------------------------------------------------- corpus round trip

@pytest.mark.parametrize("version", SHIPPED, ids=lambda v: f"{v.treaty_id}@{v.lang}")
def test_rendered_text_imports_back_to_the_same_structure_and_text(version):
    result = import_text(render_text(version), version.treaty_id, version.lang, "x.txt")
    back = result.version
    assert _outline(back.preamble) == _outline(version.preamble)
    assert [_outline(a) for a in back.articles] == [_outline(a) for a in version.articles]
    assert _outline(back.conclusions) == _outline(version.conclusions)
    assert [_outline(p) for a in back.annexes for p in a.provisions] == [
        _outline(p) for a in version.annexes for p in a.provisions]
    assert _outline_lines(back) == _outline_lines(version)
    assert back.title == version.title
    assert result.unplaced == ()


@pytest.mark.parametrize("version", SHIPPED, ids=lambda v: f"{v.treaty_id}@{v.lang}")
def test_imported_rendering_writes_a_valid_file(version, tmp_path):
    result = import_text(render_text(version), version.treaty_id, version.lang, "x.txt")
    assert _write_and_check(result.version, tmp_path / version.treaty_id) == []


@pytest.mark.parametrize("width", [60, 90])
@pytest.mark.parametrize("version", SHIPPED, ids=lambda v: f"{v.treaty_id}@{v.lang}")
def test_hard_wrapped_rendering_gives_back_the_same_wording(version, width):
    """As if copied from a PDF: every line wrapped at ``width`` characters."""
    wrapped = "\n".join(
        "\n".join(textwrap.wrap(line, width, break_on_hyphens=False,
                                break_long_words=False)) for line in
        render_text(version).split("\n"))
    back = import_text(wrapped, version.treaty_id, version.lang, "x.txt").version
    assert back.title == version.title
    found = {p.eid: p for p in back.provisions()}
    for provision in version.provisions():
        if provision.transcribed:
            assert found[provision.eid].paragraphs == provision.paragraphs
            assert found[provision.eid].heading == provision.heading


def test_round_trip_covers_every_feature_the_importer_must_read():
    """The corpus exercises the hard cases (else the round trip proves little)."""
    assert any(v.divisions() for v in SHIPPED) and any(v.annexes for v in SHIPPED)
    articles = [a for v in SHIPPED for a in v.articles]
    paragraphs = [p for a in articles for p in a.paragraphs]
    labels = {a.label.split()[-1] for a in articles}
    assert {"premier", "IV", "4."} <= labels | {a.label.split(" ", 1)[-1] for a in articles}
    assert any(a.heading for a in articles)
    assert any(not a.transcribed for a in articles)
    assert any(p.points and p.points[0].num is None for p in paragraphs)  # bullets
    assert any(p.points and p.points[0].num for p in paragraphs)          # a), b)
    assert any(p.wrap_up and not p.points for p in paragraphs)            # 2nd <p>
    assert any(v.conclusions and v.conclusions.transcribed for v in SHIPPED)
    assert any(v.preamble and not v.preamble.transcribed for v in SHIPPED)


# ----------------------------------------------------------- rendering

def _demo_fr() -> m.TextVersion:
    return store.load_treaty(DEMO, "demo-2000").version("fr")


def test_render_text_layout():
    text = render_text(_demo_fr())
    assert text.startswith("Traité d’exemple entre la République A et le Royaume de B"
                           "\n====")
    assert ("\n\nArticle premier\nObjet\n\nLe présent Traité institue une alliance.\n"
            in text)
    assert ("\n1. Les Parties s’engagent :\n  a) à se consulter ;\n  b) à s’assister.\n"
            in text)
    assert ("\nArticle 3\n[Not yet transcribed] Not yet checked against the Journal "
            "officiel: the scan of page 13 is illegible.\n") in text
    assert "Les Parties se consultent." not in text  # superseded wording is metadata
    assert text.endswith("Fait à Genève, le 31 janvier 2000, en deux exemplaires "
                         "originaux.\n")


def test_render_marks_what_the_importer_could_not_otherwise_tell():
    demo = _demo_fr()
    conclusions = dataclasses.replace(demo.conclusions, paragraphs=(
        m.Paragraph("conclusions__para_1", None, "Les deux Parties ont signé."),))
    odd_label = dataclasses.replace(demo.articles[2], label="Clause trois",
                                    heading="Dispositions finales.")
    untranscribed = dataclasses.replace(demo.preamble, paragraphs=(), transcribed=False,
                                        checked=(), notes=("Illisible.",))
    version = dataclasses.replace(demo, conclusions=conclusions, preamble=untranscribed,
                                  articles=demo.articles[:2] + (odd_label,))
    text = render_text(version)
    assert "\n[Preamble: not yet transcribed] Illisible.\n" in text
    assert "\n[Article 3] Clause trois\n[Heading] Dispositions finales.\n" in text
    assert "\n[Final clauses]\n\nLes deux Parties ont signé.\n" in text
    back = import_text(text, "demo-2000", "fr", "x.txt").version
    assert _outline(back.preamble) == _outline(untranscribed)
    assert _outline(back.articles[2]) == _outline(odd_label)
    assert _outline(back.conclusions) == _outline(conclusions)


def test_closing_words_after_points_are_rendered_apart_and_read_back():
    demo = _demo_fr()
    article = demo.articles[1]
    first = article.paragraphs[0]
    points = (first.points[0], dataclasses.replace(first.points[1], text="à s’assister,"))
    article = dataclasses.replace(article, paragraphs=(dataclasses.replace(
        first, points=points, wrap_up="dans le respect de la Charte."),)
        + article.paragraphs[1:])
    version = dataclasses.replace(demo, articles=(demo.articles[0], article,
                                                  demo.articles[2]))
    text = render_text(version)
    assert "\n  b) à s’assister,\n\ndans le respect de la Charte.\n\n2. " in text
    back = import_text(text, "demo-2000", "fr", "x.txt").version
    assert _outline(back.articles[1]) == _outline(article)


# ------------------------------------------------------- awkward inputs

def test_roman_numerals_and_heading_after_a_dash():
    result = _read("roman-numerals.txt")
    v = result.version
    assert v.title == v.short_title == ("TREATY OF EXAMPLE BETWEEN THE REPUBLIC OF A AND "
                                        "THE KINGDOM OF B")
    assert [(a.n, a.label, a.heading) for a in v.articles] == [
        ("1", "ARTICLE I", None), ("2", "ARTICLE II.", None),
        ("4", "ARTICLE IV", "Collective defence"), ("12", "ARTICLE XII", None)]
    assert [a.eid for a in v.articles] == ["art_1", "art_2", "art_4", "art_12"]
    assert _shape(v.preamble) == [(None, "The Republic of A and the Kingdom of B,"),
                                  (None, "Desiring to live in peace,"),
                                  (None, "Have agreed as follows:")]
    assert _shape(v.articles[2]) == [
        (None, "An armed attack against either Party shall be considered an attack "
               "against both."),
        (None, "Any such attack shall be reported to the Security Council.")]
    assert _shape(v.conclusions) == [
        (None, "IN WITNESS WHEREOF the undersigned have signed this Treaty."),
        (None, "DONE at Example City, this first day of May, 2001.")]
    assert result.unplaced == () and result.warnings == ()


def test_article_premier_french_points_and_signature_lines():
    result = _read("article-premier.txt", "fr")
    v = result.version
    assert [(a.n, a.label) for a in v.articles] == [
        ("1", "Article premier"), ("2", "Article 2"), ("3", "Article 3")]
    # one recital per line, no blank lines: a comma before a capital, or a
    # semicolon, ends the recital
    assert _shape(v.preamble) == [(None, "Les Parties contractantes,"),
                                  (None, "Résolues à vivre en paix ;"),
                                  (None, "Conscientes de leurs responsabilités ;"),
                                  (None, "Sont convenues de ce qui suit :")]
    assert _shape(v.articles[0]) == [
        (None, "Le présent Traité institue une alliance entre les Parties.")]
    assert _shape(v.articles[1]) == [
        ("1.", "Les Parties s’engagent :",
         [("a)", "à se consulter ;"), ("b)", "à s’assister mutuellement.")], None),
        ("2.", "Le présent article s’applique sur leur territoire.")]
    assert [p.eid for p in v.articles[1].paragraphs] == ["art_2__para_1", "art_2__para_2"]
    assert v.articles[1].paragraphs[0].points[1].eid == "art_2__para_1__point_b"
    assert _shape(v.conclusions) == [
        (None, "Fait à Genève, le 31 janvier 2000, en deux exemplaires originaux."),
        (None, "Pour la République A"), (None, "Pour le Royaume de B")]
    assert result.unplaced == () and result.warnings == ()


def test_art_1er_with_heading_on_the_next_line():
    result = _read("art-1er.txt", "fr")
    v = result.version
    assert [(a.n, a.label, a.heading) for a in v.articles] == [
        ("1", "Art. 1er", "Objet"), ("2", "Art. 2", "Entrée en vigueur")]
    assert v.preamble is None
    assert _shape(v.articles[1]) == [
        (None, "Le présent Protocole entre en vigueur le jour de sa signature.")]
    assert _shape(v.conclusions) == [
        (None, "En foi de quoi, les plénipotentiaires ont signé le présent Protocole.")]
    assert result.warnings == ((4, "taken as the heading of Article 1"),
                               (9, "taken as the heading of Article 2"))


def test_unnumbered_paragraphs_one_per_line_or_per_block():
    result = _read("unnumbered.txt")
    v = result.version
    assert _shape(v.articles[0]) == [(None, "The Parties agree to cooperate."),
                                     (None, "They shall meet once a year."),
                                     (None, "The meetings shall be held in turn in each "
                                            "Party.")]
    assert _shape(v.articles[1]) == [(None, "Each Party shall appoint a delegate."),
                                     (None, "Each delegate may be accompanied by "
                                            "advisers.")]
    # no blank line under the number, but far too long for a heading
    assert v.articles[2].heading is None
    assert _shape(v.articles[2]) == [
        (None, "The Agreement may be denounced by either Party; denunciation takes "
               "effect one year after notice.")]
    assert v.conclusions is None
    assert result.unplaced == () and result.warnings == ()


def test_wrapped_lines_are_joined_with_single_spaces_and_reported():
    result = _read("wrapped.txt")
    v = result.version
    assert _shape(v.preamble) == [(None, (
        "The Parties to this Treaty, desiring to strengthen their cooperation and to "
        "contribute to the maintenance of peace and security in their region, have "
        "agreed as follows:"))]
    assert _shape(v.articles[0]) == [
        ("1.", "The Parties undertake to settle any dispute in which they may be involved "
               "by peaceful means, in such a manner that peace and security are not "
               "endangered."),
        ("2.", "Each Party shall refrain from the threat or use of force against the "
               "territorial integrity of the other Party, and from any action "
               "inconsistent with this Treaty.")]
    # a full-width line ending a sentence is a wrap too; the hyphen is kept
    assert _shape(v.articles[1]) == [(None, (
        "The Parties shall develop their capacity for self- defence by means of "
        "continuous and effective mutual aid, and shall consult one another whenever "
        "the security of either of them is threatened. Consultations shall be held "
        "without delay. The Parties shall inform the Security Council of the United "
        "Nations of any measures taken under this Article."))]
    assert _shape(v.conclusions) == [(None, (
        "Done at Example City on the first day of June, 2002, in two copies, both texts "
        "being equally authentic."))]
    joined = [no for no, message in result.warnings if message.startswith("joined")]
    assert joined == [4, 5, 10, 11, 13, 14, 19, 20, 21, 22, 23, 26]
    assert "hyphen" in dict(result.warnings)[19]
    assert result.unplaced == ()


def test_page_headers_and_numbers_are_dropped_and_reported():
    result = _read("page-furniture.txt")
    v = result.version
    assert [_shape(a) for a in v.articles] == [
        [(None, "The Parties shall establish a joint commission.")],
        [(None, "The joint commission shall meet at least once a year and shall adopt "
                "its own rules of procedure.")],
        # a paragraph broken by a page break reads on across the header
        [(None, "The joint commission shall report to the Parties on the implementation "
                "of this Convention.")]]
    assert v.title == "Example Convention"  # the first line, not a running header
    furniture = [(no, msg.split(" ")[0]) for no, msg in result.warnings
                 if "page" in msg]
    assert furniture == [(7, "'Example"), (9, "page"), (16, "'Example"), (18, "page"),
                         (24, "'Example"), (26, "page"), (30, "'Example")]
    assert "appears 4 times" in dict(result.warnings)[7]
    assert result.unplaced == ()


def test_labels_at_the_start_of_wrapped_lines_are_text():
    """"5." ending "Articles 3 and 5." and a dash starting a wrapped line are not
    labels: neither continues an open list nor starts one, and the line above
    has not ended."""
    result = _read("wrapped-labels.txt")
    v = result.version
    assert _shape(v.articles[0]) == [(None, (
        "The Parties shall establish a council to consider the implementation of "
        "Articles 3 and 5. The council shall meet once a year."))]
    assert _shape(v.articles[1]) == [
        ("1.", "Each Party shall consult the States - members of the council before "
               "acting."),
        ("2.", "The council shall adopt its rules of procedure.")]
    # a header seen only twice is still furniture when both times beside a page number
    assert _shape(v.articles[2]) == [
        (None, "The council shall report to the Parties on the implementation of this "
               "Treaty.")]
    assert _shape(v.articles[3]) == [(None, "The council may invite observers.")]
    dropped = [no for no, message in result.warnings if "ignored" in message]
    assert dropped == [18, 20, 28, 30]
    assert [no for no, message in result.warnings if message.startswith("joined")] == [
        6, 11, 22]
    assert result.unplaced == ()


def test_points_letters_romans_bullets_and_closing_words():
    result = _read("points.txt")
    v = result.version
    definitions = v.articles[0]
    assert definitions.heading == "Definitions"
    paragraph = definitions.paragraphs[0]
    assert (paragraph.num, paragraph.text) == (None, "For the purposes of this Pact:")
    assert [p.num for p in paragraph.points] == [
        "(a)", "(b)", "(c)", "(d)", "(e)", "(f)", "(g)", "(h)", "(i)"]
    # (i) after (h) is a letter; (i), (ii) under (b) are roman numerals
    assert paragraph.points[-1].eid == "art_1__para_1__point_i"
    assert paragraph.points[-1].text == "\"depositary\" means the Government of A."
    territory = paragraph.points[1]
    assert [(p.eid, p.num, p.text) for p in territory.points] == [
        ("art_1__para_1__point_b__point_i", "(i)", "the land territory of a Party;"),
        ("art_1__para_1__point_b__point_ii", "(ii)", "its territorial sea;")]
    assistance = paragraph.points[3]
    assert [(p.eid, p.num, p.text) for p in assistance.points] == [
        ("art_1__para_1__point_d__point_1", None, "military assistance,"),
        ("art_1__para_1__point_d__point_2", None, "economic assistance,")]
    assert _shape(v.articles[1]) == [
        ("1)", "The Parties hereby establish a Council."),
        ("2)", "The Council shall:",
         [("a)", "consider matters concerning the implementation of this Pact;"),
          ("b)", "adopt its rules of procedure,")],
         "in accordance with the principles of this Pact.")]
    assert _shape(v.articles[2]) == [("(1)", "Each Party shall designate a contact point."),
                                     ("(2)", "The contact points shall meet as needed.")]
    assert result.warnings == (
        (4, "taken as the heading of Article 1"),
        (28, "taken as the closing words of paragraph 2 of Article 2 (its second <p>)"))
    assert result.unplaced == ()


def test_a_line_between_two_points_belongs_to_the_point_above():
    text = ("T\n\nArticle 1\n\n1. The Parties shall:\n(a) consult;\nAlso in writing.\n"
            "(b) assist.\n")
    result = import_text(text, "x-1", "en", "x.txt")
    assert _shape(result.version.articles[0]) == [
        ("1.", "The Parties shall:", [("(a)", "consult; Also in writing."),
                                      ("(b)", "assist.")], None)]
    assert [no for no, _ in result.warnings] == [7, 8]


def test_a_number_without_text_is_reported_with_the_points_under_it():
    text = "T\n\nArticle 1\n\n1.\n(a) first;\n(b) second.\n\n2. Other.\n"
    result = import_text(text, "x-1", "en", "x.txt")
    assert _shape(result.version.articles[0]) == [("2.", "Other.")]
    assert result.unplaced == ((5, "1."), (6, "(a) first;"), (7, "(b) second."))
    assert [no for no, _ in result.warnings] == [5, 6, 7]


def test_lines_that_cannot_be_placed_are_reported_with_line_numbers():
    result = _read("unplaced.txt")
    v = result.version
    assert result.unplaced == (
        (17, "The Parties shall"), (19, "Article 1"),
        (21, "A second Article 1 that cannot be placed."),
        (26, "(a) The same point number again."))
    assert [no for no, _ in result.warnings] == [3, 13, 17, 19, 21, 26]
    assert "appears twice (first on line 9)" in dict(result.warnings)[19]
    # the printed "PREAMBLE" and a line of asterisks are dropped, and said so
    assert [no for no, _ in result.dropped] == [3, 13]
    chapter, = v.body
    assert (chapter.kind, chapter.n, chapter.num) == ("chapter", "1", "CHAPTER I")
    assert [a.n for a in v.articles] == ["1", "2", "3"]
    assert _shape(v.articles[0]) == [(None, "The Parties establish an alliance.")]
    assert v.articles[1].transcribed is False
    assert v.articles[1].notes == ("The printed copy of this page is illegible.",)
    assert _shape(v.articles[2]) == [("(a)", "A point with no paragraph before it.")]


@pytest.mark.parametrize("name", sorted(p.name for p in IMPORT.glob("*.txt")))
def test_every_fixture_imports_to_a_valid_file_and_loses_no_line(name, tmp_path):
    result = _read(name)
    assert _write_and_check(result.version, tmp_path / "example-2000") == []
    _check_every_line_is_accounted_for((IMPORT / name).read_text(encoding="utf-8"), result)


def test_every_transcribed_provision_is_checked_against_the_import_source():
    v = _read("article-premier.txt", "fr").version
    assert [s.id for s in v.sources] == ["import"]
    assert "article-premier.txt" in v.sources[0].description
    assert all(p.checked == ("import",) for p in v.provisions() if p.transcribed)
    assert "TO FILL IN" in v.state


def test_no_title_line_gives_a_placeholder():
    result = import_text("Article 1\n\nThe Parties agree.\n", "x-1", "en", "x.txt")
    assert result.version.title.startswith("TO FILL IN")
    assert result.warnings == ((1, "no title line found: the title is a placeholder to "
                                   "fill in"),)


def test_crlf_bom_and_tabs():
    plain = _read("roman-numerals.txt").version
    raw = (IMPORT / "roman-numerals.txt").read_text(encoding="utf-8")
    crlf = import_text("\ufeff" + raw.replace("\n", "\r\n"), "example-2000", "en",
                       "roman-numerals.txt")
    assert crlf.version == plain and crlf.warnings == ()
    tabbed = import_text("T\n\nArticle 1\n\nThe\tParties agree.\n", "x-1", "en", "x")
    assert tabbed.version.articles[0].paragraphs[0].text == "The Parties agree."
    assert tabbed.warnings == ((5, "a tab or control character inside the line became "
                                   "a space"),)


def test_text_without_articles_is_a_data_error_naming_the_file():
    with pytest.raises(DataError) as caught:
        import_text("Just a letter.\n\nNo articles here.\n", "x-1", "en", "letter.txt")
    assert caught.value.path == "letter.txt"
    assert "no article heading" in caught.value.message


@pytest.mark.parametrize("treaty_id, lang", [("../x", "en"), ("Nato-1949", "en"),
                                             ("", "en"), ("nato-1949", "EN"),
                                             ("nato-1949", "english")])
def test_bad_id_or_language_is_a_value_error(treaty_id, lang):
    with pytest.raises(ValueError):
        import_text("Article 1\n\nText.\n", treaty_id, lang, "x.txt")


LINE_PIECES = [
    "", "", "Article 1", "ARTICLE II.", "Art. 1er", "Article 3 - Scope", "Article premier",
    "1. The Parties agree:", "(a) to consult;", "(b)", "(i) first,", "(ii) second.",
    "• aid,", "- 3 -", "Page 4", "Header line", "In witness whereof,", "Done at X.",
    "the Parties shall", "Sont convenues de ce qui suit :", "self-", "* * *", "PART I",
    "[Not yet transcribed] unknown", "[Final clauses]", "Preamble", "=====", "\t",
    "Lower case continuation of a line that is long enough to be a wrap",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(LINE_PIECES), max_size=40))
def test_any_mix_of_lines_imports_to_a_valid_file_or_a_clear_error(pieces):
    text = "\n".join(pieces)
    try:
        result = import_text(text, "x-1", "en", "x.txt")
    except DataError as error:
        assert "no article heading" in error.message
        return
    with tempfile.TemporaryDirectory() as folder:
        assert _write_and_check(result.version, Path(folder) / "x-1") == []
    lines = text.split("\n")
    for no, line in result.unplaced:
        assert lines[no - 1].strip() == line


# ------------------------------------------------------------ labels

@pytest.mark.parametrize("line, n, num, rest", [
    ("Article 5", "5", "Article 5", None),
    ("ARTICLE V", "5", "ARTICLE V", None),
    ("Art. 1er", "1", "Art. 1er", None),
    ("Article premier", "1", "Article premier", None),
    ("ARTICLE PREMIER", "1", "ARTICLE PREMIER", None),
    ("Article II.", "2", "Article II.", None),
    ("Article XIV", "14", "Article XIV", None),
    ("Article 5 - Heading", "5", "Article 5", "Heading"),
    ("Article 5 – Défense collective", "5", "Article 5", "Défense collective"),
    ("Article 7: Scope", "7", "Article 7", "Scope"),
    ("Article 6 bis", "6bis", "Article 6 bis", None),
    ("Artículo 3", "3", "Artículo 3", None),
    ("Artikel 4", "4", "Artikel 4", None),
    ("Статья 4.", "4", "Статья 4.", None),
    ("المادة الثانية", "2", "المادة الثانية", None),
    ("المادة 12", "12", "المادة 12", None),
    ("第五条", "5", "第五条", None),
    ("第十二条", "12", "第十二条", None),
    ("제3조", "3", "제3조", None),
])
def test_article_heading_forms(line, n, num, rest):
    heading = parse_article_heading(line)
    assert heading is not None and (heading.n, heading.num, heading.rest) == (n, num, rest)


@pytest.mark.parametrize("line", [
    "Article 51 of the Charter of the United Nations",
    "article 5.", "Articles 3 and 4", "Article 5, paragraph 2", "Article 5(1)",
    "Article Identification", "The Article 5", "المادة 2 من الميثاق",
])
def test_references_are_not_headings(line):
    assert parse_article_heading(line) is None


@pytest.mark.parametrize("line, num, value, kind", [
    ("1. The Parties", "1.", "1", "arabic"), ("1) The Parties", "1)", "1", "arabic"),
    ("(1) The Parties", "(1)", "1", "arabic"), ("(a) on", "(a)", "a", "letter"),
    ("a) à se consulter", "a)", "a", "letter"), ("(ii) its sea", "(ii)", "ii", "roman"),
    ("(i) its land", "(i)", "i", "letter"), ("• aid", None, None, "bullet"),
    ("– aide", None, None, "bullet"), ("(A) first", "(A)", "A", "upper"),
])
def test_item_labels(line, num, value, kind):
    label = parse_item_label(line)
    assert (label.num, label.value, label.kind) == (num, value, kind)


@pytest.mark.parametrize("line", ["1949. A year", "e.g. this", "(ab) x", "The Parties"])
def test_not_item_labels(line):
    assert parse_item_label(line) is None


# ------------------------------------------------- real structure (issue 9)

REAL = DATA / "real-structure"


def _outline_lines(v: m.TextVersion) -> list[str]:
    """The structure in the form of tests/data/real-structure/*.expected."""
    out = []
    if v.preamble is not None:
        out.append(f"preamble: {len(v.preamble.paragraphs)} recitals")

    def items(seq, depth):
        for item in seq:
            pad = "  " * depth
            if isinstance(item, m.Division):
                out.append(f"{pad}{item.kind} {item.n} {item.num!r} | {item.heading}")
                intro(item.intro, depth + 1)
                items(item.items, depth + 1)
            elif item.kind == m.ANNEX:
                out.append(f"{pad}text: {len(item.paragraphs)} paragraphs")
            else:
                out.append(f"{pad}article {item.n} {item.label!r} | {item.heading} "
                           f"({len(item.paragraphs)} paragraphs)")
    def intro(provision, depth):
        if provision is not None:
            out.append(f"{'  ' * depth}intro: {len(provision.paragraphs)} paragraphs")

    items(v.body, 0)
    if v.conclusions is not None:
        out.append(f"conclusions: {len(v.conclusions.paragraphs)} paragraphs")
    for annex in v.annexes:
        out.append(f"{annex.kind} {annex.n} {annex.num!r} | {annex.heading}")
        intro(annex.intro, 1)
        items(annex.items, 1)
    return out


def _check_every_line_is_accounted_for(text: str, result: ImportResult) -> None:
    """placed + dropped + unplaced == the non-blank lines, and the words of
    every placed line are in the stored version (nothing silently lost)."""
    lines = text.removeprefix("\ufeff").split("\n")
    nonblank = {no for no, line in enumerate(lines, 1) if line.strip()}
    unplaced = {no for no, _ in result.unplaced}
    dropped = {no for no, _ in result.dropped}
    assert unplaced <= nonblank and dropped <= nonblank and not unplaced & dropped
    assert unplaced <= {no for no, _ in result.warnings}  # each with a reason
    blob = " ".join(_stored_text(result.version).split())
    for no in sorted(nonblank - unplaced - dropped):
        words = " ".join(lines[no - 1].replace("\f", " ").split())
        if set(words) <= set("=-") or (words.lower() == "[final clauses]"
                                       and result.version.conclusions is not None):
            continue  # the title's underline; the marker that opens the conclusions
        heading = article_heading(words) or division_heading(words) or annex_heading(words)
        item = parse_item_label(words)
        pieces = ([heading.num, heading.rest] if heading else [item.num, item.text]
                  if item else [words.split("] ")[-1]])
        for piece in filter(None, pieces):
            piece = piece.rstrip(" :-–—")  # a separator after a number is not stored
            assert " ".join(piece.split()) in blob, f"line {no} {words!r} was lost"


@pytest.mark.parametrize("name", sorted(p.stem for p in REAL.glob("*.txt")))
def test_real_structure_imports_with_the_expected_outline_and_no_unplaced_line(
        name, tmp_path):
    text = (REAL / f"{name}.txt").read_text(encoding="utf-8")
    result = import_text(text, "example-2000", name.rsplit("-", 1)[-1]
                         if len(name.rsplit("-", 1)[-1]) == 2 else "en", f"{name}.txt")
    assert result.unplaced == ()
    expected = (REAL / f"{name}.expected").read_text(encoding="utf-8").splitlines()
    assert _outline_lines(result.version) == expected
    assert _write_and_check(result.version, tmp_path / "example-2000") == []
    _check_every_line_is_accounted_for(text, result)
    back = import_text(render_text(result.version), "example-2000", result.version.lang,
                       f"{name}.txt")
    assert back.unplaced == ()
    for part in ("title", "preamble", "body", "conclusions", "annexes"):
        assert getattr(back.version, part) == getattr(result.version, part)


def test_real_structure_set_has_a_readme_naming_every_excerpt():
    readme = (REAL / "README.md").read_text(encoding="utf-8")
    for path in REAL.glob("*.txt"):
        assert f"`{path.name}`" in readme
        assert path.with_suffix(".expected").exists()


def test_recurring_article_headings_are_kept_and_running_headers_at_page_breaks_dropped():
    """In the failure seen, 68 headings such as "Scope and Coverage" were
    dropped as page headers: a line under an article number heads it."""
    result = _read("scope-headings.txt")
    v = result.version
    assert [a.heading for a in v.articles] == ["Scope and Coverage", "Definitions"] * 5
    assert [(d.num, d.heading) for d in v.divisions()] == [
        (f"CHAPTER {c}", f"Trade Rules {c}") for c in range(1, 6)]
    dropped = [why for _, why in result.dropped]
    assert len(dropped) == 10 and sum("page header" in why for why in dropped) == 5
    assert result.unplaced == ()


def test_a_repeated_short_line_away_from_page_edges_is_text():
    text = "T\n\n" + "".join(
        f"Article {i}\n\nThe Parties agree on point {i}.\n\nSee the list.\n\n"
        for i in range(1, 5))
    result = import_text(text, "x-1", "en", "x.txt")
    assert result.dropped == ()
    assert all(a.paragraphs[-1].text == "See the list." for a in result.version.articles)


def test_decimal_and_hyphenated_numbers_are_distinct_articles():
    text = ("T\n\nArticle 1.1\n\nOne.\n\nArticle 1.2\n\nTwo.\n\nArticle 2.1\n\nThree.\n\n"
            "ARTÍCULO 2-01\n\nCuatro.\n\nArticle 21 bis\n\nFive.\n")
    result = import_text(text, "x-1", "en", "x.txt")
    assert [a.n for a in result.version.articles] == ["1.1", "1.2", "2.1", "2-01", "21bis"]
    assert result.unplaced == ()


def test_letters_are_read_from_the_sequence_not_as_roman_numerals():
    letters = "ABCDEFGHIJKLMNO"
    text = "T\n\n" + "".join(f"Article {c}\n\nText {c}.\n\n" for c in letters)
    result = import_text(text, "x-1", "en", "x.txt")
    assert [a.n for a in result.version.articles] == list(letters.lower())
    guessed = [no for no, why in result.warnings if "read as the letter" in why]
    assert len(guessed) == 5  # C, D, I, L, M
    roman = "T\n\n" + "".join(f"ARTICLE {r}\n\nText.\n\n" for r in
                               ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"])
    assert [a.n for a in import_text(roman, "x-1", "en", "x").version.articles] == [
        str(i) for i in range(1, 11)]


def test_a_duplicate_in_an_annex_is_not_a_duplicate_of_the_main_text():
    text = ("T\n\nArticle 1\n\nMain one.\n\nArticle 2\n\nMain two.\n\nDone at X.\n\n"
            "PROTOCOL\n\nArticle 1\n\nProtocol one.\n\nArticle 1\n\nAgain.\n")
    result = import_text(text, "x-1", "en", "x.txt")
    protocol, = result.version.annexes
    assert [a.n for a in protocol.articles] == ["1"]
    assert protocol.articles[0].eid == "protocol_1__art_1"
    assert result.unplaced == ((19, "Article 1"), (21, "Again."))


def test_text_directly_in_a_division_is_its_intro():
    """The Revised European Social Charter's Part I: principles directly under
    a part, with no article. They become the part's intro; nothing is unplaced."""
    result = _read("division-text.txt")
    assert result.unplaced == ()
    first, second = result.version.divisions()
    assert (first.num, first.items, [p.text for p in first.intro.paragraphs]) == (
        "Part I", (), ["The Parties accept as the aim of their policy the following "
                       "principles:", "1. Everyone shall have the opportunity to earn a "
                       "living."])
    assert first.intro.eid == "part_1__intro" and first.intro.kind == m.INTRO
    assert (second.num, [a.n for a in second.articles], second.intro) == (
        "Part II", ["1"], None)
    assert any("kept as its intro" in why for no, why in result.warnings if no == 5)
    assert result.version.intros() == (first.intro,)
    assert first.intro not in result.version.provisions()


@pytest.mark.parametrize("line, kind, n, num, rest", [
    ("CHAPTER TWO – Initial Provisions", "chapter", "2", "CHAPTER TWO", "Initial Provisions"),
    ("CHAPTER TWENTY-TWO", "chapter", "22", "CHAPTER TWENTY-TWO", None),
    ("PART V – FINAL PROVISIONS", "part", "5", "PART V", "FINAL PROVISIONS"),
    ("PART ONE: GENERAL PART", "part", "1", "PART ONE", "GENERAL PART"),
    ("Chapter One Initial Provisions", "chapter", "1", "Chapter One", "Initial Provisions"),
    ("Section A – Initial Provisions", "section", "a", "Section A", "Initial Provisions"),
    ("TITRE PREMIER", "title", "1", "TITRE PREMIER", None),
    ("CHAPITRE II", "chapter", "2", "CHAPITRE II", None),
    ("PARTIE V", "part", "5", "PARTIE V", None),
    ("PRIMERA PARTE", "part", "1", "PRIMERA PARTE", None),
    ("CAPÍTULO III", "chapter", "3", "CAPÍTULO III", None),
    ("TÍTULO I", "title", "1", "TÍTULO I", None),
    ("SECCIÓN 2", "section", "2", "SECCIÓN 2", None),
    ("PARTE II", "part", "2", "PARTE II", None),
    ("SECÇÃO I", "section", "1", "SECÇÃO I", None),
    ("ERSTER TEIL", "part", "1", "ERSTER TEIL", None),
    ("KAPITEL 3", "chapter", "3", "KAPITEL 3", None),
    ("ABSCHNITT 2", "section", "2", "ABSCHNITT 2", None),
    ("DEEL II", "part", "2", "DEEL II", None),
    ("HOOFDSTUK 4", "chapter", "4", "HOOFDSTUK 4", None),
    ("AFDELING 1", "section", "1", "AFDELING 1", None),
    ("TITOLO I", "title", "1", "TITOLO I", None),
    ("CAPO II", "chapter", "2", "CAPO II", None),
    ("РАЗДЕЛ I", "part", "1", "РАЗДЕЛ I", None),
    ("ГЛАВА 2", "chapter", "2", "ГЛАВА 2", None),
])
def test_division_heading_forms(line, kind, n, num, rest):
    heading = parse_division_heading(line)
    assert heading is not None and (heading.kind, heading.n, heading.num, heading.rest) == (
        kind, n, num, rest)


@pytest.mark.parametrize("line", [
    "Part 1 of Annex II", "Chapter 11 shall apply to investments", "part II",
    "Title", "PART", "Chapter Eleven (Investment) applies",
])
def test_not_division_headings(line):
    assert parse_division_heading(line) is None


@pytest.mark.parametrize("line, kind, n, num", [
    ("ANNEX 2", "annex", "2", "ANNEX 2"), ("ANNEXE I", "annex", "1", "ANNEXE I"),
    ("Anexo 3.3", "annex", "3.3", "Anexo 3.3"), ("ANLAGE", "annex", None, "ANLAGE"),
    ("BIJLAGE A", "annex", "a", "BIJLAGE A"), ("ALLEGATO", "annex", None, "ALLEGATO"),
    ("PROTOCOL", "protocol", None, "PROTOCOL"), ("PROTOCOLE", "protocol", None, "PROTOCOLE"),
    ("Schedule 1", "schedule", "1", "Schedule 1"), ("APPENDIX", "appendix", None, "APPENDIX"),
    ("ANNEX 300-B", "annex", "300-b", "ANNEX 300-B"), ("ПРИЛОЖЕНИЕ 1", "annex", "1",
                                                       "ПРИЛОЖЕНИЕ 1"),
])
def test_annex_heading_forms(line, kind, n, num):
    heading = parse_annex_heading(line)
    assert heading is not None and (heading.kind, heading.n, heading.num) == (kind, n, num)


@pytest.mark.parametrize("line", [
    "Annex I to this Agreement shall apply", "Protocol on the privileges", "Annexes",
])
def test_not_annex_headings(line):
    assert parse_annex_heading(line) is None


@pytest.mark.parametrize("line", [
    "IN WITNESS WHEREOF, the undersigned", "DONE at Washington", "EN FOI DE QUOI, les",
    "Fait à Paris", "EN FE DE LO CUAL, los", "Hecho en Madrid", "EM FÉ DO QUE, os",
    "Feito em Lisboa", "ZU URKUND DESSEN haben", "Geschehen zu Berlin",
    "TEN BLIJKE WAARVAN de", "Gedaan te Den Haag", "IN FEDE DI CHE, i", "Fatto a Roma",
    "В УДОСТОВЕРЕНИЕ ЧЕГО нижеподписавшиеся", "Совершено в Москве",
])
def test_closing_formulas_open_the_conclusions(line):
    assert is_final_clause_opener(line)
    text = f"T\n\nArticle 1\n\nThe Parties agree.\n\n{line}\n"
    result = import_text(text, "x-1", "en", "x.txt")
    assert result.version.conclusions.paragraphs[0].text == line


@pytest.mark.parametrize("line, n, num, rest", [
    ("Article 1.01", "1.01", "Article 1.01", None),
    ("ARTÍCULO 1-01: Establecimiento", "1-01", "ARTÍCULO 1-01", "Establecimiento"),
    ("Artículo 1-01:", "1-01", "Artículo 1-01", None),
    ("Article 1.1: Establishment of a Free Trade Area", "1.1", "Article 1.1",
     "Establishment of a Free Trade Area"),
    ("Article A – Undertakings", "a", "Article A", "Undertakings"),
    ("Article 21 bis", "21bis", "Article 21 bis", None),
    ("Article 6A", "6a", "Article 6A", None),
    ("Artigo 2.º", "2", "Artigo 2.º", None),
    ("ARTÍCULO PRIMERO", "1", "ARTÍCULO PRIMERO", None),
    ("Article One", "1", "Article One", None),
    ("Article Twenty-Two", "22", "Article Twenty-Two", None),
    ("Articolo 3", "3", "Articolo 3", None),
    ("СТАТЬЯ 4", "4", "СТАТЬЯ 4", None),
    ("article premier", None, None, None),
    ("Articolo 1 (Oggetto)", "1", "Articolo 1", "(Oggetto)"),
    ("Article 5 (1)", None, None, None),
])
def test_more_article_heading_forms(line, n, num, rest):
    heading = parse_article_heading(line)
    if n is None:
        assert heading is None
    else:
        assert (heading.n, heading.num, heading.rest) == (n, num, rest)


def test_import_exits_1_naming_the_unplaced_line_and_writes_nothing(runner, tmp_path):
    from treatycmp.cli import main
    source = IMPORT / "unplaced.txt"
    out = tmp_path / "en.xml"
    result = runner.invoke(main, ["import", str(source), "--id", "x-1", "--lang", "en",
                                  "-o", str(out)])
    assert result.exit_code == 1
    assert f"{source}:17: not placed: The Parties shall" in result.stderr
    assert "nothing was written" in result.stderr
    assert not out.exists() and "<text" not in result.stdout
    printed = runner.invoke(main, ["import", str(source), "--id", "x-1", "--lang", "en"])
    assert printed.exit_code == 1 and "<text" not in printed.stdout
    allowed = runner.invoke(main, ["import", str(source), "--id", "x-1", "--lang", "en",
                                   "-o", str(out), "--allow-unplaced"])
    assert allowed.exit_code == 0 and store.check_file(out) == []
    assert "3 articles, 1 divisions, 0 annexes; 4 lines not placed" in allowed.stderr


def test_import_reports_divisions_annexes_and_guesses(runner, tmp_path):
    from treatycmp.cli import main
    source = REAL / "synthetic-fr.txt"
    result = runner.invoke(main, ["import", str(source), "--id", "x-1", "--lang", "fr",
                                  "-o", str(tmp_path / "fr.xml")])
    assert result.exit_code == 0, result.stderr
    assert "5 articles, 4 divisions, 2 annexes; 0 lines not placed" in result.stderr
    assert f"{source}:51: PROTOCOLE has no number: keyed protocol-1" in result.stderr
    assert "taken as the heading of TITRE PREMIER" in result.stderr


# --------------------------------------- property: a random outline comes back

_WORDS = ("trade goods services measures territory customs origin duties persons "
          "investment procedures rules").split()
_HEAD_WORDS = "Scope Coverage Objectives Definitions General Provisions Trade Goods".split()
_ROMANS = "I II III IV V VI VII VIII IX X XI XII".split()
_EN_WORDS = "ONE TWO THREE FOUR FIVE SIX SEVEN EIGHT NINE TEN".split()

_sentence = st.lists(st.sampled_from(_WORDS), min_size=3, max_size=10).map(
    lambda ws: "The Parties " + " ".join(ws) + ".")
_heading = st.one_of(st.none(), st.lists(st.sampled_from(_HEAD_WORDS), min_size=1,
                                         max_size=4).map(" ".join))


@st.composite
def _paragraphs(draw, eid: str) -> tuple[m.Paragraph, ...]:
    if draw(st.booleans()):
        texts = draw(st.lists(_sentence, min_size=1, max_size=2))
        return tuple(m.Paragraph(f"{eid}__para_{i}", None, t) for i, t in enumerate(texts, 1))
    out = []
    for i in range(1, draw(st.integers(1, 3)) + 1):
        peid = f"{eid}__para_{i}"
        count = draw(st.integers(0, 3))
        if count:
            points = tuple(m.Point(f"{peid}__point_{c}", f"({c})",
                                   draw(_sentence)[:-1] + (";" if j < count else "."))
                           for j, c in enumerate("abc"[:count], 1))
            out.append(m.Paragraph(peid, f"{i}.", draw(_sentence)[:-1] + ":", points))
        else:
            out.append(m.Paragraph(peid, f"{i}.", draw(_sentence)))
    return tuple(out)


@st.composite
def _articles(draw, count: int, scheme: str, chapter: int, prefix: str | None,
              start: int = 1) -> list[m.Provision]:
    out = []
    for i in range(start, start + count):
        n, label = {
            "arabic": (str(i), f"Article {i}"),
            "roman": (str(i), f"ARTICLE {_ROMANS[i - 1]}"),
            "decimal": (f"{chapter}.{i}", f"Article {chapter}.{i}"),
            "hyphen": (f"{chapter}-0{i}", f"Artículo {chapter}-0{i}"),
            "letter": ("abcdefghijklmno"[i - 1], f"Article {'ABCDEFGHIJKLMNO'[i - 1]}"),
        }[scheme]
        eid = m.article_eid(n, prefix)
        out.append(m.Provision(m.ARTICLE, eid, n, label, draw(_heading),
                               draw(_paragraphs(eid)), True, checked=("import",)))
    return out


@st.composite
def _intro(draw, container: str) -> m.Provision | None:
    """None, or the intro of a division or annex: one to three sentences or
    short heading-like lines (read as the heading unless marked ``[Intro]``)."""
    if draw(st.booleans()):
        return None
    eid = f"{container}__intro"
    if draw(st.integers(0, 3)) == 0:  # recorded as not yet transcribed, with the reason
        return m.Provision(m.INTRO, eid, None, "Introduction", None, (), False,
                           notes=(draw(_sentence),))
    texts = draw(st.lists(_sentence | _heading.filter(bool), min_size=1, max_size=3))
    return m.Provision(m.INTRO, eid, None, "Introduction", None, tuple(
        m.Paragraph(f"{eid}__para_{i}", None, t) for i, t in enumerate(texts, 1)),
        True, checked=("import",))


@st.composite
def _version(draw) -> m.TextVersion:
    scheme = draw(st.sampled_from(["arabic", "roman", "decimal", "hyphen", "letter"]))
    body: list = []
    if draw(st.booleans()):  # flat
        body = draw(_articles(draw(st.integers(1, 4)), scheme, 1, None))
    else:
        done = 0
        for p in range(1, draw(st.integers(1, 2)) + 1):
            part_eid = m.division_eid("part", str(p))
            chapters = []
            for c in range(1, draw(st.integers(1, 2)) + 1):
                number = (p - 1) * 2 + c
                chapter_eid = m.division_eid("chapter", str(number), part_eid)
                count = draw(st.integers(1, 3))
                articles = draw(_articles(count, scheme, number, None,
                                          1 if scheme in ("decimal", "hyphen") else done + 1))
                done += count
                chapters.append(m.Division("chapter", str(number),
                                           f"CHAPTER {_EN_WORDS[number - 1]}",
                                           draw(_heading), chapter_eid, tuple(articles)))
            body.append(m.Division("part", str(p), f"PART {_ROMANS[p - 1]}", draw(_heading),
                                   part_eid, tuple(chapters), intro=draw(_intro(part_eid))))
    preamble = None
    if draw(st.booleans()):
        preamble = m.Provision(m.PREAMBLE, "preamble", None, "Preamble", None, (
            m.Paragraph("preamble__recital_1", None, "The Parties to this Agreement,"),
            m.Paragraph("preamble__recital_2", None, "Have agreed as follows:")),
            True, checked=("import",))
    conclusions = None
    if draw(st.booleans()):
        conclusions = m.Provision(m.CONCLUSIONS, "conclusions", None, "Conclusions", None, (
            m.Paragraph("conclusions__para_1", None,
                        "IN WITNESS WHEREOF, the undersigned have signed this Agreement."),
            m.Paragraph("conclusions__para_2", None, "DONE at Ottawa, in duplicate.")),
            True, checked=("import",))
    annexes = []
    for a in range(1, draw(st.integers(0, 2)) + 1):
        eid, key, num = m.annex_eid("annex", str(a)), f"annex-{a}", f"ANNEX {a}"
        heading = draw(_heading)
        if draw(st.booleans()):
            texts = draw(st.lists(_sentence, min_size=1, max_size=3))
            items = (m.Provision(m.ANNEX, eid, None, num, heading, tuple(
                m.Paragraph(f"{eid}__para_{i}", None, t) for i, t in enumerate(texts, 1)),
                True, checked=("import",), annex=key),)
        else:
            items = tuple(draw(_articles(draw(st.integers(1, 2)), "arabic", 1, eid)))
        intro = draw(_intro(eid)) if items[0].kind == m.ARTICLE else None
        annexes.append(m.Annex("annex", str(a), num, heading, eid, items, intro=intro))
    return m.TextVersion(
        treaty_id="x-1", lang="en", authority=m.AUTHENTIC, title="Example Agreement",
        short_title="Example Agreement", state_kind="as-signed", state="s",
        sources=(m.Source("import", "x"),), articles=None, body=tuple(body),
        preamble=preamble, conclusions=conclusions, annexes=tuple(annexes))


@settings(max_examples=100, deadline=None)
@given(_version())
def test_a_rendered_random_outline_imports_back_unchanged(version):
    text = render_text(version)
    result = import_text(text, "x-1", "en", "x.txt")
    assert result.unplaced == ()
    back = result.version
    for part in ("title", "preamble", "body", "conclusions", "annexes"):
        assert getattr(back, part) == getattr(version, part), part
    _check_every_line_is_accounted_for(text, result)


_INTROS_A_PAGE_APART = """Example Agreement
=================

PART I

[Intro]

Objectives

Scope

CHAPTER ONE

Article 1

1. The Parties trade trade trade:
  (a) The Parties trade trade trade.

PART II

[Intro]

Objectives

Scope

CHAPTER THREE

Article 2

1. The Parties trade trade trade:
  (a) The Parties trade trade trade.

ANNEX 1

[Intro]

Objectives

Scope

Article 1

1. The Parties trade trade trade.
"""


def test_a_short_intro_line_a_page_apart_under_three_headings_is_text_not_a_header():
    """Found by the property test above (about once in 20,000 outlines): a
    short line in the intros of two parts and an annex, 15 lines apart each
    time, was dropped as a running header (three times at regular intervals,
    no page mark), and the round trip lost it. Under a division or annex
    heading, before the next heading, a line is that division's heading or
    intro: never a running header."""
    result = import_text(_INTROS_A_PAGE_APART, "x-1", "en", "x.txt")
    assert result.unplaced == ()
    assert [why for _, why in result.dropped] == [
        f"'[Intro]': the text below is the intro of {name}, not its heading"
        for name in ("PART I", "PART II", "ANNEX 1")]
    v = result.version
    intros = [d.intro for d in v.body] + [a.intro for a in v.annexes]
    assert [[p.text for p in intro.paragraphs] for intro in intros] == [
        ["Objectives", "Scope"]] * 3
    assert render_text(v) == _INTROS_A_PAGE_APART
    _check_every_line_is_accounted_for(_INTROS_A_PAGE_APART, result)


def test_the_same_short_line_a_page_apart_in_articles_is_still_a_running_header():
    """The rule that found the line above still drops a header a page apart
    in the articles; once one copy comes under a division heading before its
    first article, every copy is kept (text is never dropped on a guess)."""
    def text(header_in_intro: bool) -> str:
        parts = []
        for p, roman in enumerate(("I", "II", "III"), 1):
            top = ["General", "Treaty Series – Example", "The Parties accept this Part."]
            body = ["The Parties agree.", "Treaty Series – Example"]
            if header_in_intro and p == 2:
                top, body = top, body[:1]
            else:
                top = top[:1] + top[2:]
            rows = [f"The Parties agree on matter {p}.{j} of this Treaty." for j in range(12)]
            parts.append("\n\n".join([f"PART {roman}", *top, f"Article {p}", *body, *rows]))
        return "Treaty\n\n" + "\n\n".join(parts) + "\n"
    dropped = import_text(text(False), "x-1", "en", "x.txt").dropped
    assert len(dropped) == 3 and all("regular intervals" in why for _, why in dropped)
    result = import_text(text(True), "x-1", "en", "x.txt")
    assert result.dropped == () and result.unplaced == ()
    first, second, third = result.version.body
    assert [p.text for p in second.intro.paragraphs] == [
        "Treaty Series – Example", "The Parties accept this Part."]
    assert [[p.text for p in part.items[0].paragraphs][1] for part in (first, third)] == [
        "Treaty Series – Example"] * 2


@st.composite
def _parts_with_a_line_in_every_intro(draw) -> m.TextVersion:
    """Three to five parts of as many articles, each with an intro holding
    the same short line (among sentences or other short lines)."""
    line = draw(_heading.filter(bool))
    scheme = draw(st.sampled_from(["decimal", "hyphen"]))  # numbered afresh in each part
    count = draw(st.integers(3, 5))  # articles a part: often a page (15 lines or more)
    parts = []
    for p in range(1, draw(st.integers(3, 5)) + 1):
        eid = m.division_eid("part", str(p))
        articles = draw(_articles(count, scheme, p, None))
        around = _sentence | _heading.filter(bool)
        # not last: right before a heading, a line is never taken for a header
        texts = draw(st.lists(around, max_size=1)) + [line] + draw(
            st.lists(around, min_size=1, max_size=2))
        intro = m.Provision(m.INTRO, f"{eid}__intro", None, "Introduction", None, tuple(
            m.Paragraph(f"{eid}__intro__para_{i}", None, t) for i, t in enumerate(texts, 1)),
            True, checked=("import",))
        parts.append(m.Division("part", str(p), f"PART {_ROMANS[p - 1]}", draw(_heading),
                                eid, tuple(articles), intro=intro))
    return m.TextVersion(
        treaty_id="x-1", lang="en", authority=m.AUTHENTIC, title="Example Agreement",
        short_title="Example Agreement", state_kind="as-signed", state="s",
        sources=(m.Source("import", "x"),), articles=None, body=tuple(parts))


@settings(max_examples=100, deadline=None)
@given(_parts_with_a_line_in_every_intro())
def test_a_line_repeated_in_every_intro_imports_back_unchanged(version):
    """The class of the case above, drawn often (the outline test draws it
    rarely): the same short line in the intro of every part, the parts
    often a page apart."""
    text = render_text(version)
    result = import_text(text, "x-1", "en", "x.txt")
    assert result.unplaced == ()
    assert not [why for _, why in result.dropped if "header" in why]
    assert result.version.body == version.body
    _check_every_line_is_accounted_for(text, result)


MORE_PIECES = LINE_PIECES + [
    "CHAPTER TWO – Scope", "PART V", "DEEL II", "AFDELING 1", "Article 1.1", "Article 1.2",
    "ARTÍCULO 1-01:", "Article A", "Article C", "ANNEX 2", "PROTOCOL", "ANEXO I",
    "TEN BLIJKE WAARVAN de gevolmachtigden.", "EN FE DE LO CUAL, firman.", "Scope and Coverage",
    "\fRunning header", "- 7 -", "Section B – General Definitions",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(MORE_PIECES), max_size=50))
def test_no_non_blank_line_is_ever_silently_lost(pieces):
    text = "\n".join(pieces)
    try:
        result = import_text(text, "x-1", "en", "x.txt")
    except DataError as error:
        assert "no article heading" in error.message
        return
    with tempfile.TemporaryDirectory() as folder:
        assert _write_and_check(result.version, Path(folder) / "x-1") == []
    _check_every_line_is_accounted_for(text, result)


def test_a_title_over_several_lines_is_joined_and_reported():
    text = ("AGREEMENT\nBETWEEN STATE A\nAND STATE B\n\nThe Parties,\n\nHave agreed as "
            "follows:\n\nArticle 1\n\nText.\n")
    result = import_text(text, "x-1", "en", "x.txt")
    assert result.version.title == "AGREEMENT BETWEEN STATE A AND STATE B"
    assert [no for no, _ in result.warnings] == [2]


def test_a_heading_wrapped_onto_the_next_line_and_a_sentence_broken_by_a_blank_line():
    text = ("T\n\nArticle 101: Establishment\nof the Free Trade Area\nThe Parties, "
            "consistent with Article V of the\n\nGATS, hereby establish a free trade area.\n")
    result = import_text(text, "x-1", "en", "x.txt")
    article, = result.version.articles
    assert article.heading == "Establishment of the Free Trade Area"
    assert _shape(article) == [(None, "The Parties, consistent with Article V of the GATS, "
                                      "hereby establish a free trade area.")]
    assert "heading wrapped" in dict(result.warnings)[4]


def test_the_line_under_a_bare_article_number_is_its_heading_not_an_annex():
    text = "T\n\nArticle 1\nAnnex\n\nThe annex forms part of this Treaty.\n"
    result = import_text(text, "x-1", "en", "x.txt")
    assert result.version.articles[0].heading == "Annex"
    assert result.version.annexes == ()


@pytest.mark.parametrize("line, n", [("ANNEX I-A", "1-a"), ("Annex 2A", "2a"),
                                     ("ANNEX 1-A: Schedule of Canada", "1-a")])
def test_annex_numbers_with_a_lettered_part(line, n):
    assert parse_annex_heading(line).n == n


def test_a_header_at_regular_intervals_is_dropped_but_not_a_heading_before_numbers():
    """No page numbers or form feeds: a short line every page-length apart
    is a running header, unless an article number follows it each time."""
    body = []
    for i in range(1, 7):
        body += ["Treaty Series – Example", f"Article {i}", "", *(
            f"The Parties agree on matter {i}.{j} of this Treaty." for j in range(1, 16)), ""]
    result = import_text("T\n\n" + "\n".join(body), "x-1", "en", "x.txt")
    assert [no for no, _ in result.dropped] == []  # it comes right before each number
    body = []
    for i in range(1, 7):
        body += [f"Article {i}", "", "The Parties agree as follows.", "",
                 "Treaty Series – Example", "", *(
                     f"The Parties agree on matter {i}.{j} of this Treaty." for j in range(16))]
    result = import_text("T\n\n" + "\n".join(body), "x-1", "en", "x.txt")
    assert len(result.dropped) == 6
    assert all("regular intervals" in why for _, why in result.dropped)
    assert result.unplaced == ()


def test_a_division_word_starting_a_wrapped_line_is_text():
    text = ("T\n\nArticle 1\n\nDisputes about investments shall be settled under the "
            "procedures of\nChapter 11 Investment Disputes and the rules adopted under it.\n"
            "\nCHAPTER TWO\n\nArticle 2\n\nText.\n")
    result = import_text(text, "x-1", "en", "x.txt")
    first = result.version.articles[0].paragraphs[0].text
    assert first.endswith("procedures of Chapter 11 Investment Disputes and the rules "
                          "adopted under it.")
    assert [d.num for d in result.version.divisions()] == ["CHAPTER TWO"]


def test_a_heading_form_continuing_a_hanging_line_is_text():
    text = ("T\n\nArticle 1\n\nThe Parties shall act in accordance with\nArticle 5. The "
            "Parties shall also consult.\n\nArticle 2\nArticle 3\n\nText.\n")
    result = import_text(text, "x-1", "en", "x.txt")
    v = result.version
    assert [a.n for a in v.articles] == ["1", "2", "3"]
    assert v.articles[0].paragraphs[0].text == (
        "The Parties shall act in accordance with Article 5. The Parties shall also consult.")


def test_a_running_header_whose_page_number_changes_is_dropped_at_form_feeds():
    pages = []
    for i in range(1, 5):
        pages.append(f"\fUnited Nations — Treaty Series 1998 No. 1234 — {100 + i}\n\n"
                     f"Article {i}\n\nThe Parties agree on matter {i}.\n")
    result = import_text("T\n\n" + "\n".join(pages), "x-1", "en", "x.txt")
    assert len(result.dropped) == 4
    assert all("its numbers changing" in why for _, why in result.dropped)
    assert [_shape(a) for a in result.version.articles] == [
        [(None, f"The Parties agree on matter {i}.")] for i in range(1, 5)]


def test_numbered_list_items_are_never_page_headers():
    pages = [f"\f1. Scope\n\nArticle {i}\n\n1. Scope\n2. The Parties agree.\n"
             for i in range(1, 4)]
    result = import_text("T\n\n" + "\n".join(pages), "x-1", "en", "x.txt")
    assert result.dropped == ()


def test_article_1er_in_capitals():
    assert parse_article_heading("ARTICLE 1ER").n == "1"


def test_an_unnumbered_annex_word_under_an_annex_number_is_its_heading():
    text = ("T\n\nArticle 1\n\nText.\n\nANNEX I\nSCHEDULE OF THE UNITED STATES\n\n"
            "Tariff items are listed below.\n\nPROTOCOL\n\nArticle 1\n\nMore.\n")
    result = import_text(text, "x-1", "en", "x.txt")
    assert [(a.kind, a.n, a.heading) for a in result.version.annexes] == [
        ("annex", "1", "SCHEDULE OF THE UNITED STATES"), ("protocol", "1", None)]
    assert result.unplaced == ()


def test_a_table_of_contents_is_dropped_when_its_entries_come_again():
    text = ("Example Agreement\n\nTABLE OF CONTENTS\nPreamble\nPART ONE: GENERAL PART\n"
            "Article 1: Scope .......... 1\nArticle 2\nObjectives\nArticle 3: Final ..... 2\n"
            "PART ONE: GENERAL PART\nArticle 1: Scope\nThe Parties agree.\n"
            "Article 2: Objectives\nThe objectives are these.\nArticle 3: Final\nIn force.\n")
    result = import_text(text, "x-1", "en", "x.txt")
    assert [no for no, _ in result.dropped] == list(range(3, 10))
    assert all("table of contents (lines 3–9)" in why for _, why in result.dropped)
    v = result.version
    assert [a.n for a in v.articles] == ["1", "2", "3"]
    assert [d.num for d in v.divisions()] == ["PART ONE"]
    assert result.unplaced == ()


def test_headings_without_text_that_do_not_come_again_are_not_a_table_of_contents():
    text = "T\n\nArticle 1\nArticle 2\nArticle 3\n\nArticle 4\n\nText.\n"
    result = import_text(text, "x-1", "en", "x.txt")
    assert result.dropped == ()
    assert [a.n for a in result.version.articles] == ["1", "2", "3", "4"]


@pytest.mark.parametrize("width", [60, 90])
@pytest.mark.parametrize("name", sorted(p.stem for p in REAL.glob("*.txt")))
def test_real_structure_hard_wrapped_gives_back_the_same_outline_and_words(name, width):
    """The imported excerpt rendered and wrapped at ``width`` (textwrap folds
    runs of spaces where it breaks, so words are compared, not spacing)."""
    version = import_text((REAL / f"{name}.txt").read_text(encoding="utf-8"),
                          "example-2000", "en", name).version
    wrapped = "\n".join(
        "\n".join(textwrap.wrap(line, width, break_on_hyphens=False,
                                break_long_words=False)) for line in
        render_text(version).split("\n"))
    result = import_text(wrapped, "example-2000", "en", name)
    assert result.unplaced == ()
    assert _outline_lines(result.version) == _outline_lines(version)

    def words(v):
        return [" ".join(para.full_text.split()) for prov in v.provisions()
                for para in prov.paragraphs]
    assert words(result.version) == words(version)


def test_a_lone_mixed_case_annex_word_among_the_articles_is_text():
    text = ("T\n\nArticle 1\n\nThe rates are set out below.\n\nSchedule\n\nArticle 2\n\n"
            "Text.\n\nDone at X.\n\nAnnex\n\nThe list.\n")
    result = import_text(text, "x-1", "en", "x.txt")
    v = result.version
    assert [a.n for a in v.articles] == ["1", "2"]
    assert v.articles[0].paragraphs[-1].text == "Schedule"
    assert [(a.kind, a.num) for a in v.annexes] == [("annex", "Annex")]


def test_a_heading_printed_above_the_article_number():
    text = ("T\n\nScope and Coverage\nArticle 1001\n\nThis Chapter applies.\n\n"
            "National Treatment\nArticle 1002\n\nEach Party shall accord treatment.\n\n"
            "Closing words\nArticle 1003\nPerformance Requirements\n\nNo Party may.\n")
    result = import_text(text, "x-1", "en", "x.txt")
    v = result.version
    assert [(a.n, a.heading) for a in v.articles] == [
        ("1001", "Scope and Coverage"), ("1002", "National Treatment"),
        ("1003", "Performance Requirements")]
    # with a heading of its own under the number, the line above stays where it was
    assert v.articles[1].paragraphs[-1].text == "Closing words"
    assert "printed above its number" in dict(result.warnings)[3]
    assert result.unplaced == ()


def test_an_intro_that_reads_like_a_heading_is_marked_and_read_back_as_the_intro():
    text = ("T\n\nPART I\n\nGeneral Principles\n\nThe Parties accept these aims.\n\n"
            "PART II\n\nArticle 1\n\nThe Parties agree.\n\nPROTOCOL\n\nArticle 1\n\nOne.\n")
    result = import_text(text, "x-1", "en", "x.txt")
    part = result.version.divisions()[0]
    # unmarked, the short line under PART I is its heading
    assert (part.heading, [p.text for p in part.intro.paragraphs]) == (
        "General Principles", ["The Parties accept these aims."])
    intro = m.Provision(m.INTRO, "part_1__intro", None, "Introduction", None, (
        m.Paragraph("part_1__intro__para_1", None, "General Principles"),
        m.Paragraph("part_1__intro__para_2", None, "The Parties accept these aims.")),
        True, checked=("import",))
    protocol = result.version.annexes[0]
    annex_intro = dataclasses.replace(intro, eid="protocol_1__intro", paragraphs=(
        m.Paragraph("protocol_1__intro__para_1", None, "Recitals"),))
    version = dataclasses.replace(
        result.version,
        body=(dataclasses.replace(part, heading=None, intro=intro),) + result.version.body[1:],
        articles=None, annexes=(dataclasses.replace(protocol, intro=annex_intro),))
    rendered = render_text(version)
    assert rendered.count("[Intro]") == 2
    back = import_text(rendered, "x-1", "en", "x.txt")
    assert back.unplaced == ()
    assert back.version.body == version.body and back.version.annexes == version.annexes
    assert [why for _, why in back.dropped] == [
        "'[Intro]': the text below is the intro of PART I, not its heading",
        "'[Intro]': the text below is the intro of PROTOCOL, not its heading"]


# ------------------------------------- real texts from legal databases (issue 9)

_CAPITALISED = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöü", min_size=1, max_size=9).map(
    lambda w: "B" + w)  # German-like nouns: a capital never says "new sentence" or "wrapped"


@settings(max_examples=60, deadline=None)
@given(words=st.lists(_CAPITALISED, min_size=60, max_size=120),
       label=st.sampled_from(["(1)", "1.", "a)", "1°", "(12)"]),
       width=st.integers(min_value=60, max_value=90))  # widths the importer can tell
def test_a_hard_wrapped_labelled_paragraph_is_one_paragraph_whatever_its_label(
        words, label, width):
    """The line that holds the label is as long as it is printed: whether the
    next word would have fitted on it is measured with the label (before,
    "(2) Der Vertrag bleibt ... als" / "Bundesrecht geltendes Recht." was
    split into a paragraph and its closing words)."""
    body = textwrap.fill(f"{label} " + " ".join(words) + ".", width)
    assume(body.count("\n") >= 8)  # enough lines to tell the width they were wrapped at
    text = f"Agreement\n\nArticle 1\n\n{body}\n"
    result = import_text(text, "example-2000", "de", "t.txt")
    assert result.unplaced == ()
    (paragraph,) = result.version.body[0].paragraphs
    assert paragraph.wrap_up is None
    assert paragraph.text == " ".join(words) + "."


@pytest.mark.parametrize("line, num, value, kind", [
    ("1°. d'avoir à leur tête une personne", "1°.", "1", "arabic"),
    ("2° de porter les armes", "2°", "2", "arabic"),
    ("3º) de se conformer", "3º)", "3", "arabic"),
    ("a).  — Sao considerados creditos", "a).", "a", "letter"),
    ("a)La defensa de la democracia;", "a)", "a", "letter"),  # the space lost in a copy
    ("(b)The Parties", "(b)", "b", "letter"),
])
def test_ordinal_and_older_item_labels(line, num, value, kind):
    item = parse_item_label(line)
    assert (item.num, item.value, item.kind) == (num, value, kind)


def test_degree_labels_make_one_list_and_the_label_after_a_hanging_line_is_an_item():
    text = ("Règlement\n\nArticle premier\n\nLes lois s'appliquent aux corps réunissant "
            "les conditions suivantes:\n\n1°. d'avoir une personne responsable;\n\n"
            "2°. de porter les armes ouvertement et\n\n3°. de se conformer aux lois.\n")
    (paragraph,) = import_text(text, "example-2000", "fr", "t.txt").version.body[0].paragraphs
    assert [p.num for p in paragraph.points] == ["1°.", "2°.", "3°."]


@pytest.mark.parametrize("line", ["Artigo 1˚", "Artigo  4°", "Artigo 2.º", "Artigo 3º"])
def test_article_numbers_with_any_ordinal_sign(line):
    heading = parse_article_heading(line)
    assert heading is not None and heading.n in "1234" and heading.rest is None


@pytest.mark.parametrize("opening, closing", [
    ("Eingangsformel", "Schlußformel"), ("Aanhef", "Slotformulier"),
    ("Präambel", "Schlussformel"),
])
def test_database_labels_of_the_preamble_and_final_clauses_are_dropped(opening, closing):
    """gesetze-im-internet.de and wetten.overheid.nl print a label above the
    preamble and the final clauses: dropped and reported, and the closing
    label opens the final clauses even when no known formula follows."""
    text = (f"Vertrag\n\n{opening}\n\nDie Parteien -\nsind übereingekommen:\n\nArt 1 Zweck\n\n"
            f"(1) Text eins.\n\n(2) Text zwei.\n\n{closing}\n\nFür die\nBundesrepublik\n")
    result = import_text(text, "example-2000", "de", "t.txt")
    assert result.unplaced == ()
    assert {why.split(" ignored")[0] for _, why in result.dropped} >= {
        repr(opening), repr(closing)}
    assert len(result.version.body[0].paragraphs) == 2
    assert "Bundesrepublik" in result.version.conclusions.paragraphs[0].text
    _check_every_line_is_accounted_for(text, result)


@pytest.mark.parametrize("line, expected", [
    ("ANNEXE à la Convention.", "ANNEXE à la Convention."),
    ("ANNEX to the Agreement", "ANNEX to the Agreement"),
    ("Annex to this Agreement shall apply.", None),
    ("Anhang zu dem Abkommen zwischen der Bundesrepublik Deutschland und den Vereinigten "
     "Staaten von Amerika", "Anhang zu dem Abkommen zwischen der Bundesrepublik Deutschland "
                            "und den Vereinigten Staaten von Amerika"),
    ("Annex shall apply", None),
    ("ANNEX I to this Agreement shall apply as from the date of", None),
])
def test_an_annex_word_in_capitals_with_what_it_is_annexed_to(line, expected):
    heading = parse_annex_heading(line)
    assert (heading.num if heading else None) == expected


def test_titles_and_headings_printed_with_a_full_stop():
    text = ("CONVENTION concernant les lois de la guerre.\n\nLes Puissances,\n\n"
            "Article premier\n\nTexte un.\n\nEn foi de quoi, les Plénipotentiaires ont "
            "signé.\n\nANNEXE à la Convention.\n\nRèglement concernant les lois.\n\n"
            "SECTION I\n\n– DES BELLIGERANTS.\n\nArticle premier\n\nTexte deux.\n\n"
            "SECTION II\n\nIl y a deux phrases. Ceci est du texte.\n\nArticle 2\n\nTexte.\n")
    result = import_text(text, "example-2000", "fr", "t.txt")
    v = result.version
    assert v.title == "CONVENTION concernant les lois de la guerre."
    (annex,) = v.annexes
    assert (annex.num, annex.heading) == ("ANNEXE à la Convention.",
                                          "Règlement concernant les lois.")
    first, second = annex.items
    assert first.heading == "– DES BELLIGERANTS."
    assert second.heading is None and second.intro is not None  # two sentences: text


def test_a_heading_under_the_number_wrapped_onto_a_second_line():
    text = ("Vertrag\n\nArt 43\nÜbergangsvorschrift für den Bundesrat bis zur Bildung von\n"
            "Landesregierungen\n\nVon der Bildung der Länder an.\n\nArt 44\nRechtswahrung\n\n"
            "Rechte können geltend gemacht werden.\n")
    result = import_text(text, "example-2000", "de", "t.txt")
    first, second = result.version.body
    assert first.heading == ("Übergangsvorschrift für den Bundesrat bis zur Bildung von "
                             "Landesregierungen")
    assert [p.text for p in first.paragraphs] == ["Von der Bildung der Länder an."]
    assert second.heading == "Rechtswahrung"


def test_a_phrase_with_a_full_stop_alone_under_a_division_is_its_text():
    text = ("Agreement\n\nPART I\n\nThe Parties agree.\n\nPART II\n\nArticle 1\n\nText.\n")
    result = import_text(text, "example-2000", "en", "t.txt")
    first = result.version.body[0]
    assert first.heading is None and first.intro.paragraphs[0].text == "The Parties agree."


@pytest.mark.parametrize("width", [40, 60, 200])
def test_a_long_annexed_to_label_after_the_final_clauses_and_a_source_note(width):
    """gesetze-im-internet.de prints "Anhang zu dem Abkommen zwischen ..." on
    one long line, then "(Fundstelle: ...)": the label is read whole however
    it is wrapped, the note is dropped, and the numbered notes are text."""
    label = ("Anhang zu dem Abkommen zwischen der Bundesrepublik Deutschland und den "
             "Vereinigten Staaten von Amerika über die zu gewährenden Abgabenvergünstigungen")
    text = ("Abkommen\n\nArt I\n\nText.\n\nZU URKUND DESSEN haben die Vertreter "
            "unterzeichnet.\n\n" + "\n".join(textwrap.wrap(label, width))
            + "\n\n(Fundstelle: BGBl. II 1955, 826 - 828)\n\n1.\nZu Artikel I\n"
            "Die Vergünstigungen gelten nicht.\n")
    result = import_text(text, "example-2000", "de", "t.txt")
    assert result.unplaced == ()
    (annex,) = result.version.annexes
    assert (annex.num, annex.heading) == (label, None)
    assert [why for _, why in result.dropped if "Fundstelle" in why]
    _check_every_line_is_accounted_for(text, result)


def test_a_bare_number_under_a_division_is_not_its_heading():
    text = "Agreement\n\nPART I\n\n1.\nThe Parties agree.\n\nArticle 1\n\nText.\n"
    division = import_text(text, "example-2000", "en", "t.txt").version.body[0]
    assert division.heading is None


_BLOCK_ARTICLE = "Artikel {n}\n\n{heading}\n\n{text}\n"


@given(headings=st.lists(st.lists(st.sampled_from(_HEAD_WORDS), min_size=1, max_size=5)
                         .map(" ".join), min_size=2, max_size=8))
@settings(max_examples=50, deadline=None)
def test_headings_in_blocks_of_their_own_are_read_when_the_text_shows_the_layout(headings):
    """Web-page copies print each heading as a block between blank lines."""
    text = "Verdrag\n\n" + "\n".join(
        _BLOCK_ARTICLE.format(n=i, heading=h, text=f"Tekst van artikel {i}.")
        for i, h in enumerate(headings, 1))
    result = import_text(text, "example-2000", "nl", "t.txt")
    assert [a.heading for a in result.version.body] == headings
    assert all(len(a.paragraphs) == 1 for a in result.version.body)


def test_one_short_first_paragraph_alone_is_not_a_heading():
    text = ("Treaty\n\nArticle 1\n\nPurpose\n\nThe Parties agree.\n\nArticle 2\n\n"
            "The Parties shall meet.\n\nArticle 3\n\nThis Treaty enters into force.\n")
    body = import_text(text, "example-2000", "en", "t.txt").version.body
    assert [a.heading for a in body] == [None, None, None]
    assert [p.text for p in body[0].paragraphs] == ["Purpose", "The Parties agree."]


@pytest.mark.parametrize("line", ["b)c", "a)and", "1.El", "(a)the"])
def test_a_label_glued_to_a_word_in_lower_case_is_not_a_label(line):
    assert parse_item_label(line) is None


def test_bare_numbers_close_together_number_paragraphs_not_pages():
    """"1" / text / "2" / text: numbers closer than a page are kept (legal
    databases print numbered principles so); page numbers a page apart go."""
    principles = "\n\n".join(f"{n}\n\nPrinciple number {n} of the Parties." for n in (1, 2, 3))
    text = f"Charter\n\nPART I\n\nThe Parties accept as aims:\n\n{principles}\n\nPART II\n\n"
    text += "\n".join(f"Article {n}\n\nThe Parties shall act {n}.\n" for n in range(1, 9))
    result = import_text(text, "example-2000", "en", "t.txt")
    assert result.dropped == ()
    intro = [p.text for p in result.version.body[0].intro.paragraphs]
    assert intro[1:4] == ["1", "Principle number 1 of the Parties.", "2"]
    paged = "\n".join(f"Article {n}\n\n" + "The Parties act.\n" * 20 + f"\n{n}\n"
                      for n in range(1, 4))
    dropped = import_text("Treaty\n\n" + paged, "example-2000", "en", "t.txt").dropped
    assert [why for _, why in dropped] == [f"page number '{n}' ignored" for n in (1, 2, 3)]


def _grouped_text(headings: dict[int, str], count: int) -> str:
    parts = ["Overeenkomst\n\nDe Partijen zijn overeengekomen:\n"]
    for n in range(1, count + 1):
        if n in headings:
            parts.append(f"{headings[n]}\n")
        parts.append(f"Artikel {n}\n\nDe Partijen doen {n}.\n\nZij melden het.\n")
    return "\n".join(parts)


def test_headings_without_numbers_between_articles_group_them():
    text = _grouped_text({1: "Algemene bepalingen", 3: "Slotbepalingen"}, 5)
    result = import_text(text, "example-2000", "nl", "t.txt")
    assert result.unplaced == ()
    groups = result.version.body
    assert [(d.kind, d.num, d.heading, [a.n for a in d.items]) for d in groups] == [
        ("part", None, "Algemene bepalingen", ["1", "2"]),
        ("part", None, "Slotbepalingen", ["3", "4", "5"])]
    back = import_text(render_text(result.version), "example-2000", "nl", "t.txt")
    assert back.version.body == result.version.body
    _check_every_line_is_accounted_for(text, result)


def test_one_such_line_or_one_above_every_article_makes_no_groups():
    for headings in ({3: "Slotbepalingen"}, {n: f"Kop {n}" for n in range(1, 5)}):
        body = import_text(_grouped_text(headings, 4), "example-2000", "nl", "t.txt").version.body
        assert all(isinstance(item, m.Provision) for item in body)
