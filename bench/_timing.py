"""The one timing rule all benchmarks share: the median of repeated runs, after one warm-up."""

from __future__ import annotations

import statistics
import time


def median_ms(fn, repeat: int) -> float:
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000
