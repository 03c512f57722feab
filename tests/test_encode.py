"""Encoders: what a player reads back (frames, size, timing, codec), exact static pixels, atomicity."""
import imageio.v3 as iio
import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image

from ntkanim.render.encode import gif_palette, open_writer

W, H, N = 64, 48, 12


def frames():
    """A static grey frame with a moving 6x6 red square and antialiased-like edges."""
    for t in range(N):
        f = np.full((H, W, 3), 240, np.uint8)
        f[:, :4] = (20, 40, 90)  # static margin
        f[10:16, 8 + 4 * t: 14 + 4 * t] = (200, 30, 30)
        f[10:16, 14 + 4 * t] = (230, 150, 150)
        yield f


def test_gif_frames_size_timing_and_static_pixels(tmp_path):
    path = tmp_path / "m.gif"
    with open_writer(path, "gif", 20, (W, H), samples=list(frames())) as w:
        for f in frames():
            w.append(f)
    im = Image.open(path)
    assert im.size == (W, H) and im.n_frames == N and im.info["loop"] == 0
    durations = []
    for i in range(N):
        im.seek(i)
        durations.append(im.info["duration"])
    assert durations == [50] * N
    got = iio.imread(path, index=None)[..., :3]
    want = np.stack(list(frames()))
    np.testing.assert_array_equal(got, want)  # few colours: the palette is exact
    assert (got[:, :, :4] == got[0, :, :4]).all()


def test_gif_merges_identical_frames_into_longer_ones(tmp_path):
    path = tmp_path / "hold.gif"
    f = next(frames())
    with open_writer(path, "gif", 10, (W, H), samples=[f]) as w:
        for _ in range(5):
            w.append(f)
    im = Image.open(path)
    assert im.n_frames == 1 and im.info["duration"] == 500


def test_gif_palette_keeps_frequent_colours_exactly():
    rng = np.random.default_rng(0)
    f = rng.integers(0, 256, size=(64, 64, 3), dtype=np.uint8)  # 4096 colours
    f[:32] = (255, 255, 255)
    f[32:40] = (31, 119, 180)
    pal = gif_palette([f])
    assert pal.shape == (255, 3)
    for colour in [(255, 255, 255), (31, 119, 180)]:
        assert (pal == colour).all(1).any()


@pytest.mark.parametrize("fmt,codec", [("mp4", "h264"), ("webm", "vp9")])
def test_video_codec_size_frames_duration(tmp_path, fmt, codec):
    path = tmp_path / f"m.{fmt}"
    with open_writer(path, fmt, 24, (W - 1, H)) as w:  # odd width is padded to even
        for f in frames():
            w.append(np.ascontiguousarray(f[:, 1:]))
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    assert codec in meta["codec"] and meta["size"] == (W, H) and meta["fps"] == 24
    count = sum(1 for _ in reader)
    assert count == N
    assert abs(meta["duration"] - N / 24) < 0.1
    if fmt == "mp4":
        assert "yuv420p" in meta["pix_fmt"]


def test_png_keeps_the_last_frame(tmp_path):
    path = tmp_path / "still.png"
    with open_writer(path, "png", 1, (W, H)) as w:
        for f in frames():
            w.append(f)
    np.testing.assert_array_equal(np.asarray(Image.open(path).convert("RGB")), list(frames())[-1])


@pytest.mark.parametrize("fmt", ["gif", "mp4", "png"])
def test_interrupted_write_leaves_nothing(tmp_path, fmt):
    path = tmp_path / f"broken.{fmt}"
    with pytest.raises(KeyboardInterrupt):
        with open_writer(path, fmt, 10, (W, H), samples=list(frames())) as w:
            w.append(next(frames()))
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []
