"""The post's diagrams as manim build-ups (no record, no simulation): each scene draws its figure
piece by piece and ends on the still that the post shows (reference/*.png).

network: the 1-D net with two hidden layers of width m.  one-layer: one hidden layer, weights
a_i, b_i and their LeCun variances.  notation: two data points, y(w) and y_bar as vectors.
taylor: the linearization with the matrix sizes n, p.  ntk-diagram: H(w0) as the Gram matrix of
the feature maps.  hessian-structure: the one-hidden-layer Hessian's three diagonal blocks and
their variances, then the row swap P that makes it lower triangular.
"""
from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Arrow, Circle, Create, DashedLine, Dot, DoubleArrow,
                   FadeIn, GrowFromCenter, LaggedStart, Line, ORIGIN, Scene, VGroup, VMobject, Write,
                   linear)

from . import labels
from .plot import palette

RED, BLUE, GREEN = "#e0241b", "#2f3bd6", "#5cb82e"
GREY = "#9a9a9a"


class Diagram(Scene):
    """Base: theme colours, and small drawing helpers in the post's style."""

    def __init__(self, theme: str = "light", **kwargs):
        self.colors = palette(theme)
        self.fg = self.colors["fg"]
        self.dark = theme == "dark"
        super().__init__(**kwargs)

    def m(self, tex, size=36, color=None):
        return labels.math(tex, size, color or self.fg)

    def node(self, pos, r=0.32):
        return Circle(radius=r, color=self.fg, stroke_width=3).move_to(pos)

    def edge(self, a, b):
        """An arrow between the rims of nodes a and b."""
        d = b.get_center() - a.get_center()
        d = d / np.linalg.norm(d)
        return Arrow(a.get_center() + d * a.width / 2, b.get_center() - d * b.width / 2, buff=0,
                     color=self.fg, stroke_width=2.5, tip_length=0.16, max_tip_length_to_length_ratio=0.1)

    def vdots(self, center, gap=0.4):
        return VGroup(*(Dot(center + k * gap * UP, radius=0.07, color=self.fg) for k in (-1, 0, 1)))

    def span(self, a, b, tex=None, side=DOWN, color=GREY):
        """A dashed double arrow from a to b (a dimension), labelled ``tex`` on ``side``."""
        arrow = VGroup(DashedLine(a, b, color=color, stroke_width=2.5, dash_length=0.08),
                       DoubleArrow(a, b, color=color, stroke_opacity=0, buff=0, tip_length=0.14))
        if tex is None:
            return arrow
        return VGroup(arrow, self.m(tex, 32).next_to(arrow, side, 0.15))

    def bracket(self, width, height, center, color=None, tick=0.18):
        """[ ] of the given size around ``center``."""
        color = color or self.fg
        w, h = width / 2, height / 2
        c = np.asarray(center, float)
        def side(s):
            x = s * w
            return VGroup(Line(c + [x, -h, 0], c + [x, h, 0], color=color, stroke_width=3),
                          Line(c + [x, h, 0], c + [x - s * tick, h, 0], color=color, stroke_width=3),
                          Line(c + [x, -h, 0], c + [x - s * tick, -h, 0], color=color, stroke_width=3))
        return VGroup(side(-1), side(1))

    def matrix(self, content, width, height, center, dims=(None, None)):
        """A bracketed block with ``content`` inside and optional (rows, cols) dimension arrows."""
        box = self.bracket(width, height, center)
        group = VGroup(box, content.move_to(center))
        rows, cols = dims
        if rows:
            x = box.get_left()[0] - 0.2
            group.add(self.span([x, center[1] - height / 2, 0], [x, center[1] + height / 2, 0], rows, LEFT))
        if cols:
            y = box.get_bottom()[1] - 0.2
            group.add(self.span([center[0] - width / 2, y, 0], [center[0] + width / 2, y, 0], cols, DOWN))
        return group

    def column(self, entries, color, center):
        col = VGroup(*(self.m(e, 32, color) for e in entries)).arrange(DOWN, buff=0.3)
        return VGroup(self.bracket(col.width + 0.4, col.height + 0.3, col.get_center(), color), col).move_to(center)


