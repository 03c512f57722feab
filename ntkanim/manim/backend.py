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
from manim.camera.camera import Camera
from manim.renderer.cairo_renderer import CairoRenderer
from PIL import Image

from ..render.encode import open_writer
from ..render.style import THEMES

# manim's -q presets: (width, height, frames per second)
QUALITIES = {"l": (854, 480, 15), "m": (1280, 720, 30), "h": (1920, 1080, 60),
             "p": (2560, 1440, 60), "k": (3840, 2160, 60)}
# x264 at 1080p and above: with medium, encoding is the slowest stage (-qh 2.2 -> 1.8 s per s)
FAST_PRESET, FAST_PRESET_FROM = "veryfast", 1080
FRAME_HEIGHT = 8.0  # scene units, manim's default: layouts are written for this height


class StreamCamera(Camera):
    """manim's Cairo camera with a direct path for upright images (heatmaps): the image is resized
    to its pixel box and composited there, instead of a perspective warp composited over a
    full-frame canvas (which manim 0.22 builds in a way Pillow 13 rejects, and which costs a
    whole-frame blend per image per frame)."""

    def display_image_mobject(self, image_mobject, pixel_array) -> None:
        corners = self.points_to_subpixel_coords(image_mobject, image_mobject.points)  # UL UR DL DR
        (left, top), (right, bottom) = np.rint(corners.min(0)).astype(int), np.rint(corners.max(0)).astype(int)
        upright = np.allclose(corners[0, 1], corners[1, 1]) and np.allclose(corners[0, 0], corners[2, 0])
        if not upright:
            return super().display_image_mobject(image_mobject, pixel_array)
        h, w = pixel_array.shape[:2]
        x0, y0, x1, y1 = max(left, 0), max(top, 0), min(right, w), min(bottom, h)
        if x1 <= x0 or y1 <= y0:
            return None
        sub = Image.fromarray(np.ascontiguousarray(image_mobject.get_pixel_array()), "RGBA").resize(
            (right - left, bottom - top), resample=image_mobject.resampling_algorithm)
        sub = sub.crop((x0 - left, y0 - top, x1 - left, y1 - top))
        region = Image.fromarray(np.ascontiguousarray(pixel_array[y0:y1, x0:x1]), "RGBA")
        pixel_array[y0:y1, x0:x1] = np.asarray(Image.alpha_composite(region, sub))
        return None


class StreamRenderer(CairoRenderer):
    """Cairo renderer that hands each frame, (H, W, 4) uint8 RGBA, to ``sink`` instead of a file."""

    def __init__(self, sink):
        super().__init__(camera_class=StreamCamera, skip_animations=False)
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
    preset = FAST_PRESET if size[1] >= FAST_PRESET_FROM else None
    with open_writer(path, fmt, fps, size, samples, transparent=transparent, preset=preset) as writer:
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
