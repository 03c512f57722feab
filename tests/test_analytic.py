"""Infinite-width kernels against closed forms written out here and Monte Carlo over wide nets."""
import math

import numpy as np
import pytest
import torch

from ntkanim.config import MLPConfig
from ntkanim.analytic import (_erf_expectations, _quadrature_expectations, config_kernels,
                              infinite_kernels, nngp, ntk_infinite)
from ntkanim.kernels import ntk
from ntkanim.models import init_ensemble

X = np.array([[1.0, 0.5], [0.6, 1.0], [1.2, -0.2], [-0.5, 0.8]])  # (4, 2); pairs of all signs


def arc_cosine(k11, k22, k12):
    """E[relu(u) relu(u')] and E[step(u) step(u')] for (u, u') ~ N(0, [[k11, k12], [k12, k22]])."""
    theta = math.acos(max(-1.0, min(1.0, k12 / math.sqrt(k11 * k22))))
    sin, cos = math.sin(theta), math.cos(theta)
    return (math.sqrt(k11 * k22) / (2 * math.pi) * (sin + (math.pi - theta) * cos),
            (math.pi - theta) / (2 * math.pi))


def relu_depth1(x, xp, bias_std=1.0):
    """Sigma_2(x, x') = E[relu relu] under Sigma_1 = (x . x' + bias_std^2) / d, by hand."""
    d = len(x)

    def sigma1(a, b):
        return (sum(ai * bi for ai, bi in zip(a, b)) + bias_std ** 2) / d

    return arc_cosine(sigma1(x, x), sigma1(xp, xp), sigma1(x, xp))[0]


@pytest.mark.parametrize("bias_std", [1.0, 0.3])
def test_relu_depth1_closed_form(bias_std):
    # depth 1: Theta / m -> the read-out weights' term h_1 . h_1' / m -> E[relu relu] = NNGP
    expected = np.array([[relu_depth1(a, b, bias_std) for b in X] for a in X])
    sigma, theta = infinite_kernels(X, depth=1, activation="relu", bias_std=bias_std)
    np.testing.assert_allclose(sigma, expected, rtol=0, atol=1e-10)
    np.testing.assert_allclose(theta, expected, rtol=0, atol=1e-10)


def test_relu_depth2_recursion_by_hand():
    # Theta_3 = Sigma_2 E[step step] + Sigma_3, both expectations under Sigma_2
    a, b = X[0], X[3]
    k11, k22, k12 = relu_depth1(a, a), relu_depth1(b, b), relu_depth1(a, b)
    sigma3, step_step = arc_cosine(k11, k22, k12)
    assert ntk_infinite(X[:1], X[3:], depth=2)[0, 0] == pytest.approx(k12 * step_step + sigma3,
                                                                      abs=1e-12)
    assert nngp(X[:1], X[3:], depth=2)[0, 0] == pytest.approx(sigma3, abs=1e-12)


def test_erf_closed_form_matches_quadrature():
    k11, k22, k12 = np.array([0.3, 1.0, 2.5]), np.array([0.8, 1.0, 0.4]), np.array([0.1, -0.7, 0.9])
    exact = _erf_expectations(k11, k22, k12)
    quad = _quadrature_expectations("erf", nodes=96)(k11, k22, k12)
    for e, q in zip(exact, quad):
        np.testing.assert_allclose(e, q, rtol=1e-11)


def test_shapes_symmetry_and_config():
    x2 = np.linspace(-1, 1, 5)
    k = ntk_infinite(X[:, :1], x2, depth=3, activation="erf", bias=False)
    assert k.shape == (4, 5) and k.dtype == np.float64
    full = ntk_infinite(X, depth=2, activation="relu")
    np.testing.assert_allclose(full, full.T, atol=1e-12)
    assert np.all(np.linalg.eigvalsh(full) > 0)
    config = MLPConfig(depth=3, activation="erf", d_in=2, bias_std=0.5)
    np.testing.assert_array_equal(config_kernels(config, X)[1],
                                  ntk_infinite(X, depth=3, activation="erf", bias_std=0.5))
    with pytest.raises(ValueError):
        config_kernels(MLPConfig(d_in=3), X)
    with pytest.raises(ValueError):
        ntk_infinite(X, activation="sigmoid")


WIDTH, SEEDS = 4096, 12
ACTIVATIONS = ("relu", "erf", "tanh")


def truncated(params, depth):
    """A depth-``depth`` net from a deeper net's draws: layer depth+1's first row is the read-out.

    Its entries have the read-out's LeCun variances (1/m, bias_std^2/m), so this is an exact
    sample of the shallower net; it lets one costly init of width-4096 nets serve every depth.
    """
    w_out, b_out = params[2 * depth], params[2 * depth + 1]
    return params[:2 * depth] + [w_out[:, :1], b_out[:, :1]]


@pytest.fixture(scope="module")
def monte_carlo():
    """{(depth, activation): mean of Theta / m over SEEDS nets of width 4096}, (4, 4) each."""
    points = torch.tensor(X, dtype=torch.float32)
    found = {}
    for chunk in np.array_split(np.arange(SEEDS), SEEDS // 4):  # ~1 GB of weights at a time
        deep = init_ensemble(MLPConfig(width=WIDTH, depth=3, d_in=2), chunk.tolist(),
                             dtype=torch.float32)  # init does not depend on the activation
        for depth in (1, 2, 3):
            for activation in ACTIVATIONS:
                config = MLPConfig(width=WIDTH, depth=depth, activation=activation, d_in=2)
                theta = ntk(truncated(deep, depth), points, config).double().numpy() / WIDTH
                found.setdefault((depth, activation), []).append(theta)
        del deep
    return {key: np.concatenate(thetas).mean(0) for key, thetas in found.items()}


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("depth", [1, 2, 3])
def test_matches_monte_carlo_of_wide_nets(monte_carlo, depth, activation):
    # one seed's relative spread is ~5% (relu) and ~2% (erf, tanh; more at the near-zero pair
    # X[2], X[3]), so a mean of 12 is within ~1.5%; the finite-width bias is O(1/m).
    expected = ntk_infinite(X, depth=depth, activation=activation)
    np.testing.assert_allclose(monte_carlo[depth, activation], expected, rtol=0.03)
