"""The training error in the NTK's eigenbasis: independent 1-d components, each with its own rate.

The post: with a constant kernel H = ntk, GD in function space is u(n+1) = (I - lr H) u(n) for
the error u = y - y_bar, so in the eigenbasis H = sum_i lambda_i v_i v_i^T every component
c_i = v_i^T u decays on its own, c_i(n) = (1 - lr lambda_i)^n c_i(0): straight lines on a log
axis, steep for large eigenvalues, shallow for small ones.

Here: N data points x = linspace(-2, 2, N), y_bar = 2 sin(1.5 x) (--points N, default 6), one
zeroed 2-hidden-layer width-100 ReLU net from one seed, trained by full-batch GD at each output
scale alpha (default 1000, the kernel regime, and 0.1 for contrast: the same initial net, so the
same kernel and the same predictions).  Each panel plots |c_i(n)| / ||u(0)|| against the step n,
v_i the eigenvectors of the net's ntk at step 0: solid the real net, dashed the prediction
(the record's y_pred projected).  For large alpha every component runs on its line; for small
alpha the kernel moves and the components mix.  Movie: the curves grow with n; the last frame is
the still (--format png).
"""
from __future__ import annotations

import click
import numpy as np

from ntkanim.config import GDConfig
from ntkanim.render.style import ramp_colors
from ntkanim.scene import FloatList, Scene

from . import two_points

FLOOR = 1e-7  # lowest |c_i| / ||u(0)|| shown: below it a component has converged
DASH = (0, (4, 2.5))


def data(n: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """(x_data, y_data): n points evenly spaced on [-2, 2], y_bar = 2 sin(1.5 x)."""
    x = np.linspace(-2.0, 2.0, n)
    return tuple(x.tolist()), tuple((2.0 * np.sin(1.5 * x)).tolist())


def eigen_components(record, names=("y_path", "y_pred")) -> tuple[np.ndarray, ...]:
    """lambda (K, N) ascending, then for each named outputs array (K, T, N) the components
    v_i^T (y - y_bar) (K, T, N) in the eigenbasis v_i of each net's ntk at step 0 (K, N, N)."""
    lam, v = np.linalg.eigh(record["ntk"][:, 0])
    y_bar = record["y_data"]
    return (lam, *(np.einsum("kni,ktn->kti", v, record[name] - y_bar) for name in names))


class EigenDecayMovie:
    """One log-scale panel per alpha; component i of every panel in one colour; frame t shows
    steps up to step[t] of the real net over the full predicted lines."""

    def __init__(self, record, opts):
        self.lam, c, c_pred = eigen_components(record)  # c after every step, c_pred per frame
        scale = np.linalg.norm(c[:, :1], axis=2, keepdims=True)  # ||u(0)||, (K, 1, 1)
        self.c, self.c_pred = np.abs(c) / scale, np.abs(c_pred) / scale
        self.alpha, self.step, self.lr = record["alpha"], record["step"], record.config.get("lr")
        self.n_frames = len(self.step)
        self.hold = {self.n_frames - 1: 2.0}

    def setup(self, fig):
        axes = fig.subplots(1, len(self.alpha), sharey=True, squeeze=False)[0]
        colors = ramp_colors(-self.lam[0])  # largest eigenvalue red: the fastest
        self.lines = []
        for k, ax in enumerate(axes):
            ax.set_yscale("log")
            ax.set_ylim(FLOOR, 2.0)
            ax.set_xlim(0, self.step[-1])
            ax.set_xlabel("step $n$")
            ax.set_title(rf"$\alpha = {self.alpha[k]:g}$")
            for i, color in enumerate(colors):
                ax.plot(self.step, self.c_pred[k, :, i], color=color, lw=1.4, ls=DASH, alpha=0.8)
                label = rf"$\lambda_{i + 1} = {self.lam[k, i]:.3g}$" if k == 0 else None
                self.lines.append(ax.plot([], [], color=color, lw=2.0, label=label)[0])
        axes[0].set_ylabel(r"$|v_i^\top (y(n) - \bar y)| \,/\, \Vert y(0) - \bar y \Vert$")
        axes[0].plot([], [], color="0.45", lw=1.4, ls=DASH,
                     label=r"predicted $(1 - \eta \lambda_i)^n$")
        fig.legend(loc="outside right upper")
        fig.suptitle(rf"Error in the eigenbasis of the NTK at step 0 ($\eta$ = {self.lr:g})",
                     fontsize="medium")
        self.clock = axes[-1].text(0.97, 0.97, "", transform=axes[-1].transAxes, ha="right",
                                   va="top")
        return self.lines + [self.clock]

    def update(self, t):
        n = self.lam.shape[1]
        for j, line in enumerate(self.lines):
            k, i = divmod(j, n)
            line.set_data(np.arange(self.step[t] + 1), self.c[k, :self.step[t] + 1, i])
        self.clock.set_text(f"step {self.step[t]}")


def eigen_config(opts: dict) -> GDConfig:
    """Options -> config: one net per alpha, all from the same seed."""
    two_points.check_frames(opts)
    x_data, y_data = data(opts["points"])
    alphas = tuple(opts["alpha"])
    return GDConfig(model=two_points.model_config(opts), x_data=x_data, y_data=y_data,
                    alpha=alphas, seeds=(opts["seed"],) * len(alphas), lr=opts["lr"],
                    steps=opts["steps"], frames=opts["frames"], grid=(-2.0, 2.0, 2))


SIM_OPTIONS = (
    click.Option(["--points"], type=click.IntRange(2, 16), default=6, show_default=True,
                 help="Number N of data points (2 to 16), evenly spaced on [-2, 2]."),
    click.Option(["--alpha"], type=FloatList(positive=True), default="1000,0.1",
                 show_default=True, help="Output scales, one panel each."),
    *two_points.gd_options(lr=2e-3, steps=1000, frames=201),
    *two_points.model_options(100, init="lecun"),
)

SCENE = Scene(
    name="eigen-decay",
    help=__doc__,
    kind="movie",
    build_config=eigen_config,
    make_movie=EigenDecayMovie,
    sim_options=SIM_OPTIONS,
    records=("eigen-decay",),
    required=("step", "alpha", "y_path", "y_pred", "y_data", "ntk"),
    defaults={"format": "gif", "fps": 20, "size": (1200, 560)},
    quick={"steps": 40, "frames": 9, "width": 16, "points": 5},
    reproduces="beyond the post: its independent 1-d components of kernel-regime GD",
)
