"""The timing rules all benchmarks share: medians of repeated runs after a warm-up, with the
implementations being compared run in turn (round robin), so that a slow spell of a shared
machine falls on all of them alike instead of skewing one ratio."""

from __future__ import annotations

import statistics
import time


def median_ms(fn, repeat: int) -> float:
    return medians_ms({"x": fn}, repeat)["x"]


def medians_ms(fns: dict, repeat: int, every: dict | None = None) -> dict:
    """Median ms per call of each function; `every` runs slow peers only every n-th round."""
    every = every or {}
    for fn in fns.values():
        fn()
    samples: dict = {name: [] for name in fns}
    for round_no in range(repeat):
        for name, fn in fns.items():
            if round_no % every.get(name, 1):
                continue
            start = time.perf_counter()
            fn()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(s) * 1000 for name, s in samples.items()}
