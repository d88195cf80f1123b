"""Run an ONNX graph without torch, to check the exported file rather than the module.

Uses onnx.reference.ReferenceEvaluator when the installed onnx has it (1.13+). Debian 12 ships
onnx 1.12, which does not, so a small numpy interpreter covers the ops our export emits; any
other op fails loudly instead of being guessed at.
"""

from collections.abc import Callable

import numpy as np
import onnx
from onnx import numpy_helper


def _slice(
    x: np.ndarray, starts: np.ndarray, ends: np.ndarray, axes: np.ndarray, steps: np.ndarray
) -> np.ndarray:
    index = [slice(None)] * x.ndim
    for s, e, a, st in zip(starts, ends, axes, steps):
        index[int(a)] = slice(int(s), int(min(e, x.shape[int(a)])), int(st))
    return x[tuple(index)]


def _gemm(
    a: np.ndarray,
    b: np.ndarray,
    c: np.ndarray,
    trans_a: int = 0,
    trans_b: int = 0,
    alpha: float = 1.0,
    beta: float = 1.0,
) -> np.ndarray:
    a = a.T if trans_a else a
    b = b.T if trans_b else b
    return (np.float32(alpha) * (a @ b) + np.float32(beta) * c).astype(np.float32)


def _reshape(x: np.ndarray, shape: np.ndarray) -> np.ndarray:
    # ONNX: 0 copies the input dimension (allowzero=0), -1 is inferred.
    dims = [x.shape[i] if d == 0 else int(d) for i, d in enumerate(shape)]
    return x.reshape(dims)


_OPS: dict[str, Callable[..., np.ndarray]] = {
    "Add": lambda a, b: a + b,
    "Sub": lambda a, b: a - b,
    "Mul": lambda a, b: a * b,
    "Div": lambda a, b: a / b,
    "Max": lambda a, b: np.maximum(a, b),
    "Min": lambda a, b: np.minimum(a, b),
    "Relu": lambda x: np.maximum(x, np.float32(0)),
    "Log": np.log,
    "Sigmoid": lambda x: (np.float32(1) / (np.float32(1) + np.exp(-x))).astype(np.float32),
    "Where": lambda c, a, b: np.where(c, a, b),
    "Unsqueeze": lambda x, axes: np.expand_dims(x, tuple(int(a) for a in axes)),
    "Squeeze": lambda x, axes: np.squeeze(x, tuple(int(a) for a in axes)),
    "Reshape": lambda x, shape, allowzero=0: _reshape(x, shape),
    "Gather": lambda x, i, axis=0: np.take(x, i, axis=axis),
    "Slice": _slice,
    "Gemm": lambda a, b, c, transA=0, transB=0, alpha=1.0, beta=1.0: _gemm(
        a, b, c, transA, transB, alpha, beta
    ),
}


def run_numpy(model: onnx.ModelProto, feeds: dict[str, np.ndarray]) -> list[np.ndarray]:
    env: dict[str, np.ndarray] = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    env.update(feeds)
    for node in model.graph.node:
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        if node.op_type == "Constant":
            env[node.output[0]] = numpy_helper.to_array(attrs["value"])
            continue
        if node.op_type not in _OPS:
            raise NotImplementedError(f"numpy ONNX evaluator has no {node.op_type}")
        out = _OPS[node.op_type](*(env[i] for i in node.input), **attrs)
        env[node.output[0]] = np.asarray(out)
    return [env[o.name] for o in model.graph.output]


def run(model: onnx.ModelProto, features: np.ndarray) -> list[np.ndarray]:
    """[score, contributions] for float32 features, computed from the ONNX graph itself."""
    feeds = {"features": features.astype(np.float32)}
    try:
        from onnx.reference import ReferenceEvaluator  # type: ignore[import-not-found]
    except ImportError:
        return run_numpy(model, feeds)
    return list(ReferenceEvaluator(model).run(None, feeds))
