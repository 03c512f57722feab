"""The model functions f(x, w(n)) of the ellipses runs as they train (the post's companion movie).

Reproduces the right-hand movie of "Seeing the Kernel Regime" (reference/train_funcs108.frames.png):
the same zeroed nets, one per alpha, drawn on a grid of x with the two data points; every net
starts as the zero function and bends to pass through both points.  It draws the ellipses
record: rendering both scenes trains once.
"""
from __future__ import annotations

import numpy as np

from ntkanim.render.style import DATA_COLOR, ramp_colors
from ntkanim.scene import Scene

from .ellipses import gd_config, gd_options


class TrainFuncsMovie:
    """One line per alpha over x_grid; frame t = record frame t."""

    def __init__(self, record, opts):
        self.x, self.f = record["x_grid"], record["f_grid"]  # (G,), (K, T, G)
        self.x_data, self.y_data = record["x_data"], record["y_data"]
        self.alpha, self.step = record["alpha"], record["step"]
        self.n_frames = self.f.shape[1]
        self.theme = opts.get("theme", "light")

    def setup(self, fig):
        ax = fig.add_subplot()
        lo = min(self.f.min(), self.y_data.min())
        hi = max(self.f.max(), self.y_data.max())
        pad = 0.08 * (hi - lo or 1.0)
        ax.set_xlim(self.x[0], self.x[-1])
        ax.set_ylim(lo - pad, hi + pad)
        ax.set_xlabel("$x$")
        ax.set_ylabel("$f(x,\\, w(n))$")
        self.lines = []
        for alpha, color in zip(self.alpha, ramp_colors(self.alpha)):
            (line,) = ax.plot([], [], color=color, lw=2.0, label=rf"$\alpha = {alpha:g}$")
            self.lines.append(line)
        self.points = ax.plot(self.x_data, self.y_data, "o", ms=9, color=DATA_COLOR[self.theme],
                              mec="white", mew=1.2, zorder=5, label="data")[0]
        fig.legend(loc="outside right upper")
        self.clock = ax.text(0.98, 0.97, "", transform=ax.transAxes, va="top", ha="right")
        ax.set_title("Model functions during training")
        return self.lines + [self.points, self.clock]

    def update(self, t):
        for line, f in zip(self.lines, self.f[:, t]):
            line.set_data(self.x, f)
        self.clock.set_text(f"step {self.step[t]}")


SCENE = Scene(
    name="train-funcs",
    help=__doc__,
    kind="movie",
    build_config=gd_config,
    make_movie=TrainFuncsMovie,
    sim_options=gd_options(),
    records=("ellipses", "train-funcs"),
    required=("x_grid", "f_grid", "x_data", "y_data", "alpha", "step"),
    defaults={"format": "gif", "fps": 10, "size": (800, 600)},
    quick={"steps": 60, "frames": 12, "width": 16},
    reproduces="reference/train_funcs108.frames.png",
)
