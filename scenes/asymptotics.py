"""Width asymptotics at initialization: gradient norm ~ sqrt(m), Hessian norm ~ 1, kappa ~ 1/m.

Reproduces the three stills of the post's width analysis (reference/gradient.png, hessian.png,
kappa.png): the one-hidden-layer tanh net y = sum_i b_i tanh(a_i x), a_i ~ N(0, 1),
b_i ~ N(0, 1/m), at the fixed input x = 1.  For every width m (log-spaced, 8 to 4096) and every
seed it computes ||grad y||, the exact operator norm ||Hessian y|| (m independent 2x2 blocks)
and kappa = ||Hessian y|| / ||grad y||^2.  Log-log axes: the line is the geometric mean over
seeds, the band spans the 10th to 90th percentile, and the legend gives the least-squares slope
(expected 1/2, 0 and -1).  --quantity all draws the three side by side (default 1500x500);
--quantity gradient|hessian|kappa draws one, e.g. with --size 800x600 like the post's.
"""
from __future__ import annotations

import click
import numpy as np

from ntkanim.config import SMOOTH_ACTIVATIONS, AsymptoticsConfig
from ntkanim.render.style import ACCENT, DATA_COLOR
from ntkanim.scene import FINITE_FLOAT, POSITIVE_INT, IntList, Scene

BAND = (10, 90)  # percentiles of the spread over seeds

# record array, panel title, y label, the post's exponent
QUANTITIES = {
    "gradient": ("grad_norm", "Gradient norm", r"$\Vert \nabla_w y \Vert$", 0.5),
    "hessian": ("hessian_norm", "Hessian operator norm", r"$\Vert \nabla_w^2 y \Vert_2$", 0.0),
    "kappa": ("kappa", r"$\kappa$ asymptotics",
              r"$\kappa = \Vert \nabla_w^2 y \Vert \,/\, \Vert \nabla_w y \Vert^2$", -1.0),
}


def loglog_fit(x: np.ndarray, values: np.ndarray) -> tuple[float, float]:
    """(slope, intercept) of log(values) against log(x), least squares.

    x (W,); values (W,) or (S, W): several rows are averaged in log space first.
    """
    logs = np.log(np.asarray(values, dtype=float)).reshape(-1, len(x)).mean(0)
    slope, intercept = np.polyfit(np.log(x), logs, 1)
    return float(slope), float(intercept)


def spread(values: np.ndarray):
    """(geometric mean, low, high) over seeds of values (S, W): each (W,), BAND percentiles."""
    low, high = np.percentile(values, BAND, axis=0)
    return np.exp(np.log(values).mean(0)), low, high


def draw_loglog(ax, x, values, theme: str, label: str, expected: str, fit=None):
    """Mean line with markers, its spread band and the power law fitted to the points where
    the mask ``fit`` (W,) is True (default all); x (W,), values (S, W)."""
    fit = np.ones(len(x), bool) if fit is None else fit
    mean, low, high = spread(values)
    color = DATA_COLOR[theme]
    ax.fill_between(x, low, high, color=color, alpha=0.18, lw=0,
                    label=f"{BAND[0]}-{BAND[1]}% over {values.shape[0]} seeds")
    ax.plot(x, mean, "o-", color=color, ms=5, label=label)
    slope, intercept = loglog_fit(x[fit], values[:, fit])
    ax.plot(x[fit], np.exp(intercept) * x[fit] ** slope, "--", color=ACCENT[theme], lw=1.3,
            label=f"fit: slope {slope:.3f} (expected {expected})")
    ax.set_xscale("log")
    ax.set_yscale("log")
    lo, hi = ax.get_ylim()
    if hi / lo < 10:  # at least a decade, so that a flat line reads flat
        mid = np.sqrt(lo * hi)
        ax.set_ylim(mid / np.sqrt(10), mid * np.sqrt(10))
    ax.legend(loc="best")


class AsymptoticsStill:
    """One panel per quantity on log-log axes; a single frame."""

    n_frames = 1

    def __init__(self, record, opts):
        self.record = record
        self.width = record["width"].astype(float)  # (W,)
        quantity = opts.get("quantity", "all")
        self.quantities = list(QUANTITIES) if quantity == "all" else [quantity]
        self.theme = opts.get("theme", "light")
        self.x = record.config.get("x")

    def setup(self, fig):
        axes = fig.subplots(1, len(self.quantities), squeeze=False)[0]
        for ax, name in zip(axes, self.quantities):
            key, title, ylabel, power = QUANTITIES[name]
            draw_loglog(ax, self.width, self.record[key], self.theme, "geometric mean",
                        f"{power:g}")
            ax.set_title(title if len(axes) > 1 else f"{title} at $x = {self.x:g}$")
            ax.set_xlabel("width $m$")
            ax.set_ylabel(ylabel)
            ax.grid(True, which="major")
        if len(axes) > 1:
            fig.suptitle(f"one hidden layer, at initialization, $x = {self.x:g}$")
        return []

    def update(self, t):
        pass


def asymptotics_config(opts: dict) -> AsymptoticsConfig:
    """Options -> config: seeds seed .. seed + seeds - 1."""
    return AsymptoticsConfig(widths=tuple(opts["widths"]),
                             seeds=tuple(opts["seed"] + s for s in range(opts["seeds"])),
                             x=opts["x"], activation=opts["activation"])


def _nonzero(ctx, param, value):
    if value == 0:
        raise click.BadParameter("x must be nonzero: at x = 0 every derivative vanishes")
    return value


SIM_OPTIONS = (
    click.Option(["--widths"], type=IntList(), default="8,16,32,64,128,256,512,1024,2048,4096",
                 show_default=True, help="Hidden widths m, comma-separated."),
    click.Option(["--seeds"], type=POSITIVE_INT, default=16, show_default=True,
                 help="Independent nets per width (seeds --seed, --seed + 1, ...)."),
    click.Option(["--x"], type=FINITE_FLOAT, default=1.0, show_default=True, callback=_nonzero,
                 help="The fixed input x."),
    click.Option(["--activation"], type=click.Choice(SMOOTH_ACTIVATIONS), default="tanh",
                 show_default=True, help="sigma; twice differentiable, as kappa needs."),
)

DRAW_OPTIONS = (
    click.Option(["--quantity"], type=click.Choice(["all", *QUANTITIES]), default="all",
                 show_default=True, help="all: three panels; or one of the post's stills."),
)

SCENE = Scene(
    name="asymptotics",
    help=__doc__,
    kind="still",
    build_config=asymptotics_config,
    make_movie=AsymptoticsStill,
    sim_options=SIM_OPTIONS,
    draw_options=DRAW_OPTIONS,
    records=("asymptotics",),
    required=("width", "grad_norm", "hessian_norm", "kappa"),
    defaults={"format": "png", "size": (1500, 500)},
    quick={"widths": (8, 64, 512), "seeds": 3},
    reproduces="reference/gradient.png, reference/hessian.png, reference/kappa.png",
)
