#!/usr/bin/env python3
"""End-to-end speed and size of the ellipses movie against the post's naive pipeline.

Both run as fresh processes on the same work (7 alphas, width 100, 4000 steps, 200 frames,
753x564 GIF, no cache), in the same run of this script.  Prints medians, the speed ratio, and
the GIF's bytes against the naive pipeline's and the post's own ellipses107.gif.

usage: python benchmarks/bench_ellipses.py [--repeat 3] [--naive-repeat 1] [--naive PATH]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
POST_GIF_BYTES = 3367763  # reference/originals.json: ellipses107.gif, 753x564, 200 frames


def timed(cmd: list[str], env=None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--naive-repeat", type=int, default=1)
    ap.add_argument("--naive", default=str(SHARED / "bench" / "ellipses_naive.py"))
    args = ap.parse_args()
    originals = SHARED / "reference" / "originals.json"
    post_bytes = json.loads(originals.read_text())["ellipses107.gif"]["bytes"] if originals.exists() \
        else POST_GIF_BYTES
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, NTKANIM_CACHE=str(Path(tmp) / "cache"))
        ours = Path(tmp) / "ellipses.gif"
        cmd = [sys.executable, "-m", "ntkanim", "render", "ellipses", "--size", "753x564",
               "--frames", "200", "--steps", "4000", "--no-cache", "--quiet", "--out", str(ours)]
        naive_gif = Path(tmp) / "naive.gif"
        naive = [timed([sys.executable, args.naive, str(naive_gif)]) for _ in range(args.naive_repeat)]
        fast = [timed(cmd, env) for _ in range(args.repeat)]
        t_naive, t_fast = statistics.median(naive), statistics.median(fast)
        print(f"naive pipeline   : median {t_naive:7.2f} s  over {len(naive)} run(s)")
        print(f"ntkanim          : median {t_fast:7.2f} s  over {len(fast)} run(s)  "
              f"(runs: {', '.join(f'{t:.2f}' for t in fast)})")
        print(f"speed-up         : {t_naive / t_fast:7.1f} x")
        size, naive_size = ours.stat().st_size, naive_gif.stat().st_size
        print(f"GIF bytes        : {size:,} (naive {naive_size:,}, post {post_bytes:,})")
        print(f"GIF size ratio   : {size / post_bytes:.3f} of the post's, {size / naive_size:.3f} of the naive's")


if __name__ == "__main__":
    main()
