"""The 1-parameter toy model: autograd against the closed form, the tangent line, and the
loss minima approaching each other and w0 as alpha grows (checked by brute force)."""
import math

import numpy as np
import pytest
import torch

from ntkanim.config import ToyAlphaConfig
from ntkanim.toy import derivatives, run, toy_model

CONFIG = ToyAlphaConfig()


def g_prime(w, x, w0=0.4):
    """Closed form of dg/dw for g = (w x + w^2 x + sin(e^{0.1 w})) (w - w0)."""
    e = np.exp(0.1 * w)
    return (x + 2 * w * x + 0.1 * e * np.cos(e)) * (w - w0) + (w * x + w ** 2 * x + np.sin(e))


@pytest.fixture(scope="module")
def rec():
    return run(CONFIG)


def test_autograd_derivatives_match_the_closed_form():
    w = torch.linspace(-3.0, 3.0, 61, dtype=torch.float64)
    g, g1, g2 = derivatives(w, 1.5)
    np.testing.assert_allclose(g1.numpy(), g_prime(w.numpy(), 1.5), rtol=1e-12, atol=1e-12)
    h = 1e-5  # g'' by central differences of the closed-form g'
    fd = (g_prime(w.numpy() + h, 1.5) - g_prime(w.numpy() - h, 1.5)) / (2 * h)
    np.testing.assert_allclose(g2.numpy(), fd, rtol=1e-6, atol=1e-6)
    assert toy_model(torch.tensor(0.4, dtype=torch.float64), 1.5).item() == 0.0


def test_tangent_line_has_slope_alpha_f_prime_w0(rec):
    slope = rec["alpha"] * g_prime(0.4, 1.5)
    np.testing.assert_allclose(rec["slope"], slope, rtol=1e-12)
    np.testing.assert_allclose(rec["f_lin"], slope[:, None] * (rec["w_grid"] - 0.4)[None],
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(rec["alpha"][[0, -1]], [1.0, 10 ** (10 / 3)], rtol=1e-12)
    assert np.all(np.diff(np.log(rec["alpha"])) > 0)


def test_normalized_gap_at_fixed_w_is_alpha_free_and_shrinks_where_f_moves_by_one(rec):
    gap = (rec["f"] - rec["f_lin"]) / rec["alpha"][:, None]  # at fixed w - w0
    np.testing.assert_allclose(gap, np.broadcast_to(gap[0], gap.shape), rtol=1e-10, atol=1e-12)
    # over the weights that move the output by one unit, |w - w0| <= 1 / (alpha f'(w0)),
    # the model's worst deviation from its tangent line falls as 1/alpha
    worst = []
    for a, s in zip(rec["alpha"], rec["slope"]):
        w = 0.4 + np.linspace(-1.0, 1.0, 2001) / s
        f = a * toy_model(torch.tensor(w), 1.5).numpy()
        worst.append(np.abs(f - s * (w - 0.4)).max())
    worst = np.array(worst)
    assert np.all(np.diff(worst) < 0)
    large = rec["alpha"] >= 10  # past the higher-order terms
    slope = np.polyfit(np.log(rec["alpha"][large]), np.log(worst[large]), 1)[0]
    assert abs(slope + 1) < 0.02


def test_minima_approach_each_other_and_w0(rec):
    to_w0 = np.abs(rec["w_min"] - 0.4)
    between = np.abs(rec["w_min"] - rec["w_min_lin"])
    assert np.all(np.diff(to_w0) < 0) and np.all(np.diff(between) < 0)
    assert to_w0[-1] < 1e-3 and between[-1] < 2e-6
    log_a = np.log(rec["alpha"][50:])
    assert abs(np.polyfit(log_a, np.log(to_w0[50:]), 1)[0] + 1) < 0.05  # ~ 1/alpha
    assert abs(np.polyfit(log_a, np.log(between[50:]), 1)[0] + 2) < 0.1  # ~ 1/alpha^2
    np.testing.assert_allclose(rec["w_min_lin"], 0.4 + 3.0 / rec["slope"], rtol=1e-12)


@pytest.mark.parametrize("t", [0, 30, 60, 99])
def test_minimum_agrees_with_brute_force(rec, t):
    a, w_min = rec["alpha"][t], rec["w_min"][t]
    r = 3.0 / a
    # the loss decreases monotonically from w0 to w_min: no nearer minimum
    seg = np.linspace(0.4, w_min, 20001)
    loss_seg = (r - toy_model(torch.tensor(seg), 1.5).numpy()) ** 2
    assert np.all(np.diff(loss_seg) <= 1e-15)
    # a dense grid around it finds the same minimum
    half = max(1e-3 * abs(w_min - 0.4), 1e-9)
    w = np.linspace(w_min - half, w_min + half, 200001)
    loss = (r - toy_model(torch.tensor(w), 1.5).numpy()) ** 2
    assert abs(w[loss.argmin()] - w_min) <= 2 * half / 200000
    assert rec["loss_min"][t] <= loss.min() + 1e-15


def test_zoom_windows_contain_w0_and_both_minima(rec):
    lo, hi = rec["w_zoom"][:, 0], rec["w_zoom"][:, -1]
    later = rec["alpha"] >= 2  # the parabola's minimum 1.76/alpha enters 1.5 alpha^(-2/3)
    for w, frames in ((0.4, ...), (rec["w_min"], ...), (rec["w_min_lin"], later)):
        w = np.broadcast_to(w, lo.shape)[frames]
        assert np.all((lo[frames] < w) & (w < hi[frames]))
    assert np.all(np.diff(hi - lo) < 0)


def test_bad_configs_are_rejected():
    for bad in (dict(alpha_min=10.0, alpha_max=1.0), dict(frames=0), dict(w_span=-1.0),
                dict(alpha_max=math.inf)):
        with pytest.raises(ValueError):
            ToyAlphaConfig(**bad)
