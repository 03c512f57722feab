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

from .config import GDConfig
from .kernels import descend, features, ntk_from_features
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
    with _threads(config), torch.inference_mode():
        return run_gd_loop(config, Nets(config, *setup(config, device)), progress)


@contextmanager
def _threads(config: GDConfig):
    """One torch thread for small nets: their ops are too short to split, and spinning
    OpenMP threads collapse (10x slower) when other processes share the cores."""
    small = max(config.net_widths) <= 256  # matmuls of at most 256 x 256
    before = torch.get_num_threads()
    if small:
        torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


class Nets:
    """The real nets of a run: GD moves their parameters.

    ``features()`` gives (u, hs, gs) on the data: u = f - f_0 (K, N) when zeroed, else f, and the
    layer-wise features of ``kernels``.  ``work``/``work0`` are the parameters GD updates and
    their init (narrowed views during early stopping), ``params`` the full ones.
    """

    def __init__(self, config: GDConfig, w0, x: torch.Tensor, x_grid: torch.Tensor):
        self.model, self.x, self.x_grid = config.model, x, x_grid
        self.params, self.w0 = [p.clone() for p in w0], w0
        self.work, self.work0 = self.params, self.w0
        self.f0 = evaluate(w0, x, self.model) if config.zeroed else 0.0
        self.f0_grid = evaluate(w0, x_grid, self.model) if config.zeroed else 0.0

    def features(self):
        self.stepping = self.work  # descend updates these even if early stopping narrows work
        f, hs, gs = features(self.work, self.x, self.model)
        return f - self.f0, hs, gs

    def grid_outputs(self) -> torch.Tensor:
        """(K, G): f - f_0 (or f) on the grid."""
        return evaluate(self.work, self.x_grid, self.model) - self.f0_grid

    def descend(self, hs, gs, r: torch.Tensor, lr: float):
        descend(self.stepping, hs, gs, r, lr, self.model.bias)

    def displacement(self) -> list[torch.Tensor]:
        """w - w_0, shaped like the parameters."""
        return [p - q for p, q in zip(self.work, self.work0)]

    def weights(self, index: int) -> torch.Tensor:
        """The current parameter tensor ``index`` of the full ensemble."""
        return self.params[index]


def run_gd_loop(config: GDConfig, nets, progress) -> dict[str, np.ndarray]:
    """The GD loop and its recording, for ``Nets`` or any object with the same methods
    (``linearized.LinearTwin``): the same loss, zeroing, alpha scaling and arrays for both."""
    dtype, device = nets.work0[0].dtype, nets.work0[0].device
    mc = config.model
    y_bar = torch.tensor(config.y_data, dtype=dtype, device=device)
    alpha = torch.tensor(config.alpha, dtype=dtype, device=device)[:, None]
    w0_norm = _norm(nets.work0)

    def loss_of(y):  # (K,)
        return ((y - y_bar) ** 2).sum(1) / (2 * alpha[:, 0] ** 2)

    rec = {name: [] for name in ("y", "y_path", "loss", "weight_change", "f_grid", "ntk", "w_layer")}
    stop = _EarlyStop(config, nets) if config.stop_loss is not None else None
    every, steps = config.record_every, (config.frames - 1) * config.record_every
    for n in range(steps + 1):
        u, hs, gs = nets.features()
        y = alpha * u if stop is None else stop.fill(alpha * u)
        rec["y_path"].append(y)
        r = (y - y_bar) / alpha  # dL/df = alpha (y - y_bar) / alpha^2
        if stop is not None:
            r = r * stop.update(n, y, loss_of(y))
        if n % every == 0:
            loss = loss_of(y)
            if not torch.isfinite(loss).all():
                _diverged(n, loss, config)
            rec["y"].append(y)
            rec["loss"].append(loss)
            frame = {"weight_change": _norm(nets.displacement()) / w0_norm,
                     "f_grid": alpha * nets.grid_outputs()}
            if config.record_ntk:
                frame["ntk"] = ntk_from_features(hs, gs, mc.bias)
            for name, value in frame.items():
                rec[name].append(value if stop is None else stop.keep(value, rec[name]))
            if config.record_layer is not None:
                w_index, c = config.record_layer * (2 if mc.bias else 1), config.layer_crop
                rec["w_layer"].append(nets.weights(w_index)[:, :c, :c].to(torch.float32, copy=True))
            if stop is not None and stop.narrow() == 0:
                break
        if n == steps:
            break
        nets.descend(hs, gs, r, config.lr)
        if progress is not None and n % 100 == 99:
            progress(100)
    if progress is not None:
        progress(n % 100)
    out = _collect(config, rec, nets.x_grid, every)
    if stop is not None:
        out["stop_step"] = stop.step.cpu().numpy()
    return out


def setup(config: GDConfig, device: str):
    """(w0, x_data (N, 1), x_grid (G, 1)) of a run: the ensemble at init and the inputs."""
    dtype = DTYPES[config.dtype]
    w0 = init_ensemble(config.model, config.seeds, config.widths, dtype=dtype, device=device)
    x = torch.tensor(config.x_data, dtype=dtype, device=device)[:, None]
    lo, hi, g = config.grid
    x_grid = torch.linspace(lo, hi, int(g), dtype=dtype, device=device)[:, None]
    return w0, x, x_grid


class _EarlyStop:
    """Net k freezes at the first step whose loss is below ``stop_loss``: ``step`` (K,), -1
    while it trains.  Frozen nets keep the outputs they stopped at (``fill``).  Once every net
    wider than m has stopped, all nets run on ``work``: views of the first m hidden units, exact
    for the nets that still train (their padding is zero) and cheaper (a width-1000 net that
    stops first no longer costs its 1000 x 1000 matmuls); the wider, frozen nets keep their
    last recorded values (``keep``)."""

    def __init__(self, config: GDConfig, nets: Nets):
        self.limit, self.model, self.nets = config.stop_loss, config.model, nets
        widths = config.net_widths
        self.widths = torch.tensor(widths, device=nets.w0[0].device)
        self.width = max(widths)
        self.outside = self.widths > self.width
        self.step = torch.full((len(widths),), -1, dtype=torch.int64, device=nets.w0[0].device)
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
        nets = self.nets
        training = self.widths[self.step < 0]
        width = int(training.max()) if training.numel() else 0
        if 0 < width < self.width:
            self.width, self.outside = width, self.widths > width
            nets.work, nets.work0 = (narrow(p, self.model, width) for p in (nets.params, nets.w0))
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

    widths = config.net_widths
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
