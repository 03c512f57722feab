"""Time the analytic infinite-width NTK on a 1000 x 1000 grid at depth 3: median of several runs.

    python benchmarks/analytic_kernel.py [--points 1000] [--depth 3] [--repeats 7]
"""
import argparse
import statistics
import time

import numpy as np

from ntkanim.analytic import ntk_infinite


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1000)
    parser.add_argument("--depth", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    x = np.linspace(-4.0, 4.0, args.points)
    for activation in ("relu", "erf"):
        ntk_infinite(x, depth=args.depth, activation=activation)  # warm-up
        seconds = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            ntk_infinite(x, depth=args.depth, activation=activation)
            seconds.append(time.perf_counter() - start)
        print(f"{activation}: {args.points}x{args.points}, depth {args.depth}: "
              f"{statistics.median(seconds):.4f} s (median of {args.repeats})")


if __name__ == "__main__":
    main()
