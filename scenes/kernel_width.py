"""The empirical NTK at init converging onto the deterministic infinite-width kernel as width grows.

The post says the infinite-width NTK is deterministic and computable; this shows it.  For nets at
init (LeCun, biases, depth 2, ReLU, as the post's) of widths m = 10 to 10000, five seeds each,
the left panel draws Theta(x, x0) / m against x (x0 = 0.5, one of the post's data points), one
thin line per net, and the analytic limit (ntkanim.analytic) as a thick black line.  The right
panel is the relative distance ||Theta / m - Theta_inf|| / ||Theta_inf|| over the grid against m
on log-log axes (geometric mean over seeds, 10-90% band, fitted slope; expected -1/2: the
fluctuations shrink like 1/sqrt(m)).

Movie: one frame per width, that width's nets drawn bold over the fainter narrower ones; the last
frame shows every width coloured by width, which is also the still (--format png).
"""
from __future__ import annotations

import click
import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.colors import BoundaryNorm, ListedColormap

from ntkanim.config import KernelWidthConfig
from ntkanim.render.style import ACCENT, ramp_colors
from ntkanim.scene import FINITE_FLOAT, POSITIVE_INT, IntList, Scene

from . import two_points
from .asymptotics import draw_loglog

FAINT, BOLD = (0.3, 0.8), (0.95, 1.4)  # (alpha, line width) of earlier and current widths
ALL = (0.75, 1.0)  # every width, in the last frame


class KernelWidthMovie:
    """Frame t < W: widths[: t + 1], widths[t] bold.  Frame W: all widths alike."""

    def __init__(self, record, opts):
        self.x, self.x0 = record["x_grid"], record.config.get("x0")
        self.width = record["width"]  # (W,)
        self.empirical, self.analytic = record["ntk_empirical"], record["ntk_analytic"]
        from ntkanim.kernel_width import relative_error  # the engine (torch) only when drawn

        self.error = relative_error(self.empirical, self.analytic)  # (W, S)
        self.n_frames = len(self.width) + 1
        self.hold = {self.n_frames - 1: 2.0}
        self.theme = opts.get("theme", "light")
        config = record.config
        self.subtitle = (f"{config.get('activation')}, depth {config.get('depth')}, "
                         f"{self.empirical.shape[1]} seeds per width, at initialization")

    def setup(self, fig):
        ax, ax_err = fig.subplots(1, 2, width_ratios=(1.35, 1))
        self.lines = self._draw_kernels(ax)
        draw_loglog(ax_err, self.width.astype(float), self.error.T, self.theme,
                    "geometric mean over seeds", "-1/2")
        ax_err.set_xlabel("width $m$")
        ax_err.set_ylabel(r"$\Vert \Theta/m - \Theta_\infty \Vert \,/\, \Vert \Theta_\infty \Vert$")
        ax_err.set_title("Distance to the limit")
        (self.marker,) = ax_err.plot([], [], "o", ms=13, mfc="none", mec=ACCENT[self.theme],
                                     mew=2.0)
        fig.suptitle(f"Empirical NTK converging to the infinite-width kernel ({self.subtitle})",
                     fontsize="medium")
        self.clock = ax.text(0.02, 0.97, "", transform=ax.transAxes, va="top")
        return [line for row in self.lines for line in row] + [self.limit, self.marker,
                                                               self.clock]

    def _draw_kernels(self, ax) -> list:
        """(W, S) thin lines of Theta(x, x0) / m, hidden until their frame, and the limit."""
        lo = min(self.empirical.min(), self.analytic.min())
        hi = max(self.empirical.max(), self.analytic.max())
        pad = 0.05 * (hi - lo)
        ax.set_xlim(self.x[0], self.x[-1])
        ax.set_ylim(lo - pad, hi + pad)
        ax.axvline(self.x0, color="0.6", lw=1.0, ls=":", zorder=1)
        ax.set_xlabel("$x$")
        ax.set_ylabel(rf"$\Theta(x,\, x_0) \,/\, m$,  $x_0 = {self.x0:g}$")
        ax.set_title("Kernel against one point")
        colors = ramp_colors(np.log(self.width))
        lines = [[ax.plot(self.x, f, color=color, visible=False)[0] for f in curves]
                 for color, curves in zip(colors, self.empirical)]
        (self.limit,) = ax.plot(self.x, self.analytic, color=ACCENT[self.theme], lw=2.6,
                                label=r"$\Theta_\infty$ (analytic)")
        ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.92))
        width_colorbar(ax, self.width, colors)
        return lines

    def update(self, t):
        last = t == len(self.width)
        for i, row in enumerate(self.lines):
            alpha, lw = ALL if last else (BOLD if i == t else FAINT)
            for line in row:
                line.set(visible=i <= t, alpha=alpha, lw=lw)
        if last:
            self.marker.set_data([], [])
            self.clock.set_text(f"$m$ = {self.width[0]} to {self.width[-1]}")
        else:
            self.marker.set_data([self.width[t]], [np.exp(np.log(self.error[t]).mean())])
            self.clock.set_text(f"$m$ = {self.width[t]}")


def width_colorbar(ax, width: np.ndarray, colors: list):
    """A discrete colour bar beside ax: one band per width (W,), labelled with the width."""
    bands = BoundaryNorm(np.arange(len(width) + 1), len(width))
    bar = ax.figure.colorbar(ScalarMappable(bands, ListedColormap(colors)), ax=ax,
                             ticks=np.arange(len(width)) + 0.5, aspect=30, pad=0.02)
    bar.set_ticklabels([str(m) for m in width])
    bar.set_label("width $m$")
    bar.outline.set_visible(False)


def kernel_width_config(opts: dict) -> KernelWidthConfig:
    """Options -> config: seeds seed .. seed + seeds - 1."""
    return KernelWidthConfig(x0=opts["x0"], widths=tuple(opts["widths"]),
                             seeds=tuple(opts["seed"] + s for s in range(opts["seeds"])),
                             depth=opts["depth"], activation=opts["activation"])


SIM_OPTIONS = (
    click.Option(["--widths"], type=IntList(), default="10,20,50,100,200,500,1000,2000,5000,10000",
                 show_default=True, help="Hidden widths m, comma-separated, one frame each."),
    click.Option(["--seeds"], type=POSITIVE_INT, default=5, show_default=True,
                 help="Nets per width (seeds --seed, --seed + 1, ...)."),
    click.Option(["--x0"], type=FINITE_FLOAT, default=0.5, show_default=True,
                 help="The fixed second argument of the kernel."),
    *two_points.model_options(width=None, init=None),  # no --init: the analytic kernel is LeCun
)

SCENE = Scene(
    name="kernel-width",
    help=__doc__,
    kind="movie",
    build_config=kernel_width_config,
    make_movie=KernelWidthMovie,
    sim_options=SIM_OPTIONS,
    records=("kernel-width",),
    required=("x_grid", "width", "ntk_empirical", "ntk_analytic"),
    defaults={"format": "gif", "fps": 2, "size": (1280, 600)},
    quick={"widths": (10, 100, 1000), "seeds": 3},
    reproduces="beyond the post: its claim that the infinite-width NTK is deterministic",
)
