"""What the benchmark scripts share: the median of repeated timings."""

from __future__ import annotations

import statistics
import time


def median_time(func, runs: int) -> float:
    """Median wall-clock seconds of ``runs`` calls of ``func``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
