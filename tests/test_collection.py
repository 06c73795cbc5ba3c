"""import-collection: a folder of ToTA XML files or plain texts, one treaty each.

No ToTA text is used here (the corpus is CC BY-NC): every file is made by
:func:`tota_xml` from made-up words, in ToTA's format with the variants the
real corpus shows (chapters with and without number or name, a Preamble and
a Conclusion chapter, articles without number or name, numbers repeated,
texts wrapped over lines with blank lines, tabs and runs of spaces, empty
articles, Spanish and French texts, meta fields missing or empty).
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from treatycmp import store
from treatycmp.cli import main
from treatycmp.cli.base import INTERNAL_ERROR
from treatycmp.contrib import collection as col
from treatycmp.contrib.tota import UNNUMBERED, article_key, split_paragraphs
from treatycmp.errors import DataError
from conftest import DATA, DEMO

WORDS = ("pact", "parties", "shall", "trade", "goods", "tariff", "origin", "accord",
         "mesure", "œuvre", "acuérdase", "régimen", "duty", "zone", "Council", "annex",
         "“quoted”", "R&D", "a<b", "l’État", "5%", "1.", "(a)")


# ---------------------------------------------------------------- generator

@dataclass
class Article:
    text: str
    number: str | None = None
    name: str | None = None
    identifier: str | None = "1"


@dataclass
class Chapter:
    articles: list[Article]
    number: str | None = None
    name: str | None = None


@dataclass
class Tota:
    """A made-up treaty in ToTA's format."""

    chapters: list[Chapter]
    meta: dict[str, str] = field(default_factory=lambda: {
        "name": "Atlantis - Utopia", "type": "Free Trade Agreement", "wto_rta_id": "7",
        "treaty_identifier": "7", "status": "In Force", "date_signed": "2001-02-03",
        "date_into_force": "2002-03-04", "date_inactive": "", "language": "en"})
    parties: tuple[str, ...] = ("ATL", "UTO")
    extra_body: str = ""  # markup put into <body> as it is (hostile variants)

    def xml(self) -> str:
        meta = "".join(f"    <{k}>{escape(v)}</{k}>\n" if v else f"    <{k}/>\n"
                       for k, v in self.meta.items())
        parties = "".join(f'      <partyisocode n="{i}">{p}</partyisocode>\n'
                          for i, p in enumerate(self.parties, 1))
        chapters = []
        for c in self.chapters:
            attrs = _attrs(number=c.number, name=c.name, chapter_identifier="1")
            arts = "".join(f"      <article{_attrs(number=a.number, name=a.name, article_identifier=a.identifier)}>"
                           f"{escape(a.text)}</article>\n" for a in c.articles)
            chapters.append(f"    <chapter{attrs}>\n{arts}    </chapter>\n")
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<treaty>\n  <meta>\n'
                f"{meta}    <parties_original>\n{parties}    </parties_original>\n"
                f'    <source lang="en" type="full text">http://example.org/t.pdf</source>\n'
                f"  </meta>\n  <body>\n{''.join(chapters)}{self.extra_body}  </body>\n</treaty>\n")


def _attrs(**values) -> str:
    return "".join(f" {k}={quoteattr(v)}" for k, v in values.items() if v is not None)


def simple(n_articles: int = 3, **meta) -> Tota:
    treaty = Tota([Chapter([Article("We the Parties agree.")], name="Preamble"),
                   Chapter([Article(f"{i}. The Parties shall trade\ngoods freely.\n\n(a) \tduty"
                                    f" {i};", f"ARTICLE {i}", f"Scope {i}")
                            for i in range(1, n_articles + 1)], "CHAPTER 1", "General"),
                   Chapter([Article("Done at Atlantis.")], name="Conclusion")])
    treaty.meta.update(meta)
    return treaty


