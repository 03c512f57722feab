"""What a scene module declares, and the option types scenes share.

A scene module (``scenes/<name>.py``) ends with ``SCENE = Scene(...)``: its simulation options
(defaults = the post's), how they become an engine config, its drawing options, and how a record
becomes a movie.  It never encodes frames and never trains outside ``build_config``'s engine run.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import click


@dataclass(frozen=True)
class Scene:
    """One movie or still of the post.

    name: CLI name.  help: the docstring shown by ``--help``.  kind: "movie" or "still".
    sim_options / draw_options: click options; their values reach ``build_config`` (sim) and
    ``make_movie`` (all options) as a dict keyed by parameter name.
    build_config(opts) -> engine config.  make_movie(record, opts) -> a matplotlib movie
    (see ``ntkanim.render.mpl``).  records: scene names whose records this scene can draw.
    required: arrays it needs.  defaults: format/fps/size for this scene.  quick: option values
    for a fast preview (``render all --quick`` and the tests).  reproduces: the post's figure.
    """

    name: str
    help: str
    kind: str
    build_config: Callable
    make_movie: Callable
    sim_options: tuple = ()
    draw_options: tuple = ()
    records: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    defaults: dict = field(default_factory=dict)
    quick: dict = field(default_factory=dict)
    reproduces: str = ""

    @property
    def summary(self) -> str:
        return self.help.strip().splitlines()[0]


class _CommaList(click.ParamType):
    """A comma-separated list, each item parsed by ``item``; the value is a tuple."""

    name = "list"
    kind = "values"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        text = str(value).strip()
        if not text:
            self.fail(f"expected a comma-separated list of {self.kind}, got an empty value",
                      param, ctx)
        return tuple(self.item(part.strip(), text, param, ctx) for part in text.split(","))

    def item(self, item: str, text: str, param, ctx):
        raise NotImplementedError


class FloatList(_CommaList):
    """A comma-separated list of floats, e.g. ``0.1,1,10``; optionally all positive."""

    kind = "numbers"

    def __init__(self, positive: bool = False):
        self.positive = positive

    def item(self, item, text, param, ctx) -> float:
        try:
            v = float(item)
        except ValueError:
            self.fail(f"{item!r} is not a number (in {text!r})", param, ctx)
        if not math.isfinite(v) or (self.positive and v <= 0):
            need = "positive, finite" if self.positive else "finite"
            self.fail(f"{item} is not {need} (in {text!r})", param, ctx)
        return v


class IntList(_CommaList):
    """A comma-separated list of positive integers, e.g. ``10,100,1000``."""

    kind = "integers"

    def item(self, item, text, param, ctx) -> int:
        try:
            v = int(item)
        except ValueError:
            self.fail(f"{item!r} is not an integer (in {text!r})", param, ctx)
        if v < 1:
            self.fail(f"{v} is not a positive integer (in {text!r})", param, ctx)
        return v


class FiniteFloat(click.ParamType):
    """A finite float (not nan or inf); > 0 as well when ``positive``."""

    name = "float"
    positive = False

    def convert(self, value, param, ctx):
        try:
            v = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number", param, ctx)
        if not math.isfinite(v) or (self.positive and v <= 0):
            self.fail(f"{value} is not a {'positive' if self.positive else 'finite'} number",
                      param, ctx)
        return v


class PositiveFloat(FiniteFloat):
    """A float > 0 (and finite)."""

    positive = True


class Size(click.ParamType):
    """``WIDTHxHEIGHT`` in pixels, e.g. ``800x600``."""

    name = "WxH"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        try:
            w, h = (int(v) for v in str(value).lower().split("x"))
        except ValueError:
            self.fail(f"{value!r} is not WIDTHxHEIGHT, e.g. 800x600", param, ctx)
        if not (16 <= w <= 8192 and 16 <= h <= 8192):
            self.fail(f"{value} is out of range (16 to 8192 pixels a side)", param, ctx)
        return (w, h)


POSITIVE_INT = click.IntRange(min=1)
POSITIVE_FLOAT = PositiveFloat()
FINITE_FLOAT = FiniteFloat()
