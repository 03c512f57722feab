"""The train-funcs movie in manim: f(x, w(n)) of every alpha on x_grid, with the two data points.

A record made with --twin (``f_grid_lin``) also shows each net's linearized twin, dashed in the
net's colour on the same plot: where they coincide the net is in the kernel regime."""
from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Dot, Line, VGroup, VMobject

from . import labels
from .backend import to_hex
from .plot import PLOT_HEIGHT, Frame, RecordScene, at, dashed, step_counter, place_with_legend, plot_width


class TrainFuncsScene(RecordScene):
    def draw(self) -> list:
        from ..render.style import DATA_COLOR, ramp_colors

        rec, c = self.record, self.colors
        self.x, self.f = rec["x_grid"], rec["f_grid"]  # (G,), (K, T, G)
        self.f_lin = rec["f_grid_lin"] if "f_grid_lin" in rec else None  # (K, T, G)
        curves = [self.f] if self.f_lin is None else [self.f, self.f_lin]
        lo = min(min(f.min() for f in curves), rec["y_data"].min())
        hi = max(max(f.max() for f in curves), rec["y_data"].max())
        pad = 0.08 * (hi - lo or 1.0)
        colors = [to_hex(col) for col in ramp_colors(rec["alpha"])]
        data_color = DATA_COLOR[self.theme]
        legend = self._legend(rec["alpha"], colors, data_color)
        width = min(plot_width(legend), 1.4 * PLOT_HEIGHT)
        self.frame = Frame((self.x[0], lo - pad), (self.x[-1], hi + pad),
                           place_with_legend(legend, width, PLOT_HEIGHT), width, PLOT_HEIGHT, c)
        title = labels.text("Model functions during training", 34, c["fg"]).to_edge(UP, 0.3)
        middle = self.frame.c2p((self.frame.lo + self.frame.hi) / 2)
        xl = labels.math("x", 32, c["fg"]).next_to(self.frame.mobject, DOWN, 0.2).set_x(middle[0])
        yl = labels.math(r"f(x,\, w(n))", 30, c["fg"]).rotate(np.pi / 2)
        yl.next_to(self.frame.mobject, LEFT, 0.2).set_y(middle[1])
        self.add(self.frame.mobject, title, xl, yl, legend)
        movers = [VMobject(stroke_color=col, stroke_width=4).add_updater(lambda m, k=k: self._line(m, k))
                  for k, col in enumerate(colors)]
        if self.f_lin is not None:
            movers += [VMobject(stroke_color=col, stroke_width=3.5).add_updater(lambda m, k=k: self._twin(m, k))
                       for k, col in enumerate(colors)]
        movers += [Dot(self.frame.c2p(p), radius=0.1, color=data_color, stroke_color="#ffffff",
                       stroke_width=2) for p in zip(rec["x_data"], rec["y_data"])]
        movers.append(step_counter(self, RIGHT))
        return movers

    def _legend(self, alphas, colors, data_color) -> VGroup:
        fg = self.colors["fg"]
        rows = [VGroup(Line(LEFT * 0.3, RIGHT * 0.3, color=col, stroke_width=5),
                       labels.math(rf"\alpha = {a:g}", 28, fg)).arrange(RIGHT, buff=0.2)
                for a, col in zip(alphas, colors)]
        if self.f_lin is not None:
            key = [LEFT * 0.3, RIGHT * 0.3]
            rows += [VGroup(Line(*key, color=fg, stroke_width=4), labels.text("network", 24, fg)),
                     VGroup(VMobject(stroke_color=fg, stroke_width=3.5).set_points(dashed(key, 0.14, 0.09)),
                            labels.text("linearized twin", 24, fg))]
            rows[-2:] = [row.arrange(RIGHT, buff=0.2) for row in rows[-2:]]
        rows.append(VGroup(Dot(radius=0.1, color=data_color), labels.text("data", 24, fg))
                    .arrange(RIGHT, buff=0.2))
        return VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.22)

    def _line(self, mob, k):
        f = at(self.f[k:k + 1], self.position())[0]
        mob.set_points_as_corners(self.frame.c2p(np.stack([self.x, f], -1)))

    def _twin(self, mob, k):
        f = at(self.f_lin[k:k + 1], self.position())[0]
        mob.set_points(dashed(self.frame.c2p(np.stack([self.x, f], -1))))
