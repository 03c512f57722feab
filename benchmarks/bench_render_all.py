#!/usr/bin/env python3
"""Wall time of rendering the whole post: every scene at its defaults, no cache.

Each scene runs as a fresh process (``ntkanim render SCENE --no-cache``, import and simulation
included), then ``ntkanim render all --no-cache`` runs once as a whole (shared simulations run
once there).  Prints a per-scene table (seconds, output bytes) and the totals.

usage: python benchmarks/bench_render_all.py [--scenes a,b] [--skip-all]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(cmd: list[str], env) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def scene_names() -> list[str]:
    from ntkanim.manim import available
    from scenes import all_scenes

    return [n for n, s in all_scenes().items() if s.kind != "diagram" or available()]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenes", default=None, help="comma-separated scenes (default: all)")
    ap.add_argument("--skip-all", action="store_true", help="do not time `render all`")
    args = ap.parse_args()
    names = args.scenes.split(",") if args.scenes else scene_names()
    ntk = [sys.executable, "-m", "ntkanim", "render"]
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, NTKANIM_CACHE=str(Path(tmp) / "cache"))
        print(f"{'scene':<18} {'seconds':>8} {'bytes':>11}  output")
        total = 0.0
        for name in names:
            out = Path(tmp) / "each" / name
            seconds = timed(ntk + [name, "--no-cache", "--quiet", "--out", str(out)], env)
            total += seconds
            for path in sorted(out.iterdir()):
                print(f"{name:<18} {seconds:8.2f} {path.stat().st_size:11,}  {path.name}")
        print(f"{'sum of scenes':<18} {total:8.2f}")
        if not args.skip_all:
            out = Path(tmp) / "all"
            seconds = timed(ntk + ["all", "--no-cache", "--quiet", "--out", str(out)], env)
            index = json.loads((out / "index.json").read_text())["outputs"]
            print(f"{'render all':<18} {seconds:8.2f}  ({len(index)} outputs, "
                  f"{len(list((out / 'records').iterdir()))} records, {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
