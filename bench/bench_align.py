"""Benchmark the treaty-level alignment and report (issue 4). Prints same-run figures; asserts nothing.

    python bench/bench_align.py [--quick]

Two made-up treaties are generated in memory from the corpus's English text
(sentences of 15 to 40 words, each word following its predecessor somewhere
in the corpus; articles of one to three paragraphs of one or two sentences;
a fixed seed), and a right
treaty that is a reordered, partly reworded copy with some articles deleted,
some inserted and one split, as real revisions are.

1. About 60 articles a side, in-process: align (score matrix, assignment,
   splits), compare every pair, build the view-model, render, write
   atomically (median of several runs; target under 1 second), against the
   naive all-pairs ``difflib.SequenceMatcher.ratio`` matrix on the same texts.
2. Growth: the same at 15, 60 and 240 articles a side (``--quick``: the
   difflib matrix at 240 is estimated from a sample of rows instead of run).
"""

from __future__ import annotations

import datetime as dt
import difflib
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import median_time  # noqa: E402  (bench/ is on sys.path when run as a script)
from treatycmp import store  # noqa: E402
from treatycmp.match import align_articles, compare_pairs  # noqa: E402
from treatycmp.model import (ARTICLE, AUTHENTIC, Paragraph, Provision, TextVersion,  # noqa: E402
                             Treaty, Work)
from treatycmp.report import write_report  # noqa: E402
from treatycmp.report.treaty import build_treaty_report, render_treaty_report  # noqa: E402

CORPUS = ROOT / "treaties"
SEED = 20230916


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

    left = [[paragraph() for _ in range(rng.randint(1, 3))] for _ in range(size)]
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


def full_report(left: TextVersion, right: TextVersion, out: Path) -> None:
    alignment = align_articles(left, right)
    report = build_treaty_report(alignment, compare_pairs(alignment), treaty(left),
                                 treaty(right), chosen_language="en")
    write_report(render_treaty_report(report), out)


def difflib_matrix(left: TextVersion, right: TextVersion, rows: int | None = None) -> None:
    texts = [p.full_text for p in right.articles]
    for lp in left.articles[:rows]:
        for text in texts:
            difflib.SequenceMatcher(None, lp.full_text, text).ratio()


def main(quick: bool) -> None:
    table = corpus_words()
    print(f"text generated from the corpus: {sum(map(len, table.values()))} English word pairs")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.html"
        notes: list[str] = []
        print(f"\n{'articles':>8} {'left×right':>10} {'align':>9} {'full report':>12} "
              f"{'difflib matrix':>15} {'difflib/full':>13}")
        for size in (15, 60, 240):
            left, right, known = make_pair(size, table)
            runs = 7 if size <= 60 else 3
            align = median_time(lambda: align_articles(left, right), runs)
            full = median_time(lambda: full_report(left, right, out), runs)
            if quick and size > 60:
                sample = 12
                naive = median_time(lambda: difflib_matrix(left, right, sample), 1)
                naive *= len(left.articles) / sample
                naive_label = f"~{naive:.2f} s*"
            else:
                naive = median_time(lambda: difflib_matrix(left, right), 1 if size > 60 else 3)
                naive_label = f"{naive:.2f} s"
            print(f"{size:>8} {len(left.articles):>4}×{len(right.articles):<5} "
                  f"{align * 1000:>7.0f} ms {full * 1000:>9.0f} ms {naive_label:>15} "
                  f"{naive / full:>12.1f}×")
            alignment = align_articles(left, right)
            found = {(lp.eid, rp.eid) for pair in alignment.pairs
                     for lp in pair.left for rp in pair.right}
            hits = len(found & known)
            notes.append(f"{size:>8}: {len(alignment.pairs)} pairs "
                         f"({sum(p.is_split for p in alignment.pairs)} split); precision "
                         f"{hits / len(found):.3f}, recall {hits / len(known):.3f} over "
                         f"{len(known)} known links; report {out.stat().st_size / 1024:.0f} KB")
        print("\n".join(["", "alignment against the known answer of the generated revision:"]
                        + notes))
    if quick:
        print("* estimated from 12 rows of the matrix (--quick)")
    print("target: the full report at 60 articles a side under 1 s")
    print("\nalign: score matrix + assignment + splits. full report: align, compare every "
          "pair (word diff), build, render and write the HTML. difflib matrix: "
          "SequenceMatcher(None, a, b).ratio() on every pair of article texts (characters), "
          "nothing else.")


if __name__ == "__main__":
    main("--quick" in sys.argv[1:])
