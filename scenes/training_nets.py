"""100 ReLU nets trained by full-batch GD on the square loss of two points.

Reproduces "Training 100 ReLU nets using gradient descent on square loss"
(reference/training_nets_100.frames.png): the nets of init-funcs (width 100, not zeroed,
alpha 1) descend L(w) = ||y(w) - y_bar||^2 / 2 on the points (-3, 2) and (0.5, -1) with lr 1e-3;
100 frames of 5 steps each, the initial functions held for a moment first.  Every net ends up
through both points, each its own way away from them.
"""
from __future__ import annotations

import click

from ntkanim.render.style import DATA_COLOR
from ntkanim.scene import Scene

from .two_points import (LIMITS, check_frames, function_axes, gd_options, model_options,
                         nets_config, nets_option, segments, spaghetti)


def training_config(opts: dict):
    check_frames(opts)
    return nets_config(opts, steps=opts["steps"], frames=opts["frames"], lr=opts["lr"])


class TrainingNetsMovie:
    """One LineCollection of K functions over x_grid; frame t = record frame t."""

    def __init__(self, record, opts):
        self.x, self.f = record["x_grid"], record["f_grid"]  # (G,), (K, T, G)
        self.x_data, self.y_data = record["x_data"], record["y_data"]
        self.step, self.width = record["step"], int(record["width"][0])
        self.n_frames = self.f.shape[1]
        self.hold = {0: opts.get("hold_first", 0.0)}
        self.theme = opts.get("theme", "light")

    def setup(self, fig):
        ax = fig.add_subplot()
        self.lines = spaghetti(ax, self.x, self.f[:, 0])
        ax.set_ylim(*LIMITS)
        function_axes(ax, f"Width = {self.width}")
        self.points = ax.plot(self.x_data, self.y_data, "o", ms=9, color=DATA_COLOR[self.theme],
                              mec=ax.get_facecolor(), mew=1.5, zorder=5)[0]
        self.clock = ax.text(0.98, 0.97, "", transform=ax.transAxes, va="top", ha="right")
        return [self.lines, self.points, self.clock]

    def update(self, t):
        self.lines.set_segments(segments(self.x, self.f[:, t]))
        self.clock.set_text(f"step {self.step[t]}")


DRAW_OPTIONS = (
    click.Option(["--hold-first"], type=click.FloatRange(min=0), default=1.5, show_default=True,
                 help="Seconds to show the initial functions before training starts."),
)

SCENE = Scene(
    name="training-nets",
    help=__doc__,
    kind="movie",
    build_config=training_config,
    make_movie=TrainingNetsMovie,
    sim_options=(nets_option(),) + model_options() + gd_options(lr=1e-3, steps=500, frames=101),
    draw_options=DRAW_OPTIONS,
    records=("training-nets",),
    required=("x_grid", "f_grid", "x_data", "y_data", "step", "width"),
    defaults={"format": "gif", "fps": 10, "size": (800, 600)},
    quick={"nets": 8, "width": 16, "steps": 20, "frames": 5},
    reproduces="reference/training_nets_100.frames.png",
)
