"""Writing treaty XML: every shipped treaty round-trips through the writer,
the output validates and keeps every text exactly; and the scaffold for a
new treaty validates, loads and marks every placeholder."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from treatycmp import model as m
from treatycmp import store
from treatycmp.contrib.plaintext import import_text
from treatycmp.contrib.scaffold import (PLACEHOLDER, PLACEHOLDER_DATE, find_placeholders,
                                scaffold_treaty)
from treatycmp.store.write import version_to_xml, work_to_xml
from conftest import CORPUS, DEMO

TREATIES = ([(CORPUS, t.id) for t in store.load_corpus(CORPUS).treaties]
            + [(DEMO, t.id) for t in store.load_corpus(DEMO).treaties])


def _without_locations(value):
    """The model without ``path`` and ``line`` (where it was read from)."""
    if isinstance(value, tuple):
        return tuple(_without_locations(v) for v in value)
    if dataclasses.is_dataclass(value):
        changes = {f.name: _without_locations(getattr(value, f.name))
                   for f in dataclasses.fields(value)}
        changes.update({k: None for k in ("path", "line") if k in changes})
        return type(value)(**changes)
    return value


def _write(treaty: m.Treaty, root: Path) -> Path:
    folder = root / treaty.id
    folder.mkdir(parents=True)
    (folder / "treaty.xml").write_bytes(work_to_xml(treaty.work))
    for version in treaty.versions:
        (folder / f"{version.lang}.xml").write_bytes(version_to_xml(version))
    return folder


@pytest.mark.parametrize("root, treaty_id", TREATIES, ids=[t for _, t in TREATIES])
def test_written_treaty_validates_and_loads_back_equal(root, treaty_id, tmp_path):
    treaty = store.load_treaty(root, treaty_id)
    folder = _write(treaty, tmp_path)
    assert [p for f in sorted(folder.iterdir()) for p in store.check_file(f)] == []
    assert _without_locations(store.load_treaty(tmp_path, treaty_id)) == \
        _without_locations(treaty)


def _texts(paragraph: m.Paragraph | m.Point):
    yield paragraph.text
    for point in paragraph.points:
        yield from _texts(point)
    if getattr(paragraph, "wrap_up", None) is not None:
        yield paragraph.wrap_up


@pytest.mark.parametrize("root, treaty_id", TREATIES, ids=[t for _, t in TREATIES])
def test_every_text_is_written_on_one_line_exactly(root, treaty_id):
    treaty = store.load_treaty(root, treaty_id)
    for version in treaty.versions:
        lines = {line.strip() for line in version_to_xml(version).decode().split("\n")}
        for provision in version.provisions():
            for paragraph in provision.paragraphs:
                for text in _texts(paragraph):
                    assert f"<p>{escape(text)}</p>" in lines
            for note in provision.notes:
                assert f"<note>{escape(note)}</note>" in lines


def test_output_shape_declaration_indentation_and_utf8():
    treaty = store.load_treaty(DEMO, "demo-2000")
    data = version_to_xml(treaty.version("fr"))
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n'
                           b'<text treaty="demo-2000" xml:lang="fr" schemaVersion="2" '
                           b'authority="authentic">\n  <meta>')
    assert "Traité d’exemple".encode("utf-8") in data      # characters, not &#8217;
    assert b"&#" not in data
    assert b'\n      <para n="1">\n        <num>1.</num>\n' in data
    assert b'\n        <point n="a">\n          <num>a)</num>\n' in data
    assert data.endswith(b"</text>\n")
    assert data == version_to_xml(treaty.version("fr"))    # deterministic


def test_unnumbered_items_get_no_n_and_eids_survive(tmp_path):
    treaty = store.load_treaty(CORPUS, "nato-1949")
    data = version_to_xml(treaty.version("en")).decode("utf-8")
    article_6 = data[data.index('<article n="6"'):data.index('<article n="7"')]
    assert "<point>" in article_6 and "<point n=" not in article_6
    assert "<para>" in article_6


def test_odd_characters_are_kept_exactly(tmp_path):
    demo = store.load_treaty(DEMO, "demo-2000")
    odd = "A  double space, a\u00a0no-break space, œ, « guillemets », <tags> & “quotes”"
    article = dataclasses.replace(demo.version("fr").articles[0], paragraphs=(
        m.Paragraph("art_1__para_1", None, odd),))
    version = dataclasses.replace(demo.version("fr"),
                                  articles=(article,) + demo.version("fr").articles[1:])
    treaty = dataclasses.replace(demo, versions=(demo.version("en"), version))
    _write(treaty, tmp_path)
    back = store.load_treaty(tmp_path, "demo-2000").version("fr")
    assert back.articles[0].paragraphs[0].text == odd


@pytest.mark.parametrize("change, words", [
    (lambda v: dataclasses.replace(v, title=""), "non-empty"),
    (lambda v: dataclasses.replace(v, title="Two\nlines"), "one line"),
    (lambda v: dataclasses.replace(v, title=" Padded"), "leading or trailing"),
    (lambda v: dataclasses.replace(v, articles=()), "at least one article"),
    (lambda v: dataclasses.replace(v, articles=(dataclasses.replace(
        v.articles[2], notes=()),)), "exactly one note"),
    (lambda v: dataclasses.replace(v, articles=(dataclasses.replace(
        v.articles[0], transcribed=False),)), "no wording"),
    (lambda v: dataclasses.replace(v, articles=(dataclasses.replace(
        v.articles[0], checked=()),)), "checked against"),
    (lambda v: dataclasses.replace(v, preamble=dataclasses.replace(
        v.preamble, paragraphs=(m.Paragraph("preamble__recital_1", "1.", "x"),))),
     "plain paragraphs"),
])
def test_values_the_schema_cannot_hold_are_refused(change, words):
    version = store.load_treaty(DEMO, "demo-2000").version("fr")
    with pytest.raises(ValueError, match=words):
        version_to_xml(change(version))


def test_work_needs_citations_or_a_reason_but_not_both():
    work = store.load_treaty(DEMO, "demo-2000").work
    with pytest.raises(ValueError, match="no citation"):
        work_to_xml(dataclasses.replace(work, no_citation_reason=None))
    with pytest.raises(ValueError, match="not both"):
        work_to_xml(dataclasses.replace(work, citations=(m.Citation("1 UNTS 1"),)))
    data = work_to_xml(dataclasses.replace(work, no_citation_reason=None, citations=(
        m.Citation("1 UNTS 1"), m.Citation("2 Stat. 3", verified=False))))
    assert b"<citation>1 UNTS 1</citation>" in data
    assert b'<citation verified="false">2 Stat. 3</citation>' in data


def test_comments_go_before_their_element_and_reject_double_hyphens():
    version = store.load_treaty(DEMO, "demo-2000").version("fr")
    data = version_to_xml(version, comments={".": "first\nsecond",
                                             "body/article": "an article"}).decode()
    assert data.split("\n")[1:4] == ["<!-- first", "     second -->",
                                     '<text treaty="demo-2000" xml:lang="fr" '
                                     'schemaVersion="2" authority="authentic">']
    assert '    <!-- an article -->\n    <article n="1"' in data
    with pytest.raises(ValueError, match="--"):
        version_to_xml(version, comments={"meta": "a -- b"})
    with pytest.raises(ValueError, match="no such element"):
        version_to_xml(version, comments={"nowhere": "x"})


# ------------------------------------------------------------- scaffold

def _scaffold_folder(root: Path, treaty_id: str, lang: str) -> Path:
    folder = root / treaty_id
    folder.mkdir(parents=True)
    for name, text in scaffold_treaty(treaty_id, lang).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_scaffold_validates_and_loads(tmp_path, lang):
    folder = _scaffold_folder(tmp_path, "example-2030", lang)
    assert sorted(p.name for p in folder.iterdir()) == sorted(["treaty.xml", f"{lang}.xml"])
    for path in folder.iterdir():
        assert store.check_file(path) == [], path.name
    treaty = store.load_treaty(tmp_path, "example-2030")
    version = treaty.version(lang)
    assert treaty.work.authentic_languages == (lang,)
    assert treaty.work.signed_date == PLACEHOLDER_DATE
    assert [a.n for a in version.articles] == ["1"]
    assert version.articles[0].transcribed is False
    assert version.articles[0].notes[0].startswith(PLACEHOLDER)
    assert not version.preamble.transcribed and not version.conclusions.transcribed


def test_scaffold_has_every_metadata_field_each_explained():
    files = scaffold_treaty("example-2030", "en")
    work, text = files["treaty.xml"], files["en.xml"]
    for element in ("signed", "entryIntoForce", "parties", "depositary",
                    "authenticLanguages", "citations", "status", "note"):
        assert f"-->\n  <{element}" in work, element
    assert 'by="' in work
    for element in ("title", "state", "sources", "note"):
        assert f"-->\n    <{element}" in text, element
    for element in ("preamble", "conclusions"):
        assert f"-->\n  <{element}" in text, element
    assert "-->\n    <article" in text
    assert "translationOf" in text and "<translator>" in text  # explained in a comment
    assert "0001-01-01" not in work + text


def test_scaffold_placeholders_are_marked_and_found():
    files = scaffold_treaty("example-2030", "en")
    treaty_lines = find_placeholders(files["treaty.xml"])
    assert [line.split()[0] for _, line in treaty_lines] == [
        "<signed", "<entryIntoForce>TO", "<party>TO", "<depositary>TO",
        "<citation", "<status", "<note>TO"]
    text_lines = find_placeholders(files["en.xml"])
    assert len(text_lines) == 8  # title, short title, state, source, note, 3 notes
    source = files["en.xml"].split("\n")
    assert all(PLACEHOLDER in source[no - 1] for no, _ in text_lines)
    signed = next(line for line in files["treaty.xml"].split("\n") if "<signed" in line)
    filled = files["treaty.xml"].replace(
        signed, '  <signed date="1951-09-01" place="San Francisco"/>')
    assert [line.split()[0] for _, line in find_placeholders(filled)][0] == \
        "<entryIntoForce>TO"


@pytest.mark.parametrize("treaty_id, lang", [
    ("..", "en"), ("Nato-1949", "en"), ("nato_1949", "en"), ("a/b", "en"), ("", "en"),
    ("nato--1949", "en"), ("nato-1949", "EN"), ("nato-1949", "e"), ("nato-1949", "../x")])
def test_scaffold_refuses_bad_ids(treaty_id, lang):
    with pytest.raises(ValueError):
        scaffold_treaty(treaty_id, lang)


def test_contributor_workflow_scaffold_then_import(tmp_path):
    """treatycmp new, then treatycmp import: the folder validates and loads."""
    folder = _scaffold_folder(tmp_path, "example-2030", "en")
    text = ("Example Treaty\n\nThe Parties agree as follows:\n\nArticle 1\n\n"
            "The Parties establish a council.\n\nDone at Example City, 1 May 2030.\n")
    imported = import_text(text, "example-2030", "en", "example.txt").version
    (folder / "en.xml").write_bytes(version_to_xml(imported))
    count, problems = store.check_files([folder])
    assert (count, problems) == (2, [])
    treaty = store.load_treaty(tmp_path, "example-2030")
    assert treaty.version("en").articles[0].paragraphs[0].text == \
        "The Parties establish a council."
    assert treaty.version("en").title == "Example Treaty"
    assert treaty.work.signed_date != dt.date(1, 1, 1)
