"""The ellipses movie in manim: the record of scenes/ellipses.py, drawn as mobjects.

Same content as the matplotlib movie: per alpha the kernel level set
(y - y_bar)^T ntk (y - y_bar) = c around the target (an exact affine image of a circle's Bezier
points, so an ellipse is rewritten in place each frame), the trail of y(w(n)) and its head, a
legend and the GD step.  Between record frames ntk and y are interpolated linearly (a convex
combination of positive definite kernels stays positive definite).
"""
from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Circle, Dot, Line, Star, VGroup, VMobject

from scenes.ellipses import default_level, ellipse_points

from . import labels
from .backend import to_hex
from .plot import (PLOT_HEIGHT, Frame, RecordScene, at, step_counter, equal_aspect,
                   place_with_legend, plot_width)

TRAIL_POINTS = 400  # trail vertices over the whole run: finer than a pixel at 4K


class EllipsesScene(RecordScene):
    def draw(self) -> list:
        from ..render.style import ramp_colors

        rec, c = self.record, self.colors
        self.y, self.ntk, self.y_bar = rec["y"], rec["ntk"], rec["y_data"]  # (K,T,2), (K,T,2,2)
        path = rec["y_path"] if "y_path" in rec else self.y
        self.level = self.opts.get("level") or default_level(self.ntk[:, 0], self.y_bar)
        pts = np.concatenate([self.y.reshape(-1, 2), self.y_bar[None]] + [
            ellipse_points(self.ntk[k, 0], self.y_bar, self.level) for k in range(len(self.y))])
        pad = 0.06 * (pts.max(0) - pts.min(0)).max()
        lo, hi = pts.min(0) - pad, pts.max(0) + pad
        colors = [to_hex(col) for col in ramp_colors(rec["alpha"])]
        legend = self._legend(rec["alpha"], colors)
        w, h = equal_aspect(lo, hi, plot_width(legend), PLOT_HEIGHT)
        self.frame = Frame(lo, hi, place_with_legend(legend, w, h), w, h, c)
        self.add(self.frame.mobject, legend, *self._titles(rec["x_data"]))
        self.circle = Circle(radius=1.0).points[:, :2]  # unit circle as cubic Beziers
        self._prepare_trails(path, rec["step"])
        movers = []
        for k, col in enumerate(colors):
            movers.append(VMobject(stroke_color=col, stroke_width=3, stroke_opacity=0.85)
                          .add_updater(lambda m, k=k: self._trail(m, k)))
        for k, col in enumerate(colors):
            movers.append(VMobject(stroke_color=col, stroke_width=4)
                          .add_updater(lambda m, k=k: self._ellipse(m, k)))
        for k, col in enumerate(colors):
            movers.append(Dot(radius=0.07, color=col, stroke_color="#ffffff", stroke_width=1.5)
                          .add_updater(lambda m, k=k: m.move_to(self.frame.c2p(at(self.y, self.position())[k]))))
        star = Star(5, outer_radius=0.2, color=c["accent"], fill_opacity=1, stroke_color=c["bg"])
        movers.append(star.move_to(self.frame.c2p(self.y_bar)))
        movers.append(step_counter(self, LEFT))
        return movers

    def _titles(self, x_data):
        c, f = self.colors, self.frame
        title = labels.text("Neural tangent kernel during training", 34, c["fg"]).to_edge(UP, 0.3)
        xl = labels.math(rf"y_1 = f({x_data[0]:g},\, w(n))", 30, c["fg"])
        xl.next_to(f.mobject, DOWN, 0.2).set_x(f.c2p((f.lo + f.hi) / 2)[0])
        yl = labels.math(rf"y_2 = f({x_data[1]:g},\, w(n))", 30, c["fg"]).rotate(np.pi / 2)
        yl.next_to(f.mobject, LEFT, 0.2).set_y(f.c2p((f.lo + f.hi) / 2)[1])
        return title, xl, yl

    def _legend(self, alphas, colors) -> VGroup:
        c = self.colors
        rows = [VGroup(Line(LEFT * 0.3, RIGHT * 0.3, color=col, stroke_width=5),
                       labels.math(rf"\alpha = {a:g}", 28, c["fg"])).arrange(RIGHT, buff=0.2)
                for a, col in zip(alphas, colors)]
        star = Star(5, outer_radius=0.15, color=c["accent"], fill_opacity=1)
        rows.append(VGroup(star, labels.text("target", 24, c["fg"]), labels.math(r"\bar{y}", 28, c["fg"]))
                    .arrange(RIGHT, buff=0.15))
        return VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.22)

    def _prepare_trails(self, path, step):
        """Decimated trail vertices (K, P, 2) and their GD steps (P,)."""
        n_steps = path.shape[1]
        keep = np.unique(np.linspace(0, n_steps - 1, min(TRAIL_POINTS, n_steps)).round().astype(int))
        self.trail_xy, self.trail_step = path[:, keep], keep.astype(float)
        if path is self.y:  # a record without y_path: its frames are the trail
            self.trail_step = step[keep].astype(float)

    def _trail(self, mob, k):
        s = self.position()
        head = at(self.y, s)[k]
        n = np.searchsorted(self.trail_step, self.step_of(s), side="right")
        pts = np.vstack([self.trail_xy[k, :n], head[None]])
        if len(pts) < 2:
            pts = np.vstack([pts, pts])
        mob.set_points_as_corners(self.frame.c2p(pts))

    def _ellipse(self, mob, k):
        ntk = at(self.ntk[k:k + 1], self.position())[0]
        lam, q = np.linalg.eigh(ntk)
        shape = q * np.sqrt(self.level / lam)  # unit circle -> level set, data units
        mob.set_points(self.frame.c2p(self.y_bar + self.circle @ shape.T))
