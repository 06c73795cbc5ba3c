"""The command line through click's CliRunner: exit codes, stdout, stderr."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treatycmp import __version__
from treatycmp.cli import main
from conftest import CORPUS, DEMO, INVALID


def run(runner, *args):
    return runner.invoke(main, list(args), catch_exceptions=False)


def test_version(runner):
    result = run(runner, "--version")
    assert result.exit_code == 0 and __version__ in result.output


@pytest.mark.parametrize("command", ["list", "show", "validate", "compare", "diff", "align",
                                     "index", "new", "import"])
def test_every_command_has_help(runner, command):
    result = run(runner, command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output and len(result.output.splitlines()) > 4


def test_list_shows_the_flagship_treaties_with_languages(runner):
    result = run(runner, "list")
    assert result.exit_code == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines()[1:]}
    assert "en(a) 14/14  fr(a) " in lines["nato-1949"]
    assert "en(t) 3/17  fr(a) 3/17" in lines["liptako-gourma-2023"]


@pytest.mark.parametrize("ref, lang, n", [("nato-1949@fr:5", "fr", "5"),
                                          ("liptako-gourma-2023@fr:6", "fr", "6")])
def test_show_prints_the_stored_text_exactly(runner, ref, lang, n):
    from treatycmp import store
    treaty = store.load_treaty(CORPUS, ref.split("@")[0])
    article = treaty.version(lang).find(n)
    result = run(runner, "show", ref)
    assert result.exit_code == 0
    assert f"[{lang}, authentic]" in result.stdout.splitlines()[0]
    for para in article.paragraphs:
        assert para.text in result.stdout


def test_show_options_override_the_reference(runner):
    result = run(runner, "--corpus", str(DEMO), "show", "demo-2000", "--lang", "fr",
                 "--article", "1")
    assert result.exit_code == 0
    assert "Le présent Traité institue une alliance." in result.stdout
    assert "Pinpoint: art 1" in result.stdout


def test_show_prints_the_intros_of_divisions_and_annexes_in_place(runner):
    structure = DEMO.parent / "corpus-structure"
    result = run(runner, "--corpus", str(structure), "show", "demo-2010")
    assert result.exit_code == 0
    out = result.stdout
    part = out.index("PART ONE - General Provisions")
    intro = out.index("The Parties shall apply this Part in good faith.")
    annex = out.index("ANNEX 1 - Schedules of Commitments")
    protocol_intro = out.index("The Parties, wishing to set out their commitments")
    assert part < intro < out.index("CHAPTER 1 - Definitions")
    assert annex < protocol_intro < out.index("Article A")


def test_show_marks_untranscribed_articles(runner):
    result = run(runner, "--corpus", str(DEMO), "show", "demo-2000@fr:3")
    assert result.exit_code == 0 and "[not yet transcribed]" in result.stdout


@pytest.mark.parametrize("args, words", [
    (["show", "nope-1"], "no treaty 'nope-1'"),
    (["show", "demo-2000@de"], "available: en (unofficial translation by treatycmp), fr (authentic)"),
    (["show", "demo-2000@fr:99"], "has no provision '99' (available: preamble, 1, 2, 3, conclusions)"),
])
def test_bad_references_fail_with_one_line_and_exit_1(runner, args, words):
    result = run(runner, "--corpus", str(DEMO), *args)
    assert result.exit_code == 1
    assert words in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


def test_malformed_reference_is_a_usage_error(runner):
    result = run(runner, "show", "../etc/passwd")
    assert result.exit_code == 2 and "is not a reference" in result.stderr


@pytest.mark.parametrize("command", [
    ["diff", "nato-1949:5", "anzus-1951:4", "--format", "json"],
    ["compare", "nato-1949:5", "anzus-1951:4", "-o", "OUT"],
    ["align", "nato-1949", "anzus-1951", "--format", "json"],
    ["collate", "nato-1949:5", "anzus-1951:4", "-o", "OUT"],
    ["search", "attack", "-o", "OUT"]])
@pytest.mark.parametrize("value", ["", ",", " , "])
def test_ignore_naming_nothing_is_a_usage_error(runner, tmp_path, command, value):
    """Audit 9, F6.5: --ignore "" (an empty shell variable) was read as
    --ignore none and silently turned every folding off; every option read
    by the same function refuses it, as it refuses --ignore bogus."""
    out = tmp_path / "out.html"
    args = [str(out) if arg == "OUT" else arg for arg in command]
    result = run(runner, *args, "--ignore", value)
    assert result.exit_code == 2, result.output
    assert "names nothing to ignore" in result.stderr and "or none" in result.stderr
    assert result.stdout == "" and not out.exists()


@given(st.lists(st.sampled_from(["", " ", ",", "\t", "case", "accents", "quotes",
                                  "whitespace", "none"]), max_size=6))
def test_ignore_is_refused_exactly_when_it_names_nothing_or_none_with_more(parts):
    import click
    from treatycmp.cli.base import folding_option
    value = "".join(parts)
    names = {name.strip() for name in value.split(",")} - {""}
    known = {"case", "accents", "quotes", "whitespace"}
    try:
        folding = folding_option(value)
    except click.BadParameter:
        assert not names or ("none" in names and len(names) > 1) or names - known - {"none"}
        return
    assert names and all(getattr(folding, name) == (name in names) for name in known)


def test_validate_passes_on_the_corpus(runner):
    result = run(runner, "validate")
    assert result.exit_code == 0, result.stderr
    assert "valid" in result.stdout


def test_validate_reports_every_problem_in_every_file(runner):
    result = run(runner, "validate", str(INVALID))
    assert result.exit_code == 1
    files = {line.split(":")[0] for line in result.stderr.splitlines()
             if line.startswith(str(INVALID))}
    assert len(files) == len(list(INVALID.glob("*.xml")))
    assert "Error:" in result.stderr and "problem(s) in" in result.stderr


def test_list_reports_a_broken_file_once_and_lists_the_rest(runner, demo_copy):
    (demo_copy / "demo-2000" / "en.xml").write_text("<text>", encoding="utf-8")
    result = run(runner, "--corpus", str(demo_copy), "list")
    assert result.exit_code == 0
    assert "demo-2000" in result.stdout
    assert result.stderr.count("en.xml") == 1


def test_corpus_from_environment(runner):
    result = runner.invoke(main, ["list"], env={"TREATYCMP_CORPUS": str(DEMO)})
    assert result.exit_code == 0 and "demo-2000" in result.stdout
    assert "nato-1949" not in result.stdout


def test_installed_package_finds_its_own_corpus(tmp_path):
    """Run from a folder outside the checkout, so that the installed package is
    imported (in CI: a plain, non-editable pip install) and its corpus used."""
    import os
    import subprocess
    import sys
    env = {k: v for k, v in os.environ.items() if k != "TREATYCMP_CORPUS"}
    env.pop("PYTHONPATH", None)
    result = subprocess.run([sys.executable, "-m", "treatycmp", "show", "nato-1949@fr:5"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Les Parties conviennent" in result.stdout
    listing = subprocess.run([sys.executable, "-m", "treatycmp", "list"], cwd=tmp_path,
                             env=env, capture_output=True, text=True, timeout=60)
    assert "liptako-gourma-2023" in listing.stdout and listing.stderr == ""


def test_every_subpackage_is_listed_for_installation():
    import configparser
    from conftest import ROOT
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    listed = set(config["options"]["packages"].split())
    present = {".".join(p.parent.relative_to(ROOT).parts)
               for p in (ROOT / "treatycmp").rglob("__init__.py")}
    assert present <= listed
