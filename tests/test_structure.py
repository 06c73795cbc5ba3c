"""Schema version 2: divisions, annexes, article keys of any printed form,
references by printed number, migration from version 1."""

from __future__ import annotations

import dataclasses
import datetime
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import treatycmp
from treatycmp import model as m
from treatycmp import store
from treatycmp.cli import main
from treatycmp.errors import DataError, LookupFailed
from treatycmp.refs import find_provision, parse_reference, select_provision, select_version
from treatycmp.store.migrate import migrate_bytes
from treatycmp.store.write import version_to_xml, work_to_xml
from conftest import CORPUS, DATA, DEMO

# demo-2010 moves into corpus-demo once the importer reads its structure back
# (the importer's round-trip tests run over every demo treaty).
STRUCTURE = DEMO if (DEMO / "demo-2010").is_dir() else DATA / "corpus-structure"


@pytest.fixture(scope="module")
def demo2010() -> m.Treaty:
    return store.load_treaty(STRUCTURE, "demo-2010")


def test_divisions_and_annexes_are_read_as_a_tree(demo2010):
    en = demo2010.version("en")
    part1, part2 = en.body
    assert (part1.kind, part1.n, part1.num, part1.heading) == (
        "part", "1", "PART ONE", "General Provisions")
    assert [d.eid for d in en.divisions()] == [
        "part_1", "part_1__chp_1", "part_1__chp_2", "part_1__chp_2__sec_a", "part_2"]
    assert [a.n for a in part1.articles] == ["1.01", "1.02", "2.01", "2.01bis"]
    # the flat list, in document order, keeps the eIds articles always had
    assert [(a.n, a.eid) for a in en.articles] == [
        ("1.01", "art_1.01"), ("1.02", "art_1.02"), ("2.01", "art_2.01"),
        ("2.01bis", "art_2.01bis"), ("3.01", "art_3.01")]
    assert [a.key for a in en.annexes] == ["annex-1", "protocol-1", "appendix-1"]
    assert [p.key for p in en.provisions()] == [
        "preamble", "1.01", "1.02", "2.01", "2.01bis", "3.01", "conclusions",
        "annex-1:a", "annex-1:b", "protocol-1", "appendix-1"]
    art_a = en.annex("ANNEX-1").articles[0]
    assert (art_a.eid, art_a.label, art_a.pinpoint) == ("annex_1__art_a", "Article A",
                                                       "annex 1, art a")
    protocol = en.find("protocol-1")
    assert protocol.kind == m.ANNEX and protocol.label == "PROTOCOL"
    assert protocol.heading == "Rules of Origin"
    assert protocol.paragraphs[0].eid == "protocol_1__para_1"
    assert not en.find("appendix-1").transcribed


def test_structure_fixture_is_written_back_byte_for_byte(demo2010):
    folder = STRUCTURE / "demo-2010"
    assert version_to_xml(demo2010.version("en")) == (folder / "en.xml").read_bytes()
    assert work_to_xml(demo2010.work) == (folder / "treaty.xml").read_bytes()


def test_every_fixture_and_shipped_text_is_written_back_to_an_equal_model(tmp_path):
    for root in sorted({CORPUS, DEMO, STRUCTURE}):
        for treaty in store.load_corpus(root).treaties:
            folder = tmp_path / root.name / treaty.id
            folder.mkdir(parents=True)
            (folder / "treaty.xml").write_bytes(work_to_xml(treaty.work))
            for version in treaty.versions:
                (folder / f"{version.lang}.xml").write_bytes(version_to_xml(version))
            back = store.load_treaty(folder.parent, treaty.id)
            for left, right in zip(treaty.versions, back.versions):
                assert _without_places(left) == _without_places(right)


def _without_places(version: m.TextVersion):
    """What a model says, without where it was read from (paths, lines)."""
    return [(p.key, p.eid, p.label, p.heading, p.paragraphs, p.transcribed, p.checked,
             p.notes) for p in version.provisions()], [
        (d.eid, d.num, d.heading) for d in version.divisions()]


