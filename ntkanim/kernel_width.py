"""The empirical NTK of nets of growing width converging to the deterministic infinite-width kernel.

For every width m and seed, a net of ``models`` at init gives the cross kernel against one point,
``Theta(x, x0) / m`` for x on a grid (``kernels.ntk`` with x2 = x0: a (1, G, 1) kernel, no
Jacobian).  ``analytic.config_kernels`` gives its limit as m -> infinity.  The difference has
two parts: fluctuations of relative size O(1/sqrt(m)) that change with the seed, and O(1/m)
terms (the input layer's and the biases' gradients, which the limit drops).

Cost: a depth-L net of width m costs ~4 (L - 1) G m^2 flops (forward and backward through the
m x m layers) and m^2 (L - 1) normal draws.  Nets are built one at a time, so memory is one net:
a 10000 x 10000 float32 matrix is 400 MB (float64: 800 MB).  float32 is the default: its
rounding (~1e-6 relative) is far below the fluctuations this experiment shows (~1% at m = 10^4).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch

from .analytic import config_kernels
from .kernels import ntk
from .models import ACTIVATIONS, MLPConfig, init_net
from .training import DTYPES


@dataclass(frozen=True)
class KernelWidthConfig:
    """Nets of every width in ``widths`` for every seed in ``seeds``: Theta(x, x0) / m on a grid.

    grid = (lo, hi, G): G evenly spaced x.  Nets are ``MLPConfig(width, depth, activation)``
    with LeCun init and biases, as in the post.
    """

    x0: float = 0.5
    grid: tuple[float, float, int] = (-4.0, 3.0, 121)
    widths: tuple[int, ...] = (10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)
    seeds: tuple[int, ...] = (0, 1, 2, 3, 4)
    depth: int = 2
    activation: str = "relu"
    dtype: str = "float32"

    def __post_init__(self):
        if not self.widths or min(self.widths) < 1 or not self.seeds:
            raise ValueError("need at least one positive width and one seed")
        lo, hi, g = self.grid
        if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi and int(g) >= 2):
            raise ValueError("grid must be (lo, hi, G) with lo < hi and G >= 2")
        if not math.isfinite(self.x0):
            raise ValueError("x0 must be finite")
        if self.depth < 1 or self.activation not in ACTIVATIONS or self.dtype not in DTYPES:
            raise ValueError("bad depth, activation or dtype")

    def model(self, width: int) -> MLPConfig:
        return MLPConfig(width=width, depth=self.depth, activation=self.activation)

    @property
    def steps(self) -> int:
        """Units of work for a progress bar: one per net."""
        return len(self.widths) * len(self.seeds)

    def x_grid(self) -> np.ndarray:
        """(G,) float64."""
        lo, hi, g = self.grid
        return np.linspace(lo, hi, int(g))


def empirical_kernel(config: KernelWidthConfig, width: int, seed: int,
                     device: str = "cpu") -> np.ndarray:
    """Theta(x, x0) / width of the net ``init_net(model(width), seed)`` on the grid: (G,)."""
    mc, dtype = config.model(width), DTYPES[config.dtype]
    params = [p[None].to(device) for p in init_net(mc, seed, dtype=dtype)]  # K = 1, no copy
    x = torch.as_tensor(config.x_grid(), dtype=dtype, device=device)[:, None]
    x0 = torch.tensor([[config.x0]], dtype=dtype, device=device)
    with torch.inference_mode():
        theta = ntk(params, x, mc, x0)[0, :, 0]
    return theta.double().cpu().numpy() / width


def run(config: KernelWidthConfig, device: str = "cpu",
        progress: Callable[[int], None] | None = None) -> dict[str, np.ndarray]:
    """x_grid (G,), width (W,), seed (S,), ntk_empirical (W, S, G), ntk_analytic (G,), float64."""
    empirical = np.empty((len(config.widths), len(config.seeds), int(config.grid[2])))
    for i, width in enumerate(config.widths):
        for j, seed in enumerate(config.seeds):
            empirical[i, j] = empirical_kernel(config, width, seed, device)
            if progress is not None:
                progress(1)
    x_grid = config.x_grid()
    analytic = config_kernels(config.model(1), x_grid, [config.x0])[1][:, 0]
    return {"x_grid": x_grid, "width": np.asarray(config.widths, dtype=np.int64),
            "seed": np.asarray(config.seeds, dtype=np.int64), "ntk_empirical": empirical,
            "ntk_analytic": analytic}


def relative_error(empirical: np.ndarray, analytic: np.ndarray) -> np.ndarray:
    """||empirical - analytic|| / ||analytic|| over the grid (last axis): (...,) for (..., G)."""
    return np.linalg.norm(empirical - analytic, axis=-1) / np.linalg.norm(analytic)
