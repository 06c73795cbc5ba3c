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
