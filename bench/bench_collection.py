"""import-collection on a ToTA-sized collection: time, and memory that stays bounded.

    .venv/bin/python bench/bench_collection.py [--treaties 450] [--collection DIR]

Writes ``--treaties`` files in ToTA's XML format (no ToTA text: every word
from :mod:`treatycmp.search.synthetic`'s pseudo-word generator; on average 90
articles each, so 450 files hold about 40,000 provisions, like the real
corpus), or takes a folder you point at (a real ToTA ``xml/`` folder, say),
then runs ``treatycmp import-collection`` on a tenth of it and on all of it,
each in a fresh process into an empty corpus, and prints wall and CPU time
and peak memory (maximum resident set size, interpreter included). Memory
bounded by the largest file, not the collection, shows as a ratio near 1
between the two runs. Then ``validate`` on what was written.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

from treatycmp.search.synthetic import _sentences, _Writer


def _article(writer: _Writer, rng: random.Random, chapter: int, n: int) -> str:
    paragraphs = [_sentences(writer.words(rng.randint(15, 90)))
                  for _ in range(rng.choice((1, 1, 2, 3)))]
    text = "\n\n".join(f"{i}. {p}" if len(paragraphs) > 1 else p
                       for i, p in enumerate(paragraphs, 1))
    name = _sentences(writer.words(rng.randint(1, 4))).rstrip(".")
    return (f'      <article number="ARTICLE {chapter}.{n}" name="{escape(name)}" '
            f'article_identifier="{rng.randint(1, 10**6)}">{escape(text)}</article>\n')


def make_tota(folder: Path, treaties: int, seed: int = 0) -> int:
    """Write ``treaties`` ToTA-format files; return the number of articles."""
    rng = random.Random(seed)
    writer = _Writer(rng, 5_000)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for t in range(1, treaties + 1):
        chapters = []
        for c in range(1, rng.randint(4, 16) + 1):
            count = rng.randint(4, 14)
            total += count
            articles = "".join(_article(writer, rng, c, n) for n in range(1, count + 1))
            chapters.append(f'    <chapter number="CHAPTER {c}" name="Chapter {c}" '
                            f'chapter_identifier="{t * 100 + c}">\n{articles}    </chapter>\n')
        preamble = escape(_sentences(writer.words(40)))
        (folder / f"pta_{t}.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<treaty>\n  <meta>\n'
            f"    <name>Generated {t}</name>\n    <treaty_identifier>{t}</treaty_identifier>\n"
            f"    <status>In Force</status>\n    <date_signed>2001-01-01</date_signed>\n"
            "    <parties_original><partyisocode n=\"1\">AAA</partyisocode>"
            "<partyisocode n=\"2\">BBB</partyisocode></parties_original>\n"
            "    <language>en</language>\n  </meta>\n  <body>\n"
            '    <chapter name="Preamble" chapter_identifier="0">\n'
            f'      <article article_identifier="0">{preamble}</article>\n    </chapter>\n'
            f"{''.join(chapters)}  </body>\n</treaty>\n", encoding="utf-8")
    return total


# The child reports its own peak (RUSAGE_CHILDREN would keep the largest of all runs).
CHILD = """
import resource, sys
from treatycmp.cli import main
try:
    main(sys.argv[1:], prog_name="treatycmp")
finally:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"{usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}", file=sys.stderr)
"""


def run(args: list[str], summary: str) -> tuple[float, float, float, str]:
    """(wall s, CPU s, peak RSS MB, the output line holding ``summary``) of one
    treatycmp run in a fresh process."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True,
                          text=True)
    wall = time.perf_counter() - start
    lines = done.stderr.strip().splitlines()
    if done.returncode != 0:
        raise SystemExit(f"treatycmp {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    cpu, peak = lines[-1].split()
    said = next((line for line in done.stdout.splitlines() + lines if summary in line), "")
    return wall, float(cpu), int(peak) / 1024, said


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--treaties", type=int, default=450)
    parser.add_argument("--collection", type=Path, help="a folder of ToTA files to use")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = args.collection
        if folder is None:
            folder = work / "xml"
            print(f"generated {args.treaties} files, {make_tota(folder, args.treaties)} "
                  "articles")
        files = sorted(folder.glob("*.xml"))
        tenth = work / "tenth"
        tenth.mkdir()
        for path in files[: max(1, len(files) // 10)]:
            shutil.copy(path, tenth / path.name)
        peaks = []
        for name, source in (("a tenth", tenth), ("all", folder)):
            corpus = work / f"corpus-{name.replace(' ', '-')}"
            corpus.mkdir()
            wall, cpu, peak, summary = run(["--corpus", str(corpus), "-q",
                                            "import-collection", str(source), "--licence",
                                            "made by bench_collection.py"], "files:")
            peaks.append(peak)
            print(f"import-collection, {name}: {wall:.1f} s wall, {cpu:.1f} s CPU, "
                  f"peak {peak:.0f} MB; {summary}")
        wall, cpu, peak, summary = run(["--corpus", str(corpus), "-q", "validate"], "valid")
        print(f"validate what was written: {wall:.1f} s wall, {cpu:.1f} s CPU; {summary}")
        print(f"peak memory, all / a tenth: {peaks[1] / peaks[0]:.2f}")


if __name__ == "__main__":
    main()
