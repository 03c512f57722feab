"""Fully connected nets as stacked parameter tensors: K nets evaluated as one batched computation.

A net of depth L has L hidden layers of `width` units and a linear read-out:

    h_0 = x,   z_l = h_{l-1} W_l^T + b_l,   h_l = phi(z_l)   (l = 1..L),   f = z_{L+1}.

Parameters of an ensemble of K nets are a flat list ``[W_1, b_1, ..., W_{L+1}, b_{L+1}]`` with
shapes ``W_l: (K, n_l, n_{l-1})`` and ``b_l: (K, n_l)`` (biases left out when ``bias=False``).

Initialization:
  * ``lecun`` (default, as the post asks): ``W_l ~ N(0, 1/n_{l-1})`` and
    ``b_l ~ N(0, bias_std^2/n_{l-1})``: every parameter's variance goes inversely with fan-in.
  * ``torch``: PyTorch's ``nn.Linear`` default, ``W_l, b_l ~ U(-1/sqrt(n_{l-1}), 1/sqrt(n_{l-1}))``.

Nets of different widths share one ensemble by zero padding to the widest: every supported
activation has ``phi(0) = 0``, so a padded unit outputs 0, receives zero gradient and stays 0.
"""
from __future__ import annotations

import math
from typing import Sequence

import torch

from .config import MLPConfig

_SQRT_2PI = math.sqrt(2.0 * math.pi)


def phi(z: torch.Tensor, activation: str) -> torch.Tensor:
    """The activation, elementwise."""
    if activation == "relu":
        return torch.relu(z)
    if activation == "tanh":
        return torch.tanh(z)
    if activation == "erf":
        return torch.erf(z)
    return z * 0.5 * (1.0 + torch.erf(z / math.sqrt(2.0)))  # exact gelu


def phi_prime(z: torch.Tensor, activation: str) -> torch.Tensor:
    """Derivative of the activation, elementwise (relu'(0) = 0, as autograd has it; a bool mask for relu)."""
    if activation == "relu":
        return z > 0  # bool: multiplies as 0/1
    if activation == "tanh":
        return 1.0 - torch.tanh(z) ** 2
    if activation == "erf":
        return (2.0 / math.sqrt(math.pi)) * torch.exp(-z * z)
    cdf = 0.5 * (1.0 + torch.erf(z / math.sqrt(2.0)))
    return cdf + z * torch.exp(-0.5 * z * z) / _SQRT_2PI


def init_net(config: MLPConfig, seed: int, width: int | None = None,
             dtype=torch.float64) -> list[torch.Tensor]:
    """Parameters of one net, drawn on the CPU from its own generator: shapes without K."""
    gen = torch.Generator().manual_seed(int(seed))
    sizes = config.layer_sizes(width)
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        if config.init == "lecun":
            w = torch.randn(n_out, n_in, generator=gen, dtype=dtype) / math.sqrt(n_in)
            b = torch.randn(n_out, generator=gen, dtype=dtype) * (config.bias_std / math.sqrt(n_in))
        else:
            bound = 1.0 / math.sqrt(n_in)
            w = (torch.rand(n_out, n_in, generator=gen, dtype=dtype) * 2 - 1) * bound
            b = (torch.rand(n_out, generator=gen, dtype=dtype) * 2 - 1) * bound
        params.append(w)
        if config.bias:
            params.append(b)
    return params


def init_ensemble(config: MLPConfig, seeds: Sequence[int], widths: Sequence[int] | None = None,
                  dtype=torch.float64, device="cpu") -> list[torch.Tensor]:
    """Stacked parameters of K nets, net k drawn from ``seeds[k]`` at width ``widths[k]``.

    Net k equals ``init_net(config, seeds[k], widths[k])`` zero-padded to ``max(widths)``.
    Returns the flat list of (K, ...) tensors described in the module docstring.
    """
    widths = [config.width] * len(seeds) if widths is None else list(widths)
    if len(widths) != len(seeds):
        raise ValueError("seeds and widths must have the same length")
    full = config.layer_sizes(max(widths))
    nets = [init_net(config, s, m, dtype) for s, m in zip(seeds, widths)]
    stacked = []
    for i, _ in enumerate(nets[0]):
        layer = i // 2 if config.bias else i
        shape = (full[layer + 1], full[layer]) if (not config.bias or i % 2 == 0) else (full[layer + 1],)
        block = torch.zeros((len(nets),) + shape, dtype=dtype)
        for k, net in enumerate(nets):
            p = net[i]
            block[(k,) + tuple(slice(0, n) for n in p.shape)] = p
        stacked.append(block.to(device))
    return stacked


def narrow(params: Sequence[torch.Tensor], config: MLPConfig, width: int) -> list[torch.Tensor]:
    """Views of the parameters keeping the first ``width`` units of every hidden layer.

    Nets no wider than ``width`` compute exactly what they compute padded (the cut units are
    zero); in-place updates of the views update ``params``.
    """
    layers = split_layers(params, config.bias)
    out = []
    for i, (w, b) in enumerate(layers):
        rows = slice(None) if i == len(layers) - 1 else slice(0, width)
        cols = slice(None) if i == 0 else slice(0, width)
        out.append(w[:, rows, cols])
        if b is not None:
            out.append(b[:, rows])
    return out


def split_layers(params: Sequence[torch.Tensor], bias: bool):
    """[(W_1, b_1), ..., (W_{L+1}, b_{L+1})], with b_l = None when the net has no biases."""
    if bias:
        return list(zip(params[0::2], params[1::2]))
    return [(w, None) for w in params]


def forward(params: Sequence[torch.Tensor], x: torch.Tensor, config: MLPConfig):
    """Outputs and the activations backprop needs.

    x: (N, d_in) or (K, N, d_in).  Returns f (K, N), hs = [h_0 .. h_L] with h_l (K, N, n_l),
    and zs = [z_1 .. z_L] (K, N, n_l), the hidden pre-activations.
    """
    layers = split_layers(params, config.bias)
    h = x.expand(layers[0][0].shape[0], *x.shape) if x.dim() == 2 else x
    hs, zs = [h], []
    for w, b in layers[:-1]:
        wt = w.transpose(1, 2)
        z = torch.matmul(h, wt) if b is None else torch.baddbmm(b[:, None, :], h, wt)
        h = phi(z, config.activation)
        zs.append(z)
        hs.append(h)
    w, b = layers[-1]
    f = torch.matmul(h, w.transpose(1, 2))[..., 0]
    if b is not None:
        f = f + b
    return f, hs, zs


def backward(params: Sequence[torch.Tensor], zs: Sequence[torch.Tensor], config: MLPConfig):
    """Per-sample output gradients w.r.t. every layer's pre-activations.

    Returns gs = [g_1 .. g_{L+1}], g_l = d f / d z_l of shape (K, N, n_l); g_{L+1} = 1.
    Then d f / d W_l = g_l h_{l-1}^T and d f / d b_l = g_l, per sample.
    """
    layers = split_layers(params, config.bias)
    k, n = zs[-1].shape[:2]
    g = torch.ones(k, n, 1, dtype=zs[-1].dtype, device=zs[-1].device)
    gs = [g]
    for (w, _), z in zip(reversed(layers[1:]), reversed(zs)):
        g = torch.matmul(g, w) * phi_prime(z, config.activation)
        gs.append(g)
    return gs[::-1]


def evaluate(params: Sequence[torch.Tensor], x: torch.Tensor, config: MLPConfig) -> torch.Tensor:
    """f(x, w) for every net: x (N, d_in) -> (K, N)."""
    return forward(params, x, config)[0]
