"""The post's first experiments: plain ReLU nets fitted by GD to two points (-3, 2), (0.5, -1).

Shared by init-funcs, training-nets, weights and weight-change: the data, the options every one
of them takes, and the spaghetti plot of many net functions.

Initialization: the post says LeCun, and its figures were made with PyTorch's ``nn.Linear``
default, ``U(-1/sqrt(fan_in), 1/sqrt(fan_in))``: variance ``1/(3 fan_in)``, inversely
proportional to fan-in as the post's argument needs.  Only that init reproduces the figures
(net_funcs.png: |f(+-4, w0)| mostly under 1; losses_3widths.png: initial losses 2.3, 1.9, 1.3;
relative weight change 0.3, 0.05, 0.006), so it is the default here; ``--init lecun`` gives
``N(0, 1/fan_in)``.
"""
from __future__ import annotations

import click
import numpy as np
from matplotlib.collections import LineCollection

from ntkanim.config import ACTIVATIONS, INITS, GDConfig, MLPConfig
from ntkanim.render.style import ramp_colors
from ntkanim.scene import POSITIVE_FLOAT, POSITIVE_INT

X_DATA = (-3.0, 0.5)
Y_DATA = (2.0, -1.0)
GRID = (-4.0, 4.0, 101)  # ReLU nets are piecewise linear: 101 points draw them smoothly
LIMITS = (-4.0, 4.0)


def model_options(width: int | None = 100, activation: str = "relu", init: str | None = "torch"):
    """--width (unless None), --depth, --activation, --init (unless None); post: 2 hidden ReLU
    layers, torch init."""
    width_option = () if width is None else (
        click.Option(["--width"], type=POSITIVE_INT, default=width, show_default=True,
                     help="Hidden layer width m."),)
    return width_option + (
        click.Option(["--depth"], type=POSITIVE_INT, default=2, show_default=True,
                     help="Number of hidden layers."),
        click.Option(["--activation"], type=click.Choice(ACTIVATIONS), default=activation,
                     show_default=True),
    ) + (() if init is None else (
        click.Option(["--init"], type=click.Choice(INITS), default=init, show_default=True,
                     help="torch: nn.Linear's default U(+-1/sqrt(fan_in)), as the post's "
                          "figures; lecun: N(0, 1/fan_in)."),))


def gd_options(lr: float = 1e-3, steps: int = 500, frames: int = 101):
    """--lr, --steps, --frames of full-batch GD on the two points."""
    return (
        click.Option(["--lr"], type=POSITIVE_FLOAT, default=lr, show_default=True,
                     help="Learning rate of full-batch GD."),
        click.Option(["--steps"], type=POSITIVE_INT, default=steps, show_default=True,
                     help="GD steps (at most, with early stopping)."),
        click.Option(["--frames"], type=POSITIVE_INT, default=frames, show_default=True,
                     help="Recorded frames, evenly spaced in steps (the first is step 0)."),
    )


def model_config(opts: dict, width: int | None = None) -> MLPConfig:
    return MLPConfig(width=width or opts["width"], depth=opts["depth"],
                     activation=opts["activation"], init=opts["init"])


def check_frames(opts: dict):
    """--frames must fit in --steps: frame t is step t * (steps // (frames - 1))."""
    if opts["frames"] > opts["steps"] + 1:
        raise click.BadParameter(f"{opts['frames']} frames need at least {opts['frames'] - 1} "
                                 f"steps (got {opts['steps']})", param_hint="'--frames'")


def nets_config(opts: dict, steps: int, frames: int, lr: float = 1e-3) -> GDConfig:
    """``--nets`` nets of seeds seed, seed+1, ...: f(x, w(n)) on [-4, 4], not zeroed, alpha 1."""
    k = opts["nets"]
    return GDConfig(model=model_config(opts), x_data=X_DATA, y_data=Y_DATA, alpha=(1.0,) * k,
                    seeds=tuple(opts["seed"] + i for i in range(k)), zeroed=False, lr=lr,
                    steps=steps, frames=frames, grid=GRID, record_ntk=False)


def nets_option(default: int = 100):
    return click.Option(["--nets"], type=POSITIVE_INT, default=default, show_default=True,
                        help="Number of randomly initialized nets (seeds seed .. seed+nets-1).")


def spaghetti(ax, x: np.ndarray, f: np.ndarray) -> LineCollection:
    """One thin, semi-transparent line per net (f: (K, G) over x: (G,)), as one artist.

    Colours run along the ramp of the theme so that neighbouring lines stay distinguishable;
    lines get thinner and fainter as K grows, so 100 or 1000 nets read as a density.
    """
    k = len(f)
    lw = float(np.clip(8.0 / np.sqrt(k), 0.8, 2.0))
    opacity = float(np.clip(5.0 / np.sqrt(k), 0.4, 0.95))
    lines = LineCollection(segments(x, f), colors=ramp_colors(np.arange(k)), linewidths=lw,
                           alpha=opacity, capstyle="round", joinstyle="round")
    ax.add_collection(lines)
    return lines


def segments(x: np.ndarray, f: np.ndarray) -> np.ndarray:
    """(K, G, 2) polylines of f (K, G) over x (G,)."""
    return np.stack([np.broadcast_to(x, f.shape), f], axis=-1)


def function_axes(ax, title: str):
    """The post's axes: x and f(x, w) on [-4, 4] (x), labels, title."""
    ax.set_xlim(*LIMITS)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$f(x,\\, w)$")
    ax.set_title(title)
