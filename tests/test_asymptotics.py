"""Width asymptotics: the 2x2-block gradient and Hessian against dense autograd, and the slopes."""
import numpy as np
import pytest
import torch

from ntkanim.asymptotics import (AsymptoticsConfig, block_operator_norm, draw,
                                 gradient_and_hessian_blocks, run)
from ntkanim.models import phi
from scenes.asymptotics import loglog_fit


def dense(a: torch.Tensor, b: torch.Tensor, x: float, activation: str):
    """Gradient (2m,) and Hessian (2m, 2m) of y = sum b_i sigma(a_i x) in w = (a, b): autograd."""
    m = len(a)

    def y(w):
        return (w[m:] * phi(w[:m] * x, activation)).sum()

    w = torch.cat([a, b])
    grad = torch.autograd.functional.jacobian(y, w)
    return grad, torch.autograd.functional.hessian(y, w)


@pytest.mark.parametrize("activation", ["tanh", "erf", "gelu"])
@pytest.mark.parametrize("x", [1.0, -2.3])
def test_blocks_equal_the_dense_autograd_hessian(activation, x):
    gen = torch.Generator().manual_seed(3)
    m = 7
    a = torch.randn(m, generator=gen, dtype=torch.float64)
    b = torch.randn(m, generator=gen, dtype=torch.float64) / m ** 0.5
    da, db, p, q = gradient_and_hessian_blocks(a, b, x, activation)
    grad, hess = dense(a, b, x, activation)
    np.testing.assert_allclose(torch.cat([da, db]), grad, rtol=1e-12, atol=1e-14)
    blocks = torch.zeros(2 * m, 2 * m, dtype=torch.float64)
    idx = torch.arange(m)
    blocks[idx, idx] = p
    blocks[idx, idx + m] = blocks[idx + m, idx] = q
    np.testing.assert_allclose(blocks, hess, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(block_operator_norm(p, q), torch.linalg.matrix_norm(hess, 2),
                               rtol=1e-12)


def test_record_equals_dense_computation_of_each_unpadded_net():
    config = AsymptoticsConfig(widths=(3, 9), seeds=(0, 5))
    rec = run(config)
    a, b, _ = draw(config)
    for s in range(2):
        for w, m in enumerate(config.widths):
            grad, hess = dense(a[s, w, :m], b[s, w, :m], config.x, config.activation)
            assert np.isclose(rec["grad_norm"][s, w], grad.norm().item(), rtol=1e-12)
            h = torch.linalg.matrix_norm(hess, 2).item()
            assert np.isclose(rec["hessian_norm"][s, w], h, rtol=1e-12)
            assert np.isclose(rec["kappa"][s, w], h / grad.norm().item() ** 2, rtol=1e-12)
    assert np.array_equal(run(config)["kappa"], rec["kappa"])  # deterministic


def test_fitted_slopes_are_the_posts():
    rec = run(AsymptoticsConfig())  # widths 8 .. 4096, 16 seeds
    width = rec["width"].astype(float)
    for key, expected in (("grad_norm", 0.5), ("hessian_norm", 0.0), ("kappa", -1.0)):
        slope, _ = loglog_fit(width, rec[key])
        assert abs(slope - expected) < 0.1, (key, slope)


def test_loglog_fit_recovers_a_power_law():
    x = np.array([1.0, 10.0, 100.0])
    slope, intercept = loglog_fit(x, np.stack([2 * x ** -0.7, 8 * x ** -0.7]))
    assert np.isclose(slope, -0.7) and np.isclose(np.exp(intercept), 4.0)


def test_bad_configs_are_rejected():
    for bad in (dict(widths=()), dict(widths=(0, 4)), dict(x=0.0), dict(activation="relu")):
        with pytest.raises(ValueError):
            AsymptoticsConfig(**bad)
