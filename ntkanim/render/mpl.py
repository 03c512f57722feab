"""The matplotlib backend: one figure, blitted frame by frame, streamed to an encoder.

A movie is any object with
  * ``n_frames`` (int),
  * ``setup(fig) -> list[Artist]``: draws everything once and returns the artists that change,
  * ``update(t)``: moves those artists to frame t,
and optionally ``hold``: {frame: seconds} to show a frame longer (e.g. the initial state
before training starts), done by repeating it in the frame sequence (see ``frame_order``).
Static parts are rendered once; each frame restores that background and draws only the changing
artists, then hands the canvas buffer to the writer.  Memory does not grow with the frame count.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..atomic import AtomicFile
from .encode import open_writer
from .style import theme as theme_context

FIG_HEIGHT_IN = 6.0  # text and lines scale with --size: the layout is the same at any size


def make_figure(size: tuple[int, int], dpi: float | None = None) -> Figure:
    """A figure of exactly ``size`` = (width, height) pixels."""
    w, h = size
    dpi = dpi or h / FIG_HEIGHT_IN
    fig = Figure(figsize=(w / dpi, h / dpi), dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


class FrameStream:
    """Blitted frames of a movie as (H, W, 4) RGBA uint8 arrays."""

    def __init__(self, movie, size, dpi=None, theme="light"):
        self.movie, self.theme = movie, theme
        with theme_context(theme):
            self.fig = make_figure(size, dpi)
            self.artists = list(movie.setup(self.fig))
            for artist in self.artists:
                artist.set_animated(True)
            self.canvas = self.fig.canvas
            self.canvas.draw()  # constrained layout settles once the ticks are known:
            self.canvas.draw()  # the second pass fits labels the first one moved
            self.background = self.canvas.copy_from_bbox(self.fig.bbox)

    def frame(self, t: int) -> np.ndarray:
        """Frame t as an (H, W, 4) RGBA view of the canvas."""
        with theme_context(self.theme):
            self.canvas.restore_region(self.background)
            self.movie.update(t)
            for artist in self.artists:
                self.fig.draw_artist(artist)
        return np.asarray(self.canvas.buffer_rgba())  # (H, W, 4), valid until the next frame


def render_movie(movie, path: str | Path, fmt: str, fps: float, size: tuple[int, int],
                 dpi: float | None = None, theme: str = "light", frame: int | None = None,
                 progress=None) -> dict:
    """Draw ``movie`` into ``path``; returns {"path", "frames", "size", "fps"}.

    ``png`` writes one still: frame ``frame`` (default the last).  ``progress(n)`` is called
    after each frame.  Frames are drawn in this process: worker processes were measured
    slower on 2 cores (x264 already uses both, and each frame would cross a pipe).
    """
    n = movie.n_frames
    if fmt == "svg":
        save_svg(movie, path, size, dpi, theme, n - 1 if frame is None else frame)
        if progress is not None:
            progress(1)
        return {"path": str(path), "frames": 1, "size": list(size), "fps": fps}
    order = [n - 1 if frame is None else frame] if fmt == "png" else \
        frame_order(n, getattr(movie, "hold", {}), fps)
    stream = FrameStream(movie, size, dpi, theme)
    samples = None
    if fmt == "gif":
        picks = sorted({0, n // 3, (2 * n) // 3, n - 1})
        samples = [stream.frame(t).copy() for t in picks]
    height, width = stream.frame(order[0]).shape[:2]
    with open_writer(path, fmt, fps, (width, height), samples) as writer:
        for t in order:
            writer.append(stream.frame(t))
            if progress is not None:
                progress(1)
    return {"path": str(path), "frames": writer.frames, "size": [width, height], "fps": fps}


def save_svg(movie, path, size, dpi, theme: str, frame: int) -> None:
    """Frame ``frame`` of ``movie`` as a vector SVG (drawn whole, no blitting), atomically."""
    with theme_context(theme):
        fig = make_figure(size, dpi)
        movie.setup(fig)
        fig.canvas.draw()  # the layout, so that update() sees the final transforms
        movie.update(frame)
        target = AtomicFile(path, ".svg")
        try:
            fig.savefig(target.tmp, format="svg")
            target.commit()
        except BaseException:
            target.discard()
            raise


def frame_order(n: int, hold: dict, fps: float) -> list[int]:
    """Frames 0 .. n-1, frame t repeated to last ``hold[t]`` seconds more at ``fps``.

    A GIF stores the repeats as one longer frame; a video gets the repeated frames.
    """
    order = []
    for t in range(n):
        order += [t] * (1 + max(0, round(hold.get(t, 0.0) * fps)))
    return order