def test_a_tree_can_be_given_and_the_flat_list_follows(demo2010):
    en = demo2010.version("en")
    rebuilt = m.TextVersion(en.treaty_id, en.lang, en.authority, en.title, en.short_title,
                            en.state_kind, en.state, en.sources, body=en.body,
                            annexes=en.annexes)
    assert rebuilt.articles == en.articles
    # replacing the articles of a flat text keeps working as before
    flat = store.load_treaty(DEMO, "demo-2000").version("fr")
    fewer = dataclasses.replace(flat, articles=flat.articles[:1])
    assert fewer.body == fewer.articles == flat.articles[:1]
    with pytest.raises(ValueError, match="articles and body disagree"):
        dataclasses.replace(en, articles=en.articles[:2])


def test_an_annex_marks_the_provisions_it_holds():
    article = m.Provision(m.ARTICLE, "annex_2__art_3", "3", "Article 3", None, (), False,
                          notes=("why",))
    annex = m.Annex("annex", "2", "ANNEX II", None, "annex_2", (article,))
    assert annex.articles[0].annex == "annex-2" and annex.articles[0].key == "annex-2:3"
    with pytest.raises(ValueError, match="annex kind"):
        m.Annex("attachment", "2", "X", None, "x", (article,))
    with pytest.raises(ValueError, match="division kind"):
        m.Division("book", None, None, None, "x", (article,))


# --------------------------------------------------------------- references

@pytest.mark.parametrize("text, key", [
    ("demo-2010:1.01", "1.01"), ("demo-2010:2.01bis", "2.01bis"),
    ("demo-2010:2.01 bis", "2.01bis"), ("demo-2010:2.01 BIS", "2.01bis"),
    ("DEMO-2010@EN:3.01", "3.01"), ("demo-2010:annex-1:A", "annex-1:a"),
    ("demo-2010:Annex-1:b", "annex-1:b"), ("demo-2010:protocol-1", "protocol-1"),
    ("demo-2010:Article 2.01 bis", "2.01bis"), ("demo-2010:PREAMBLE", "preamble"),
])
def test_references_accept_printed_forms(demo2010, text, key):
    ref = parse_reference(text)
    assert ref.treaty == "demo-2010"
    version = select_version(demo2010, ref.lang)
    assert select_provision(version, ref.provision, require_text=False).key == key


def test_roman_and_printed_numbers_resolve_in_the_shipped_corpus():
    anzus = store.load_treaty(CORPUS, "ANZUS-1951").version("en")
    assert find_provision(anzus, "IV").label == "ARTICLE IV"
    assert find_provision(anzus, "iv").n == "4"
    assert find_provision(anzus, "XIV") is None
    nato = store.load_treaty(CORPUS, "nato-1949")
    assert find_provision(nato.version("fr"), "Article 5").n == "5"


def test_a_letter_is_a_key_before_it_is_a_roman_numeral():
    """Articles A to O (the Revised European Social Charter): C is Article C, not 100."""
    def article(n):
        return m.Provision(m.ARTICLE, f"art_{n}", n, f"Article {n.upper()}", None,
                           (), False, notes=("x",))
    version = m.TextVersion("x-1", "en", m.AUTHENTIC, "t", "t", "as-signed", "s", (),
                            articles=tuple(article(n) for n in ("a", "b", "c", "d", "100")))
    assert find_provision(version, "C").n == "c"
    assert find_provision(version, "D").n == "d"


@pytest.mark.parametrize("text, words", [
    ("demo-2010:2.0l", "did you mean 2.01"),
    ("demo-2010:annex-1:c", "did you mean annex-1:b or annex-1:a"),
    ("demo-2010:protcol-1", "did you mean protocol-1"),
    ("demo-2010:annex-9:1", "has no provision 'annex-9:1'"),
    ("demo-2010@fe", "did you mean en"),
    ("demo-2001", "did you mean demo-2010"),
])
def test_a_reference_that_does_not_resolve_suggests_the_closest(runner, text, words):
    result = runner.invoke(main, ["--corpus", str(STRUCTURE), "show", text])
    assert result.exit_code == 1 and words in result.stderr, result.output
    assert len(result.stderr.strip().splitlines()) == 1


