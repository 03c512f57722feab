"""init-funcs, training-nets, weights, weight-change: physics, early stopping, CLI round trips."""
import json
import os
import re

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from ntkanim.config import GDConfig, MLPConfig
from ntkanim.cli import main
from ntkanim.render.mpl import frame_order
from ntkanim.training import train
from scenes.two_points import X_DATA, Y_DATA

SMALL = ["--size", "800x320", "--quiet"]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def widths_run(widths, steps, frames, stop_loss=None, seed=0, lr=1e-3):
    """The post's setup (torch init, lr 1e-3, points (-3, 2), (0.5, -1)), one net per width."""
    return train(GDConfig(model=MLPConfig(width=max(widths), init="torch"), x_data=X_DATA,
                          y_data=Y_DATA, alpha=(1.0,) * len(widths),
                          seeds=tuple(seed + k for k in range(len(widths))), widths=widths,
                          zeroed=False, lr=lr, steps=steps, frames=frames, grid=(-4, 4, 0),
                          record_ntk=False, stop_loss=stop_loss))


def test_wider_nets_move_their_weights_less():
    """The post's "weight budge": relative change of all weights, width 1000 < 100 < 10."""
    r = widths_run((10, 100, 1000), steps=100, frames=2)
    change = r["weight_change"][:, -1]
    assert change[2] < change[1] < change[0], change
    assert change[0] > 5 * change[2]
    assert (r["loss"][:, -1] < r["loss"][:, 0]).all()


def test_early_stopping_freezes_each_net_exactly():
    """A zero-padded ensemble with early stopping equals each net trained alone (narrowing to
    the widest training net is exact), and a stopped net's weights never move again."""
    widths, stop = (4, 8, 24), 1e-3  # they stop at steps 222, 194, 83: narrowed twice
    together = widths_run(widths, 400, 41, stop, lr=1e-2)
    for k, m in enumerate(widths):
        alone = widths_run((m,), 400, 41, stop, seed=k, lr=1e-2)
        assert together["stop_step"][k] == alone["stop_step"][0]
        t = len(alone["step"])
        for name in ("loss", "weight_change", "y"):
            np.testing.assert_allclose(together[name][k, :t], alone[name][0], rtol=1e-9,
                                       atol=1e-12)
    s = together["stop_step"]
    assert (s >= 0).all() and len(together["step"]) < 41  # ended once all had stopped
    for k in range(3):
        after = together["step"] >= s[k]
        assert np.ptp(together["weight_change"][k, after]) == 0.0
        assert together["loss"][k, after][0] < stop


def test_frame_order_holds_frames():
    assert frame_order(3, {0: 0.5}, 10) == [0, 0, 0, 0, 0, 0, 1, 2]
    assert frame_order(2, {}, 10) == [0, 1]


SCENES = {
    "init-funcs": (["--nets", "5", "--width", "12"], "png", 1),
    "training-nets": (["--nets", "5", "--width", "12", "--steps", "8", "--frames", "5"], "gif", 5),
    "weights": (["--widths", "3,6", "--steps", "8", "--frames", "5", "--crop", "4"], "gif", 5),
    "weight-change": (["--widths", "3,6", "--steps", "8", "--frames", "5"], "png", 1),
}


@pytest.mark.parametrize("scene", SCENES)
def test_help(scene):
    r = run("render", scene, "--help")
    assert r.exit_code == 0 and "reference/" in r.output


@pytest.mark.parametrize("scene", SCENES)
def test_simulate_then_render(scene, tmp_path):
    args, fmt, frames = SCENES[scene]
    rec = tmp_path / "run.npz"
    assert run("simulate", scene, *args, "--quiet", "-o", rec).exit_code == 0
    out = tmp_path / f"out.{fmt}"
    draw = ["--hold-first", "0.3"] if scene == "training-nets" else []
    r = run("render", scene, "--from", rec, *draw, *SMALL, "--out", out)
    assert r.exit_code == 0, r.output
    im = Image.open(out)
    assert im.size == (800, 320) and getattr(im, "n_frames", 1) == frames


def test_training_nets_holds_the_first_frame(tmp_path):
    out = tmp_path / "t.gif"
    args = SCENES["training-nets"][0]
    r = run("render", "training-nets", *args, "--hold-first", "0.3", *SMALL, "--out", out)
    assert r.exit_code == 0, r.output
    im = Image.open(out)
    assert im.info["duration"] == 400  # frame 0 shown 0.1 s + 0.3 s held


def test_weights_single_width_and_delta(tmp_path):
    args = SCENES["weights"][0]
    out = tmp_path / "w.png"
    r = run("render", "weights", *args, "--width", "6", "--show", "delta", *SMALL, "--out", out)
    assert r.exit_code == 0, r.output
    r = run("render", "weights", *args, "--width", "5", *SMALL, "--out", tmp_path / "x.png")
    assert r.exit_code == 2 and "--width" in r.output and not (tmp_path / "x.png").exists()


def test_weight_change_animates(tmp_path):
    out = tmp_path / "wc.gif"
    r = run("render", "weight-change", *SCENES["weight-change"][0], *SMALL, "--out", out)
    assert r.exit_code == 0, r.output
    assert Image.open(out).n_frames == 5


BAD = [
    ("init-funcs", ["--nets", "0"], "--nets"),
    ("training-nets", ["--lr", "-1"], "--lr"),
    ("training-nets", ["--steps", "4", "--frames", "9"], "--frames"),
    ("training-nets", ["--hold-first", "-1"], "--hold-first"),
    ("weights", ["--widths", "10,abc"], "--widths"),
    ("weights", ["--depth", "1"], "--depth"),
    ("weights", ["--show", "both"], "--show"),
    ("weight-change", ["--stop-loss", "0"], "--stop-loss"),
]


@pytest.mark.parametrize("scene, args, option", BAD)
def test_bad_input_is_a_usage_error(scene, args, option, tmp_path):
    r = run("render", scene, *args, *SMALL, "--out", tmp_path / "x.png")
    assert r.exit_code == 2 and option in r.output, r.output
    assert not (tmp_path / "x.png").exists()


def test_render_all_quick_writes_every_output_and_its_record(tmp_path):
    from ntkanim.manim import available
    from scenes import all_scenes

    r = run("render", "all", "--quick", "--quiet", "--out", tmp_path)
    assert r.exit_code == 0, r.output
    entries = json.loads((tmp_path / "index.json").read_text())["outputs"]
    expected = {name for name, s in all_scenes().items() if s.kind != "diagram" or available()}
    assert {e["scene"] for e in entries} == expected
    for e in entries:
        assert os.path.exists(e["output"])
        if e.get("config_hash"):
            assert re.fullmatch(r"[0-9a-f]{16}", e["config_hash"])
            assert e["record"].endswith(f"records/{e['config_hash']}.npz")
            assert os.path.exists(e["record"])
    by_scene = {e["scene"]: e for e in entries}
    assert by_scene["weights"]["record"] == by_scene["weight-change"]["record"]  # saved once
