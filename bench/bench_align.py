"""Benchmark whole-treaty alignment and the treaty report (issue 9 item 4).
Prints same-run figures and ratios; asserts nothing.

    python bench/bench_align.py [--quick] [--sizes 15,60,300,1000] [--full 2000]

Two made-up treaties are generated in memory from the corpus's English text
(sentences of 15 to 40 words, each word following its predecessor somewhere
in the corpus, so treaty vocabulary but new text; articles of one to four
paragraphs of one or two sentences; a fixed seed), and a right treaty that is
a revision of the left: reordered, about one word in eight replaced, some
articles deleted, some inserted, one split, as real revisions are. The known
answer (which article became which) gives precision and recall.

For each size (articles a side):

- **align**: :func:`treatycmp.match.align_articles` (candidates, scores,
  assignment, splits, mutual best);
- **report data**: align, compare every pair (word diff), build the report's
  view-model: the treaty report without rendering;
- **baseline**: the all-pairs similarity matrix of a well-kept library
  (rapidfuzz ``cdist`` with ``fuzz.ratio`` on one worker; difflib's
  ``SequenceMatcher.ratio`` when rapidfuzz is not installed) plus scipy's
  ``linear_sum_assignment``, pairs kept from a score of 0.5; same run.

``--full N`` writes the whole treaty report (render and write included) for
N articles a side in a child process and reports its time, peak memory and
file size (targets at 2,000: 30 s, 1 GB, 20 MB).
"""

from __future__ import annotations

import datetime as dt
import difflib
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from treatycmp import store  # noqa: E402
from treatycmp.match import align_articles, compare_pairs  # noqa: E402
from treatycmp.model import (ARTICLE, AUTHENTIC, Paragraph, Provision, TextVersion,  # noqa: E402
                             Treaty, Work)
from treatycmp.report import write_report  # noqa: E402
from treatycmp.report.treaty import build_treaty_report, render_treaty_report  # noqa: E402

CORPUS = ROOT / "treaties"
SEED = 20230916
BASELINE_THRESHOLD = 0.5  # rapidfuzz ratio / 100 a baseline pair must reach


def corpus_words() -> dict[str, list[str]]:
    """A word bigram table of the corpus's transcribed English text."""
    table: dict[str, list[str]] = {}
    for treaty in store.load_corpus(CORPUS).treaties:
        version = treaty.version("en")
        for provision in version.provisions() if version else ():
            if provision.transcribed:
                words = provision.full_text.split()
                for a, b in zip(words, words[1:]):
                    table.setdefault(a, []).append(b)
    return table


def sentence(table: dict[str, list[str]], rng: random.Random) -> str:
    """A made-up sentence of 15 to 40 corpus words, each following its
    predecessor somewhere in the corpus: treaty-like vocabulary, new text."""
    starts = sorted(w for w in table if w[:1].isupper())
    words = [rng.choice(starts)]
    while len(words) < rng.randint(15, 40):
        words.append(rng.choice(table.get(words[-1]) or starts))
    return " ".join(words).rstrip(",;:.") + "."


def make_article(n: int, paragraphs: list[str]) -> Provision:
    return Provision(ARTICLE, f"art_{n}", str(n), f"Article {n}", None,
                     tuple(Paragraph(f"art_{n}__para_{k}", None, text)
                           for k, text in enumerate(paragraphs, 1)), True)


