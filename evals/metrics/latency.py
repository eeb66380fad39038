"""Latency from answer.timings_ms["total"], summarised as percentiles."""

from __future__ import annotations

import math
from collections.abc import Sequence

from caselearn.types import Answer

TOTAL_KEY = "total"


def answer_latency_ms(answer: Answer) -> float | None:
    """The answerer's own total time in ms; None when it did not report one."""
    value = answer.timings_ms.get(TOTAL_KEY)
    if value is None or not math.isfinite(value) or value < 0:
        return None
    return float(value)


def percentile(values: Sequence[float | None], q: float) -> float | None:
    """Linear-interpolated q-th percentile (0..100) of the non-None values; None if empty."""
    vals = sorted(v for v in values if v is not None)
    if not vals:
        return None
    pos = (len(vals) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return vals[lo] + (vals[hi] - vals[lo]) * (pos - lo)
