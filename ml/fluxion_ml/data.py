"""Synthetic sessions with fraud labels, until real labelled data exists.

Every row belongs to a hidden profile: an ordinary user, or a risky actor (fraud ring, bot,
emulator farm). Features are drawn from profile-dependent distributions (DISTRIBUTIONS, which
the model card prints), then the label is drawn from a latent logistic risk of the features,
with interactions, plus a term for the hidden profile and asymmetric label noise. Labels depend
on something the model cannot see, so the task is learnable but not separable, like real fraud.
"""

from dataclasses import dataclass
from typing import Any

import numpy as np

from .features import FEATURES, N_FEATURES, NAMES, Feature

# Share of rows from risky actors. With the latent risk below this gives ~7.7% positive labels,
# inside the 5-10% seen in card-not-present and account-takeover data.
RISKY_SHARE = 0.10
# Unreported fraud (a missed chargeback) and false reports (a "friendly fraud" dispute).
MISSED_FRAUD_RATE = 0.05
FALSE_REPORT_RATE = 0.003

# kind, ordinary-user parameters, risky-actor parameters. Sampled values are clipped to the
# contract range; negative binomials use (mean, shape r): variance = mean + mean^2 / r.
DISTRIBUTIONS: dict[str, tuple[str, dict[str, float], dict[str, float]]] = {
    "rootedDevice": ("bernoulli", {"p": 0.03}, {"p": 0.35}),
    "vpn": ("bernoulli", {"p": 0.12}, {"p": 0.55}),
    "proxyHops": ("negbin", {"mean": 0.1, "r": 1.0}, {"mean": 2.0, "r": 2.0}),
    "thermalAnomaly": ("bernoulli", {"p": 0.01}, {"p": 0.25}),
    "biometricFailures": ("poisson", {"mean": 0.2}, {"mean": 2.5}),
    "locationChangesPerHour": (
        "lognormal",
        {"median": 0.08, "sigma": 1.0},
        {"median": 1.5, "sigma": 1.2},
    ),
    "amountZScore": (
        "student_t",
        {"loc": 0.0, "scale": 1.0, "df": 5},
        {"loc": 2.5, "scale": 1.5, "df": 3},
    ),
    "actionsPerHour": ("lognormal", {"median": 4.0, "sigma": 0.8}, {"median": 30.0, "sigma": 1.2}),
    "rapidApiCalls": ("negbin", {"mean": 5.0, "r": 3.0}, {"mean": 80.0, "r": 0.8}),
    "unusualHour": ("bernoulli", {"p": 0.08}, {"p": 0.40}),
}


@dataclass(frozen=True)
class Dataset:
    x: np.ndarray  # float32 [n, 10], raw feature values in contract order
    y: np.ndarray  # int64 [n], 1 = fraud / anomalous
    # Synthetic only: hidden profile and the generator's own label probability, used by the
    # tests and to report the best AUC any model could reach.
    risky: np.ndarray | None = None
    p_true: np.ndarray | None = None


def _sample(rng: np.random.Generator, kind: str, p: dict[str, float], n: int) -> np.ndarray:
    if kind == "bernoulli":
        return (rng.random(n) < p["p"]).astype(np.float64)
    if kind == "poisson":
        return rng.poisson(p["mean"], n).astype(np.float64)
    if kind == "negbin":
        return rng.negative_binomial(p["r"], p["r"] / (p["r"] + p["mean"]), n).astype(np.float64)
    if kind == "lognormal":
        return rng.lognormal(np.log(p["median"]), p["sigma"], n)
    if kind == "student_t":
        return p["loc"] + p["scale"] * rng.standard_t(p["df"], n)
    raise ValueError(f"unknown distribution {kind}")


def describe(name: str) -> str:
    """Human-readable distribution of one feature, for the model card."""
    kind, benign, risky = DISTRIBUTIONS[name]

    def fmt(p: dict[str, float]) -> str:
        if kind == "bernoulli":
            return f"Bernoulli(p={p['p']})"
        if kind == "poisson":
            return f"Poisson(mean={p['mean']})"
        if kind == "negbin":
            return f"NegBinomial(mean={p['mean']}, r={p['r']})"
        if kind == "lognormal":
            return f"LogNormal(median={p['median']}, sigma={p['sigma']})"
        return f"{p['loc']} + {p['scale']}·Student-t(df={p['df']})"

    return f"ordinary: {fmt(benign)}; risky: {fmt(risky)}"


