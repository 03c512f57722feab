"""The NTK as ellipses while nets of different output scales alpha train (the post's header movie).

Reproduces "Seeing the Kernel Regime" (reference/ellipses107.frames.png): two data points
x_data = (-2, 0.5), y_data = (3, -1); zeroed 2-hidden-layer width-100 ReLU nets, one per alpha,
trained by full-batch GD.  Each frame shows, for every alpha, the level set
(y - y_bar)^T ntk (y - y_bar) = c of the normalized kernel centred on y_bar (semi-axes along the
eigenvectors, of length sqrt(c / eigenvalue)), and the path of y(w(n)) so far.  One constant c
for every alpha and frame, so sizes compare: large alpha keeps its ellipse (kernel regime), small
alpha's ellipse turns and shrinks as the kernel moves.

Init: the post's text asks for LeCun init, but its movies were made with PyTorch's nn.Linear
default (variance 1/(3 fan_in)), whose kernel is about ten times smaller: with lr 1e-4 that is
what spreads the convergence over the whole movie, as in the post.  So ``--init torch`` is the
default here; ``--init lecun`` trains ten times faster in these units (and is what --infinite
needs: the analytic kernel assumes Gaussian LeCun init).

--predict adds, for every alpha, the kernel-regime prediction of its path as a thin dashed ghost
of the same colour: GD in function space with the kernel frozen at step 0,
y(n) = y_bar + (I - lr ntk_0)^n (y(0) - y_bar) (the record's y_pred).  Large alpha's trail runs
on its ghost; small alpha's leaves it, because its kernel moves.

--infinite adds the ellipse of the infinite-width kernel, m ntk_inf for width m (dashed, neutral
colour): the deterministic kernel every net of this architecture tends to as m grows
(ntkanim.analytic).  At step 0 each net's own ellipse is a random draw around it, off by
O(1/sqrt(m)); the kernel-regime ellipses stay near it, the small-alpha ones leave it.
"""
from __future__ import annotations

import click
import numpy as np

from ntkanim.config import GDConfig
from ntkanim.render.style import ACCENT, ramp_colors
from ntkanim.scene import POSITIVE_FLOAT, FloatList, Scene

from . import two_points

ELLIPSE_POINTS = 241


def gd_options(alpha="0.01,0.05,0.5,1,5,10,50", lr=1e-4, steps=4000, frames=200,
               activation="relu", init="torch"):
    """The simulation options of the ellipses runs (shared with train-funcs and ntk-alpha)."""
    return (
        click.Option(["--alpha"], type=FloatList(positive=True), default=alpha, show_default=True,
                     help="Output scales, one net each: comma-separated positive numbers."),
        *two_points.gd_options(lr, steps, frames),
        *two_points.model_options(100, activation, init),
        click.Option(["--zeroed/--no-zeroed"], default=True, show_default=True,
                     help="Subtract a frozen copy at init, so every net starts at y = 0."),
    )


def gd_config(opts: dict) -> GDConfig:
    """Options -> the ensemble config: net k has alpha[k] and seed seed + k."""
    two_points.check_frames(opts)
    alphas = tuple(opts["alpha"])
    seeds = tuple(opts["seed"] + k for k in range(len(alphas)))
    return GDConfig(model=two_points.model_config(opts), alpha=alphas, seeds=seeds,
                    zeroed=opts["zeroed"], lr=opts["lr"], steps=opts["steps"],
                    frames=opts["frames"], twin=opts.get("twin", False),
                    infinite=opts["init"] == "lecun")  # ntk_inf: an N x N closed form, cheap


def ellipse_points(ntk: np.ndarray, center: np.ndarray, level: float,
                   n: int = ELLIPSE_POINTS) -> np.ndarray:
    """(n, 2) points p on (p - center)^T ntk (p - center) = level; ntk (2, 2) positive definite.

    Semi-axes lie along the eigenvectors q_i with lengths sqrt(level / lambda_i).
    """
    lam, q = np.linalg.eigh(ntk)
    theta = np.linspace(0.0, 2.0 * np.pi, n)
    circle = np.stack([np.cos(theta), np.sin(theta)])  # (2, n)
    return center + (q @ (np.sqrt(level / lam)[:, None] * circle)).T


