"""Frame encoders: streamed RGB frames to GIF, MP4, WebM or PNG, written atomically.

Every writer writes to a hidden temporary file beside the target and renames it into place on
success; an exception (or Ctrl-C) removes the temporary file, so no half-written movie is left.

GIF: one global palette (the sample frames' most frequent colours exactly, the rest by median
cut), no dithering, and each frame after the first stores only the rectangle that changed, with
unchanged pixels transparent: static regions are never rewritten and cannot flicker.  Identical
consecutive frames are merged into one longer frame.
MP4: H.264, yuv420p, even dimensions, ``+faststart``: plays in every browser.  WebM: VP9.
"""
from __future__ import annotations

import os
import struct
from pathlib import Path

import numpy as np

from ..atomic import AtomicFile

FORMATS = ("gif", "mp4", "webm", "png", "svg")  # svg: matplotlib stills (``mpl.save_svg``)
GIF_MAX_FPS = 50  # GIF delays are in 1/100 s, and players clamp delays under 2/100 s
_TRANSPARENT = 255


class FrameWriter:
    """Base: atomic output.  Use as a context manager; ``append(frame)`` per frame, where a
    frame is (H, W, 3) RGB or (H, W, 4) RGBA uint8 (alpha ignored)."""

    suffix = ""

    def __init__(self, path: str | os.PathLike, fps: float, size: tuple[int, int]):
        self.path = Path(path)
        self.fps = float(fps)
        self.size = tuple(size)  # (width, height) in pixels
        self.frames = 0
        self._target = AtomicFile(self.path, self.suffix)
        self.tmp = self._target.tmp

    def append(self, frame: np.ndarray) -> None:
        raise NotImplementedError

    def _finish(self) -> None:
        raise NotImplementedError

    def _abort(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            try:
                self._finish()
                self._target.commit()
                return False
            except BaseException:
                self._target.discard()
                raise
        try:
            self._abort()
        finally:
            self._target.discard()
        return False


def gif_palette(samples: list[np.ndarray], exact: int = 160) -> np.ndarray:
    """(255, 3) uint8 palette: the ``exact`` most frequent colours, the rest by median cut."""
    from PIL import Image

    pixels = np.concatenate([s[..., :3].reshape(-1, 3) for s in samples])
    keys = (pixels[:, 0].astype(np.uint32) << 16) | (pixels[:, 1].astype(np.uint32) << 8) | pixels[:, 2]
    colours, counts = np.unique(keys, return_counts=True)
    top = colours[np.argsort(-counts, kind="stable")[:exact]]
    chosen = [top]
    rest = keys[~np.isin(keys, top)]
    if rest.size and len(colours) > exact:
        rest_rgb = np.stack([(rest >> 16) & 255, (rest >> 8) & 255, rest & 255], -1).astype(np.uint8)
        q = Image.fromarray(rest_rgb[None]).quantize(255 - exact, method=Image.Quantize.MEDIANCUT,
                                                     dither=Image.Dither.NONE)
        pal = np.array(q.getpalette()[: 3 * len(q.getcolors())], dtype=np.uint32).reshape(-1, 3)
        chosen.append((pal[:, 0] << 16) | (pal[:, 1] << 8) | pal[:, 2])
    keys = np.unique(np.concatenate(chosen))[:255]
    palette = np.zeros((255, 3), np.uint8)
    palette[: len(keys)] = np.stack([(keys >> 16) & 255, (keys >> 8) & 255, keys & 255], -1)
    palette[len(keys):] = palette[0]
    return palette


class GifWriter(FrameWriter):
    """Streaming GIF89a with a global palette and transparent unchanged pixels."""

    suffix = ".gif"

    def __init__(self, path, fps, size, palette: np.ndarray, loop: bool = True):
        super().__init__(path, fps, size)
        from PIL import Image

        self._palette_image = Image.new("P", (1, 1))
        flat = np.zeros((256, 3), np.uint8)
        flat[:255] = palette
        self._palette_image.putpalette(flat.tobytes())
        self._fh = open(self.tmp, "wb")
        w, h = self.size
        # header, logical screen (global table of 256), NETSCAPE loop
        self._fh.write(b"GIF89a" + struct.pack("<HHBBB", w, h, 0xF7, 0, 0) + flat.tobytes())
        if loop:
            self._fh.write(b"!\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00")
        self._previous = None  # palette indices of the last frame shown
        self._pending = None   # [patch, offset, frame count] waiting for its duration
        self._shown = 0        # frames written so far, for the cumulative delays

    def indices(self, frame: np.ndarray) -> np.ndarray:
        """(H, W) uint8 palette indices of a frame, nearest colour, no dithering."""
        from PIL import Image

        image = Image.fromarray(np.ascontiguousarray(frame))
        if image.mode != "RGB":
            image = image.convert("RGB")
        return np.asarray(image.quantize(palette=self._palette_image, dither=Image.Dither.NONE))

    def append(self, frame: np.ndarray) -> None:
        self.frames += 1
        idx = self.indices(frame)
        if self._previous is None:
            self._push(idx, (0, 0))
            self._previous = idx
            return
        changed = idx != self._previous
        rows, cols = np.flatnonzero(changed.any(1)), np.flatnonzero(changed.any(0))
        if rows.size == 0:
            self._pending[2] += 1  # identical frame: show the previous one longer
            return
        r0, r1, c0, c1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
        patch = idx[r0:r1, c0:c1].copy()
        patch[~changed[r0:r1, c0:c1]] = _TRANSPARENT
        self._push(patch, (int(c0), int(r0)))
        self._previous = idx

    def _push(self, patch, offset):
        self._flush()
        self._pending = [patch, offset, 1]

    def _flush(self):
        if self._pending is None:
            return
        from PIL import GifImagePlugin, Image

        patch, offset, count = self._pending
        start = self._shown
        self._shown += count
        delay = round(100 * self._shown / self.fps) - round(100 * start / self.fps)
        im = Image.fromarray(patch, mode="P")
        for chunk in GifImagePlugin.getdata(im, offset, duration=10 * delay, disposal=1,
                                            transparency=_TRANSPARENT):
            self._fh.write(chunk)
        self._pending = None

    def _finish(self):
        self._flush()
        self._fh.write(b";")
        self._fh.close()

    def _abort(self):
        self._fh.close()


class FFmpegWriter(FrameWriter):
    """MP4 (H.264) or WebM (VP9) through the ffmpeg binary that imageio-ffmpeg ships."""

    CODECS = {
        ".mp4": ("libx264", ["-crf", "18", "-preset", "medium", "-movflags", "+faststart"]),
        ".webm": ("libvpx-vp9", ["-crf", "32", "-b:v", "0", "-row-mt", "1"]),
    }

    def __init__(self, path, fps, size, suffix: str = ".mp4", transparent: bool = False,
                 preset: str | None = None):
        self.suffix, self.preset = suffix, preset  # preset: x264's speed/size trade-off
        if transparent and suffix != ".webm":
            raise ValueError("only WebM (VP9, yuva420p) keeps transparency")
        self.pix_fmt_out = "yuva420p" if transparent else "yuv420p"
        super().__init__(path, fps, size)
        w, h = self.size
        self.even = (w + w % 2, h + h % 2)  # yuv420p needs even sides
        self._gen = None

    def _start(self, channels: int):
        import imageio_ffmpeg

        codec, params = self.CODECS[self.suffix]
        if self.preset is not None and "-preset" in params:
            i = params.index("-preset") + 1
            params = params[:i] + [self.preset] + params[i + 1:]
        self._gen = imageio_ffmpeg.write_frames(
            str(self.tmp), self.even, fps=self.fps, codec=codec,
            pix_fmt_in="rgba" if channels == 4 else "rgb24", pix_fmt_out=self.pix_fmt_out,
            quality=None, macro_block_size=1, ffmpeg_log_level="error", output_params=params)
        self._gen.send(None)

    def append(self, frame: np.ndarray) -> None:
        self.frames += 1
        h, w, channels = frame.shape
        if self._gen is None:
            self._start(channels)
        if (w, h) != self.even:
            frame = np.pad(frame, ((0, self.even[1] - h), (0, self.even[0] - w), (0, 0)), mode="edge")
        self._gen.send(np.ascontiguousarray(frame))

    def _finish(self):
        if self._gen is None:
            raise ValueError("no frames to encode")
        self._gen.close()

    def _abort(self):
        if self._gen is not None:
            try:
                self._gen.close()
            except Exception:
                pass


class PngWriter(FrameWriter):
    """A still: keeps the last frame appended (RGBA when ``transparent``)."""

    suffix = ".png"

    def __init__(self, path, fps, size, transparent: bool = False):
        super().__init__(path, fps, size)
        self.channels = 4 if transparent else 3

    def append(self, frame: np.ndarray) -> None:
        self.frames += 1
        self._last = np.array(frame[..., :self.channels])

    def _finish(self):
        from PIL import Image

        Image.fromarray(self._last).save(self.tmp, format="PNG", optimize=True)


def open_writer(path, fmt: str, fps: float, size: tuple[int, int], samples=None,
                transparent: bool = False,
                preset: str | None = None) -> FrameWriter:
    """The writer for ``fmt``; a GIF needs sample frames (RGB arrays) for its palette.
    ``transparent`` keeps RGBA frames' alpha (WebM and PNG only).  ``preset``: x264's preset
    for MP4 (default medium)."""
    if fmt == "gif":
        if transparent:
            raise ValueError("GIF output here is opaque; use WebM or PNG for transparency")
        return GifWriter(path, fps, size, gif_palette(samples))
    if fmt in ("mp4", "webm"):
        return FFmpegWriter(path, fps, size, "." + fmt, transparent, preset)
    if fmt == "png":
        return PngWriter(path, fps, size, transparent)
    raise ValueError(f"unknown format {fmt!r}; choose from {FORMATS}")
