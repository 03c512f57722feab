"""One hidden layer, f(x, w) = sum_i b_i sigma(a_i x), with a_i ~ N(0, 1) and b_i ~ N(0, 1/m) (a manim diagram).

An animated build-up ending on the post's figure (reference/one_layer_nn.png); it also writes its last
frame as a PNG.  Drawn by ntkanim.manim.diagrams.OneLayerScene: needs the manim extra, no simulation.
"""
from __future__ import annotations

from ntkanim.scene import Scene

SCENE = Scene(
    name="one-layer",
    help=__doc__,
    kind="diagram",
    build_config=None,
    make_movie=None,
    defaults={"format": "mp4"},
    reproduces="reference/one_layer_nn.png",
)