def default_level(ntk0: np.ndarray, y_bar: np.ndarray) -> float:
    """c such that the median alpha's longest semi-axis at step 0 is 0.45 ||y_bar||."""
    lam_min = np.linalg.eigvalsh(ntk0)[:, 0]
    return float((0.45 * np.linalg.norm(y_bar)) ** 2 * np.median(lam_min))


class EllipsesMovie:
    """Per alpha: the kernel ellipse, the trail of y(w(n)) and its head; frame t = record t."""

    def __init__(self, record, opts):
        self.y, self.ntk = record["y"], record["ntk"]  # (K, T, 2), (K, T, 2, 2)
        self.path = record["y_path"] if "y_path" in record else self.y  # (K, S+1, 2)
        self.y_bar, self.alpha, self.step = record["y_data"], record["alpha"], record["step"]
        if self.y.shape[2] != 2:
            raise click.BadParameter("the ellipses need exactly two data points",
                                     param_hint="'--from'")
        self.n_frames = self.y.shape[1]
        self.keyframes = None
        self.level = opts.get("level") or default_level(self.ntk[:, 0], self.y_bar)
        self.theme = opts.get("theme", "light")
        self.x_data = record["x_data"]
        self.y_pred = _needs(record, "y_pred", "--predict") if opts.get("predict") else None
        self.ntk_inf = None
        if opts.get("infinite"):  # the nets of one scene share one width m
            self.width = int(record["width"][0])
            self.ntk_inf = self.width * _needs(record, "ntk_inf", "--infinite")

    def _limits(self):
        pts = [self.y.reshape(-1, 2), self.y_bar[None]]
        pts += [ellipse_points(self.ntk[k, 0], self.y_bar, self.level) for k in range(len(self.alpha))]
        if self.y_pred is not None:
            pts.append(self.y_pred.reshape(-1, 2))
        if self.ntk_inf is not None:
            pts.append(ellipse_points(self.ntk_inf, self.y_bar, self.level))
        pts = np.concatenate(pts)
        lo, hi = pts.min(0), pts.max(0)
        pad = 0.08 * (hi - lo).max()
        return lo - pad, hi + pad

    def setup(self, fig):
        ax = fig.add_subplot()
        ax.margins(0)
        ax.update_datalim(np.array(self._limits()))
        ax.autoscale_view()
        ax.set_aspect("equal", adjustable="datalim")  # eigenvectors look orthogonal
        xd = self.x_data
        ax.set_xlabel(rf"$y_1 = f({xd[0]:g},\, w(n))$")
        ax.set_ylabel(rf"$y_2 = f({xd[1]:g},\, w(n))$")
        (self.target,) = ax.plot(*self.y_bar, marker="*", ms=17, color=ACCENT[self.theme],
                                 mec=ax.get_facecolor(), mew=1.0, ls="none",
                                 label=r"target $\bar{y}$")
        self.ellipses, self.trails, self.heads = [], [], []
        for alpha, color in zip(self.alpha, ramp_colors(self.alpha)):
            (e,) = ax.plot([], [], color=color, lw=2.0, label=rf"$\alpha = {alpha:g}$")
            (tr,) = ax.plot([], [], color=color, lw=1.6, alpha=0.85)
            (hd,) = ax.plot([], [], "o", color=color, ms=5.5, mec="white", mew=0.8)
            self.ellipses.append(e), self.trails.append(tr), self.heads.append(hd)
        self.ghosts, self.ghost_heads = self._draw_predictions(ax)
        fig.legend(loc="outside right upper")
        self.clock = ax.text(0.02, 0.97, "", transform=ax.transAxes, va="top", fontsize=12)
        ax.set_title("Neural tangent kernel during training")
        return (self.trails + self.ghosts + self.ellipses + self.heads + self.ghost_heads
                + [self.target, self.clock])

    def _draw_predictions(self, ax) -> tuple[list, list]:
        """The static infinite-width ellipse; returns the animated ghost trails and heads."""
        neutral = ACCENT[self.theme]
        if self.ntk_inf is not None:
            pts = ellipse_points(self.ntk_inf, self.y_bar, self.level)
            ax.plot(pts[:, 0], pts[:, 1], color=neutral, lw=1.6, ls=(0, (5, 3)), alpha=0.7,
                    zorder=1.5, label=rf"infinite width, ${self.width}\,\Theta_\infty$")
        if self.y_pred is None:
            return [], []
        colors = ramp_colors(self.alpha)
        ghosts = [ax.plot([], [], color=c, lw=1.3, ls=(0, (3, 2)), alpha=0.9)[0] for c in colors]
        heads = [ax.plot([], [], "o", color=c, ms=6, mfc="none", mew=1.3)[0] for c in colors]
        ax.plot([], [], color=neutral, lw=1.3, ls=(0, (3, 2)), marker="o", ms=6, mfc="none",
                mew=1.3, label="kernel-regime prediction")
        return ghosts, heads

    def update(self, t):
        if self.keyframes is None:  # the layout is final once the first frame is drawn
            self.keyframes = self._keyframes()
        for k in range(len(self.alpha)):
            pts = ellipse_points(self.ntk[k, self.keyframes[k, t]], self.y_bar, self.level)
            self.ellipses[k].set_data(pts[:, 0], pts[:, 1])
            end = self.step[t] + 1 if self.path is not self.y else t + 1
            self.trails[k].set_data(self.path[k, :end, 0], self.path[k, :end, 1])
            self.heads[k].set_data(self.y[k, t, :1], self.y[k, t, 1:])
        for k, (ghost, head) in enumerate(zip(self.ghosts, self.ghost_heads)):
            ghost.set_data(self.y_pred[k, :t + 1, 0], self.y_pred[k, :t + 1, 1])
            head.set_data(self.y_pred[k, t, :1], self.y_pred[k, t, 1:])
        self.clock.set_text(f"step {self.step[t]}")


    def _keyframes(self, tolerance_px: float = 1.0) -> np.ndarray:
        """(K, T): the frame whose kernel each frame draws.  An ellipse is redrawn only once it
        has moved more than ``tolerance_px`` pixels: sub-pixel jitter of the kernel-regime
        ellipses would otherwise re-rasterize their outlines every frame (GIF bytes, shimmer).
        A function of the record and the layout alone, so every worker draws the same frames."""
        to_px = self.ellipses[0].axes.transData.transform
        keys = np.zeros((len(self.alpha), self.n_frames), dtype=int)
        for k in range(len(self.alpha)):
            shown = to_px(ellipse_points(self.ntk[k, 0], self.y_bar, self.level))
            for t in range(1, self.n_frames):
                now = to_px(ellipse_points(self.ntk[k, t], self.y_bar, self.level))
                moved = np.abs(now - shown).max() > tolerance_px
                keys[k, t] = t if moved else keys[k, t - 1]
                shown = now if moved else shown
        return keys


