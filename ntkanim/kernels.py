"""Empirical neural tangent kernels and output-weighted gradients, by the layer-wise formula.

For the nets of ``models`` the per-sample gradient of f w.r.t. W_l is the outer product
``g_l h_{l-1}^T``, so the tangent kernel never needs the (N, p) Jacobian J:

    Theta(x, x') = J(x) J(x')^T = sum_l (g_l(x) . g_l(x')) * (h_{l-1}(x) . h_{l-1}(x') + [bias]).

With outputs ``y = alpha (f - f_0)`` the post's normalized kernel ``ntk = J_y J_y^T / alpha^2``
equals ``Theta`` of f, whatever alpha is.
"""
from __future__ import annotations

from typing import Sequence

import torch

from .config import MLPConfig
from .models import backward, forward, split_layers


def _kernel_from_features(hs, gs, bias: bool, split: int | None) -> torch.Tensor:
    """sum_l (G_l G_l'^T) * (H_{l-1} H_{l-1}'^T + bias), rows [:split], columns [split:]."""
    total = None
    for h, g in zip(hs, gs):
        if split is None:
            hh = torch.matmul(h, h.transpose(1, 2))
            gg = torch.matmul(g, g.transpose(1, 2))
        else:
            hh = torch.matmul(h[:, :split], h[:, split:].transpose(1, 2))
            gg = torch.matmul(g[:, :split], g[:, split:].transpose(1, 2))
        term = gg * (hh + 1.0) if bias else gg * hh
        total = term if total is None else total + term
    return total


def ntk(params: Sequence[torch.Tensor], x1: torch.Tensor, config: MLPConfig,
        x2: torch.Tensor | None = None) -> torch.Tensor:
    """Empirical NTK of f for each net.  x1: (N, d_in), x2: (M, d_in) -> (K, N, M).

    Without x2 it is the (K, N, N) kernel on x1.
    """
    x = x1 if x2 is None else torch.cat([x1, x2], dim=0)
    f, hs, zs = forward(params, x, config)
    gs = backward(params, zs, config)
    return _kernel_from_features(hs, gs, config.bias, None if x2 is None else x1.shape[0])


def features(params: Sequence[torch.Tensor], x: torch.Tensor, config: MLPConfig):
    """One forward/backward pass: f (K, N), hs = [h_0 .. h_L], gs = [g_1 .. g_{L+1}].

    The per-sample gradient of f w.r.t. (W_l, b_l) is (g_l h_{l-1}^T, g_l).
    """
    f, hs, zs = forward(params, x, config)
    return f, hs, backward(params, zs, config)


def ntk_from_features(hs, gs, bias: bool) -> torch.Tensor:
    """The (K, N, N) kernel of the points whose features ``features`` returned."""
    return _kernel_from_features(hs, gs, bias, None)


def descend(params: Sequence[torch.Tensor], hs, gs, r: torch.Tensor, lr: float, bias: bool):
    """In place, ``w -= lr * J_f^T r`` for every net; r: (K, N) is dL/df at the current w.

    hs, gs must come from ``features`` at the current params (all read before any write).
    """
    layers = split_layers(params, bias)
    for (w, b), h, g in zip(layers, hs, gs):
        gr = g * r[..., None]
        w.baddbmm_(gr.transpose(1, 2), h, alpha=-lr)
        if b is not None:
            b.add_(gr.sum(dim=1), alpha=-lr)
