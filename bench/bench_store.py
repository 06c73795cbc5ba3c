"""Big corpora, light commands: validate against its floor, list's peak memory.

    .venv/bin/python bench/bench_store.py [--treaties 500] [--corpus DIR] [--runs 3]
                                          [--accented] [--skip-list]

On a generated corpus (:mod:`make_corpus`; 500 treaties = 1,000 language
files, 1,500 files with the treaty.xml files) or one you point at, prints:

1. the floor: parse and RELAX NG check of every file with lxml alone;
2. ``treatycmp validate`` in-process (:func:`treatycmp.store.check_files`),
   and its ratio to the floor;
3. ``treatycmp list`` in a fresh process: wall and CPU time and its peak
   memory (maximum resident set size, interpreter and imports included).

CPU is the process CPU time (time.process_time); wall time includes waiting
for a core on a shared machine. Each figure is the median of ``--runs``; the
floor and validate run alternately, and their ratio is the median of the
ratios of each pair of runs.

The generated words are ASCII, and validate skips its search for control
characters in a file that is all ASCII: ``--accented`` measures a generated
corpus whose texts are not (:func:`accent_corpus`), as real treaty texts are not.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import make_corpus  # noqa: E402

LIST_CHILD = """
import io, json, resource, sys, time, contextlib
from treatycmp.cli import main
start = time.perf_counter(); cpu = time.process_time()
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        main(["--corpus", sys.argv[1], "list"], standalone_mode=False)
    except SystemExit:
        pass
wall = time.perf_counter() - start; cpu = time.process_time() - cpu
print(json.dumps({"wall": wall, "cpu": cpu, "lines": out.getvalue().count("\\n"),
                  "maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""


def timed(func) -> tuple[float, float, object]:
    """(wall, cpu) seconds of one call, and its result."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = func()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def timed_pairs(first, second, runs: int) -> tuple[list, list, object, object]:
    """``runs`` (wall, cpu) timings of ``first`` and of ``second``, called
    alternately so that both see the same load on a shared machine; and their
    last results."""
    firsts, seconds = [], []
    for _ in range(runs):
        *times, first_result = timed(first)
        firsts.append(times)
        *times, second_result = timed(second)
        seconds.append(times)
    return firsts, seconds, first_result, second_result


def accent_corpus(corpus: Path) -> None:
    """Give every text of a generated corpus characters outside ASCII: accented
    letters and no-break spaces in French, apostrophes (U+2019) in English."""
    edits = {"fr.xml": ((b"ve", "vé".encode()), (b". ", ".\u00a0".encode())),
             "en.xml": ((b" in ", " in\u2019 ".encode()),)}
    for path in corpus.glob("*/*.xml"):
        head, _, body = path.read_bytes().partition(b"\n")  # the XML declaration stays
        for old, new in edits.get(path.name, ()):
            body = body.replace(old, new)
        path.write_bytes(head + b"\n" + body)


def floor(files: list[Path]) -> int:
    """Parse and RELAX NG check every file with lxml alone: the least any validate does."""
    from lxml import etree

    from treatycmp.store.xml import _schema, safe_parser
    schema = _schema("treaty.rng")
    valid = 0
    for path in files:
        valid += schema.validate(etree.fromstring(path.read_bytes(), safe_parser()))
    return valid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--treaties", type=int, default=500)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-list", action="store_true", help="time validate only")
    parser.add_argument("--accented", action="store_true",
                        help="texts outside ASCII (a generated corpus only)")
    args = parser.parse_args()
    from treatycmp import store

    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus
        if args.accented and corpus is not None:
            parser.error("--accented rewrites a generated corpus: leave out --corpus")
        if corpus is None:
            corpus = Path(tmp) / "corpus"
            start = time.perf_counter()
            count = make_corpus(corpus, args.treaties)
            if args.accented:
                accent_corpus(corpus)
            print(f"generated {count} files ({args.treaties} treaties) in "
                  f"{time.perf_counter() - start:.1f} s")
        files = sorted(p for p in corpus.glob("*/*.xml") if p.parent.name != "alignments")
        size = sum(p.stat().st_size for p in files)
        print(f"corpus: {len(files)} files, {size / 1e6:.1f} MB")
        store.check_files([files[0]])  # compile the schema before timing
        floors, validates, valid, (count, problems) = timed_pairs(
            lambda: floor(files), lambda: store.check_files([corpus]), args.runs)
        f_wall, f_cpu = (statistics.median(t[i] for t in floors) for i in (0, 1))
        v_wall, v_cpu = (statistics.median(t[i] for t in validates) for i in (0, 1))
        # The ratio of each pair of runs, then the median: a change of load
        # between runs moves both sides of a pair.
        r_wall, r_cpu = (statistics.median(v[i] / f[i] for f, v in zip(floors, validates))
                         for i in (0, 1))
        print(f"floor (lxml parse + RELAX NG): wall {f_wall:.2f} s  cpu {f_cpu:.2f} s  "
              f"({valid} valid)")
        print(f"validate (check_files):        wall {v_wall:.2f} s  cpu {v_cpu:.2f} s  "
              f"({count} files, {len(problems)} problems)  "
              f"x{r_wall:.2f} wall, x{r_cpu:.2f} cpu of the floor "
              f"(cpu ratios of the {args.runs} pairs: "
              f"{', '.join(f'{v[1] / f[1]:.2f}' for f, v in zip(floors, validates))})")
        if args.skip_list:
            return
        reports = []
        for _ in range(args.runs):
            out = subprocess.run([sys.executable, "-c", LIST_CHILD, str(corpus)],
                                 capture_output=True, text=True, check=True)
            reports.append(json.loads(out.stdout.strip().splitlines()[-1]))
        med = {k: statistics.median(r[k] for r in reports) for k in reports[0]}
        print(f"list (fresh process):          wall {med['wall']:.2f} s  cpu {med['cpu']:.2f} s  "
              f"max RSS {med['maxrss'] / 2**20:.1f} MiB  ({int(med['lines'])} lines)")


if __name__ == "__main__":
    main()
