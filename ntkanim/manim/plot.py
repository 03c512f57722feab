"""What record-driven manim scenes share: theme colours, plain axes, record time, interpolation.

A record scene is one long animation: a ValueTracker ``clock`` runs linearly from 0 to the
movie's duration in a single ``play``; updaters read it and move existing mobjects in place
(their points are rewritten, nothing is rebuilt), so a frame costs only the Cairo drawing of
what moves.  The clock maps onto the record by time: record frame position
``s = clock / t_last * (T - 1)`` with ``t_last`` the time of the last output frame, interpolated
linearly between record frames, so the movie lasts the same at 15 and at 60 fps and its last
frame is the record's last frame.
"""
from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, Line, Scene, ValueTracker, VGroup, config, linear

from ..render.style import ACCENT, THEMES
from . import labels

TICKS = (1, 2, 2.5, 5, 10)


def palette(theme: str) -> dict:
    """Colours of a theme: bg, fg (text), axis, grid, accent."""
    t = THEMES[theme]
    return {"bg": t["figure.facecolor"], "fg": t["text.color"], "axis": t["axes.edgecolor"],
            "grid": t["grid.color"], "accent": ACCENT[theme]}


def nice_ticks(lo: float, hi: float, n: int = 6) -> np.ndarray:
    """Round tick values inside [lo, hi], about n of them."""
    raw = (hi - lo) / n
    mag = 10.0 ** np.floor(np.log10(raw))
    step = mag * min(TICKS, key=lambda m: abs(m - raw / mag))
    return np.arange(np.ceil(lo / step) * step, hi + 1e-9 * step, step)


class Frame:
    """A plain 2-d plot box: data (lo, hi) per axis mapped affinely onto a screen rectangle.

    ``c2p(p)``: (..., 2) data -> (..., 3) scene points.  ``mobject``: grid, spines, tick labels.
    """

    def __init__(self, lo, hi, corner, width: float, height: float, colors: dict,
                 font_size: float = 22):
        self.lo, self.hi = np.asarray(lo, float), np.asarray(hi, float)
        self.corner = np.asarray(corner, float)[:2]  # lower left, scene units
        self.scale = np.array([width, height]) / (self.hi - self.lo)
        self.mobject = self._draw(colors, font_size)

    def c2p(self, p) -> np.ndarray:
        xy = self.corner + (np.asarray(p, float) - self.lo) * self.scale
        return np.concatenate([xy, np.zeros(xy.shape[:-1] + (1,))], axis=-1)

    def _draw(self, colors, font_size) -> VGroup:
        parts = VGroup()
        tick = lambda v: f"{round(v, 9) + 0.0:g}".replace("-", "\u2212")  # noqa: E731, no "-0"
        (x0, y0), (x1, y1) = self.lo, self.hi
        for x in nice_ticks(x0, x1):
            parts.add(Line(self.c2p((x, y0)), self.c2p((x, y1)), color=colors["grid"], stroke_width=1.5))
            parts.add(labels.text(tick(x), font_size, colors["fg"]).next_to(self.c2p((x, y0)), DOWN, 0.15))
        for y in nice_ticks(y0, y1):
            parts.add(Line(self.c2p((x0, y)), self.c2p((x1, y)), color=colors["grid"], stroke_width=1.5))
            parts.add(labels.text(tick(y), font_size, colors["fg"]).next_to(self.c2p((x0, y)), LEFT, 0.15))
        parts.add(Line(self.c2p((x0, y0)), self.c2p((x1, y0)), color=colors["axis"], stroke_width=2))
        parts.add(Line(self.c2p((x0, y0)), self.c2p((x0, y1)), color=colors["axis"], stroke_width=2))
        return parts


def at(array: np.ndarray, s: float) -> np.ndarray:
    """``array`` (K, T, ...) linearly interpolated at fractional record frame s in [0, T-1]."""
    i = min(int(s), array.shape[1] - 2) if array.shape[1] > 1 else 0
    if array.shape[1] == 1:
        return array[:, 0]
    u = s - i
    return (1 - u) * array[:, i] + u * array[:, i + 1]


class RecordScene(Scene):
    """Base of the record movies: ``draw()`` adds static mobjects and returns the moving ones,
    whose updaters call ``self.position()``; ``construct`` runs the clock once."""

    def __init__(self, record, opts: dict, duration: float, theme: str = "light", **kwargs):
        self.record, self.opts, self.seconds = record, opts, duration
        self.theme, self.colors = theme, palette(theme)
        self.clock = ValueTracker(0.0)
        super().__init__(**kwargs)

    @property
    def n_record(self) -> int:
        return len(self.record["step"])

    def position(self) -> float:
        """The current fractional record frame, in [0, T - 1]."""
        n = max(1, int(round(self.seconds * config.frame_rate)))
        t_last = (n - 1) / config.frame_rate
        u = 1.0 if t_last <= 0 else min(self.clock.get_value() / t_last, 1.0)
        return u * (self.n_record - 1)

    def step_of(self, s: float) -> float:
        """The GD step at fractional record frame s."""
        return float(np.interp(s, np.arange(self.n_record), self.record["step"]))

    def draw(self) -> list:
        raise NotImplementedError

    def construct(self):
        movers = self.draw()
        for mob in movers:
            mob.update()
        self.add(*movers)
        n = max(1, int(round(self.seconds * config.frame_rate)))
        run_time = (n - 0.5) / config.frame_rate  # manim draws frames at 0, 1/fps, ... < run_time
        self.play(self.clock.animate.set_value(run_time), run_time=run_time, rate_func=linear)
