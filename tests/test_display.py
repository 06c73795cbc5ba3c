"""What the terminal diff and the reports show reads as each text does
(audit 5, section 10).

- The terminal line: dropping the other text's marks and unwrapping one's
  own reads back each text, and no double space is printed where neither
  text has one (``attacked[-,-] forthwith``, not ``attacked[-,-]  forthwith``).
- Canonically equivalent spellings (NFC against NFD) are unchanged text in the
  terminal, the JSON and the HTML report, which still show each text as stored;
  a real difference of spelling (case, quotes) is still "matched after folding".
"""

from __future__ import annotations

import json
import re
import unicodedata

import click
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from treatycmp import store
from treatycmp.cli.compare import _inline
from treatycmp.compare import compare_provisions
from treatycmp.diff import diff_texts
from treatycmp.export import comparison_to_json
from treatycmp.model import ARTICLE, Paragraph, Provision
from treatycmp.report import build_clause_report, render_report
from treatycmp.report.collation import redline_spans
from treatycmp.report.redline import build_redline, same_spelling
from treatycmp.text import EXACT, Folding
from conftest import CORPUS

MARKS = r"\[-|-\]|\{\+|\+\}|\[<\d+ |<\]|\{>\d+ |>\}"


def shown(left: str, right: str, folding: Folding = Folding()) -> str:
    return click.unstyle(_inline(diff_texts(left, right, folding)))


def read(line: str, side: str) -> str:
    """One text read back from a terminal line: its own changes unwrapped,
    the other's dropped; a word's {~right spelling~} replaces it on the right."""
    mine, theirs = r"\[-(.*?)-\]|\[<\d+ (.*?)<\]", r"\{\+.*?\+\}|\{>\d+ .*?>\}"
    if side == "right":
        mine, theirs = r"\{\+(.*?)\+\}|\{>\d+ (.*?)>\}", r"\[-.*?-\]|\[<\d+ .*?<\]"
        line = re.sub(r"[\w'’]+\{~(.*?)~\}", r"\1", line, flags=re.S)
    else:
        line = re.sub(r"\{~.*?~\}", "", line, flags=re.S)
    line = re.sub(theirs, "", line, flags=re.S)
    return re.sub(mine, lambda m: m.group(1) if m.group(1) is not None else m.group(2),
                  line, flags=re.S)