def write_collection(folder: Path, treaties: dict[str, Tota]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, treaty in treaties.items():
        (folder / name).write_text(treaty.xml(), encoding="utf-8")
    return folder


# Texts: words, spaces, line breaks, blank lines and tabs in any arrangement.
_space = st.sampled_from([" ", " ", " ", "  ", "\n", "\n    ", " \n\n", "\n\n\n", "\t", " \t"])
texts = st.lists(st.tuples(st.sampled_from(WORDS), _space), max_size=25).map(
    lambda parts: "".join(w + s for w, s in parts))
numbers = st.one_of(st.none(), st.sampled_from(["ARTICLE 1", "ARTICLE 2", "ARTÍCULO 3-02",
                                                "ARTICLE 1.1", "Article - 4", "ARTICLE IV",
                                                "5", "ARTICLE G-9", "ARTICLE", "???"]))
names = st.one_of(st.none(), st.just(""), st.sampled_from(["Scope", "Definiciones",
                                                           "Règles d’origine"]))
articles = st.builds(Article, texts, numbers, names)
chapters = st.builds(Chapter, st.lists(articles, max_size=4),
                     st.one_of(st.none(), st.sampled_from(["CHAPTER 1", "CHAPTER TWO",
                                                           "TITLE III", "CAPÍTULO 4",
                                                           "CHAPTER 1", "Part x"])),
                     names)


@st.composite
def totas(draw) -> Tota:
    body = draw(st.lists(chapters, min_size=1, max_size=4))
    body[0].articles.append(Article("Article text.", "ARTICLE 99", None))  # at least one
    if draw(st.booleans()):
        body.insert(0, Chapter(draw(st.lists(articles, max_size=2)), name="Preamble"))
    if draw(st.booleans()):
        body.append(Chapter(draw(st.lists(articles, max_size=2)), name="Conclusion"))
    treaty = Tota(body)
    treaty.meta["language"] = draw(st.sampled_from(["en", "es", "fr"]))
    for key in draw(st.sets(st.sampled_from(["date_signed", "date_into_force", "status",
                                             "name", "type"]))):
        treaty.meta[key] = draw(st.sampled_from(["", "2005-13-45", "Inactive"]))
    return treaty


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def run(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args],
                              env={"TREATYCMP_CORPUS": None, "TREATYCMP_DEBUG": None,
                                   **(env or {})})


def assert_one_line_errors(result) -> None:
    assert "Traceback" not in result.output and INTERNAL_ERROR not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


# ---------------------------------------------------------------- ToTA files

@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(treaty=totas())
def test_any_tota_file_imports_with_its_words_exactly(tmp_path_factory, treaty):
    root = tmp_path_factory.mktemp("tota")
    folder = write_collection(root / "xml", {"pta_1.xml": treaty})
    corpus = root / "corpus"
    corpus.mkdir()
    options = col.Options("tota")
    [result] = col.import_collection([folder / "pta_1.xml"], {folder / "pta_1.xml": "pta-1"},
                                     corpus, options, "xml")
    assert result.error is None, result.error
    loaded = store.load_treaty(corpus, "pta-1")  # raises on any problem: it validates
    assert loaded.is_draft and loaded.languages == (treaty.meta["language"],)
    version = loaded.versions[0]
    body = treaty.chapters[:]
    pre = body.pop(0) if body[0].name == "Preamble" else None
    post = body.pop() if body and body[-1].name == "Conclusion" else None
    given_articles = [a for c in body for a in c.articles]
    assert len(version.articles) == len(given_articles)
    assert len({a.n for a in version.articles}) == len(version.articles)  # unique keys
    for stored, made in zip(version.articles, given_articles):
        words = "".join(p.text for p in stored.paragraphs)
        assert squeeze(words) == squeeze(made.text)  # nothing lost, nothing added
        assert stored.transcribed == bool(made.text.strip())
        for p in stored.paragraphs:
            assert "\n" not in p.text and "\t" not in p.text and p.text == p.text.strip()
        assert stored.label == (" ".join(made.number.split()) if made.number and
                                made.number.strip() else UNNUMBERED)
        assert stored.heading == (made.name or None)
    for chapter, provision in ((pre, version.preamble), (post, version.conclusions)):
        if chapter is None:
            assert provision is None
        else:
            words = "".join(p.text for p in provision.paragraphs)
            assert squeeze(words) == squeeze("".join(a.text for a in chapter.articles))


def test_split_paragraphs_keeps_spaces_inside_lines_and_joins_lines():
    assert split_paragraphs("a  b\n c\n\n\n\td\te") == ("a  b c", "d e")
    assert split_paragraphs(" \n\n ") == ()
    assert split_paragraphs("x \n \n y") == ("x", "y")  # a line of spaces is blank


