"""Predictions recorded next to the real runs: y_pred, the linearized twin, the infinite-width
kernel (ntkanim.predictions), the kernel-width experiment, and the eigen-decay components."""
import numpy as np
import pytest
import torch

from ntkanim.config import GDConfig, KernelWidthConfig, MLPConfig
from ntkanim.analytic import config_kernels
from ntkanim.experiments import EXPERIMENTS, simulate
from ntkanim.kernel_width import empirical_kernel, relative_error
from ntkanim.kernel_width import run as run_kernel_width
from ntkanim.kernels import ntk
from ntkanim.linearized import train_linearized
from ntkanim.models import init_ensemble
from ntkanim.predictions import run_gd
from scenes.eigen_decay import data, eigen_components


@pytest.fixture(scope="module")
def alphas_run():
    """alpha 1000 and 0.01, same seed, with the twin and the infinite-width kernel."""
    config = GDConfig(model=MLPConfig(width=64, depth=2), alpha=(1000.0, 0.01), seeds=(0, 0),
                      lr=2e-3, steps=300, frames=21, grid=(-3.0, 3.0, 9), twin=True,
                      infinite=True)
    return config, run_gd(config)


def test_large_alpha_runs_on_its_prediction_small_alpha_does_not(alphas_run):
    _, record = alphas_run
    assert record["y_pred"].shape == record["y"].shape == (2, 21, 2)
    error = np.abs(record["y"] - record["y_pred"]).max(axis=(1, 2))
    error /= np.linalg.norm(record["y_data"])
    assert error[0] < 0.01  # the post's kernel regime: O(1/alpha), here ~1e-5
    assert error[1] > 0.1   # alpha = 0.01: the kernel moves


def test_twin_arrays_are_train_linearized(alphas_run):
    config, record = alphas_run
    twin = train_linearized(config)
    np.testing.assert_array_equal(record["y_lin"], twin["y"])
    np.testing.assert_array_equal(record["f_grid_lin"], twin["f_grid"])
    # on the data the twin is the kernel-regime prediction, up to rounding
    np.testing.assert_allclose(record["y_lin"], record["y_pred"], rtol=0, atol=1e-9)


def test_infinite_kernel_is_the_analytic_one(alphas_run):
    config, record = alphas_run
    expected = config_kernels(config.model, np.asarray(config.x_data))[1]
    np.testing.assert_array_equal(record["ntk_inf"], expected)
    # and a width-m net's kernel at init is about m ntk_inf: 16 seeds of width 1600 (~0.7%)
    mc = MLPConfig(width=1600)
    x = torch.tensor(config.x_data, dtype=torch.float64)[:, None]
    mean = ntk(init_ensemble(mc, range(16)), x, mc).numpy().mean(0) / 1600
    assert np.linalg.norm(mean - expected) / np.linalg.norm(expected) < 0.03


def test_flags_and_arrays():
    base = dict(model=MLPConfig(width=8), steps=10, frames=3)
    plain = run_gd(GDConfig(**base))
    assert "y_pred" in plain and not {"y_lin", "f_grid_lin", "ntk_inf"} & set(plain)
    assert "y_pred" not in run_gd(GDConfig(**base, record_ntk=False))
    assert "y_pred" not in run_gd(GDConfig(**base, stop_loss=1e-3))
    with pytest.raises(ValueError, match="twin"):
        GDConfig(**base, twin=True, stop_loss=1e-3)
    with pytest.raises(ValueError, match="LeCun"):
        GDConfig(model=MLPConfig(width=8, init="torch"), infinite=True)
    assert EXPERIMENTS["gd-ensemble"].runner == "predictions:run_gd"


def test_progress_counts_config_steps_with_the_twin():
    config = GDConfig(model=MLPConfig(width=8), steps=250, frames=6, twin=True)
    calls = []
    run_gd(config, progress=calls.append)
    assert sum(calls) == config.steps and all(isinstance(n, int) for n in calls)


def test_kernel_width_empirical_curves_converge():
    config = KernelWidthConfig(widths=(10, 100, 1000, 4000), seeds=(0, 1, 2, 3),
                               grid=(-4.0, 3.0, 41))
    record = run_kernel_width(config)
    assert record["ntk_empirical"].shape == (4, 4, 41) and record["ntk_analytic"].shape == (41,)
    error = relative_error(record["ntk_empirical"], record["ntk_analytic"]).mean(1)
    assert np.all(np.diff(error) < 0), error  # ~0.56, 0.17, 0.10, 0.04
    assert error[-1] < 0.08


def test_kernel_width_net_is_the_models_net():
    # one code path for every width: kernels.ntk of init_net(seed) at x2 = x0, divided by m
    config = KernelWidthConfig(grid=(-1.0, 2.0, 7), dtype="float64")
    mc = config.model(12)
    x = torch.tensor(config.x_grid())[:, None]
    expected = ntk(init_ensemble(mc, [3]), x, mc, torch.tensor([[config.x0]]))[0, :, 0] / 12
    np.testing.assert_allclose(empirical_kernel(config, 12, 3), expected.numpy(), rtol=1e-12)


def test_eigen_components_decay_at_their_predicted_rates():
    x_data, y_data = data(6)
    config = GDConfig(model=MLPConfig(width=100), x_data=x_data, y_data=y_data,
                      alpha=(1000.0, 0.1), seeds=(0, 0), lr=2e-3, steps=200, frames=11,
                      grid=(-2.0, 2.0, 2))
    record = simulate(config, "eigen-decay")
    lam, c, c_pred = eigen_components(record, ("y", "y_pred"))
    n = record["step"]
    rate = np.log1p(-config.lr * lam[0])  # predicted log-decay per step, (N,)
    np.testing.assert_allclose(c_pred[0], c_pred[0, :1] * np.exp(np.outer(n, rate)),
                               rtol=1e-9, atol=1e-12)
    slow = lam[0] * config.lr * n[-1] < 5  # components still far above the floor at the end
    assert slow.sum() >= 3
    measured = np.log(np.abs(c[0, -1, slow] / c[0, 0, slow])) / n[-1]
    np.testing.assert_allclose(measured, rate[slow], rtol=0.01)
    contrast = np.log(np.abs(c[1, -1, slow] / c[1, 0, slow])) / n[-1]
    assert np.abs(contrast / rate[slow] - 1).max() > 0.2  # small alpha: the kernel moves