class NetworkScene(Diagram):
    """x -> two hidden layers of width m -> f(x, w)."""

    def layer(self, x):
        nodes = VGroup(*(self.node([x, y, 0]) for y in (2.4, 1.2, -2.4)))
        return nodes, self.vdots(np.array([x, -0.6, 0]))

    def construct(self):
        inp, out = self.node([-4.2, 0, 0]), self.node([3.4, 0, 0])
        (h1, d1), (h2, d2) = self.layer(-1.8), self.layer(1.0)
        e1 = VGroup(*(self.edge(inp, n) for n in h1))
        e2 = VGroup(*(self.edge(a, b) for a in h1 for b in h2))
        e3 = VGroup(*(self.edge(n, out) for n in h2))
        x_label = self.m("x", 44).next_to(inp, LEFT, 0.3)
        f_label = self.m(r"f(x,\, w)", 44).next_to(out, RIGHT, 0.3)
        width = self.span([2.2, -2.9, 0], [2.2, 2.9, 0], color=BLUE)
        width_label = VGroup(labels.text("Width", 32, BLUE), self.m("m", 36, BLUE)).arrange(RIGHT, buff=0.12)
        width_label.next_to([2.2, 2.2, 0], RIGHT, 0.25)
        self.play(GrowFromCenter(inp), Write(x_label), run_time=0.8)
        for nodes, dots, edges in ((h1, d1, e1), (h2, d2, e2)):
            self.play(LaggedStart(*(Create(e) for e in edges), lag_ratio=0.05),
                      FadeIn(nodes), FadeIn(dots), run_time=1.2)
        self.play(Create(e3), GrowFromCenter(out), Write(f_label), run_time=1.0)
        self.play(Create(width), Write(width_label), run_time=1.0)
        self.wait(1.0)


class OneLayerScene(Diagram):
    """f(x, w) = sum_i b_i sigma(a_i x), with a_i ~ N(0, 1) and b_i ~ N(0, 1/m)."""

    def construct(self):
        inp, out = self.node([-3.4, 0.6, 0]), self.node([1.6, 0.6, 0])
        hidden = VGroup(*(self.node([-0.9, y, 0]) for y in (2.9, 1.7, -1.7)))
        dots = self.vdots(np.array([-0.9, 0.2, 0]))
        a = VGroup(*(self.edge(inp, n) for n in hidden))
        b = VGroup(*(self.edge(n, out) for n in hidden))
        a_names = VGroup(*(self.m(f"a_{i}", 36).move_to(e.point_from_proportion(0.5) + o)
                           for e, i, o in zip(a, "12m", ([-0.35, 0.3, 0], [0.05, -0.35, 0], [-0.35, -0.3, 0]))))
        b_names = VGroup(*(self.m(f"b_{i}", 36).move_to(e.point_from_proportion(0.5) + o)
                           for e, i, o in zip(b, "12m", ([0.35, 0.3, 0], [-0.05, -0.35, 0], [0.35, -0.3, 0]))))
        x_label = self.m("x", 44).next_to(inp, LEFT, 0.3)
        y_label = self.m(r"y = f(x,\, \mathbf{w})", 44).next_to([2.3, 0.6, 0], RIGHT, 0.3)
        width = self.span([2.3, -2.3, 0], [2.3, 3.5, 0], color=BLUE)
        width_label = VGroup(labels.text("Width", 32, BLUE), self.m("m", 36, BLUE)).arrange(RIGHT, buff=0.12)
        width_label.next_to([2.3, 2.8, 0], RIGHT, 0.25)
        a_var = self.m(r"a_i \sim \mathcal{N}(0,\, 1)", 38).move_to([-3.2, -3.2, 0])
        b_var = labels.math_row([(r"b_i \sim \mathcal{N}(0,\,", self.fg), (r"\frac{1}{m}", RED),
                                 (")", self.fg)], 38).move_to([1.2, -3.2, 0])
        self.play(GrowFromCenter(inp), Write(x_label), run_time=0.8)
        self.play(Create(a), FadeIn(hidden), FadeIn(dots), Write(a_names), run_time=1.2)
        self.play(Create(b), GrowFromCenter(out), Write(b_names), Write(y_label), run_time=1.2)
        self.play(Create(width), Write(width_label), run_time=0.8)
        self.play(Write(a_var), run_time=0.8)
        self.play(Write(b_var), run_time=0.8)
        self.wait(1.0)


