"""Held-out metrics: ranking, the API's thresholds, and calibration.

The API reads the score as a probability (sessions: 0.6 asks for a fresh sign-in challenge,
0.92 blocks; bands: 0.3 medium, 0.6 high, 0.85 critical), so calibration matters as much as
ranking and is reported with a reliability table.
"""

from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

THRESHOLDS = (0.3, 0.6, 0.85, 0.92)
BINS = 10


def _r(v: float) -> float:
    # 6 decimals: enough to compare runs, and stable against last-bit float noise.
    return round(float(v), 6)


def at_threshold(y: np.ndarray, p: np.ndarray, t: float) -> dict[str, Any]:
    flagged = p >= t
    tp = int(np.sum(flagged & (y == 1)))
    fp = int(np.sum(flagged & (y == 0)))
    fn = int(np.sum(~flagged & (y == 1)))
    return {
        "threshold": t,
        "precision": _r(tp / (tp + fp)) if tp + fp else None,
        "recall": _r(tp / (tp + fn)) if tp + fn else None,
        "flaggedShare": _r(flagged.mean()),
        "truePositives": tp,
        "falsePositives": fp,
        "falseNegatives": fn,
    }


def reliability(y: np.ndarray, p: np.ndarray) -> tuple[list[dict[str, Any]], float]:
    """10 equal-width bins of predicted score; ECE = count-weighted |observed - predicted|."""
    edges = np.linspace(0, 1, BINS + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, BINS - 1)
    table, ece = [], 0.0
    for b in range(BINS):
        m = which == b
        n = int(m.sum())
        pred = float(p[m].mean()) if n else None
        obs = float(y[m].mean()) if n else None
        if n:
            ece += n / len(y) * abs(obs - pred)
        table.append(
            {
                "lo": _r(edges[b]),
                "hi": _r(edges[b + 1]),
                "count": n,
                "meanScore": None if pred is None else _r(pred),
                "observedRate": None if obs is None else _r(obs),
            }
        )
    return table, _r(ece)


def evaluate(y: np.ndarray, p: np.ndarray) -> dict[str, Any]:
    p = p.astype(np.float64)
    table, ece = reliability(y, p)
    return {
        "n": int(len(y)),
        "positiveRate": _r(y.mean()),
        "rocAuc": _r(roc_auc_score(y, p)),
        "averagePrecision": _r(average_precision_score(y, p)),
        "thresholds": [at_threshold(y, p, t) for t in THRESHOLDS],
        "calibration": {
            "brier": _r(brier_score_loss(y, p)),
            "ece": ece,
            "bins": BINS,
            "reliability": table,
        },
    }