@pytest.mark.parametrize("number, key", [
    ("ARTICLE 12", "12"), ("ARTICLE 1.2", "1.2"), ("ARTÍCULO 3-02", "3-02"),
    ("ARTICLE XIII", "13"), ("ARTICLE G-9", "g-9"), ("Article - 4", "4"), ("7", "7"),
    ("ARTICLE", None), ("???", None), ("  ", None)])
def test_article_numbers_give_keys(number, key):
    assert article_key(number) == key


def test_a_collection_imports_with_its_metadata_and_validates(tmp_path):
    folder = write_collection(tmp_path / "xml", {
        "pta_1.xml": simple(3),
        "pta_2.xml": simple(2, language="es", status="Inactive", date_inactive="2010-01-01",
                            date_signed="", name=""),
    })
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    result = run("--corpus", corpus, "import-collection", folder, "--prefix", "tota-")
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == [str(corpus / "tota-pta-1"), str(corpus / "tota-pta-2")]
    assert "2 files: 2 treaties written (0 replaced), 9 provisions; 0 failed" in result.stderr
    assert "non-commercial" in result.stderr  # ToTA's licence, said at the end
    assert run("--corpus", corpus, "validate").exit_code == 0
    one = store.load_treaty(corpus, "tota-pta-1")
    work = one.work
    assert one.is_draft and str(work.signed_date) == "2001-02-03"
    assert str(work.entry_into_force) == "2002-03-04" and work.status == "in-force"
    assert work.parties == ("ATL", "UTO") and work.authentic_languages == ("en",)
    assert "TO FILL IN" in work.signed_place and "TO FILL IN" in work.depositary
    assert any("CC BY-NC" in note for note in work.notes)  # licence recorded
    assert any("pta_1.xml" in note for note in work.notes)  # provenance
    version = one.versions[0]
    assert version.short_title == "Atlantis - Utopia"
    assert [a.n for a in version.articles] == ["1", "2", "3"]
    assert version.articles[0].heading == "Scope 1" and version.articles[0].label == "ARTICLE 1"
    assert [p.text for p in version.articles[0].paragraphs] == [
        "1. The Parties shall trade goods freely.", "(a) duty 1;"]
    [division] = version.divisions()
    assert (division.kind, division.n, division.num, division.heading) == (
        "chapter", "1", "CHAPTER 1", "General")
    assert [p.text for p in version.preamble.paragraphs] == ["We the Parties agree."]
    assert "pta_1.xml" in version.sources[0].description
    two = store.load_treaty(corpus, "tota-pta-2")
    assert two.languages == ("es",) and two.work.status == "not-in-force"
    assert "Inactive since 2010-01-01" in two.work.status_note
    assert str(two.work.signed_date) == store.PLACEHOLDER_DATE  # not given: to fill in
    assert two.versions[0].short_title.startswith("TO FILL IN")


