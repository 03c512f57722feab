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
from manim import DOWN, LEFT, ORIGIN, RIGHT, UP, Line, Scene, ValueTracker, VGroup, VMobject, config, linear

from ..render.style import ACCENT, THEMES
from . import labels

TICKS = (1, 2, 2.5, 5, 10)
MAX_TICKS = 11  # nice_ticks gives at most 1.5 n + 1 values


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
    ``set_limits`` rewrites the points of the grid and of a fixed pool of tick labels in place
    (manim draws the mobjects it had when the animation started), so a zooming view costs no
    new mobjects per frame.
    """

    def __init__(self, lo, hi, corner, width: float, height: float, colors: dict,
                 font_size: float = 22):
        self.corner = np.asarray(corner, float)[:2]  # lower left, scene units
        self.size = np.array([width, height], float)
        self.font_size, self.fg = font_size, colors["fg"]
        self.grid = VMobject(stroke_color=colors["grid"], stroke_width=1.5)
        self.ticks = [[VMobject(stroke_width=0, fill_color=self.fg, fill_opacity=1.0)
                       for _ in range(MAX_TICKS)] for _ in range(2)]  # x labels, y labels
        (x0, y0), (x1, y1) = self.corner, self.corner + self.size
        spines = [Line([x0, y0, 0], [x1, y0, 0], color=colors["axis"], stroke_width=2),
                  Line([x0, y0, 0], [x0, y1, 0], color=colors["axis"], stroke_width=2)]
        self.mobject = VGroup(self.grid, *self.ticks[0], *self.ticks[1], *spines)
        self.set_limits(lo, hi)

    def set_limits(self, lo, hi) -> None:
        """Show data (lo, hi): new scale, grid lines and tick labels at round values."""
        self.lo, self.hi = np.asarray(lo, float), np.asarray(hi, float)
        self.scale = self.size / (self.hi - self.lo)
        (x0, y0), (x1, y1) = self.lo, self.hi
        xs, ys = self._x_ticks(), nice_ticks(y0, y1)
        ends = [self.c2p([[x, y0], [x, y1]]) for x in xs] + [self.c2p([[x0, y], [x1, y]]) for y in ys]
        ends = np.reshape(ends, (-1, 2, 3))
        self.grid.set_points(straight(ends[:, 0], ends[:, 1]))
        for pool, values, side in ((self.ticks[0], xs, DOWN), (self.ticks[1], ys, LEFT)):
            for k, mob in enumerate(pool):
                if k >= len(values):
                    mob.clear_points()
                    continue
                at_ = self.c2p((values[k], y0) if side is DOWN else (x0, values[k]))
                label = labels.text(tick_label(values[k]), self.font_size, self.fg).next_to(at_, side, 0.15)
                mob.set_points(label.points)

    def _x_ticks(self) -> np.ndarray:
        """About 6 round x ticks, fewer when their labels would crowd the box's width."""
        for n in (6, 4, 3):
            xs = nice_ticks(self.lo[0], self.hi[0], n)
            widths = [np.ptp(labels.glyphs(tick_label(x), self.font_size)[:, 0]) for x in xs]
            if sum(widths) + 0.3 * len(xs) < self.size[0]:
                break
        return xs

    def c2p(self, p) -> np.ndarray:
        xy = self.corner + (np.asarray(p, float) - self.lo) * self.scale
        return np.concatenate([xy, np.zeros(xy.shape[:-1] + (1,))], axis=-1)

    def curve(self, xy) -> np.ndarray:
        """(4S, 3) cubic points of the polyline ``xy`` (P, 2) clipped to the box, as straight
        segments; a part that leaves the box starts a new subpath when it comes back."""
        xy = np.asarray(xy, float)
        p, d = xy[:-1], np.diff(xy, axis=0)  # segment starts and directions (P-1, 2)
        enter, leave = np.zeros(len(p)), np.ones(len(p))
        for axis in (0, 1):  # Liang-Barsky: the parameter interval inside each slab
            q, dq, lo, hi = p[:, axis], d[:, axis], self.lo[axis], self.hi[axis]
            with np.errstate(divide="ignore", invalid="ignore"):
                t_lo, t_hi = (lo - q) / dq, (hi - q) / dq
            flat = dq == 0
            inside = (q >= lo) & (q <= hi)
            enter = np.maximum(enter, np.where(flat, np.where(inside, 0.0, 1.0), np.minimum(t_lo, t_hi)))
            leave = np.minimum(leave, np.where(flat, np.where(inside, 1.0, 0.0), np.maximum(t_lo, t_hi)))
        keep = enter < leave
        a = p[keep] + enter[keep, None] * d[keep]
        b = p[keep] + leave[keep, None] * d[keep]
        return straight(self.c2p(a), self.c2p(b))


