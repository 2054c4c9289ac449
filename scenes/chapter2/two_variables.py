"""Chapter 2: two inputs: the gradient on the real 2-D slice and the 3-D landscape."""

from __future__ import annotations

import math

import numpy as np
from manim import (
    DEGREES,
    DOWN,
    IN,
    LEFT,
    PI,
    RIGHT,
    UP,
    WHITE,
    Arrow,
    Axes,
    Circumscribe,
    Create,
    Dot,
    Dot3D,
    FadeIn,
    FadeOut,
    GrowArrow,
    ImageMobject,
    Indicate,
    LaggedStart,
    Line,
    ManimColor,
    MathTex,
    MoveAlongPath,
    ReplacementTransform,
    Surface,
    SurroundingRectangle,
    Text,
    ThreeDAxes,
    TransformFromCopy,
    VGroup,
    VMobject,
    Write,
)
from manim.constants import RESAMPLING_ALGORITHMS

from scenes.base import LectureScene, LectureThreeDScene
from scenes.data import Needs, get_run
from scenes.numbers import fmt, tex_num
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE, POSITIVE
from scenes.chapter2.drawing import ASCENT, DESCENT, cost_image
from scenes.chapter2.numbers import direction_rates, plane_cost, plane_gradient, descent_2d


class Ch2GradientIn2D(LectureScene):
    """Two inputs: the real cost on the landscape plane; gradient = steepest ascent; step downhill."""

    NEEDS = Needs(activation=None, cost=None, landscape=True)

    def construct(self) -> None:
        land = get_run().landscape
        width = 12.4  # leaves the rotated y label 0.3 or more inside the frame
        height = width * float(land.ys[-1] - land.ys[0]) / float(land.xs[-1] - land.xs[0])
        img = ImageMobject(cost_image(land.xs, land.ys, land.cost))
        img.set_resampling_algorithm(RESAMPLING_ALGORITHMS["bilinear"])
        img.width = width
        img.shift(DOWN * 0.3 + RIGHT * 0.2)
        axes = Axes(x_range=[float(land.xs[0]), float(land.xs[-1]), 10], y_range=[float(land.ys[0]),
                    float(land.ys[-1]), 5], x_length=width, y_length=height, tips=False,
                    axis_config={"stroke_width": 0}).move_to(img)
        frame = SurroundingRectangle(img, buff=0, color=GRAY, stroke_width=1.5)
        xlab = Text("x: along d1", font_size=28).next_to(frame, DOWN, buff=0.15).align_to(frame, RIGHT)
        ylab = Text("y: along d2", font_size=28).next_to(frame, LEFT, buff=0.1).rotate(math.pi / 2)
        ylab.next_to(frame, LEFT, buff=0.1)
        key = Text(f"color: cost, log scale, {fmt(land.cost.min())} (dark) to {fmt(land.cost.max())} (yellow)",
                   font_size=28, color=GRAY).next_to(xlab, DOWN, buff=0.2).align_to(frame, LEFT)
        pts = descent_2d()
        g0 = plane_gradient(*pts[0])

        # Beat: two inputs.
        self.beat(f"Now give the function two inputs. Each point of this picture is one setting of the weights, "
                  f"on a flat slice through parameter space, and its color is the true cost there: from "
                  f"{fmt(land.cost.min())} in the darkest valley up to {fmt(land.cost.max())} where it is yellow.")
        self.play(FadeIn(img), Create(frame), run_time=0.3 * self.remaining())
        self.play(LaggedStart(FadeIn(xlab), FadeIn(ylab), FadeIn(key), lag_ratio=0.4), run_time=0.3 * self.remaining())
        extremes = VGroup()  # the darkest and the brightest grid point, with their true cost
        for flat_at, side in ((int(np.argmin(land.cost)), RIGHT), (int(np.argmax(land.cost)), LEFT)):
            i, j = np.unravel_index(flat_at, land.cost.shape)
            mark = Dot(axes.c2p(float(land.xs[j]), float(land.ys[i])), radius=0.09, color=WHITE)
            value = MathTex("C = " + tex_num(land.cost[i, j]), font_size=44).next_to(mark, side, buff=0.15)
            value.add_background_rectangle(opacity=0.75, buff=0.08)  # readable on yellow and on purple
            low, high = frame.get_bottom()[1] + 0.1, frame.get_top()[1] - 0.1  # keep it inside the picture
            value.shift(UP * (max(0.0, low - value.get_bottom()[1]) - max(0.0, value.get_top()[1] - high)))
            extremes.add(VGroup(mark, value))
        self.play_through(LaggedStart(*[FadeIn(e, scale=1.5) for e in extremes], lag_ratio=0.5))

        # Beat: which way?
        p0 = axes.c2p(*pts[0])
        dot = Dot(p0, radius=0.1, color=WHITE)
        units, rates = direction_rates(g0, 8)
        tries = VGroup(*[Arrow(p0, p0 + 1.3 * np.array([u[0], u[1], 0]), buff=0, color=GRAY, stroke_width=5)
                         for u in units])
        fastest = float(rates.min())
        best_try = int(np.argmin(rates))
        question = Text("which way does C fall fastest?", font_size=34).to_corner(UP + LEFT, buff=0.5)
        best_text = MathTex(r"\text{best of these 8: slope } " + tex_num(fastest), font_size=44, color=DESCENT)
        best_text.to_corner(UP + RIGHT, buff=0.5)
        self.beat(f"Stand at the white dot. Which way should we step to make the cost fall fastest? Try eight "
                  f"directions and measure the true slope along each: blue where the cost falls, yellow where it "
                  f"rises. The best of these eight falls at {fmt(fastest)}.")
        self.play(FadeOut(extremes), FadeIn(dot, scale=2), FadeIn(question), run_time=0.15 * self.remaining())
        self.play(LaggedStart(*[GrowArrow(a) for a in tries], lag_ratio=0.15), run_time=0.35 * self.remaining())
        self.play(*[a.animate.set_color(DESCENT if r < 0 else ASCENT).set_opacity(0.35 + 0.65 * abs(r) / abs(rates).max())
                    for a, r in zip(tries, rates)], run_time=0.4 * self.remaining())
        self.play_through(FadeIn(best_text), Indicate(tries[best_try], color=DESCENT))

        # Beat: gradient.
        self.beat(f"From any point, which direction makes the cost rise fastest? That direction is the gradient. "
                  f"Here its two components are {fmt(g0[0])} and {fmt(g0[1])}, and the yellow arrow shows where "
                  "it points: uphill.")
        unit = g0 / np.linalg.norm(g0)
        up_arrow = Arrow(p0, p0 + 1.4 * np.array([unit[0], unit[1], 0]), buff=0, color=ASCENT, stroke_width=5)
        up_label = MathTex(r"\nabla C", font_size=44, color=ASCENT).next_to(up_arrow.get_end(), UP, buff=0.1)
        grad_text = MathTex(r"\nabla C = (" + tex_num(g0[0]) + r",\ " + tex_num(g0[1]) + ")", font_size=44,
                            color=ASCENT).to_corner(UP + LEFT, buff=0.5)
        self.play(FadeOut(tries), FadeOut(question), FadeOut(best_text), run_time=0.2 * self.remaining())
        self.play(Write(grad_text), run_time=0.4 * self.remaining())
        self.play_through(GrowArrow(up_arrow), Write(up_label))

        # Beat: negative gradient.
        self.beat("To go downhill fastest, step the opposite way, along the negative gradient. The steeper the "
                  "ground, the longer the gradient, and the bigger the step.")
        down_arrow = Arrow(p0, p0 - 1.4 * np.array([unit[0], unit[1], 0]), buff=0, color=DESCENT, stroke_width=5)
        down_label = MathTex(r"-\nabla C", font_size=44, color=DESCENT).next_to(down_arrow.get_end(), DOWN,
                                                                                 buff=0.1)
        self.play(TransformFromCopy(up_arrow, down_arrow, path_arc=PI), run_time=0.5 * self.remaining())
        self.play_through(Write(down_label), Indicate(grad_text, color=DESCENT))

        # Beat: repeat.
        costs = [plane_cost(*p) for p in pts]
        self.beat(f"Take a small step that way, compute the gradient again at the new point, and repeat. In "
                  f"{len(pts) - 1} steps the cost falls from {fmt(costs[0])} to {fmt(costs[-1])}, and once more the "
                  "steps shrink as the ground flattens out.")
        self.play(FadeOut(up_arrow), FadeOut(up_label), FadeOut(down_arrow), FadeOut(down_label), run_time=0.6)
        cost_text = MathTex("C = " + tex_num(costs[0]), font_size=44).next_to(grad_text, RIGHT, buff=1.0)
        self.play(FadeIn(cost_text), run_time=0.6)
        per_step = 0.85 * self.remaining() / (len(pts) - 1)
        for k in range(1, len(pts)):
            new_cost = MathTex("C = " + tex_num(costs[k]), font_size=44).move_to(cost_text, aligned_edge=LEFT)
            self.play(Create(Line(axes.c2p(*pts[k - 1]), axes.c2p(*pts[k]), color=WHITE, stroke_width=3)),
                      dot.animate.move_to(axes.c2p(*pts[k])), ReplacementTransform(cost_text, new_cost),
                      run_time=max(0.4, per_step))
            cost_text = new_cost
        self.play_through(Circumscribe(cost_text))


