"""The post's 1-parameter model and its tangent line as the output scale alpha grows.

Reproduces "Scaling the Output" (reference/model_alpha.frames.png): f(x, w) = alpha (w x + w^2 x +
sin(e^{0.1 w})) (w - 0.4) at x = 1.5, initialized at w0 = 0.4 where f = 0, and its linearization
f_lin(w) = alpha f'(w0) (w - w0), on w0 +- 3 and f in [-7, 7].  alpha grows log-spaced from 1 to
10^(10/3) over the frames: both curves steepen, and over the range of w that moves f by O(1)
(|w - w0| ~ 1/alpha) the model becomes indistinguishable from its tangent line.
"""
from __future__ import annotations

import click

from ntkanim.config import ToyAlphaConfig
from ntkanim.render.style import ACCENT, ACTUAL_COLOR, LINEAR_COLOR
from ntkanim.scene import FINITE_FLOAT, POSITIVE_FLOAT, POSITIVE_INT, Scene

Y_LIMIT = 7.0  # the post's f range


def toy_options(frames=100):
    """The options of the alpha sweep (shared with loss-alpha)."""
    return (
        click.Option(["--x"], type=FINITE_FLOAT, default=1.5, show_default=True,
                     help="The input at which the model is evaluated."),
        click.Option(["--y-bar"], type=FINITE_FLOAT, default=3.0, show_default=True,
                     help="The target of the one-point loss."),
        click.Option(["--alpha-min"], type=POSITIVE_FLOAT, default=1.0, show_default=True,
                     help="alpha of the first frame."),
        click.Option(["--alpha-max"], type=POSITIVE_FLOAT, default=10.0 ** (10.0 / 3.0),
                     show_default="10^(10/3) = 2154.4", help="alpha of the last frame."),
        click.Option(["--frames"], type=POSITIVE_INT, default=frames, show_default=True,
                     help="Frames: alpha log-spaced from --alpha-min to --alpha-max."),
    )


def toy_config(opts: dict) -> ToyAlphaConfig:
    """Options -> the sweep's config (a usage error when the alpha range is reversed)."""
    if opts["alpha_max"] < opts["alpha_min"]:
        raise click.BadParameter(f"{opts['alpha_max']:g} is below --alpha-min "
                                 f"{opts['alpha_min']:g}", param_hint="'--alpha-max'")
    return ToyAlphaConfig(x=opts["x"], y_bar=opts["y_bar"], alpha_min=opts["alpha_min"],
                          alpha_max=opts["alpha_max"], frames=opts["frames"])


def alpha_title(alpha: float) -> str:
    return rf"$\alpha = {alpha:.4g}$"


class ModelAlphaMovie:
    """The model and its tangent line at w0; frame t = alpha[t]."""

    def __init__(self, record, opts):
        self.alpha, self.w = record["alpha"], record["w_grid"]  # (T,), (W,)
        self.f, self.f_lin = record["f"], record["f_lin"]  # (T, W)
        self.w0, self.x = record.config["w0"], record.config["x"]
        self.n_frames = len(self.alpha)
        self.theme = opts.get("theme", "light")

    def setup(self, fig):
        ax = fig.add_subplot()
        ax.set_xlim(self.w[0], self.w[-1])
        ax.set_ylim(-Y_LIMIT, Y_LIMIT)
        ax.set_xlabel("parameter $w$")
        ax.set_ylabel(f"$f({self.x:g},\\, w)$")
        (self.actual,) = ax.plot([], [], color=ACTUAL_COLOR[self.theme], label="actual model")
        (self.linear,) = ax.plot([], [], color=LINEAR_COLOR[self.theme],
                                 label=r"linearized: $\alpha f'(w_0)(w - w_0)$")
        ax.plot([self.w0], [0.0], "o", ms=8, color=ACCENT[self.theme], mec=ax.get_facecolor(),
                zorder=5, label=f"$w_0 = {self.w0:g}$")
        ax.legend(loc="upper left")
        self.title = ax.set_title(alpha_title(self.alpha[-1]))
        return [self.actual, self.linear, self.title]

    def update(self, t):
        self.actual.set_data(self.w, self.f[t])
        self.linear.set_data(self.w, self.f_lin[t])
        self.title.set_text(alpha_title(self.alpha[t]))


SCENE = Scene(
    name="model-alpha",
    help=__doc__,
    kind="movie",
    build_config=toy_config,
    make_movie=ModelAlphaMovie,
    sim_options=toy_options(),
    records=("model-alpha", "loss-alpha"),
    required=("alpha", "w_grid", "f", "f_lin"),
    defaults={"format": "gif", "fps": 10, "size": (800, 600)},
    quick={"frames": 12},
    reproduces="reference/model_alpha.frames.png",
)
