"""The contributor commands: treatycmp new and treatycmp import."""

from __future__ import annotations

from pathlib import Path

from treatycmp import store
from treatycmp.cli import main
from conftest import DATA


def run(runner, *args):
    return runner.invoke(main, list(args), catch_exceptions=False)


def test_new_scaffolds_a_valid_treaty_folder(runner, tmp_path):
    result = run(runner, "--corpus", str(tmp_path), "new", "anzus-1951", "--lang", "en")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "anzus-1951"
    assert sorted(p.name for p in folder.iterdir()) == ["en.xml", "treaty.xml"]
    assert store.check_files([folder])[1] == []
    assert "TO FILL IN" in (folder / "treaty.xml").read_text(encoding="utf-8")
    assert "lines to fill in" in result.stderr


def test_new_refuses_an_existing_folder_and_changes_nothing(runner, tmp_path):
    (tmp_path / "nato-1949").mkdir()
    (tmp_path / "nato-1949" / "keep.txt").write_text("mine")
    result = run(runner, "--corpus", str(tmp_path), "new", "nato-1949")
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert [p.name for p in (tmp_path / "nato-1949").iterdir()] == ["keep.txt"]


def test_new_rejects_a_bad_id(runner, tmp_path):
    result = run(runner, "--corpus", str(tmp_path), "new", "../evil")
    assert result.exit_code == 2 and "not a treaty id" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_import_writes_a_valid_file_and_reports_what_it_could_not_place(runner, tmp_path):
    source = sorted((DATA / "import").glob("*.txt"))[0]
    out = tmp_path / "en.xml"
    result = run(runner, "import", str(source), "--id", "demo-import", "--lang", "en",
                 "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    assert store.check_file(out) == []
    assert "articles," in result.stderr


def test_import_reports_line_numbers(runner, tmp_path):
    source = tmp_path / "t.txt"
    source.write_text("A Treaty\n\nThe Parties agree:\n\n*****\n\nArticle 1\n\nThey agree.\n",
                      encoding="utf-8")
    result = run(runner, "import", str(source), "--id", "t-1", "--lang", "en")
    assert result.exit_code == 0
    assert f"{source}:5:" in result.stderr
    assert "<article" in result.stdout


def test_import_refuses_to_overwrite_without_force(runner, tmp_path):
    source = sorted((DATA / "import").glob("*.txt"))[0]
    out = tmp_path / "en.xml"
    out.write_text("precious", encoding="utf-8")
    result = run(runner, "import", str(source), "--id", "x-1", "--lang", "en", "-o", str(out))
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert out.read_text(encoding="utf-8") == "precious"
    forced = run(runner, "import", str(source), "--id", "x-1", "--lang", "en", "-o", str(out),
                 "--force")
    assert forced.exit_code == 0 and "<text" in out.read_text(encoding="utf-8")


def test_import_of_a_non_utf8_file_is_a_clear_error(runner, tmp_path):
    source = tmp_path / "latin1.txt"
    source.write_bytes("Article premier\n\nLes Parties s'engagent à\n".encode("latin-1"))
    result = run(runner, "import", str(source), "--id", "x-1", "--lang", "fr")
    assert result.exit_code == 1 and "not UTF-8" in result.stderr and str(source) in result.stderr


def test_import_without_articles_is_a_clear_error(runner, tmp_path):
    source = tmp_path / "none.txt"
    source.write_text("Just a letter.\n", encoding="utf-8")
    result = run(runner, "import", str(source), "--id", "x-1", "--lang", "en")
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_rendered_corpus_text_imports_back_through_the_cli(runner, tmp_path):
    from treatycmp.contrib.plaintext import render_text
    version = store.load_treaty(Path(store.default_corpus_root({})), "nato-1949").version("en")
    source = tmp_path / "nato.txt"
    source.write_text(render_text(version), encoding="utf-8")
    out = tmp_path / "en.xml"
    result = run(runner, "import", str(source), "--id", "nato-1949", "--lang", "en", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "0 lines not placed" in result.stderr
