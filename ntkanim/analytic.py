"""Infinite-width NNGP and neural tangent kernels of the fully connected nets of ``models``.

Convention.  The nets use the standard parameterization with LeCun init (``W_l ~ N(0, 1/n_{l-1})``,
``b_l ~ N(0, bias_std^2/n_{l-1})``), so the empirical NTK ``Theta = J J^T`` grows like the hidden
width m.  The kernel here is the deterministic limit of ``Theta / m`` as every hidden width
m -> infinity (d_in fixed), and the NNGP is the limit of ``E[f(x) f(x')]`` at init.

With ``Theta = sum_l (g_l . g_l') (h_{l-1} . h_{l-1}' + [bias])`` (see ``kernels``), dividing by m
keeps only the terms whose ``h_{l-1} . h_{l-1}'`` is a sum over m hidden units: the weights of
layers 2 .. L+1.  The input layer's weight gradients (``h_0 . h_0' = x . x'``) and every bias
gradient are O(1) and vanish.  In the forward pass the hidden biases (variance bias_std^2/m) vanish
too, while the input-layer bias (variance bias_std^2/d_in) stays.  So, with

    Sigma_1(x, x') = (x . x' + [bias] bias_std^2) / d_in,
    Sigma_{l+1} = E[phi(u) phi(u')],   Sigma'_l = E[phi'(u) phi'(u')],   (u, u') ~ N(0, Sigma_l),

the NNGP of a depth-L net is ``Sigma_{L+1}`` and the NTK is ``Theta_{L+1}`` from

    Theta_1 = 0,   Theta_{l+1} = Theta_l Sigma'_l + Sigma_{l+1}.

This is the usual NTK-parameterization recursion without its ``Theta_1 = Sigma_1`` term.

Gaussian expectations: closed forms for relu (arc-cosine kernels) and erf (arcsin formula);
Gauss-Hermite quadrature for tanh and gelu: ``nodes^2`` activation calls per pair and layer, so
meant for reference values on a few thousand pairs, not for large grids.
"""
from __future__ import annotations

import math

import numpy as np
import torch

from .config import MLPConfig
from .models import phi, phi_prime

ACTIVATIONS = ("relu", "erf", "tanh", "gelu")
QUADRATURE_NODES = 48  # tanh: ~1e-5 absolute error; erf: ~1e-7


def _relu_expectations(k11, k22, k12):
    """E[relu relu] and E[step step] for (u, u') ~ N(0, [[k11, k12], [k12, k22]]), broadcast."""
    norm = np.sqrt(k11 * k22)
    cos = np.clip(k12 / np.maximum(norm, 1e-300), -1.0, 1.0)
    theta = np.arccos(cos)
    sin = np.sqrt(np.maximum(1.0 - cos * cos, 0.0))
    return (norm * (sin + (np.pi - theta) * cos) / (2 * np.pi),
            (np.pi - theta) / (2 * np.pi))


def _erf_expectations(k11, k22, k12):
    """E[erf erf] and E[erf' erf'] for (u, u') ~ N(0, [[k11, k12], [k12, k22]]), broadcast."""
    spread = (1.0 + 2.0 * k11) * (1.0 + 2.0 * k22)
    arg = np.clip(2.0 * k12 / np.sqrt(spread), -1.0, 1.0)
    return ((2.0 / np.pi) * np.arcsin(arg),
            (4.0 / np.pi) / np.sqrt(spread - 4.0 * k12 * k12))


