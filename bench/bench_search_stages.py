"""The stages of bench_search.py, each run in a fresh interpreter (see there)."""

from __future__ import annotations

import json
import random
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

THRESHOLD = 0.5


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _texts(index: Path) -> tuple[list[int], list[str], list[str]]:
    conn = sqlite3.connect(index)
    rows = conn.execute("SELECT id, ref, text FROM provisions ORDER BY id").fetchall()
    conn.close()
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]


def main(stage: str, corpus: str, index: str, extra: str) -> None:
    corpus, index, extra = Path(corpus), Path(index), json.loads(extra)
    start = time.perf_counter()
    report = globals()["stage_" + stage.replace("-", "_")](corpus, index, extra)
    report.setdefault("seconds", time.perf_counter() - start)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    report["cpu_seconds"] = usage.ru_utime + usage.ru_stime  # whole process, imports included
    report["peak_mb"] = _peak_mb()
    print(json.dumps(report))


def stage_index(corpus: Path, index: Path, extra: dict) -> dict:
    from treatycmp.search import ensure_index

    conn, result = ensure_index(corpus, index, scheduler=extra.get("scheduler", "single"))
    conn.close()
    return {"note": f"{result.provisions} provisions"}


def stage_index_again(corpus: Path, index: Path, extra: dict) -> dict:
    from treatycmp.search import ensure_index

    conn, result = ensure_index(corpus, index)
    conn.close()
    return {"note": f"nothing changed: {result.treaties_read} folders read (hash check only)"}


def stage_like(corpus: Path, index: Path, extra: dict) -> dict:
    from treatycmp.search import ensure_index, search_like

    _, refs, texts = _texts(index)
    rng = random.Random(7)
    picks = rng.sample(range(len(refs)), 20)
    start = time.perf_counter()
    for i in picks:
        conn, _ = ensure_index(corpus, index)
        results = search_like(conn, texts[i], exclude=refs[i], limit=10)
        conn.close()
    seconds = (time.perf_counter() - start) / len(picks)
    return {"seconds": seconds, "note": f"mean of {len(picks)} queries (open, check, "
                                        f"hash the corpus, query), top score "
                                        f"{results.hits[0].score:.3f}"}


def stage_like_cli(corpus: Path, index: Path, extra: dict) -> dict:
    _, refs, _ = _texts(index)
    ref = refs[len(refs) // 2]
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "treatycmp", "--corpus", str(corpus), "search",
                    "--like", ref, "--index", str(index), "--limit", "10"],
                   check=True, capture_output=True)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"seconds": seconds,
            "note": f"treatycmp search --like, end to end (interpreter start included; "
                    f"its CPU {usage.ru_utime + usage.ru_stime:.2f} s)"}


def stage_similar(corpus: Path, index: Path, extra: dict) -> dict:
    from treatycmp.search import similar_pairs
    from treatycmp.search.scale import open_runner

    ids, _, _ = _texts(index)
    position = {row_id: i for i, row_id in enumerate(ids)}
    start = time.perf_counter()
    with open_runner(extra.get("scheduler", "single")) as runner:
        result = similar_pairs(index, THRESHOLD, runner=runner)
    seconds = time.perf_counter() - start
    pairs = sorted((position[a], position[b]) for a, b in
                   zip(result.left.tolist(), result.right.tolist()))
    return {"seconds": seconds, "pairs": pairs,
            "note": f"{len(pairs)} pairs; bands {result.bands.bands} x {result.bands.rows}; "
                    f"{result.candidates} candidates, {result.verified} checked exactly"}


def stage_oracle(corpus: Path, index: Path, extra: dict) -> dict:
    from treatycmp.search.allpairs import exact_pairs
    from treatycmp.search.sketch import provision_shingles

    _, _, texts = _texts(index)
    sets = [provision_shingles(t) for t in texts]
    sample = sorted(random.Random(11).sample(range(len(sets)), min(extra["sample"], len(sets))))
    start = time.perf_counter()
    pairs = exact_pairs(sets, THRESHOLD, rows=sample)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "pairs": sorted(pairs), "sample": sample,
            "note": f"exact, {len(sample)} provisions x all: {len(pairs)} pairs"}


def stage_datasketch(corpus: Path, index: Path, extra: dict) -> dict:
    from datasketch import MinHash, MinHashLSH

    from treatycmp.search.sketch import provision_shingles

    _, _, texts = _texts(index)
    start = time.perf_counter()
    lsh = MinHashLSH(threshold=THRESHOLD)  # out of the box: num_perm=128, its own bands
    sketches = list(MinHash.generator([s.encode() for s in provision_shingles(t)] for t in texts))
    for i, sketch in enumerate(sketches):
        lsh.insert(i, sketch)
    pairs = set()
    for i, sketch in enumerate(sketches):
        for j in lsh.query(sketch):
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "pairs": sorted(pairs),
            "note": f"{len(pairs)} pairs returned (bands {lsh.b} x {lsh.r}, not verified)"}