def test_a_licence_file_beside_the_collection_is_recorded(tmp_path):
    folder = write_collection(tmp_path / "set" / "xml", {"a.xml": simple()})
    (tmp_path / "set" / "LICENSE").write_text("\nMy Licence 2.0\n\nterms...\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    assert run("--corpus", corpus, "import-collection", folder).exit_code == 0
    notes = store.load_treaty(corpus, "a").work.notes
    assert any("My Licence 2.0 (as its LICENSE file states)" in n for n in notes)
    assert str(tmp_path) not in "".join(notes)  # no path of this machine in the treaty
    run("--corpus", corpus, "import-collection", folder, "--replace", "--licence", "Mine")
    assert any("Licence of the source: Mine." in n
               for n in store.load_treaty(corpus, "a").work.notes)


def test_empty_articles_are_untranscribed_and_unnamed_chapters_vanish(tmp_path):
    treaty = Tota([Chapter([Article("   ", "ARTICLE 1"), Article("Text.", None, None)]),
                   Chapter([Article("More.", "ARTICLE 1")], "CHAPTER 2", None)])
    folder = write_collection(tmp_path / "in", {"t.xml": treaty})
    corpus = tmp_path / "c"
    corpus.mkdir()
    result = run("--corpus", corpus, "import-collection", folder, "--notes")
    assert result.exit_code == 0, result.output
    version = store.load_treaty(corpus, "t").versions[0]
    first, second, third = version.articles
    assert not first.transcribed and "no text" in first.notes[0]
    assert (second.n, second.label) == ("u-1", UNNUMBERED)
    assert third.n == "1-2"  # ARTICLE 1 again: a key of its own, reported
    assert "ARTICLE 1: came before (line" in result.stderr
    assert [type(i).__name__ for i in version.body] == ["Provision", "Provision", "Division"]


def test_text_outside_articles_is_not_placed_and_nothing_is_written(tmp_path):
    treaty = simple()
    treaty.extra_body = "    stray words\n    <annex>annex words</annex>\n"
    folder = write_collection(tmp_path / "in", {"a.xml": treaty, "b.xml": simple()})
    corpus = tmp_path / "c"
    corpus.mkdir()
    result = run("--corpus", corpus, "import-collection", folder)
    assert result.exit_code == 1
    assert re.search(r"a\.xml:\d+: not placed: stray words", result.stderr)
    assert re.search(r"a\.xml:\d+: not placed: annex words", result.stderr)
    assert "1 line(s)" not in result.stderr and "2 line(s) could not be placed" in result.stderr
    assert sorted(p.name for p in corpus.iterdir()) == ["b"]  # the other file went on
    again = run("--corpus", corpus, "import-collection", folder, "--allow-unplaced")
    assert again.exit_code == 1  # b exists now: not replaced
    assert "treaty b already exists" in again.stderr
    assert sorted(p.name for p in corpus.iterdir()) == ["a", "b"]


# ---------------------------------------------------------------- hostile

def hostile_folder(folder: Path) -> dict[str, str]:
    """One good file and one bad file of each kind; the reason each fails."""
    folder.mkdir()
    (folder / "good.xml").write_text(simple().xml())
    (folder / "notxml.xml").write_text("this is not XML at all")
    (folder / "bomb.xml").write_text('<?xml version="1.0"?>\n<!DOCTYPE t [<!ENTITY a "aaaa">'
                                     '<!ENTITY b "&a;&a;&a;&a;">]>\n<treaty>&b;</treaty>')
    with open(folder / "huge.xml", "wb") as out:
        out.truncate(store.MAX_FILE_BYTES + 1)
    (folder / "root.xml").write_text("<text><p>x</p></text>")
    shutil.copy(DEMO / "demo-2000" / "treaty.xml", folder / "ours.xml")
    nometa = simple()
    del nometa.meta["language"]
    (folder / "nolang.xml").write_text(nometa.xml())
    (folder / "nobody.xml").write_text("<treaty><meta><language>en</language></meta></treaty>")
    (folder / "noarticle.xml").write_text(Tota([Chapter([Article("x")], name="Preamble")]).xml())
    os.mkfifo(folder / "fifo.xml")
    (folder / "zero.xml").symlink_to("/dev/zero")
    (folder / "dangling.xml").symlink_to(folder / "missing")
    (folder / "link.xml").symlink_to(folder / "good.xml")  # a link to a file is read
    (folder / "notes.md").write_text("left aside")
    return {"notxml": "not well-formed XML", "bomb": "DOCTYPE declaration is not allowed",
            "huge": "too large", "root": "root element is <text>",
            "ours": "treatycmp treaty.xml", "nolang": "no <language> in <meta>",
            "nobody": "no <body>", "noarticle": "no article", "fifo": "FIFO",
            "zero": "character device", "dangling": "No such file"}


def test_hostile_files_fail_one_by_one_and_the_rest_go_on(tmp_path):
    folder = tmp_path / "in"
    reasons = hostile_folder(folder)
    corpus = tmp_path / "c"
    corpus.mkdir()
    result = run("--corpus", corpus, "import-collection", folder)
    assert_one_line_errors(result)
    assert result.exit_code == 1
    for name, why in reasons.items():
        line = next((l for l in result.stderr.splitlines() if f"{name}.xml" in l), "")
        assert why in line, (name, result.stderr)
    assert sorted(p.name for p in corpus.iterdir()) == ["good", "link"]  # nothing else
    assert f"{len(reasons)} of 13 file(s) not imported" in result.stderr
    assert "1 other file(s)" in result.stderr  # notes.md, left aside
    assert run("--corpus", corpus, "validate").exit_code == 0


def test_files_that_share_a_tota_identifier_are_both_imported_and_reported(tmp_path):
    folder = write_collection(tmp_path / "in", {"pta_1.xml": simple(), "copy.xml": simple()})
    corpus = tmp_path / "c"
    corpus.mkdir()
    result = run("--corpus", corpus, "import-collection", folder)
    assert result.exit_code == 0
    assert "pta_1.xml: the same ToTA treaty_identifier (7) as copy.xml" in result.stderr
    assert sorted(p.name for p in corpus.iterdir()) == ["copy", "pta-1"]


def test_a_file_without_language_imports_with_lang(tmp_path):
    nometa = Tota(simple().chapters, meta={}, parties=())
    folder = write_collection(tmp_path / "in", {"x.xml": nometa})
    corpus = tmp_path / "c"
    corpus.mkdir()
    assert run("--corpus", corpus, "import-collection", folder).exit_code == 1
    result = run("--corpus", corpus, "import-collection", folder, "--lang", "fr")
    assert result.exit_code == 0, result.output
    treaty = store.load_treaty(corpus, "x")
    assert treaty.languages == ("fr",) and treaty.work.parties[0].startswith("TO FILL IN")


def test_an_unreadable_file_is_reported(tmp_path, monkeypatch):
    folder = write_collection(tmp_path / "in", {"a.xml": simple(), "b.xml": simple()})
    (folder / "a.xml").chmod(0)
    if os.geteuid() == 0:  # root reads any file: refuse it the way the system would
        real_open = os.open

        def refusing(path, *args, **kwargs):
            if str(path).endswith("a.xml"):
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)
        monkeypatch.setattr(os, "open", refusing)
    corpus = tmp_path / "c"
    corpus.mkdir()
    result = run("--corpus", corpus, "import-collection", folder)
    assert result.exit_code == 1 and "a.xml: cannot read" in result.stderr
    assert sorted(p.name for p in corpus.iterdir()) == ["b"]


