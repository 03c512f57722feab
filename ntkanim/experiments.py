"""The engine's experiments by name, and running one into a Record.

An experiment is a frozen config dataclass and a function ``run(config, device, progress)``
returning named arrays.  Scenes choose an experiment and build its config from their options;
the record stores the config verbatim so that it can be rebuilt and re-run.  Runners are named
"module:function" and imported only when a simulation runs: looking configs up, hashing them
and loading cached records never imports torch.
"""
from __future__ import annotations

import dataclasses
import importlib
import typing
from dataclasses import dataclass

from . import __version__
from .config import AsymptoticsConfig, GDConfig, KernelWidthConfig, ToyAlphaConfig
from .record import SCHEMA_VERSION, Record


@dataclass(frozen=True)
class Experiment:
    """A config class, its runner ("module:function" in ntkanim), and the arrays its records hold."""

    name: str
    config_type: type
    runner: str
    arrays: tuple[str, ...]

    def run(self, config, device: str = "cpu", progress=None) -> dict:
        module, function = self.runner.split(":")
        run = getattr(importlib.import_module(f"{__package__}.{module}"), function)
        return run(config, device=device, progress=progress)


EXPERIMENTS: dict[str, Experiment] = {}


def register(experiment: Experiment) -> Experiment:
    EXPERIMENTS[experiment.name] = experiment
    return experiment


register(Experiment("gd-ensemble", GDConfig, "predictions:run_gd",
                    ("step", "alpha", "seed", "width", "x_data", "y_data", "y", "y_path", "loss",
                     "weight_change", "x_grid", "f_grid")))
register(Experiment("toy-alpha", ToyAlphaConfig, "toy:run",
                    ("alpha", "w_grid", "f", "f_lin", "loss", "loss_lin", "w_zoom", "loss_zoom",
                     "loss_lin_zoom", "w_min", "w_min_lin", "loss_min", "slope")))
register(Experiment("asymptotics", AsymptoticsConfig, "asymptotics:run",
                    ("width", "seed", "grad_norm", "hessian_norm", "kappa")))
register(Experiment("kernel-width", KernelWidthConfig, "kernel_width:run",
                    ("x_grid", "width", "seed", "ntk_empirical", "ntk_analytic")))


def experiment_of(config) -> Experiment:
    for exp in EXPERIMENTS.values():
        if type(config) is exp.config_type:
            return exp
    raise KeyError(f"no experiment runs a {type(config).__name__}")


def config_to_dict(config) -> dict:
    """The config as plain JSON types (nested dataclasses become dicts)."""
    return dataclasses.asdict(config)


def config_from_dict(config_type: type, data: dict):
    """Inverse of ``config_to_dict``: lists become tuples, nested dicts dataclasses."""
    hints = typing.get_type_hints(config_type)
    kwargs = {}
    for f in dataclasses.fields(config_type):
        if f.name not in data:
            continue
        value, hint = data[f.name], hints[f.name]
        if dataclasses.is_dataclass(hint) and isinstance(value, dict):
            value = config_from_dict(hint, value)
        elif isinstance(value, list):
            value = tuple(value)
        kwargs[f.name] = value
    return config_type(**kwargs)


def meta_for(config, scene: str, device: str) -> dict:
    import numpy
    import torch

    return {"schema": SCHEMA_VERSION, "experiment": experiment_of(config).name, "scene": scene,
            "config": config_to_dict(config), "device": device,
            "versions": {"ntkanim": __version__, "torch": torch.__version__,
                         "numpy": numpy.__version__}}


def simulate(config, scene: str, device: str = "cpu", progress=None) -> Record:
    """Run the experiment that ``config`` belongs to; the Record of its arrays."""
    arrays = experiment_of(config).run(config, device=device, progress=progress)
    return Record(arrays, meta_for(config, scene, device))
