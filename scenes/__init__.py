"""The scenes: one module per movie or still of the post, each ending with ``SCENE = Scene(...)``."""
from __future__ import annotations

import importlib

MODULES = ("ellipses", "train_funcs")


def all_scenes() -> dict:
    """{name: Scene} in the order of MODULES."""
    scenes = {}
    for module in MODULES:
        scene = importlib.import_module(f"{__name__}.{module}").SCENE
        scenes[scene.name] = scene
    return scenes
