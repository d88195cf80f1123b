"""Deterministic training: same seed + same data -> bit-identical weights (on one CPU type)."""

import copy
import hashlib
import random
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from .data import Dataset
from .features import CONTRACT, FEATURES
from .model import Normalise, RiskNet, ScoreWithContributions

DEFAULT_SEED = 20240601


@dataclass(frozen=True)
class TrainConfig:
    max_epochs: int = 40
    batch_size: int = 256
    lr: float = 3e-3
    weight_decay: float = 1e-4
    # Stop after this many epochs without a better validation log-loss; keep the best epoch.
    patience: int = 6


@dataclass(frozen=True)
class Splits:
    train: Dataset
    val: Dataset
    test: Dataset


@dataclass(frozen=True)
class TrainResult:
    net: RiskNet
    best_epoch: int
    epochs_run: int
    val_loss: float


def make_deterministic(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)
    # One thread: parallel reductions may sum in a different order run to run.
    torch.set_num_threads(1)


def split(ds: Dataset, seed: int, val: float = 0.15, test: float = 0.15) -> Splits:
    """Stratified split, so the rare positive class has the same share in every part."""
    rng = np.random.default_rng(seed + 1)
    parts: list[list[np.ndarray]] = [[], [], []]
    for label in (0, 1):
        idx = rng.permutation(np.flatnonzero(ds.y == label))
        n_test, n_val = round(len(idx) * test), round(len(idx) * val)
        parts[2].append(idx[:n_test])
        parts[1].append(idx[n_test : n_test + n_val])
        parts[0].append(idx[n_test + n_val :])

    def take(chunks: list[np.ndarray]) -> Dataset:
        i = np.sort(np.concatenate(chunks))
        risky = None if ds.risky is None else ds.risky[i]
        p_true = None if ds.p_true is None else ds.p_true[i]
        return Dataset(x=ds.x[i], y=ds.y[i], risky=risky, p_true=p_true)

    return Splits(train=take(parts[0]), val=take(parts[1]), test=take(parts[2]))


def benign_baseline(ds: Dataset) -> np.ndarray:
    """Occlusion baseline: per-feature median of the benign class, as a clean decimal.

    Booleans and integers round to a whole value (a median of 0/1 flags is 0 or 1 anyway);
    numbers keep 4 significant digits so features.json shows exactly what the graph uses.
    """
    med = np.median(ds.x[ds.y == 0].astype(np.float64), axis=0)
    out = []
    for f, m in zip(FEATURES, med):
        out.append(float(round(m)) if f.type != "number" else float(f"{m:.4g}"))
    return np.array(out, dtype=np.float64)


def train(splits: Splits, seed: int, config: TrainConfig = TrainConfig()) -> TrainResult:
    make_deterministic(seed)
    net = RiskNet(Normalise.fit(splits.train.x))
    opt = torch.optim.Adam(net.parameters(), lr=config.lr, weight_decay=config.weight_decay)
    loss_fn = nn.BCEWithLogitsLoss()
    x, y = torch.from_numpy(splits.train.x), torch.from_numpy(splits.train.y).float()
    xv, yv = torch.from_numpy(splits.val.x), torch.from_numpy(splits.val.y).float()
    gen = torch.Generator().manual_seed(seed)
    best = (float("inf"), 0, copy.deepcopy(net.state_dict()))
    epoch = 0
    for epoch in range(1, config.max_epochs + 1):
        net.train()
        for idx in torch.randperm(len(x), generator=gen).split(config.batch_size):
            opt.zero_grad()
            loss_fn(net(x[idx]), y[idx]).backward()
            opt.step()
        net.eval()
        with torch.no_grad():
            val_loss = float(loss_fn(net(xv), yv))
        if val_loss < best[0]:
            best = (val_loss, epoch, copy.deepcopy(net.state_dict()))
        elif epoch - best[1] >= config.patience:
            break
    net.load_state_dict(best[2])
    net.eval()
    return TrainResult(net=net, best_epoch=best[1], epochs_run=epoch, val_loss=best[0])


def model_version(wrapper: ScoreWithContributions) -> str:
    """risk-<contract>-<sha256 of every weight and buffer>: changes iff the graph's numbers do."""
    h = hashlib.sha256()
    for name, tensor in sorted(wrapper.state_dict().items()):
        h.update(name.encode())
        h.update(tensor.detach().contiguous().numpy().tobytes())
    return f"risk-{CONTRACT}-{h.hexdigest()[:8]}"
