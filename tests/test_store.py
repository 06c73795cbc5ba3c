"""The store: safe parsing, validation messages, loading, eIds."""

from __future__ import annotations

import resource
import time
from pathlib import Path

import pytest

from treatycmp import store
from treatycmp.errors import DataError, LookupFailed
from conftest import CORPUS, DEMO, INVALID

# One defect per file: (file, expected line, words the message must contain).
INVALID_CASES = [
    ("malformed.xml", 6, "not well-formed XML"),
    ("entity-bomb.xml", 2, "DOCTYPE declaration is not allowed"),
    ("external-entity.xml", 2, "DOCTYPE declaration is not allowed"),
    ("unknown-element.xml", 21, "unknown element <footnote>"),
    ("schema-missing-sources.xml", 7, "schema:"),
    ("duplicate-article.xml", 23, "article number 1 is used twice (first on line 18)"),
    ("unknown-source.xml", 23, "checked='gazette' names no <source>"),
    ("line-break-in-text.xml", 21, "line break"),
    ("invisible-text.xml", 22, "<p> text holds no visible character (only U+00AD, U+200B)"),
    ("untranscribed-with-text.xml", 38, "schema:"),
    ("bad-date.xml", 8, "accessed"),
    ("translation-without-translator.xml", 2, "names its translator"),
    ("schema-version-1.xml", 2, "treatycmp migrate"),
    ("upper-case-key.xml", 71, "<article n='A'>: a key is lower-case"),
    ("duplicate-key-across-divisions.xml", 56,
     "article number 1.01 is used twice (first on line 21)"),
    ("duplicate-annex-article.xml", 77, "article number a is used twice (first on line 71)"),
    ("duplicate-annex.xml", 89, "protocol-1 is used twice (first on line 84)"),
    ("duplicate-division.xml", 33, "chapter number 1 is used twice here (first on line 18)"),
]


@pytest.mark.parametrize("name, line, words", INVALID_CASES)
def test_each_broken_fixture_is_reported_with_file_line_and_reason(name, line, words):
    problems = store.check_file(INVALID / name)
    assert problems, f"{name} should be invalid"
    first = problems[0]
    assert first.path == str(INVALID / name)
    assert first.line == line
    assert words in first.message
    assert str(first).startswith(f"{INVALID / name}:{line}")


def test_every_invalid_fixture_is_covered():
    assert {p.name for p in INVALID.glob("*.xml")} == {c[0] for c in INVALID_CASES}


def test_demo_corpus_is_valid():
    count, problems = store.check_files([DEMO])
    assert count == len(list(DEMO.glob("*/*.xml"))) >= 3 and problems == []


def test_entity_bomb_is_refused_fast_without_growing_memory(tmp_path):
    rows = "".join(f'<!ENTITY e{i} "{"&e%d;" % (i - 1) * 10}">' for i in range(1, 12))
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE t [<!ENTITY e0 "lol">{rows}]>'
                    '<treaty id="x">&e11;</treaty>')
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    with pytest.raises(DataError, match="DOCTYPE"):
        store.parse_xml(bomb)
    assert time.perf_counter() - start < 1.0
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 50_000


def test_utf16_doctype_is_refused_too(tmp_path):
    path = tmp_path / "x.xml"
    path.write_bytes('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE t [<!ENTITY a "b">]>'
                     '<treaty>&a;</treaty>'.encode("utf-16"))
    with pytest.raises(DataError, match="DOCTYPE"):
        store.parse_xml(path)


