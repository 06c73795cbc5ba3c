"""Shared fixtures: the shipped corpus, the demo corpus, a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner
from hypothesis import settings

# Tests assert results, never time (speed is measured in bench/): no
# per-example deadline, which a busy machine would turn into random failures.
settings.register_profile("treatycmp", deadline=None)
settings.load_profile("treatycmp")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "treaties"
DATA = Path(__file__).resolve().parent / "data"
DEMO = DATA / "corpus-demo"
INVALID = DATA / "invalid"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A writable copy of the demo corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(DEMO, target)
    return target


@pytest.fixture(autouse=True, scope="session")
def _cache_in_a_temporary_folder(tmp_path_factory):
    """Commands keep compiled templates in the user's cache folder: not the
    tester's own, during tests."""
    patch = pytest.MonkeyPatch()
    patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    yield
    patch.undo()


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite the example reports in reports/ instead of checking them.")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def write_corpus(root, articles: dict[str, list[tuple[str, str]]]) -> None:
    """Two made-up treaties, mx-2000 (left) and mx-2001 (right), authentic in
    each language of ``articles``: there, article N holds the N-th pair's
    left and right text (one paragraph each)."""
    for tid, side in (("mx-2000", 0), ("mx-2001", 1)):
        (root / tid).mkdir(parents=True)
        (root / tid / "treaty.xml").write_text(
            f'<?xml version="1.0" encoding="UTF-8"?>\n<treaty id="{tid}" schemaVersion="2">'
            '<signed date="2000-01-01" place="Nowhere"/><entryIntoForce date="2000-01-01">'
            'On signature.</entryIntoForce><parties><party>A</party><party>B</party></parties>'
            '<depositary>A</depositary><authenticLanguages>'
            + "".join(f'<language code="{lang}"/>' for lang in articles)
            + '</authenticLanguages><citations><none>Test fixture.</none></citations>'
            '<status value="in-force" asOf="2026-11-30"/></treaty>\n', encoding="utf-8")
        for lang, pairs in articles.items():
            body = "".join(f'<article n="{n}" checked="s"><num>Article {n}</num><para n="1"><p>'
                           f"{escape(pair[side])}</p></para></article>"
                           for n, pair in enumerate(pairs, 1))
            (root / tid / f"{lang}.xml").write_text(
                f'<?xml version="1.0" encoding="UTF-8"?>\n<text treaty="{tid}" xml:lang="{lang}" '
                'schemaVersion="2" authority="authentic"><meta><title>Test</title>'
                f'<shortTitle>{tid}</shortTitle><state kind="as-signed">As signed.</state>'
                '<sources><source id="s" url="https://example.org/x" accessed="2026-11-30">'
                f'Test source</source></sources></meta><body>{body}</body></text>\n',
                encoding="utf-8")


def compared(tmp_path: Path, articles: dict[str, list[tuple[str, str]]], left: str, right: str,
             name: str) -> Path:
    """:func:`write_corpus` in ``tmp_path/corpus``, then ``compare LEFT RIGHT
    -o tmp_path/NAME``: the output's path (the command must succeed)."""
    from treatycmp.cli import main
    write_corpus(tmp_path / "corpus", articles)
    out = tmp_path / name
    result = CliRunner().invoke(main, ["--corpus", str(tmp_path / "corpus"), "compare",
                                       left, right, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def reading(diff, turned: bool = False):
    """What a reader sees of a diff: the unchanged runs (token ranges, each
    side), and which tokens of each side are deleted or inserted;
    ``turned``: as the other side sees it."""
    runs, left, right = [], ["="] * len(diff.left), ["="] * len(diff.right)
    for op in diff.opcodes:
        if op.tag == "equal":
            runs.append((op.j1, op.j2, op.i1, op.i2) if turned else (op.i1, op.i2, op.j1, op.j2))
        else:
            left[op.i1:op.i2] = ["+" if turned else "-"] * (op.i2 - op.i1)
            right[op.j1:op.j2] = ["-" if turned else "+"] * (op.j2 - op.j1)
    return (runs, right, left) if turned else (runs, left, right)
