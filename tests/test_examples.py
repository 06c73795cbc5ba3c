"""The example reports in reports/ are what the code and corpus make now.

Regenerate them with ``pytest tests/test_examples.py --update-golden``; a
report that differs is written to tests/output/ for inspection.
"""

from __future__ import annotations

import tomllib

import pytest
from click.testing import CliRunner

from treatycmp.cli import main
from conftest import ROOT

REPORTS = ROOT / "reports"
OUTPUT = ROOT / "tests" / "output"
EXAMPLES = tomllib.loads((REPORTS / "examples.toml").read_text(encoding="utf-8"))["report"]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e["file"])
def test_example_report_is_up_to_date(example, tmp_path, update_golden):
    fresh = tmp_path / example["file"]
    result = CliRunner().invoke(main, [*example["args"], "-o", str(fresh)])
    assert result.exit_code == 0, result.output
    golden = REPORTS / example["file"]
    if update_golden:
        golden.write_bytes(fresh.read_bytes())
        return
    if not golden.exists() or golden.read_bytes() != fresh.read_bytes():
        OUTPUT.mkdir(exist_ok=True)
        (OUTPUT / example["file"]).write_bytes(fresh.read_bytes())
        pytest.fail(f"reports/{example['file']} is out of date (new version in "
                    f"tests/output/); run: pytest tests/test_examples.py --update-golden")


def test_index_lists_every_example(tmp_path, update_golden):
    for example in EXAMPLES:
        (tmp_path / example["file"]).write_bytes((REPORTS / example["file"]).read_bytes())
    result = CliRunner().invoke(main, ["index", str(tmp_path)])
    assert result.exit_code == 0, result.output
    fresh = (tmp_path / "index.html").read_bytes()
    for example in EXAMPLES:
        assert f'href="{example["file"]}"'.encode() in fresh
    golden = REPORTS / "index.html"
    if update_golden:
        golden.write_bytes(fresh)
    elif not golden.exists() or golden.read_bytes() != fresh:
        OUTPUT.mkdir(exist_ok=True)
        (OUTPUT / "index.html").write_bytes(fresh)
        pytest.fail("reports/index.html is out of date; run: pytest tests/test_examples.py "
                    "--update-golden")


def test_every_report_in_the_folder_is_listed():
    listed = {e["file"] for e in EXAMPLES} | {"index.html"}
    assert {p.name for p in REPORTS.glob("*.html")} <= listed