@given(st.text(alphabet="0123456789abcdefghijklmnopqrstuvwxyz.-", min_size=1, max_size=12))
def test_keys_normalise_to_themselves(text):
    if m.is_key(text):
        assert m.normalise_key(text) == text
        assert m.normalise_key(text.upper()) == text
        assert m.normalise_key(" ".join(text)) == text


@given(st.integers(min_value=1, max_value=3999))
def test_roman_numerals_round_trip(value):
    numerals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out, rest = "", value
    for amount, letters in numerals:
        while rest >= amount:
            out, rest = out + letters, rest - amount
    assert m.roman_to_int(out) == value and m.roman_to_int(out.lower()) == value


# ---------------------------------------------------------------- migration

def _as_version_1(folder: Path) -> None:
    for path in folder.rglob("*.xml"):
        if path.parent.name != "alignments":
            path.write_bytes(path.read_bytes().replace(b'schemaVersion="2"',
                                                       b'schemaVersion="1"', 1))


def test_version_1_files_are_refused_with_the_command_that_updates_them(tmp_path):
    shutil.copytree(DEMO, tmp_path / "c")
    _as_version_1(tmp_path / "c")
    corpus = store.load_corpus(tmp_path / "c")
    assert corpus.treaties == () and corpus.problems
    assert all("treatycmp migrate" in str(p) for p in corpus.problems)


def test_migrate_updates_only_the_version_and_is_idempotent(runner, tmp_path):
    shutil.copytree(CORPUS, tmp_path / "treaties")
    before = {p: p.read_bytes() for p in (tmp_path / "treaties").rglob("*.xml")}
    _as_version_1(tmp_path / "treaties")
    result = runner.invoke(main, ["migrate", str(tmp_path / "treaties")])
    assert result.exit_code == 0, result.output
    changed = [ln for ln in result.stdout.splitlines() if ln]
    assert len(changed) == len([p for p in before if p.parent.name != "alignments"])
    after = {p: p.read_bytes() for p in (tmp_path / "treaties").rglob("*.xml")}
    assert after == before  # byte for byte what version 2 holds
    again = runner.invoke(main, ["migrate", str(tmp_path / "treaties")])
    assert again.exit_code == 0 and again.stdout == "" and "0 file(s) updated" in again.stderr
    assert {p: p.read_bytes() for p in (tmp_path / "treaties").rglob("*.xml")} == before
    assert store.check_files([tmp_path / "treaties"])[1] == []


def test_migrate_lower_cases_keys_and_keeps_comments_and_wording():
    data = ('<?xml version="1.0" encoding="UTF-8"?>\n<!-- <text schemaVersion="1"> -->\n'
            '<text treaty="x" xml:lang="fr" schemaVersion="1" authority="authentic">\n'
            '  <!-- <article n="B"> -->\n  <body><article n="A" checked="s"><num>Article A'
            '</num><para n="B"><p>schemaVersion="1" n="A"</p></para></article></body>\n'
            '</text>\n').encode()
    out = migrate_bytes(data, "x.xml").decode()
    assert out.count('schemaVersion="2"') == 1 and '<!-- <text schemaVersion="1"> -->' in out
    assert '<article n="a" checked="s">' in out and '<!-- <article n="B"> -->' in out
    assert '<para n="B">' in out and '<p>schemaVersion="1" n="A"</p>' in out
    assert migrate_bytes(out.encode(), "x.xml") == out.encode()


def test_migrate_writes_nothing_when_one_file_is_broken(runner, tmp_path):
    shutil.copytree(DEMO, tmp_path / "c")
    _as_version_1(tmp_path / "c")
    (tmp_path / "c" / "demo-2000" / "en.xml").write_text("<text>", encoding="utf-8")
    before = (tmp_path / "c" / "demo-2000" / "fr.xml").read_bytes()
    result = runner.invoke(main, ["migrate", str(tmp_path / "c")])
    assert result.exit_code == 1 and "en.xml" in result.stderr
    assert (tmp_path / "c" / "demo-2000" / "fr.xml").read_bytes() == before
    with pytest.raises(DataError):
        store.migrate_paths([tmp_path / "c"])


