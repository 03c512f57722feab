"""The post's 1-parameter model and its linearization as the output scale alpha grows.

    g(x, w) = (w x + w^2 x + sin(e^{0.1 w})) (w - 0.4),     f(x, w) = alpha g(x, w),

with w0 = 0.4, so f(x, w0) = 0 and the linearization (the tangent line at w0) is
``f_lin(w) = alpha g'(w0) (w - w0)``.  The normalized loss of one data point (x, y_bar) is
``L(w) = (y_bar - f(x, w))^2 / alpha^2``: its scale does not change with alpha, while its minimum
moves to w0 as alpha grows, and the minima of L and of L_lin approach each other.  Derivatives
come from torch autograd.
"""
from __future__ import annotations


import numpy as np
import torch

from .config import ToyAlphaConfig

NEWTON_STEPS = 40


def toy_model(w: torch.Tensor, x: float, w0: float = 0.4) -> torch.Tensor:
    """g(x, w) = (w x + w^2 x + sin(e^{0.1 w})) (w - w0), elementwise in w; g(x, w0) = 0."""
    return (w * x + w ** 2 * x + torch.sin(torch.exp(0.1 * w))) * (w - w0)


def derivatives(w: torch.Tensor, x: float, w0: float = 0.4):
    """(g, g', g'') at every w by autograd; w any shape, float64."""
    w = w.detach().clone().requires_grad_(True)
    g = toy_model(w, x, w0)
    (g1,) = torch.autograd.grad(g.sum(), w, create_graph=True)
    (g2,) = torch.autograd.grad(g1.sum(), w)
    return g.detach(), g1.detach(), g2


def alphas(config: ToyAlphaConfig) -> np.ndarray:
    """(T,) log-spaced output scales from alpha_min to alpha_max."""
    return np.geomspace(config.alpha_min, config.alpha_max, config.frames)


def normalized_loss(g: torch.Tensor, alpha: torch.Tensor, y_bar: float) -> torch.Tensor:
    """(y_bar - alpha g)^2 / alpha^2 = (y_bar / alpha - g)^2, broadcasting alpha against g."""
    return (y_bar / alpha - g) ** 2


def nearest_minimum(alpha: np.ndarray, w_grid: np.ndarray, config: ToyAlphaConfig) -> np.ndarray:
    """(T,) the local minimum of the actual loss nearest to w0, for each alpha.

    Local minima of the loss on ``w_grid`` (W,) locate it; Newton's method on L'(w) = 0 with
    autograd's L'' refines it to machine precision (the grid only picks the basin).
    """
    a = torch.tensor(alpha, dtype=torch.float64)[:, None]
    g, _, _ = derivatives(torch.tensor(w_grid, dtype=torch.float64), config.x, config.w0)
    loss = normalized_loss(g[None], a, config.y_bar).numpy()  # (T, W)
    interior = (loss[:, 1:-1] <= loss[:, :-2]) & (loss[:, 1:-1] <= loss[:, 2:])
    dist = np.where(interior, np.abs(w_grid[1:-1] - config.w0), np.inf)
    w = torch.tensor(w_grid[1:-1][dist.argmin(1)], dtype=torch.float64)
    r = config.y_bar / a[:, 0]
    for _ in range(NEWTON_STEPS):
        g, g1, g2 = derivatives(w, config.x, config.w0)
        dl = -2.0 * (r - g) * g1           # L'(w)
        d2l = 2.0 * g1 ** 2 - 2.0 * (r - g) * g2  # L''(w)
        w = w - dl / d2l
    return w.numpy()


def run(config: ToyAlphaConfig, device: str = "cpu", progress=None) -> dict[str, np.ndarray]:
    """The arrays of the sweep (T frames, W = ``grid`` points), computed in float64 on the CPU.

    alpha (T,); w_grid (W,); f, f_lin (T, W) the scaled model and its tangent line on w_grid;
    loss, loss_lin (T, W) their normalized losses on w_grid; w_zoom (T, W) the shrinking window
    of frame t and loss_zoom, loss_lin_zoom (T, W) the losses on it; w_min, w_min_lin (T,) the
    actual loss's minimum nearest w0 and the linearized loss's minimum w0 + y_bar/(alpha g'(w0));
    loss_min (T,) the actual loss at w_min; slope (T,) = alpha g'(w0), the tangent's slope.
    """
    c = config
    alpha = alphas(c)
    a = torch.tensor(alpha, dtype=torch.float64)[:, None]
    unit = torch.linspace(-1.0, 1.0, c.grid, dtype=torch.float64)
    w_grid = c.w0 + c.w_span * unit
    w_zoom = c.w0 + (c.zoom_span * a ** -c.zoom_power) * unit  # (T, W)
    _, dg0, _ = derivatives(torch.tensor(c.w0, dtype=torch.float64), c.x, c.w0)
    g = toy_model(w_grid, c.x, c.w0)[None]
    g_zoom = toy_model(w_zoom, c.x, c.w0)
    lin, lin_zoom = dg0 * (w_grid - c.w0)[None], dg0 * (w_zoom - c.w0)
    w_min = nearest_minimum(alpha, w_grid.numpy(), c)
    g_min = toy_model(torch.tensor(w_min), c.x, c.w0)
    out = {
        "alpha": alpha, "w_grid": w_grid, "f": a * g, "f_lin": a * lin,
        "loss": normalized_loss(g, a, c.y_bar), "loss_lin": normalized_loss(lin, a, c.y_bar),
        "w_zoom": w_zoom, "loss_zoom": normalized_loss(g_zoom, a, c.y_bar),
        "loss_lin_zoom": normalized_loss(lin_zoom, a, c.y_bar),
        "w_min": w_min, "w_min_lin": c.w0 + c.y_bar / (a[:, 0] * dg0),
        "loss_min": normalized_loss(g_min, a[:, 0], c.y_bar), "slope": a[:, 0] * dg0,
    }
    if progress is not None:
        progress(c.frames)
    return {k: np.asarray(v, dtype=np.float64) for k, v in out.items()}