def test_loaded_demo_has_eids_and_exact_text():
    treaty = store.load_treaty(DEMO, "demo-2000")
    fr = treaty.version("fr")
    assert [p.eid for p in fr.provisions()] == [
        "preamble", "art_1", "art_2", "art_3", "conclusions"]
    art2 = fr.find("2")
    assert [p.eid for p in art2.paragraphs] == ["art_2__para_1", "art_2__para_2"]
    assert [pt.eid for pt in art2.paragraphs[0].points] == [
        "art_2__para_1__point_a", "art_2__para_1__point_b"]
    assert art2.paragraphs[0].lines() == (
        "Les Parties s’engagent :", "a) à se consulter ;", "b) à s’assister.")
    assert fr.preamble.paragraphs[0].eid == "preamble__recital_1"
    assert art2.superseded[0].paragraphs[0].text == "Les Parties se consultent."
    assert not fr.find("3").transcribed and fr.find("3").notes
    assert fr.find("1").label == "Article premier"
    assert treaty.version("en").authority_label == "unofficial translation by treatycmp"


@pytest.mark.parametrize("bad", ["..", "../etc", "a/b", "nato_1949", ""])
def test_treaty_ids_never_become_paths(bad):
    with pytest.raises(LookupFailed, match="not a treaty id"):
        store.load_treaty(DEMO, bad)


def test_unknown_treaty_lists_what_exists():
    with pytest.raises(LookupFailed, match="available: demo-2000"):
        store.load_treaty(DEMO, "nato-1949")


def test_one_broken_file_does_not_stop_the_others(demo_copy: Path):
    (demo_copy / "demo-2000" / "en.xml").write_text("<text>", encoding="utf-8")
    corpus = store.load_corpus(demo_copy)
    assert "demo-2000" in [t.id for t in corpus.treaties]
    assert corpus.treaty("demo-2000").languages == ("fr",)
    assert len(corpus.problems) == 1 and "en.xml" in str(corpus.problems[0])


def test_layout_rules_apply_inside_a_treaty_folder(demo_copy: Path):
    folder = demo_copy / "demo-2000"
    (folder / "fr.xml").rename(folder / "de.xml")
    problems = store.check_file(folder / "de.xml")
    assert any("belongs in a file named fr.xml" in p.message for p in problems)


def test_folder_without_work_file_is_reported(demo_copy: Path):
    (demo_copy / "stray").mkdir()
    (demo_copy / "stray" / "en.xml").write_text("<x/>", encoding="utf-8")
    _, problems = store.check_files([demo_copy])
    assert any("has no treaty.xml" in str(p) for p in problems)


def test_authentic_language_must_be_listed_in_the_work(demo_copy: Path):
    work = demo_copy / "demo-2000" / "treaty.xml"
    work.write_text(work.read_text(encoding="utf-8").replace('code="fr"', 'code="de"'),
                    encoding="utf-8")
    corpus = store.load_corpus(demo_copy)
    assert any("marked authentic" in str(p) for p in corpus.problems)


def test_default_corpus_root_prefers_the_environment(tmp_path):
    assert store.default_corpus_root({"TREATYCMP_CORPUS": str(tmp_path)}) == tmp_path
    assert (store.default_corpus_root({}) / "nato-1949").is_dir()


def test_a_text_as_amended_names_its_amending_instrument_in_the_citation(demo_copy: Path):
    """``<state kind="as-amended" by="...">``: the citation line a reader
    copies says which instrument the numbering and wording follow."""
    from treatycmp.model import cite
    corpus = store.load_corpus(store.default_corpus_root())
    brussels = corpus.treaty("brussels-1948")
    line = cite(brussels, brussels.versions[0])
    assert line.endswith("19 UNTS 51 (unverified), as amended by the Protocol modifying "
                         "and completing the Brussels Treaty, Paris, 23 October 1954")
    path = demo_copy / "demo-2000" / "en.xml"
    source = path.read_text(encoding="utf-8")
    assert 'kind="as-amended"' in source
    for state, valid in (('kind="as-amended" by="the Protocol of Lyon, Lyon, 2 May 2005"', True),
                         ('kind="as-signed" by="the Protocol of Lyon, Lyon, 2 May 2005"', False),
                         ('kind="as-amended" by=""', False)):
        path.write_text(source.replace('kind="as-amended"', state, 1), encoding="utf-8")
        problems = store.check_file(path)
        assert (not problems) == valid, (state, problems)
        if valid:
            treaty = store.load_corpus(demo_copy).treaty("demo-2000")
            version = next(v for v in treaty.versions if v.lang == "en")
            assert version.amended_by == "the Protocol of Lyon, Lyon, 2 May 2005"
            assert cite(treaty, version).endswith(", as amended by the Protocol of Lyon, Lyon, "
                                                  "2 May 2005")


