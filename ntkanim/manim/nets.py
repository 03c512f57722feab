"""The two-point ReLU net movies in manim: training-nets and weights.

training-nets (scenes/training_nets.py): K thin, semi-transparent functions f(x, w(n)) on
[-4, 4] x [-4, 4] in the colours of the ramp, the two data points and the step; the first record
frame is held for ``--hold-first`` seconds.  weights (scenes/weights.py): one heatmap per width
of the recorded hidden-to-hidden matrix W_2(n), or W_2(n) - W_2(0) with ``--show delta``; each
panel is an ImageMobject whose pixels are rewritten in place every frame, its colour scale fixed
from initialization (delta: one symmetric scale for all panels, with a colour bar).
"""
from __future__ import annotations

import numpy as np
from manim import DOWN, RIGHT, UP, Dot, Group, ImageMobject, Rectangle, VGroup, VMobject
from manim.constants import RESAMPLING_ALGORITHMS

from scenes.two_points import LIMITS, spaghetti
from scenes.weights import stopped_label

from ..render.style import DATA_COLOR
from . import labels
from .backend import to_hex
from .plot import (PLOT_HEIGHT, Frame, RecordScene, at, axis_labels, step_counter,
                   place_with_legend, live_label)


class TrainingNetsScene(RecordScene):
    def draw(self) -> list:
        rec, c = self.record, self.colors
        self.x, self.f = rec["x_grid"], rec["f_grid"]  # (G,), (K, T, G)
        width = 1.3 * PLOT_HEIGHT
        self.frame = Frame((LIMITS[0],) * 2, (LIMITS[1],) * 2, place_with_legend(None, width, PLOT_HEIGHT),
                           width, PLOT_HEIGHT, c)
        title = labels.text(f"Width = {int(rec['width'][0])}", 34, c["fg"]).to_edge(UP, 0.3)
        title.set_x(self.frame.corner[0] + width / 2)
        self.add(self.frame.mobject, title, axis_labels(self.frame, labels.math("x", 32, c["fg"]),
                                                         labels.math(r"f(x,\, w)", 30, c["fg"])))
        movers = [VMobject(stroke_color=to_hex(col), stroke_width=2 * lw, stroke_opacity=opacity)
                  .add_updater(lambda m, k=k: self._line(m, k))
                  for k, (col, lw, opacity) in enumerate(_spaghetti_style(self.x, self.f[:, 0]))]
        movers += [Dot(self.frame.c2p(p), radius=0.11, color=DATA_COLOR[self.theme], stroke_color=c["bg"],
                       stroke_width=3) for p in zip(rec["x_data"], rec["y_data"])]
        movers.append(step_counter(self, RIGHT))
        return movers

    def _line(self, mob, k):
        f = at(self.f[k:k + 1], self.position())[0]
        mob.set_points(self.frame.curve(np.c_[self.x, f]))


class WeightsScene(RecordScene):
    PANEL = 4.2  # largest panel side, scene units

    def draw(self) -> list:
        from matplotlib import colormaps

        rec, c = self.record, self.colors
        movie = _weights_movie(rec, self.opts)
        self.nets, self.w, self.delta = movie.nets, [w[None] for w in movie.w], movie.delta
        self.cmap = colormaps["RdBu_r" if self.delta else "viridis"]
        self.scales = [movie._scale(w[0]) for w in self.w]  # half-ranges, fixed from init
        side = min(self.PANEL, (12.0 if self.delta else 13.4) / len(self.nets) - 0.5)
        xs = (np.arange(len(self.nets)) - (len(self.nets) - 1) / 2) * (side + 0.5) - (0.9 if self.delta else 0)
        self.images, movers = [], []
        for k, w, x in zip(self.nets, self.w, xs):
            image = ImageMobject(np.zeros(w.shape[2:] + (4,), np.uint8), scale_to_resolution=1)
            image.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest" if w.shape[-1] <= 200 else "box"])
            image.stretch_to_fit_width(side).stretch_to_fit_height(side).move_to([x, -0.2, 0])
            self.images.append(image)
            m, crop = int(rec["width"][k]), w.shape[-1]
            title = f"width {m}" + (f" (first {crop}\u00d7{crop})" if crop < m else "")
            self.add(Rectangle(width=side, height=side, stroke_color=c["axis"], stroke_width=2).move_to(image),
                     labels.text(title, 22, c["fg"]).next_to(image, UP, 0.2))
            movers.append(live_label(
                lambda k=k: stopped_label(int(movie.stop[k]), int(rec["step"][self.nearest()])),
                lambda s, image=image: _below(labels.text(s, 22, c["fg"]), image)))
        if self.delta:
            self.add(self._colorbar(self.scales[0], side, xs[-1] + side / 2 + 0.7))
        what = "$W(n) - W(0)$" if self.delta else "hidden-to-hidden weights $W(n)$"
        movers.append(live_label(
            lambda: int(rec["step"][self.nearest()]),
            lambda step: labels.text(f"{what}, step {step}", 32, c["fg"]).to_edge(UP, 0.3)))
        for image, w, scale in zip(self.images, self.w, self.scales):
            image.add_updater(lambda m, w=w, scale=scale: self._paint(m, w, scale))
        return self.images + movers

    def _paint(self, image, w, scale):
        """Rewrites the image's pixels: w (1, T, c, c) at the current position, colour-mapped
        with the half-range ``scale`` fixed from initialization."""
        rgba = self.cmap(0.5 + 0.5 * at(w, self.position())[0] / scale, bytes=True)  # (c, c, 4)
        image.pixel_array[...] = rgba[::-1]  # origin lower, as the mpl heatmap

    def _colorbar(self, scale, height, x) -> VGroup:
        ramp = self.cmap(np.linspace(1, 0, 256)[:, None], bytes=True)  # (256, 1, 4), top = +scale
        bar = ImageMobject(ramp, scale_to_resolution=1)
        bar.stretch_to_fit_width(0.3).stretch_to_fit_height(height).move_to([x, -0.2, 0])
        fg = self.colors["fg"]
        ticks = VGroup(*(labels.text(f"{v:.2g}".replace("-", "\u2212"), 20, fg)
                         .next_to(bar.get_corner(RIGHT + DOWN) + UP * height * (v / scale + 1) / 2, RIGHT, 0.12)
                         for v in (-scale, 0.0, scale)))
        return Group(bar, ticks)


def _below(label, image):
    """``label`` under ``image`` (a blank label stays empty)."""
    return label.next_to(image, DOWN, 0.25) if label.has_points() else label


def _spaghetti_style(x, f) -> list:
    """[(colour, line width in points, opacity)] of each of the K nets of f (K, G), exactly as
    the matplotlib scene's ``spaghetti`` draws them (it decides them; read back, not repeated)."""
    from matplotlib.figure import Figure

    lines = spaghetti(Figure().add_subplot(), x, f)
    return [(col, float(lines.get_linewidth()[0]), float(lines.get_alpha())) for col in lines.get_colors()]


def _weights_movie(record, opts):
    """The mpl movie's data prep (panels, crops, delta, stop steps), shared, not repeated."""
    from scenes.weights import WeightsMovie

    return WeightsMovie(record, opts)
