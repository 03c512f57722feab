"""The command line: tiny end-to-end runs, and every bad input of the spine as a usage error."""

import imageio_ffmpeg
import pytest
from click.testing import CliRunner
from PIL import Image

from ntkanim.cli import main

TINY = ["--steps", "40", "--frames", "8", "--width", "12", "--alpha", "0.5,5", "--quiet"]
SMALL = ["--size", "200x150"]


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result


def test_list_and_help():
    r = run("list")
    assert r.exit_code == 0 and "ellipses" in r.output and "train-funcs" in r.output
    r = run("render", "ellipses", "--help")
    assert r.exit_code == 0 and "--alpha" in r.output and "Seeing the Kernel Regime" in r.output


def test_render_gif_then_from_record(tmp_path):
    out = tmp_path / "e.gif"
    r = run("render", "ellipses", *TINY, *SMALL, "--out", out)
    assert r.exit_code == 0, r.output
    assert r.output.strip() == str(out)
    im = Image.open(out)
    assert im.size == (200, 150) and im.n_frames == 8 and im.info["duration"] == 100
    rec = tmp_path / "run.npz"
    r = run("simulate", "ellipses", *TINY, "-o", rec)
    assert r.exit_code == 0 and rec.exists(), r.output
    mp4 = tmp_path / "f.mp4"
    r = run("render", "train-funcs", "--from", rec, *SMALL, "--fps", 20, "--out", mp4, "--quiet")
    assert r.exit_code == 0, r.output
    reader = imageio_ffmpeg.read_frames(str(mp4))
    meta = next(reader)
    assert meta["size"] == (200, 150) and sum(1 for _ in reader) == 8
    assert abs(meta["duration"] - 8 / 20) < 0.1


def test_info(tmp_path):
    rec = tmp_path / "run.npz"
    assert run("simulate", "ellipses", *TINY, "-o", rec).exit_code == 0
    r = run("info", rec)
    assert r.exit_code == 0 and "scene ellipses" in r.output and "ntk" in r.output
    assert '"lr": 0.0001' in r.output


def test_second_render_uses_the_cache(tmp_path, isolated_cache):
    run("render", "ellipses", *TINY, *SMALL, "--out", tmp_path / "a.png")
    entries = list(isolated_cache.iterdir())
    assert len(entries) == 1
    stamp = entries[0].stat().st_mtime_ns
    assert run("render", "train-funcs", *TINY, *SMALL, "--out", tmp_path / "b.png").exit_code == 0
    assert entries[0].stat().st_mtime_ns == stamp


def test_output_folder_default_name(tmp_path):
    r = run("render", "ellipses", *TINY, *SMALL, "--format", "png", "--out", tmp_path)
    assert r.exit_code == 0, r.output
    assert (tmp_path / "ellipses.png").exists()


BAD = [
    (["--alpha", "0.1,abc"], "--alpha"),
    (["--alpha", "-1"], "--alpha"),
    (["--alpha", ""], "--alpha"),
    (["--width", "0"], "--width"),
    (["--frames", "0"], "--frames"),
    (["--fps", "0"], "--fps"),
    (["--fps", "60"], "--fps"),
    (["--lr", "nan"], "--lr"),
    (["--size", "12x12"], "--size"),
    (["--frames", "500", "--steps", "10"], "--frames"),
    (["--format", "mp4", "--out", "x.gif"], "--out"),
    (["--device", "cuda:99"], "--device"),
]


@pytest.mark.parametrize("args,option", BAD)
def test_bad_input_is_a_usage_error(tmp_path, monkeypatch, args, option):
    monkeypatch.chdir(tmp_path)
    r = run("render", "ellipses", "--quiet", *args)
    assert r.exit_code == 2, r.output
    assert option in r.output and "Traceback" not in r.output
    assert not r.exception or isinstance(r.exception, SystemExit)
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_unknown_scene(tmp_path):
    r = run("render", "nope")
    assert r.exit_code == 2 and "unknown scene 'nope'" in r.output and "ellipses" in r.output


def test_from_missing_corrupt_and_foreign_records(tmp_path):
    r = run("render", "ellipses", "--from", tmp_path / "missing.npz", "--out", tmp_path / "o.gif")
    assert r.exit_code == 2 and "--from" in r.output and "no such file" in r.output
    bad = tmp_path / "bad.npz"
    bad.write_text("garbage")
    r = run("render", "ellipses", "--from", bad, "--out", tmp_path / "o.gif")
    assert r.exit_code == 2 and "--from" in r.output and "not a readable" in r.output
    rec = tmp_path / "r.npz"
    run("simulate", "ellipses", *TINY, "-o", rec)
    from ntkanim.record import load
    other = load(rec)
    other.meta["scene"] = "weights"
    foreign = other.save(tmp_path / "foreign.npz")
    r = run("render", "ellipses", "--from", foreign, "--out", tmp_path / "o.gif")
    assert r.exit_code == 2 and "scene 'weights'" in r.output
    r = run("render", "ellipses", "--from", rec, "--alpha", "1", "--out", tmp_path / "o.gif")
    assert r.exit_code == 2 and "--alpha cannot be combined with --from" in r.output
    assert not (tmp_path / "o.gif").exists()


def test_unwritable_output_folder(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")  # a file where a folder should be: no one, not even root, can write
    r = run("render", "ellipses", *TINY, "--out", blocker / "sub" / "e.gif")
    assert r.exit_code == 2 and "--out" in r.output and "Traceback" not in r.output
    r = run("simulate", "ellipses", *TINY, "-o", blocker / "r.npz")
    assert r.exit_code == 2 and "--out" in r.output
    assert [p.name for p in tmp_path.iterdir() if p.name != "cache"] == ["a-file"]


def test_divergence_exits_1_and_writes_nothing(tmp_path):
    out = tmp_path / "d.gif"
    r = run("render", "ellipses", "--steps", "200", "--frames", "5", "--width", "12",
            "--lr", "50", "--quiet", "--out", out)
    assert r.exit_code == 1 and "diverged" in r.output and "smaller --lr" in r.output
    assert not out.exists()


def test_svg_still(tmp_path):
    out = tmp_path / "e.svg"
    r = run("render", "ellipses", *TINY, *SMALL, "--frame", 3, "--out", out)
    assert r.exit_code == 0, r.output
    text = out.read_text()
    assert text.lstrip().startswith("<?xml") and "<svg" in text and "</svg>" in text
    assert text.count("<path") > 10  # vector lines, not an embedded bitmap
