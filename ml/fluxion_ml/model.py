"""The risk network and the exported wrapper that adds occlusion attributions.

Preprocessing lives in the graph as buffers, so the API feeds raw feature values and cannot
drift from how the network was trained.
"""

import numpy as np
import torch
from torch import nn

from .features import FEATURES, N_FEATURES


# Winsorisation quantiles: a ReLU network extrapolates linearly, so without a cap one value far
# beyond anything seen in training (amountZScore 100, say) would alone drive the score to 1.
CLAMP_QUANTILES = (0.001, 0.999)


class Normalise(nn.Module):
    """Clamp to the training range, log1p the heavy-tailed columns, standardise."""

    def __init__(self, lo: np.ndarray, hi: np.ndarray, mean: np.ndarray, std: np.ndarray) -> None:
        super().__init__()
        self.register_buffer("lo", torch.as_tensor(lo, dtype=torch.float32))
        self.register_buffer("hi", torch.as_tensor(hi, dtype=torch.float32))
        self.register_buffer("log_mask", torch.tensor([float(f.log) for f in FEATURES]))
        self.register_buffer("mean", torch.as_tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.as_tensor(std, dtype=torch.float32))

    def transform(self, x: torch.Tensor) -> torch.Tensor:
        """Clamp + log1p, before standardisation; also used to fit mean and std."""
        x = torch.minimum(torch.maximum(x, self.lo), self.hi)
        # relu() keeps log1p's argument >= 0 in the unmasked signed column (amountZScore), so
        # no NaN is produced there to be multiplied by 0.
        return self.log_mask * torch.log1p(torch.relu(x)) + (1 - self.log_mask) * x

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (self.transform(x) - self.mean) / self.std

    @staticmethod
    def fit(x: np.ndarray) -> "Normalise":
        lo, hi = clamp_range(x)
        probe = Normalise(lo, hi, np.zeros(N_FEATURES), np.ones(N_FEATURES))
        t = probe.transform(torch.from_numpy(x)).double().numpy()
        std = t.std(axis=0)
        return Normalise(lo, hi, t.mean(axis=0), np.where(std > 1e-6, std, 1.0))


def clamp_range(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-feature training range (quantiles), as short decimals inside the contract range.

    Whole values for booleans and integers (floor / ceil, so no observed count is cut);
    4 significant digits for numbers so features.json shows exactly what the graph uses.
    """
    q_lo, q_hi = np.quantile(x.astype(np.float64), CLAMP_QUANTILES, axis=0)
    lo, hi = [], []
    for f, a, b in zip(FEATURES, q_lo, q_hi):
        a, b = (
            (float(np.floor(a)), float(np.ceil(b)))
            if f.type != "number"
            else (float(f"{a:.4g}"), float(f"{b:.4g}"))
        )
        lo.append(max(a, f.min))
        hi.append(min(max(b, a), f.max))
    return np.array(lo), np.array(hi)


class RiskNet(nn.Module):
    """10 -> 32 -> 16 -> 1 MLP on normalised features; forward returns the fraud logit."""

    def __init__(self, norm: Normalise) -> None:
        super().__init__()
        self.norm = norm
        self.mlp = nn.Sequential(
            nn.Linear(N_FEATURES, 32),
            nn.ReLU(),
            nn.Linear(32, 16),
            nn.ReLU(),
            nn.Linear(16, 1),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.mlp(self.norm(x)).squeeze(-1)


class ScoreWithContributions(nn.Module):
    """Export wrapper: score and occlusion contributions in one pass.

    contributions[i, j] = score(x_i) - score(x_i with feature j set to its benign baseline).
    Each row is expanded to itself plus 10 occluded copies and the network runs once over
    all of them: one session.run gives both outputs, at 11x the (tiny) MLP cost.
    """

    def __init__(self, net: RiskNet, baseline: np.ndarray) -> None:
        super().__init__()
        self.net = net
        self.register_buffer("baseline", torch.as_tensor(baseline, dtype=torch.float32))
        # Row 0 keeps the input, row j+1 replaces feature j.
        occlude = torch.cat([torch.zeros(1, N_FEATURES), torch.eye(N_FEATURES)]).bool()
        self.register_buffer("occlude", occlude)

    def forward(self, features: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        # where() copies values exactly, so a row already at baseline scores identically in
        # all 11 copies and its contributions are exactly zero.
        rows = torch.where(self.occlude, self.baseline, features.unsqueeze(1))  # [b, 11, 10]
        scores = torch.sigmoid(self.net(rows.reshape(-1, N_FEATURES))).reshape(-1, N_FEATURES + 1)
        score = scores[:, 0]
        return score, score.unsqueeze(1) - scores[:, 1:]
