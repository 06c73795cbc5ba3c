"""Safe reading and writing: special files, limits, atomic writes, stale
temporary files, the corpus left alone, standard output, terminal-safe text,
progress on a terminal only."""

from __future__ import annotations

import io
import os
import pty
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from treatycmp import store
from treatycmp.cli import main
from treatycmp.cli.base import echo, terminal_safe
from treatycmp.errors import DataError, OutputError, excerpt
from treatycmp.inputs import read_input
from treatycmp.output import STALE_SECONDS, remove_stale_temps, write_atomically
from conftest import DEMO

CLAUSES = ["--corpus", str(DEMO), "compare", "demo-2000@fr:1", "demo-2000@en:1"]


def run(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], **kwargs)


def special_files(folder: Path) -> dict[str, Path]:
    os.mkfifo(folder / "fifo")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "sock"))
    sock.close()
    (folder / "dir").mkdir()
    (folder / "plain").write_text("old")
    (folder / "link-null").symlink_to("/dev/null")
    (folder / "link-fifo").symlink_to(folder / "fifo")
    (folder / "link-plain").symlink_to(folder / "plain")
    (folder / "dangling").symlink_to(folder / "nowhere")
    found = {name: folder / name for name in ("fifo", "sock", "dir", "link-null", "link-fifo",
                                              "link-plain", "dangling")}
    try:  # a device like /dev/null of our own: a failing test never harms the system's
        os.mknod(folder / "null", stat.S_IFCHR | 0o666, os.makedev(1, 3))
        found["null"] = folder / "null"
    except OSError:
        pass  # not root
    return found


def ours(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".treatycmp-" in p.name)


# ------------------------------------------------------------------ reading

def test_reading_refuses_special_files_at_once(tmp_path):
    for name, path in special_files(tmp_path).items():
        if name in ("link-plain", "dangling"):
            continue
        start = time.monotonic()
        with pytest.raises(DataError) as caught:
            read_input(path, 100)
        assert time.monotonic() - start < 2
        assert "not a regular file" in str(caught.value), name
    with pytest.raises(DataError, match="No such file"):
        read_input(tmp_path / "dangling", 100)
    assert read_input(tmp_path / "link-plain", 100) == b"old"  # a link to a plain file is fine


def test_the_size_limit_holds_while_reading_not_from_st_size(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"x" * 101)
    with pytest.raises(DataError, match="at most 100 bytes"):
        read_input(path, 100)
    assert read_input(path, 101) == b"x" * 101
    assert read_input(path, 10, head=True) == b"x" * 10
    # /proc files report st_size 0 but have content: the limit still holds.
    with pytest.raises(DataError, match="at most 5 bytes"):
        read_input(Path("/proc/self/status"), 5)


# ------------------------------------------------------------------ writing

@pytest.mark.parametrize("name", ["fifo", "sock", "dir", "link-null", "link-fifo", "link-plain",
                                  "dangling", "null"])
def test_write_never_replaces_a_special_file_or_a_link(tmp_path, name):
    target = special_files(tmp_path).get(name) or pytest.skip("no device of our own (not root)")
    before = os.lstat(target)
    with pytest.raises(OutputError, match="cannot write"):
        write_atomically(target, b"new")
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert ours(tmp_path) == []


@pytest.mark.parametrize("name", ["null", "fifo", "link-null", "sock"])
def test_compare_refuses_special_outputs(tmp_path, name):
    target = special_files(tmp_path).get(name) or pytest.skip("no device of our own (not root)")
    result = run(*CLAUSES, "-o", target)
    assert result.exit_code == 1 and "never replaced" in result.stderr
    assert result.stderr.count("\n") == 1  # one error line


def test_writing_without_overwrite_never_replaces(tmp_path):
    target = tmp_path / "t"
    write_atomically(target, b"one", overwrite=False)
    with pytest.raises(OutputError, match="already exists"):
        write_atomically(target, b"two", overwrite=False)
    assert target.read_bytes() == b"one" and ours(tmp_path) == []


