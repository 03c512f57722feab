"""The engine's configs: frozen dataclasses, stored verbatim in every record.

Nothing here imports torch, so the command line and the scenes can build, hash and compare
configs (and render cached records) without loading the engine.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

ACTIVATIONS = ("relu", "tanh", "erf", "gelu")
SMOOTH_ACTIVATIONS = ("tanh", "erf", "gelu")  # kappa (asymptotics) needs sigma''
INITS = ("lecun", "torch")
DTYPE_NAMES = ("float64", "float32")


@dataclass(frozen=True)
class MLPConfig:
    """Architecture and initialization of a 1-D-output fully connected net."""

    width: int = 100
    depth: int = 2
    activation: str = "relu"
    bias: bool = True
    init: str = "lecun"
    bias_std: float = 1.0
    d_in: int = 1

    def __post_init__(self):
        if self.width < 1 or self.depth < 1 or self.d_in < 1:
            raise ValueError("width, depth and d_in must be positive")
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"unknown activation {self.activation!r}; choose from {ACTIVATIONS}")
        if self.init not in INITS:
            raise ValueError(f"unknown init {self.init!r}; choose from {INITS}")

    def layer_sizes(self, width: int | None = None) -> list[int]:
        """[d_in, width, ..., width, 1]: the sizes n_0 .. n_{L+1}."""
        m = self.width if width is None else width
        return [self.d_in] + [m] * self.depth + [1]


@dataclass(frozen=True)
class GDConfig:
    """One ensemble training run.  Every per-net tuple (alpha, seeds, widths) has length K."""

    model: MLPConfig = field(default_factory=MLPConfig)
    x_data: tuple[float, ...] = (-2.0, 0.5)
    y_data: tuple[float, ...] = (3.0, -1.0)
    alpha: tuple[float, ...] = (1.0,)
    seeds: tuple[int, ...] = (0,)
    widths: tuple[int, ...] | None = None
    zeroed: bool = True
    lr: float = 1e-4
    steps: int = 4000
    frames: int = 200
    grid: tuple[float, float, int] = (-4.0, 3.0, 200)
    record_ntk: bool = True
    record_layer: int | None = None
    layer_crop: int | None = None
    stop_loss: float | None = None
    dtype: str = "float64"
    twin: bool = False  # also train the linearized twin (``predictions``)
    infinite: bool = False  # also record the infinite-width kernel on the data (``predictions``)

    def __post_init__(self):
        k = len(self.alpha)
        if k == 0 or len(self.seeds) != k or (self.widths is not None and len(self.widths) != k):
            raise ValueError("alpha, seeds and widths must have one entry per net")
        if any(not (a > 0 and math.isfinite(a)) for a in self.alpha):
            raise ValueError("every alpha must be positive and finite")
        if len(self.x_data) != len(self.y_data) or not self.x_data:
            raise ValueError("x_data and y_data must be non-empty and of equal length")
        if not (self.lr > 0 and math.isfinite(self.lr)):
            raise ValueError("lr must be positive")
        if not 1 <= self.frames <= self.steps + 1:
            raise ValueError("need 1 <= frames <= steps + 1")
        if self.dtype not in DTYPE_NAMES:
            raise ValueError(f"dtype must be one of {DTYPE_NAMES}")
        if self.record_layer is not None and not 1 <= self.record_layer < self.model.depth:
            raise ValueError("record_layer must name a hidden-to-hidden layer (1 .. depth-1)")
        if self.layer_crop is not None and self.layer_crop < 1:
            raise ValueError("layer_crop must be a positive number of rows and columns")
        if self.stop_loss is not None and not self.stop_loss > 0:
            raise ValueError("stop_loss must be positive")
        if self.twin and self.stop_loss is not None:
            raise ValueError("the linearized twin does not support stop_loss")
        if self.infinite and self.model.init != "lecun":
            raise ValueError("the infinite-width kernel assumes LeCun init")

    @property
    def net_widths(self) -> tuple[int, ...]:
        """(K,) hidden width of each net."""
        return self.widths or (self.model.width,) * len(self.alpha)

    @property
    def record_every(self) -> int:
        """Steps between recorded frames: frame t is step ``t * record_every``."""
        return max(1, self.steps // (self.frames - 1)) if self.frames > 1 else max(1, self.steps)


@dataclass(frozen=True)
class ToyAlphaConfig:
    """An alpha sweep of the toy model at one input x (frame t has alpha[t], log-spaced).

    w_span: the model is drawn on w0 +- w_span (``grid`` points).  The zoomed loss of frame t is
    drawn on w0 +- zoom_span * alpha^-zoom_power (``grid`` points), the post's right-hand GIF.
    """

    w0: float = 0.4
    x: float = 1.5
    y_bar: float = 3.0
    alpha_min: float = 1.0
    alpha_max: float = 10.0 ** (10.0 / 3.0)
    frames: int = 100
    w_span: float = 3.0
    zoom_span: float = 1.5
    zoom_power: float = 2.0 / 3.0
    grid: int = 1201

    def __post_init__(self):
        if not 0 < self.alpha_min <= self.alpha_max or not math.isfinite(self.alpha_max):
            raise ValueError("need 0 < alpha_min <= alpha_max < inf")
        if self.frames < 1 or self.grid < 3:
            raise ValueError("need frames >= 1 and grid >= 3")
        if not (self.w_span > 0 and self.zoom_span > 0 and self.zoom_power >= 0):
            raise ValueError("w_span and zoom_span must be positive, zoom_power >= 0")


@dataclass(frozen=True)
class AsymptoticsConfig:
    """Nets of every width in ``widths`` for every seed in ``seeds``, at the input x."""

    widths: tuple[int, ...] = tuple(2 ** k for k in range(3, 13))  # 8 .. 4096
    seeds: tuple[int, ...] = tuple(range(16))
    x: float = 1.0
    activation: str = "tanh"

    def __post_init__(self):
        if not self.widths or min(self.widths) < 1 or not self.seeds:
            raise ValueError("need at least one positive width and one seed")
        if not (math.isfinite(self.x) and self.x != 0):
            raise ValueError("x must be finite and nonzero")
        if self.activation not in SMOOTH_ACTIVATIONS:
            raise ValueError(f"activation must be twice differentiable: {SMOOTH_ACTIVATIONS}")


@dataclass(frozen=True)
class KernelWidthConfig:
    """Nets of every width in ``widths`` for every seed in ``seeds``: Theta(x, x0) / m on a grid.

    grid = (lo, hi, G): G evenly spaced x.  Nets are ``MLPConfig(width, depth, activation)``
    with LeCun init and biases, as in the post.
    """

    x0: float = 0.5
    grid: tuple[float, float, int] = (-4.0, 3.0, 121)
    widths: tuple[int, ...] = (10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)
    seeds: tuple[int, ...] = (0, 1, 2, 3, 4)
    depth: int = 2
    activation: str = "relu"
    dtype: str = "float32"

    def __post_init__(self):
        if not self.widths or min(self.widths) < 1 or not self.seeds:
            raise ValueError("need at least one positive width and one seed")
        lo, hi, g = self.grid
        if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi and int(g) >= 2):
            raise ValueError("grid must be (lo, hi, G) with lo < hi and G >= 2")
        if not math.isfinite(self.x0):
            raise ValueError("x0 must be finite")
        if self.depth < 1 or self.activation not in ACTIVATIONS or self.dtype not in DTYPE_NAMES:
            raise ValueError("bad depth, activation or dtype")

    def model(self, width: int) -> MLPConfig:
        return MLPConfig(width=width, depth=self.depth, activation=self.activation)

    @property
    def steps(self) -> int:
        """Units of work for a progress bar: one per net."""
        return len(self.widths) * len(self.seeds)

    def x_grid(self) -> np.ndarray:
        """(G,) float64."""
        lo, hi, g = self.grid
        return np.linspace(lo, hi, int(g))