def test_unknown_treaty_ids_are_matched_case_insensitively():
    assert store.load_treaty(CORPUS, "NATO-1949").id == "nato-1949"
    with pytest.raises(LookupFailed, match="did you mean nato-1949"):
        store.load_treaty(CORPUS, "nato-1994")


def test_the_documented_examples_are_the_fixture_files():
    doc = (Path(__file__).resolve().parent.parent / "docs" / "schema.md").read_text(
        encoding="utf-8")
    shown: dict[str, str] = {}
    label = None
    lines = iter(doc.splitlines())
    for line in lines:
        if line.startswith("`treaties/demo-"):
            label = line[len("`treaties/"):line.index("`", 1)]
        elif line == "```xml" and label:
            block = []
            for inner in lines:
                if inner == "```":
                    break
                block.append(inner)
            shown[label] = "\n".join(block) + "\n"
            label = None
    fixtures = {f"{p.parent.name}/{p.name}": p.read_text(encoding="utf-8")
                for root in {DEMO, STRUCTURE} for p in root.glob("*/*.xml")}
    assert shown == fixtures
    elements = {el.get("name") for el in store.parse_xml(
        Path(treatycmp.__file__).parent / "schema" / "treaty.rng").getroot().iter("{*}element")}
    assert elements <= _tags(fixtures), elements - _tags(fixtures)


def _tags(fixtures: dict[str, str]) -> set[str]:
    from lxml import etree
    return {el.tag for text in fixtures.values()
            for el in etree.fromstring(text.encode(), store.safe_parser()).iter()
            if isinstance(el.tag, str)}


# ------------------------------------------------- random trees round trip

_SOURCE = (m.Source("s", "A source"),)
WORK = m.Work("x-1", datetime.date(2000, 1, 1), "Paris", ("A", "B"), "A", ("en",),
              (m.Citation("1 XTS 1"),), "in-force")


def _article(key: str, annex: str | None, prefix: str | None, printed: str) -> m.Provision:
    eid = m.article_eid(key, prefix)
    para = m.Paragraph(f"{eid}__para_1", None, f"Text of {printed}.")
    return m.Provision(m.ARTICLE, eid, key, printed, None, (para,), True, ("s",),
                       annex=annex)


@st.composite
def _items(draw, counter, parent_eid, annex, prefix, depth):
    """Articles and divisions, numbered the way the store names them."""
    items, per_kind = [], {}
    for _ in range(draw(st.integers(1, 3))):
        if depth < 3 and draw(st.booleans()):
            kind = draw(st.sampled_from(m.DIVISION_KINDS))
            per_kind[kind] = per_kind.get(kind, 0) + 1
            numbered = draw(st.booleans())
            n = str(per_kind[kind]) if numbered else None
            eid = m.division_eid(kind, n or per_kind[kind], parent_eid)
            intro = draw(_intro(eid, annex))
            # a division holds articles and divisions after its intro, or only an intro
            children = (() if intro is not None and draw(st.booleans())
                        else draw(_items(counter, eid, annex, prefix, depth + 1)))
            items.append(m.Division(kind, n, f"{kind.upper()} {per_kind[kind]}"
                                    if numbered else None,
                                    draw(st.sampled_from([None, "A heading"])), eid,
                                    children, intro=intro))
        else:
            counter[0] += 1
            i = counter[0]
            form = draw(st.sampled_from(["plain", "bis", "decimal", "hyphen", "letter"]))
            key, printed = {
                "plain": (str(i), f"Article {i}"), "bis": (f"{i}bis", f"Article {i} bis"),
                "decimal": (f"{i}.01", f"Article {i}.01"),
                "hyphen": (f"{i}-01", f"ARTÍCULO {i}-01"),
                "letter": ("abcdefghijklmnopqrstuvwxyz"[i % 26] + str(i), f"Article X{i}"),
            }[form]
            items.append(_article(key, annex, prefix, printed))
    return tuple(items)


