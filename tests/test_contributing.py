"""CONTRIBUTING.md's steps, run as written, in a temporary checkout; drafts;
where contributors' commands may write."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from treatycmp import store
from treatycmp.cli import main
from treatycmp.errors import OutputError
from conftest import ROOT

TREATY_ID, LANG, FILE = "essai-2001", "fr", "essai.txt"
TEXT = """Traité d’essai entre A et B

Les Parties sont convenues de ce qui suit :

Article premier

Les Parties coopèrent.

Article 2

1. Elles se consultent.

2. Elles s’informent.

Fait à Paris, le 1er mars 2001, en deux exemplaires.
"""


def documented_commands() -> list[list[str]]:
    """Every treatycmp command in CONTRIBUTING.md's shell blocks, in order,
    with ID, LANG and FILE.txt filled in."""
    doc = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", doc, re.DOTALL):
        for line in block.splitlines():
            words = shlex.split(line)
            if words[:1] == ["treatycmp"]:
                commands.append([w.replace("FILE.txt", FILE).replace("ID", TREATY_ID)
                                 .replace("LANG", LANG) for w in words[1:]])
    return commands


@pytest.fixture
def checkout(tmp_path, monkeypatch) -> Path:
    """A checkout-like folder (setup.cfg, treaties/) as the working directory,
    its treaties/ the corpus (as it is for a checkout installed with -e)."""
    (tmp_path / "setup.cfg").write_text("[metadata]\nname = treatycmp\n", encoding="utf-8")
    (tmp_path / "treaties").mkdir()
    (tmp_path / FILE).write_text(TEXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(store.CORPUS_ENV, str(tmp_path / "treaties"))
    return tmp_path


def run(runner, args):
    return runner.invoke(main, args, catch_exceptions=False)


def test_the_documented_steps_run_in_sequence(runner, checkout):
    commands = documented_commands()
    assert [c[0] for c in commands] == ["new", "import", "validate", "list"]
    for args in commands:
        result = run(runner, args)
        assert result.exit_code == 0, (args, result.output)
        assert "Traceback" not in result.output
    folder = checkout / "treaties" / TREATY_ID
    assert sorted(p.name for p in folder.iterdir()) == ["fr.xml", "treaty.xml"]
    treaty = store.load_treaty(checkout / "treaties", TREATY_ID)
    assert treaty.is_draft
    assert [a.label for a in treaty.version(LANG).articles] == ["Article premier", "Article 2"]
    listed = run(runner, ["list"]).stdout
    assert f"{TREATY_ID}  [DRAFT]" in listed
    assert "placeholder(s) left to fill in" in run(runner, ["validate", f"treaties/{TREATY_ID}"]).stderr

    # Step 5 as a contributor does it: every placeholder replaced, then the mark removed.
    _fill_in(folder)
    still_marked = run(runner, ["validate", f"treaties/{TREATY_ID}"])
    assert still_marked.exit_code == 0 and "0 placeholder(s) left" in still_marked.stderr
    work = folder / "treaty.xml"
    work.write_text(work.read_text(encoding="utf-8").replace(' status="draft"', ""),
                    encoding="utf-8")
    result = run(runner, ["validate", f"treaties/{TREATY_ID}"])
    assert result.exit_code == 0, result.output
    assert "[DRAFT]" not in run(runner, ["list"]).stdout
    assert not store.load_treaty(checkout / "treaties", TREATY_ID).is_draft


def _fill_in(folder: Path) -> None:
    for path in folder.glob("*.xml"):
        text = path.read_text(encoding="utf-8").replace("9999-12-31", "2001-03-01")
        path.write_text(re.sub(r"TO FILL IN:?", "Checked:", text), encoding="utf-8")


def test_a_draft_mark_removed_too_early_lists_every_placeholder(runner, checkout):
    assert run(runner, ["new", TREATY_ID]).exit_code == 0
    work = checkout / "treaties" / TREATY_ID / "treaty.xml"
    work.write_text(work.read_text(encoding="utf-8").replace(' status="draft"', ""),
                    encoding="utf-8")
    result = run(runner, ["validate", f"treaties/{TREATY_ID}"])
    assert result.exit_code == 1
    lines = [ln for ln in result.stderr.splitlines() if "placeholder" in ln]
    assert len(lines) >= 10
    assert all(re.match(rf"treaties/{TREATY_ID}/(treaty|en)\.xml:\d+: <", ln) for ln in lines)
    assert any("<signed>" in ln for ln in lines)
    # and it does not load: list leaves it out and says why
    listed = run(runner, ["list"])
    assert TREATY_ID not in listed.stdout and "placeholder" in listed.stderr


def test_import_replaces_only_an_untouched_scaffold(runner, checkout):
    assert run(runner, ["new", TREATY_ID, "--lang", LANG]).exit_code == 0
    target = checkout / "treaties" / TREATY_ID / f"{LANG}.xml"
    target.write_text(target.read_text(encoding="utf-8").replace(
        "TO FILL IN: a short title", "TO FILL IN: my short title"), encoding="utf-8")
    mine = target.read_bytes()
    result = run(runner, ["import", FILE, "--id", TREATY_ID, "--lang", LANG, "-o", str(target)])
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert target.read_bytes() == mine


def test_checkout_and_installed_package_are_told_apart(tmp_path):
    checkout = tmp_path / "work"
    (checkout / "treatycmp").mkdir(parents=True)
    (checkout / "treaties").mkdir()
    (checkout / "setup.cfg").write_text("", encoding="utf-8")
    assert store.default_corpus_root({}, checkout / "treatycmp") == checkout / "treaties"
    assert not store.installed_corpus(checkout / "treaties", checkout / "treatycmp")

    package = tmp_path / "venv" / "lib" / "python3.11" / "site-packages" / "treatycmp"
    (package / "corpus").mkdir(parents=True)
    (package.parent / "setup.cfg").write_text("", encoding="utf-8")  # no treaties/ beside
    root = store.default_corpus_root({}, package)
    assert root == package / "corpus"
    assert store.installed_corpus(root, package)
    with pytest.raises(OutputError, match="--corpus"):
        store.writable_corpus_root(root, package)
    # the environment always wins
    assert store.default_corpus_root({store.CORPUS_ENV: str(tmp_path)}, package) == tmp_path


def test_new_and_import_refuse_an_installed_package(runner, tmp_path):
    corpus = tmp_path / "lib" / "site-packages" / "treatycmp" / "corpus"
    corpus.mkdir(parents=True)
    result = run(runner, ["--corpus", str(corpus), "new", TREATY_ID])
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "--corpus" in result.stderr
    assert list(corpus.iterdir()) == []
    (tmp_path / FILE).write_text(TEXT, encoding="utf-8")
    result = run(runner, ["import", str(tmp_path / FILE), "--id", TREATY_ID, "--lang", LANG,
                          "-o", str(corpus / "fr.xml")])
    assert result.exit_code == 1 and "installed" in result.stderr
    assert list(corpus.iterdir()) == []


def test_show_and_citations_mark_a_draft(runner, checkout):
    assert run(runner, ["new", TREATY_ID]).exit_code == 0
    result = run(runner, ["show", TREATY_ID])
    assert result.exit_code == 0 and result.stdout.startswith("DRAFT: ")


def test_reports_mark_a_draft(runner, demo_copy, tmp_path):
    work = demo_copy / "demo-2000" / "treaty.xml"
    work.write_text(work.read_text(encoding="utf-8").replace(
        'schemaVersion="2"', 'schemaVersion="2" status="draft"'), encoding="utf-8")
    out = tmp_path / "report.html"
    result = run(runner, ["--corpus", str(demo_copy), "compare", "demo-2000@fr:1",
                          "demo-2000@fr:2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "DRAFT: Traité d’exemple entre" in html
    assert html.count("Traité d’exemple entre") == html.count("DRAFT: Traité d’exemple entre")


def test_after_a_plain_install_new_refuses_and_list_still_reads(tmp_path):
    """The package laid out as a plain ``pip install .`` lays it out (the corpus
    as package data in treatycmp/corpus), run from outside any checkout."""
    import os
    import shutil
    import subprocess
    import sys
    site = tmp_path / "lib" / "site-packages"
    shutil.copytree(ROOT / "treatycmp", site / "treatycmp",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "treaties", site / "treatycmp" / "corpus")
    env = {k: v for k, v in os.environ.items() if k != store.CORPUS_ENV}
    env["PYTHONPATH"] = str(site)
    work = tmp_path / "work"
    work.mkdir()

    def treatycmp(*args):
        return subprocess.run([sys.executable, "-m", "treatycmp", *args], cwd=work, env=env,
                              capture_output=True, text=True, timeout=60)

    assert "nato-1949" in treatycmp("list").stdout
    refused = treatycmp("new", TREATY_ID)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "installed with the package" in refused.stderr and "--corpus" in refused.stderr
    assert not (site / "treatycmp" / "corpus" / TREATY_ID).exists()
    mine = work / "treaties"
    mine.mkdir()
    assert treatycmp("--corpus", str(mine), "new", TREATY_ID).returncode == 0
    assert (mine / TREATY_ID / "treaty.xml").is_file()
