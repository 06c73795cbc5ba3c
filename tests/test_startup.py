"""Start-up is a feature: a command imports only what it needs."""

from __future__ import annotations

import importlib
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