def fix_axis_shading(axes: ThreeDAxes) -> ThreeDAxes:
    """Shade each axis of ``axes`` from the ends it has now, worked out once.

    Manim's ThreeDAxes ask every piece of an axis, on every frame, for the
    axis's two ends along the light (each a bounding box of the whole axis):
    about a third of this scene's drawing time. The axes never move here (only
    the camera does), so the ends are fixed.
    """
    light = axes.light_source
    for axis in axes:
        ends = (axis.get_edge_center(-light), axis.get_edge_center(light))
        for piece in axis.family_members_with_points():
            piece.get_gradient_start_and_end_points = lambda ends=ends: ends
    return axes


class Ch2CostLandscape3D(LectureThreeDScene):
    """The real cost on the landscape plane as a surface, with the recorded training trajectory."""

    NEEDS = Needs(activation=None, hidden_sizes=(16, 16), landscape=True)

    def construct(self) -> None:
        land = get_run().landscape
        x0, x1 = float(land.xs[0]), float(land.xs[-1])
        y0, y1 = float(land.ys[0]), float(land.ys[-1])
        zmax = float(np.ceil(land.cost.max() * 2) / 2)
        axes = ThreeDAxes(x_range=[x0, x1, 10], y_range=[y0, y1, 5], z_range=[0, zmax, 0.5],
                          x_length=9.0, y_length=5.0, z_length=2.3, tips=False,
                          axis_config={"stroke_width": 1.5}).shift(IN * 0.3)  # clear of the texts while turning
        fix_axis_shading(axes)
        surface = Surface(lambda u, v: axes.c2p(u, v, plane_cost(u, v)), u_range=[x0, x1], v_range=[y0, y1],
                          resolution=(18, 18), fill_opacity=0.85, stroke_width=0)
        surface.set_fill_by_value(axes=axes, colorscale=[(ManimColor("#2A1B5E"), 0.0), (DESCENT, 0.3),
                                                         (POSITIVE, 0.7), (ASCENT, 1.3), (NEGATIVE, zmax)],
                                  axis=2)
        traj = np.column_stack([land.trajectory_xy, land.trajectory_plane_cost + 0.02])
        path = VMobject(stroke_color=WHITE, stroke_width=4).set_points_as_corners([axes.c2p(*p) for p in traj])
        self.set_camera_orientation(phi=62 * DEGREES, theta=-115 * DEGREES, zoom=0.85)
        ev = 100 * float(np.sum(land.explained_variance))
        how = VGroup(
            Text("a real plane through the trained network, along", font_size=28),
            Text(f"the path's top 2 directions ({ev:.0f}% of its spread)", font_size=28),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.08).to_corner(DOWN + LEFT, buff=0.3)
        for mob in how:
            mob.set_color(GRAY)
        axis_names = VGroup(Text("x: d1", font_size=26), Text("y: d2", font_size=26), Text("z: cost", font_size=26))
        axis_names.arrange(DOWN, aligned_edge=LEFT, buff=0.08).to_corner(DOWN + RIGHT, buff=0.3)

        # Beat: surface.
        sizes = get_run().layer_sizes
        n_params = sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:]))
        self.beat(f"Here is the same idea as a landscape. The two flat directions are two directions in the space "
                  f"of all {n_params:,} weights and biases, and the height is the cost. It is a real slice through the "
                  "trained network, computed point by point, not a made-up surface.")
        self.add_fixed_in_frame_mobjects(how, axis_names)
        self.add(axes)
        self.play(Create(surface), run_time=0.4 * self.remaining())
        self.move_camera(theta=-102 * DEGREES, run_time=max(1.0, self.remaining()))

        # Beat: trajectory.
        run = get_run()
        self.beat(f"The white path is the real training run: all {run.final.step:,} steps of gradient descent, "
                  "with the network's position at each recorded moment projected onto this plane. It starts high "
                  "on the slope, at the yellow dot.")
        start = Dot3D(axes.c2p(*traj[0]), radius=0.1, color=ASCENT)
        self.play(FadeIn(start, scale=2), run_time=0.2 * self.remaining())
        self.play_through(Create(path))

        # Beat: ball.
        self.beat("Like a ball rolling downhill, it drops fast at first, where the slope is steep, then creeps "
                  "along the valley floor, and comes to rest where the trained network sits.")
        end = Dot3D(axes.c2p(*traj[-1]), radius=0.1, color=HIGHLIGHT)
        self.play(MoveAlongPath(start, path), run_time=0.6 * self.remaining())
        self.add(end)
        self.move_camera(theta=-118 * DEGREES, run_time=max(1.0, self.remaining()))

        # Beat: caveat.
        self.beat(f"One honest caveat. This plane captures {ev:.0f}% of how the path spreads out, but the path "
                  "does not lie exactly in it, so each height is the cost at the path's shadow on the plane. At "
                  f"step 0, the plane says {fmt(land.trajectory_plane_cost[0])}, while the true cost was "
                  f"{fmt(land.trajectory_cost[0], 3)}.")
        caveat = Text(f"step 0 on the plane: C = {fmt(land.trajectory_plane_cost[0])}; "
                      f"true C = {fmt(land.trajectory_cost[0], 3)}", font_size=30, color=ASCENT)
        caveat.to_edge(UP, buff=0.3)
        self.add_fixed_in_frame_mobjects(caveat)
        self.play(FadeIn(caveat), run_time=0.2 * self.remaining())
        self.move_camera(phi=66 * DEGREES, theta=-108 * DEGREES, run_time=max(1.0, self.remaining()))