def reword(text: str, rng: random.Random) -> str:
    words = text.split()
    for _ in range(max(1, len(words) // 8)):  # about one word in eight changes
        k = rng.randrange(len(words))
        words[k] = rng.choice(["shall", "promptly", "jointly", "all", "such", "Member"])
    return " ".join(words)


def make_pair(size: int, table: dict[str, list[str]], seed: int = SEED):
    """Two treaties of about ``size`` articles, the right one a revision of the
    left, and the known answer: the set of (left eid, right eid) links."""
    rng = random.Random(seed + size)

    def paragraph() -> str:
        return " ".join(sentence(table, rng) for _ in range(rng.randint(1, 2)))

    left = [[paragraph() for _ in range(rng.randint(1, 4))] for _ in range(size)]
    right = [([reword(p, rng) for p in paras], k) for k, paras in enumerate(left)]
    for k in sorted(rng.sample(range(size), max(1, size // 12)), reverse=True):
        del right[k]  # deletions
    for _ in range(max(1, size // 12)):  # insertions
        right.insert(rng.randrange(len(right)), ([paragraph()], None))
    multi = next((k for k, (paras, _) in enumerate(right) if len(paras) > 1), None)
    if multi is not None:  # one split
        paras, origin = right[multi]
        right[multi:multi + 1] = [(paras[:1], origin), (paras[1:], origin)]
    rng.shuffle(right)  # reordering
    known = {(f"art_{origin + 1}", f"art_{n}") for n, (_, origin) in enumerate(right, 1)
             if origin is not None}
    return (version("bench-left", [make_article(n, p) for n, p in enumerate(left, 1)]),
            version("bench-right", [make_article(n, p) for n, (p, _) in enumerate(right, 1)]),
            known)


def version(treaty_id: str, articles: list[Provision]) -> TextVersion:
    return TextVersion(treaty_id, "en", AUTHENTIC, f"Generated treaty {treaty_id}", treaty_id,
                       "as-signed", "Generated for the benchmark.", (), tuple(articles))


def treaty(v: TextVersion) -> Treaty:
    work = Work(v.treaty_id, dt.date(2000, 1, 1), "Nowhere", ("A", "B"), "A", ("en",), (),
                "in-force", no_citation_reason="Generated.")
    return Treaty(work, (v,))


def report_data(left: TextVersion, right: TextVersion):
    """The treaty report without rendering: align, compare, build."""
    alignment = align_articles(left, right)
    return build_treaty_report(alignment, compare_pairs(alignment), treaty(left),
                               treaty(right), chosen_language="en")


def baseline(left: TextVersion, right: TextVersion, rows: int | None = None):
    """All-pairs matrix + scipy assignment: the links found, and the library used."""
    from scipy.optimize import linear_sum_assignment

    lefts = [p.full_text for p in left.articles][:rows]
    rights = [p.full_text for p in right.articles]
    try:
        from rapidfuzz import fuzz, process
        matrix = process.cdist(lefts, rights, scorer=fuzz.ratio, workers=1) / 100
        name = "rapidfuzz"
    except ImportError:
        import numpy as np
        matrix = np.array([[difflib.SequenceMatcher(None, a, b).ratio() for b in rights]
                           for a in lefts])
        name = "difflib"
    found = {(left.articles[i].eid, right.articles[j].eid)
             for i, j in zip(*linear_sum_assignment(matrix, maximize=True))
             if matrix[i, j] >= BASELINE_THRESHOLD}
    return found, name


def timed(func, runs: int) -> tuple[float, float]:
    """Median CPU seconds and median wall-clock seconds of ``runs`` calls: on a
    shared machine the wall clock also counts other processes' turns."""
    cpu, wall = [], []
    for _ in range(runs):
        c, w = time.process_time(), time.perf_counter()
        func()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return statistics.median(cpu), statistics.median(wall)


def precision_recall(found: set, known: set) -> str:
    hits = len(found & known)
    return f"{hits / len(found) if found else 0:.3f}/{hits / len(known):.3f}"


def links(alignment) -> set:
    return {(lp.eid, rp.eid) for pair in alignment.pairs for lp in pair.left
            for rp in pair.right}


def one_report(size: int) -> None:
    """Child process of --full: write the whole report, print seconds and bytes."""
    left, right, _ = make_pair(size, corpus_words())
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.html"
        start, cpu = time.perf_counter(), time.process_time()
        report = report_data(left, right)
        write_report(render_treaty_report(report), out)
        took, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(f"{took:.2f} {cpu:.2f} {out.stat().st_size} {len(report.heatmap.cells)} "
              f"{len(report.pairs)}")


def full(size: int) -> None:
    result = subprocess.run([sys.executable, __file__, "--one-report", str(size)],
                            capture_output=True, text=True, check=True)
    took, cpu, size_bytes, cells, pairs = result.stdout.split()
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
    print(f"\nwhole treaty report at {size} articles a side (child process): "
          f"{float(cpu):.1f} s CPU ({float(took):.1f} s wall), "
          f"peak memory {peak:.0f} MB, HTML {int(size_bytes) / 1e6:.1f} MB, {pairs} pairs, "
          f"{cells} heat-map cells (targets: 30 s, 1 GB, 20 MB)")


def main(argv: list[str]) -> None:
    if argv[:1] == ["--one-report"]:
        one_report(int(argv[1]))
        return
    quick = "--quick" in argv
    sizes = [15, 60, 300, 1000]
    if "--sizes" in argv:
        sizes = [int(s) for s in argv[argv.index("--sizes") + 1].split(",")]
    table = corpus_words()
    print(f"text generated from the corpus: {sum(map(len, table.values()))} English word pairs")
    print(f"\n{'articles':>8} {'left×right':>10} {'align':>9} {'report data':>12} "
          f"{'baseline':>10} {'base/align':>10} {'base/report':>11} "
          f"{'P/R ours':>12} {'P/R base':>12}   (CPU time; wall clock)")
    baseline(*make_pair(15, table)[:2])  # imports scipy and rapidfuzz outside the timings
    for size in sizes:
        left, right, known = make_pair(size, table)
        align_articles(left, right)  # warm: scipy is imported on first use
        runs = 5 if size <= 60 else 1 if quick or size >= 1000 else 3
        align = timed(lambda: align_articles(left, right), runs)
        data = timed(lambda: report_data(left, right), runs)
        base = timed(lambda: baseline(left, right), 1 if size >= 300 else 3)
        found, name = baseline(left, right)
        ours = precision_recall(links(align_articles(left, right)), known)
        print(f"{size:>8} {len(left.articles):>4}×{len(right.articles):<5} "
              f"{align[0] * 1000:>7.0f} ms {data[0] * 1000:>9.0f} ms {base[0] * 1000:>7.0f} ms "
              f"{base[0] / align[0]:>9.2f}× {base[0] / data[0]:>10.2f}× {ours:>12} "
              f"{precision_recall(found, known):>12}   (wall: {align[1]:.2f} s, "
              f"{data[1]:.2f} s, {base[1]:.2f} s)")
    print(f"\nbaseline: {name} all-pairs matrix + scipy linear_sum_assignment, pairs from "
          f"{BASELINE_THRESHOLD}; P/R: precision/recall of the links against the known "
          "answer. Targets: align and report data under 1 s at 300 articles, under 5 s at "
          "1,000.")
    if "--full" in argv:
        full(int(argv[argv.index("--full") + 1]))


if __name__ == "__main__":
    main(sys.argv[1:])
