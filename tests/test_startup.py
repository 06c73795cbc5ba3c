"""Start-up is a feature: a command imports only what it needs."""

from __future__ import annotations

import importlib
import os
import pkgutil
import subprocess
import sys

import treatycmp.cli as cli
from treatycmp.cli import main


def test_every_command_is_listed_for_lazy_loading():
    for module in pkgutil.iter_modules(cli.__path__):
        importlib.import_module(f"treatycmp.cli.{module.name}")
    assert set(main.commands) == set(main.lazy), (
        "add each command to main.lazy in treatycmp/cli/__init__.py")
    for name, module in main.lazy.items():
        assert main.commands[name].callback.__module__ == f"treatycmp.cli{module}"


def _modules_after(*args: str) -> set[str]:
    code = ("import sys, runpy; sys.argv = ['treatycmp', *sys.argv[1:]]\n"
            "try:\n    runpy.run_module('treatycmp', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                            text=True, check=True)
    return set(result.stderr.split())


def test_a_clause_diff_does_not_import_the_importer_or_the_aligner():
    loaded = _modules_after("diff", "nato-1949:5", "anzus-1951:4")
    assert "treatycmp.compare" in loaded
    assert not {"treatycmp.contrib.plaintext", "treatycmp.match",
                "treatycmp.report.treaty"} & loaded


def test_compiled_templates_are_kept_and_reports_stay_identical(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    outputs = []
    for run in range(2):
        out = tmp_path / f"r{run}.html"
        subprocess.run([sys.executable, "-m", "treatycmp", "compare", "nato-1949@fr:5",
                        "liptako-gourma-2023@fr:6", "-o", str(out)], env=env, check=True,
                       capture_output=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    from conftest import ROOT  # the program's report is the golden one
    assert outputs[0] == (ROOT / "reports" / "nato-1949-fr-5_vs_liptako-gourma-2023-fr-6.html"
                          ).read_bytes()
    assert list((tmp_path / "cache" / "treatycmp" / "templates").glob("*.cache"))


def test_an_unwritable_cache_folder_is_no_error(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    env = {**os.environ, "XDG_CACHE_HOME": str(blocked)}
    out = tmp_path / "r.html"
    result = subprocess.run([sys.executable, "-m", "treatycmp", "compare", "nato-1949@fr:5",
                             "liptako-gourma-2023@fr:6", "-o", str(out)], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0 and out.exists(), result.stderr


def test_the_program_collects_garbage_during_the_command(monkeypatch):
    """run() turns the collector off only while the command line loads, sets
    aside what loaded, and leaves the collector as it found it."""
    import gc

    import treatycmp.__main__ as program
    seen = {}

    def command(prog_name):
        seen.update(enabled=gc.isenabled(), frozen=gc.get_freeze_count(), name=prog_name)
        raise SystemExit(0)

    monkeypatch.setattr(cli, "main", command)
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            seen.clear()
            try:
                program.run()
            except SystemExit as exc:
                assert exc.code == 0
            assert seen == {"enabled": enabled, "frozen": seen["frozen"], "name": "treatycmp"}
            assert seen["frozen"] > 0 and gc.get_freeze_count() >= seen["frozen"]
            assert gc.isenabled() == enabled
    finally:
        gc.unfreeze()
        gc.enable()


def test_the_installed_command_is_the_program():
    from importlib.metadata import entry_points
    (script,) = entry_points(group="console_scripts", name="treatycmp")
    assert script.value == "treatycmp.__main__:run"
    import treatycmp.__main__ as program
    assert script.load() is program.run


def test_the_program_reports_bad_input_in_one_line(tmp_path):
    out = tmp_path / "r.html"
    result = subprocess.run([sys.executable, "-m", "treatycmp", "compare", "nato-1949@fr:99",
                             "liptako-gourma-2023@fr:6", "-o", str(out)],
                            capture_output=True, text=True)
    assert result.returncode == 1 and not out.exists()
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
