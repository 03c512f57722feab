"""Render a manim Scene into ntkanim's encoders: quality presets, themes, one pass per movie.

Scenes are ordinary ``manim.Scene`` subclasses (``construct`` plays animations), rendered by
manim's Cairo renderer.  Instead of manim's file writer (partial movies in a media folder, then
a concatenation), each frame goes straight to the writers of ``ntkanim.render.encode``: the same
H.264/VP9/GIF/PNG encoders and atomic output as the matplotlib backend, and nothing is left in a
media folder.  Transparent output keeps the alpha channel (PNG, WebM).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from manim import tempconfig
from manim.renderer.cairo_renderer import CairoRenderer

from ..render.encode import open_writer
from ..render.style import THEMES

# manim's -q presets: (width, height, frames per second)
QUALITIES = {"l": (854, 480, 15), "m": (1280, 720, 30), "h": (1920, 1080, 60),
             "p": (2560, 1440, 60), "k": (3840, 2160, 60)}
FRAME_HEIGHT = 8.0  # scene units, manim's default: layouts are written for this height


class StreamRenderer(CairoRenderer):
    """Cairo renderer that hands each frame, (H, W, 4) uint8 RGBA, to ``sink`` instead of a file."""

    def __init__(self, sink):
        super().__init__(skip_animations=False)
        self.sink = sink

    def add_frame(self, frame, num_frames: int = 1) -> None:
        self.time += num_frames / self.camera.frame_rate
        for _ in range(num_frames):
            self.sink(frame)

    def scene_finished(self, scene) -> None:
        """Nothing to assemble: every frame is already encoded."""


class Samples:
    """At most ``keep`` evenly spaced frames of a stream of unknown length (a GIF's palette)."""

    def __init__(self, keep: int = 8):
        self.keep, self.stride, self.count, self.frames = keep, 1, 0, []

    def __call__(self, frame):
        if self.count % self.stride == 0:
            self.frames.append(frame[..., :3].copy())
            if len(self.frames) > self.keep:
                self.frames, self.stride = self.frames[::2], 2 * self.stride
        self.count += 1


def manim_config(size: tuple[int, int], fps: float, theme: str, transparent: bool) -> dict:
    """manim config for one render: no files of manim's own, no cache, the theme's background."""
    w, h = size
    return {"format": "none", "disable_caching": True, "pixel_width": w, "pixel_height": h,
            "frame_rate": fps, "frame_height": FRAME_HEIGHT, "frame_width": FRAME_HEIGHT * w / h,
            "background_color": THEMES[theme]["figure.facecolor"],
            "background_opacity": 0.0 if transparent else 1.0,
            "verbosity": "ERROR", "progress_bar": "none"}


def _run(make_scene, config: dict, sink) -> None:
    with tempconfig(config):
        make_scene(renderer=StreamRenderer(sink)).render()


def render(make_scene, path: Path, fmt: str, fps: float, size: tuple[int, int],
           theme: str = "light", transparent: bool = False, still: Path | None = None,
           progress=None) -> dict:
    """Render ``make_scene(renderer=...)`` (a manim Scene factory) into ``path``.

    fmt: gif | mp4 | webm | png (png: the last frame).  still: also write the last frame there.
    A GIF renders twice: its global palette comes from frames of a first pass.
    Returns {"path", "frames", "size", "fps"} (and "still").
    """
    config = manim_config(size, fps, theme, transparent)
    samples = None
    if fmt == "gif":
        samples = Samples()
        _run(make_scene, config, samples)
        samples = samples.frames
    last = {}
    with open_writer(path, fmt, fps, size, samples, transparent=transparent) as writer:
        def sink(frame):
            last["frame"] = frame
            if fmt != "png":
                writer.append(frame)
            if progress is not None:
                progress(1)

        _run(make_scene, config, sink)
        if fmt == "png":
            writer.append(last["frame"])
    result = {"path": str(path), "frames": writer.frames, "size": list(size), "fps": fps}
    if still is not None:
        with open_writer(still, "png", fps, size, transparent=transparent) as png:
            png.append(last["frame"])
        result["still"] = str(still)
    return result


def frame_count(duration: float, fps: float) -> int:
    """Frames of a movie of ``duration`` seconds at ``fps``: the same duration at every quality."""
    return max(1, int(round(duration * fps)))


def to_hex(color) -> str:
    """A matplotlib colour (name, hex or RGBA tuple) as '#rrggbb' for manim."""
    from matplotlib.colors import to_hex as mpl_hex

    return mpl_hex(np.asarray(color, dtype=float)[:3] if not isinstance(color, str) else color)
