"""One look for every scene: light and dark themes, fonts, and the alpha colour ramp."""
from __future__ import annotations

from contextlib import contextmanager

import matplotlib
import numpy as np

THEMES = {
    "light": {
        "figure.facecolor": "#ffffff", "axes.facecolor": "#ffffff", "savefig.facecolor": "#ffffff",
        "axes.edgecolor": "#444444", "axes.labelcolor": "#222222", "text.color": "#222222",
        "xtick.color": "#444444", "ytick.color": "#444444", "grid.color": "#dcdcdc",
        "legend.facecolor": "#ffffff", "legend.edgecolor": "#cccccc",
    },
    "dark": {
        "figure.facecolor": "#15171c", "axes.facecolor": "#15171c", "savefig.facecolor": "#15171c",
        "axes.edgecolor": "#9a9fa8", "axes.labelcolor": "#e8e8e8", "text.color": "#e8e8e8",
        "xtick.color": "#b8bcc4", "ytick.color": "#b8bcc4", "grid.color": "#2e323a",
        "legend.facecolor": "#1d2027", "legend.edgecolor": "#3a3f48",
    },
}

BASE = {
    "font.size": 13, "axes.titlesize": 15, "axes.labelsize": 14, "legend.fontsize": 11.5,
    "xtick.labelsize": 12, "ytick.labelsize": 12, "axes.grid": True, "grid.linewidth": 0.8,
    "axes.linewidth": 1.0, "lines.linewidth": 2.0, "lines.solid_capstyle": "round",
    "legend.framealpha": 0.92, "axes.spines.top": False, "axes.spines.right": False,
    "mathtext.fontset": "dejavusans", "figure.constrained_layout.use": True,
    "axes.axisbelow": True,
}

# small alpha red -> ... -> large alpha pink, as in the post
_RAMP = ["#d62728", "#ef7d1a", "#d9b310", "#4caf50", "#1f9bb4", "#4e61c9", "#9c4fc4", "#e466b8"]
DATA_COLOR = {"light": "#1f4e9c", "dark": "#7fb2ff"}
ACCENT = {"light": "#111111", "dark": "#f2f2f2"}
# a nonlinear model against its linearization (the toy-model scenes)
ACTUAL_COLOR = {"light": "#1f5fbf", "dark": "#6fa8ff"}
LINEAR_COLOR = {"light": "#d62728", "dark": "#ff6b5e"}


def ramp_colors(values) -> list:
    """One colour per value, in the order of the values (smallest red, largest pink)."""
    values = np.asarray(values, dtype=float)
    cmap = matplotlib.colors.LinearSegmentedColormap.from_list("ntkanim", _RAMP)
    order = np.argsort(np.argsort(values, kind="stable"), kind="stable")
    pos = order / max(len(values) - 1, 1)
    return [cmap(p) for p in pos]


@contextmanager
def theme(name: str = "light"):
    """Matplotlib rc settings for the theme, for the drawing inside the block."""
    with matplotlib.rc_context({**BASE, **THEMES[name]}):
        yield
