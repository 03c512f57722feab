"""GD of the batched ensemble: exactness, determinism, and the kernel regime of the post."""
import numpy as np
import pytest
import torch

from ntkanim.config import GDConfig, MLPConfig
from ntkanim.models import evaluate, init_ensemble
from ntkanim.training import DivergenceError, train

from conftest import tiny_config


def test_ensemble_equals_separately_trained_nets():
    config = tiny_config(alpha=(0.1, 1.0, 10.0), seeds=(4, 5, 6))
    together = train(config)
    for k in range(3):
        alone = train(tiny_config(alpha=(config.alpha[k],), seeds=(config.seeds[k],)))
        for name in ("y", "loss", "ntk", "f_grid", "weight_change"):
            np.testing.assert_allclose(together[name][k], alone[name][0], rtol=1e-6, atol=1e-9)


def test_gd_step_is_the_autograd_gradient():
    """One recorded step equals w - lr * dL/dw with L = ||y - y_bar||^2 / (2 alpha^2) by autograd."""
    mc = MLPConfig(width=8, depth=2, activation="tanh")
    config = GDConfig(model=mc, alpha=(3.0,), seeds=(0,), steps=1, frames=2, lr=1e-2)
    out = train(config)
    params = [p.requires_grad_() for p in init_ensemble(mc, [0])]
    x = torch.tensor(config.x_data, dtype=torch.float64)[:, None]
    y_bar = torch.tensor(config.y_data, dtype=torch.float64)
    f0 = evaluate(params, x, mc).detach()
    loss = ((3.0 * (evaluate(params, x, mc) - f0) - y_bar) ** 2).sum() / (2 * 9.0)
    grads = torch.autograd.grad(loss, params)
    with torch.no_grad():
        stepped = [p - 1e-2 * g for p, g in zip(params, grads)]
        y1 = 3.0 * (evaluate(stepped, x, mc) - f0)
    np.testing.assert_allclose(out["y"][0, 1], y1[0].numpy(), rtol=1e-10, atol=1e-12)


def test_zeroed_nets_start_at_zero_and_record_shapes(tiny_record):
    r = tiny_record
    k, t, n, g = 2, 12, 2, 200
    assert r["y"].shape == (k, t, n) and r["ntk"].shape == (k, t, n, n)
    assert r["loss"].shape == (k, t) and r["f_grid"].shape == (k, t, g)
    assert r["y_path"].shape == (k, 56, n)  # steps 0 .. 55 = (frames - 1) * every
    np.testing.assert_array_equal(r["y"][:, 0], 0.0)
    np.testing.assert_array_equal(r["f_grid"][:, 0], 0.0)
    np.testing.assert_array_equal(r["step"], np.arange(12) * 5)
    np.testing.assert_allclose(r["y_path"][:, r["step"]], r["y"])


def test_same_config_same_arrays():
    a, b = train(tiny_config()), train(tiny_config())
    assert a.keys() == b.keys()
    for name in a:
        np.testing.assert_array_equal(a[name], b[name])


def test_large_alpha_follows_the_kernel_regime_prediction():
    """alpha >= 100: y_k = y_bar + (I - lr ntk_0)^k (y_0 - y_bar) within 1% of ||y_bar||."""
    config = GDConfig(model=MLPConfig(width=100), alpha=(100.0, 1000.0), seeds=(0, 1),
                      lr=1e-4, steps=2000, frames=41)
    r = train(config)
    y_bar = r["y_data"]
    for k in range(2):
        step = np.eye(2) - config.lr * r["ntk"][k, 0]
        for t, n in enumerate(r["step"]):
            pred = y_bar + np.linalg.matrix_power(step, int(n)) @ (r["y"][k, 0] - y_bar)
            assert np.linalg.norm(r["y"][k, t] - pred) < 0.01 * np.linalg.norm(y_bar)
    assert np.linalg.norm(r["y"][:, -1] - y_bar, axis=1).max() < 0.5  # and it did train


def test_small_alpha_moves_the_kernel():
    config = GDConfig(model=MLPConfig(width=100), alpha=(0.01,), seeds=(0,), lr=1e-4,
                      steps=2000, frames=2)
    r = train(config)
    ntk0, ntk1 = r["ntk"][0, 0], r["ntk"][0, -1]
    assert np.linalg.norm(ntk1 - ntk0) / np.linalg.norm(ntk0) > 0.1


def test_function_space_step_uses_the_normalized_kernel():
    """y_{n+1} - y_n ~= -lr ntk (y_n - y_bar) for every alpha (first order in lr)."""
    r = train(tiny_config(alpha=(0.1, 1.0, 10.0), seeds=(0, 1, 2), steps=1, frames=2, lr=1e-6))
    for k in range(3):
        want = -1e-6 * r["ntk"][k, 0] @ (r["y"][k, 0] - r["y_data"])
        np.testing.assert_allclose(r["y"][k, 1] - r["y"][k, 0], want, rtol=1e-3)


def test_divergence_is_a_clear_error():
    with pytest.raises(DivergenceError, match="try a smaller --lr"):
        train(tiny_config(lr=10.0, steps=200, frames=11))


def test_config_validation():
    with pytest.raises(ValueError):
        tiny_config(alpha=(1.0, -1.0))
    with pytest.raises(ValueError):
        tiny_config(frames=100, steps=10)
    with pytest.raises(ValueError):
        MLPConfig(width=0)
