"""The scenes beyond the post: ellipses --predict/--infinite, train-funcs --twin, kernel-width
and eigen-decay, end to end through the CLI with tiny settings."""
import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from ntkanim.cli import main
from ntkanim.record import load

TINY_GD = ["--steps", "40", "--frames", "8", "--width", "12", "--alpha", "0.5,50", "--quiet"]
TINY_WIDTHS = ["--widths", "10,40,160", "--seeds", "2", "--quiet"]
TINY_EIGEN = ["--steps", "30", "--frames", "7", "--width", "12", "--points", "5", "--quiet"]
SMALL = ["--size", "320x200"]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("scene,options", [
    ("ellipses", ["--predict", "--infinite"]), ("train-funcs", ["--twin"]),
    ("kernel-width", ["--widths", "--seeds", "--x0"]), ("eigen-decay", ["--points", "--alpha"])])
def test_help(scene, options):
    r = run("render", scene, "--help")
    assert r.exit_code == 0 and all(o in r.output for o in options), r.output


def test_ellipses_predict_and_infinite(tmp_path):
    out = tmp_path / "e.gif"
    r = run("render", "ellipses", *TINY_GD, *SMALL, "--predict", "--infinite", "--out", out)
    assert r.exit_code == 2 and "--infinite" in r.output and "--init lecun" in r.output
    assert not out.exists()  # the default torch init has no analytic kernel
    lecun = [*TINY_GD, "--init", "lecun"]
    r = run("render", "ellipses", *lecun, *SMALL, "--predict", "--infinite", "--out", out)
    assert r.exit_code == 0, r.output
    im = Image.open(out)
    assert im.size == (320, 200) and im.n_frames == 8
    rec = tmp_path / "run.npz"
    assert run("simulate", "ellipses", *lecun, "-o", rec).exit_code == 0
    record = load(rec)
    assert record["y_pred"].shape == record["y"].shape and record["ntk_inf"].shape == (2, 2)
    assert "y_lin" not in record  # the twin costs a second training: only on request


def test_train_funcs_twin(tmp_path):
    rec, out = tmp_path / "twin.npz", tmp_path / "t.png"
    assert run("simulate", "train-funcs", *TINY_GD, "--twin", "-o", rec).exit_code == 0
    record = load(rec)
    assert record["f_grid_lin"].shape == record["f_grid"].shape
    assert record["y_lin"].shape == record["y"].shape
    r = run("render", "train-funcs", "--from", rec, *SMALL, "--out", out, "--quiet")
    assert r.exit_code == 0, r.output
    assert Image.open(out).size == (320, 200)


def test_kernel_width_movie_and_still(tmp_path):
    gif, png = tmp_path / "k.gif", tmp_path / "k.png"
    r = run("render", "kernel-width", *TINY_WIDTHS, *SMALL, "--out", gif)
    assert r.exit_code == 0, r.output
    im = Image.open(gif)
    assert im.size == (320, 200) and im.n_frames == 4  # one per width, then all widths
    r = run("render", "kernel-width", *TINY_WIDTHS, "--format", "png", "--out", png)
    assert r.exit_code == 0, r.output
    assert Image.open(png).size == (1280, 600)  # the scene's default size
    rec = tmp_path / "k.npz"
    assert run("simulate", "kernel-width", *TINY_WIDTHS, "-o", rec).exit_code == 0
    record = load(rec)
    assert record["ntk_empirical"].shape == (3, 2, 121)
    assert record.config["x0"] == 0.5 and np.all(record["width"] == [10, 40, 160])


def test_eigen_decay_movie(tmp_path):
    out = tmp_path / "d.gif"
    r = run("render", "eigen-decay", *TINY_EIGEN, *SMALL, "--out", out)
    assert r.exit_code == 0, r.output
    im = Image.open(out)
    assert im.size == (320, 200) and im.n_frames == 7
    rec = tmp_path / "d.npz"
    assert run("simulate", "eigen-decay", *TINY_EIGEN, "-o", rec).exit_code == 0
    record = load(rec)
    assert record["y_pred"].shape == (2, 7, 5) and record["alpha"].tolist() == [1000.0, 0.1]


@pytest.mark.parametrize("args,option", [
    (["render", "kernel-width", "--widths", "10,abc"], "--widths"),
    (["render", "kernel-width", "--widths", "10,0"], "--widths"),
    (["render", "kernel-width", "--seeds", "0"], "--seeds"),
    (["render", "eigen-decay", "--points", "1"], "--points"),
    (["render", "eigen-decay", "--alpha", "1,-2"], "--alpha"),
    (["render", "eigen-decay", "--steps", "5", "--frames", "9"], "--frames"),
    (["render", "ellipses", "--init", "torch", "--infinite", *TINY_GD], "--infinite"),
])
def test_bad_input_is_a_usage_error(tmp_path, args, option):
    r = run(*args, "--out", tmp_path / "x.gif")
    assert r.exit_code == 2 and option in r.output, r.output
    assert not (tmp_path / "x.gif").exists()


def test_predict_needs_a_record_with_predictions(tmp_path):
    rec = tmp_path / "old.npz"
    assert run("simulate", "ellipses", *TINY_GD, "-o", rec).exit_code == 0
    record = load(rec)
    del record.arrays["y_pred"]
    record.save(rec)
    r = run("render", "ellipses", "--from", rec, "--predict", "--out", tmp_path / "x.gif")
    assert r.exit_code == 2 and "--predict" in r.output and "y_pred" in r.output
    assert not (tmp_path / "x.gif").exists()
