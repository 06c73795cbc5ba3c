"""The clause report: content, escaping, determinism, atomic writing; compare and diff commands."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

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
    cells = re.findall(r'<td id="(left|right)-[^"]+" class="text" lang="fr">(.*?)</td>', flagship_html,
                       re.S)
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
    assert '<del class="deleted"><span class="sr-only">[deleted: </span>' in flagship_html
    assert '<ins class="inserted"><span class="sr-only">[inserted: </span>' in flagship_html
    assert "text-decoration: line-through" in flagship_html
    assert "@media print" in flagship_html and "table-header-group" in flagship_html


def test_report_is_self_contained(flagship_html):
    assert "<script" not in flagship_html
    assert not re.search(r'(src|href)="(https?:)?//', flagship_html)
    assert "@import" not in flagship_html and "url(" not in flagship_html


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


def test_diff_json_rebuilds_both_texts(runner):
    result = run(runner, "diff", *FLAGSHIP, "--format", "json")
    data = json.loads(result.stdout)
    nato = store.load_treaty(CORPUS, "nato-1949").version("fr").find("5")
    first = data["paragraphs"][0]
    assert "".join(l for op, l, r in first["diff"] if op != "insert") == nato.paragraphs[0].full_text
    assert data["paragraphs"][1] == {"left": "art_5__para_2", "right": None, "score": None,
                                     "lefts": ["art_5__para_2"], "rights": [],
                                     "basis": "alone", "text": nato.paragraphs[1].full_text}
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
            for s in c.segments} <= {"same", "folded", "deleted", "inserted", "space", "alone"}
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


def test_a_diff_cut_short_by_its_time_limit_is_announced():
    from treatycmp.compare import Options
    from treatycmp.model import ARTICLE, Paragraph, Provision
    # Every shared word is frequent: no anchor cuts the long region.
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
