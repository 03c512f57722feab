"""The layer-wise NTK against an explicit Jacobian built by torch.func.jacrev (float64)."""
import pytest
import torch
from torch.func import jacrev

from ntkanim.config import ACTIVATIONS, MLPConfig
from ntkanim.kernels import ntk
from ntkanim.models import evaluate, init_ensemble


def explicit_ntk(params, x1, x2, config, k):
    """J(x1) J(x2)^T for net k, J = df/dw from jacrev over all parameters."""
    def f_of(x):
        def f(*theta):
            return evaluate([t[None] for t in theta], x, config)[0]
        jac = jacrev(f, argnums=tuple(range(len(params))))(*[p[k] for p in params])
        return torch.cat([j.reshape(x.shape[0], -1) for j in jac], dim=1)
    return f_of(x1) @ f_of(x2).T


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("depth", [1, 2, 3])
@pytest.mark.parametrize("bias", [True, False])
def test_ntk_matches_explicit_jacobian(activation, depth, bias):
    config = MLPConfig(width=9, depth=depth, activation=activation, bias=bias)
    params = init_ensemble(config, seeds=[3, 4])
    x1 = torch.tensor([[-2.0], [0.5], [1.3]], dtype=torch.float64)
    x2 = torch.tensor([[0.7], [-1.1]], dtype=torch.float64)
    kernel, cross = ntk(params, x1, config), ntk(params, x1, config, x2)
    for k in range(2):
        want = explicit_ntk(params, x1, x1, config, k)
        assert torch.linalg.norm(kernel[k] - want) / torch.linalg.norm(want) < 1e-6
        want_cross = explicit_ntk(params, x1, x2, config, k)
        assert torch.linalg.norm(cross[k] - want_cross) / torch.linalg.norm(want_cross) < 1e-6


def test_padded_ensemble_equals_narrow_nets():
    """Nets of several widths in one zero-padded ensemble keep their own outputs and kernels."""
    config = MLPConfig(width=5, depth=2)
    x = torch.linspace(-3, 3, 7, dtype=torch.float64)[:, None]
    mixed = init_ensemble(config, seeds=[0, 1], widths=[5, 12])
    alone = init_ensemble(config, seeds=[0], widths=[5])
    assert torch.allclose(evaluate(mixed, x, config)[0], evaluate(alone, x, config)[0], atol=1e-12)
    assert torch.allclose(ntk(mixed, x, config)[0], ntk(alone, x, config)[0], atol=1e-10)


def test_init_is_lecun_scaled():
    config = MLPConfig(width=2000, depth=1)
    w1, b1, w2, b2 = init_ensemble(config, seeds=[0])
    assert abs(w2.var().item() * 2000 - 1) < 0.1  # N(0, 1/fan_in)
    assert abs(w1.var().item() - 1) < 0.1