def test_a_failure_while_writing_leaves_nothing(tmp_path, monkeypatch):
    folder = write_collection(tmp_path / "in", {"a.xml": simple()})
    corpus = tmp_path / "c"
    corpus.mkdir()
    monkeypatch.setattr(store, "check_file", lambda path: [DataError("made up", str(path))])
    result = run("--corpus", corpus, "import-collection", folder)
    assert result.exit_code == 1 and "does not validate, so nothing was written" in result.stderr
    assert list(corpus.iterdir()) == []  # no treaty, no hidden temporary folder


def test_an_interrupted_write_leaves_nothing(tmp_path, monkeypatch):
    corpus = tmp_path / "c"
    corpus.mkdir()
    folder = write_collection(tmp_path / "in", {"a.xml": simple()})
    real = col.write_atomically
    calls = []

    def interrupted(path, data, overwrite=True):
        calls.append(path)
        if len(calls) == 2:  # Ctrl-C (or SIGTERM) after the first file
            raise KeyboardInterrupt
        return real(path, data, overwrite)
    monkeypatch.setattr(col, "write_atomically", interrupted)
    with pytest.raises(KeyboardInterrupt):
        list(col.import_collection([folder / "a.xml"], {folder / "a.xml": "a"}, corpus,
                                   col.Options("tota"), "in"))
    assert len(calls) == 2 and list(corpus.iterdir()) == []


