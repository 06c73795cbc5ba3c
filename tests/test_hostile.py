"""Every command on hostile input: never a traceback, never a hang, exit 0, 1 or 2.

The commands are taken from the click group, so a new command is swept too.
Each command is run with every argument and option in turn replaced by
hostile values of its kind (references, input paths, output paths, strings),
and with hostile corpora; hypothesis adds random references, bytes and text.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import click
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from treatycmp.cli import main
from treatycmp.cli.base import INTERNAL_ERROR, REF
from conftest import DEMO

SECONDS = 20  # far above any honest run here; a blocked read would never end


@contextmanager
def time_limit(seconds: int = SECONDS):
    def expire(signum, frame):
        raise TimeoutError(f"still running after {seconds} s: blocked?")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def invoke(args: list[str], input: bytes | None = None):
    runner = click.testing.CliRunner()
    env = {"TREATYCMP_DEBUG": None, "TREATYCMP_CORPUS": None}
    with time_limit():
        return runner.invoke(main, args, env=env, input=input)


def assert_clean(result, args) -> None:
    shown = f"{args!r}\n{result.output}"
    assert result.exit_code in (0, 1, 2), shown
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"{shown}\n{result.exception!r}"
    assert "Traceback" not in result.output and "Traceback" not in result.stderr, shown
    assert INTERNAL_ERROR not in result.stderr, shown  # a bug the safety net caught
    for line in result.stderr.splitlines():
        assert "\x1b[2J" not in line and "\u202e" not in line, shown  # escaped, never raw
        assert len(line) < 1000, f"an error quoted a long input in full: {line[:200]}"


# ------------------------------------------------------------ hostile world

def make_fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def make_socket(path: Path) -> Path:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    sock.close()  # the socket file stays
    return path


def many_elements(path: Path, count: int) -> Path:
    with path.open("wb") as out:
        out.write(b'<?xml version="1.0"?>\n<text>')
        out.write(b"<p/>" * count)
        out.write(b"</text>")
    return path


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> dict[str, Path]:
    """Hostile files and corpora, made once for the module."""
    root = tmp_path_factory.mktemp("hostile")
    w: dict[str, Path] = {"root": root}
    w["fifo"] = make_fifo(root / "fifo.xml")
    w["device"] = private_device(root / "null") or w["fifo"]
    w["socket"] = make_socket(root / "s.xml")
    (root / "zero.xml").symlink_to("/dev/zero")
    w["zero link"] = root / "zero.xml"
    w["folder"] = root / "folder"
    w["folder"].mkdir()
    w["many"] = many_elements(root / "many.xml", 1_400_000)
    w["deep"] = root / "deep.xml"
    w["deep"].write_bytes(b"<a>" * 50_000 + b"</a>" * 50_000)
    w["bytes"] = root / "bytes.xml"
    w["bytes"].write_bytes(bytes(range(256)) * 4)
    w["utf16"] = root / "utf16.xml"
    w["utf16"].write_bytes('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE x [<!ENTITY a "b">]>'
                           '<text>&a;</text>'.encode("utf-16"))
    w["fffe"] = root / "fffe.txt"
    w["fffe"].write_text("Title\n\nArticle 1\nThe \ufffe Parties \uffff agree.\n", encoding="utf-8")
    w["escape"] = root / "escape.txt"
    w["escape"].write_text("Title\n\nArticle 1\nThe \x1b[2J\u202eParties agree.\n\x9b31m\n",
                           encoding="utf-8")
    w["long text"] = root / "long.txt"
    w["long text"].write_text("Article 1\n" + "word" * 50_000 + "\n" + "x " * 100_000, encoding="utf-8")
    w["odd name"] = root / "a\nb\x1b[2J\u202e.xml"
    w["odd name"].write_text("<text/>", encoding="utf-8")
    w["long name"] = root / ("n" * 250 + ".xml")
    w["long name"].write_text("<text/>", encoding="utf-8")
    # Corpora.
    w["demo"] = root / "demo"
    shutil.copytree(DEMO, w["demo"])
    w["demo fr"] = root / "fr.xml"
    shutil.copy(DEMO / "demo-2000" / "fr.xml", w["demo fr"])
    w["points"] = root / "points.txt"
    shutil.copy(DEMO.parent / "import" / "points.txt", w["points"])
    evil = w["evil corpus"] = root / "evil"
    shutil.copytree(DEMO, evil)
    (evil / "root-1").symlink_to("/")
    outside = root / "outside-1"
    shutil.copytree(DEMO / "demo-2000", outside)
    (evil / "outside-1").symlink_to(outside)
    (evil / "zero-1").mkdir()
    shutil.copy(DEMO / "demo-2000" / "treaty.xml", evil / "zero-1" / "treaty.xml")
    (evil / "zero-1" / "en.xml").symlink_to("/dev/zero")
    (evil / "fifo-1").mkdir()
    make_fifo(evil / "fifo-1" / "treaty.xml")
    make_fifo(evil / "demo-2000" / "de.xml")
    (evil / "loop-1").symlink_to(evil / "loop-1")
    w["empty corpus"] = root / "empty"
    w["empty corpus"].mkdir()
    # Looks like / or a home folder: folders and files, no treaty.
    w["lookalike"] = root / "home"
    for name in ("bin", "etc", "usr", "tmp-1", "lost+found"):
        (w["lookalike"] / name).mkdir(parents=True)
    (w["lookalike"] / "etc" / "passwd.xml").write_text("<text/>")
    (w["lookalike"] / "notes.txt").write_text("x")
    reports = w["reports"] = root / "reports"
    reports.mkdir()
    make_fifo(reports / "fifo.html")
    (reports / "null.html").symlink_to("/dev/null")
    (reports / "a:b.html").write_text("<html><head><meta name=treatycmp-kind content=clause>"
                                      "<meta name=treatycmp-left content=L>"
                                      "<meta name=treatycmp-right content=R></head></html>")
    (reports / ".hidden.html").write_text("<html><head><title>x</title></head></html>")
    return w


REFS = ["demo-2000@fr:1", "demo-2000", "", "@", ":", "::", "a" * 300,
        "demo-2000@" + "x" * 300, "demo-2000:" + "9" * 5000, "demo-2000@fr:\u202e",
        "\x1b[2J", "../../etc/passwd", "demo-2000@fr:1\n", "DEMO-2000", "demo-2000@\ufffe",
        "demo-2000@fr:preamble", "-", "demo-2000@fr:1@en"]
STRINGS = ["fr", "", "a" * 300, "\x1b[2J", "\u202e", "../x", "1\n2", "\ufffe", "-", "none",
           "nan", "inf",  # numbers that compare false with everything, or past any range
           "a\x00b"]  # NUL: only a program can pass it, but it must not look like a bug


def input_paths(w) -> list[str]:
    return [str(w[k]) for k in ("fifo", "socket", "zero link", "folder", "many", "deep", "bytes",
                                "utf16", "fffe", "escape", "odd name", "long name")] + [
        "/dev/zero", "/dev/null", "/", "/proc", str(w["root"] / "missing"),
        str(w["root"] / ("x" * 300)), str(w["evil corpus"]), str(w["reports"]), "a\x00b"]


def output_paths(w) -> list[str]:
    return ["/dev/null", str(w["fifo"]), str(w["socket"]), str(w["zero link"]),
            str(w["folder"]), str(w["demo"] / "demo-2000" / "fr.xml"),
            str(w["root"] / "missing" / "x.html"), str(w["root"] / ("x" * 300)), "-",
            str(w["reports"] / "null.html"), "/proc/x.html", "", ".", str(w["root"])]


CORPORA = ["demo", "evil corpus", "empty corpus", "lookalike", "fifo", "many", "/", "/proc",
           "/dev"]
# Commands known only to read. Any other (new ones too) may write, so it is
# never pointed at a real system folder (a bug would write there): a
# look-alike folder stands in.
READERS = {"list", "show", "validate", "diff", "align"}
SYSTEM = {"/", "/proc", "/dev"}
DEVICES = {"/dev/null", "/dev/zero"}  # a private device node stands in for these


def stand_in(name: str, value: str, w) -> str:
    if name in READERS:
        return value
    if value in SYSTEM:
        return str(w["lookalike"])
    return str(w["device"]) if value in DEVICES else value


def private_device(path: Path) -> Path | None:
    """A character device like /dev/null (1, 3) of our own, so that a command
    that wrongly replaces its output replaces this one, never the system's."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (OSError, AttributeError):  # not root: no device of our own
        return None
    return path