@st.composite
def _intro(draw, container, annex):
    """None, or a division's or annex's intro of one or two paragraphs."""
    if draw(st.booleans()):
        return None
    eid = f"{container}__intro"
    if draw(st.integers(0, 3)) == 0:  # recorded as not yet transcribed, with the reason
        return m.Provision(m.INTRO, eid, None, "Introduction", None, (), False,
                           notes=("Not yet transcribed: the page is missing.",), annex=annex)
    return m.Provision(m.INTRO, eid, None, "Introduction", None, tuple(
        m.Paragraph(f"{eid}__para_{i}", None, f"Opening words {i}.")
        for i in range(1, draw(st.integers(1, 2)) + 1)), True, ("s",), annex=annex)


@st.composite
def _versions(draw):
    body = draw(_items([0], None, None, None, 0))
    # a text needs an article (a division may hold only an intro)
    assume(any(isinstance(i, m.Provision) or i.articles for i in body))
    annexes = []
    for i, kind in enumerate(draw(st.lists(st.sampled_from(m.ANNEX_KINDS), max_size=3)), 1):
        eid, key = m.annex_eid(kind, str(i)), f"{kind}-{i}"
        intro = None
        if draw(st.booleans()):
            items = draw(_items([0], eid, key, eid, 1))
            intro = draw(_intro(eid, key))
        else:
            items = (m.Provision(m.ANNEX, eid, None, f"{kind.upper()} {i}", None,
                                 (m.Paragraph(f"{eid}__para_1", None, "Plain text."),),
                                 True, ("s",), annex=key),)
        annexes.append(m.Annex(kind, str(i), f"{kind.upper()} {i}", None, eid, items,
                               intro=intro))
    return m.TextVersion("x-1", "en", m.AUTHENTIC, "Title", "Short", "as-signed", "Signed.",
                         _SOURCE, body=body, annexes=tuple(annexes))


@settings(deadline=None, max_examples=60)  # writes and reads files: no per-example deadline
@given(_versions())
def test_any_tree_is_written_valid_and_read_back_the_same(version):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "x-1"
        folder.mkdir()
        data = version_to_xml(version)
        (folder / "en.xml").write_bytes(data)
        (folder / "treaty.xml").write_bytes(work_to_xml(WORK))
        assert store.check_files([folder])[1] == []
        back = store.load_treaty(Path(tmp), "x-1").version("en")
    strip = lambda items: tuple(  # noqa: E731 - positions of where it was read from
        dataclasses.replace(i, line=None, items=strip(i.items), intro=unline(i.intro))
        if isinstance(i, m.Division) else dataclasses.replace(i, line=None) for i in items)
    unline = lambda p: p and dataclasses.replace(p, line=None)  # noqa: E731
    assert strip(back.body) == version.body
    assert [strip(a.items) for a in back.annexes] == [a.items for a in version.annexes]
    assert [unline(a.intro) for a in back.annexes] == [a.intro for a in version.annexes]
    assert tuple(map(unline, back.intros())) == version.intros()
    assert [p.key for p in back.provisions()] == [p.key for p in version.provisions()]
    assert all(back.find(p.key) is not None for p in version.provisions())
    assert version_to_xml(back) == data


@pytest.mark.parametrize("key, valid", [("5", True), ("1.01", True), ("21bis", True),
                                        ("annex-2:3", True), ("preamble", True),
                                        ("1..2", False), ("a b", False)])
def test_curated_alignments_name_provisions_by_key(key, valid):
    from lxml import etree
    xml = (f'<alignment schemaVersion="1" left="a-1" right="b-2"><pair left="{key}" '
           f'right="5"><note>Same obligation.</note></pair></alignment>')
    tree = etree.fromstring(xml.encode(), store.safe_parser()).getroottree()
    assert (store.schema_errors(tree, "x.xml", "alignment.rng") == []) == valid
