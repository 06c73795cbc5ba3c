"""Benchmark the clause comparison on many real-looking pairs (issue 8, item 8).

    python bench/bench_pairs.py [--quick]   (--quick: the same pairs, measured fewer times)

Prints same-run figures against difflib; asserts nothing.

The pairs: every transcribed provision of the shipped corpus against edited
copies of itself (words replaced, deleted, inserted, a phrase moved: the
edits of a revision), a few seeds each, plus long multi-paragraph articles
made by joining corpus paragraphs (10 to 80 paragraphs) against edited
copies with a paragraph split, one merged and one dropped. No text from
outside the corpus is used.

1. Word diff: :func:`treatycmp.diff.diff_texts` against
   ``difflib.SequenceMatcher(None, left.split(), right.split()).get_opcodes()``.
2. Whole clause comparison (paragraph alignment, diffs, moves, figures):
   :func:`treatycmp.compare.compare_provisions` against the same difflib
   baseline; the slowest pair is reported (target: none over 100 ms). Each
   timed pass meets the pairs as new texts: the caches kept by text (shingle
   keys, shingles, paragraph features) are emptied before it, as they are
   empty for a pair never compared before; only what a process learns of a
   vocabulary (the token and word-class tables) is kept from earlier passes.
   Also shown: the same pairs compared again with those caches full (what
   comparing one clause with several others gains), a first pass with every
   cache emptied (a new process), and the time of each stage.
3. Paragraph alignment alone at 10, 100 and 1,000 paragraphs of about 100
   words, and one paragraph against the same words cut into as many
   (target: near-linear).
4. A new process that writes one clause report (the flagship) against a new
   Python process that writes difflib.HtmlDiff's report of the same pair
   (CPU time of the child processes, median; the package byte-compiled
   first, as an installed package is).
"""

from __future__ import annotations

import compileall
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

from treatycmp import compare, diff, store  # noqa: E402
from treatycmp.align import align_paragraphs  # noqa: E402
from treatycmp.compare import compare_provisions  # noqa: E402
from treatycmp.diff import diff_texts  # noqa: E402
from treatycmp.model import Paragraph, Provision  # noqa: E402
from treatycmp.similarity import (_paragraph_features, joined_shingles, shingle_key,  # noqa: E402
                                  shingles)
from treatycmp.text import _tokens_made  # noqa: E402

CORPUS = ROOT / "treaties"


def edit(words: list[str], rng: random.Random, vocabulary: list[str]) -> list[str]:
    """A revision: ~5% replaced, 3% deleted, 3% inserted, one phrase moved."""
    out = []
    for word in words:
        roll = rng.random()
        if roll < 0.03:
            continue
        out.append(rng.choice(vocabulary) if roll < 0.08 else word)
        if rng.random() < 0.03:
            out.append(rng.choice(vocabulary))
    if len(out) > 12:
        start = rng.randrange(len(out) - 4)
        phrase = out[start:start + 4]
        del out[start:start + 4]
        where = rng.randrange(len(out))
        out[where:where] = phrase
    return out


def provision(paragraphs: list[str]) -> Provision:
    return Provision("article", "art_1", "1", "Article 1", None,
                     tuple(Paragraph(f"art_1__para_{k}", None, text)
                           for k, text in enumerate(paragraphs, 1)), True)


