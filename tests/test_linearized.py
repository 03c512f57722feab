"""The linearized twin: exact kernel-regime dynamics, the same record as ``training.train``."""
import numpy as np
import pytest
import torch

from ntkanim.config import GDConfig, MLPConfig
from ntkanim.dynamics import gd_path
from ntkanim.kernels import features, ntk
from ntkanim.linearized import jvp, train_linearized
from ntkanim.models import init_ensemble
from ntkanim.training import train


def config_for(zeroed: bool, bias: bool = True) -> GDConfig:
    return GDConfig(model=MLPConfig(width=48, depth=2, activation="tanh", bias=bias),
                    alpha=(0.01, 1.0, 30.0), seeds=(3, 4, 5), zeroed=zeroed, lr=5e-3, steps=200,
                    frames=11, grid=(-3.0, 3.0, 7), record_layer=1, layer_crop=5)


def test_jvp_equals_explicit_jacobian():
    config = MLPConfig(width=6, depth=3, activation="gelu", d_in=2)
    w0 = init_ensemble(config, [0, 1])
    dw = [torch.randn(p.shape, generator=torch.Generator().manual_seed(i), dtype=p.dtype)
          for i, p in enumerate(w0)]
    x = torch.tensor([[0.3, -1.0], [1.5, 0.2], [-0.7, 0.9]], dtype=torch.float64)
    _, hs, gs = features(w0, x, config)

    def f_along(t):  # f(x, w0 + t dw): its derivative at t = 0 is J dw, here by reverse mode
        return features([p + t * d for p, d in zip(w0, dw)], x, config)[0]

    expected = torch.autograd.functional.jacobian(f_along, torch.zeros((), dtype=torch.float64))
    torch.testing.assert_close(jvp(hs, gs, dw, config.bias), expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("zeroed,bias", [(True, True), (False, False)])
def test_linearized_gd_equals_closed_form(zeroed, bias):
    config = config_for(zeroed, bias)
    record = train_linearized(config)
    mc = config.model
    w0 = init_ensemble(mc, config.seeds)
    x_data = torch.tensor(config.x_data, dtype=torch.float64)[:, None]
    x_grid = torch.tensor(record["x_grid"])[:, None]
    # in y-space, y = alpha (f - [f_0]) moves by -lr ntk (y - y_data), the grid outputs by
    # -lr K(grid, data) (y - y_data), with K the kernel of f at w0
    cross = ntk(w0, x_grid, mc, x_data).numpy()
    f0_grid = record["f_grid"][:, 0]  # alpha f(grid, w_0), or 0 when zeroed
    assert np.any(f0_grid != 0) != zeroed
    path = gd_path(record["ntk"][:, 0], record["y"][:, 0] - record["y_data"], config.lr,
                   record["step"], cross, f0_grid)
    scale = np.abs(record["y_data"]).max()
    np.testing.assert_allclose(record["y"], record["y_data"] + path.u, rtol=0, atol=1e-6 * scale)
    np.testing.assert_allclose(record["f_grid"], path.f_grid, rtol=0, atol=1e-6 * scale)
    np.testing.assert_array_equal(record["ntk"], np.broadcast_to(record["ntk"][:, :1],
                                                                 record["ntk"].shape))
    np.testing.assert_allclose(record["ntk"][:, 0], ntk(w0, x_data, mc).numpy(), rtol=1e-12)


def test_same_arrays_as_train_and_same_start():
    config = config_for(zeroed=False)
    real, lin = train(config), train_linearized(config)
    assert {k: (v.shape, v.dtype) for k, v in lin.items()} == \
        {k: (v.shape, v.dtype) for k, v in real.items()}
    assert lin["w_layer"].shape == (3, 11, 5, 5)
    for name in ("step", "x_grid", "y_data", "alpha", "width"):
        np.testing.assert_array_equal(lin[name], real[name])
    for name in ("y", "f_grid", "ntk", "w_layer", "weight_change", "loss"):
        np.testing.assert_allclose(lin[name][:, 0], real[name][:, 0], rtol=1e-12, atol=1e-12,
                                   err_msg=name)


def test_stop_loss_is_refused():
    with pytest.raises(ValueError, match="stop_loss"):
        train_linearized(GDConfig(stop_loss=1e-3))