def test_replace_replaces_whole_and_only_when_asked(tmp_path):
    folder = write_collection(tmp_path / "in", {"a.xml": simple(2)})
    corpus = tmp_path / "c"
    corpus.mkdir()
    assert run("--corpus", corpus, "import-collection", folder).exit_code == 0
    (corpus / "a" / "mine.txt").write_text("a contributor's file")
    write_collection(folder, {"a.xml": simple(4)})
    refused = run("--corpus", corpus, "import-collection", folder)
    assert refused.exit_code == 1 and "pass --replace" in refused.stderr
    assert len(store.load_treaty(corpus, "a").versions[0].articles) == 2
    kept = run("--corpus", corpus, "import-collection", folder, "--replace")
    assert kept.exit_code == 1 and "also holds mine.txt" in kept.stderr  # never lost
    assert (corpus / "a" / "mine.txt").is_file() and not list(corpus.glob(".*"))
    (corpus / "a" / "mine.txt").unlink()
    replaced = run("--corpus", corpus, "import-collection", folder, "--replace")
    assert replaced.exit_code == 0 and "(1 replaced)" in replaced.stderr
    assert len(store.load_treaty(corpus, "a").versions[0].articles) == 4
    assert sorted(p.name for p in corpus.iterdir()) == ["a"]
    (corpus / "b").write_text("a file where a treaty folder would go")
    write_collection(folder, {"b.xml": simple()})
    result = run("--corpus", corpus, "import-collection", folder, "--replace")
    assert result.exit_code == 1 and "cannot replace a regular file" in result.stderr
    assert (corpus / "b").read_text() == "a file where a treaty folder would go"


def test_ids_are_deterministic_and_clash_free():
    paths = [Path(n) for n in ("A b.txt", "a-b.txt", "pta_1.xml", "___.txt", "Été.txt")]
    ids = col.treaty_ids(paths)
    assert ids[Path("pta_1.xml")] == "pta-1" and ids[Path("Été.txt")] == "ete"
    assert ids[Path("___.txt")] == "treaty"
    assert len(set(ids.values())) == len(paths)
    assert ids[Path("A b.txt")].startswith("a-b-") and ids[Path("a-b.txt")].startswith("a-b-")
    assert col.treaty_ids(list(reversed(paths))) == ids  # not order-dependent
    assert col.treaty_ids([Path("A b.txt")]) == {Path("A b.txt"): "a-b"}
    long = col.treaty_ids([Path("x" * 300 + ".txt")], "tota-")
    assert all(len(i) <= 100 and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i)
               for i in long.values())


def test_usage_errors(tmp_path):
    folder = write_collection(tmp_path / "in", {"a.xml": simple()})
    (folder / "b.txt").write_text("Article 1\nText.\n")
    corpus = tmp_path / "c"
    corpus.mkdir()
    both = run("--corpus", corpus, "import-collection", folder)
    assert both.exit_code == 1 and "--format tota or --format text" in both.stderr
    text = run("--corpus", corpus, "import-collection", folder, "--format", "text")
    assert text.exit_code == 2 and "--lang" in text.stderr
    bad = run("--corpus", corpus, "import-collection", folder, "--prefix", "-Bad")
    assert bad.exit_code == 2
    empty = tmp_path / "empty"
    (empty / "xml").mkdir(parents=True)
    nothing = run("--corpus", corpus, "import-collection", empty)
    assert nothing.exit_code == 1 and "nothing to import (its xml/ folder" in nothing.stderr
    assert list(corpus.iterdir()) == []


def test_never_into_an_installed_corpus_or_a_folder_that_is_no_corpus(tmp_path):
    folder = write_collection(tmp_path / "in", {"a.xml": simple()})
    installed = run("--corpus", Path(store.__file__).parents[1] / "corpus",
                    "import-collection", folder)
    assert installed.exit_code == 1 and "installed with the package" in installed.stderr
    home = tmp_path / "home"
    (home / "bin").mkdir(parents=True)
    other = run("--corpus", home, "import-collection", folder)
    assert other.exit_code == 1 and "not a treaty corpus" in other.stderr
    assert sorted(p.name for p in home.iterdir()) == ["bin"]


# ---------------------------------------------------------------- plain texts