def make_pairs(seeds: int) -> list[tuple[Provision, Provision]]:
    corpus = store.load_corpus(CORPUS)
    texts = [[p.full_text for p in prov.paragraphs] for t in corpus.treaties
             for v in t.versions for prov in v.provisions() if prov.transcribed]
    paragraphs = [p for text in texts for p in text if len(p.split()) > 5]
    vocabulary = " ".join(paragraphs).split()
    rng = random.Random(2026)
    pairs = []
    for seed in range(seeds):
        for text in texts:
            edited = [" ".join(edit(p.split(), rng, vocabulary)) for p in text]
            pairs.append((provision(text), provision([p for p in edited if p] or ["x"])))
    for size in (10, 20, 40, 80):
        text = [rng.choice(paragraphs) + f" ({k})" for k in range(size)]
        edited = [" ".join(edit(p.split(), rng, vocabulary)) for p in text]
        split = rng.randrange(size - 2)
        half = edited[split].split()
        edited[split:split + 1] = [" ".join(half[:len(half) // 2]),
                                   " ".join(half[len(half) // 2:])]
        edited[split + 4:split + 6] = [" ".join(edited[split + 4:split + 6])]
        del edited[-2]
        pairs.append((provision(text), provision([p for p in edited if p])))
    return pairs


def clause_text(prov: Provision) -> str:
    return "\n\n".join(p.full_text for p in prov.paragraphs)


def per_pair(func, pairs) -> list[float]:
    """CPU seconds of ``func`` on each pair (CPU time, not wall time: the
    machine may be shared, and both sides of a ratio run the same way)."""
    times = []
    for pair in pairs:
        start = time.process_time()
        func(*pair)
        times.append(time.process_time() - start)
    return times


def forget_texts() -> None:
    """Empty the caches kept by text, so that the next pass meets every pair
    as new (the tables of a vocabulary, tokens and word classes, stay)."""
    for cache in (shingle_key, shingles, joined_shingles, _paragraph_features):
        cache.cache_clear()


def best_of(runs: int, func, pairs, before=None) -> list[float]:
    """For each pair, the best of ``runs`` timings (noise on a shared
    machine); ``before`` is called before each pass."""
    results = []
    for _ in range(runs):
        if before is not None:
            before()
        results.append(per_pair(func, pairs))
    return [min(column) for column in zip(*results)]


def difflib_words(left: str, right: str) -> None:
    difflib.SequenceMatcher(None, left.split(), right.split()).get_opcodes()


def stage_times(pairs, runs: int) -> dict[str, float]:
    """CPU seconds of each stage of :func:`compare_provisions` over ``pairs``
    met as new texts (for each stage, the best of ``runs`` runs): its calls to the stage
    functions are timed; the rest is the rows, the word counts of the
    figures and the timing itself."""
    results = []
    for _ in range(runs):
        forget_texts()
        results.append(_stage_times(pairs))
    return {name: min(result[name] for result in results) for name in results[0]}


def _stage_times(pairs) -> dict[str, float]:
    spent = dict.fromkeys(("alignment", "word diffs", "of which tokenising", "moved text",
                           "shingle figure", "rest (rows, word counts)"), 0.0)
    names = {"align_paragraphs": "alignment", "diff_texts": "word diffs",
             "mark_moves": "moved text", "joined_shingles": "shingle figure",
             "jaccard": "shingle figure"}

    def timed(func, name):
        def run(*args, **kwargs):
            start = time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                spent[name] += time.process_time() - start
        return run

    saved = {attr: getattr(compare, attr) for attr in names}
    saved_tokenize = diff.tokenize
    try:
        for attr, name in names.items():
            setattr(compare, attr, timed(saved[attr], name))
        diff.tokenize = timed(saved_tokenize, "of which tokenising")
        start = time.process_time()
        for left, right in pairs:
            compare.compare_provisions(left, right)
        total = time.process_time() - start
    finally:
        for attr in names:
            setattr(compare, attr, saved[attr])
        diff.tokenize = saved_tokenize
    spent["rest (rows, word counts)"] = total - sum(spent[name] for name in set(names.values()))
    return spent


def alignment_scaling() -> list[tuple[int, float, float]]:
    """Per size: paragraphs against revised paragraphs, and one paragraph
    against the same words cut into that many (step 4 joins them all)."""
    rng = random.Random(7)
    corpus = store.load_corpus(CORPUS)
    vocabulary = " ".join(p.full_text for t in corpus.treaties for v in t.versions
                          for prov in v.provisions() if prov.transcribed
                          for p in prov.paragraphs).split()
    out = []
    for size in (10, 100, 1_000):
        left = [" ".join(rng.choice(vocabulary) for _ in range(100)) for _ in range(size)]
        right = [" ".join(edit(p.split(), rng, vocabulary)) for p in left]
        start = time.process_time()
        align_paragraphs(left, right)
        middle = time.process_time()
        align_paragraphs([" ".join(left)], left)
        out.append((size, middle - start, time.process_time() - middle))
    return out


HTMLDIFF = """
import difflib, sys
from treatycmp import store
corpus = store.default_corpus_root()
left = store.load_treaty(corpus, "nato-1949").version("fr").find("5").full_text.split()
right = store.load_treaty(corpus, "liptako-gourma-2023").version("fr").find("6").full_text.split()
open(sys.argv[1], "w", encoding="utf-8").write(difflib.HtmlDiff().make_file(left, right))
"""


def child_cpu(command: list[str]) -> float:
    """CPU seconds (user + system) of a new process running ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def processes(runs: int) -> tuple[float, float, float]:
    """Median CPU seconds of a new process writing our clause report and of
    one writing difflib.HtmlDiff's, run in turn (ours, theirs, ours, ...) so
    that a change in the machine's load falls on both alike, and the median
    of the runs' ratios."""
    # Byte-compile the package first, as ``pip install`` leaves it: with
    # PYTHONDONTWRITEBYTECODE set (as on the build machine) a checkout would
    # otherwise compile every module from source in every run, while the
    # baseline's standard library is compiled. (__pycache__ is git-ignored.)
    compileall.compile_dir(str(ROOT / "treatycmp"), quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "r.html"
        commands = ([sys.executable, "-m", "treatycmp", "compare", "nato-1949@fr:5",
                     "liptako-gourma-2023@fr:6", "-o", str(out)],
                    [sys.executable, "-c", HTMLDIFF, str(out)])
        for command in commands:  # once each, unmeasured: compiled templates kept, files read
            child_cpu(command)
        times = [[child_cpu(command) for command in commands] for _ in range(runs)]
    return (statistics.median(t[0] for t in times), statistics.median(t[1] for t in times),
            statistics.median(t[0] / t[1] for t in times))


def main() -> None:
    quick = "--quick" in sys.argv
    # The same pairs either way (the mix of short and long pairs sets the
    # ratios); --quick only measures fewer times.
    pairs = make_pairs(3)
    texts = [(clause_text(a), clause_text(b)) for a, b in pairs]
    words = sum(len(a.split()) for a, _ in texts) / len(texts)
    print(f"{len(pairs)} pairs, mean {words:.0f} words a side")
    runs = 1 if quick else 3
    ours_diff = sum(best_of(runs, diff_texts, texts))
    base = sum(best_of(runs, difflib_words, texts))
    print(f"1. word diff:        treatycmp {ours_diff * 1000:8.0f} ms   difflib on word lists "
          f"{base * 1000:8.0f} ms   ratio {ours_diff / base:5.2f}x (target <= 1)")
    # What no earlier run left:
    forget_texts()
    _tokens_made.cache_clear()
    cold = sum(per_pair(compare_provisions, pairs))
    clause = best_of(runs, compare_provisions, pairs, forget_texts)
    again = best_of(runs, compare_provisions, pairs)
    print(f"2. clause compare:   treatycmp {sum(clause) * 1000:8.0f} ms   ratio to difflib "
          f"{sum(clause) / base:5.2f}x (target <= 2); slowest pair {max(clause) * 1000:.1f} ms "
          f"(target < 100 ms)")
    print(f"   the same pairs again, text caches full: {sum(again) * 1000:.0f} ms, "
          f"{sum(again) / base:.2f}x; a first pass, every cache emptied: {cold * 1000:.0f} ms, "
          f"{cold / base:.2f}x")
    spent = stage_times(pairs, runs)
    print(f"   by stage (best of {runs} more passes, text caches emptied): " + ", ".join(
        f"{name} {seconds * 1000:.1f} ms" for name, seconds in spent.items()))
    print("3. paragraph alignment, 100-word paragraphs:")
    for size, seconds, joined in alignment_scaling():
        print(f"   {size:>5} paragraphs a side: {seconds * 1000:8.1f} ms;   one paragraph "
              f"against the same words in {size}: {joined * 1000:8.1f} ms")
    ours, theirs, ratio = processes(5 if quick else 15)
    print(f"4. new process, one clause report: treatycmp {ours * 1000:.0f} ms, "
          f"difflib.HtmlDiff {theirs * 1000:.0f} ms (medians), "
          f"ratio {ratio:.2f}x (median of runs; target <= 2)")


if __name__ == "__main__":
    main()
