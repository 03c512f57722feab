"""The normalized one-point loss of the toy model and of its linearization as alpha grows.

Reproduces the two loss movies of "Scaling the Output" (reference/loss_alpha_fixed.frames.png,
loss_alpha_dynamic.frames.png): L(w) = (y_bar - f(x, w))^2 / alpha^2 with y_bar = 3 at x = 1.5,
for the actual model and for its tangent line at w0 = 0.4 (a parabola).  Dividing by alpha^2
keeps the actual loss's scale fixed.  Marked: w0 on the actual loss, the actual loss's minimum
nearest w0 and the parabola's minimum.  Both minima approach each other and w0 as alpha grows:
the weights barely need to move.  --axes fixed keeps w0 +- 1.5 and L in [0, 8]; --axes zoom
shrinks the window around w0 as 1.5 alpha^(-2/3) each frame (the post's right-hand movie), so
the small differences stay visible.  It draws the model-alpha record: both scenes share one
simulation.
"""
from __future__ import annotations

import click
from matplotlib.ticker import MaxNLocator

from ntkanim.render.style import ACCENT, ACTUAL_COLOR, LINEAR_COLOR
from ntkanim.scene import Scene

from .model_alpha import alpha_title, toy_config, toy_options

Y_TOP = 8.0  # the fixed view's loss range, the post's


class LossAlphaMovie:
    """The two losses and their minima; frame t = alpha[t].  zoom: axes limits follow w_zoom[t]."""

    def __init__(self, record, opts):
        self.zoom = opts.get("axes", "fixed") == "zoom"
        self.alpha = record["alpha"]  # (T,)
        if self.zoom:
            self.w, self.loss, self.loss_lin = (record["w_zoom"], record["loss_zoom"],
                                                record["loss_lin_zoom"])  # (T, W) each
        else:
            self.w, self.loss, self.loss_lin = record["w_grid"], record["loss"], record["loss_lin"]
        self.w_min, self.loss_min = record["w_min"], record["loss_min"]  # (T,)
        self.w_min_lin = record["w_min_lin"]
        cfg = record.config
        self.w0, self.x, self.y_bar, self.span = cfg["w0"], cfg["x"], cfg["y_bar"], cfg["zoom_span"]
        self.n_frames = len(self.alpha)
        self.theme = opts.get("theme", "light")

    def setup(self, fig):
        self.ax = ax = fig.add_subplot()
        ax.set_xlim(self.w0 - self.span, self.w0 + self.span)
        ax.set_ylim(-0.02 * Y_TOP, Y_TOP)
        ax.set_xlabel("parameter $w$")
        ax.set_ylabel(rf"$(\bar y - f({self.x:g}, w))^2 / \alpha^2$,  $\bar y = {self.y_bar:g}$")
        actual, linear = ACTUAL_COLOR[self.theme], LINEAR_COLOR[self.theme]
        (self.actual,) = ax.plot([], [], color=actual, label="actual loss")
        (self.linear,) = ax.plot([], [], color=linear, label="linearized loss")
        (self.start,) = ax.plot([], [], "o", ms=8, color=ACCENT[self.theme],
                                mec=ax.get_facecolor(), zorder=5, label=f"$w_0 = {self.w0:g}$")
        (self.min_lin,) = ax.plot([], [], "o", ms=13, mfc="none", mec=linear, mew=2.2, zorder=6,
                                  label="linearized minimum")
        (self.min,) = ax.plot([], [], "o", ms=6.5, color=actual, zorder=7,
                              label="actual minimum (nearest $w_0$)")
        fig.legend(loc="outside lower center", ncols=3)
        ax.xaxis.set_major_locator(MaxNLocator(6))  # the zoomed ticks need room
        self.readout = ax.text(0.5, 0.97, "", transform=ax.transAxes, ha="center", va="top",
                               bbox={"boxstyle": "round", "fc": ax.get_facecolor(), "ec": "none",
                                     "alpha": 0.6})
        self.title = ax.set_title("")
        self.update(self.n_frames - 1)  # zoom: the layout makes room for the finest ticks
        moving = [self.actual, self.linear, self.start, self.min_lin, self.min, self.readout,
                  self.title]
        return [ax] if self.zoom else moving  # zoom: ticks change, so the whole axes redraws

    def update(self, t):
        w = self.w[t] if self.zoom else self.w
        self.actual.set_data(w, self.loss[t])
        self.linear.set_data(w, self.loss_lin[t])
        self.start.set_data([self.w0], [(self.y_bar / self.alpha[t]) ** 2])
        self.min.set_data([self.w_min[t]], [self.loss_min[t]])
        self.min_lin.set_data([self.w_min_lin[t]], [0.0])
        self.readout.set_text(f"actual minimum $-$ $w_0$:  {self.w_min[t] - self.w0:.3g}\n"
                              f"actual $-$ linearized minimum:  "
                              f"{self.w_min[t] - self.w_min_lin[t]:.3g}")
        self.title.set_text(alpha_title(self.alpha[t]))
        if self.zoom:
            top = min(Y_TOP, 1.1 * self.loss_lin[t].max())
            self.ax.set_xlim(w[0], w[-1])
            self.ax.set_ylim(-0.02 * top, top)


DRAW_OPTIONS = (
    click.Option(["--axes"], type=click.Choice(["fixed", "zoom"]), default="fixed",
                 show_default=True,
                 help="fixed: w0 +- 1.5, loss in [0, 8]; zoom: the window shrinks around w0."),
)

SCENE = Scene(
    name="loss-alpha",
    help=__doc__,
    kind="movie",
    build_config=toy_config,
    make_movie=LossAlphaMovie,
    sim_options=toy_options(),
    draw_options=DRAW_OPTIONS,
    records=("model-alpha", "loss-alpha"),
    required=("alpha", "w_grid", "loss", "loss_lin", "w_zoom", "loss_zoom", "loss_lin_zoom",
              "w_min", "w_min_lin", "loss_min"),
    defaults={"format": "gif", "fps": 10, "size": (800, 600)},
    quick={"frames": 12},
    reproduces="reference/loss_alpha_fixed.frames.png, reference/loss_alpha_dynamic.frames.png",
)
