"""The notation: two data points, the model f(x, w), and y(w), y_bar as vectors (a manim diagram).

An animated build-up ending on the post's figure (reference/notation.png); it also writes its last
frame as a PNG.  Drawn by ntkanim.manim.diagrams.NotationScene: needs the manim extra, no simulation.
"""
from __future__ import annotations

from ntkanim.scene import Scene

SCENE = Scene(
    name="notation",
    help=__doc__,
    kind="diagram",
    build_config=None,
    make_movie=None,
    defaults={"format": "mp4"},
    reproduces="reference/notation.png",
)