def spaced(text: str) -> str:
    """A text with every run of whitespace one space: a reader does not see
    how long a run is (whitespace is folded, and a dropped mark between two
    spaces leaves both), but sees whether there is one."""
    # (spaces spelled where whitespace is compared: ␣ ⏎ ⇥ <U+00A0>)
    text = re.sub(r"<U\+[0-9A-F]+>|[␣⏎⇥]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


# -------------------------------------------------------------- the terminal line

def test_the_audit_cases_print_one_space():
    assert shown("the Party so attacked, forthwith.", "the Party so attacked forthwith.") == (
        "the Party so attacked[-,-] forthwith.")
    assert shown("the Council/Assembly shall act", "the Council shall act") == (
        "the Council[-/Assembly-] shall act")
    # and the other way round
    assert shown("the Party so attacked forthwith.", "the Party so attacked, forthwith.") == (
        "the Party so attacked{+,+} forthwith.")
    assert shown("the Council shall act", "the Council/Assembly shall act") == (
        "the Council{+/Assembly+} shall act")


def test_a_replacement_reads_as_each_text_with_one_space():
    assert shown("attacked, forthwith", "attacked now forthwith") == (
        "attacked[-,-]{+ now+} forthwith")
    assert shown("a b c", "a x c") == "a [-b-]{+x+} c"
    assert shown("they agree.", "they agree that.") == "they agree{+ that+}."
    # A space one text has and the other has not stays inside its mark.
    assert shown("attacked, forthwith", "attacked—forthwith") == "attacked[-, -]{+—+}forthwith"


def test_a_change_of_spaces_alone_is_still_marked_when_whitespace_is_compared():
    line = shown("article 5\u00a0; armed  attack", "article 5 ; armed attack",
                 Folding(whitespace=False))
    assert line == "article 5[-<U+00A0>-]{+␣+}; armed[-␣␣-]{+␣+}attack"


word = st.sampled_from(["the", "Party", "party", "Council", "council", "Assembly", "shall",
                        "act", "attacked", "forthwith", "armed", "attack", "Security",
                        "l'emploi", "l’emploi", "5(1)"])
glued = st.sampled_from([",", ".", ";", ":", ")", "/"])  # stands against the word before
opening = st.sampled_from(["(", "“"])  # stands against the word after


def sentence(draw_pieces) -> str:
    """Pieces spaced as in print. A paragraph break stands where a space
    would (before a word): two texts never differ in whether there is
    whitespace between two given pieces, only in how much (whitespace
    folded, a space only one text has between two unchanged words is shown
    as the left has it)."""
    out, broken = "", False
    for kind, piece in draw_pieces:
        if kind == "break":
            broken = True
        elif kind == "glued" or not out or out.endswith(("/", "(", "“")):
            out += piece
        else:
            out += ("\n\n" if broken else " ") + piece
            broken = False
    return out


piece = st.one_of(word.map(lambda w: ("word", w)), glued.map(lambda g: ("glued", g)),
                  opening.map(lambda o: ("word", o)))
texts = st.lists(piece, min_size=1, max_size=14).map(sentence)
with_breaks = st.lists(st.one_of(piece, st.just(("break", ""))), min_size=1,
                       max_size=14).map(sentence)


@settings(max_examples=400, deadline=None)
@given(texts, texts)
def test_the_terminal_line_reads_as_each_text_and_never_doubles_a_space(left, right):
    assume(left and right)
    for folding in (Folding(), EXACT):
        line = shown(left, right, folding)
        assert spaced(read(line, "left")) == spaced(left), line
        assert spaced(read(line, "right")) == spaced(right), line
        # Neither text has two spaces in a row: nor has the line.
        assert not re.search(r"\s\s", line), line


@settings(max_examples=200, deadline=None)
@given(with_breaks, with_breaks)
def test_the_terminal_line_reads_as_each_text_across_paragraph_breaks(left, right):
    assume(left and right)
    line = shown(left, right)
    assert spaced(read(line, "left")) == spaced(left), line
    assert spaced(read(line, "right")) == spaced(right), line
    # No whitespace run is printed that neither text has at some place.
    runs = set(re.findall(r"\s+", left)) | set(re.findall(r"\s+", right))
    for run in re.findall(r"\s+", re.sub(MARKS, "\x00", line)):
        assert run in runs, (line, run)


greek = st.sampled_from("alpha beta gamma delta epsilon zeta eta theta iota kappa".split())
dressed = st.tuples(greek, st.sampled_from(["", "", "", ",", ";", "/x"])).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(dressed, min_size=4, max_size=24), st.data())
def test_a_moved_run_reads_as_each_text_and_never_doubles_a_space(words, data):
    start = data.draw(st.integers(0, len(words) - 3))
    size = data.draw(st.integers(3, min(6, len(words) - start)))
    run, rest = words[start:start + size], words[:start] + words[start + size:]
    where = data.draw(st.integers(0, len(rest)))
    moved = rest[:where] + run + rest[where:]
    # and the punctuation of a few words changed on the right
    moved = [w.rstrip(",;") if data.draw(st.integers(0, 4)) == 0 else w for w in moved]
    left, right = " ".join(words) + ".", " ".join(moved) + "."
    diff = compare_provisions(clause(left), clause(right)).paragraphs[0].diff
    line = click.unstyle(_inline(diff))
    assert spaced(read(line, "left")) == spaced(left), line
    assert spaced(read(line, "right")) == spaced(right), line
    assert not re.search(r"\s\s", re.sub(r"(\[<|\{>)\d+ ", "", line)), line


# ------------------------------------------------------------- NFC against NFD

accented = st.lists(st.sampled_from(list("aeioucnst") + ["e\u0301", "e\u0300", "a\u0308",
                                                        "o\u0302", "c\u0327", "u\u0308",
                                                        "n\u0303", "i\u0302"]),
                    min_size=1, max_size=9).map("".join)
accented_texts = st.lists(accented, min_size=1, max_size=10).map(" ".join)


def nfc_nfd(text: str, data) -> tuple[str, str]:
    nfc, nfd = unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)
    return (nfc, nfd) if data.draw(st.booleans()) else (nfd, nfc)


def clause(text: str, eid: str = "art_1") -> Provision:
    paras = tuple(Paragraph(f"{eid}__para_{k}", None, t)
                  for k, t in enumerate(text.split(" || "), 1))
    return Provision(ARTICLE, eid, "1", "Article 1", None, paras, True, ("s",))


