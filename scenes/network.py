"""The 1-D network with two hidden layers of width m: x -> f(x, w) (a manim diagram).

An animated build-up ending on the post's figure (reference/simple_nn.png); it also writes its last
frame as a PNG.  Drawn by ntkanim.manim.diagrams.NetworkScene: needs the manim extra, no simulation.
"""
from __future__ import annotations

from ntkanim.scene import Scene

SCENE = Scene(
    name="network",
    help=__doc__,
    kind="diagram",
    build_config=None,
    make_movie=None,
    defaults={"format": "mp4"},
    reproduces="reference/simple_nn.png",
)
