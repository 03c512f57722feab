"""Infinite-width kernels against closed forms written out here and Monte Carlo over wide nets."""
import math

import numpy as np
import pytest
import torch

from ntkanim.analytic import (_erf_expectations, _quadrature_expectations, config_kernels,
                              infinite_kernels, nngp, ntk_infinite)
from ntkanim.kernels import ntk
from ntkanim.models import MLPConfig, init_ensemble

X = np.array([[1.0, 0.5], [0.6, 1.0], [1.2, -0.2], [-0.5, 0.8]])  # (4, 2); pairs of all signs


def relu_depth1(x, xp, bias_std):
    """E[relu(u) relu(u')], u ~ N(0, Sigma_1): the arc-cosine kernel of degree 1, by hand."""
    d = len(x)
    k12 = (sum(a * b for a, b in zip(x, xp)) + bias_std ** 2) / d
    k11 = (sum(a * a for a in x) + bias_std ** 2) / d
    k22 = (sum(b * b for b in xp) + bias_std ** 2) / d
    theta = math.acos(max(-1.0, min(1.0, k12 / math.sqrt(k11 * k22))))
    return math.sqrt(k11 * k22) / (2 * math.pi) * (math.sin(theta) + (math.pi - theta) * math.cos(theta))


@pytest.mark.parametrize("bias_std", [1.0, 0.3])
def test_relu_depth1_closed_form(bias_std):
    # depth 1: Theta / m -> the read-out weights' term h_1 . h_1' / m -> E[relu relu] = NNGP
    expected = np.array([[relu_depth1(a, b, bias_std) for b in X] for a in X])
    sigma, theta = infinite_kernels(X, depth=1, activation="relu", bias_std=bias_std)
    np.testing.assert_allclose(sigma, expected, rtol=0, atol=1e-10)
    np.testing.assert_allclose(theta, expected, rtol=0, atol=1e-10)


def test_relu_depth2_recursion_by_hand():
    # Theta_3 = Sigma_2 * E[step step] + Sigma_3, with E[step step] = (pi - theta_2) / (2 pi)
    a, b = X[0], X[3]
    k12, k11, k22 = relu_depth1(a, b, 1.0), relu_depth1(a, a, 1.0), relu_depth1(b, b, 1.0)
    theta2 = math.acos(k12 / math.sqrt(k11 * k22))
    sigma3 = math.sqrt(k11 * k22) / (2 * math.pi) * (math.sin(theta2) + (math.pi - theta2) * math.cos(theta2))
    expected = k12 * (math.pi - theta2) / (2 * math.pi) + sigma3
    assert ntk_infinite(X[:1], X[3:], depth=2)[0, 0] == pytest.approx(expected, abs=1e-12)
    assert nngp(X[:1], X[3:], depth=2)[0, 0] == pytest.approx(sigma3, abs=1e-12)


def test_erf_closed_form_matches_quadrature():
    k11 = torch.tensor([0.3, 1.0, 2.5])
    k22 = torch.tensor([0.8, 1.0, 0.4])
    k12 = torch.tensor([0.1, -0.7, 0.9])
    exact = _erf_expectations(k11, k22, k12)
    quad = _quadrature_expectations("erf", nodes=60)(k11, k22, k12)
    for e, q in zip(exact, quad):
        np.testing.assert_allclose(e.numpy(), q.numpy(), rtol=1e-8)


def test_shapes_symmetry_and_config():
    x2 = np.linspace(-1, 1, 5)
    k = ntk_infinite(X[:, :1], x2, depth=3, activation="erf", bias=False)
    assert k.shape == (4, 5) and k.dtype == np.float64
    full = ntk_infinite(X, depth=2, activation="tanh")
    np.testing.assert_allclose(full, full.T, atol=1e-12)
    assert np.all(np.linalg.eigvalsh(full) > 0)
    config = MLPConfig(depth=3, activation="erf", d_in=2, bias_std=0.5)
    np.testing.assert_array_equal(config_kernels(config, X)[1],
                                  ntk_infinite(X, depth=3, activation="erf", bias_std=0.5))
    with pytest.raises(ValueError):
        config_kernels(MLPConfig(d_in=3), X)
    with pytest.raises(ValueError):
        ntk_infinite(X, activation="sigmoid")


WIDTH = 4096


@pytest.mark.parametrize("depth,seeds", [(1, 32), (2, 12), (3, 12)])
def test_matches_monte_carlo_of_wide_nets(depth, seeds):
    # mean of Theta / m over `seeds` nets of width 4096; one seed's relative spread is ~5% (relu)
    # and ~2% (erf), so the mean is within ~1.5%; finite-width bias is O(1/m).  Tolerance 3%.
    points = torch.tensor(X, dtype=torch.float32)
    estimates = {"relu": [], "erf": []}
    for chunk in np.array_split(np.arange(seeds), max(1, seeds // 4)):
        params = init_ensemble(MLPConfig(width=WIDTH, depth=depth, d_in=2), chunk.tolist(),
                               dtype=torch.float32)  # init does not depend on the activation
        for activation, found in estimates.items():
            config = MLPConfig(width=WIDTH, depth=depth, activation=activation, d_in=2)
            found.append(ntk(params, points, config).double().numpy() / WIDTH)
        del params
    for activation, found in estimates.items():
        mean = np.concatenate(found).mean(0)
        expected = ntk_infinite(X, depth=depth, activation=activation)
        np.testing.assert_allclose(mean, expected, rtol=0.03, err_msg=activation)
