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

from .kernels import descend, features, ntk_from_features
from .models import init_ensemble, split_layers
from .training import DTYPES, GDConfig, _collect, _diverged, _norm


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


def train_linearized(config: GDConfig, device: str = "cpu",
                     progress: Callable[[int], None] | None = None) -> dict[str, np.ndarray]:
    """GD on the linearized twins of the nets ``training.train(config)`` would train.

    Same loss, zeroing, alpha scaling, frames, arrays and shapes as ``training.train``; the
    recorded ``ntk`` is the kernel at init, constant in time, and ``weight_change`` and
    ``w_layer`` refer to w = w_0 + dw.
    """
    dtype = DTYPES[config.dtype]
    mc = config.model
    w0 = init_ensemble(mc, config.seeds, config.widths, dtype=dtype, device=device)
    dw = [torch.zeros_like(p) for p in w0]
    w0_norm = _norm(w0)
    x = torch.tensor(config.x_data, dtype=dtype, device=device)[:, None]
    y_bar = torch.tensor(config.y_data, dtype=dtype, device=device)
    alpha = torch.tensor(config.alpha, dtype=dtype, device=device)[:, None]
    lo, hi, g = config.grid
    x_grid = torch.linspace(lo, hi, int(g), dtype=dtype, device=device)[:, None]
    with torch.inference_mode():
        f0, hs, gs = features(w0, x, mc)
        f0_grid, hs_grid, gs_grid = features(w0, x_grid, mc)
        ntk0 = ntk_from_features(hs, gs, mc.bias)
    # zeroed: y = alpha (f_lin - f_0) = alpha J dw; otherwise y = alpha f_lin = alpha (f_0 + J dw)
    shift, shift_grid = (0.0, 0.0) if config.zeroed else (f0, f0_grid)

    rec = {name: [] for name in ("y", "y_path", "loss", "weight_change", "f_grid", "ntk", "w_layer")}
    every, steps = config.record_every, (config.frames - 1) * config.record_every
    with torch.inference_mode():
        for n in range(steps + 1):
            y = alpha * (jvp(hs, gs, dw, mc.bias) + shift)
            rec["y_path"].append(y)
            if n % every == 0:
                loss = ((y - y_bar) ** 2).sum(1) / (2 * alpha[:, 0] ** 2)
                if not torch.isfinite(loss).all():
                    _diverged(n, loss, config)
                rec["y"].append(y)
                rec["loss"].append(loss)
                rec["weight_change"].append(_norm(dw) / w0_norm)
                rec["f_grid"].append(alpha * (jvp(hs_grid, gs_grid, dw, mc.bias) + shift_grid))
                if config.record_ntk:
                    rec["ntk"].append(ntk0)
                if config.record_layer is not None:
                    i = config.record_layer * (2 if mc.bias else 1)
                    rec["w_layer"].append((w0[i] + dw[i]).to(torch.float32))
            if n == steps:
                break
            descend(dw, hs, gs, (y - y_bar) / alpha, config.lr, mc.bias)
            if progress is not None and n % 100 == 99:
                progress(100)
    if progress is not None:
        progress(steps % 100)
    return _collect(config, rec, x_grid, every)
