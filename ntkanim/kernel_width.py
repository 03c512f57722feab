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

from typing import Callable

import numpy as np
import torch

from .analytic import config_kernels
from .kernels import ntk
from .config import KernelWidthConfig
from .models import init_net
from .training import DTYPES


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