def _toy(x):
    """A wiggly function like the post's notation figure (illustration only)."""
    return 1.6 + 0.5 * np.tanh(2.5 * (0.9 - x)) * 2.2 - 0.9 + 0.4 * x ** 2 / 4 \
        + 0.5 * np.exp(-((x - 3.3) ** 2) / 0.35) - 0.5 * np.exp(-((x - 4.2) ** 2) / 0.5)


class NotationScene(Diagram):
    """Two data points (x_bar_i, y_bar_i), the model f(x, w), and y(w), y_bar as vectors."""

    def construct(self):
        o = np.array([-4.6, -2.9, 0])
        to = lambda x, y: o + [1.2 * x, 1.2 * y, 0]  # noqa: E731
        ax = VGroup(Arrow(to(-0.6, 0), to(7.6, 0), buff=0, color=self.fg, stroke_width=3, tip_length=0.2),
                    Arrow(to(0, -0.6), to(0, 4.9), buff=0, color=self.fg, stroke_width=3, tip_length=0.2))
        ax.add(self.m("x", 38).next_to(to(7.6, 0), DOWN, 0.2), self.m("y", 38).next_to(to(0, 4.9), LEFT, 0.2))
        xs = np.linspace(-0.8, 6.3, 200)
        curve = VMobject(stroke_color=RED, stroke_width=4).set_points_smoothly([to(x, _toy(x)) for x in xs])
        f_label = self.m(r"f(x,\, \mathbf{w})", 36, RED).next_to(to(6.3, _toy(6.3)), UP, 0.15)
        points = [(0.6, 4.2, 1), (5.1, 0.45, 2)]
        data, guides = VGroup(), VGroup()
        for xb, yb, i in points:
            data.add(Dot(to(xb, yb), radius=0.09, color="#1f6fe0"))
            guides.add(DashedLine(to(xb, 0), to(xb, yb), color=GREY, stroke_width=2),
                       DashedLine(to(0, yb), to(xb, yb), color=GREY, stroke_width=2),
                       DashedLine(to(0, _toy(xb)), to(xb, _toy(xb)), color=RED, stroke_width=2),
                       self.m(rf"\bar{{x}}_{i}", 34, BLUE).next_to(to(xb, 0), DOWN, 0.2),
                       self.m(rf"\bar{{y}}_{i}", 34, GREEN).next_to(to(0, yb), LEFT, 0.2),
                       self.m(rf"y_{i}", 34, RED).next_to(to(0, _toy(xb)), LEFT, 0.2))
        y_bar = VGroup(self.m(r"\bar{\mathbf{y}} =", 38, GREEN),
                       self.column([r"\bar{y}_1", r"\bar{y}_2"], GREEN, ORIGIN)).arrange(RIGHT, buff=0.2)
        y_w = VGroup(self.m(r"\mathbf{y}(\mathbf{w}) =", 38, RED),
                     self.column(["y_1", "y_2"], RED, ORIGIN)).arrange(RIGHT, buff=0.2)
        VGroup(y_bar, y_w).arrange(RIGHT, buff=1.4).move_to([0.6, 3.2, 0])
        self.play(Create(ax), run_time=0.8)
        self.play(FadeIn(data), Create(guides[0::6]), Create(guides[1::6]), Write(guides[3::6]), Write(guides[4::6]), run_time=1.2)
        self.play(Create(curve), Write(f_label), run_time=1.5, rate_func=linear)
        self.play(Create(guides[2::6]), Write(guides[5::6]), run_time=0.8)
        self.play(FadeIn(y_bar), FadeIn(y_w), run_time=1.0)
        self.wait(1.0)