def commands() -> list[str]:
    """Every command the group offers (imported now if it is loaded lazily)."""
    return sorted(main.list_commands(click.Context(main)))


def command_named(name: str) -> click.Command:
    return main.get_command(click.Context(main), name)


# Two sets of plausible values: a provision and a treaty file; a treaty and a
# text (the files are copies: a command may write to what it is given).
BASES = [("demo-2000@fr:1", "demo fr"), ("demo-2000@fr", "points")]


def base_arguments(command: click.Command, w, base: tuple = BASES[0]) -> list[str]:
    """Plausible arguments for ``command``: required ones, valid where possible."""
    args = []
    for param in command.params:
        if isinstance(param, click.Argument) and param.required:
            args.append(base[0] if param.type is REF else str(w[base[1]])
                        if isinstance(param.type, click.Path) else "new-1")
            if param.type is REF and param.nargs == -1:  # several texts (collate)
                args.append(base[0].replace("@fr", "@en"))
        elif isinstance(param, click.Argument) and isinstance(param.type,
                                                               click.types.StringParamType):
            args.append("parties")  # words to look for, say
        elif isinstance(param, click.Option) and param.required:
            args += [param.opts[0], "fr" if "lang" in param.name else "new-1"]
    return args


def variants(command: click.Command, w, plausible: tuple) -> list[list[str]]:
    """The base arguments with one parameter at a time made hostile."""
    base = base_arguments(command, w, plausible)
    out = [base]
    for index, param in enumerate(p for p in command.params if isinstance(p, click.Argument)):
        pool = (REFS if param.type is REF else
                input_paths(w) if isinstance(param.type, click.Path) else STRINGS)
        for value in pool:
            args = [a for a in base]
            if index < len(args):
                args[index] = value
            else:
                args.append(value)
            out.append(args)
    for param in command.params:
        if isinstance(param, click.Option) and param.is_flag and param.name != "help":
            out.append(base + [param.opts[0]])  # each flag on its own, too
        if not isinstance(param, click.Option) or param.is_flag or param.hidden \
                or param.name == "help":
            continue
        pool = (output_paths(w) if isinstance(param.type, click.Path) else STRINGS)
        out.extend(base + [param.opts[0], value] for value in pool)
    return out