def latent_logit(x: np.ndarray, risky: np.ndarray) -> np.ndarray:
    """The generator's true log-odds of fraud. Caps keep one extreme feature from deciding alone."""
    c = {name: x[:, i].astype(np.float64) for i, name in enumerate(NAMES)}
    z = (
        -7.0
        + 1.8 * risky
        + 0.9 * c["rootedDevice"]
        + 0.5 * c["vpn"]
        + 0.3 * np.minimum(c["proxyHops"], 6)
        + 1.4 * c["thermalAnomaly"]
        + 0.35 * np.minimum(c["biometricFailures"], 8)
        + 0.45 * np.log1p(c["locationChangesPerHour"])
        + 0.4 * np.clip(c["amountZScore"], 0, 8)
        + 0.35 * np.log1p(c["actionsPerHour"])
        + 0.2 * np.log1p(c["rapidApiCalls"])
        + 0.4 * c["unusualHour"]
    )
    # Interactions a linear model cannot express: these are why the model is an MLP.
    z += 1.5 * c["vpn"] * c["unusualHour"]
    z += 1.6 * c["rootedDevice"] * (c["biometricFailures"] >= 2)
    z += 0.4 * c["thermalAnomaly"] * np.log1p(c["rapidApiCalls"])
    z += 1.2 * (c["amountZScore"] > 3) * c["unusualHour"]
    return z


def generate(n: int, seed: int) -> Dataset:
    rng = np.random.default_rng(seed)
    risky = (rng.random(n) < RISKY_SHARE).astype(np.float64)
    x = np.empty((n, N_FEATURES), dtype=np.float64)
    for i, f in enumerate(FEATURES):
        kind, benign, bad = DISTRIBUTIONS[f.name]
        x[:, i] = np.where(risky == 1, _sample(rng, kind, bad, n), _sample(rng, kind, benign, n))
        x[:, i] = np.clip(x[:, i], f.min, f.max)
    # Round to float32 first: the model sees float32, and the label must be a function of
    # exactly what the model sees.
    x32 = x.astype(np.float32)
    p_fraud = 1.0 / (1.0 + np.exp(-latent_logit(x32, risky)))
    fraud = rng.random(n) < p_fraud
    u = rng.random(n)
    y = np.where(fraud, u >= MISSED_FRAUD_RATE, u < FALSE_REPORT_RATE).astype(np.int64)
    # Probability of the recorded label, noise included.
    p_true = p_fraud * (1 - MISSED_FRAUD_RATE) + (1 - p_fraud) * FALSE_REPORT_RATE
    return Dataset(x=x32, y=y, risky=risky.astype(np.int64), p_true=p_true)


def _value(where: str, f: Feature, raw: Any) -> float:
    """One raw cell, checked against the contract: a bad row is named, never silently fixed."""
    try:
        v = float(raw)
    except (TypeError, ValueError):
        v = float("nan")
    # NaN fails the range test too.
    if not (f.min <= v <= f.max) or (f.type != "number" and v != int(v)):
        raise ValueError(
            f"{where}: {f.name}={raw!r} is not a valid {f.type} in [{f.min:g}, {f.max:g}]"
        )
    return v


def load_labelled(path: str) -> Dataset:
    """Real labelled rows: CSV with a header, or JSON Lines; the 10 feature columns plus `label`."""
    rows: list[dict[str, Any]]
    if path.endswith(".jsonl"):
        import json

        with open(path, encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
    else:
        import csv

        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    if not rows:
        raise ValueError(f"{path}: no rows")
    missing = [c for c in (*NAMES, "label") if c not in rows[0]]
    if missing:
        raise ValueError(f"{path}: missing columns {', '.join(missing)}")
    x = np.empty((len(rows), N_FEATURES), dtype=np.float64)
    y = np.empty(len(rows), dtype=np.int64)
    first_line = 1 if path.endswith(".jsonl") else 2  # CSV line 1 is the header
    for r, row in enumerate(rows):
        where = f"{path}:{r + first_line}"
        for i, f in enumerate(FEATURES):
            x[r, i] = _value(where, f, row[f.name])
        label = str(row["label"]).strip().lower()
        if label not in ("0", "1", "true", "false", "0.0", "1.0"):
            raise ValueError(f"{where}: label must be 0 or 1, got {row['label']!r}")
        y[r] = 1 if label in ("1", "true", "1.0") else 0
    return Dataset(x=x.astype(np.float32), y=y)
