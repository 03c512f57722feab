"""The post's toy-model movies and its stills: kernel change against alpha, and each scene end to
end through the CLI (help, a tiny simulate and render read back, bad input as exit 2)."""
import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from ntkanim.cli import main
from ntkanim.experiments import simulate
from scenes.asymptotics import loglog_fit
from scenes.ntk_alpha import by_alpha, kernel_change, ntk_alpha_config

SMALL = ["--size", "240x180", "--quiet"]
TINY_NTK = ["--alpha", "0.1,10,100", "--seeds", "2", "--steps", "60", "--width", "12"]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_kernel_change_falls_as_one_over_alpha():
    opts = dict(alpha=(0.1, 1, 10, 100, 1000), seeds=3, width=32, depth=2, activation="tanh",
                init="lecun", zeroed=True, lr=1e-3, steps=200, seed=0)
    rec = simulate(ntk_alpha_config(opts), "ntk-alpha")
    alpha, change = by_alpha(rec["alpha"], kernel_change(rec["ntk"]))  # (A,), (S, A)
    assert change.shape == (3, 5) and np.array_equal(alpha, opts["alpha"])
    assert np.all(np.diff(np.log(change).mean(0)) < 0)
    slope, _ = loglog_fit(alpha[2:], change[:, 2:])
    assert abs(slope + 1) < 0.1


def test_kernel_change_and_grouping():
    ntk = np.stack([np.eye(2), 2 * np.eye(2)])[None].repeat(2, 0)  # (2, 2, 2, 2)
    np.testing.assert_allclose(kernel_change(ntk), [1.0, 1.0])
    alpha, values = by_alpha(np.array([5.0, 5.0, 1.0, 1.0]), np.array([1.0, 2.0, 3.0, 4.0]))
    assert np.array_equal(alpha, [1.0, 5.0]) and np.array_equal(values, [[3, 1], [4, 2]])


@pytest.mark.parametrize("scene, option", [("model-alpha", "--alpha-max"),
                                           ("loss-alpha", "--axes"),
                                           ("asymptotics", "--quantity"),
                                           ("ntk-alpha", "--fit-min")])
def test_help(scene, option):
    r = run("render", scene, "--help")
    assert r.exit_code == 0 and option in r.output
    assert run("simulate", scene, "--help").exit_code == 0


def test_toy_movies_from_one_record(tmp_path):
    rec = tmp_path / "toy.npz"
    r = run("simulate", "model-alpha", "--frames", 6, "--quiet", "-o", rec)
    assert r.exit_code == 0 and rec.exists(), r.output
    for scene, extra in (("model-alpha", []), ("loss-alpha", ["--axes", "zoom"]),
                         ("loss-alpha", ["--axes", "fixed", "--theme", "dark"])):
        out = tmp_path / f"{scene}-{len(extra)}.gif"
        r = run("render", scene, "--from", rec, *extra, *SMALL, "--out", out)
        assert r.exit_code == 0, r.output
        im = Image.open(out)
        assert im.size == (240, 180) and im.n_frames == 6


@pytest.mark.parametrize("scene, args, draw, size", [
    ("asymptotics", ["--widths", "4,16,64", "--seeds", 2], [], (720, 240)),
    ("asymptotics", ["--widths", "4,16", "--seeds", 2], ["--quantity", "kappa"], (240, 180)),
    ("ntk-alpha", TINY_NTK, [], (240, 180)),
])
def test_stills_simulate_and_render(tmp_path, scene, args, draw, size):
    rec, out = tmp_path / "r.npz", tmp_path / "still.png"
    assert run("simulate", scene, *args, "--quiet", "-o", rec).exit_code == 0
    wxh = ["--size", f"{size[0]}x{size[1]}", "--quiet"]
    r = run("render", scene, *args, *draw, *wxh, "--out", out)
    assert r.exit_code == 0, r.output
    assert Image.open(out).size == size
    r = run("render", scene, "--from", rec, *draw, *wxh, "--out", tmp_path / "again.png")
    assert r.exit_code == 0, r.output
    assert Image.open(tmp_path / "again.png").size == size


@pytest.mark.parametrize("args, option", [
    (["model-alpha", "--alpha-min", "10", "--alpha-max", "2"], "--alpha-max"),
    (["model-alpha", "--x", "nan"], "--x"),
    (["model-alpha", "--frames", "0"], "--frames"),
    (["loss-alpha", "--axes", "tilted"], "--axes"),
    (["asymptotics", "--widths", "8,0"], "--widths"),
    (["asymptotics", "--x", "0"], "--x"),
    (["asymptotics", "--activation", "relu"], "--activation"),
    (["ntk-alpha", "--alpha", "1,1"], "--alpha"),
    (["ntk-alpha", *TINY_NTK, "--fit-min", "1e9"], "--fit-min"),
])
def test_bad_input_is_a_usage_error(tmp_path, args, option):
    out = tmp_path / "x.png"
    r = run("render", *args, *SMALL, "--out", out)
    assert r.exit_code == 2 and option in r.output, r.output
    assert not out.exists()


def test_a_record_of_another_scene_is_refused(tmp_path):
    rec = tmp_path / "toy.npz"
    assert run("simulate", "model-alpha", "--frames", 3, "--quiet", "-o", rec).exit_code == 0
    r = run("render", "asymptotics", "--from", rec, *SMALL, "--out", tmp_path / "a.png")
    assert r.exit_code == 2 and "--from" in r.output
