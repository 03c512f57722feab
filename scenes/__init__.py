"""The scenes: one module per movie or still of the post, each ending with ``SCENE = Scene(...)``."""
from __future__ import annotations

import importlib

MODULES = ("ellipses", "train_funcs", "model_alpha", "loss_alpha", "asymptotics",
           "ntk_alpha", "init_funcs", "training_nets", "weights", "weight_change",
           "kernel_width", "eigen_decay",
           # diagrams: manim only, no record
           "network", "one_layer", "notation", "taylor", "ntk_diagram", "hessian_structure")


def all_scenes() -> dict:
    """{name: Scene} in the order of MODULES."""
    scenes = {}
    for module in MODULES:
        scene = importlib.import_module(f"{__name__}.{module}").SCENE
        scenes[scene.name] = scene
    return scenes
