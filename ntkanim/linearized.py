"""The linearized twin of an MLP ensemble, trained by the same full-batch GD as ``training.train``.

    f_lin(x, w) = f(x, w_0) + J(x, w_0) (w - w_0)

is linear in w, so its tangent kernel is the kernel at init for all time and its function-space
dynamics are exactly those of ``dynamics.gd_path``.  J is never formed: with the features of
one forward/backward pass at w_0 (``kernels.features``: h_{l-1} and g_l = df/dz_l per sample),

    J(x, w_0) dw = sum_l g_l . (dW_l h_{l-1} + db_l),

and ``J^T r`` is ``kernels.descend`` with those frozen features.  Only dw = w - w_0 is trained.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import torch

from .config import GDConfig
from .kernels import descend, features
from .models import split_layers
from .training import _threads, run_gd_loop, setup


def jvp(hs, gs, dw, bias: bool) -> torch.Tensor:
    """J(x, w_0) dw for every net: (K, N), from the features hs, gs of x at w_0.

    dw is a parameter list shaped like the ensemble's (``models`` module docstring).
    """
    total = None
    for (d_weight, d_bias), h, g in zip(split_layers(dw, bias), hs, gs):
        dz = torch.matmul(h, d_weight.transpose(1, 2))  # (K, N, n_l)
        if d_bias is not None:
            dz = dz + d_bias[:, None, :]
        term = (g * dz).sum(-1)
        total = term if total is None else total + term
    return total


class LinearTwin:
    """f_lin of K nets at x_data (N points) and x_grid (G points); only dw = w - w_0 moves.

    ``zeroed``: outputs are f_lin - f(., w_0) = J dw; otherwise f_lin = f(., w_0) + J dw.  It has
    the methods of ``training.Nets``, so ``training.run_gd_loop`` trains it; its features are
    those at w_0, so its kernel is the same at every step.
    """

    def __init__(self, config: GDConfig, w0, x: torch.Tensor, x_grid: torch.Tensor):
        self.bias, self.work0, self.x_grid = config.model.bias, w0, x_grid
        self.dw = [torch.zeros_like(p) for p in w0]
        f0, self.hs, self.gs = features(w0, x, config.model)
        f0_grid, self.hs_grid, self.gs_grid = features(w0, x_grid, config.model)
        self.shift, self.shift_grid = (0.0, 0.0) if config.zeroed else (f0, f0_grid)

    def features(self):
        """(u (K, N), hs, gs): outputs on the data and the (constant) features at w_0."""
        return jvp(self.hs, self.gs, self.dw, self.bias) + self.shift, self.hs, self.gs

    def grid_outputs(self) -> torch.Tensor:
        """(K, G) on the grid."""
        return jvp(self.hs_grid, self.gs_grid, self.dw, self.bias) + self.shift_grid

    def descend(self, hs, gs, r: torch.Tensor, lr: float):
        """dw -= lr J^T r, r (K, N) = dL/df_lin on the data."""
        descend(self.dw, hs, gs, r, lr, self.bias)

    def displacement(self) -> list[torch.Tensor]:
        return self.dw

    def weights(self, index: int) -> torch.Tensor:
        return self.work0[index] + self.dw[index]


def train_linearized(config: GDConfig, device: str = "cpu",
                     progress: Callable[[int], None] | None = None) -> dict[str, np.ndarray]:
    """GD on the linearized twins of the nets ``training.train(config)`` would train.

    Same loss, zeroing, alpha scaling, frames, arrays and shapes as ``training.train``; the
    recorded ``ntk`` is the kernel at init, constant in time, and ``weight_change`` and
    ``w_layer`` refer to w = w_0 + dw.  Early stopping (``stop_loss``) is not supported.
    """
    if config.stop_loss is not None:
        raise ValueError("train_linearized does not support stop_loss")
    with _threads(config), torch.inference_mode():
        return run_gd_loop(config, LinearTwin(config, *setup(config, device)), progress)
