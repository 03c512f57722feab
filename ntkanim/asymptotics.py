"""Width asymptotics of a one-hidden-layer net at initialization: ||grad y||, ||Hessian y||, kappa.

The post's net is ``y = sum_i b_i sigma(a_i x)`` at one fixed input x, with a_i ~ N(0, 1) and
b_i ~ N(0, 1/m) (LeCun: variance 1/fan_in).  Its gradient has the blocks

    dy/da_i = b_i sigma'(a_i x) x,      dy/db_i = sigma(a_i x),

and its Hessian is [[diag(b_i sigma''(a_i x) x^2), diag(sigma'(a_i x) x)], [diag(...), 0]]:
after a permutation it is block diagonal with m independent symmetric 2x2 blocks
[[p_i, q_i], [q_i, 0]], whose largest |eigenvalue| is |p_i|/2 + sqrt(p_i^2/4 + q_i^2).  So the
operator norm is exact and costs O(m), never a (2m, 2m) matrix.  The post drops the O(1) factor
||y(w0) - y_bar|| from kappa; here ``kappa = ||Hessian|| / ||grad||^2``.
"""
from __future__ import annotations


import numpy as np
import torch

from .config import AsymptoticsConfig
from .models import phi


def activation_derivatives(z: torch.Tensor, activation: str):
    """(sigma(z), sigma'(z), sigma''(z)) elementwise, by autograd."""
    z = z.detach().clone().requires_grad_(True)
    s0 = phi(z, activation)
    (s1,) = torch.autograd.grad(s0.sum(), z, create_graph=True)
    (s2,) = torch.autograd.grad(s1.sum(), z)
    return s0.detach(), s1.detach(), s2


def gradient_and_hessian_blocks(a: torch.Tensor, b: torch.Tensor, x: float, activation: str):
    """Gradient blocks and Hessian diagonals of y = sum_i b_i sigma(a_i x); a, b (..., m).

    Returns dy/da, dy/db, p = d2y/da_i^2 = b sigma'' x^2 and q = d2y/da_i db_i = sigma' x,
    all (..., m).
    """
    s0, s1, s2 = activation_derivatives(a * x, activation)
    return b * s1 * x, s0, b * s2 * x * x, s1 * x


def block_operator_norm(p: torch.Tensor, q: torch.Tensor) -> torch.Tensor:
    """max_i of the largest |eigenvalue| of [[p_i, q_i], [q_i, 0]]; reduces the last axis."""
    return (p.abs() / 2 + torch.sqrt(p * p / 4 + q * q)).amax(-1)


def draw(config: AsymptoticsConfig, dtype=torch.float64):
    """a, b (S, W, M) and mask (W, M) with M = max width: net (s, w) is the columns < widths[w]
    (mask True there; a = b = 0 elsewhere).

    Seed s draws its nets from its own generator: a_i ~ N(0, 1), b_i ~ N(0, 1/m).
    """
    m_max = max(config.widths)
    m = torch.tensor(config.widths, dtype=dtype)[:, None]  # (W, 1)
    mask = torch.arange(m_max)[None, :] < m  # (W, M)
    shape = (len(config.widths), m_max)
    a, b = [], []
    for seed in config.seeds:  # S generator draws; the arithmetic below is batched
        gen = torch.Generator().manual_seed(int(seed))
        a.append(torch.randn(shape, generator=gen, dtype=dtype) * mask)
        b.append(torch.randn(shape, generator=gen, dtype=dtype) * mask / torch.sqrt(m))
    return torch.stack(a), torch.stack(b), mask


def run(config: AsymptoticsConfig, device: str = "cpu", progress=None) -> dict[str, np.ndarray]:
    """width (W,), seed (S,), grad_norm, hessian_norm, kappa (S, W), float64.

    Padded units (a = b = 0) add sigma(0)^2 = 0 to the gradient and q = sigma'(0) x to the
    Hessian, so they are masked out of both.
    """
    a, b, mask = draw(config)
    da, db, p, q = gradient_and_hessian_blocks(a, b, config.x, config.activation)
    grad_norm = torch.sqrt(((da ** 2 + db ** 2) * mask).sum(-1))
    hessian_norm = block_operator_norm(p * mask, q * mask)
    if progress is not None:
        progress(len(config.seeds))
    return {
        "width": np.asarray(config.widths, dtype=np.int64),
        "seed": np.asarray(config.seeds, dtype=np.int64),
        "grad_norm": grad_norm.numpy(), "hessian_norm": hessian_norm.numpy(),
        "kappa": (hessian_norm / grad_norm ** 2).numpy(),
    }
