"""The manim backend: record movies and diagrams render at -q l, math without TeX, and a clear
install message without manim.  Without manim these tests skip locally and fail in CI (CI=true)."""
import os
import sys

import imageio_ffmpeg
import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from ntkanim.config import ToyAlphaConfig
from ntkanim.cli import main

TINY = ["--steps", "40", "--frames", "12", "--width", "12", "--alpha", "0.5,5", "--quiet"]
DIAGRAMS = ["network", "one-layer", "notation", "taylor", "ntk-diagram", "hessian-structure"]


@pytest.fixture
def manim():
    try:
        import manim as module
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail('manim is not installed: CI must install ".[test,manim]"', pytrace=False)
        pytest.skip('manim is not installed (pip install "ntkanim[manim]")')
    return module


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def movie_meta(path):
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    meta["n"] = sum(1 for _ in reader)
    return meta


@pytest.mark.parametrize("scene", ["ellipses", "train-funcs"])
def test_record_movie_at_low_quality(manim, tmp_path, scene):
    out = tmp_path / f"{scene}.mp4"
    r = run("render", scene, *TINY, "--backend", "manim", "-q", "l", "--out", out)
    assert r.exit_code == 0, r.output
    meta = movie_meta(out)
    # 12 record frames at the scene's 10 fps = 1.2 s, drawn at -ql's 15 fps
    assert meta["codec"].startswith("h264") and meta["size"] == (854, 480)
    assert meta["n"] == 18 and abs(meta["duration"] - 1.2) < 0.07


def test_train_funcs_twin_at_low_quality(manim, tmp_path):
    """A record made with --twin: one panel per alpha, each net's linearized twin dashed."""
    rec, out = tmp_path / "twin.npz", tmp_path / "twin.mp4"
    assert run("simulate", "train-funcs", *TINY, "--twin", "-o", rec).exit_code == 0
    r = run("render", "train-funcs", "--from", rec, "--backend", "manim", "-q", "l", "--out", out)
    assert r.exit_code == 0, r.output
    meta = movie_meta(out)
    assert meta["codec"].startswith("h264") and meta["size"] == (854, 480)
    assert meta["n"] == 18 and abs(meta["duration"] - 1.2) < 0.07


# scene, its tiny options, record frames (10 per second), seconds held first
NEW_SCENES = [
    ("model-alpha", ["--frames", "6"], 6, 0.0),
    ("loss-alpha", ["--frames", "6", "--axes", "zoom"], 6, 0.0),
    ("training-nets", ["--nets", "4", "--width", "8", "--steps", "10", "--frames", "6",
                       "--hold-first", "0.4"], 6, 0.4),
    ("weights", ["--widths", "4,8", "--steps", "10", "--frames", "6", "--crop", "6",
                 "--show", "delta"], 6, 0.0),
]


@pytest.mark.parametrize("scene, options, frames, hold", NEW_SCENES)
def test_post_movie_at_low_quality(manim, tmp_path, scene, options, frames, hold):
    out = tmp_path / f"{scene}.mp4"
    r = run("render", scene, *options, "--quiet", "--backend", "manim", "-q", "l", "--out", out)
    assert r.exit_code == 0, r.output
    meta = movie_meta(out)
    seconds = frames / 10 + hold
    assert meta["codec"].startswith("h264") and meta["size"] == (854, 480)
    assert meta["n"] == round(seconds * 15) and abs(meta["duration"] - seconds) < 0.07


def test_zoomed_loss_view_follows_the_record(manim):
    """--axes zoom: the frame's limits are the record's window at each record frame."""
    from manim import tempconfig

    from ntkanim.manim.backend import manim_config
    from ntkanim.manim.toy import LossAlphaScene
    from ntkanim.record import Record
    from ntkanim.toy import run as toy_run

    config = ToyAlphaConfig(frames=3, grid=101)
    arrays = toy_run(config)
    record = Record(arrays, {"config": {**config.__dict__}})
    with tempconfig(manim_config((854, 480), 15, "light", False)):
        scene = LossAlphaScene(record, {"axes": "zoom"}, 0.3)
        scene.draw()
        for t in range(3):
            scene.position = lambda t=t: float(t)
            scene._view()
            assert np.allclose([scene.frame.lo[0], scene.frame.hi[0]], arrays["w_zoom"][t, [0, -1]])


def test_duration_is_the_same_at_any_fps(manim, tmp_path):
    out = tmp_path / "e.mp4"
    r = run("render", "ellipses", *TINY, "--backend", "manim", "-q", "l", "--fps", 5, "--out", out)
    assert r.exit_code == 0, r.output
    meta = movie_meta(out)
    assert meta["n"] == 6 and abs(meta["duration"] - 1.2) < 0.21


def test_png_is_the_last_frame_and_transparent(manim, tmp_path):
    out = tmp_path / "e.png"
    r = run("render", "train-funcs", *TINY, "--backend", "manim", "-q", "l", "--transparent",
            "--out", out)
    assert r.exit_code == 0, r.output
    im = np.asarray(Image.open(out))
    assert im.shape == (480, 854, 4) and im[0, 0, 3] == 0 and im[..., 3].max() == 255
    r = run("render", "ellipses", *TINY, "--backend", "manim", "--transparent", "--out", tmp_path / "x.mp4")
    assert r.exit_code == 2 and "--transparent" in r.output


@pytest.mark.parametrize("scene", DIAGRAMS)
def test_diagram_movie_and_still(manim, tmp_path, scene):
    out = tmp_path / f"{scene}.mp4"
    r = run("render", scene, "-q", "l", "--fps", 3, "--quiet", "--out", out)
    assert r.exit_code == 0, r.output
    assert movie_meta(out)["n"] > 5
    still = np.asarray(Image.open(out.with_suffix(".png")).convert("L"), dtype=float)
    assert still.shape == (480, 854) and still.std() > 20  # drawn, not blank


def test_math_label_without_tex(manim, tmp_path, monkeypatch):
    from ntkanim.manim import labels

    monkeypatch.setenv("PATH", str(tmp_path))  # no latex, no dvisvgm
    labels.have_latex.cache_clear()
    try:
        for tex in (r"y_1 = f(-2,\, w(n))", r"\alpha = 10", r"\nabla_w y(w_0)^T"):
            mob = labels.math(tex, 36)
            assert not isinstance(mob, manim.MathTex) and mob.has_points() and mob.width > 0.3
    finally:
        labels.have_latex.cache_clear()


def test_without_manim_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "manim", None)  # import manim -> ImportError
    r = run("render", "ellipses", *TINY, "--backend", "manim", "--out", tmp_path / "e.mp4")
    assert r.exit_code == 2 and 'pip install "ntkanim[manim]"' in r.output
    assert "libcairo2-dev" in r.output and not list(tmp_path.iterdir())
    r = run("render", "network", "--out", tmp_path / "n.mp4")
    assert r.exit_code == 2 and "ntkanim[manim]" in r.output
    assert run("list").exit_code == 0


def test_ntkanim_and_its_cli_do_not_import_manim():
    import subprocess

    code = "import sys, ntkanim, ntkanim.cli; sys.exit('manim' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
