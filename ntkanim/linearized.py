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

from .config import GDConfig, MLPConfig
from .kernels import descend, features, ntk_from_features
from .models import init_ensemble, split_layers
from .training import DTYPES, _collect, _diverged, _norm, _threads


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

    ``zeroed``: outputs are f_lin - f(., w_0) = J dw; otherwise f_lin = f(., w_0) + J dw.
    """

    def __init__(self, config: MLPConfig, w0, x_data: torch.Tensor, x_grid: torch.Tensor,
                 zeroed: bool):
        self.bias, self.w0 = config.bias, w0
        self.dw = [torch.zeros_like(p) for p in w0]
        f0, self.hs, self.gs = features(w0, x_data, config)
        f0_grid, self.hs_grid, self.gs_grid = features(w0, x_grid, config)
        self.shift, self.shift_grid = (0.0, 0.0) if zeroed else (f0, f0_grid)

    def ntk(self) -> torch.Tensor:
        """(K, N, N) kernel of f on the data, the same for every dw."""
        return ntk_from_features(self.hs, self.gs, self.bias)

    def outputs(self) -> torch.Tensor:
        """(K, N) on the data."""
        return jvp(self.hs, self.gs, self.dw, self.bias) + self.shift

    def grid_outputs(self) -> torch.Tensor:
        """(K, G) on the grid."""
        return jvp(self.hs_grid, self.gs_grid, self.dw, self.bias) + self.shift_grid

    def descend(self, r: torch.Tensor, lr: float):
        """dw -= lr J^T r, r (K, N) = dL/df_lin on the data."""
        descend(self.dw, self.hs, self.gs, r, lr, self.bias)


def train_linearized(config: GDConfig, device: str = "cpu",
                     progress: Callable[[int], None] | None = None) -> dict[str, np.ndarray]:
    """GD on the linearized twins of the nets ``training.train(config)`` would train.

    Same loss, zeroing, alpha scaling, frames, arrays and shapes as ``training.train``; the
    recorded ``ntk`` is the kernel at init, constant in time, and ``weight_change`` and
    ``w_layer`` refer to w = w_0 + dw.  Early stopping (``stop_loss``) is not supported.
    """
    if config.stop_loss is not None:
        raise ValueError("train_linearized does not support stop_loss")
    with _threads(config):
        return _train_linearized(config, device, progress)


def _train_linearized(config: GDConfig, device: str, progress) -> dict[str, np.ndarray]:
    dtype = DTYPES[config.dtype]
    mc = config.model
    w0 = init_ensemble(mc, config.seeds, config.widths, dtype=dtype, device=device)
    x = torch.tensor(config.x_data, dtype=dtype, device=device)[:, None]
    y_bar = torch.tensor(config.y_data, dtype=dtype, device=device)
    alpha = torch.tensor(config.alpha, dtype=dtype, device=device)[:, None]
    lo, hi, g = config.grid
    x_grid = torch.linspace(lo, hi, int(g), dtype=dtype, device=device)[:, None]
    rec = {name: [] for name in
           ("y", "y_path", "loss", "weight_change", "f_grid", "ntk", "w_layer")}
    every, steps = config.record_every, (config.frames - 1) * config.record_every
    with torch.inference_mode():
        twin, w0_norm = LinearTwin(mc, w0, x, x_grid, config.zeroed), _norm(w0)
        ntk0 = twin.ntk()
        for n in range(steps + 1):
            y = alpha * twin.outputs()
            rec["y_path"].append(y)
            if n % every == 0:
                loss = ((y - y_bar) ** 2).sum(1) / (2 * alpha[:, 0] ** 2)
                if not torch.isfinite(loss).all():
                    _diverged(n, loss, config)
                rec["y"].append(y)
                rec["loss"].append(loss)
                rec["weight_change"].append(_norm(twin.dw) / w0_norm)
                rec["f_grid"].append(alpha * twin.grid_outputs())
                if config.record_ntk:
                    rec["ntk"].append(ntk0)
                if config.record_layer is not None:
                    i, c = config.record_layer * (2 if mc.bias else 1), config.layer_crop
                    rec["w_layer"].append((w0[i][:, :c, :c] + twin.dw[i][:, :c, :c]).float())
            if n == steps:
                break
            twin.descend((y - y_bar) / alpha, config.lr)  # dL/df_lin = (y - y_bar) / alpha
            if progress is not None and n % 100 == 99:
                progress(100)
    if progress is not None:
        progress(steps % 100)
    return _collect(config, rec, x_grid, every)
