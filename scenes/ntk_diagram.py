"""The NTK H(w0) = grad y(w0)^T grad y(w0) as pairwise inner products of feature maps (a manim diagram).

An animated build-up ending on the post's figure (reference/ntk.png); it also writes its last
frame as a PNG.  Drawn by ntkanim.manim.diagrams.NtkScene: needs the manim extra, no simulation.
"""
from __future__ import annotations

from ntkanim.scene import Scene

SCENE = Scene(
    name="ntk-diagram",
    help=__doc__,
    kind="diagram",
    build_config=None,
    make_movie=None,
    defaults={"format": "mp4"},
    reproduces="reference/ntk.png",
)
