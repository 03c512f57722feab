#!/usr/bin/env python3
"""Speed of the manim backend: the ellipses movie at -ql, -qm, -qh, in seconds per second of video.

The record (the post's defaults: 7 alphas, width 100, 4000 steps, 200 frames = a 20 s movie) is
simulated once through the cache; each quality then renders the same 20 s to MP4 in this process.
A ratio under 1 is faster than real time.

usage: python benchmarks/bench_manim.py [--qualities lmh] [--frames 200]
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from ntkanim.cache import cached_simulate
from ntkanim.manim.backend import QUALITIES, frame_count, render
from ntkanim.manim.ellipses import EllipsesScene
from scenes.ellipses import SCENE, gd_config


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qualities", default="lmh")
    ap.add_argument("--frames", type=int, default=200, help="record frames (10 per second of video)")
    args = ap.parse_args()
    opts = {p.name: p.default for p in SCENE.sim_options}
    opts.update(seed=0, frames=args.frames, alpha=tuple(float(a) for a in opts["alpha"].split(",")))
    record, _, _ = cached_simulate(gd_config(opts), "ellipses", "cpu", None, True)
    seconds = args.frames / SCENE.defaults["fps"]
    with tempfile.TemporaryDirectory() as tmp:
        for q in args.qualities:
            w, h, fps = QUALITIES[q]
            out = Path(tmp) / f"ellipses-{q}.mp4"
            start = time.perf_counter()
            render(lambda **kw: EllipsesScene(record, {}, seconds, "light", **kw), out, "mp4", fps, (w, h))
            took = time.perf_counter() - start
            print(f"-q{q} {w}x{h}@{fps}: {frame_count(seconds, fps)} frames, {took:.1f} s for "
                  f"{seconds:g} s of video = {took / seconds:.2f} s per video second, "
                  f"{out.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