class TaylorScene(Diagram):
    """y(w) ~ y(w0) + grad_w y(w0)^T (w - w0), with the sizes n x 1, n x p, p x 1."""

    def construct(self):
        y0 = -0.6
        lhs = self.matrix(labels.math_row([(r"\mathbf{y}(", self.fg), (r"\mathbf{w}", RED), (")", self.fg)], 36),
                          1.5, 2.2, [-5.6, y0, 0], ("n", "1"))
        approx = self.m(r"\approx", 44).move_to([-4.4, y0, 0])
        y_w0 = self.matrix(self.m(r"\mathbf{y}(\mathbf{w_0})", 36), 1.5, 2.2, [-3.2, y0, 0])
        plus = self.m("+", 44).move_to([-2.1, y0, 0])
        jac = self.matrix(self.m(r"\nabla_w \mathbf{y}(\mathbf{w_0})^T", 34), 3.4, 2.2, [0.0, y0, 0], (None, "p"))
        w_col = self.matrix(self.m(r"\mathbf{w}", 36, RED), 0.8, 4.4, [3.0, y0, 0])
        minus = self.m("-", 44).move_to([4.0, y0, 0])
        w0_col = self.matrix(self.m(r"\mathbf{w_0}", 36), 0.8, 4.4, [5.0, y0, 0], (None, "1"))
        paren = VGroup(self.m("(", 170).move_to([2.3, y0, 0]), self.m(")", 170).move_to([5.75, y0, 0]))
        p_dim = self.span([6.2, y0 - 2.2, 0], [6.2, y0 + 2.2, 0], "p", RIGHT)
        legend = VGroup(self.m(r"n = \#\,\mathrm{datapoints}", 32), self.m(r"p = \#\,\mathrm{parameters}", 32)
                        ).arrange(DOWN, buff=0.3).move_to([-3.6, 3.0, 0])
        sizes = VGroup(self.m(r"\nabla_w \mathbf{y}(\mathbf{w_0}) \sim p \times n", 32),
                       self.m(r"\nabla_w \mathbf{y}(\mathbf{w_0})^T \sim n \times p", 32)
                       ).arrange(DOWN, buff=0.3).move_to([1.6, 3.0, 0])
        # the n on the left touched the frame's edge: keep a margin
        VGroup(lhs, approx, y_w0, plus, jac, w_col, minus, w0_col, paren, p_dim, legend, sizes
               ).scale(0.94, about_point=ORIGIN)
        self.play(FadeIn(legend), run_time=0.8)
        self.play(FadeIn(lhs), run_time=0.8)
        self.play(Write(approx), FadeIn(y_w0), run_time=0.8)
        self.play(Write(plus), FadeIn(jac), FadeIn(sizes), run_time=1.0)
        self.play(FadeIn(paren), FadeIn(w_col), Write(minus), FadeIn(w0_col), FadeIn(p_dim), run_time=1.0)
        self.wait(1.0)


class NtkScene(Diagram):
    """H(w0) = grad y(w0)^T grad y(w0): pairwise inner products of the feature maps phi(x_bar_i)."""

    def phi(self, i, t=""):
        return labels.math_row([(r"\phi(", self.fg), (rf"\bar{{x}}_{i}", BLUE), (")" + t, self.fg)], 32)

    def construct(self):
        top = 1.9
        h = self.matrix(self.m(r"\mathbf{H}(\mathbf{w_0})", 36), 2.0, 1.8, [-4.6, top, 0], ("n", "n"))
        ntk = labels.text("NTK", 30, RED).next_to(h, DOWN, 0.25)
        eq1 = self.m("=", 44).move_to([-2.9, top, 0])
        jt = self.matrix(self.m(r"\nabla_w \mathbf{y}(\mathbf{w_0})^T", 32), 3.0, 1.8, [-0.6, top, 0], (None, "p"))
        j = self.matrix(self.m(r"\nabla_w \mathbf{y}(\mathbf{w_0})", 32), 2.6, 3.2, [3.3, top - 0.7, 0])
        j.add(self.span([4.9, top - 2.3, 0], [4.9, top + 0.9, 0], "p", RIGHT))
        bottom = -2.4
        eq2 = self.m("=", 44).move_to([-2.9, bottom, 0])
        rows = VGroup(self.phi(1, "^T"), self.vdots(ORIGIN, 0.22), self.phi("n", "^T")).arrange(DOWN, buff=0.25)
        for r in (rows[0], rows[2]):
            r.add(Line(r.get_left() + LEFT * 0.9, r.get_left() + LEFT * 0.15, color=self.fg, stroke_width=2.5),
                  Line(r.get_right() + RIGHT * 0.15, r.get_right() + RIGHT * 0.9, color=self.fg, stroke_width=2.5))
        left = self.matrix(rows, 3.4, 2.2, [-0.6, bottom, 0])
        cols = VGroup(self.phi(1), labels.text("\u00b7\u00b7\u00b7", 30, self.fg), self.phi("n")).arrange(RIGHT, buff=0.2)
        right = self.matrix(cols, 3.3, 3.2, [3.3, bottom, 0])
        for c in (cols[0], cols[2]):
            right.add(Line(c.get_top() + UP * 0.1, c.get_top() + UP * 1.2, color=self.fg, stroke_width=2.5),
                      Line(c.get_bottom() + DOWN * 0.1, c.get_bottom() + DOWN * 1.2, color=self.fg, stroke_width=2.5))
        self.play(FadeIn(h), Write(ntk), run_time=1.0)
        self.play(Write(eq1), FadeIn(jt), FadeIn(j), run_time=1.2)
        self.play(Write(eq2), FadeIn(left), run_time=1.0)
        self.play(FadeIn(right), run_time=1.0)
        self.wait(1.0)