def test_same_spelling_is_canonical_equivalence_only():
    assert same_spelling("s\u00e9curit\u00e9", "se\u0301curite\u0301")
    assert same_spelling("\u1e69", "s\u0323\u0307")  # marks in another order
    assert not same_spelling("securite", "sécurité")
    assert not same_spelling("Sécurité", "se\u0301curite\u0301")
    assert not same_spelling("l'emploi", "l’emploi")


@settings(max_examples=200, deadline=None)
@given(accented_texts, st.data())
def test_nfc_against_nfd_is_unchanged_text_in_the_terminal(text, data):
    left, right = nfc_nfd(text, data)
    for folding in (Folding(), Folding(accents=True), EXACT):
        line = shown(left, right, folding)
        assert line == left  # the left text as stored, with no mark at all


@settings(max_examples=100, deadline=None)
@given(accented_texts, st.data())
def test_a_real_difference_of_spelling_beside_nfd_is_still_shown(text, data):
    left, right = nfc_nfd(text, data)
    right = right[0].upper() + right[1:]
    assume(right[0] != left[0])
    line = shown(left, right)
    first = right.split(" ")[0]
    assert f"{{~{first}~}}" in line  # the right's exact spelling
    assert line.count("{~") == 1


def _report(left: str, right: str):
    nato = store.load_treaty(CORPUS, "nato-1949")
    version = nato.version("en")
    comparison = compare_provisions(clause(left), clause(right))
    return comparison, build_clause_report(comparison, (nato, version), (nato, version))


@settings(max_examples=60, deadline=None)
@given(accented_texts, st.data())
def test_nfc_against_nfd_is_unchanged_text_in_the_report(text, data):
    left, right = nfc_nfd(text, data)
    comparison, report = _report(left, right)
    rows, changes = build_redline(comparison)
    assert not changes
    for row in rows:
        for cell, exact in ((row.left, left), (row.right, right)):
            assert {s.kind for s in cell.segments} == {"same"}
            assert "".join(s.text for s in cell.segments) == exact  # as stored
    html = render_report(report)
    assert 'class="folded" title=' not in html  # (the legend has its own "folded")
    for exact in (left, right):  # each text as stored, never normalised
        assert exact in html


def test_a_real_fold_beside_nfd_is_still_dotted_in_the_report():
    left, right = "la Se\u0301curite\u0301 collective", "la sécurité collective"
    comparison, report = _report(left, right)
    rows, _ = build_redline(comparison)
    folded = [s for s in rows[0].left.segments if s.kind == "folded"]
    assert [(s.text, s.other) for s in folded] == [("Se\u0301curite\u0301", "sécurité")]
    html = render_report(report)
    assert 'class="folded" title="matched “sécurité” in the other text"' in html


@settings(max_examples=60, deadline=None)
@given(accented_texts, st.data())
def test_nfc_against_nfd_is_unchanged_in_json_and_the_collation_redline(text, data):
    left, right = nfc_nfd(text, data)
    comparison, _ = _report(left, right)
    nato = store.load_treaty(CORPUS, "nato-1949")
    side = (nato, nato.version("en"))
    payload = json.loads(comparison_to_json(comparison, side + (clause(left),),
                                            side + (clause(right),), ""))
    ops = payload["paragraphs"][0]["diff"]
    assert [op for op, _, _ in ops] == ["equal"]
    assert ops[0][1:] == [left, right]  # both as stored
    assert payload["figures"]["unchanged"] == len(text.split())
    diff = comparison.paragraphs[0].diff
    for role, exact in (("left", left), ("right", right)):
        spans = redline_spans(diff, role)
        assert {s.kind for s in spans} == {"same"}
        assert "".join(s.text for s in spans) == exact


def test_the_audit_case_through_the_cli(tmp_path):
    """The audit's fixture: `diff` prints both texts' words once, unmarked."""
    from click.testing import CliRunner
    from treatycmp.cli import main

    root = tmp_path / "corpus"
    cases = [("en", "the Party so attacked, forthwith.", "the Party so attacked forthwith."),
             ("en", "the Council/Assembly shall act", "the Council shall act"),
             ("fr", "la se\u0301curite\u0301 collective", "la sécurité collective")]
    _write_fixture(root, cases)
    runner = CliRunner()
    expected = ["the Party so attacked[-,-] forthwith.", "the Council[-/Assembly-] shall act",
                "la se\u0301curite\u0301 collective"]
    for k, ((lang, _, _), line) in enumerate(zip(cases, expected), 1):
        result = runner.invoke(main, ["--corpus", str(root), "diff", f"lq-2000@{lang}:{k}",
                                      f"rq-2001@{lang}:{k}"])
        assert result.exit_code == 0, result.output
        assert line in result.stdout.splitlines()


