"""The linearization y(w) ~ y(w0) + grad_w y(w0)^T (w - w0) with its matrix sizes n, p (a manim diagram).

An animated build-up ending on the post's figure (reference/taylor.png); it also writes its last
frame as a PNG.  Drawn by ntkanim.manim.diagrams.TaylorScene: needs the manim extra, no simulation.
"""
from __future__ import annotations

from ntkanim.scene import Scene

SCENE = Scene(
    name="taylor",
    help=__doc__,
    kind="diagram",
    build_config=None,
    make_movie=None,
    defaults={"format": "mp4"},
    reproduces="reference/taylor.png",
)
