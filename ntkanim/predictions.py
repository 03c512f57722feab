"""A GD run recorded next to what the kernel regime predicts for it (the "gd-ensemble" runner).

``run_gd`` returns ``training.train``'s arrays plus, depending on the ``GDConfig`` flags:

  * ``y_pred`` (K, T, N), whenever the kernel is recorded (``record_ntk``) and no net stops
    early (``stop_loss`` unset): the kernel-regime prediction of ``y`` at the recorded steps,
    full-batch GD in function space with the kernel frozen at step 0,
    ``y_pred(n) = y_bar + (I - lr ntk_0)^n (y(0) - y_bar)`` (``dynamics.predicted_y``);
  * ``y_lin`` (K, T, N) and ``f_grid_lin`` (K, T, G), when ``twin``: ``y`` and ``f_grid`` of the
    linearized twins ``f(w0) + J(w0)(w - w0)`` trained by the same GD
    (``linearized.train_linearized``).  On the data the twin follows ``y_pred`` exactly (up to
    rounding); on the grid it is the same prediction extended to every x;
  * ``ntk_inf`` (N, N), when ``infinite``: the deterministic infinite-width kernel on the data,
    the limit of ``ntk / m`` as the hidden width m grows (``analytic.config_kernels``): a
    width-m net's ``ntk`` at init is ``m * ntk_inf`` up to fluctuations of relative size
    ``O(1/sqrt(m))``.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .config import GDConfig
from .analytic import config_kernels
from .dynamics import predicted_y
from .linearized import train_linearized
from .training import train


def run_gd(config: GDConfig, device: str = "cpu",
           progress: Callable[[int], None] | None = None) -> dict[str, np.ndarray]:
    """``training.train(config)`` plus the prediction arrays of the module docstring.

    ``progress(n)`` counts GD steps; with the twin each run reports half of its steps, so the
    total stays ``config.steps``.
    """
    parts = 2 if config.twin else 1
    report = None if progress is None else _share(progress, parts)
    record = train(config, device, report)
    if "ntk" in record and config.stop_loss is None:
        record["y_pred"] = predicted_y(record, config.lr)
    if config.twin:
        twin = train_linearized(config, device, report)
        record["y_lin"], record["f_grid_lin"] = twin["y"], twin["f_grid"]
    if config.infinite:
        record["ntk_inf"] = config_kernels(config.model, np.asarray(config.x_data))[1]
    return record


def _share(progress: Callable[[int], None], parts: int) -> Callable[[int], None]:
    """progress(n) called with whole numbers adding up to 1/parts of the counts it receives."""
    counted = [0, 0]  # received, reported

    def update(n: int):
        counted[0] += n
        due = counted[0] // parts - counted[1]
        counted[1] += due
        if due:
            progress(due)

    return update
