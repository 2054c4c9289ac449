"""Part 4c: layers of abstraction elsewhere: a real digit to its edges (a real Sobel filter),
and speech from sounds to syllables to words (a labelled sketch)."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Brace,
    Create,
    FadeIn,
    FadeOut,
    GrowArrow,
    Group,
    Indicate,
    LaggedStart,
    MathTex,
    Square,
    Text,
    TransformFromCopy,
    VGroup,
    VMobject,
)

from scenes.data import ANY_RUN, get_run
from scenes.mobjects import digit_image, weight_image
from scenes.style import GRAY, HIGHLIGHT
from scenes.chapter1.numbers import probe_of, sobel
from scenes.chapter1.drawing import Ch1Scene, loop, pixel_center, sketch_cell, tour

SIZE = 3.9
#: The sketch's word, split into its sounds and its syllables (an illustration, not data).
SOUNDS = ("d", "i", "g", "i", "t")
SYLLABLES = (("di", 2), ("git", 3))
WORD = "digit"


class Ch1Abstraction(Ch1Scene):
    """Edges of a real digit by a real Sobel filter; speech as sounds, syllables, words."""

    NEEDS = ANY_RUN

    def construct(self) -> None:
        run = get_run()
        pixels = run.probes.images[probe_of(8)]
        gx, gy, mag = sobel(pixels)

        # Beat: an image to its edges.
        self.beat("Breaking a hard problem into layers is not special to digits. Image software often starts "
                  "by finding edges: slide this little three by three pattern of weights over every spot of a "
                  "real eight, multiply and add, and you get how strongly the brightness changes from left to "
                  "right.")
        digit = digit_image(pixels, height=SIZE).move_to([-4.75, 0.2, 0])
        kernel = MathTex(r"\begin{bmatrix} -1 & 0 & 1 \\ -2 & 0 & 2 \\ -1 & 0 & 1 \end{bmatrix}", font_size=40)
        kernel.move_to([-1.6, 0.2, 0])
        vmax = float(np.abs(np.concatenate([gx.ravel(), gy.ravel()])).max())
        gx_img = weight_image(gx.ravel(), height=SIZE, vmax=vmax).move_to([2.6, 0.2, 0])
        gx_t = Text("left-right change", font_size=28).next_to(gx_img, DOWN, buff=0.25)
        arrow = Arrow(kernel.get_right(), gx_img.get_left(), buff=0.2, color=GRAY)
        self.play(FadeIn(digit), run_time=0.12 * self.remaining())
        self.play(FadeIn(kernel), run_time=0.12 * self.remaining())
        cell = SIZE / 28
        win = Square(3 * cell, color=HIGHLIGHT, stroke_width=3).move_to(pixel_center(digit[0], 5, 8))
        out = Square(cell + 0.04, color=HIGHLIGHT, stroke_width=3).move_to(pixel_center(gx_img[0], 5, 8))
        self.play(GrowArrow(arrow), FadeIn(gx_img), FadeIn(gx_t), Create(win), Create(out),
                  run_time=0.15 * self.remaining())
        stops = [(8, 12), (12, 16), (14, 10), (18, 14), (22, 12), (20, 18)]
        self.play_through(tour([win, out], [[pixel_center(digit[0], r, c), pixel_center(gx_img[0], r, c)]
                                            for r, c in stops]), share=0.9)

        # Beat: both directions, then edge strength.
        self.beat("The same pattern turned on its side finds changes from top to bottom. Combine the two and "
                  "every edge of the eight stands out, whatever its direction: a first layer of abstraction, "
                  "built from nothing but weighted sums.")
        gy_img = weight_image(gy.ravel(), height=2.4, vmax=vmax)
        small_x = weight_image(gx.ravel(), height=2.4, vmax=vmax)
        edges = digit_image(mag / mag.max(), height=SIZE).move_to([4.45, 0.2, 0])
        edges_t = Text("edges", font_size=32).next_to(edges, DOWN, buff=0.25)
        Group(small_x, gy_img).arrange(DOWN, buff=0.5).move_to([0.0, 0.2, 0])
        plus = MathTex("+", font_size=40).move_to(Group(small_x, gy_img))
        self.play(FadeOut(win), FadeOut(out), FadeOut(kernel), FadeOut(arrow), FadeOut(gx_t),
                  digit.animate.move_to([-4.4, 0.2, 0]), gx_img.animate.scale_to_fit_height(2.4).move_to(small_x),
                  run_time=0.2 * self.remaining())
        self.play(FadeIn(gy_img, shift=0.3 * DOWN), FadeIn(plus), run_time=0.25 * self.remaining())
        join = VGroup(Arrow(digit.get_right(), Group(small_x, gy_img).get_left(), buff=0.2, color=GRAY),
                      Arrow(Group(small_x, gy_img).get_right(), edges.get_left(), buff=0.2, color=GRAY))
        self.play(GrowArrow(join[0]), GrowArrow(join[1]), FadeIn(edges, shift=0.5 * RIGHT),
                  FadeIn(edges_t), run_time=0.3 * self.remaining())
        self.play_through(Indicate(edges_t), share=0.9)

        # Beat: speech, sounds to syllables to words.
        self.beat("Speech is parsed the same way. Raw sound is split into short distinct sounds, sounds "
                  "combine into syllables, syllables into words, and words into phrases and ideas.")
        self.play(FadeOut(Group(digit, gx_img, gy_img, plus, join, edges, edges_t)), run_time=0.6)
        t = np.linspace(0, 1, 400)
        envelope = sum(np.exp(-(((t - c) / 0.07) ** 2)) for c in np.linspace(0.1, 0.9, len(SOUNDS)))
        wave = VMobject(stroke_color=GRAY, stroke_width=3).set_points_smoothly(
            [np.array([-5.5 + 11 * x, 2.3 + 0.55 * e * np.sin(90 * x), 0]) for x, e in zip(t, envelope)])
        wave_t = Text("a sketch, not data", font_size=34, color=HIGHLIGHT).to_corner(UP + LEFT, buff=0.3)
        centers = np.linspace(0.1, 0.9, len(SOUNDS))
        lumps = VGroup(*[VMobject(stroke_color=HIGHLIGHT, stroke_width=5).pointwise_become_partial(
            wave, max(0.0, c - 0.08), min(1.0, c + 0.08)) for c in centers])
        sounds = VGroup(*[Text(s, font_size=64).move_to([-5.5 + 11 * c, 0.5, 0]) for s, c in zip(SOUNDS, centers)])
        starts = np.cumsum([0, *[n for _, n in SYLLABLES]])
        sylls = VGroup(*[Text(s, font_size=72, color=HIGHLIGHT) for s, _ in SYLLABLES])
        for s, a, b in zip(sylls, starts[:-1], starts[1:]):
            s.move_to([VGroup(*sounds[a:b]).get_x(), -1.2, 0])
        braces = VGroup(*[Brace(VGroup(*sounds[a:b]), DOWN, buff=0.15) for a, b in zip(starts[:-1], starts[1:])])
        word = Text(WORD, font_size=96).move_to([0, -2.9, 0])
        self.play(Create(wave), FadeIn(wave_t), run_time=0.25 * self.remaining())
        self.play(LaggedStart(*[TransformFromCopy(lump, s) for lump, s in zip(lumps, sounds)], lag_ratio=0.4),
                  run_time=0.3 * self.remaining())
        self.play(FadeIn(braces), LaggedStart(*[TransformFromCopy(VGroup(*sounds[a:b]), s) for s, a, b in
                                                zip(sylls, starts[:-1], starts[1:])], lag_ratio=0.5),
                  run_time=0.4 * self.remaining())
        self.play_through(TransformFromCopy(sylls, word), share=0.9)

        # Beat: the hope for our network.
        self.beat("Each level is built from the one below it. That is exactly the hope for our network's "
                  "layers: pixels to edges, edges to parts, parts to digits.")
        chain = Group(digit_image(pixels, height=3.6), digit_image(mag / mag.max(), height=3.6),
                      VGroup(sketch_cell(loop((0, 0.3), 0.28)), sketch_cell(loop((0, -0.28), 0.32)))
                      .arrange(DOWN, buff=0.1).scale_to_fit_height(3.6),
                      Text(str(int(run.probes.labels[probe_of(8)])), font_size=150, color=HIGHLIGHT))
        chain.arrange(RIGHT, buff=0.9).move_to(0.4 * UP)
        names = VGroup(*[Text(n, font_size=30).next_to(m, DOWN, buff=0.3)
                         for n, m in zip(("pixels", "edges", "parts (the hope)", "digit"), chain)])
        names.set_y(chain.get_bottom()[1] - 0.5)
        steps = VGroup(*[Arrow(a.get_right(), b.get_left(), buff=0.15, color=GRAY) for a, b in zip(chain, chain[1:])])
        self.play(FadeOut(VGroup(wave, wave_t, sounds, braces, sylls, word)), run_time=0.6)
        stages = [Group(m, n) for m, n in zip(chain, names)]
        self.play_through(LaggedStart(*[FadeIn(x, shift=0.3 * RIGHT) for pair in zip(stages, [*steps, None])
                                        for x in pair if x is not None], lag_ratio=0.5), share=0.9)
