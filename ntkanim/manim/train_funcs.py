"""The train-funcs movie in manim: f(x, w(n)) of every alpha on x_grid, with the two data points.

A record made with --twin (``f_grid_lin``) shows one panel per alpha, as the matplotlib movie:
the net solid and its linearized twin dashed in the same colour, so where they part is plain.
"""
from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Dot, Line, VGroup, VMobject, config

from scenes.train_funcs import grid_shape

from . import labels
from .backend import to_hex
from .plot import (MARGIN, PLOT_HEIGHT, Frame, RecordScene, at, dashed, live_label, step_counter,
                   place_with_legend, plot_width)

# panels: scene units left of the first column (ticks, y label), between columns, above a box
# (its alpha), under the bottom row (ticks, x label), between rows; the band under the title
PANEL_LEFT, PANEL_GAP, PANEL_TITLE, PANEL_FOOT, ROW_GAP = 1.2, 0.55, 0.45, 0.85, 0.2
BAND_TOP, BAND_BOTTOM = 3.05, -3.2


class TrainFuncsScene(RecordScene):
    def draw(self) -> list:
        from ..render.style import DATA_COLOR, ramp_colors

        rec = self.record
        self.x, self.f = rec["x_grid"], rec["f_grid"]  # (G,), (K, T, G)
        self.f_lin = rec["f_grid_lin"] if "f_grid_lin" in rec else None  # (K, T, G)
        curves = [self.f] if self.f_lin is None else [self.f, self.f_lin]
        lo = min(min(f.min() for f in curves), rec["y_data"].min())
        hi = max(max(f.max() for f in curves), rec["y_data"].max())
        pad = 0.08 * (hi - lo or 1.0)
        self.limits = (self.x[0], lo - pad), (self.x[-1], hi + pad)
        self.data_color = DATA_COLOR[self.theme]
        colors = [to_hex(col) for col in ramp_colors(rec["alpha"])]
        return self._single(colors) if self.f_lin is None else self._panels(colors)

    def _single(self, colors) -> list:
        """All nets on one plot, an alpha legend beside it."""
        c = self.colors
        legend = self._legend(self.record["alpha"], colors)
        width = min(plot_width(legend), 1.4 * PLOT_HEIGHT)
        self.frame = Frame(*self.limits, place_with_legend(legend, width, PLOT_HEIGHT), width, PLOT_HEIGHT, c)
        title = labels.text("Model functions during training", 34, c["fg"]).to_edge(UP, 0.3)
        self.add(self.frame.mobject, title, *self._axis_labels(self.frame, True, True), legend)
        movers = [self._curve(col, k, self.f, False) for k, col in enumerate(colors)]
        return movers + self._data(self.frame) + [step_counter(self, RIGHT)]

    def _panels(self, colors) -> list:
        """One panel per alpha, the net solid and its twin dashed; a key row at the bottom."""
        c, alphas = self.colors, self.record["alpha"]
        title = labels.text("Networks and their linearized twins", 30, c["fg"]).to_edge(UP, 0.3)
        step = live_label(lambda: int(self.record["step"][self.nearest()]),
                          lambda n: labels.text(f"step {n}", 24, c["fg"])
                          .to_edge(RIGHT, MARGIN).set_y(title.get_y()))
        self.add(title, self._twin_key().to_edge(DOWN, 0.25))
        movers = [step]
        for k, (frame, col) in enumerate(zip(self._panel_frames(len(alphas)), colors)):
            top = frame.c2p(((frame.lo[0] + frame.hi[0]) / 2, frame.hi[1]))
            self.add(frame.mobject, labels.math(rf"\alpha = {alphas[k]:g}", 26, c["fg"]).next_to(top, UP, 0.12))
            self.frame = frame
            movers += [self._curve(col, k, self.f, False), self._curve(col, k, self.f_lin, True)]
            movers += self._data(frame)
        return movers

    def _panel_frames(self, n: int) -> list[Frame]:
        """n frames in a grid_shape(n) grid filling the band; inner tick labels and, under the
        bottom row and left of the first column, the axis labels."""
        rows, cols = grid_shape(n)
        w = (config.frame_width - 2 * MARGIN - PANEL_LEFT - (cols - 1) * PANEL_GAP) / cols
        h = (BAND_TOP - BAND_BOTTOM - rows * PANEL_TITLE - PANEL_FOOT - (rows - 1) * ROW_GAP) / rows
        frames = []
        for k in range(n):
            r, col = divmod(k, cols)
            corner = (-config.frame_width / 2 + MARGIN + PANEL_LEFT + col * (w + PANEL_GAP),
                      BAND_TOP - PANEL_TITLE - h - r * (h + PANEL_TITLE + ROW_GAP))
            frame = Frame(*self.limits, corner, w, h, self.colors, font_size=20)
            bottom, left = k + cols >= n, col == 0
            frame.mobject.remove(*([] if bottom else frame.ticks[0]), *([] if left else frame.ticks[1]))
            self.add(*self._axis_labels(frame, bottom, left))
            frames.append(frame)
        return frames

    def _axis_labels(self, frame, x: bool, y: bool) -> list:
        """"x" under ``frame`` and "f(x, w(n))" left of it, where asked."""
        fg, middle = self.colors["fg"], frame.c2p((frame.lo + frame.hi) / 2)
        out = []
        if x:
            out.append(labels.math("x", 30, fg).next_to(frame.mobject, DOWN, 0.15).set_x(middle[0]))
        if y:
            out.append(labels.math(r"f(x,\, w(n))", 28, fg).rotate(np.pi / 2)
                       .next_to(frame.mobject, LEFT, 0.2).set_y(middle[1]))
        return out

    def _curve(self, color, k, f, dash: bool) -> VMobject:
        """Net k's curve of ``f`` (K, T, G) on the current frame, its points rewritten each frame."""
        frame = self.frame

        def update(mob):
            xy = frame.c2p(np.stack([self.x, at(f[k:k + 1], self.position())[0]], -1))
            mob.set_points(dashed(xy)) if dash else mob.set_points_as_corners(xy)

        return VMobject(stroke_color=color, stroke_width=3.5 if dash else 4).add_updater(update)

    def _data(self, frame) -> list:
        rec = self.record
        return [Dot(frame.c2p(p), radius=0.1, color=self.data_color, stroke_color="#ffffff", stroke_width=2)
                for p in zip(rec["x_data"], rec["y_data"])]

    def _legend(self, alphas, colors) -> VGroup:
        fg = self.colors["fg"]
        rows = [VGroup(Line(LEFT * 0.3, RIGHT * 0.3, color=col, stroke_width=5),
                       labels.math(rf"\alpha = {a:g}", 28, fg)).arrange(RIGHT, buff=0.2)
                for a, col in zip(alphas, colors)]
        rows.append(self._data_key())
        return VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.22)

    def _data_key(self) -> VGroup:
        return VGroup(Dot(radius=0.1, color=self.data_color), labels.text("data", 24, self.colors["fg"])
                      ).arrange(RIGHT, buff=0.2)

    def _twin_key(self) -> VGroup:
        """network (solid), linearized twin (dashed), data: one row."""
        fg, key = self.colors["fg"], np.array([LEFT * 0.3, RIGHT * 0.3])
        solid = Line(*key, color=fg, stroke_width=4)
        dash = VMobject(stroke_color=fg, stroke_width=3.5).set_points(dashed(key, 0.14, 0.09))
        rows = [VGroup(solid, labels.text("network", 22, fg), labels.math(r"f(x,\, w(n))", 24, fg)),
                VGroup(dash, labels.text("linearized twin", 22, fg), labels.math(r"f_{lin}(x,\, w(n))", 24, fg))]
        rows = [row.arrange(RIGHT, buff=0.2) for row in rows] + [self._data_key()]
        return VGroup(*rows).arrange(RIGHT, buff=0.6)
