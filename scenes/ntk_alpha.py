"""How much the tangent kernel moves during training, against the output scale alpha.

The post's claim of "Seeing the Kernel Regime" as one still: zeroed 2-hidden-layer width-100
tanh nets on the two data points (x_data = (-2, 0.5), y_data = (3, -1)), one per alpha and seed,
trained by full-batch GD on the normalized loss (one batched ensemble).  Drawn on log-log axes:
the relative kernel change ||ntk_end - ntk_0||_F / ||ntk_0||_F of the normalized kernel
J J^T / alpha^2, geometric mean over seeds with the 10th-90th percentile band, and the slope
fitted for alpha >= --fit-min: near -1, the kernel moves as 1/alpha (kernel regime), while small
alpha changes its kernel by orders of magnitude.  tanh by default: the theory needs a twice
differentiable net, and with ReLU a unit sitting at its kink can flip for any alpha.
"""
from __future__ import annotations

import click
import numpy as np

from ntkanim.config import GDConfig, MLPConfig
from ntkanim.scene import POSITIVE_FLOAT, POSITIVE_INT, Scene

from .asymptotics import draw_loglog
from .ellipses import gd_options

ALPHAS = ",".join(f"{a:g}" for a in np.geomspace(0.01, 1000.0, 11).round(4))


def kernel_change(ntk: np.ndarray) -> np.ndarray:
    """(K,) ||ntk[:, -1] - ntk[:, 0]||_F / ||ntk[:, 0]||_F for kernels ntk (K, T, N, N)."""
    change = np.linalg.norm(ntk[:, -1] - ntk[:, 0], axis=(1, 2))
    return change / np.linalg.norm(ntk[:, 0], axis=(1, 2))


def by_alpha(alpha: np.ndarray, values: np.ndarray):
    """(alphas (A,), values (S, A)) from per-net alpha (K,) and values (K,), K = A * S."""
    alphas, counts = np.unique(alpha, return_counts=True)
    if len(set(counts)) != 1:
        raise click.BadParameter("every alpha needs the same number of seeds",
                                 param_hint="'--from'")
    order = np.argsort(alpha, kind="stable")
    return alphas, values[order].reshape(len(alphas), -1).T


def ntk_alpha_config(opts: dict) -> GDConfig:
    """Options -> one ensemble: alpha[i] with seeds seed .. seed + seeds - 1; kernels at the
    first and last step only."""
    if len(set(opts["alpha"])) != len(opts["alpha"]):
        raise click.BadParameter("each alpha once, please", param_hint="'--alpha'")
    n = opts["seeds"]
    alphas = tuple(a for a in opts["alpha"] for _ in range(n))
    model = MLPConfig(width=opts["width"], depth=opts["depth"], activation=opts["activation"],
                      init=opts["init"])
    return GDConfig(model=model, alpha=alphas,
                    seeds=tuple(opts["seed"] + s for _ in opts["alpha"] for s in range(n)),
                    zeroed=opts["zeroed"], lr=opts["lr"], steps=opts["steps"], frames=2)


class NtkAlphaStill:
    """Relative kernel change against alpha, log-log, with the fitted slope; a single frame."""

    n_frames = 1

    def __init__(self, record, opts):
        self.alpha, self.change = by_alpha(record["alpha"], kernel_change(record["ntk"]))
        self.fit = self.alpha >= opts.get("fit_min", 10.0)
        if self.fit.sum() < 2:
            raise click.BadParameter("fewer than two alphas reach it", param_hint="'--fit-min'")
        self.steps = int(record["step"][-1])
        self.theme = opts.get("theme", "light")

    def setup(self, fig):
        ax = fig.add_subplot()
        draw_loglog(ax, self.alpha, self.change, self.theme, "geometric mean", "-1",
                    fit=self.fit)
        ax.set_xlabel(r"output scale $\alpha$")
        ax.set_ylabel(r"$\Vert \mathrm{ntk}_{\mathrm{end}} - \mathrm{ntk}_0 \Vert_F \,/\, "
                      r"\Vert \mathrm{ntk}_0 \Vert_F$")
        ax.set_title(f"Kernel change after {self.steps} GD steps")
        return []

    def update(self, t):
        pass


SIM_OPTIONS = tuple(o for o in gd_options(alpha=ALPHAS, steps=2000, activation="tanh",
                                           init="lecun")
                    if o.name != "frames") + (
    click.Option(["--seeds"], type=POSITIVE_INT, default=5, show_default=True,
                 help="Nets per alpha (seeds --seed, --seed + 1, ...)."),
)

DRAW_OPTIONS = (
    click.Option(["--fit-min"], type=POSITIVE_FLOAT, default=10.0, show_default=True,
                 help="Fit the slope to the alphas at least this large."),
)

SCENE = Scene(
    name="ntk-alpha",
    help=__doc__,
    kind="still",
    build_config=ntk_alpha_config,
    make_movie=NtkAlphaStill,
    sim_options=SIM_OPTIONS,
    draw_options=DRAW_OPTIONS,
    records=("ntk-alpha",),
    required=("alpha", "seed", "ntk", "step"),
    defaults={"format": "png", "size": (800, 600)},
    quick={"alpha": (0.1, 10, 100), "seeds": 2, "steps": 100, "width": 16, "fit_min": 10},
    reproduces="the post's claim in 'Seeing the Kernel Regime' (no figure of its own)",
)