def test_reports_never_go_into_the_corpus(tmp_path, demo_copy):
    before = {p: p.read_bytes() for p in demo_copy.rglob("*.xml")}
    for target in (demo_copy / "demo-2000" / "fr.xml", demo_copy / "new.html",
                   demo_copy / "demo-2000" / ".." / "demo-2000" / "x.html"):
        # (a treaty file's name is no report name: --format says it is meant)
        result = run("--corpus", demo_copy, *CLAUSES[2:], "--format", "html", "-o", target)
        assert result.exit_code == 1 and "inside the corpus" in result.stderr, result.stderr
    result = run("--corpus", demo_copy, *CLAUSES[2:], "-o", demo_copy / "demo-2000" / "fr.xml")
    assert result.exit_code == 2 and "not a report format" in result.stderr
    link = tmp_path / "into-corpus"
    link.symlink_to(demo_copy / "demo-2000")
    result = run("--corpus", demo_copy, *CLAUSES[2:], "-o", link / "x.html")
    assert result.exit_code == 1 and "inside the corpus" in result.stderr
    assert {p: p.read_bytes() for p in demo_copy.rglob("*")  if p.is_file()} == before
    result = run("--corpus", demo_copy, "compare", "demo-2000@fr", "demo-2000@en", "-o",
                 demo_copy / "t.html")
    assert result.exit_code == 1 and "inside the corpus" in result.stderr


def test_dash_writes_the_report_to_standard_output_only(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(*CLAUSES, "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>") and result.stdout.rstrip().endswith("</html>")
    assert list(tmp_path.iterdir()) == []
    treaty = run("--corpus", DEMO, "compare", "demo-2000@fr", "demo-2000@en", "-o", "-")
    assert treaty.exit_code == 0 and treaty.stdout.startswith("<!DOCTYPE html>")
    imported = run("import", Path(__file__).parent / "data" / "import" / "points.txt",
                   "--id", "x-1", "--lang", "en", "-o", "-")
    assert imported.exit_code == 0 and imported.stdout.startswith("<?xml")
    assert list(tmp_path.iterdir()) == []


def test_stale_temporary_files_of_ours_are_removed_and_nothing_else(tmp_path):
    old = time.time() - STALE_SECONDS - 60
    names = {"stale": ".r.html.treatycmp-abcd1234.tmp", "young": ".r.html.treatycmp-young123.tmp",
             "other": ".r.html.otherapp-abcd1234.tmp", "plain": "r.html.treatycmp-abcd1234.tmp"}
    for key, name in names.items():
        (tmp_path / name).write_text("x")
        if key != "young":
            os.utime(tmp_path / name, (old, old))
    os.mkdir(tmp_path / ".d.treatycmp-abcd1234.tmp")  # a folder: never ours
    os.utime(tmp_path / ".d.treatycmp-abcd1234.tmp", (old, old))
    write_atomically(tmp_path / "r.html", b"new")
    left = sorted(p.name for p in tmp_path.iterdir())
    assert names["stale"] not in left
    assert {names["young"], names["other"], names["plain"], ".d.treatycmp-abcd1234.tmp",
            "r.html"} == set(left)
    assert remove_stale_temps(tmp_path, now=time.time() + STALE_SECONDS + 60) == [names["young"]]


CHILD = """
import os, sys, time
from pathlib import Path
from treatycmp import output
os.fsync = lambda fd: time.sleep(60)  # hang half-way: data written, not renamed
if sys.argv[2] == "cli":
    from treatycmp.cli import main
    main(["--corpus", sys.argv[3], "compare", "demo-2000@fr:1", "demo-2000@en:1",
          "-o", sys.argv[1]])
else:
    output.write_atomically(Path(sys.argv[1]), b"x" * 100_000)
"""


def start_and_stop(tmp_path: Path, how: str, sig: int) -> Path:
    target = tmp_path / "report.html"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(target), how, str(DEMO)],
                             stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not ours(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ours(tmp_path), "the child never started writing"
    child.send_signal(sig)
    err = child.communicate(timeout=30)[1].decode()
    assert "Traceback" not in err
    assert not target.exists()
    return target


def test_a_write_killed_half_way_leaves_a_temp_that_a_later_write_removes(tmp_path):
    target = start_and_stop(tmp_path, "library", signal.SIGKILL)
    [stray] = ours(tmp_path)
    old = time.time() - STALE_SECONDS - 1
    os.utime(tmp_path / stray, (old, old))
    write_atomically(target, b"later")
    assert ours(tmp_path) == [] and target.read_bytes() == b"later"


def test_a_run_terminated_half_way_removes_its_own_temp(tmp_path):
    start_and_stop(tmp_path, "cli", signal.SIGTERM)
    assert ours(tmp_path) == []


# ---------------------------------------------------------- terminal output

def unsafe(c: str) -> bool:
    code = ord(c)
    return ((code < 0x20 and c not in "\t\n") or 0x7F <= code <= 0x9F
            or code in (0x2028, 0x2029) or 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069)


CONTROLS = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029,
                             *range(0x202A, 0x202F), *range(0x2066, 0x206A)]]