def _quadrature_expectations(activation: str, nodes: int = QUADRATURE_NODES):
    """E[phi phi] and E[phi' phi'] by 2-D Gauss-Hermite quadrature, for any ``models`` phi.

    Writes u = s1 a, u' = s2 (rho a + sqrt(1 - rho^2) b) with a, b independent N(0, 1).
    """
    a_np, w_np = np.polynomial.hermite_e.hermegauss(nodes)
    a = torch.as_tensor(a_np)
    w = torch.as_tensor(w_np / math.sqrt(2 * math.pi))  # weights of the N(0, 1) density

    def expectations(k11, k22, k12):
        k11, k22, k12 = (torch.as_tensor(k) for k in np.broadcast_arrays(k11, k22, k12))
        s1, s2 = torch.sqrt(k11), torch.sqrt(k22)
        rho = (k12 / (s1 * s2).clamp_min(1e-300)).clamp(-1.0, 1.0)
        perp = torch.sqrt(1.0 - rho * rho)
        e_phi = torch.zeros_like(k12)
        e_dphi = torch.zeros_like(k12)
        for a_i, w_i in zip(a, w):
            u1 = s1 * a_i
            u2 = s2[..., None] * (rho[..., None] * a_i + perp[..., None] * a)  # (..., nodes)
            e_phi += w_i * phi(u1, activation) * (phi(u2, activation) @ w)
            e_dphi += w_i * phi_prime(u1, activation) * (phi_prime(u2, activation).to(w.dtype) @ w)
        return e_phi.numpy(), e_dphi.numpy()

    return expectations


def _expectations(activation: str):
    if activation == "relu":
        return _relu_expectations
    if activation == "erf":
        return _erf_expectations
    if activation in ACTIVATIONS:
        return _quadrature_expectations(activation)
    raise ValueError(f"unknown activation {activation!r}; choose from {ACTIVATIONS}")


def _as_points(x) -> np.ndarray:
    """(N,) or (N, d) array-like -> (N, d) float64 array."""
    x = np.asarray(x, dtype=np.float64)
    return x[:, None] if x.ndim == 1 else x


def infinite_kernels(x1, x2=None, depth: int = 1, activation: str = "relu", bias: bool = True,
                     bias_std: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """(nngp, ntk) of a depth-``depth`` net in the infinite-width limit (module docstring).

    x1: (N, d) or (N,), x2: (M, d) or (M,) (default x1) -> two (N, M) float64 arrays; d = d_in.
    """
    if depth < 1:
        raise ValueError("depth must be positive")
    expect = _expectations(activation)
    a = _as_points(x1)
    b = a if x2 is None else _as_points(x2)
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"x1 and x2 have different input dimensions {a.shape[1]} and {b.shape[1]}")
    shift = bias_std ** 2 if bias else 0.0
    d_in = a.shape[1]
    sigma = (a @ b.T + shift) / d_in
    var1 = ((a * a).sum(1) + shift) / d_in  # diagonals Sigma_l(x, x), propagated alongside
    var2 = ((b * b).sum(1) + shift) / d_in
    theta = np.zeros_like(sigma)
    for _ in range(depth):
        e_phi, e_dphi = expect(var1[:, None], var2[None, :], sigma)
        theta = theta * e_dphi + e_phi
        sigma = e_phi
        var1, var2 = expect(var1, var1, var1)[0], expect(var2, var2, var2)[0]
    return sigma, theta


def nngp(x1, x2=None, depth: int = 1, activation: str = "relu", bias: bool = True,
         bias_std: float = 1.0) -> np.ndarray:
    """Infinite-width covariance E[f(x1) f(x2)] at init: (N, M) float64."""
    return infinite_kernels(x1, x2, depth, activation, bias, bias_std)[0]


def ntk_infinite(x1, x2=None, depth: int = 1, activation: str = "relu", bias: bool = True,
                 bias_std: float = 1.0) -> np.ndarray:
    """Infinite-width limit of Theta / width: (N, M) float64.  Multiply by m for a width-m net."""
    return infinite_kernels(x1, x2, depth, activation, bias, bias_std)[1]


def config_kernels(config: MLPConfig, x1, x2=None) -> tuple[np.ndarray, np.ndarray]:
    """``infinite_kernels`` for the architecture of ``config`` (LeCun init only).

    Points are (N, d_in) or, when d_in = 1, (N,).  Returns (nngp, ntk), each (N, M).
    """
    if config.init != "lecun":
        raise ValueError("the analytic kernels assume LeCun init")
    d_in = _as_points(x1).shape[1]
    if d_in != config.d_in:
        raise ValueError(f"points have {d_in} coordinates, config.d_in is {config.d_in}")
    return infinite_kernels(x1, x2, config.depth, config.activation, config.bias, config.bias_std)