def test_the_sweep_covers_every_command():
    assert {"list", "show", "validate", "compare", "diff", "align", "index", "new",
            "import"} <= set(commands())


@pytest.mark.parametrize("name", commands())
def test_every_command_on_hostile_arguments(world, name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # reports with default names land here
    command = command_named(name)
    codes = set()
    for plausible in BASES:
        for args in variants(command, world, plausible):
            args = [stand_in(name, a, world) for a in args]
            full = ["--corpus", str(world["demo"]), name, *args]
            result = invoke(full)
            assert_clean(result, full)
            codes.add(result.exit_code)
    assert 0 in codes, "the sweep never got past the arguments: make the base valid"


@pytest.mark.parametrize("name", commands())
def test_every_command_on_hostile_corpora(world, name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    command = command_named(name)
    for corpus in CORPORA:
        path = stand_in(name, str(world[corpus]) if corpus in world else corpus, world)
        for plausible in BASES:
            full = ["--corpus", path, name, *base_arguments(command, world, plausible)]
            assert_clean(invoke(full), full)


def test_corpus_files_are_unharmed_by_the_sweep(world):
    """Nothing above replaced a corpus file or a special file."""
    demo = world["demo"] / "demo-2000"
    assert sorted(p.name for p in demo.iterdir()) == ["en.xml", "fr.xml", "treaty.xml"]
    for name in ("en.xml", "fr.xml", "treaty.xml"):
        assert (demo / name).read_bytes() == (DEMO / "demo-2000" / name).read_bytes()
    assert stat.S_ISFIFO(os.lstat(world["fifo"]).st_mode)
    assert stat.S_ISSOCK(os.lstat(world["socket"]).st_mode)
    assert os.readlink(world["zero link"]) == "/dev/zero"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert stat.S_ISCHR(os.lstat(world["device"]).st_mode) or world["device"] == world["fifo"]
    assert not Path("/index.html").exists() and not Path("/new-1").exists()
    assert sorted(p.name for p in world["lookalike"].iterdir()) == [  # no index, no treaty
        "bin", "etc", "lost+found", "notes.txt", "tmp-1", "usr"]


# ------------------------------------------------------------- hypothesis

FAST = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@FAST
@given(left=st.text(max_size=80), right=st.text(max_size=80),
       command=st.sampled_from(["show", "diff", "compare", "align"]))
def test_random_references_never_crash(world, left, right, command):
    args = ["--corpus", str(world["demo"]), command, left]
    if command != "show":
        args += [right, "-o", "-"] if command == "compare" else [right]
    assert_clean(invoke(args), args)


@FAST
@given(data=st.binary(max_size=400))
def test_random_bytes_as_a_treaty_file_never_crash(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bytes") / "en.xml"
    path.write_bytes(data)
    for args in (["validate", str(path)], ["import", str(path), "--id", "x-1", "--lang", "en"]):
        assert_clean(invoke(args), args)


@FAST
@given(text=st.text(max_size=300))
def test_random_text_imports_or_fails_cleanly(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("text") / "t.txt"
    path.write_text("Title\n\nArticle 1\n" + text, encoding="utf-8", errors="surrogatepass")
    args = ["import", str(path), "--id", "x-1", "--lang", "en"]
    assert_clean(invoke(args), args)


@FAST
@given(name=st.text(min_size=1, max_size=40).filter(lambda s: "/" not in s and "\x00" not in s
                                                     and s not in (".", "..")))
def test_reports_with_any_file_name_are_indexed(tmp_path_factory, name):
    folder = tmp_path_factory.mktemp("reports")
    out = folder / (name + ".html")
    args = ["--corpus", str(DEMO), "compare", "demo-2000@fr:1", "demo-2000@en:1", "-o", str(out)]
    assert_clean(invoke(args), args)
    result = invoke(["index", str(folder)])
    assert_clean(result, ["index", name])
    assert result.exit_code == 0


# --------------------------------------------------- the real program, in a process

def run_cli(*args: str, timeout: float = 30, **kwargs) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("TREATYCMP_DEBUG", "TREATYCMP_CORPUS")}
    return subprocess.run([sys.executable, "-m", "treatycmp", *args], capture_output=True,
                          timeout=timeout, env=env, **kwargs)


PEAK_MEMORY_MB = 500

MEASURE = """
import resource, sys
from treatycmp.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(f"PEAK {peak}", file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.parametrize("how", ["validate", "corpus"])
def test_a_file_of_a_million_elements_is_refused_within_the_memory_budget(world, tmp_path, how):
    if how == "validate":
        args = ["validate", str(world["many"])]
    else:
        corpus = tmp_path / "c"
        shutil.copytree(DEMO, corpus)
        shutil.copy(world["many"], corpus / "demo-2000" / "fr.xml")
        args = ["--corpus", str(corpus), "show", "demo-2000@fr:1"]
    result = subprocess.run([sys.executable, "-c", MEASURE, *args], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "too many elements" in result.stderr and "Traceback" not in result.stderr
    peak = int(result.stderr.rsplit("PEAK ", 1)[1])
    assert peak < PEAK_MEMORY_MB, f"peak {peak} MB"


@pytest.mark.parametrize("args", [["validate", "{fifo}"], ["import", "{fifo}", "--id", "a-1",
                                                            "--lang", "en"],
                                  ["import", "/dev/zero", "--id", "a-1", "--lang", "en"],
                                  ["validate", "/dev/zero"], ["--corpus", "/", "list"],
                                  ["validate", "/"], ["--corpus", "/", "show", "a-1"]])
def test_special_inputs_are_refused_at_once(world, args):
    args = [a.format(fifo=world["fifo"]) for a in args]
    with time_limit(5):
        result = invoke(args)
    assert result.exit_code == 1
    assert_clean(result, args)
    assert len(result.stderr.splitlines()) <= 2, result.stderr
    assert any(words in result.stderr for words in (
        "not a regular file", "not a treaty corpus", "no treaty files here",
        "no treaty 'a-1' in /")), result.stderr


def test_the_program_itself_does_not_block_on_a_fifo(world):
    result = run_cli("validate", str(world["fifo"]), timeout=20)
    assert result.returncode == 1 and b"FIFO" in result.stderr


def test_a_reader_that_goes_away_is_not_an_error_with_a_traceback(world):
    """treatycmp show ... | head -1: the pipe closes early."""
    proc = subprocess.Popen([sys.executable, "-m", "treatycmp", "--corpus", str(DEMO), "show",
                             "demo-2000@fr"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            bufsize=0)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=30)
    assert "Traceback" not in err


def test_debug_lets_unexpected_errors_through(world):
    """TREATYCMP_DEBUG=1 shows where an OSError came from; without it, one line."""
    args = ["--corpus", "/tmp/" + "a" * 300, "list"]
    quiet = invoke(args)
    assert quiet.exit_code == 1 and "File name too long" in quiet.stderr
    assert len(quiet.stderr.splitlines()) == 1 and len(quiet.stderr) < 400
    runner = click.testing.CliRunner()
    loud = runner.invoke(main, args, env={"TREATYCMP_DEBUG": "1"})
    assert isinstance(loud.exception, OSError)


def test_migrate_does_not_descend_a_whole_tree(tmp_path):
    """migrate (a writer) looks one level deep, like validate: a folder of
    folders of folders is not walked to the bottom, and a link out is refused."""
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    (deep / "x.xml").write_text('<text schemaVersion="1"/>')
    result = invoke(["migrate", str(tmp_path)])
    assert_clean(result, ["migrate"])
    assert (deep / "x.xml").read_text() == '<text schemaVersion="1"/>'
    (tmp_path / "out").symlink_to("/")
    result = invoke(["migrate", str(tmp_path)])
    assert result.exit_code == 1 and "outside the corpus" in result.stderr


def test_a_bug_is_one_line_for_users_and_a_traceback_with_debug(monkeypatch):
    """A programmer error (here a simulated one) says it is a bug, in one
    line; TREATYCMP_DEBUG=1 lets it through, so tests and developers see it."""
    import treatycmp.store as store

    def broken(*args, **kwargs):
        raise ZeroDivisionError("simulated bug")
    monkeypatch.setattr(store, "scan_corpus", broken)
    result = invoke(["--corpus", str(DEMO), "list"])
    assert result.exit_code == 1 and INTERNAL_ERROR in result.stderr
    assert "ZeroDivisionError: simulated bug" in result.stderr
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.output
    loud = click.testing.CliRunner().invoke(main, ["--corpus", str(DEMO), "list"],
                                             env={"TREATYCMP_DEBUG": "1"})
    assert isinstance(loud.exception, ZeroDivisionError)


@pytest.mark.parametrize("args", [["show", "a" * 300], ["new", "a" * 300],
                                  ["diff", "a" * 300 + ":1", "demo-2000:1"]])
def test_an_over_long_id_is_refused_as_an_id(args):
    result = invoke(["--corpus", str(DEMO), *args])
    assert result.exit_code in (1, 2) and "is not a treaty id" in result.stderr
    assert "(302 characters)" in result.stderr or "(300 characters)" in result.stderr
    assert_clean(result, args)
