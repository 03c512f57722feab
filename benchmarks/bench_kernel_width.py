"""Time the kernel-width still (widths 10 to 10000, 5 seeds each) end to end: target < 30 s.

    python benchmarks/bench_kernel_width.py [--repeats 3] [--threads 2]

Prints, for the default config, the engine time per width (one net each, in this process) and
the median wall time of ``ntkanim render kernel-width --format png --no-cache`` (a fresh process:
imports, simulation, drawing, encoding).
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import torch

from ntkanim.config import KernelWidthConfig
from ntkanim.kernel_width import empirical_kernel


def per_width(config: KernelWidthConfig):
    for width in config.widths:
        start = time.perf_counter()
        empirical_kernel(config, width, config.seeds[0])
        print(f"  width {width:>6}: {time.perf_counter() - start:7.3f} s per net")


def end_to_end(repeats: int, threads: int) -> list[float]:
    env = {**os.environ, "OMP_NUM_THREADS": str(threads)}
    seconds = []
    with tempfile.TemporaryDirectory() as tmp:
        env["NTKANIM_CACHE"] = os.path.join(tmp, "cache")
        for _ in range(repeats):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "ntkanim", "render", "kernel-width",
                            "--format", "png", "--no-cache", "--quiet",
                            "--out", os.path.join(tmp, "k.png")], check=True, env=env,
                           stdout=subprocess.DEVNULL)
            seconds.append(time.perf_counter() - start)
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    config = KernelWidthConfig()
    print(f"engine, {args.threads} threads, grid of {config.grid[2]} points, {config.dtype}:")
    per_width(config)
    seconds = end_to_end(args.repeats, args.threads)
    print(f"render kernel-width --format png (widths {config.widths[0]}..{config.widths[-1]}, "
          f"{len(config.seeds)} seeds): median {statistics.median(seconds):.1f} s "
          f"of {args.repeats} (min {min(seconds):.1f} s); target < 30 s")


if __name__ == "__main__":
    main()