def _write_fixture(root, cases) -> None:
    """Two treaties, article k of each holding line k's left or right text
    (the fixture script of audit 5's appendix)."""
    from xml.sax.saxutils import escape
    langs = sorted({c[0] for c in cases})
    for tid, side in (("lq-2000", 1), ("rq-2001", 2)):
        folder = root / tid
        folder.mkdir(parents=True)
        (folder / "treaty.xml").write_text(
            f'<?xml version="1.0" encoding="UTF-8"?>\n<treaty id="{tid}" schemaVersion="2">\n'
            '<signed date="2000-01-01" place="Nowhere"/>\n'
            '<entryIntoForce date="2000-01-01">On signature.</entryIntoForce>\n'
            '<parties><party>A</party><party>B</party></parties>\n<depositary>A</depositary>\n'
            '<authenticLanguages>' + "".join(f'<language code="{l}"/>' for l in langs)
            + '</authenticLanguages>\n<citations><none>Test fixture.</none></citations>\n'
            '<status value="in-force" asOf="2026-11-30"/>\n</treaty>\n', encoding="utf-8")
        for lang in langs:
            articles = "".join(
                f'<article n="{i}" checked="s"><num>Article {i}</num>\n'
                f'<para n="1"><p>{escape(c[side])}</p></para>\n</article>\n'
                for i, c in enumerate(cases, 1) if c[0] == lang)
            (folder / f"{lang}.xml").write_text(
                f'<?xml version="1.0" encoding="UTF-8"?>\n<text treaty="{tid}" xml:lang="{lang}" '
                'schemaVersion="2" authority="authentic">\n<meta><title>Test</title>'
                f'<shortTitle>{tid}</shortTitle><state kind="as-signed">As signed.</state>\n'
                '<sources><source id="s" url="https://example.org/x" accessed="2026-11-30">'
                'Test source</source></sources></meta>\n<body>\n'
                f'{articles}</body>\n</text>\n', encoding="utf-8")


# ------------------------------------------------------------- the Word redline

def test_the_word_redline_keeps_a_word_unchanged_when_only_the_space_after_it_differs():
    from treatycmp.export.docx import redline_atoms

    def atoms(left, right):
        return [(a.kind, a.text) for a in
                redline_atoms(compare_provisions(clause(left), clause(right)))]
    assert atoms("the Party so attacked, forthwith.", "the Party so attacked forthwith.") == [
        ("equal", "the Party so attacked"), ("delete", ","), ("equal", " forthwith.")]
    assert atoms("the Council/Assembly shall act", "the Council shall act") == [
        ("equal", "the Council"), ("delete", "/Assembly"), ("equal", " shall act")]
    assert atoms("a b c", "a x c") == [("equal", "a "), ("delete", "b"), ("insert", "x"),
                                       ("equal", " c")]
    # Tracked changes must give back each exact text, code point for code point:
    # a word stored in NFD against NFC stays a (one-word) change there.
    assert atoms("la se\u0301curite\u0301 collective", "la sécurité collective") == [
        ("equal", "la "), ("delete", "se\u0301curite\u0301"), ("insert", "sécurité"),
        ("equal", " collective")]


@settings(max_examples=200, deadline=None)
@given(with_breaks, with_breaks)
def test_the_word_redline_rebuilds_both_texts_exactly(left, right):
    from treatycmp.export.docx import redline_atoms

    assume(left and right)
    lefts, rights = left.split("\n\n"), right.split("\n\n")
    assume(all(p.strip() == p and p for p in lefts + rights))
    left_clause, right_clause = clause(" || ".join(lefts)), clause(" || ".join(rights))
    atoms = redline_atoms(compare_provisions(left_clause, right_clause))
    assert "".join(a.text for a in atoms if a.kind != "insert") == left
    assert "".join(a.text for a in atoms if a.kind != "delete") == right
    # No change ends with a space that the other text also has after its change.
    blocks = "".join("|" if a.kind == "equal" else a.kind[0] for a in atoms).split("|")
    k = 0
    for block in blocks:
        changed, k = atoms[k:k + len(block)], k + len(block) + 1
        deleted = "".join(a.text for a in changed if a.kind == "delete")
        inserted = "".join(a.text for a in changed if a.kind == "insert")
        space = deleted[len(deleted.rstrip()):]
        if space and deleted.strip() and "\n" not in deleted + inserted:
            assert not inserted.endswith(space), atoms