def test_a_folder_of_plain_texts(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    shutil.copy(DATA / "import" / "points.txt", folder / "points.txt")
    shutil.copy(DATA / "import" / "roman-numerals.txt", folder / "Roman Numerals.txt")
    (folder / "none.txt").write_text("Just a line of prose.\n")
    (folder / "latin1.txt").write_bytes("Article 1\nL'\xe9tat.\n".encode("latin-1"))
    corpus = tmp_path / "c"
    corpus.mkdir()
    result = run("--corpus", corpus, "import-collection", folder, "--lang", "en")
    assert_one_line_errors(result)
    assert result.exit_code == 1
    assert "none.txt: no article heading found" in result.stderr
    assert "latin1.txt: not UTF-8" in result.stderr
    assert sorted(p.name for p in corpus.iterdir()) == ["points", "roman-numerals"]
    assert run("--corpus", corpus, "validate").exit_code == 0
    treaty = store.load_treaty(corpus, "points")
    assert treaty.is_draft and treaty.languages == ("en",)
    assert any("points.txt" in n for n in treaty.work.notes)
    assert any("points.txt" in n for n in treaty.versions[0].notes)
    # The same text as `treatycmp import` makes of it, apart from provenance.
    alone = run("import", DATA / "import" / "points.txt", "--id", "points", "--lang", "en")
    single = [a.paragraphs for a in treaty.versions[0].articles]
    assert alone.exit_code == 0 and all(p.text in alone.stdout for ps in single for p in ps)


file_names = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"),
                     min_size=1, max_size=40).filter(
    lambda n: not n.startswith(".") and len(n.encode("utf-8")) < 200)


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(names=st.lists(file_names, min_size=1, max_size=5, unique=True))
def test_any_file_names_give_valid_distinct_ids_and_every_text_imports(tmp_path_factory, names):
    root = tmp_path_factory.mktemp("names")
    folder = root / "texts"
    folder.mkdir()
    for name in names:
        (folder / f"{name}.txt").write_text("Article 1\nThe Parties agree.\n", encoding="utf-8")
    corpus = root / "corpus"
    corpus.mkdir()
    fmt, inputs, others = col.find_inputs(folder)
    assert fmt == "text" and len(inputs) == len(names) and others == []
    ids = col.treaty_ids(inputs)
    results = list(col.import_collection(inputs, ids, corpus, col.Options("text", "en"),
                                         "texts"))
    assert [r.error for r in results] == [None] * len(names)
    assert sorted(p.name for p in corpus.iterdir()) == sorted(set(ids.values()))
    assert len(set(ids.values())) == len(names)


def test_one_file_is_a_collection_of_one(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    source = tmp_path / "points.txt"
    shutil.copy(DATA / "import" / "points.txt", source)
    result = run("--corpus", corpus, "--quiet", "import-collection", source, "--lang", "fr")
    assert result.exit_code == 0 and result.stdout == ""  # --quiet: no list
    assert "1 files: 1 treaties written" in result.stderr
    assert store.load_treaty(corpus, "points").languages == ("fr",)


def test_unplaced_lines_of_a_text_stop_it_unless_allowed(tmp_path, monkeypatch):
    # Which lines the importer cannot place is its business: here one is made so.
    real = col.import_text
    monkeypatch.setattr(col, "import_text", lambda *args: dataclasses.replace(
        real(*args), unplaced=((2, "Definitions"),)))
    folder = tmp_path / "texts"
    folder.mkdir()
    shutil.copy(DATA / "import" / "points.txt", folder / "points.txt")
    corpus = tmp_path / "c"
    corpus.mkdir()
    result = run("--corpus", corpus, "import-collection", folder, "--lang", "en")
    assert result.exit_code == 1 and "points.txt:2: not placed: Definitions" in result.stderr
    assert "1 with text not placed" in result.stderr
    assert list(corpus.iterdir()) == []
    allowed = run("--corpus", corpus, "import-collection", folder, "--lang", "en",
                  "--allow-unplaced")
    assert allowed.exit_code == 0 and (corpus / "points" / "en.xml").is_file()


def test_a_progress_bar_on_a_terminal(tmp_path):
    from test_output import run_on_a_terminal
    folder = write_collection(tmp_path / "in", {f"t{i}.xml": simple() for i in range(3)})
    corpus = tmp_path / "c"
    corpus.mkdir()
    code, err = run_on_a_terminal(["--corpus", str(corpus), "import-collection", str(folder)])
    assert code == 0 and "Importing" in err and "3/3" in err
    code, err = run_on_a_terminal(["--corpus", str(corpus), "--quiet", "import-collection",
                                   str(folder), "--replace"])
    assert code == 0 and "Importing" not in err
