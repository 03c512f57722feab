"""The functions f(x, w0) of 100 randomly initialized 2-hidden-layer, width-100 ReLU nets.

Reproduces the post's "init functions" figure (reference/net_funcs.png): each line is one net
at its random initialization, drawn on x in [-4, 4].  Nets are not zeroed and have alpha 1:
these are the functions that training-nets starts from (it draws the same nets; its record
renders here too, at step 0).  A still: PNG by default, SVG-free since a 100-line PNG is small.
"""
from __future__ import annotations

from ntkanim.scene import Scene

from .two_points import function_axes, model_options, nets_config, nets_option, spaghetti


def init_config(opts: dict):
    """No GD steps: one frame, the initialization."""
    return nets_config(opts, steps=0, frames=1)


class InitFuncsMovie:
    """A still: f_grid at frame 0 of the record, one line per net."""

    n_frames = 1

    def __init__(self, record, opts):
        self.x, self.f = record["x_grid"], record["f_grid"][:, 0]  # (G,), (K, G)
        self.width = int(record["width"][0])

    def setup(self, fig):
        ax = fig.add_subplot()
        spaghetti(ax, self.x, self.f)
        lo, hi = self.f.min(), self.f.max()
        pad = 0.08 * (hi - lo or 1.0)
        ax.set_ylim(lo - pad, hi + pad)
        function_axes(ax, f"{len(self.f)} random initializations, width {self.width}")
        return []

    def update(self, t):
        pass


SCENE = Scene(
    name="init-funcs",
    help=__doc__,
    kind="still",
    build_config=init_config,
    make_movie=InitFuncsMovie,
    sim_options=(nets_option(),) + model_options(),
    records=("init-funcs", "training-nets"),
    required=("x_grid", "f_grid", "width"),
    defaults={"format": "png", "size": (800, 600)},
    quick={"nets": 8, "width": 16},
    reproduces="reference/net_funcs.png",
)
