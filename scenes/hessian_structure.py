"""The one-hidden-layer Hessian: three diagonal blocks and their variances, then the row swap (a manim diagram).

An animated build-up ending on the post's figure (reference/hessian_mat.png, reference/hessian_mat2.png); it also writes its last
frame as a PNG.  Drawn by ntkanim.manim.diagrams.HessianScene: needs the manim extra, no simulation.
"""
from __future__ import annotations

from ntkanim.scene import Scene

SCENE = Scene(
    name="hessian-structure",
    help=__doc__,
    kind="diagram",
    build_config=None,
    make_movie=None,
    defaults={"format": "mp4"},
    reproduces="reference/hessian_mat.png, reference/hessian_mat2.png",
)