def straight(a, b) -> np.ndarray:
    """(4S, 3) cubic points of the straight segments a[i] -> b[i] (S, 3); a segment that does not
    start where the previous one ended starts a new subpath."""
    u = np.array([0.0, 1 / 3, 2 / 3, 1.0])[None, :, None]
    return (a[:, None] + u * (b - a)[:, None]).reshape(-1, a.shape[-1])


def dashed(p, dash: float = 0.18, gap: float = 0.11) -> np.ndarray:
    """(4S, 3) cubic points of the polyline ``p`` (P, 3) drawn dashed: ``dash`` scene units on,
    ``gap`` off, measured along the line from its start.

    The line is cut at its vertices and at every dash boundary; a piece is kept when its middle
    lies on a dash, so a dash bends with the line and consecutive pieces form one subpath."""
    p = np.asarray(p, float)
    s = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(p, axis=0), axis=1))])
    period = dash + gap
    ends = np.arange(0.0, s[-1], period)
    cuts = np.unique(np.concatenate([s, ends, ends + dash]).clip(0.0, s[-1]))
    q = np.stack([np.interp(cuts, s, p[:, i]) for i in range(p.shape[1])], axis=-1)
    on = ((cuts[:-1] + cuts[1:]) / 2) % period < dash
    return straight(q[:-1][on], q[1:][on])


def tick_label(v: float) -> str:
    """A tick value as text: shortest form, a true minus sign, never "-0"."""
    return f"{round(v, 9) + 0.0:g}".replace("-", "\u2212")


LABEL_SPACE = 1.5  # scene units left of a plot box for its tick labels and y label
PLOT_BOTTOM, PLOT_HEIGHT = -2.75, 5.6  # the band below the title that plots fill
MARGIN, GAP = 0.4, 0.5  # to the frame's sides; between a plot box and its legend


def plot_width(legend, label_space: float = LABEL_SPACE) -> float:
    """The widest plot box that fits beside its y labels and ``legend`` (None: no legend)."""
    beside = 0.0 if legend is None else GAP + legend.width
    return config.frame_width - 2 * MARGIN - label_space - beside


def place_with_legend(legend, width: float, height: float,
                      label_space: float = LABEL_SPACE) -> tuple[float, float]:
    """Lower-left corner of a width x height plot box such that [y labels | box | legend] is
    centred as one row and the box centred in the plot band; the legend is moved beside the
    box, level with its top."""
    total = label_space + width + (0.0 if legend is None else GAP + legend.width)
    left = -total / 2 + label_space
    bottom = PLOT_BOTTOM + (PLOT_HEIGHT - height) / 2
    if legend is not None:
        legend.move_to([left + width + GAP, bottom + height, 0], aligned_edge=LEFT + UP)
    return left, bottom


def equal_aspect(lo, hi, width: float, height: float):
    """The box of data (lo, hi) at one scale on both axes inside width x height scene units:
    (width, height) of the box, the tighter side shrunk, so no empty band is left beside it."""
    span = np.asarray(hi, float) - np.asarray(lo, float)
    per_unit = max(span[0] / width, span[1] / height)
    return span[0] / per_unit, span[1] / per_unit


def at(array: np.ndarray, s: float) -> np.ndarray:
    """``array`` (K, T, ...) linearly interpolated at fractional record frame s in [0, T-1]."""
    i = min(int(s), array.shape[1] - 2) if array.shape[1] > 1 else 0
    if array.shape[1] == 1:
        return array[:, 0]
    u = s - i
    return (1 - u) * array[:, i] + u * array[:, i + 1]


