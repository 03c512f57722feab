"""Loss curves and the relative change of all the weights, ||w(n) - w(0)|| / ||w(0)||, by width.

Reproduces the post's "loss curves" and "weight budge" figures (reference/losses_3widths.png,
weightchange_3widths.png) from the nets of the weights movie (widths 10, 100, 1000, lr 1e-3,
at most 1000 steps, each stopping when its loss is below 1e-10): the wider the net, the faster
its loss falls and the less its weights move.  The norm is over ALL parameters stacked.

Output: one figure with both panels, the loss on a log scale (the post's linear axis hides
everything after the first drop).  PNG by default, a still of the whole run; ``--format gif``
or ``mp4`` animates it, the curves growing with the step n.  Loss curves use the loss after
every step; weight change is recorded once a frame.  Curves end where a net stopped.
"""
from __future__ import annotations

import numpy as np

from ntkanim.render.style import ramp_colors
from ntkanim.scene import Scene

from .weights import SIM_OPTIONS, widths_config


def step_loss(record) -> np.ndarray:
    """(K, S+1) loss ||y - y_bar||^2 / (2 alpha^2) after every step, from y_path (K, S+1, N)."""
    r = record["y_path"] - record["y_data"]
    return (r ** 2).sum(-1) / (2 * record["alpha"][:, None] ** 2)


def curves(record) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Per net (loss steps, loss, frame steps, weight change), each ending where the net stopped.

    A frozen net's weight change at its first frame after stopping is its value at the stop, so
    the last point is placed at the stop step.
    """
    loss, step, wc = step_loss(record), record["step"], record["weight_change"]
    stop = record["stop_step"] if "stop_step" in record else np.full(len(loss), -1)
    out = []
    for k, s in enumerate(stop):
        end = int(s) if s >= 0 else loss.shape[1] - 1
        n = np.arange(end + 1)
        keep = int(np.searchsorted(step, end, side="left")) + 1  # frames up to the first >= end
        xs = np.minimum(step[:keep], end)
        out.append((n, loss[k, : end + 1], xs, wc[k, :keep]))
    return out


class WeightChangeMovie:
    """Two panels, loss (log) and weight change, one line per width; frame t shows n <= step[t]."""

    def __init__(self, record, opts):
        self.curves, self.step = curves(record), record["step"]
        self.width = record["width"]
        stopped = "stop_step" in record and (record["stop_step"] >= 0).any()
        self.stop_loss = record.config.get("stop_loss") if stopped else None  # drawn if reached
        self.n_frames = len(self.step)

    def setup(self, fig):
        ax_loss, ax_wc = fig.subplots(1, 2)
        last = max(int(c[0][-1]) for c in self.curves) or 1
        losses = np.concatenate([c[1] for c in self.curves])
        positive = losses[losses > 0]
        ax_loss.set_yscale("log")
        ax_loss.set_ylim(positive.min() / 3, positive.max() * 3)
        top = max(float(c[3].max()) for c in self.curves)
        ax_wc.set_ylim(0, 1.08 * top or 1.0)
        for ax in (ax_loss, ax_wc):
            ax.set_xlim(-0.02 * last, 1.02 * last)
            ax.set_xlabel("step $n$")
        if self.stop_loss:
            ax_loss.axhline(self.stop_loss, color="0.5", lw=1, ls="--", zorder=1)
            ax_loss.text(0.98 * last, self.stop_loss * 1.6, "stop", ha="right", color="0.5",
                         fontsize="small", clip_on=True)
        ax_loss.set_title("Training loss")
        ax_loss.set_ylabel("$L(w(n))$")
        ax_wc.set_title("Relative change of the weights")
        ax_wc.set_ylabel(r"$\|w(n) - w(0)\| \,/\, \|w(0)\|$")
        self.lines = []
        for m, color in zip(self.width, ramp_colors(np.log(self.width))):
            self.lines.append((ax_loss.plot([], [], color=color, lw=2.2, label=f"width {m}")[0],
                               ax_wc.plot([], [], color=color, lw=2.2)[0]))
        ax_loss.legend(loc="upper right")
        self.clock = ax_wc.text(0.98, 0.04, "", transform=ax_wc.transAxes, ha="right")
        return [a for pair in self.lines for a in pair] + [self.clock]

    def update(self, t):
        n = self.step[t]
        for (loss_line, wc_line), (ls, loss, ws, wc) in zip(self.lines, self.curves):
            i, j = np.searchsorted(ls, n, side="right"), np.searchsorted(ws, n, side="right")
            loss_line.set_data(ls[:i], loss[:i])
            wc_line.set_data(ws[:j], wc[:j])
        self.clock.set_text(f"step {n}")


SCENE = Scene(
    name="weight-change",
    help=__doc__,
    kind="still",
    build_config=widths_config,
    make_movie=WeightChangeMovie,
    sim_options=SIM_OPTIONS,
    records=("weights", "weight-change"),
    required=("width", "step", "loss", "weight_change", "y_path", "y_data", "alpha"),
    defaults={"format": "png", "fps": 10, "size": (1200, 480)},
    quick={"widths": (4, 8, 16), "steps": 20, "frames": 5, "crop": 12},
    reproduces="reference/losses_3widths.png, reference/weightchange_3widths.png",
)
