"""The toy-model movies in manim: model-alpha and loss-alpha, from the toy-alpha record.

Same content as scenes/model_alpha.py and scenes/loss_alpha.py.  Record frame t has output scale
alpha[t]; between frames the curves are interpolated linearly (for f and f_lin, which are linear
in alpha, that is exactly the model at the linearly interpolated alpha).  The alpha title and the
readouts show the nearest record frame, as the matplotlib movies do.  ``--axes zoom`` rescales
the loss view smoothly: the window of each output frame is interpolated between the record's
windows, and the grid and tick labels are redrawn for it.
"""
from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, UP, BackgroundRectangle, Circle, Dot, VGroup, VMobject

from ..render.style import ACTUAL_COLOR, LINEAR_COLOR
from . import labels
from .plot import (LABEL_SPACE, PLOT_HEIGHT, Frame, RecordScene, at, axis_labels, legend, line_key,
                   place_with_legend, plot_width, live_label)

Y_LIMIT = 7.0  # model-alpha's f range, the post's
Y_TOP = 8.0  # loss-alpha's fixed loss range, the post's
LOSS_LABELS = 2.1  # loss-alpha's y label space: zoomed tick labels are long


def lines(*mobjects) -> VGroup:
    """Mobjects stacked as left-aligned lines of a label."""
    return VGroup(*mobjects).arrange(DOWN, aligned_edge=LEFT, buff=0.1)


class ToyScene(RecordScene):
    """What both toy movies share: frames are alphas, the alpha title, the plot's colours."""

    @staticmethod
    def record_frames(record) -> int:
        return len(record["alpha"])

    def setup_toy(self):
        rec, c = self.record, self.colors
        self.alpha = rec["alpha"][None]  # (1, T): ``at`` interpolates along axis 1
        self.w0, self.x = rec.config["w0"], rec.config["x"]
        self.actual, self.linear = ACTUAL_COLOR[self.theme], LINEAR_COLOR[self.theme]
        title = live_label(
            lambda: float(rec["alpha"][self.nearest()]),
            lambda a: labels.text(rf"$\alpha = {a:.4g}$", 40, c["fg"]).to_edge(UP, 0.3))
        return title

    def marker(self, color, radius=0.09) -> Dot:
        return Dot(radius=radius, color=color, stroke_color=self.colors["bg"], stroke_width=2)

    def word_label(self, words: str, tex: str):
        """Words followed by a formula, e.g. "parameter" w."""
        fg = self.colors["fg"]
        return VGroup(labels.text(words, 28, fg), labels.math(tex, 30, fg)).arrange(buff=0.15)


class ModelAlphaScene(ToyScene):
    """f(x, w) and its tangent line at w0 on w_grid, f in [-7, 7]."""

    def draw(self) -> list:
        rec, c = self.record, self.colors
        title = self.setup_toy()
        self.w, self.f, self.f_lin = rec["w_grid"], rec["f"][None], rec["f_lin"][None]  # (W,), (1,T,W)
        fg = c["fg"]
        key = legend([(line_key(self.actual), labels.text("actual model", 24, fg)),
                      (line_key(self.linear), lines(labels.text("linearized", 24, fg), labels.math(
                          r"\alpha f'(w_0)(w - w_0)", 28, fg))),
                      (self.marker(c["accent"]), labels.math(rf"w_0 = {self.w0:g}", 28, fg))])
        width = min(plot_width(key), 1.45 * PLOT_HEIGHT)
        self.frame = Frame((self.w[0], -Y_LIMIT), (self.w[-1], Y_LIMIT),
                           place_with_legend(key, width, PLOT_HEIGHT), width, PLOT_HEIGHT, c)
        self.add(self.frame.mobject, key, axis_labels(
            self.frame, self.word_label("parameter", "w"), labels.math(rf"f({self.x:g},\, w)", 30, fg)))
        curves = [VMobject(stroke_color=color, stroke_width=4).add_updater(
            lambda m, f=f: m.set_points(self.frame.curve(np.c_[self.w, at(f, self.position())[0]])))
            for f, color in ((self.f, self.actual), (self.f_lin, self.linear))]
        start = self.marker(c["accent"]).move_to(self.frame.c2p((self.w0, 0.0)))
        return curves + [start, title]


