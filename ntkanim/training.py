"""Full-batch gradient descent of an ensemble of K nets, recorded for the scenes.

Net k has output scale ``alpha_k`` and outputs on the data

    y(w) = alpha (f(x_data, w) - f(x_data, w_0))   (zeroed)   or   alpha f(x_data, w),

and descends ``L(w) = ||y(w) - y_data||^2 / (2 alpha^2)`` with step ``lr``.  Then
``dL/dw = J_f^T (y - y_data) / alpha`` and, to first order, the function-space step is
``y_{n+1} - y_n = -lr ntk (y_n - y_data)`` with the normalized kernel ``ntk = J_y J_y^T / alpha^2``
for every alpha.  All K nets advance together in batched matmuls, no Python loop over nets.
"""
from __future__ import annotations

import math
from contextlib import contextmanager
from typing import Callable

import numpy as np
import torch

from .kernels import descend, features, ntk_from_features
from .config import GDConfig
from .errors import DivergenceError
from .models import evaluate, init_ensemble, narrow

DTYPES = {"float64": torch.float64, "float32": torch.float32}


def train(config: GDConfig, device: str = "cpu",
          progress: Callable[[int], None] | None = None) -> dict[str, np.ndarray]:
    """Run GD and return the recorded arrays (K nets, T frames, N data points, G grid points).

    step (T,), alpha (K,), seed (K,), width (K,), x_data (N,), y_data (N,), y (K,T,N),
    y_path (K,S+1,N) = y after every one of the S steps (for smooth trails),
    loss (K,T), weight_change (K,T), x_grid (G,), f_grid (K,T,G), ntk (K,T,N,N) when
    ``record_ntk``, w_layer (K,T,m,m) float32 when ``record_layer`` is set (its top-left
    ``layer_crop`` x ``layer_crop`` block when that is set).
    With ``stop_loss``, net k freezes at the first step whose loss is below it (early stopping:
    its later updates are exactly zero), stop_step (K,) holds that step (-1: never), and
    training ends at the first recorded frame where every net has stopped, so T may be less
    than ``frames``.  ``progress(n)`` is called with the number of steps just done.
    Raises DivergenceError (nothing recorded) as soon as a loss is NaN or infinite.
    """
    with _threads(config):
        return _train(config, device, progress)


@contextmanager
def _threads(config: GDConfig):
    """One torch thread for small nets: their ops are too short to split, and spinning
    OpenMP threads collapse (10x slower) when other processes share the cores."""
    widths = config.widths or (config.model.width,)
    small = len(config.alpha) * max(widths) ** 2 * config.model.depth < 2_000_000
    before = torch.get_num_threads()
    if small:
        torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def _train(config: GDConfig, device: str, progress) -> dict[str, np.ndarray]:
    dtype = DTYPES[config.dtype]
    mc = config.model
    params = init_ensemble(mc, config.seeds, config.widths, dtype=dtype, device=device)
    w0 = [p.clone() for p in params]
    w0_norm = _norm(w0)
    x = torch.tensor(config.x_data, dtype=dtype, device=device)[:, None]
    y_bar = torch.tensor(config.y_data, dtype=dtype, device=device)
    alpha = torch.tensor(config.alpha, dtype=dtype, device=device)[:, None]
    lo, hi, g = config.grid
    x_grid = torch.linspace(lo, hi, int(g), dtype=dtype, device=device)[:, None]
    with torch.inference_mode():
        f0 = evaluate(params, x, mc) if config.zeroed else torch.zeros_like(y_bar)
        f0_grid = evaluate(params, x_grid, mc) if config.zeroed else 0.0

    def outputs(f):
        return alpha * (f - f0)

    def residual(f):  # dL/df = alpha (y - y_bar) / alpha^2
        return (outputs(f) - y_bar) / alpha

    def loss_of(y):  # (K,)
        return ((y - y_bar) ** 2).sum(1) / (2 * alpha[:, 0] ** 2)

    rec = {name: [] for name in ("y", "y_path", "loss", "weight_change", "f_grid", "ntk", "w_layer")}
    stop = _EarlyStop(config, params, w0) if config.stop_loss is not None else None
    every, steps = config.record_every, (config.frames - 1) * config.record_every
    with torch.inference_mode():
        for n in range(steps + 1):
            recording = n % every == 0
            work, work0 = (params, w0) if stop is None else (stop.work, stop.work0)
            f, hs, gs = features(work, x, mc)
            y = outputs(f) if stop is None else stop.fill(outputs(f))
            rec["y_path"].append(y)
            r = residual(f) if stop is None else residual(f) * stop.update(n, y, loss_of(y))
            if recording:
                loss = loss_of(y)
                if not torch.isfinite(loss).all():
                    _diverged(n, loss, config)
                rec["y"].append(y)
                rec["loss"].append(loss)
                frame = {"weight_change": _norm([p - q for p, q in zip(work, work0)]) / w0_norm,
                         "f_grid": alpha * (evaluate(work, x_grid, mc) - f0_grid)}
                if config.record_ntk:
                    frame["ntk"] = ntk_from_features(hs, gs, mc.bias)
                for name, value in frame.items():
                    rec[name].append(value if stop is None else stop.keep(value, rec[name]))
                if config.record_layer is not None:
                    w_index = config.record_layer * (2 if mc.bias else 1)
                    c = config.layer_crop
                    rec["w_layer"].append(params[w_index][:, :c, :c].to(torch.float32, copy=True))
                if stop is not None and stop.narrow() == 0:
                    break
            if n == steps:
                break
            descend(work, hs, gs, r, config.lr, mc.bias)
            if progress is not None and n % 100 == 99:
                progress(100)
    if progress is not None:
        progress(n % 100)
    out = _collect(config, rec, x_grid, every)
    if stop is not None:
        out["stop_step"] = stop.step.cpu().numpy()
    return out


