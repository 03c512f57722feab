"""Closed-form function-space dynamics of the kernel regime, from one eigendecomposition.

With a constant kernel ``ntk`` = H (N, N) on the data and residual ``u = y - y_data``, full-batch
GD with step ``lr`` and gradient flow are linear in function space:

    GD:    u_k = (I - lr H)^k u_0,     f_k(x) = f_0(x) - lr K(x, X) sum_{j<k} u_j,
    flow:  u(t) = exp(-H t) u_0,       f_t(x) = f_0(x) - K(x, X) int_0^t u(s) ds,

with K(x, X) (G, N) the kernel between grid points and data.  With H = V diag(lam) V^T both read

    u = V diag(decay) V^T u_0,   f = f_0 - K V diag((1 - decay) / lam) V^T u_0,

decay = (1 - lr lam)^k or exp(-lam t).  Every function takes a leading ensemble axis K
(kernels (K, N, N), residuals (K, N)) or none at all; outputs then carry (K, T, ...) or (T, ...).
"""
from __future__ import annotations

from typing import Mapping, NamedTuple

import numpy as np


class KernelPath(NamedTuple):
    """u (..., T, N): residuals on the data; f_grid (..., T, G) or None: outputs on a grid."""

    u: np.ndarray
    f_grid: np.ndarray | None


def _decay_and_integral(lam: np.ndarray, times: np.ndarray, lr: float | None):
    """decay and (1 - decay) / lam, both (..., T, N), for eigenvalues lam (..., N), times (T,).

    lr=None: gradient flow, decay = exp(-lam t).  Otherwise GD, decay = (1 - lr lam)^k and
    (1 - decay) / lam = lr sum_{j<k} (1 - lr lam)^j.  expm1/log1p keep tiny eigenvalues exact.
    """
    lam = lam[..., None, :]
    t = np.asarray(times, dtype=np.float64)[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = -lam if lr is None else np.log1p(-lr * lam)  # NaN where 1 - lr lam <= 0
        decay = np.exp(t * rate)
        gain = -np.expm1(t * rate)
        if lr is not None:
            oscillating = lr * lam >= 1.0  # (1 - lr lam)^k flips sign: no logarithm
            decay = np.where(oscillating, (1.0 - lr * lam) ** t, decay)
            gain = np.where(oscillating, 1.0 - decay, gain)
        integral = np.where(lam == 0.0, t * (1.0 if lr is None else lr), gain / lam)
    return decay, integral


def _path(ntk, u0, times, lr, ntk_cross, f0_grid) -> KernelPath:
    ntk, u0 = np.asarray(ntk, dtype=np.float64), np.asarray(u0, dtype=np.float64)
    lam, v = np.linalg.eigh(ntk)
    coeff = np.einsum("...ji,...j->...i", v, u0)[..., None, :]  # V^T u_0, (..., 1, N)
    decay, integral = _decay_and_integral(lam, times, lr)
    u = np.einsum("...ij,...tj->...ti", v, decay * coeff)
    if ntk_cross is None:
        return KernelPath(u, None)
    kv = np.asarray(ntk_cross, dtype=np.float64) @ v  # (..., G, N)
    f_grid = -np.einsum("...gj,...tj->...tg", kv, integral * coeff)
    if f0_grid is not None:
        f_grid = f_grid + np.asarray(f0_grid, dtype=np.float64)[..., None, :]
    return KernelPath(u, f_grid)


def gd_path(ntk, u0, lr: float, steps, ntk_cross=None, f0_grid=None) -> KernelPath:
    """Kernel-regime GD: residuals u_k and grid outputs f_k at the step indices ``steps``.

    ntk (K, N, N) symmetric, u0 (K, N) = y_0 - y_data, steps (T,) non-negative integers,
    ntk_cross (K, G, N) = K(x_grid, x_data) or None, f0_grid (K, G) = f_0 on the grid (default 0).
    Returns u (K, T, N) and f_grid (K, T, G) (None without ``ntk_cross``); K may be absent.
    """
    return _path(ntk, u0, steps, lr, ntk_cross, f0_grid)


def flow_path(ntk, u0, times, ntk_cross=None, f0_grid=None) -> KernelPath:
    """Kernel-regime gradient flow ``du/dt = -ntk u``: as ``gd_path``, at ``times`` (T,) >= 0."""
    return _path(ntk, u0, times, None, ntk_cross, f0_grid)


def predicted_y(record: Mapping[str, np.ndarray], lr: float) -> np.ndarray:
    """The kernel-regime prediction of a ``training.train`` record's ``y``: (K, T, N).

    For runs without early stopping (``stop_loss``), whose frozen nets leave the path.
    Uses the kernel at init ``ntk[:, 0]`` (K, N, N), ``y[:, 0]`` (K, N), ``y_data`` (N,), the
    recorded ``step`` (T,) and the run's ``lr``.
    """
    y_data = np.asarray(record["y_data"], dtype=np.float64)
    u0 = record["y"][:, 0] - y_data
    return y_data + gd_path(record["ntk"][:, 0], u0, lr, record["step"]).u