class LossAlphaScene(ToyScene):
    """The normalized losses of the model and of its tangent line, their minima and w0;
    ``opts["axes"]``: fixed (w0 +- zoom_span, L in [0, 8]) or zoom (the record's shrinking window)."""

    def draw(self) -> list:
        rec, c = self.record, self.colors
        title = self.setup_toy()
        self.zoom = self.opts.get("axes", "fixed") == "zoom"
        names = ("w_zoom", "loss_zoom", "loss_lin_zoom") if self.zoom else ("w_grid", "loss", "loss_lin")
        self.w = rec[names[0]] if self.zoom else np.broadcast_to(rec["w_grid"], rec["loss"].shape)
        self.w, self.loss, self.loss_lin = self.w[None], rec[names[1]][None], rec[names[2]][None]
        self.minima = np.stack([rec["w_min"], rec["loss_min"], rec["w_min_lin"]])  # (3, T)
        self.y_bar, span = rec.config["y_bar"], rec.config["zoom_span"]
        key, space = self._legend(), LOSS_LABELS if self.zoom else LABEL_SPACE
        width = min(plot_width(key, space), 1.45 * PLOT_HEIGHT)
        corner = place_with_legend(key, width, PLOT_HEIGHT, space)
        self.frame = Frame((self.w0 - span, -0.02 * Y_TOP), (self.w0 + span, Y_TOP), corner, width,
                           PLOT_HEIGHT, c)
        ylabel = labels.math(rf"(\bar y - f({self.x:g}, w))^2 / \alpha^2,\ \ \bar y = {self.y_bar:g}", 26, c["fg"])
        self.add(key, axis_labels(self.frame, self.word_label("parameter", "w"), ylabel, space))
        view = self.frame.mobject.add_updater(lambda m: self._view()) if self.zoom else self.frame.mobject
        curves = [VMobject(stroke_color=color, stroke_width=4).add_updater(
            lambda m, loss=loss: m.set_points(self._curve(loss)))
            for loss, color in ((self.loss, self.actual), (self.loss_lin, self.linear))]
        markers = [self.marker(c["accent"]), Circle(radius=0.15, color=self.linear, stroke_width=4),
                   self.marker(self.actual, 0.075)]
        for mob, which in zip(markers, ("start", "min_lin", "min")):
            mob.add_updater(lambda m, which=which, fill=mob.get_fill_opacity(): self._place(m, which, fill))
        readout = live_label(self.nearest, self._readout)
        return [view] + curves + markers + [readout, title]

    def _legend(self) -> VGroup:
        fg, c = self.colors["fg"], self.colors
        return legend([
            (line_key(self.actual), labels.text("actual loss", 24, fg)),
            (line_key(self.linear), labels.text("linearized loss", 24, fg)),
            (self.marker(c["accent"]), labels.math(rf"w_0 = {self.w0:g}", 28, fg)),
            (Circle(radius=0.15, color=self.linear, stroke_width=4), labels.text("linearized minimum", 24, fg)),
            (self.marker(self.actual, 0.075), lines(labels.text("actual minimum", 24, fg),
                                                    labels.text("(nearest $w_0$)", 24, fg)))])

    def _view(self):
        """Zoom: the frame's limits follow the interpolated window, the loss range its top."""
        s = self.position()
        w = at(self.w, s)[0]
        top = min(Y_TOP, 1.1 * at(self.loss_lin, s)[0].max())
        self.frame.set_limits((w[0], -0.02 * top), (w[-1], top))

    def _curve(self, loss):
        s = self.position()
        return self.frame.curve(np.c_[at(self.w, s)[0], at(loss, s)[0]])

    def _place(self, mob, which: str, fill: float):
        """Moves marker ``which`` (start, min, min_lin) to its point; hidden outside the view."""
        s = self.position()
        w_min, loss_min, w_min_lin = at(self.minima, s)
        xy = np.array({"start": (self.w0, (self.y_bar / at(self.alpha, s)[0]) ** 2),
                       "min": (w_min, loss_min), "min_lin": (w_min_lin, 0.0)}[which])
        shown = float(np.all((xy >= self.frame.lo) & (xy <= self.frame.hi)))
        mob.move_to(self.frame.c2p(xy)).set_fill(opacity=fill * shown).set_stroke(opacity=shown)

    def _readout(self, t: int):
        rec = self.record
        lines = VGroup(labels.text(f"actual minimum \u2212 $w_0$:  {rec['w_min'][t] - self.w0:.3g}", 20,
                                   self.colors["fg"]),
                       labels.text(f"actual \u2212 linearized minimum:  "
                                   f"{rec['w_min'][t] - rec['w_min_lin'][t]:.3g}", 20, self.colors["fg"]))
        f = self.frame
        top = f.c2p(((f.lo[0] + f.hi[0]) / 2, f.hi[1]))
        lines.arrange(DOWN, buff=0.12).move_to(top, aligned_edge=UP).shift(0.2 * DOWN)
        box = BackgroundRectangle(lines, color=self.colors["bg"], fill_opacity=0.7, buff=0.1)
        return VGroup(box, lines)
