"""The hidden-to-hidden weight matrix of nets of width 10, 100 and 1000 while they train.

Reproduces the post's "wim" movies (reference/wim024_width100.frames.png,
wim025_width1000.frames.png): the m x m matrix W_2 between the two hidden layers as a heatmap,
while the net fits the two points (-3, 2), (0.5, -1) by full-batch GD (lr 1e-3, at most 1000
steps, each net stopping when its loss is below 1e-10).  The colour scale of each panel is fixed
by its initialization, so what moves is change: width 10 visibly shifts, widths 100 and 1000
look frozen, the "lazy" training of wide nets.  ``--show delta`` draws W(n) - W0 instead, on one
symmetric colour scale for all panels: the width effect becomes obvious.

Decisions.  The post has one movie per width; here the widths are panels of one movie on the
same clock, trained as one zero-padded ensemble (``--width 100`` renders one panel alone, as the
post's movies).  A net that has converged is frozen (its panel says at which step); the movie
runs until every net has stopped or the steps run out.  Matrices wider than ``--crop`` show their
first crop x crop block: a 300-pixel panel cannot show 1000 distinct columns anyway, and a
record of 100 full 1000 x 1000 frames would be 400 MB per net.  weight-change draws the same
record.
"""
from __future__ import annotations

import click
import numpy as np

from ntkanim.config import GDConfig, MLPConfig
from ntkanim.scene import POSITIVE_FLOAT, POSITIVE_INT, IntList, Scene

from .two_points import X_DATA, Y_DATA, check_frames, gd_options, model_options

SIM_OPTIONS = (
    click.Option(["--widths"], type=IntList(), default="10,100,1000", show_default=True,
                 help="Hidden widths, one net each: comma-separated positive integers."),
    *gd_options(lr=1e-3, steps=1000, frames=101),
    click.Option(["--stop-loss"], type=POSITIVE_FLOAT, default=1e-10, show_default=True,
                 help="A net stops (is frozen) once its loss is below this."),
    click.Option(["--crop"], type=POSITIVE_INT, default=200, show_default=True,
                 help="Record the first CROP x CROP block of wider matrices."),
    *model_options(width=None),
)


def widths_config(opts: dict) -> GDConfig:
    """One net per width (seed seed + k), zero-padded to the widest; records W_2 and stops early."""
    check_frames(opts)
    if opts["depth"] < 2:
        raise click.BadParameter("a hidden-to-hidden matrix needs at least 2 hidden layers",
                                 param_hint="'--depth'")
    widths = tuple(opts["widths"])
    model = MLPConfig(width=max(widths), depth=opts["depth"], activation=opts["activation"],
                      init=opts["init"])
    return GDConfig(model=model, x_data=X_DATA, y_data=Y_DATA, alpha=(1.0,) * len(widths),
                    seeds=tuple(opts["seed"] + k for k in range(len(widths))), widths=widths,
                    zeroed=False, lr=opts["lr"], steps=opts["steps"], frames=opts["frames"],
                    grid=(-4.0, 4.0, 0), record_ntk=False, record_layer=1,
                    layer_crop=opts["crop"], stop_loss=opts["stop_loss"])


def panels(record, width: int | None) -> list[int]:
    """Indices of the nets to draw: all, or those of ``--width``."""
    widths = [int(m) for m in record["width"]]
    if width is None:
        return list(range(len(widths)))
    if width not in widths:
        raise click.BadParameter(f"the record has widths {', '.join(map(str, widths))}",
                                 param_hint="'--width'")
    return [widths.index(width)]


def stopped_label(stop_step: int, step: int) -> str:
    return f"stopped at step {stop_step}" if 0 <= stop_step <= step else ""


class WeightsMovie:
    """One heatmap per width: W_2(n) (or W_2(n) - W_2(0)); frame t = record frame t."""

    def __init__(self, record, opts):
        self.nets = panels(record, opts.get("width"))
        self.width, self.step = record["width"], record["step"]
        self.stop = record["stop_step"] if "stop_step" in record else np.full(len(self.width), -1)
        self.delta = opts.get("show", "w") == "delta"
        self.what = "$W(n) - W(0)$" if self.delta else "hidden-to-hidden weights $W(n)$"
        self.w = [self._matrix(record["w_layer"], k) for k in self.nets]  # each (T, c, c)
        self.n_frames = len(self.step)

    def _matrix(self, w_layer, k):
        c = min(int(self.width[k]), w_layer.shape[-1])
        w = w_layer[k, :, :c, :c]
        return w - w[0] if self.delta else w

    def _scale(self, w) -> float:
        """Half-range of the colour scale: |W0| for W, the largest |W(n) - W0| of all for delta."""
        if self.delta:
            return float(max(np.abs(v).max() for v in self.w)) or 1.0
        return float(np.abs(w[0]).max())

    def setup(self, fig):
        axes = fig.subplots(1, len(self.nets), squeeze=False)[0]
        self.images, self.labels = [], []
        for ax, k, w in zip(axes, self.nets, self.w):
            s = self._scale(w)
            image = ax.imshow(w[0], cmap="RdBu_r" if self.delta else "viridis", vmin=-s, vmax=s,
                              origin="lower", interpolation="antialiased")
            m, c = int(self.width[k]), w.shape[-1]
            ax.set_title(f"width {m}" + (f" (first {c}×{c})" if c < m else ""))
            ax.grid(False)
            self.images.append(image)
            self.labels.append(ax.text(0.5, -0.1, "", transform=ax.transAxes, ha="center",
                                       va="top", fontsize="small"))
        if self.delta:
            fig.colorbar(self.images[0], ax=list(axes), shrink=0.8, label="$W(n) - W(0)$")
        self.clock = fig.suptitle("")
        return self.images + self.labels + [self.clock]

    def update(self, t):
        for image, label, k, w in zip(self.images, self.labels, self.nets, self.w):
            image.set_data(w[t])
            label.set_text(stopped_label(int(self.stop[k]), int(self.step[t])))
        self.clock.set_text(f"{self.what}, step {self.step[t]}")


DRAW_OPTIONS = (
    click.Option(["--show"], type=click.Choice(["w", "delta"]), default="w", show_default=True,
                 help="w: the weights W(n) on their initial colour scale; delta: W(n) - W(0)."),
    click.Option(["--width"], type=POSITIVE_INT, default=None,
                 help="Draw only the net of this width (one of --widths)."),
)

SCENE = Scene(
    name="weights",
    help=__doc__,
    kind="movie",
    build_config=widths_config,
    make_movie=WeightsMovie,
    sim_options=SIM_OPTIONS,
    draw_options=DRAW_OPTIONS,
    records=("weights", "weight-change"),
    required=("w_layer", "width", "step"),
    defaults={"format": "gif", "fps": 10, "size": (1200, 460)},
    quick={"widths": (4, 8, 16), "steps": 20, "frames": 5, "crop": 12},
    reproduces="reference/wim024_width100.frames.png, reference/wim025_width1000.frames.png",
)