class HessianScene(Diagram):
    """The Hessian of f(x, w) = sum_i b_i sigma(a_i x) in blocks (a, b): d2y/da2 = diag(b_i
    sigma''(a_i x) x^2) with Var O(1/m), d2y/dadb = diag(sigma'(a_i x) x) with Var O(1), and
    d2y/db2 = 0; then P swaps the top m rows with the bottom m rows."""

    def var(self, small):
        if small:
            return labels.math_row([(r"\mathbf{Var} \sim \mathcal{O}(", self.fg), (r"\frac{1}{m}", RED),
                                    (")", self.fg)], 30)
        return self.m(r"\mathbf{Var} \sim \mathcal{O}(1)", 30)

    def block(self, corner, small, s=2.6):
        """A diagonal line across the s x s block whose top left is ``corner``, with its variance."""
        c = np.asarray(corner, float)
        line = Line(c + [0.15, -0.15, 0], c + [s - 0.15, -s + 0.15, 0], color=RED if small else self.fg, stroke_width=4)
        return VGroup(line, self.var(small).move_to(c + [s * 0.62, -s * 0.38, 0]))

    def construct(self):
        x0, top, s = -2.0, 2.75, 2.75
        box = self.bracket(2 * s + 0.3, 2 * s + 0.3, [x0 + s, top - s, 0])
        lhs = self.m(r"\nabla^2 \mathbf{y} =", 54).next_to(box, LEFT, 0.4)
        aa = self.block([x0, top, 0], True, s)
        ab = self.block([x0 + s, top, 0], False, s)
        ba = self.block([x0, top - s, 0], False, s)
        zero = self.m(r"\mathbf{0}", 64).move_to([x0 + 1.5 * s, top - 1.5 * s, 0])
        dims = VGroup(self.span([x0 + 2 * s + 0.5, top, 0], [x0 + 2 * s + 0.5, top - s, 0], "m", RIGHT),
                      self.span([x0 + 2 * s + 0.5, top - s, 0], [x0 + 2 * s + 0.5, top - 2 * s, 0], "m", RIGHT))
        self.play(Create(box), Write(lhs), FadeIn(dims), run_time=1.0)
        self.play(Create(aa[0]), FadeIn(aa[1]), run_time=1.0)
        self.play(Create(ab[0]), Create(ba[0]), FadeIn(ab[1]), FadeIn(ba[1]), run_time=1.0)
        self.play(FadeIn(zero), run_time=0.6)
        self.wait(0.8)
        plhs = self.m(r"P \nabla^2 \mathbf{y} =", 54).next_to(box, LEFT, 0.4)
        self.play(VGroup(aa, ab).animate.shift(DOWN * s), VGroup(ba, zero).animate.shift(UP * s),
                  lhs.animate.become(plhs), run_time=1.5)
        self.wait(1.0)
