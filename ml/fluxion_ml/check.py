"""`train.py --check`: are the committed artifacts consistent, and still what the code produces?"""

import json
from pathlib import Path
from typing import Any

import numpy as np
import onnx

from . import export, onnx_eval, pipeline

PROBE_TOLERANCE = 1e-6
# Differ between runs or machines without the model differing; everything else in
# metrics.json must reproduce exactly (its floats are rounded to 6 decimals).
VOLATILE = {
    ("training", "seconds"),
    ("training", "environment"),
    ("export", "maxAbsDiffGraphVsTorch"),
}


def diff(a: Any, b: Any, path: tuple[str, ...] = ()) -> list[str]:
    """Differences between two JSON values, as `dotted.path: committed X, retrained Y`."""
    if path in VOLATILE:
        return []
    if isinstance(a, dict) and isinstance(b, dict):
        keys = sorted(set(a) | set(b))
        return [d for k in keys for d in diff(a.get(k), b.get(k), (*path, str(k)))]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in diff(x, y, (*path, str(i)))]
    return [] if a == b else [f"{'.'.join(path)}: committed {a!r}, retrained {b!r}"]


def _max_diff(a: dict[str, Any], b: dict[str, Any]) -> float:
    return float(
        max(
            np.abs(np.asarray(a["score"]) - np.asarray(b["score"])).max(),
            np.abs(np.asarray(a["contributions"]) - np.asarray(b["contributions"])).max(),
        )
    )


def _beyond_version(diffs: list[str]) -> list[str]:
    # The version hashes the weights' bits, so last-bit noise from another CPU changes it even
    # when every output agrees; the outputs are compared instead, and a change is noted.
    return [d for d in diffs if not d.startswith("version:")]


def consistency(out: Path) -> tuple[list[str], dict[str, Any]]:
    """The committed files belong together: one version everywhere, the graph matches the probe.
    Catches a half-finished rollout (a new risk.onnx with an old features.json)."""
    root = out.parent
    metrics = json.loads((root / "metrics.json").read_text())
    probe = json.loads((out / "probe.json").read_text())
    features = json.loads((root / "features.json").read_text())
    model = onnx.load(str(out / "risk.onnx"))
    meta = {p.key: p.value for p in model.metadata_props}
    versions = {
        "risk.onnx": meta.get("version"),
        "probe.json": probe.get("version"),
        "features.json": features.get("version"),
        "metrics.json": metrics.get("version"),
    }
    problems = []
    if len(set(versions.values())) != 1:
        problems.append(f"artifact versions disagree: {versions}")
    if metrics.get("version", "?") not in (root / "MODEL_CARD.md").read_text():
        problems.append("MODEL_CARD.md does not mention the committed version: regenerate it")
    score, contrib = onnx_eval.run(model, np.array(probe["inputs"], dtype=np.float32))
    err = _max_diff({"score": score, "contributions": contrib}, probe)
    if err > export.GRAPH_TOLERANCE:
        problems.append(f"committed risk.onnx does not reproduce probe.json (max diff {err:.3g})")
    return problems, {"metrics": metrics, "probe": probe, "features": features}


def check(seed: int, out: Path, data_path: str | None, tmp: Path) -> list[str]:
    """Retrain into tmp and compare with the committed artifacts; returns the problems found."""
    try:
        problems, committed = consistency(out)
    except (OSError, ValueError, KeyError) as err:
        return [f"cannot read committed artifacts in {out.parent}: {err}"]
    src = committed["metrics"].get("data", {})
    if src.get("source") == "file" and not data_path:
        return [
            *problems,
            f"committed model was trained on {src.get('file')} (sha256 {src.get('sha256')}):"
            " pass --data with that file to check it",
        ]

    fresh = pipeline.run(seed, tmp / "model", data_path, log=False)
    new_features = json.loads((tmp / "features.json").read_text())
    problems += [f"metrics.json {d}" for d in _beyond_version(diff(committed["metrics"], fresh))]
    problems += [
        f"features.json {d}" for d in _beyond_version(diff(committed["features"], new_features))
    ]
    new_probe = json.loads((tmp / "model" / "probe.json").read_text())
    if new_probe["inputs"] != committed["probe"]["inputs"]:
        problems.append("probe.json inputs changed")
    elif (err := _max_diff(new_probe, committed["probe"])) > PROBE_TOLERANCE:
        problems.append(f"probe outputs differ from committed by {err:.3g} (> {PROBE_TOLERANCE})")

    env = committed["metrics"].get("training", {}).get("environment")
    if problems and env != fresh["training"]["environment"]:
        problems.append(f"note: trained with {env}, now {fresh['training']['environment']}")
    if fresh["version"] != committed["metrics"]["version"] and not problems:
        # Weights differ in the last bits only (another CPU or BLAS build): outputs agree.
        print(
            f"note: retrained version {fresh['version']} != committed"
            f" {committed['metrics']['version']}; outputs agree within {PROBE_TOLERANCE}"
        )
    return problems
