"""The reports and the site pass the Nu HTML Checker and axe.

Both come from the npm registry (``vnu-jar``, which runs on Java, and
``axe-core``, run in Debian's Chromium). Point TREATYCMP_VALIDATORS at the
folder they were installed in (``npm install --prefix DIR axe-core vnu-jar``);
without them these tests skip with the reason, except under
TREATYCMP_REQUIRE_VALIDATORS=1 (CI), where they must run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from treatycmp.cli import main

ROOT = Path(__file__).resolve().parent.parent
TOOLS = Path(os.environ.get("TREATYCMP_VALIDATORS", ROOT / ".ci" / "tools"))
VNU = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = TOOLS / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")


def _need(*paths: Path) -> None:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        reason = (f"validators not installed ({', '.join(missing)}): run "
                  f"npm install --prefix {TOOLS} axe-core vnu-jar")
        if os.environ.get("TREATYCMP_REQUIRE_VALIDATORS") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    result = CliRunner().invoke(main, ["site", str(out), "--reports", str(ROOT / "reports")])
    assert result.exit_code == 0, result.output
    return out


def _sample(site: Path) -> list[Path]:
    """Every kind of page: the example reports, the site's own pages, every
    treaty page, and the article pages of the flagship and of one other treaty."""
    pages = sorted((ROOT / "reports").glob("*.html"))
    pages += sorted(p for p in site.rglob("*.html") if p.parent.name != "articles")
    pages += sorted((site / "articles").glob("nato-1949-*.html"))
    pages += sorted((site / "articles").glob("liptako-gourma-2023-*.html"))
    return pages


def test_every_page_passes_the_nu_html_checker(site):
    _need(VNU)
    if shutil.which("java") is None:
        pytest.fail("java is needed by the Nu HTML Checker") if os.environ.get(
            "TREATYCMP_REQUIRE_VALIDATORS") == "1" else pytest.skip("no java")
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--skip-non-html",
                             str(site), str(ROOT / "reports")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr[:3000]


@pytest.mark.browser
def test_pages_have_no_axe_violations(site):
    _need(AXE, CHROMIUM)
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    script = AXE.read_text(encoding="utf-8")
    found = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        page = browser.new_page()
        for path in _sample(site):
            page.goto(path.resolve().as_uri())
            page.add_script_tag(content=script)
            violations = page.evaluate("""async () => (await axe.run(document,
                {resultTypes: ['violations']})).violations.map(
                v => [v.id, v.nodes.length, v.nodes[0].target.join(' ')])""")
            found += [(path.name, *v) for v in violations]
        browser.close()
    assert found == []
