"""The clause report: content, escaping, determinism, atomic writing; compare and diff commands."""

from __future__ import annotations

import json
import os
import re

import pytest

from treatycmp import store
from treatycmp.cli import main
from treatycmp.compare import compare_provisions
from treatycmp.errors import OutputError
from treatycmp.report import build_clause_report, render_report, write_report
from conftest import CORPUS

FLAGSHIP = ["nato-1949@fr:5", "liptako-gourma-2023@fr:6"]


def run(runner, *args):
    return runner.invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def flagship_html(tmp_path_factory) -> str:
    from click.testing import CliRunner
    out = tmp_path_factory.mktemp("r") / "flag.html"
    result = CliRunner().invoke(main, ["compare", *FLAGSHIP, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def visible_text(html: str) -> str:
    """Text a reader sees (tags dropped, screen-reader-only spans removed)."""
    html = re.sub(r'<span class="sr-only">.*?</span>', "", html)
    html = re.sub(r"<[^>]+>", "", html)
    return html.replace("&#39;", "'").replace("&#34;", '"').replace("&amp;", "&") \
               .replace("&lt;", "<").replace("&gt;", ">")


def test_report_shows_every_character_of_both_texts(flagship_html):
    text = visible_text(flagship_html)
    nato = store.load_treaty(CORPUS, "nato-1949").version("fr").find("5")
    charter = store.load_treaty(CORPUS, "liptako-gourma-2023").version("fr").find("6")
    cells = re.findall(r'<td id="(left|right)-[^"]+" class="text text-\w+" lang="fr" dir="ltr"'
                       r'[^>]*>(.*?)</td>', flagship_html, re.S)
    left = [visible_text(c) for side, c in cells if side == "left"]
    right = [visible_text(c) for side, c in cells if side == "right"]
    assert left == [p.full_text for p in nato.paragraphs]
    assert right == [p.full_text for p in charter.paragraphs]
    assert "Traité de l'Atlantique Nord" in text


def test_report_header_cites_both_instruments(flagship_html):
    for words in ["Washington, 4 April 1949", "63 Stat. 2241", "Bamako, 16 September 2023",
                  "art 5", "art 6", "Left text (base)", "French", "authentic",
                  "does not claim that one text amended", "SHA-256", "treatycmp 0.",
                  "Matching ignores", "case, quotes, whitespace", "No corresponding paragraph",
                  "Word similarity", "Shingle similarity", "Legend"]:
        assert words in flagship_html, words


def test_changes_are_marked_by_more_than_colour(flagship_html):
    assert '<del class="deleted">' in flagship_html and '<ins class="inserted">' in flagship_html
    # screen readers hear the marks: CSS generated content, so never copied with the text
    assert 'del.deleted::before { content: " [deleted: "; }' in flagship_html
    assert 'ins.inserted::before { content: " [inserted: "; }' in flagship_html
    assert "text-decoration: line-through" in flagship_html
    assert "@media print" in flagship_html and "table-header-group" in flagship_html


def test_report_is_self_contained(flagship_html):
    assert "<script" not in flagship_html
    assert not re.search(r'\bsrc=|<link\b|<iframe\b|<img\b', flagship_html)
    assert "@import" not in flagship_html and "url(" not in flagship_html
    # the only addresses outside the page are source links a reader may follow
    external = re.findall(r'<a ([^>]*)href="(?!#)([^"]*)"', flagship_html)
    assert external and all(attrs == 'class="url" ' and url.startswith(("https://", "http://"))
                            for attrs, url in external)


def test_anchors_are_stable_eids(flagship_html):
    for anchor in ("left-art_5__para_1", "right-art_6__para_1", "left-art_5__para_2"):
        assert f'id="{anchor}"' in flagship_html and f'href="#{anchor}"' in flagship_html


def test_report_is_byte_identical_when_run_twice(runner, tmp_path):
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    run(runner, "compare", *FLAGSHIP, "-o", str(a))
    run(runner, "compare", *FLAGSHIP, "-o", str(b))
    assert a.read_bytes() == b.read_bytes()
    stamped = tmp_path / "c.html"
    run(runner, "compare", *FLAGSHIP, "-o", str(stamped), "--timestamp")
    assert "Generated" in stamped.read_text(encoding="utf-8")
    assert "Generated" not in a.read_text(encoding="utf-8")


def test_treaty_text_is_escaped_never_executed(demo_copy, runner, tmp_path):
    fr = demo_copy / "demo-2000" / "fr.xml"
    fr.write_text(fr.read_text(encoding="utf-8").replace(
        "Le présent Traité institue une alliance.",
        "Le &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; l&apos;alliance."),
        encoding="utf-8")
    out = tmp_path / "x.html"
    result = run(runner, "--corpus", str(demo_copy), "compare", "demo-2000@fr:1",
                 "demo-2000@fr:2", "-o", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&amp; l&#39;alliance" in html


def test_translation_comparison_is_stated_plainly(runner, tmp_path):
    out = tmp_path / "en.html"
    result = run(runner, "compare", "nato-1949@en:5", "liptako-gourma-2023@en:6", "-o", str(out))
    assert result.exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "Not a comparison of authentic texts" in html
    assert "unofficial translation by treatycmp" in html
    assert "Not a comparison of authentic texts" in result.stderr


def test_compare_chooses_the_shared_authentic_language_and_says_so(runner, tmp_path):
    out = tmp_path / "auto.html"
    result = run(runner, "compare", "nato-1949:5", "liptako-gourma-2023:6", "-o", str(out))
    assert result.exit_code == 0
    assert result.stdout.strip() == str(out)
    assert "compared in French (chosen as an authentic language of both)" in result.stderr


def test_compare_default_output_name(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(runner, "compare", *FLAGSHIP)
    name = "nato-1949-fr-5_vs_liptako-gourma-2023-fr-6.html"
    assert result.stdout.strip() == name and (tmp_path / name).exists()


@pytest.mark.parametrize("args, words", [
    (["nope-1@fr:5", "nato-1949@fr:5"], "no treaty 'nope-1'"),
    (["nato-1949@fr:99", "liptako-gourma-2023@fr:6"], "has no provision '99'"),
    (["nato-1949@fr:5", "liptako-gourma-2023@fr:9"], "not yet transcribed"),
    (["nato-1949@de:5", "liptako-gourma-2023@de:6"], "available: en (authentic), fr (authentic)"),
])
def test_bad_input_is_one_line_exit_1_and_no_file(runner, tmp_path, args, words):
    out = tmp_path / "never.html"
    result = run(runner, "compare", *args, "-o", str(out))
    assert result.exit_code == 1
    assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_output_in_a_missing_folder_is_a_clear_error(runner, tmp_path):
    result = run(runner, "compare", *FLAGSHIP, "-o", str(tmp_path / "missing" / "r.html"))
    assert result.exit_code == 1 and "does not exist" in result.stderr


def test_output_under_a_file_is_a_clear_error(runner, tmp_path):
    (tmp_path / "file").write_text("x")
    result = run(runner, "compare", *FLAGSHIP, "-o", str(tmp_path / "file" / "r.html"))
    assert result.exit_code == 1 and "cannot write" in result.stderr


def test_interrupted_write_keeps_the_old_report(tmp_path, monkeypatch):
    target = tmp_path / "r.html"
    target.write_text("old report", encoding="utf-8")

    def explode(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "replace", explode)
    with pytest.raises(OutputError, match="No space left"):
        write_report("<p>new</p>", target)
    assert target.read_text(encoding="utf-8") == "old report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_write_report_replaces_atomically(tmp_path):
    target = tmp_path / "r.html"
    target.write_text("old", encoding="utf-8")
    write_report("new ✓", target)
    assert target.read_text(encoding="utf-8") == "new ✓"


def test_diff_text_reads_without_colour(runner):
    result = run(runner, "diff", *FLAGSHIP)
    assert result.exit_code == 0
    out = result.stdout
    assert "[-" in out and "-]" in out and "{+" in out and "+}" in out
    assert "\x1b[" not in out  # CliRunner is not a terminal: no colour codes
    assert "[-only on the left-]" in out and "word similarity" in out


def test_diff_text_keeps_the_left_spelling_and_shows_the_right_one(runner):
    """Unchanged words print as the left text has them; a word matched only
    after folding also shows the right text's spelling (NATO's straight
    apostrophe against the Charter's curly one)."""
    out = run(runner, "diff", *FLAGSHIP).stdout
    assert "y compris l'{~l’~}emploi de la force armée" in out
    assert "l’emploi" not in out.replace("{~l’~}", "")


def test_diff_json_rebuilds_both_texts(runner):
    result = run(runner, "diff", *FLAGSHIP, "--format", "json")
    data = json.loads(result.stdout)
    nato = store.load_treaty(CORPUS, "nato-1949").version("fr").find("5")
    first = data["paragraphs"][0]
    assert "".join(l for op, l, r in first["diff"] if op != "insert") == nato.paragraphs[0].full_text
    assert data["paragraphs"][1] == {"left": "art_5__para_2", "right": None,
                                     "lefts": ["art_5__para_2"], "rights": [],
                                     "basis": "alone", "joined": False, "score": None,
                                     "diff": [["delete", nato.paragraphs[1].full_text, ""]],
                                     "moves": [None], "complete": True,
                                     "text": nato.paragraphs[1].full_text}
    assert set(data["figures"]) >= {"word_similarity", "shingle_jaccard", "deleted", "inserted"}
    assert data["left"]["sha256"] and data["options"]["ignore"] == "case, quotes, whitespace"


def test_ignore_option_is_validated(runner):
    result = run(runner, "diff", *FLAGSHIP, "--ignore", "case,colour")
    assert result.exit_code == 2 and "unknown: colour" in result.stderr


def test_view_model_cells_hold_the_exact_paragraph_texts():
    nato = store.load_treaty(CORPUS, "nato-1949")
    charter = store.load_treaty(CORPUS, "liptako-gourma-2023")
    left, right = nato.version("fr"), charter.version("fr")
    report = build_clause_report(compare_provisions(left.find("5"), right.find("6")),
                                 (nato, left), (charter, right))
    lefts = ["".join(s.text for s in row.left.segments) for row in report.rows if row.left]
    rights = ["".join(s.text for s in row.right.segments) for row in report.rows if row.right]
    assert lefts == [p.full_text for p in left.find("5").paragraphs]
    assert rights == [p.full_text for p in right.find("6").paragraphs]
    assert {s.kind for row in report.rows for c in (row.left, row.right) if c
            for s in c.segments} <= {"same", "folded", "deleted", "inserted", "space", "alone",
                                     "moved-from", "moved-to", "mark", "para"}
    assert render_report(report) == render_report(report)


def test_output_without_write_permission_is_a_clear_error(runner, tmp_path, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # root ignores chmod, so simulate it
    result = run(runner, "compare", *FLAGSHIP, "-o", str(tmp_path / "r.html"))
    assert result.exit_code == 1
    assert "cannot write: Permission denied" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_diff_cut_short_by_its_time_limit_is_announced(monkeypatch):
    import treatycmp.unitdiff
    from treatycmp.compare import Options
    from treatycmp.model import ARTICLE, Paragraph, Provision
    # Every shared word is frequent: no anchor cuts the long region (one of
    # 6,000 words a side is diffed whole, made small here as texts of 16,000
    # words would be).
    monkeypatch.setattr(treatycmp.unitdiff, "ANCHOR_AREA", 1_000_000)
    long_left = " ".join("abc"[i % 3] + "ab"[i % 7 % 2] for i in range(6000))
    long_right = " ".join("abc"[i % 5 % 3] + "ab"[i % 2] for i in range(6000))

    def provision(eid, text):
        return Provision(ARTICLE, eid, "1", "Article 1", None,
                         (Paragraph(f"{eid}__para_1", None, text),), True, ("s",))
    nato = store.load_treaty(CORPUS, "nato-1949")
    version = nato.version("en")
    comparison = compare_provisions(provision("art_1", long_left), provision("art_1", long_right),
                                    Options(timeout=0.001))
    assert comparison.complete is False
    report = build_clause_report(comparison, (nato, version), (nato, version))
    assert report.warnings and "time limit" in report.warnings[0]
    assert "reached its time limit" in render_report(report)


# ------------------------------------------------ leading with the comparison

def _report_html(runner, tmp_path, *refs, corpus=None) -> str:
    out = tmp_path / "r.html"
    args = (["--corpus", str(corpus)] if corpus else []) + ["compare", *refs, "-o", str(out)]
    result = run(runner, *args)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_the_redline_comes_before_provenance_and_figures(flagship_html):
    order = [flagship_html.index(marker) for marker in (
        "<h1>", 'class="lede"', '<table class="redline">', 'id="changes-title"',
        'id="figures-title"', 'id="about-title"', 'id="provenance-title"', 'id="colophon-title"')]
    assert order == sorted(order)
    lede = re.search(r'<p class="lede">(.*?)</p>', flagship_html, re.S).group(1)
    assert re.search(r"\d+ changes · word similarity 0\.\d\d · words: \d+ unchanged", lede)


def test_translation_warning_is_a_warning_at_the_top(runner, tmp_path):
    html = _report_html(runner, tmp_path, "nato-1949@en:5", "liptako-gourma-2023@en:6")
    warning = html.index('class="warning warning-translation"')
    assert warning < html.index('<table class="redline">')
    assert "Not a comparison of authentic texts" in html[warning:warning + 400]
    authentic = _report_html(runner, tmp_path, *FLAGSHIP)
    assert "warning-translation" not in authentic.split("<style>")[1].split("</style>")[1]


def test_every_change_is_listed_linked_and_chained(flagship_html):
    ids = re.findall(r'\bid="([^"]+)"', flagship_html)
    assert len(ids) == len(set(ids))
    links = set(re.findall(r'href="#([^"]+)"', flagship_html))
    assert links <= set(ids)
    listed = re.findall(r'<li id="list-([^"]+)" value="(\d+)"><a href="#\1">', flagship_html)
    assert [int(n) for _, n in listed] == list(range(1, len(listed) + 1)) and len(listed) > 3
    marks = re.findall(r'<span class="mark" id="([^"]+)" data-n="(\d+)">(.*?)</span>',
                       flagship_html)
    main = {int(n): anchor for anchor, n, _ in marks if not anchor.endswith("-right")}
    assert main == {k: anchor for k, (anchor, _) in enumerate(listed, 1)}
    for anchor, n, inner in marks:
        n = int(n)
        prev = re.search(r'class="prev" href="#([^"]+)"', inner)
        nxt = re.search(r'class="next" href="#([^"]+)"', inner)
        assert (prev.group(1) if prev else None) == main.get(n - 1)
        assert (nxt.group(1) if nxt else None) == main.get(n + 1)


def test_moved_text_links_both_places(runner, tmp_path):
    html = _report_html(runner, tmp_path, "nato-1949@en:5", "anzus-1951@en:4")
    moved_from = re.findall(r'<del class="moved moved-from" id="([^"]+)">([^<]+)</del>'
                            r'<a class="move-link move-to" href="#([^"]+)"', html)
    moved_to = re.findall(r'<a class="move-link move-from" href="#([^"]+)"[^>]*></a>'
                          r'<ins class="moved moved-to" id="([^"]+)">([^<]+)</ins>', html)
    assert moved_from and len(moved_from) == len(moved_to)
    came = {origin: (here, text) for origin, here, text in moved_to}
    for here, text, there in moved_from:
        assert came[here][0] == there  # each place links the other
        assert came[here][1].split() == text.split()  # the same words
    assert "immediately" in {text for _, text, _ in moved_from}
    assert re.search(r"\d+ moved ·", html)
    assert "<th scope=\"row\">Words moved</th>" in html


def test_rows_say_how_they_were_paired(runner, tmp_path):
    html = _report_html(runner, tmp_path, "nato-1949@en:5", "au-pact-2005@en:4",
                        "--pair", "1=2+3")
    notes = re.findall(r'<tr class="row-note"><td colspan="4"><span class="row-labels">(.*?)'
                       r'</span> (.*?)</td></tr>', html)
    assert notes and all(note for _, note in notes)
    assert any(note.startswith("only in the right text") for _, note in notes)
    assert any(note == "paired by hand" for _, note in notes)
    # a one-to-many group: one label for the group, each paragraph keeps its anchor
    group = next(labels for labels, _ in notes if "–" in labels)
    assert re.fullmatch(r"¶ \d+ ↔ \w\)–\w\)", group)
    assert 'class="para-start" id="right-art_4__para_c" data-label="c)"' in html


def test_a_paragraph_alone_is_marked_as_plainly_as_a_change(flagship_html):
    cell = re.search(r'<td id="left-art_5__para_2"[^>]*>(.*?)</td>', flagship_html, re.S).group(1)
    assert '<span class="alone">' in cell and 'class="mark"' in cell
    assert '.text-left .alone::before { content: "Only in the left text"' in flagship_html
    assert "No corresponding paragraph" in flagship_html
    assert re.search(r'</span> paired [^<]*\(score 0\.\d\d\)</td>', flagship_html)


def test_source_addresses_are_links_without_a_doubled_full_stop(flagship_html, demo_copy,
                                                               runner, tmp_path):
    provenance = flagship_html[flagship_html.index('id="provenance-title"'):]
    assert not re.search(r"(?<!\.)\.\s*\.\s*<a", provenance)
    assert re.search(r'<li>[^<]*[^.]\. <a class="url" href="https://[^"]+">https://', provenance)
    fr = demo_copy / "demo-2000" / "fr.xml"
    fr.write_text(fr.read_text(encoding="utf-8").replace(
        'url="https://example.org/jo/2000-02-01.pdf"', 'url="javascript:alert(1)"'),
        encoding="utf-8")
    html = _report_html(runner, tmp_path, "demo-2000@fr:1", "demo-2000@fr:2", corpus=demo_copy)
    assert 'href="javascript' not in html and '<span class="url">javascript:alert(1)</span>' in html


def test_right_to_left_text_gets_dir(demo_copy, runner, tmp_path):
    folder = demo_copy / "demo-2000"
    treaty = folder / "treaty.xml"
    treaty.write_text(treaty.read_text(encoding="utf-8").replace(
        '<language code="fr"/>', '<language code="fr"/>\n    <language code="ar"/>'),
        encoding="utf-8")
    text = (folder / "fr.xml").read_text(encoding="utf-8")
    (folder / "ar.xml").write_text(
        text.replace('xml:lang="fr"', 'xml:lang="ar"')
            .replace("<shortTitle>Traité d’exemple</shortTitle>",
                     "<shortTitle>معاهدة المثال</shortTitle>")
            .replace("Le présent Traité institue une alliance.", "تنشئ هذه المعاهدة حلفا."),
        encoding="utf-8")
    html = _report_html(runner, tmp_path, "demo-2000@ar:1", "demo-2000@fr:1", corpus=demo_copy)
    assert re.search(r'<td id="left-art_1__para_1" class="text text-left" lang="ar" dir="rtl"',
                     html)
    assert re.search(r'<td id="right-art_1__para_1" class="text text-right" lang="fr" dir="ltr"',
                     html)
    assert '<h1><span lang="ar" dir="rtl">معاهدة المثال, ' in html
    assert '<h3 class="instrument-title" lang="ar" dir="rtl">' in html
    assert re.search(r'<span class="q q-left" lang="ar" dir="rtl">[^<]*حلفا', html)


# ------------------------------------------------ the view-model, for any texts

from hypothesis import given, settings, strategies as st  # noqa: E402

from treatycmp.model import ARTICLE, Paragraph, Provision  # noqa: E402
from treatycmp.report import build_redline  # noqa: E402

WORDS = st.sampled_from(["the", "Parties", "shall", "assist", "armed", "attack", "Council",
                         "forthwith,", "immediately", "security.", "l’une", "État", "حلفا"])
PARAGRAPH = st.lists(WORDS, min_size=1, max_size=14).map(" ".join)


def _provision(eid: str, texts: list[str]) -> Provision:
    return Provision(ARTICLE, eid, "1", "Article 1", None,
                     tuple(Paragraph(f"{eid}__para_{k}", None, t) for k, t in enumerate(texts, 1)),
                     True, ("s",))


@settings(max_examples=60, deadline=None)
@given(st.lists(PARAGRAPH, min_size=1, max_size=4), st.lists(PARAGRAPH, min_size=1, max_size=4))
def test_redline_cells_rebuild_texts_and_changes_chain(lefts, rights):
    left, right = _provision("art_1", lefts), _provision("art_2", rights)
    rows, changes = build_redline(compare_provisions(left, right), "p-")
    for role, provision in (("left", left), ("right", right)):
        cells = [getattr(row, role) for row in rows if getattr(row, role)]
        assert "\n\n".join("".join(s.text for s in c.segments) for c in cells) == \
            provision.full_text
        starts = [c.anchor for c in cells] + [s.anchor for c in cells for s in c.segments
                                              if s.kind == "para"]
        assert sorted(starts) == sorted(f"{role}-{p.eid}" for p in provision.paragraphs)
    marks = [s for row in rows for c in (row.left, row.right) if c for s in c.segments
             if s.kind == "mark"]
    assert [c.number for c in changes] == list(range(1, len(changes) + 1))
    assert {m.number for m in marks} == {c.number for c in changes}
    anchors = {m.anchor for m in marks}
    assert {c.anchor for c in changes} <= anchors and len(anchors) == len(marks)
    for m in marks:
        assert m.prev is None or m.prev in anchors
        assert m.next is None or m.next in anchors
    places = {s.anchor: s.link for row in rows for c in (row.left, row.right) if c
              for s in c.segments if s.kind.startswith("moved")}
    assert all(places.get(link[1:]) == f"#{anchor}" for anchor, link in places.items())


def test_diff_json_has_groups_basis_and_moves(runner):
    data = json.loads(run(runner, "diff", "nato-1949@en:5", "anzus-1951@en:4",
                          "--format", "json").stdout)
    assert data["moves"] and data["figures"]["moved"] > 0
    for move in data["moves"]:
        taken = data["paragraphs"][move["from"]["row"]]["diff"][move["from"]["op"]]
        given = data["paragraphs"][move["to"]["row"]]["diff"][move["to"]["op"]]
        assert taken[0] == "delete" and given[0] == "insert"
        assert taken[1].split() == given[2].split() and taken[1].strip() == move["text"]
        for place in ("from", "to"):
            row = data["paragraphs"][move[place]["row"]]
            assert row["moves"][move[place]["op"]] == move["move"]
    assert {row["basis"] for row in data["paragraphs"]} <= {
        "single", "score", "margin", "position", "manual", "alone"}
    pact = store.load_treaty(CORPUS, "au-pact-2005").version("en").find("4")
    data = json.loads(run(runner, "diff", "nato-1949@en:5", "au-pact-2005@en:4",
                          "--pair", "1=2+3", "--format", "json").stdout)
    rights = []
    for row in data["paragraphs"]:
        assert row["right"] == (row["rights"][0] if row["rights"] else None)
        rights += row["rights"]
        if "diff" in row:
            text = "".join(r for op, l, r in row["diff"] if op != "delete")
        else:
            text = row["text"] if row["rights"] else None
        if row["rights"]:
            assert text == "\n\n".join(p.full_text for p in pact.paragraphs
                                       if p.eid in row["rights"])
    assert rights == [p.eid for p in pact.paragraphs]
    assert any(len(row["rights"]) > 1 for row in data["paragraphs"])


def test_the_list_of_changes_names_where_each_change_is():
    # ("Article 51 of the Charter" moves from NATO ¶1 to US–Japan ¶2.)
    nato, japan = (store.load_treaty(CORPUS, t) for t in ("nato-1949", "us-japan-1960"))
    left, right = nato.version("en"), japan.version("en")
    comparison = compare_provisions(left.find("5"), right.find("5"))
    report = build_clause_report(comparison, (nato, left), (japan, right))
    rows = {row.left.anchor if row.left else row.right.anchor: row for row in report.rows}
    for change in report.changes:
        cells = [cell for row in report.rows for cell in (row.left, row.right) if cell
                 and any(s.kind == "mark" and s.number == change.number for s in cell.segments)]
        labels = [cell.label for cell in cells]
        if change.kind == "moved":
            assert change.where == " → ".join(labels)
        else:
            row = next(r for r in report.rows if (r.left in cells or r.right in cells))
            assert change.where == " ↔ ".join(c.label for c in (row.left, row.right) if c)
    assert rows and any(c.kind == "moved" and c.where == "¶ 1 → ¶ 2" for c in report.changes)


@given(st.lists(st.text(min_size=1, max_size=6), min_size=1, max_size=8),
       st.lists(st.integers(min_value=0, max_value=48), max_size=4, unique=True))
def test_paragraph_starts_split_segments_where_they_fall(pieces, offsets):
    from treatycmp.report.redline import Segment, _with_starts
    text = "".join(pieces)
    offsets = sorted(o for o in offsets if o < len(text))
    segments = [Segment("deleted" if k % 2 else "same", piece) for k, piece in enumerate(pieces)]
    out = _with_starts(segments, [(o, Segment("para", anchor=f"p{o}")) for o in offsets])
    assert "".join(s.text for s in out) == text
    position, found = 0, []
    for seg in out:
        if seg.kind == "para":
            found.append((position, seg.anchor))
        position += len(seg.text)
    assert found == [(o, f"p{o}") for o in offsets]
    assert all(seg.text for seg in out if seg.kind != "para")  # no empty text segment


def test_a_group_paired_by_hand_reads_as_one_cell_with_its_paragraphs():
    left = _provision("art_1", ["the Parties shall assist each other and report to the Council"])
    right = _provision("art_2", ["the Parties shall assist each other", "they shall report"])
    comparison = compare_provisions(left, right, pairs=(((0,), (0, 1)),))
    rows, changes = build_redline(comparison)
    (row,) = rows
    assert (row.left.label, row.right.label, row.basis) == ("¶ 1", "¶ 1–2", "manual")
    assert row.note == "paired by hand"
    starts = [s for s in row.right.segments if s.kind == "para"]
    assert [(s.anchor, s.label) for s in starts] == [("right-art_2__para_2", "¶ 2")]
    assert "".join(s.text for s in row.right.segments) == \
        "the Parties shall assist each other\n\nthey shall report"
    nato = store.load_treaty(CORPUS, "nato-1949")
    version = nato.version("en")
    html = render_report(build_clause_report(comparison, (nato, version), (nato, version)))
    assert '<span class="row-labels">¶ 1 ↔ ¶ 1–2</span> paired by hand' in html
    assert 'class="para-start" id="right-art_2__para_2" data-label="¶ 2"' in html


def test_a_change_that_is_only_a_space_is_named_in_the_report():
    """With whitespace compared, a no-break space against a space is a change
    of its own: the report names it (generated, never copied), so a change
    number never points at nothing."""
    from treatycmp.compare import Options
    from treatycmp.model import ARTICLE, Paragraph, Provision
    from treatycmp.text import Folding

    def provision(eid, text):
        return Provision(ARTICLE, eid, "1", "Article 1", None,
                         (Paragraph(f"{eid}__para_1", None, text),), True, ("s",))
    nato = store.load_treaty(CORPUS, "nato-1949")
    version = nato.version("en")
    comparison = compare_provisions(provision("art_1", "l’article 5\u00a0; voir"),
                                    provision("art_1", "l’article 5 ; voir"),
                                    Options(folding=Folding(whitespace=False)))
    html = render_report(build_clause_report(comparison, (nato, version), (nato, version)))
    assert '<del class="deleted">\u00a0<span class="space-name" data-shown="&lt;U+00A0&gt;">' in html
    assert '<ins class="inserted"> <span class="space-name" data-shown="␣">' in html
    assert comparison.figures.stats.deleted == comparison.figures.stats.inserted == 0


def test_no_change_says_whether_the_texts_are_identical_or_differ_in_what_is_ignored(tmp_path):
    """Audit 9, F7: texts that differ only in spacing next to a mark read
    "the same (as matched)", as identical texts did: a reader is told which."""
    from click.testing import CliRunner
    from conftest import compared
    articles = {"en": [("The Parties,and the States.", "The Parties, and the States."),
                       ("The Parties agree.", "The Parties agree.")]}
    report = compared(tmp_path, articles, "mx-2000:1", "mx-2001:1",
                      "spacing.html").read_text(encoding="utf-8")
    assert "differ only in what matching ignores (case, quotes, whitespace; always" in report
    assert "are identical" not in report
    out = tmp_path / "same.html"
    result = CliRunner().invoke(main, ["--corpus", str(tmp_path / "corpus"), "compare",
                                       "mx-2000:2", "mx-2001:2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "None: the two texts are identical." in text and "differ only" not in text
    # (Audit 12, F1: a difference no option names, as a soft hyphen, with
    # nothing ignored: the sentence still says what matching ignored.)
    from conftest import write_corpus
    write_corpus(tmp_path / "c2", {"en": [("The Parties agree to consult.",
                                           "The Parties agree to con\u00adsult.")]})
    out = tmp_path / "shy.html"
    result = CliRunner().invoke(main, ["--corpus", str(tmp_path / "c2"), "compare", "mx-2000:1",
                                       "mx-2001:1", "--ignore", "none", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert ("differ only in what matching ignores (always invisible characters and Unicode "
            "composition)") in text and "(nothing" not in text