def spelled(c: str) -> str:
    return {"\r": "\\r", "\n": "\\n", "\t": "\\t"}.get(
        c, f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")


@settings(max_examples=200)
@given(st.lists(st.sampled_from(CONTROLS) | st.characters(), max_size=60).map("".join))
def test_terminal_safe_spells_out_every_control_and_keeps_the_rest(text):
    safe = terminal_safe(text)
    assert not any(unsafe(c) for c in safe)
    assert safe == "".join(spelled(c) if unsafe(c) else c for c in text)
    one = terminal_safe(text, one_line=True)
    assert one == "".join(spelled(c) if unsafe(c) or c in "\t\n" else c for c in text)


def test_terminal_safe_keeps_only_colour_codes_when_styled():
    assert terminal_safe("\x1b[31mred\x1b[0m \x1b[2J", styled=True) == "\x1b[31mred\x1b[0m \\x1b[2J"


def test_errors_quote_a_short_excerpt_of_long_input():
    message = excerpt("no treaty " + "b" * 10_000 + " in " + "x " * 1000)
    assert len(message) < 800 and "(10000 characters)" in message


def test_error_lines_escape_control_characters_in_file_names(tmp_path):
    name = tmp_path / "evil\x1b[2J\nforged: valid\u202e.xml"
    name.write_text("<text>")
    result = run("validate", name)
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert "forged: valid" not in result.stderr.splitlines()[0][:12]
    assert all(line.startswith(str(tmp_path)) or line.startswith("Error:")
               for line in result.stderr.splitlines())


@pytest.mark.parametrize("fragment, words", [
    ('<source id="s" url="http://x/&#10;forged">Src</source>', "attribute url"),
    ('<source id="s">Src \u202e txt</source>', "bidirectional control"),
    ('<source id="s">Src \u0085 line</source>', "C1 control"),
    ('<source id="s" url="http://x/&#x202E;y">Src</source>', "attribute url"),
    ('<source id="s">Src line</source>', "line or paragraph separator"),
])
def test_validate_refuses_metadata_that_could_forge_terminal_output(tmp_path, fragment, words):
    text = (DEMO / "demo-2000" / "en.xml").read_text(encoding="utf-8")
    start = text.index("<source ")
    end = text.index("</source>", start) + len("</source>")
    path = tmp_path / "en.xml"
    path.write_text(text[:start] + fragment + text[end:], encoding="utf-8")
    problems = [str(p) for p in store.check_file(path)]
    assert any(words in p for p in problems), problems


# ------------------------------------------------------------ corpus walks

def test_a_corpus_walk_follows_no_link_out_of_the_corpus(tmp_path, demo_copy):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "fr.xml").write_text("<text/>")
    (demo_copy / "root-1").symlink_to("/")
    (demo_copy / "demo-2000" / "de.xml").symlink_to(outside / "fr.xml")
    corpus = store.load_corpus(demo_copy)
    assert [t.id for t in corpus.treaties] == ["demo-2000"]
    messages = [str(p) for p in corpus.problems]
    assert sum("outside the corpus: not followed" in m for m in messages) == 2, messages
    count, problems = store.check_files([demo_copy])
    assert count == 3 and any("outside the corpus" in str(p) for p in problems)


def test_validate_looks_one_level_deep_only(tmp_path, demo_copy):
    deep = demo_copy / "demo-2000" / "a" / "b"
    deep.mkdir(parents=True)
    (deep / "broken.xml").write_text("<text>")
    assert store.check_files([demo_copy]) == (3, [])


def test_new_refuses_a_folder_that_is_not_a_corpus(tmp_path):
    (tmp_path / "bin").mkdir()
    (tmp_path / "notes.txt").write_text("x")
    result = run("--corpus", tmp_path, "new", "abc-1")
    assert result.exit_code == 1 and "not a treaty corpus" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin", "notes.txt"]
    proc = run("--corpus", "/proc", "new", "abc-1")
    assert proc.exit_code == 1 and len(proc.stderr.splitlines()) == 1


# ---------------------------------------------------------------- progress