class _EarlyStop:
    """Net k freezes at the first step whose loss is below ``stop_loss``: ``step`` (K,), -1
    while it trains.  Frozen nets keep the outputs they stopped at (``fill``).  Once every net
    wider than m has stopped, all nets run on ``work``: views of the first m hidden units, exact
    for the nets that still train (their padding is zero) and cheaper (a width-1000 net that
    stops first no longer costs its 1000 x 1000 matmuls); the wider, frozen nets keep their
    last recorded values (``keep``)."""

    def __init__(self, config: GDConfig, params, w0):
        self.limit, self.model = config.stop_loss, config.model
        self.params, self.w0, self.work, self.work0 = params, w0, params, w0
        widths = config.widths or (config.model.width,) * len(config.alpha)
        self.widths = torch.tensor(widths, device=params[0].device)
        self.width = max(widths)
        self.outside = self.widths > self.width
        self.step = torch.full((len(widths),), -1, dtype=torch.int64, device=params[0].device)
        self.y_stop = None

    def fill(self, y: torch.Tensor) -> torch.Tensor:
        """y (K, N) with the rows of frozen nets replaced by their outputs at stopping."""
        return y if self.y_stop is None else torch.where(self.step[:, None] >= 0, self.y_stop, y)

    def update(self, n: int, y: torch.Tensor, loss: torch.Tensor) -> torch.Tensor:
        """Freeze the nets whose loss (K,) is below the limit at step n; (K, 1) 1 = still training."""
        newly = (self.step < 0) & (loss < self.limit)
        self.step = torch.where(newly, n, self.step)
        self.y_stop = torch.where(newly[:, None], y, y if self.y_stop is None else self.y_stop)
        return (self.step < 0)[:, None].to(y.dtype)

    def narrow(self) -> int:
        """Narrow ``work`` to the widest net still training; returns that width (0: all stopped)."""
        training = self.widths[self.step < 0]
        width = int(training.max()) if training.numel() else 0
        if 0 < width < self.width:
            self.width, self.outside = width, self.widths > width
            self.work, self.work0 = (narrow(p, self.model, width) for p in (self.params, self.w0))
        return width

    def keep(self, value: torch.Tensor, history: list) -> torch.Tensor:
        """value (K, ...) with the rows of nets wider than ``work`` taken from history[-1]."""
        if not bool(self.outside.any()):
            return value
        mask = self.outside.reshape((-1,) + (1,) * (value.dim() - 1))
        return torch.where(mask, history[-1], value)


def _norm(tensors) -> torch.Tensor:
    """Per-net Euclidean norm of all parameters stacked: (K,)."""
    return torch.sqrt(sum((t.reshape(t.shape[0], -1) ** 2).sum(1) for t in tensors))


def _diverged(step: int, loss: torch.Tensor, config: GDConfig):
    bad = [a for a, v in zip(config.alpha, loss.tolist()) if not math.isfinite(v)]
    raise DivergenceError(
        f"training diverged at step {step}: loss is {loss.max().item()} for alpha="
        f"{','.join(f'{a:g}' for a in bad)} (lr={config.lr:g}); try a smaller --lr")


def _collect(config: GDConfig, rec, x_grid, every) -> dict[str, np.ndarray]:
    def stack(name):  # list of (K, ...) per frame -> (K, T, ...)
        return torch.stack(rec[name], dim=1).cpu().numpy()

    widths = config.widths or (config.model.width,) * len(config.alpha)
    out = {
        "step": np.arange(len(rec["y"]), dtype=np.int64) * every,
        "alpha": np.asarray(config.alpha, dtype=np.float64),
        "seed": np.asarray(config.seeds, dtype=np.int64),
        "width": np.asarray(widths, dtype=np.int64),
        "x_data": np.asarray(config.x_data, dtype=np.float64),
        "y_data": np.asarray(config.y_data, dtype=np.float64),
        "x_grid": x_grid[:, 0].cpu().numpy(),
        "y": stack("y"),
        "y_path": stack("y_path"),
        "loss": stack("loss"),
        "weight_change": stack("weight_change"),
        "f_grid": stack("f_grid"),
    }
    if rec["ntk"]:
        out["ntk"] = stack("ntk")
    if rec["w_layer"]:
        out["w_layer"] = stack("w_layer")
    return out
