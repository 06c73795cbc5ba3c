"""Benchmark the clause comparison (issue 3). Prints same-run figures; asserts nothing.

    python bench/bench_compare.py [--quick]

1. The flagship report end to end: a fresh ``treatycmp compare`` process,
   from start to file written (median of several runs).
2. The flagship in-process: load both treaties, compare, build, render, write
   (median of many runs; target under 50 ms).
3. The word diff on long inputs made from the corpus (about 2,000 and 20,000
   words a side: the corpus text against a deterministically edited copy),
   against difflib.SequenceMatcher on the same texts split into words (its
   default settings) and difflib.HtmlDiff.make_file (a word per line).
   treatycmp diffs every token (words, spaces, punctuation: about twice as
   many units) and rebuilds both texts exactly. Ratios are same-run; the
   last two columns compare what each diff finds in common (treatycmp's word
   similarity, SequenceMatcher.ratio()), since a fast diff that finds
   nothing in common is no achievement.
"""

from __future__ import annotations

import difflib
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import median_time  # noqa: E402  (bench/ is on sys.path when run as a script)
from treatycmp import store  # noqa: E402
from treatycmp.compare import compare_provisions  # noqa: E402
from treatycmp.diff import diff_texts  # noqa: E402
from treatycmp.report import build_clause_report, render_report, write_report  # noqa: E402

CORPUS = ROOT / "treaties"
FLAGSHIP = ("nato-1949@fr:5", "liptako-gourma-2023@fr:6")


def flagship_in_process(out: Path) -> None:
    nato = store.load_treaty(CORPUS, "nato-1949")
    charter = store.load_treaty(CORPUS, "liptako-gourma-2023")
    left, right = nato.version("fr"), charter.version("fr")
    comparison = compare_provisions(left.find("5"), right.find("6"))
    report = build_clause_report(comparison, (nato, left), (charter, right), "fr")
    write_report(render_report(report), out)


def flagship_process(out: Path) -> None:
    subprocess.run([sys.executable, "-m", "treatycmp", "compare", *FLAGSHIP, "-o", str(out)],
                   check=True, capture_output=True, cwd=ROOT)


def corpus_words() -> list[str]:
    corpus = store.load_corpus(CORPUS)
    text = " ".join(p.full_text for t in corpus.treaties for v in t.versions
                    for prov in v.provisions() if prov.transcribed for p in prov.paragraphs)
    return text.split()


def long_pair(size: int, seed: int = 1949) -> tuple[str, str]:
    """``size`` words of corpus text, and a copy with real edits: about 5% of
    words replaced, 3% deleted, 3% inserted, and two blocks moved."""
    base = corpus_words()
    words = (base * (size // len(base) + 1))[:size]
    rng = random.Random(seed)
    edited = []
    for word in words:
        roll = rng.random()
        if roll < 0.03:
            continue
        if roll < 0.08:
            edited.append(rng.choice(base))
        else:
            edited.append(word)
        if rng.random() < 0.03:
            edited.append(rng.choice(base))
    cut = len(edited) // 3
    block = edited[cut:cut + max(5, size // 50)]
    edited = edited[:cut] + edited[cut + len(block):]
    edited[len(edited) // 2:len(edited) // 2] = block
    return " ".join(words), " ".join(edited)


def main() -> None:
    quick = "--quick" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "flagship.html"
        flagship_in_process(out)  # warm caches (schema compile, templates)
        in_process = median_time(lambda: flagship_in_process(out), 10 if quick else 50)
        process = median_time(lambda: flagship_process(out), 2 if quick else 5)
    print("Flagship report (NATO Art 5 / Charter Art 6, French)")
    print(f"  in-process (load, compare, render, write): {in_process * 1000:8.1f} ms"
          f"   target < 50 ms: {'met' if in_process < 0.05 else 'NOT met'}")
    print(f"  end to end (new process to file written):  {process * 1000:8.1f} ms")
    print()
    print("Word diff on long inputs (same words, same run)")
    print(f"  {'words/side':>10}  {'treatycmp':>10}  {'SequenceMatcher':>15}  "
          f"{'HtmlDiff':>10}  {'SM/ours':>7}  {'complete':>8}  {'sim ours':>8}  {'SM ratio':>8}")
    sizes = (2_000,) if quick else (2_000, 20_000)
    ours_by_size = {}
    for size in sizes:
        left, right = long_pair(size)
        lw, rw = left.split(), right.split()
        runs = 7 if size <= 2_000 else 3
        diff = diff_texts(left, right)
        assert diff.rebuild_left() == left and diff.rebuild_right() == right
        ours = median_time(lambda: diff_texts(left, right), runs)
        matcher = difflib.SequenceMatcher(None, lw, rw)
        sm = median_time(lambda: difflib.SequenceMatcher(None, lw, rw).get_opcodes(), runs)
        if size <= 2_000 or not quick:
            start = time.perf_counter()
            difflib.HtmlDiff().make_file(lw, rw)
            hd = time.perf_counter() - start
        ours_by_size[size] = ours
        print(f"  {size:>10,}  {ours * 1000:>8.0f}ms  {sm * 1000:>13.0f}ms  "
              f"{hd * 1000:>8.0f}ms  {sm / ours:>6.2f}x  {str(diff.complete):>8}  "
              f"{diff.stats.word_similarity:>8.3f}  {matcher.ratio():>8.3f}")
    if len(ours_by_size) == 2:
        growth = ours_by_size[20_000] / ours_by_size[2_000]
        print(f"  growth 2,000 -> 20,000 words: x{growth:.1f} (linear would be x10, "
              "quadratic x100)")


if __name__ == "__main__":
    main()
