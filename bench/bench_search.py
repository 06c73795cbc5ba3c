"""Search at scale: a generated corpus of 40,000 provisions, timed stage by stage.

    .venv/bin/python bench/bench_search.py [--provisions 40000] [--sample 2000]
                                          [--dask] [--keep DIR] [--no-oracle]
    .venv/bin/python bench/bench_search.py --corpus DIR     # a real corpus you point at

The corpus mixes unrelated, copied and lightly edited provisions
(:mod:`treatycmp.search.synthetic`; every word is generated). Each stage runs
in its own Python process, which reports its wall time, the CPU time of the
whole process (imports included: on a shared machine wall time includes
waiting for a core) and peak memory (maximum resident set size):

1. ``index``: build the index from nothing (parse, validate, sketch, FTS5);
2. ``like``: ``search --like`` for 20 random provisions (the mean, index open
   and checked each time), and one ``treatycmp search --like`` end to end;
3. ``similar``: every pair with shingle Jaccard >= 0.5;
4. ``oracle``: the exact all-pairs computation for a random sample of
   provisions against every provision (the full oracle takes too long here:
   its time is extrapolated, sample x N / sample size, and said to be);
5. ``datasketch``: datasketch's MinHashLSH out of the box (threshold 0.5,
   128 permutations, the pairs it returns unverified);

then recall (on pairs that involve a sampled provision) and same-run ratios.
With ``--dask`` the index build and similar --all are also run on a local
Dask cluster (two worker processes).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THRESHOLD = 0.5


def child(stage: str, corpus: Path, index: Path, extra: dict) -> dict:
    """Run one stage in a fresh interpreter; its JSON report."""
    code = f"import sys; sys.path.insert(0, {str(ROOT)!r}); import bench_search_stages as s; " \
           f"s.main({stage!r}, {str(corpus)!r}, {str(index)!r}, {json.dumps(extra)!r})"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "bench"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    if out.returncode:
        sys.exit(f"stage {stage} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provisions", type=int, default=40_000)
    parser.add_argument("--sample", type=int, default=2_000,
                        help="provisions whose exact pairs make the oracle")
    parser.add_argument("--dask", action="store_true", help="also run on a local Dask cluster")
    parser.add_argument("--keep", type=Path, help="generate the corpus here and keep it")
    parser.add_argument("--corpus", type=Path,
                        help="an existing corpus to measure instead (not modified: the "
                             "index goes to a temporary folder)")
    parser.add_argument("--no-oracle", action="store_true",
                        help="time our stages only (no exact oracle, no datasketch LSH)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-search-"))
    corpus = args.corpus or args.keep or work / "corpus"
    try:
        from treatycmp.search.synthetic import generate_corpus
        if not args.corpus and not (corpus / "gen-000000").is_dir():
            start = time.perf_counter()
            made = generate_corpus(corpus, args.provisions, seed=0)
            print(f"generated {made.provisions} provisions in {made.treaties} treaties "
                  f"({made.copied} copied, {made.edited} edited, the rest unrelated) "
                  f"in {time.perf_counter() - start:.1f} s")
        size = sum(p.stat().st_size for p in corpus.rglob("*.xml"))
        print(f"corpus: {size / 1e6:.1f} MB of XML in {corpus}")
        index = work / "index.sqlite"
        rows = []

        def stage(name, **extra):
            report = child(name, corpus, index, extra)
            rows.append((name, report))
            print(f"{name:<22} {report['seconds']:8.2f} s  (process CPU "
                  f"{report['cpu_seconds']:6.2f} s)  peak {report['peak_mb']:6.0f} MB  "
                  f"{report.get('note', '')}")
            return report

        build = stage("index")
        stage("index-again")
        like = stage("like")
        like_cli = stage("like-cli")
        ours = stage("similar")
        if args.no_oracle:
            return
        oracle = stage("oracle", sample=args.sample)
        lsh = stage("datasketch")
        if args.dask:
            index_dask = index.with_name("index-dask.sqlite")
            report = child("index", corpus, index_dask, {"scheduler": "local"})
            print(f"{'index (dask local)':<22} {report['seconds']:8.2f} s  "
                  f"peak {report['peak_mb']:7.0f} MB (driver)")
            dask_pairs = child("similar", corpus, index, {"scheduler": "local"})
            print(f"{'similar (dask local)':<22} {dask_pairs['seconds']:8.2f} s  "
                  f"peak {dask_pairs['peak_mb']:7.0f} MB (driver)  {dask_pairs['note']}")

        truth = {tuple(p) for p in oracle["pairs"]}
        sample = set(oracle["sample"])

        def recall(pairs) -> tuple[float, int]:
            touching = {tuple(p) for p in pairs if p[0] in sample or p[1] in sample}
            found = len(touching & truth)
            return found / max(1, len(truth)), len(touching - truth)

        ours_recall, ours_wrong = recall(ours["pairs"])
        lsh_recall, lsh_wrong = recall(lsh["pairs"])
        provisions = int(build["note"].split()[0])
        full_oracle = oracle["seconds"] * provisions / max(1, len(sample))
        print()
        print(f"pairs >= {THRESHOLD} touching the {len(sample)} sampled provisions: {len(truth)} "
              f"(exact); all pairs found by similar --all: {len(ours['pairs'])}")
        print(f"recall   similar --all {ours_recall:.4f} ({ours_wrong} wrong pairs); "
              f"datasketch MinHashLSH {lsh_recall:.4f} ({lsh_wrong} pairs below {THRESHOLD})")
        print(f"exact all-pairs, extrapolated from the sample: {full_oracle:.0f} s "
              f"(sample {oracle['seconds']:.1f} s x {provisions} / {len(sample)})")
        full_cpu = oracle["cpu_seconds"] * provisions / max(1, len(sample))
        print(f"same-run ratios (wall): similar --all is {full_oracle / ours['seconds']:.3g}x "
              f"faster than exact all-pairs and {lsh['seconds'] / ours['seconds']:.1f}x faster "
              f"than datasketch's LSH ({lsh['seconds']:.1f} s, {lsh['peak_mb']:.0f} MB)")
        print(f"same-run ratios (process CPU): {full_cpu / ours['cpu_seconds']:.3g}x and "
              f"{lsh['cpu_seconds'] / ours['cpu_seconds']:.1f}x")
        print(f"targets: index {build['seconds']:.1f} s (< 60), --like {like['seconds']:.3f} s "
              f"in process / {like_cli['seconds']:.2f} s end to end (< 1), similar --all "
              f"{ours['seconds']:.1f} s (< 60) peak {ours['peak_mb']:.0f} MB (< 2048), "
              f"recall {ours_recall:.3f} (>= 0.95)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