def _needs(record, name: str, option: str) -> np.ndarray:
    """record[name], or a usage error naming the option that asked for it."""
    if name not in record:
        hint = (": the infinite-width kernel assumes LeCun init, add --init lecun"
                if name == "ntk_inf" else "; simulate it again")
        raise click.BadParameter(f"the record has no {name}{hint}",
                                 param_hint=f"'{option}'")
    return record[name]


DRAW_OPTIONS = (
    click.Option(["--level"], type=POSITIVE_FLOAT, default=None,
                 help="The constant c of the level sets (default: chosen from the record)."),
    click.Option(["--predict"], is_flag=True,
                 help="Dashed ghosts: each alpha's kernel-regime predicted path."),
    click.Option(["--infinite"], is_flag=True,
                 help="The infinite-width kernel's ellipse (m times the analytic NTK)."),
)

SCENE = Scene(
    name="ellipses",
    help=__doc__,
    kind="movie",
    build_config=gd_config,
    make_movie=EllipsesMovie,
    sim_options=gd_options(),
    draw_options=DRAW_OPTIONS,
    records=("ellipses", "train-funcs"),
    required=("y", "ntk", "y_data", "x_data", "alpha", "step"),
    defaults={"format": "gif", "fps": 10, "size": (800, 600)},
    quick={"steps": 60, "frames": 12, "width": 16},
    reproduces="reference/ellipses107.frames.png",
)
