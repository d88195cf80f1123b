"""Data -> training -> export -> metrics -> model card: every artifact in one run."""

import hashlib
import json
import platform
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import sklearn
import torch

from . import card, data, export
from .evaluate import evaluate
from .model import ScoreWithContributions
from .train import TrainConfig, benign_baseline, model_version, split, train

SYNTHETIC_ROWS = 50_000
PROBE_REALISTIC_ROWS = 42


def _split_stats(ds: data.Dataset) -> dict[str, Any]:
    return {
        "n": int(len(ds.y)),
        "positives": int(ds.y.sum()),
        "positiveRate": round(float(ds.y.mean()), 6),
    }


def _sha256(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def run(seed: int, out: Path, data_path: str | None = None, log: bool = True) -> dict[str, Any]:
    """Train and write every artifact: out/risk.onnx, out/probe.json, and in out's parent
    features.json, metrics.json and MODEL_CARD.md. Returns the metrics."""
    say = print if log else (lambda *_: None)
    ds = data.load_labelled(data_path) if data_path else data.generate(SYNTHETIC_ROWS, seed)
    parts = split(ds, seed)
    name = data_path or "synthetic"
    say(f"data: {name}, {len(ds.y)} rows, {ds.y.mean():.2%} positive")

    config = TrainConfig()
    started = time.perf_counter()
    result = train(parts, seed, config)
    seconds = time.perf_counter() - started
    say(f"trained in {seconds:.1f} s: best epoch {result.best_epoch} of {result.epochs_run}")

    baseline = benign_baseline(parts.train)
    wrapper = ScoreWithContributions(result.net, baseline)
    wrapper.eval()
    version = model_version(wrapper)
    model = export.to_onnx(wrapper, version)
    # The whole test split through the exported graph: catches export bugs at every scale.
    graph_err = export.verify_graph(model, wrapper, parts.test.x)

    out.mkdir(parents=True, exist_ok=True)
    root = out.parent
    onnx.save(model, str(out / "risk.onnx"))
    realistic = data.generate(PROBE_REALISTIC_ROWS, seed + 2).x
    probe_err = export.write_probe(
        out / "probe.json", version, model, wrapper, export.probe_inputs(baseline, realistic)
    )
    norm = result.net.norm
    spec = export.features_spec(version, baseline, (norm.lo.numpy(), norm.hi.numpy()))
    (root / "features.json").write_text(json.dumps(spec, indent=2) + "\n")

    score, _ = export.torch_outputs(wrapper, parts.test.x)
    source: dict[str, Any] = {"source": "synthetic", "rows": int(len(ds.y)), "generatorSeed": seed}
    if data_path:
        source = {
            "source": "file",
            "file": Path(data_path).name,
            "sha256": _sha256(data_path),
            "rows": int(len(ds.y)),
        }
    metrics: dict[str, Any] = {
        "version": version,
        "seed": seed,
        "data": source,
        "splits": {
            "train": _split_stats(parts.train),
            "val": _split_stats(parts.val),
            "test": _split_stats(parts.test),
        },
        "classBalance": {
            "positiveRate": round(float(ds.y.mean()), 6),
            "negativeToPositive": round(float((ds.y == 0).sum() / max(ds.y.sum(), 1)), 3),
        },
        "test": evaluate(parts.test.y, score),
        "training": {
            "config": asdict(config),
            "bestEpoch": result.best_epoch,
            "epochsRun": result.epochs_run,
            "valLogLoss": round(result.val_loss, 6),
            "seconds": round(seconds, 2),
            "threads": torch.get_num_threads(),
            "environment": {
                "python": platform.python_version(),
                "torch": torch.__version__,
                "onnx": onnx.__version__,
                "numpy": np.__version__,
                "sklearn": sklearn.__version__,
            },
        },
        "export": {
            "opset": export.OPSET,
            "maxAbsDiffGraphVsTorch": float(f"{max(graph_err, probe_err):.3g}"),
        },
    }
    if parts.test.p_true is not None:
        from sklearn.metrics import roc_auc_score

        # The generator's own probability (it also knows the hidden profile): no model can
        # beat this AUC on this data, so it says how much headroom is left.
        metrics["test"]["ceilingRocAuc"] = round(
            float(roc_auc_score(parts.test.y, parts.test.p_true)), 6
        )
    (root / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    (root / "MODEL_CARD.md").write_text(card.render(metrics, spec))
    t, cal = metrics["test"], metrics["test"]["calibration"]
    say(f"version {version}: test ROC-AUC {t['rocAuc']}, Brier {cal['brier']}, ECE {cal['ece']}")
    return metrics
