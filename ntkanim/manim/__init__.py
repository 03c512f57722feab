"""The manim backend: the scenes' records (and the post's diagrams) as manim movies.

Importing this package does not import manim: ``available()`` checks for it and ``SCENES``
names the manim class of each scene.  ``backend`` renders a manim Scene into ntkanim's encoders,
``labels`` draws text and math without TeX, ``plot`` is the base of the record movies, one module
per record scene (``ellipses``, ``train_funcs``, ``toy``, ``nets``) and ``diagrams`` holds the record-less scenes.
"""
from __future__ import annotations

import importlib

INSTALL = ("the manim backend needs manim (and its system libraries):\n"
           "  apt-get install -y libcairo2-dev libpango1.0-dev pkg-config\n"
           '  pip install "ntkanim[manim]"')

# scene name -> "module:Class" inside ntkanim.manim
SCENES = {
    "ellipses": "ellipses:EllipsesScene",
    "train-funcs": "train_funcs:TrainFuncsScene",
    "model-alpha": "toy:ModelAlphaScene",
    "loss-alpha": "toy:LossAlphaScene",
    "training-nets": "nets:TrainingNetsScene",
    "weights": "nets:WeightsScene",
    "network": "diagrams:NetworkScene",
    "one-layer": "diagrams:OneLayerScene",
    "notation": "diagrams:NotationScene",
    "taylor": "diagrams:TaylorScene",
    "ntk-diagram": "diagrams:NtkScene",
    "hessian-structure": "diagrams:HessianScene",
}


def available() -> bool:
    """Whether manim can be imported."""
    try:
        import manim  # noqa: F401
    except ImportError:
        return False
    return True


def scene_class(name: str):
    """The manim Scene class that draws scene ``name``."""
    module, cls = SCENES[name].split(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), cls)