class RecordScene(Scene):
    """Base of the record movies: ``draw()`` adds static mobjects and returns the moving ones,
    whose updaters call ``self.position()``; ``construct`` runs the clock once.

    ``opts["hold_first"]`` seconds (default 0) show the first record frame before the clock
    starts moving through the record, as the matplotlib movie holds it.
    """

    def __init__(self, record, opts: dict, duration: float, theme: str = "light", **kwargs):
        self.record, self.opts, self.seconds = record, opts, duration
        self.theme, self.colors = theme, palette(theme)
        self.hold = float(opts.get("hold_first") or 0.0)
        self.clock = ValueTracker(0.0)
        super().__init__(**kwargs)

    @staticmethod
    def record_frames(record) -> int:
        """T, the number of record frames."""
        return len(record["step"])

    @classmethod
    def duration(cls, record, opts: dict, fps: float) -> float:
        """Seconds of the movie: T record frames at the scene's ``fps``, plus the hold."""
        return cls.record_frames(record) / fps + float(opts.get("hold_first") or 0.0)

    @property
    def n_record(self) -> int:
        return self.record_frames(self.record)

    def position(self) -> float:
        """The current fractional record frame, in [0, T - 1]."""
        n = max(1, int(round(self.seconds * config.frame_rate)))
        t_last = (n - 1) / config.frame_rate - self.hold
        t = self.clock.get_value() - self.hold
        u = 1.0 if t_last <= 0 else min(max(t / t_last, 0.0), 1.0)
        return u * (self.n_record - 1)

    def nearest(self) -> int:
        """The record frame nearest the current position."""
        return int(round(self.position()))

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


def live_label(value, make):
    """``make(value())`` that redraws itself whenever ``value()`` changes, so a label that changes
    at the record's pace costs nothing on the frames between.  Only points are copied (``become``
    realigns paths: 10 ms a label); ``make`` must give the same structure for every value."""
    def update(mob):
        v = value()
        if mob.shown != v:
            for old, fresh in zip(mob.get_family(), make(v).get_family(), strict=True):
                old.points = fresh.points
            mob.shown = v

    first = value()
    mob = make(first)
    mob.shown = first
    return mob.add_updater(update)


def step_counter(scene, side):
    """A "step N" label in the plot's upper ``side`` corner (LEFT or RIGHT): the step of the
    nearest record frame, as the mpl movie shows."""
    def make(step):
        f = scene.frame
        corner = f.c2p((f.lo[0], f.hi[1]) if side is LEFT else (f.hi[0], f.hi[1]))
        label = labels.text(f"step {step}", 24, scene.colors["fg"]).move_to(corner, aligned_edge=side + UP)
        return label.shift((0.2 if side is LEFT else -0.2) * RIGHT + 0.2 * DOWN)
    return live_label(lambda: int(scene.record["step"][scene.nearest()]), make)


def line_key(color, width: float = 5) -> Line:
    """A legend key: a short line."""
    return Line(LEFT * 0.3, RIGHT * 0.3, color=color, stroke_width=width)


def legend(rows) -> VGroup:
    """A legend: ``rows`` = [(key mobject, label mobject), ...] stacked, keys in one column."""
    group = VGroup(*(VGroup(key.move_to(ORIGIN), label.next_to(RIGHT * 0.3, RIGHT, buff=0.2))
                     for key, label in rows)).arrange(DOWN, buff=0.22)
    for row in group:
        row.shift(-row[0].get_x() * RIGHT)  # the keys' centres in one column
    return group


def axis_labels(frame: Frame, xlabel, ylabel, label_space: float = LABEL_SPACE) -> VGroup:
    """``xlabel`` under the box's tick labels and ``ylabel`` (turned upright) at the left edge of
    its label space, both centred on the box, so a zooming frame's new ticks never move them."""
    (x0, y0), (w, h) = frame.corner, frame.size
    xlabel.move_to([x0 + w / 2, y0 - 0.45 - xlabel.height / 2 - 0.1, 0])
    ylabel.rotate(np.pi / 2).move_to([x0 - label_space + ylabel.width / 2, y0 + h / 2, 0])
    return VGroup(xlabel, ylabel)
