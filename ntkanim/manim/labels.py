"""Text and math labels as manim mobjects, with or without a TeX install.

``math(tex)`` is manim's ``MathTex`` when ``latex`` and ``dvisvgm`` are on PATH; otherwise the
formula is laid out by matplotlib's mathtext (Computer Modern glyphs, the look of LaTeX) and its
outline becomes one filled ``VMobject``: no TeX, no files, a few milliseconds a label.
``text(words)`` is always an outline in DejaVu Sans (matplotlib ships it), so every machine draws
the same glyphs and a per-frame counter stays cheap.
"""
from __future__ import annotations

import shutil
from functools import lru_cache

import matplotlib
import numpy as np
from matplotlib.font_manager import FontProperties
from matplotlib.path import Path
from matplotlib.textpath import TextPath
from manim import RIGHT, MathTex, VGroup, VMobject

EM = 0.75 / 48  # scene units per point of font size: font_size 48 is an em of 0.75 units


@lru_cache(maxsize=1)
def have_latex() -> bool:
    """Whether manim's MathTex can run (it needs both latex and dvisvgm)."""
    return shutil.which("latex") is not None and shutil.which("dvisvgm") is not None


def _cubics(path: Path) -> np.ndarray:
    """(4C, 3) manim points: every segment of ``path`` as a cubic Bezier (anchor, 2 handles, anchor)."""
    verts, codes = path.vertices, path.codes
    curves, start, prev, i = [], None, None, 0
    while i < len(codes):
        code = codes[i]
        if code == Path.MOVETO:
            start = prev = verts[i]
            i += 1
        elif code in (Path.LINETO, Path.CLOSEPOLY):
            end = verts[i] if code == Path.LINETO else start
            if code == Path.LINETO or np.abs(prev - end).max() > 1e-9:
                curves.append((prev, (2 * prev + end) / 3, (prev + 2 * end) / 3, end))
            prev, i = end, i + 1
        elif code == Path.CURVE3:  # quadratic -> cubic: handles 2/3 of the way to the control
            ctrl, end = verts[i], verts[i + 1]
            curves.append((prev, prev + 2 / 3 * (ctrl - prev), end + 2 / 3 * (ctrl - end), end))
            prev, i = end, i + 2
        elif code == Path.CURVE4:
            curves.append((prev, verts[i], verts[i + 1], verts[i + 2]))
            prev, i = verts[i + 2], i + 3
        else:
            i += 1
    pts = np.asarray(curves, dtype=float).reshape(-1, 2)
    return np.c_[pts, np.zeros(len(pts))]


def outline(s: str, font_size: float = 36, color="#222222", center: bool = True) -> VMobject:
    """``s`` (matplotlib text, ``$...$`` for mathtext) as one filled VMobject, centred at 0
    (or with its baseline on y = 0 when not ``center``)."""
    mob = VMobject(stroke_width=0, fill_color=color, fill_opacity=1.0)
    mob.set_points(glyphs(s, font_size))  # set_points copies
    return mob.move_to(np.zeros(3)) if center and mob.has_points() else mob


@lru_cache(maxsize=2048)
def glyphs(s: str, font_size: float) -> np.ndarray:
    """(4C, 3) outline points of ``s``, baseline at y = 0; cached, as tick labels and counters
    repeat from frame to frame (read-only); blank ``s``: no points."""
    if not s.strip():
        return np.zeros((0, 3))
    with matplotlib.rc_context({"mathtext.fontset": "cm"}):
        path = TextPath((0, 0), s, size=font_size * EM, prop=FontProperties(family="DejaVu Sans"))
    pts = _cubics(path)
    pts.flags.writeable = False
    return pts


def math_row(parts, font_size: float = 36) -> VMobject:
    """A formula in coloured pieces, ``parts`` = [(tex, color), ...], on one baseline."""
    if have_latex():
        mob = MathTex(*(t for t, _ in parts), font_size=font_size)
        for piece, (_, color) in zip(mob, parts):
            piece.set_color(color)
        return mob
    row, x = VGroup(), 0.0
    for tex, color in parts:
        piece = outline(f"${tex}$", font_size, color, center=False)
        left = piece.get_left()[0] if piece.has_points() else 0.0
        row.add(piece.shift(RIGHT * (x - left)))
        x += (piece.width if piece.has_points() else 0.0) + 0.06 * font_size * EM
    return row.move_to(np.zeros(3))


def math(tex: str, font_size: float = 36, color="#222222") -> VMobject:
    """A formula in TeX math syntax (no ``$``): MathTex with a TeX install, mathtext without."""
    if have_latex():
        return MathTex(tex, font_size=font_size, color=color)
    return outline(f"${tex}$", font_size, color)


def text(words: str, font_size: float = 30, color="#222222") -> VMobject:
    """Plain words in DejaVu Sans."""
    return outline(words, font_size, color)
