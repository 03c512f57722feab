"""Closed-form kernel-regime paths against iterating the recursion, expm, and real training."""
import numpy as np
import pytest
import scipy.linalg

from ntkanim.config import GDConfig, MLPConfig
from ntkanim.dynamics import flow_path, gd_path, predicted_y
from ntkanim.training import train

K, N, G = 3, 4, 5


@pytest.fixture
def problem():
    """ntk (K, N, N) PSD with a zero eigenvalue in net 0, cross kernel (K, G, N), u0, f0_grid."""
    rng = np.random.default_rng(0)
    a = rng.normal(size=(K, N, N))
    ntk = a @ a.transpose(0, 2, 1) / N
    lam, v = np.linalg.eigh(ntk[0])
    ntk[0] = (v * np.r_[0.0, lam[1:]]) @ v.T  # a direction GD never moves
    return ntk, rng.normal(size=(K, G, N)), rng.normal(size=(K, N)), rng.normal(size=(K, G))


def iterate_gd(ntk, cross, u0, f0_grid, lr, steps):
    """u_{k+1} = u_k - lr H u_k, f_{k+1} = f_k - lr K u_k, recorded at ``steps``."""
    u, f, us, fs = u0.copy(), f0_grid.copy(), [], []
    for k in range(max(steps) + 1):
        if k in steps:
            us.append(u.copy()), fs.append(f.copy())
        f = f - lr * np.einsum("kgn,kn->kg", cross, u)
        u = u - lr * np.einsum("kmn,kn->km", ntk, u)
    return np.stack(us, 1), np.stack(fs, 1)


@pytest.mark.parametrize("lr_lam_max", [0.1, 1.6])  # 1.6: 1 - lr lam < 0, the oscillating branch
def test_gd_path_equals_iteration(problem, lr_lam_max):
    ntk, cross, u0, f0_grid = problem
    lr = lr_lam_max / np.linalg.eigvalsh(ntk).max()
    steps = [0, 1, 2, 7, 30, 100]
    path = gd_path(ntk, u0, lr, np.array(steps), cross, f0_grid)
    u, f = iterate_gd(ntk, cross, u0, f0_grid, lr, steps)
    assert path.u.shape == (K, len(steps), N) and path.f_grid.shape == (K, len(steps), G)
    np.testing.assert_allclose(path.u, u, rtol=0, atol=1e-10)
    np.testing.assert_allclose(path.f_grid, f, rtol=0, atol=1e-10)


def test_gd_path_without_ensemble_axis_or_grid(problem):
    ntk, _, u0, _ = problem
    steps = np.arange(5)
    single = gd_path(ntk[1], u0[1], 0.1, steps)
    assert single.f_grid is None and single.u.shape == (5, N)
    np.testing.assert_allclose(single.u, gd_path(ntk, u0, 0.1, steps).u[1], atol=1e-14)


def test_flow_path_equals_expm(problem):
    ntk, cross, u0, f0_grid = problem
    times = np.array([0.0, 0.3, 2.0, 11.5])
    path = flow_path(ntk, u0, times, cross, f0_grid)
    for k in range(K):
        # d/dt [u; f] = [[-H, 0], [-K, 0]] [u; f]: one matrix exponential gives both
        generator = np.zeros((N + G, N + G))
        generator[:N, :N], generator[N:, :N] = -ntk[k], -cross[k]
        for t, time in enumerate(times):
            state = scipy.linalg.expm(generator * time) @ np.r_[u0[k], f0_grid[k]]
            np.testing.assert_allclose(path.u[k, t], state[:N], rtol=0, atol=1e-10)
            np.testing.assert_allclose(path.f_grid[k, t], state[N:], rtol=0, atol=1e-10)


@pytest.fixture(scope="module")
def run():
    """Three nets, alpha 1000, 1 and 0.01, trained by ``training.train``."""
    config = GDConfig(model=MLPConfig(width=64, depth=2), alpha=(1000.0, 1.0, 0.01),
                      seeds=(0, 1, 2), lr=2e-3, steps=300, frames=21)
    return config, train(config)


def test_large_alpha_follows_kernel_regime(run):
    # the post's claim: for large alpha the real net's y follows the kernel-regime path, error
    # O(1/alpha); for small alpha the kernel moves and it does not
    config, record = run
    pred = predicted_y(record, config.lr)
    assert pred.shape == record["y"].shape
    error = np.abs(record["y"] - pred).max(axis=(1, 2)) / np.linalg.norm(record["y_data"])
    assert error[0] < 0.01  # alpha = 1000: ~5e-6
    assert error[2] > 0.1   # alpha = 0.01: ~0.6, the kernel moves