def run_on_a_terminal(args: list[str], after: str = "0") -> tuple[int, str]:
    """Run the program with stderr on a pseudo-terminal: (exit code, stderr).
    ``after``: seconds of work before a bar shows (0: at once, for the test)."""
    master, slave = pty.openpty()
    env = dict(os.environ, TREATYCMP_PROGRESS_AFTER=after)
    child = subprocess.Popen([sys.executable, "-m", "treatycmp", *args], stdout=subprocess.PIPE,
                             stderr=slave, stdin=subprocess.DEVNULL, env=env)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    child.communicate(timeout=60)
    return child.returncode, seen.decode("utf-8", "replace")


def test_progress_shows_on_a_terminal_only_and_not_with_quiet():
    code, err = run_on_a_terminal(["--corpus", str(DEMO), "validate"])
    assert code == 0 and "Validating" in err and "3/3" in err
    code, err = run_on_a_terminal(["--corpus", str(DEMO), "--quiet", "validate"])
    assert code == 0 and "Validating" not in err
    piped = run("--corpus", DEMO, "validate", env={"TREATYCMP_PROGRESS_AFTER": "0"})
    assert piped.exit_code == 0 and "Validating" not in piped.stderr  # not a terminal
    code, err = run_on_a_terminal(["list"], after="30")  # quick work shows no bar
    assert code == 0 and "Loading" not in err and "[" not in err


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("tty", [True, False])
def test_data_is_escaped_on_a_terminal_and_exact_in_a_pipe(monkeypatch, tty):
    stream = Terminal() if tty else io.StringIO()
    monkeypatch.setattr(sys, "stdout", stream)
    echo("a\u202eb\x9bc\nd")
    assert stream.getvalue() == ("a\\u202eb\\x9bc\nd\n" if tty else "a\u202eb\x9bc\nd\n")


def test_imported_xml_printed_to_a_terminal_is_escaped(tmp_path, monkeypatch):
    source = tmp_path / "t.txt"
    source.write_text("Title\n\nArticle 1\nThe Parties \u202eagree.\n", encoding="utf-8")
    piped = run("import", source, "--id", "x-1", "--lang", "en")
    assert piped.exit_code == 0 and "\u202eagree" in piped.stdout  # exact in a pipe


def test_index_writes_nothing_into_a_folder_without_reports(tmp_path):
    (tmp_path / "page.html").write_text("<html><head><title>x</title></head></html>")
    os.mkfifo(tmp_path / "pipe.html")
    result = run("index", tmp_path)
    assert result.exit_code == 1 and "no treatycmp report here" in result.stderr
    assert "pipe.html: not a regular file" in result.stderr  # a warning, not a hang
    assert not (tmp_path / "index.html").exists()


def test_a_curated_alignment_linked_from_outside_the_corpus_is_not_read(tmp_path, demo_copy):
    outside = tmp_path / "elsewhere.xml"
    outside.write_text("<alignment/>")
    (demo_copy / "alignments").mkdir()
    (demo_copy / "alignments" / "demo-2000--demo-2000.xml").symlink_to(outside)
    with pytest.raises(DataError, match="outside the corpus"):
        store.find_alignment(demo_copy, "demo-2000", "demo-2000")


def test_the_search_index_never_blocks_nor_replaces_what_is_not_an_index(tmp_path, demo_copy):
    os.mkfifo(demo_copy / "demo-2000" / "de.xml")
    start = time.monotonic()
    result = run("--corpus", demo_copy, "index-corpus")
    assert result.exit_code == 0 and time.monotonic() - start < 20
    assert "de.xml: not a regular file" in result.stderr
    treaty = demo_copy / "demo-2000" / "fr.xml"
    before = treaty.read_bytes()
    for target in [treaty, tmp_path / "notes.txt", *special_files(tmp_path).values()]:
        if target.name == "notes.txt":
            target.write_text("my notes")
        result = run("--corpus", demo_copy, "index-corpus", "--index", target)
        assert result.exit_code in (1, 2) and "Traceback" not in result.output, (target, result.output)
    assert treaty.read_bytes() == before and (tmp_path / "notes.txt").read_text() == "my notes"
    result = run("--corpus", demo_copy, "search", "parties", "-o", demo_copy / "found.html")
    assert result.exit_code == 1 and "inside the corpus" in result.stderr
    (tmp_path / "home" / "bin").mkdir(parents=True)
    result = run("--corpus", tmp_path / "home", "index-corpus")
    assert result.exit_code == 1 and "not a treaty corpus" in result.stderr
    assert sorted(p.name for p in (tmp_path / "home").iterdir()) == ["bin"]
