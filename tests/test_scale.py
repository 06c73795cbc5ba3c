"""Big corpora, light commands: validate parses each file once, list streams."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

from treatycmp import store
from treatycmp.store import read, validate

ROOT = Path(__file__).resolve().parent.parent


def _copy_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "treaties", corpus,
                    ignore=shutil.ignore_patterns("alignments"))
    return corpus


def test_validate_parses_each_file_once(tmp_path, monkeypatch):
    corpus = _copy_corpus(tmp_path)
    parsed: Counter = Counter()
    real = read.parse_xml

    def counting(path):
        parsed[Path(path)] += 1
        return real(path)

    monkeypatch.setattr(read, "parse_xml", counting)
    monkeypatch.setattr(validate, "parse_xml", counting)
    count, problems = store.check_files([corpus])
    files = sorted(corpus.glob("*/*.xml"))
    assert problems == [] and count == len(files) > 10
    assert sorted(parsed) == files
    assert set(parsed.values()) == {1}


def test_cross_file_problems_still_found_once_per_folder(tmp_path):
    corpus = _copy_corpus(tmp_path)
    folder = corpus / "nato-1949"
    work = folder / "treaty.xml"
    text = work.read_text(encoding="utf-8")
    # French is no longer an authentic language: fr.xml says it is.
    work.write_text(text.replace('<language code="fr"/>', ""), encoding="utf-8")
    assert text != work.read_text(encoding="utf-8")
    _, problems = store.check_files([corpus])
    messages = [(p.path, p.message) for p in problems]
    assert messages == [(str(folder / "fr.xml"),
                         "versions: 'fr' is marked authentic but treaty.xml lists "
                         "authentic languages en")]
    # Checking one file of the folder still checks the folder's files together.
    _, alone = store.check_files([folder / "en.xml"])
    assert [(p.path, p.message) for p in alone] == messages


def test_list_holds_one_treaty_model_at_a_time(tmp_path, monkeypatch):
    """list keeps summaries only: each treaty is summarised before the next is read."""
    from click.testing import CliRunner

    from treatycmp.cli import main

    corpus = _copy_corpus(tmp_path)
    real_load, real_scan = read._load_folder, read.scan_corpus
    loaded: list[str] = []
    alive: list[int] = []

    def load(folder, *args):
        loaded.append(folder.name)
        return real_load(folder, *args)

    def scan(root, summarise, progress=None):
        def counted(treaty):
            alive.append(len(loaded))
            return summarise(treaty)
        return real_scan(root, counted, progress)

    monkeypatch.setattr(read, "_load_folder", load)
    monkeypatch.setattr(store, "scan_corpus", scan)
    result = CliRunner().invoke(main, ["--corpus", str(corpus), "list"])
    assert result.exit_code == 0, result.output
    # The n-th summary is made right after the n-th folder is read, and rows are strings.
    assert alive == list(range(1, len(loaded) + 1)) and len(loaded) > 5
    assert all(f"\n{name} " in result.output for name in loaded)


# ------------------------------------------- the fast paths change no result

import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from lxml import etree  # noqa: E402

from treatycmp.store import xml as store_xml  # noqa: E402

_TEXT = st.lists(st.sampled_from(
    ["a", " ", "\t", "\n", "\r", "\xa0", "\u0085", "\u202e", "\u2028", "\u2066",
     "TO FILL IN", "9999-12-31", "é"]), max_size=5).map("".join)
_TAGS = st.sampled_from(["article", "para", "point", "superseded", "p", "num", "x",
                         "division", "annex", "body", "preamble", "intro"])
_SOURCES = ["s1", "s2"]


@st.composite
def _trees(draw, depth=0):
    el = etree.Element(draw(_TAGS))
    if draw(st.booleans()):
        el.set("n", draw(st.sampled_from(["1", "2", "a"])))
    if draw(st.booleans()):
        el.set("note", draw(_TEXT))
    if el.tag == "division" or draw(st.integers(0, 3)) == 0:
        el.set("kind", draw(st.sampled_from(["part", "chapter"])))
    if draw(st.integers(0, 3)) == 0:
        el.set("checked", " ".join(draw(st.lists(st.sampled_from(_SOURCES + ["s3"]),
                                                 max_size=2))))
    el.text = draw(st.none() | _TEXT)
    if depth < 3:
        for _ in range(draw(st.integers(0, 3))):
            child = etree.Comment("c") if draw(st.integers(0, 5)) == 0 else draw(_trees(depth + 1))
            child.tail = draw(st.none() | _TEXT)
            el.append(child)
    return el


_EVERY_WALK = frozenset({validate.TEXT, validate.CHECKED, validate.KEYS, validate.NUMBERS})


def _walk_all(monkeypatch):
    """The checks with every shortcut off: each element visited in Python."""
    monkeypatch.setattr(validate, "_may_hold_placeholder", lambda root: True)
    monkeypatch.setattr(validate, "_may_hold_placeholder_text", lambda serialized: True)
    monkeypatch.setattr(validate, "_may_hold_controls", lambda serialized: True)
    monkeypatch.setattr(validate, "_suspects", lambda root: _EVERY_WALK)
    monkeypatch.setattr(store_xml, "_may_hold_controls", lambda root: True)


def _results(root):
    found = []
    err = lambda message, el: found.append((message, el.sourceline, el.tag))  # noqa: E731
    validate._check_text(root, err)
    if validate._may_hold_placeholder_text(validate._serialized(root)):
        validate._check_placeholders(root, err)
    found.append(("version", _version_problems(root)))
    if validate._may_hold_controls(validate._serialized(root)):
        found.append([str(e) for e in store_xml.character_errors(root, "f.xml")])
    else:
        found.append([])
    return found


def _version_problems(root):
    found = []
    validate._check_version(_as_text(root), lambda message, el: found.append(message))
    return found


def _as_text(root):
    text = etree.Element("text", authority="authentic")
    sources = etree.SubElement(etree.SubElement(text, "meta"), "sources")
    for source_id in _SOURCES:
        etree.SubElement(sources, "source", id=source_id)
    body = etree.SubElement(text, "body")
    body.append(etree.fromstring(etree.tostring(root)))
    # the same tree again as an annex: article keys are unique per body and annex
    annex = etree.SubElement(text, "annex", kind="annex", n="1")
    annex.append(etree.fromstring(etree.tostring(root)))
    return text


@settings(max_examples=300, deadline=None)
@given(_trees())
def test_the_shortcuts_find_what_the_walks_find(root):
    fast = _results(root)
    with pytest.MonkeyPatch.context() as monkeypatch:
        _walk_all(monkeypatch)
        slow = _results(root)
    assert fast == slow


def test_unknown_elements_in_document_order():
    tree = etree.fromstring(b"<text><zz/><meta><title>t</title><yy><zz/></yy></meta>"
                            b"<!--c--><x:q xmlns:x='u'/></text>").getroottree()
    found = [e.message for e in store_xml.schema_errors(tree, "f.xml")]
    assert found == [f"unknown element <{tag}>: the schema has no such element "
                     "(see docs/schema.md)" for tag in ("zz", "yy", "zz", "{u}q")]


def _generated(tmp_path: Path, treaties: int) -> Path:
    import sys
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from make_corpus import make_corpus
    finally:
        sys.path.remove(str(ROOT / "bench"))
    corpus = tmp_path / "generated"
    assert make_corpus(corpus, treaties, seed=3) == 3 * treaties
    return corpus


def test_the_generated_corpus_is_valid_and_repeatable(tmp_path):
    corpus = _generated(tmp_path, 3)
    count, problems = store.check_files([corpus])
    assert count == 9 and problems == []
    again = _generated(tmp_path / "again", 3)
    assert all(p.read_bytes() == (again / p.relative_to(corpus)).read_bytes()
               for p in corpus.glob("*/*.xml"))


def test_a_repeated_paragraph_number_is_found(tmp_path):
    corpus = _generated(tmp_path, 1)
    path = next(corpus.glob("*/en.xml"))
    text = path.read_text(encoding="utf-8")
    assert '<para n="2">' in text
    path.write_text(text.replace('<para n="2">', '<para n="1">', 1), encoding="utf-8")
    _, problems = store.check_files([path])
    # (fr.xml then translates a text that does not load: told as a second problem)
    assert problems[0].message == "number 1 is used twice for paragraphs or points here"
    assert problems[0].path == str(path) and problems[0].line is not None


# ------------------- random corpora with random defects: same problems, same order

import re  # noqa: E402

# Seed folders with divisions, annexes, points and many sources; a generated
# treaty in the benchmark's layout is added per test run.
_SEED_FOLDERS = [ROOT / "treaties" / "nato-1949", ROOT / "treaties" / "au-pact-2005",
                 ROOT / "tests" / "data" / "corpus-structure" / "demo-2010"]

# (where, what): a defect put at one match of ``where`` (a regex) in one file.
_DEFECTS = [
    (r"<p>(?=[^<])", "<p> "),                                   # leading space
    (r"(?<=[^>\s])</p>", " </p>"),                              # trailing space
    (r"(?<=[^>\s])</heading>", "\n</heading>"),                 # trailing line break
    (r"(?<=\w) (?=\w)", "\n"),                                  # a line break in a text
    (r"(?<=\w) (?=\w)", "\t"),
    (r"(?<=\w) (?=\w)", "&#13;"),                               # also in attributes
    (r"(?<=\w) (?=\w)", "&#10;"),
    (r"(?<=\w) (?=\w)", "\x85"),                                # controls
    (r"(?<=\w) (?=\w)", "\u2028"),
    (r"(?<=\w)(?=\w)", "\u202e"),
    (r"(?<=\w) (?=\w)", "\xa0"),                                # fine inside a text
    (r"(?<=\w)(?=\w)", "é"),
    (r"<p>", "<p>\xa0"),                                        # padding outside ASCII
    (r"(?<=\w)</num>", "\u3000</num>"),
    (r"<heading>[^<]*</heading>", "<heading> </heading>"),      # blank texts
    (r"<heading>[^<]*</heading>", "<heading>\n      </heading>"),
    (r"<p>[^<]*</p>", "<p>\n</p>"),
    (r"<p>[^<]*</p>", "<p>TO FILL IN</p>"),                     # placeholders
    (r'date="[0-9-]+"', 'date="9999-12-31"'),
    (r"<treaty ", '<treaty status="draft" '),
    (r'(?<=<para n=")[^"]*', "1"),                              # repeated numbers
    (r'(?<=<point n=")[^"]*', "i"),
    (r'(?<=<para)(?=>)', ' n="1"'),
    (r'(?<=<article n=")[^"]*', "1"),                           # repeated keys
    (r'(?<=<article n=")[^"]*', "1.01"),
    (r'(?<=<article n=")[^"]*', "a"),
    (r'(?<=<division kind=")\w+(?=" n=")', "chapter"),
    (r'(?<=<division kind="\w{4}" n=")[^"]*', "1"),
    (r'(?<=<annex kind=")\w+', "annex"),
    (r'(?<=<article n=")[^"]*', "1 A"),                         # malformed keys
    (r'(?<=<division kind="\w{4}" n=")[^"]*', "Two"),
    (r'checked="', 'checked="nosuch '),                         # unknown source
    (r'(?<=<source id=")\w+', "gen"),                           # repeated source id
    (r"</num>", "</num><zz/>"),                                 # unknown element
    (r"<num>[^<]*</num>", ""),                                  # not what the schema says
    (r'schemaVersion="2"', 'schemaVersion="1"'),
    (r">\n", "><!-- TO FILL IN \x85 \u202e a > b -->\n"),       # comments are not values
    (r"</para>(?=\s*</article>)", '</para><superseded by="Protocol" checked="gen">'
     '<para n="1"><p>Old wording.</p></para><para n="1"><p> x</p></para></superseded>'),
    (r"</heading>", "</heading><?pi TO FILL IN?>"),
]


@pytest.fixture(scope="module")
def seed_corpus(tmp_path_factory):
    corpus = _generated(tmp_path_factory.mktemp("seed"), 1)
    for folder in _SEED_FOLDERS:
        shutil.copytree(folder, corpus / folder.name)
    return corpus


@pytest.mark.parametrize("body, told", [
    # a key repeated in the body around an annex inside it (not a scope of its own)
    ('<article n="1"/><annex kind="annex" n="1"><article n="2"/></annex><article n="1"/>',
     ["article number 1 is used twice (first on line 1)"]),
    # keys start again in each annex of the text
    ('<article n="1"/></body><annex kind="annex" n="1"><article n="1"/></annex>'
     '<annex kind="annex" n="2"><article n="1"/><article n="1"/></annex><body>',
     ["article number 1 is used twice (first on line 1)"]),
    ('<division kind="part" n="1"/><division kind="chapter" n="1"/>'
     '<division kind="part" n="1"><division kind="part" n="1"/></division>',
     ["part number 1 is used twice here (first on line 1)"]),
])
def test_keys_are_unique_in_their_own_scope(body, told):
    root = etree.fromstring(f'<text authority="authentic"><body>{body}</body></text>'
                            .replace("<body></body>", ""))
    found = []
    validate._check_version(root, lambda message, el: found.append(message))
    assert found == told
    with pytest.MonkeyPatch.context() as monkeypatch:
        _walk_all(monkeypatch)
        again = []
        validate._check_version(root, lambda message, el: again.append(message))
    assert again == told


def _reference_check_tree(tree, path, parse=read.parse_xml):
    """What validation was before any shortcut: every walk, every time."""
    return (validate.early_errors(tree, path) or store_xml.schema_errors(tree, str(path))
            or validate.semantic_errors(tree, path, parse))


def _told(problems):
    return [(p.path, p.line, p.column, p.message) for p in problems]


@settings(max_examples=120, deadline=None)
@given(data=st.data())
def test_the_shortcuts_find_what_a_full_walk_finds_in_a_corpus(seed_corpus, tmp_path_factory,
                                                              data):
    folders = sorted(p for p in seed_corpus.iterdir())
    source = data.draw(st.sampled_from(folders))
    corpus = tmp_path_factory.mktemp("defects")
    folder = corpus / source.name
    shutil.copytree(source, folder)
    files = sorted(folder.glob("*.xml"))
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(files))
        where, what = data.draw(st.sampled_from(_DEFECTS))
        text = path.read_text(encoding="utf-8")
        spots = list(re.finditer(where, text))
        if spots:
            spot = spots[data.draw(st.integers(0, len(spots) - 1))]
            path.write_text(text[:spot.start()] + what + text[spot.end():], encoding="utf-8")
    fast = _told(store.check_files([corpus])[1])
    with pytest.MonkeyPatch.context() as monkeypatch:
        _walk_all(monkeypatch)
        monkeypatch.setattr(validate, "check_tree", _reference_check_tree)
        monkeypatch.setattr(read, "check_tree", _reference_check_tree)
        slow = _told(store.check_files([corpus])[1])
    assert fast == slow


def test_the_schema_admits_only_its_elements_and_well_formed_keys():
    """What lets a file the schema admits skip the walks for unknown elements
    and malformed keys: no wildcard in the schema, and its key pattern is
    is_key's."""
    document = store_xml._schema_document(store_xml.TREATY_SCHEMA)
    rng = "{http://relaxng.org/ns/structure/1.0}"
    assert not list(document.iter(rng + "anyName", rng + "nsName"))
    assert all(el.get("name") for el in document.iter(rng + "element"))
    pattern = document.find(f"{rng}define[@name='key']/{rng}data/{rng}param").text
    from treatycmp import numbering
    assert pattern.replace("([", "(?:[") == numbering._KEY.pattern
    keyed = {ref.getparent().get("name") for ref in document.iter(rng + "ref")
             if ref.get("name") == "key" and ref.getparent().tag == rng + "attribute"}
    assert keyed == {"n"}  # on article, division and annex: what early_errors looks at


@settings(max_examples=200, deadline=None)
@given(key=st.text(alphabet="0123456789abzAZ.-_ é\n", max_size=6),
       tag=st.sampled_from(["article", "division", "annex"]))
def test_a_key_the_schema_admits_is_one_is_key_admits(key, tag):
    from treatycmp import numbering
    path = ROOT / "tests" / "data" / "corpus-structure" / "demo-2010" / "en.xml"
    tree = store.parse_xml(path)
    tree.getroot().find(f".//{tag}").set("n", key)
    assert store_xml._schema(store_xml.TREATY_SCHEMA).validate(tree) == numbering.is_key(key)


def test_the_utf8_control_patterns_find_the_control_characters_exactly():
    """validate's byte patterns find a character exactly when xml's pattern does."""
    for code in (*range(0x3000), *range(0xfe00, 0x10000), 0x10000, 0x1f600, 0x10ffff):
        char = chr(code)
        if 0xd800 <= code <= 0xdfff:
            continue  # no XML text holds a lone surrogate
        in_bytes = any(p.search(char.encode()) for p in validate._CONTROLS_UTF8)
        assert in_bytes == bool(store_xml._INVISIBLE_CONTROL.search(char)), hex(code)
