"""The model functions f(x, w(n)) of the ellipses runs as they train (the post's companion movie).

Reproduces the right-hand movie of "Seeing the Kernel Regime" (reference/train_funcs108.frames.png):
the same zeroed nets, one per alpha, drawn on a grid of x with the two data points; every net
starts as the zero function and bends to pass through both points.  It draws the ellipses
record: rendering both scenes trains once.

--twin also trains each net's linearized twin f(x, w0) + J(x, w0)(w - w0) by the same GD and
draws it dashed in the net's colour: the kernel regime's prediction of the whole function.  For
large alpha the net and its twin coincide; for small alpha they part, the net leaving the
span of its initial tangent features.  A record made with --twin always shows the twins.
"""
from __future__ import annotations


import math

import click
from matplotlib.lines import Line2D

from ntkanim.render.style import ACCENT, DATA_COLOR, ramp_colors
from ntkanim.scene import Scene

from .ellipses import gd_config, gd_options


DASH = (0, (4, 2.5))


class TrainFuncsMovie:
    """One line per alpha over x_grid; frame t = record frame t.  With the linearized twins
    (f_grid_lin in the record): one panel per alpha, the net solid and its twin dashed."""

    def __init__(self, record, opts):
        self.x, self.f = record["x_grid"], record["f_grid"]  # (G,), (K, T, G)
        self.f_lin = record["f_grid_lin"] if "f_grid_lin" in record else None  # (K, T, G)
        self.x_data, self.y_data = record["x_data"], record["y_data"]
        self.alpha, self.step = record["alpha"], record["step"]
        self.n_frames = self.f.shape[1]
        self.theme = opts.get("theme", "light")

    def setup(self, fig):
        single = self.f_lin is None
        axes = [fig.add_subplot()] * len(self.alpha) if single else panels(fig, len(self.alpha))
        self.lines, self.twins = [], []
        for ax, alpha, color in zip(axes, self.alpha, ramp_colors(self.alpha)):
            label = rf"$\alpha = {alpha:g}$"
            (line,) = ax.plot([], [], color=color, lw=2.0, label=label if single else None)
            self.lines.append(line)
            if not single:
                self.twins.append(ax.plot([], [], color=color, lw=1.8, ls=DASH)[0])
                ax.set_title(label, fontsize="medium")
        self.points = [self._decorate(ax) for ax in dict.fromkeys(axes)]
        if single:
            axes[0].set_xlabel("$x$")
            fig.legend(loc="outside right upper")
            self.clock = axes[0].text(0.98, 0.97, "", transform=axes[0].transAxes, va="top",
                                      ha="right")
            axes[0].set_title("Model functions during training")
        else:
            self._twin_legend(fig, axes[0])
            self.clock = fig.suptitle(" ")
        return self.lines + self.twins + self.points + [self.clock]

    def _decorate(self, ax):
        """Limits and labels of one axes; returns its data points (drawn over the curves)."""
        curves = [self.f] if self.f_lin is None else [self.f, self.f_lin]
        lo = min(min(f.min() for f in curves), self.y_data.min())
        hi = max(max(f.max() for f in curves), self.y_data.max())
        pad = 0.08 * (hi - lo or 1.0)
        ax.set_xlim(self.x[0], self.x[-1])
        ax.set_ylim(lo - pad, hi + pad)
        if ax.get_subplotspec().is_first_col():
            ax.set_ylabel("$f(x,\\, w(n))$")
        return ax.plot(self.x_data, self.y_data, "o", ms=8, color=DATA_COLOR[self.theme],
                       mec="white", mew=1.2, zorder=5, label="data")[0]

    def _twin_legend(self, fig, ax):
        neutral = ACCENT[self.theme]
        handles = [Line2D([], [], color=neutral, lw=2.0, label="network $f(x, w(n))$"),
                   Line2D([], [], color=neutral, lw=1.8, ls=DASH,
                          label="linearized twin $f_{lin}(x, w(n))$"),
                   self.points[0]]
        fig.legend(handles=handles, loc="outside lower center", ncols=3)

    def update(self, t):
        for line, f in zip(self.lines, self.f[:, t]):
            line.set_data(self.x, f)
        for line, f in zip(self.twins, [] if self.f_lin is None else self.f_lin[:, t]):
            line.set_data(self.x, f)
        if self.f_lin is None:
            self.clock.set_text(f"step {self.step[t]}")
        else:
            self.clock.set_text(f"Networks and their linearized twins, step {self.step[t]}")


def grid_shape(k: int) -> tuple[int, int]:
    """(rows, cols) of a grid of k panels about twice as wide as tall."""
    cols = math.ceil(math.sqrt(2 * k))
    return math.ceil(k / cols), cols


def panels(fig, k: int) -> list:
    """k axes sharing x and y, in a grid about twice as wide as tall; unused cells removed.

    Every axes with no axes below it labels its x axis.
    """
    rows, cols = grid_shape(k)
    grid = fig.subplots(rows, cols, sharex=True, sharey=True, squeeze=False).ravel()
    for ax in grid[k:]:
        ax.remove()
    for ax in grid[max(0, k - cols):k]:
        ax.xaxis.set_tick_params(labelbottom=True)
        ax.set_xlabel("$x$")
    return list(grid[:k])


SCENE = Scene(
    name="train-funcs",
    help=__doc__,
    kind="movie",
    build_config=gd_config,
    make_movie=TrainFuncsMovie,
    sim_options=gd_options() + (
        click.Option(["--twin"], is_flag=True,
                     help="Also train and draw (dashed) each net's linearized twin."),),
    records=("ellipses", "train-funcs"),
    required=("x_grid", "f_grid", "x_data", "y_data", "alpha", "step"),
    defaults={"format": "gif", "fps": 10, "size": (800, 600)},
    quick={"steps": 60, "frames": 12, "width": 16},
    reproduces="reference/train_funcs108.frames.png",
)
