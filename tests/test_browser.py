"""The flagship report in a real browser (headless Chromium, Debian's package).

Skipped only when no Chromium is installed; .ci/run installs one. Playwright
drives the system browser (``executable_path``): nothing is downloaded.
A screenshot is saved under tests/output/ (ignored by git).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from treatycmp.cli import main
from conftest import ROOT

CHROMIUM = os.environ.get("TREATYCMP_CHROMIUM") or shutil.which("chromium") \
    or shutil.which("chromium-browser")
REQUIRED = os.environ.get("TREATYCMP_REQUIRE_BROWSER") == "1"  # set by .ci/run
if REQUIRED:
    import playwright.sync_api as playwright
    assert CHROMIUM, "TREATYCMP_REQUIRE_BROWSER=1 but no Chromium is installed"
else:
    playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM, reason="no Chromium browser installed")]
OUTPUT = ROOT / "tests" / "output"


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    report = tmp_path_factory.mktemp("browser") / "flagship.html"
    result = CliRunner().invoke(main, ["compare", "nato-1949@fr:5", "liptako-gourma-2023@fr:6",
                                       "-o", str(report)])
    assert result.exit_code == 0, result.output
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        problems: list[str] = []
        page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda err: problems.append(str(err)))
        page.on("request", lambda req: problems.append(f"network: {req.url}")
                if not req.url.startswith("file:") else None)
        page.goto(report.as_uri())
        page.wait_for_load_state("load")
        page.problems = problems
        yield page
        browser.close()


def test_no_console_errors_and_no_network(page):
    assert page.problems == []


def test_columns_are_side_by_side(page):
    left = page.locator("#left-art_5__para_1").bounding_box()
    right = page.locator("#right-art_6__para_1").bounding_box()
    assert left and right
    assert left["width"] > 300 and right["width"] > 300
    assert left["x"] + left["width"] <= right["x"]
    assert abs(left["y"] - right["y"]) < 5  # same row


def test_deletions_and_insertions_look_different_not_only_by_colour(page):
    style = """el => { const s = getComputedStyle(el);
                      return [s.textDecorationLine, s.backgroundColor, s.color]; }"""
    deleted = page.locator("del.deleted").first.evaluate(style)
    inserted = page.locator("ins.inserted").first.evaluate(style)
    assert "line-through" in deleted[0] and "underline" in inserted[0]
    assert deleted[1] != inserted[1] and deleted[2] != inserted[2]
    hidden = page.locator("del.deleted .sr-only").first.bounding_box()
    assert hidden is None or hidden["width"] <= 1


def test_print_styles_keep_marks_in_black_and_white(page):
    page.emulate_media(media="print")
    try:
        colours = page.locator("del.deleted").first.evaluate(
            "el => [getComputedStyle(el).color, getComputedStyle(el).textDecorationLine]")
        assert colours == ["rgb(0, 0, 0)", "line-through"]
        pdf = page.pdf(format="A4", landscape=True)
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    finally:
        page.emulate_media(media="screen")


def test_anchors_navigate(page):
    page.locator('a[href="#left-art_5__para_2"]').click()
    assert page.evaluate("location.hash") == "#left-art_5__para_2"
    assert page.evaluate("document.querySelector(':target').id") == "left-art_5__para_2"
    page.locator('a[href="#provenance-right"]').first.click()
    assert page.evaluate("document.querySelector(':target').id") == "provenance-right"


def test_screenshot_is_saved(page):
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / "flagship.png"
    page.goto(page.url.split("#")[0])
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 20_000
