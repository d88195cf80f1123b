"""A small model shared by the tests: trained once per process, in well under a second."""

from functools import cache

import fluxion_ml  # noqa: F401  (pins CPU kernels before torch loads)
import numpy as np
import onnx

from fluxion_ml import data, export
from fluxion_ml.model import ScoreWithContributions
from fluxion_ml.train import TrainConfig, benign_baseline, model_version, split, train

SEED = 11
QUICK = TrainConfig(max_epochs=3)


@cache
def small_model() -> tuple[ScoreWithContributions, onnx.ModelProto, data.Dataset]:
    """(torch wrapper, exported ONNX graph, held-out rows) from a quick training."""
    parts = split(data.generate(8_000, SEED), SEED)
    net = train(parts, SEED, QUICK).net
    wrapper = ScoreWithContributions(net, benign_baseline(parts.train))
    wrapper.eval()
    return wrapper, export.to_onnx(wrapper, model_version(wrapper)), parts.test


def rows(n: int, seed: int = 5) -> np.ndarray:
    return data.generate(n, seed).x
