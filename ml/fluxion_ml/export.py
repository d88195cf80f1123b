"""ONNX export, graph verification, and the JSON files the API reads (features.json, probe.json)."""

import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import torch

from . import onnx_eval
from .features import FEATURES, N_FEATURES, NAMES
from .model import ScoreWithContributions

OPSET = 17
# Exported graph vs torch module, and what the API's runtime must reproduce.
GRAPH_TOLERANCE = 1e-5


def torch_outputs(wrapper: ScoreWithContributions, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    with torch.no_grad():
        score, contrib = wrapper(torch.from_numpy(x.astype(np.float32)))
    return score.numpy(), contrib.numpy()


def to_onnx(wrapper: ScoreWithContributions, version: str) -> onnx.ModelProto:
    buf = io.BytesIO()
    wrapper.eval()
    torch.onnx.export(
        wrapper,
        torch.zeros(2, N_FEATURES),
        buf,
        opset_version=OPSET,
        input_names=["features"],
        output_names=["score", "contributions"],
        dynamic_axes={
            "features": {0: "batch"},
            "score": {0: "batch"},
            "contributions": {0: "batch"},
        },
    )
    model = onnx.load_from_string(buf.getvalue())
    # torch leaves the sliced axis symbolic ("Subcontributions_dim_1"); it is always 10, and a
    # static dim lets the API assert the shape from the model's own metadata.
    dim = model.graph.output[1].type.tensor_type.shape.dim[1]
    dim.Clear()
    dim.dim_value = N_FEATURES
    model.doc_string = (
        "Fluxion risk model: fraud probability and occlusion contributions per feature"
    )
    for key, value in (("version", version), ("features", ",".join(NAMES))):
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    # full_check runs strict shape inference, which also validates the patched dim.
    onnx.checker.check_model(model, full_check=True)
    return model


def verify_graph(model: onnx.ModelProto, wrapper: ScoreWithContributions, x: np.ndarray) -> float:
    """Max |graph - torch| over both outputs; raises if above GRAPH_TOLERANCE."""
    score, contrib = onnx_eval.run(model, x)
    t_score, t_contrib = torch_outputs(wrapper, x)
    if score.shape != (len(x),) or contrib.shape != (len(x), N_FEATURES):
        raise AssertionError(
            f"graph output shapes {score.shape}, {contrib.shape} for batch {len(x)}"
        )
    err = float(max(np.abs(score - t_score).max(), np.abs(contrib - t_contrib).max()))
    if not err <= GRAPH_TOLERANCE:
        raise AssertionError(
            f"exported graph differs from torch by {err:.3g} (> {GRAPH_TOLERANCE})"
        )
    return err


def probe_inputs(baseline: np.ndarray, realistic: np.ndarray) -> np.ndarray:
    """~64 fixed rows covering the baseline, every extreme and boundary, and typical traffic."""
    lo = np.array([f.min for f in FEATURES], dtype=np.float64)
    hi = np.array([f.max for f in FEATURES], dtype=np.float64)
    rows: list[np.ndarray] = [baseline.copy(), lo.copy(), hi.copy()]
    for j in range(N_FEATURES):  # each feature alone at its maximum, the rest benign
        r = baseline.copy()
        r[j] = hi[j]
        rows.append(r)
    z_low = baseline.copy()
    z_low[NAMES.index("amountZScore")] = lo[NAMES.index("amountZScore")]
    rows.append(z_low)
    # Clearly fraudulent sessions: emulator farm, account takeover, bot, card testing.
    fraud = [
        [1, 1, 3, 1, 6, 12.5, 4.5, 240, 900, 1],
        [1, 0, 0, 0, 9, 3, 8.25, 18, 40, 1],
        [0, 1, 5, 1, 0, 40, 0.5, 3600, 25000, 0],
        [0, 1, 2, 0, 0, 2.5, 6, 120, 600, 1],
        [1, 1, 8, 1, 12, 150, 15, 900, 4000, 1],
        [0, 0, 0, 1, 3, 0.5, 3.5, 60, 1500, 1],
        [0, 0, 1, 0, 0, 0.25, -0.75, 900, 3000, 1],
        [0, 1, 4, 0, 2, 25, -3, 500, 200, 1],
    ]
    rows.extend(np.array(fraud, dtype=np.float64))
    # Realistic rows sampled from the generator, rounded to 2 decimals to keep the JSON readable.
    for r in realistic:
        rows.append(
            np.array(
                [
                    round(float(v), 2) if f.type == "number" else float(v)
                    for f, v in zip(FEATURES, r)
                ]
            )
        )
    return np.array(rows, dtype=np.float64)


def _floats(a: np.ndarray) -> Any:
    # float32 -> Python float is exact, so JSON holds exactly what the graph produced.
    return np.asarray(a, dtype=np.float32).astype(np.float64).tolist()


def _compact_json(obj: dict[str, Any]) -> str:
    """Pretty at the top level, one array row per line: readable diffs, no 1,000-line file."""
    parts = []
    for key, value in obj.items():
        if isinstance(value, list) and value and isinstance(value[0], list):
            body = ",\n".join(f"    {json.dumps(row)}" for row in value)
            parts.append(f"  {json.dumps(key)}: [\n{body}\n  ]")
        else:
            parts.append(f"  {json.dumps(key)}: {json.dumps(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def write_probe(
    path: Path,
    version: str,
    model: onnx.ModelProto,
    wrapper: ScoreWithContributions,
    inputs: np.ndarray,
) -> float:
    x = inputs.astype(np.float32)
    err = verify_graph(model, wrapper, x)
    score, contrib = torch_outputs(wrapper, x)
    probe = {
        "version": version,
        "computedWith": "torch (float32) on the float32 inputs; the exported graph agrees within "
        f"{GRAPH_TOLERANCE} (max diff {err:.2g})",
        "inputs": [[float(v) for v in row] for row in inputs],
        "score": _floats(score),
        "contributions": _floats(contrib),
    }
    path.write_text(_compact_json(probe))
    return err


def _short(v: float) -> float:
    """The shortest decimal that is the same float32: what the graph holds, written cleanly."""
    return float(np.format_float_positional(np.float32(v), unique=True, trim="0"))


def features_spec(
    version: str, baseline: np.ndarray, clamp: tuple[np.ndarray, np.ndarray]
) -> dict[str, Any]:
    return {
        "version": version,
        "baselineRule": "median of the benign class in the training data (booleans and integers "
        "rounded to whole values, numbers to 4 significant digits)",
        "clampRule": "inside the graph each value is clamped to [clampMin, clampMax], its "
        "0.1%..99.9% quantiles in the training data: values beyond count as the edge, so the "
        "network never extrapolates. min/max are the valid request range.",
        "features": [
            {
                "name": f.name,
                "index": i,
                "type": f.type,
                "min": f.min,
                "max": f.max,
                "baseline": _short(baseline[i]),
                "clampMin": _short(clamp[0][i]),
                "clampMax": _short(clamp[1][i]),
                "description": f.description,
            }
            for i, f in enumerate(FEATURES)
        ],
    }
