"""Shared fixtures: the shipped corpus, the demo corpus, a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

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