@pytest.mark.parametrize("edit, expected", [
    (lambda s: s.replace("<p>", "<p/><p>", 1),
     "schema: empty text or attribute value: it needs at least one character"),
    (lambda s: "\n".join(l for l in s.split("\n") if "<state" not in l),
     "schema: unexpected element <sources> there: an element before it is missing or "
     "out of order"),
])
def test_schema_messages_name_the_problem_once_in_plain_words(demo_copy: Path, edit, expected):
    path = demo_copy / "demo-2000" / "en.xml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    problems = store.check_file(path)
    assert len(problems) == 1, problems  # not once more for every enclosing element
    assert expected in problems[0].message and problems[0].line


@pytest.mark.parametrize("text, visible", [
    ("\u200b", False), ("\u00ad\u200d\ufeff", False), ("\u2060", False), ("\u2800", False),
    ("\u3164", False), ("\ufe0f", False), ("\u180b", False), ("\u0301", False),
    ("Ver\u00adtrag", True), ("\u200ba", True), ("\u00ab", True), ("5", True), ("\ue000", True),
    ("e\u0301", True)])
def test_a_text_of_invisible_characters_only_is_refused(tmp_path, text, visible):
    """Audit 5, 10: a paragraph holding only a zero-width space validated and
    showed as an empty row."""
    from xml.sax.saxutils import escape
    fixture = (INVALID / "invisible-text.xml").read_text()
    path = tmp_path / "x.xml"
    path.write_text(fixture.replace("&#x200b;&#xad;", escape(text)), encoding="utf-8")
    problems = store.check_file(path)
    assert bool(problems) != visible, problems


@pytest.mark.parametrize("value, problem", [
    ("&#x200b;", "holds no visible character (only U+200B)"),
    ("&#x2800;", "holds no visible character (only U+2800)"),
    ("&#x3164;&#xad;", "holds no visible character (only U+00AD, U+3164)"),
    (" Washington", "starts or ends with a space"),
    ("Washington ", "starts or ends with a space"),
    ("Washington", None), ("Bamako&#x200b;", None), ("S&#xe3;o Paulo", None)])
def test_a_place_of_signature_is_wording_a_reader_sees(tmp_path, value, problem):
    """Audit 8, finding 4: a place of signature (or the instrument that
    amended a text) with nothing visible, or padded, validated; element text
    was already refused so."""
    source = (CORPUS / "nato-1949" / "treaty.xml").read_text(encoding="utf-8")
    assert 'place="Washington"' in source
    path = tmp_path / "nato-1949" / "treaty.xml"
    path.parent.mkdir()
    path.write_text(source.replace('place="Washington"', f'place="{value}"'), encoding="utf-8")
    problems = store.check_file(path)
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problem in problems[0].message, problems
        assert "attribute place of <signed>" in problems[0].message and problems[0].line == 3


def test_the_instrument_that_amended_a_text_is_wording_a_reader_sees(tmp_path):
    import re
    source = (CORPUS / "nato-1949" / "en.xml").read_text(encoding="utf-8")
    path = tmp_path / "en.xml"
    path.write_text(re.sub(r'by="[^"]*"', 'by="&#x200b;"', source, count=1), encoding="utf-8")
    problems = store.check_file(path)
    assert [p.message for p in problems] == [
        "attribute by of <state> holds no visible character (only U+200B): store the wording "
        "as printed"]
