"""Chapter 2: how well it does on digits it never saw, where the published figures
stand, and real digits it gets wrong."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    WHITE,
    Create,
    FadeIn,
    FadeOut,
    GrowFromEdge,
    Group,
    Line,
    Dot,
    LaggedStart,
    NumberLine,
    Rectangle,
    SurroundingRectangle,
    Text,
    VGroup,
    ValueTracker,
    linear,
    there_and_back,
)

from scenes.base import LectureScene
from scenes.chapter2.numbers import PUBLISHED_BEST, PUBLISHED_PLAIN, held_out_stream
from scenes.data import ANY_RUN, get_dataset
from scenes.mobjects import GlyphText, digit_image, digit_rgba
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE, POSITIVE

#: How many digits the stream shows one at a time before it speeds up.
SLOW = 8
#: How many stretches the rest of the stream is counted in (one digit shown per stretch).
CHUNKS = 30
BAR_WIDTH = 6.0


def pct(share: float) -> str:
    """A share as the percentage shown and spoken, e.g. ``91.7%``."""
    return f"{100 * share:.1f}%"


class Ch2HowWellItDoes(LectureScene):
    """A stream of held-out digits with a running tally ending at the run's measured accuracy,
    the published figures beside it, and real misclassified digits."""

    NEEDS = ANY_RUN

    def construct(self) -> None:
        data = get_dataset()
        s = held_out_stream()
        n = len(s.order)
        images = data.X_val[s.order]

        k = ValueTracker(0)

        def at() -> int:
            return int(round(k.get_value()))

        def shown() -> int:  # stream position of the digit on screen
            return max(0, min(n - 1, at() - 1))

        digit = Group(digit_image(images[0], height=4.2)).move_to(LEFT * 3.8 + UP * 0.2)

        pictured = {"i": 0}

        def redraw_digit(m: Group) -> None:
            # New pixels in the same image: a new submobject would not be drawn before the next play.
            if pictured["i"] != shown():
                pictured["i"] = shown()
                m[0][0].pixel_array = digit_rgba(images[shown()])

        def answer(i: int | None = None) -> VGroup:
            i = shown() if i is None else i
            ok = s.guesses[i] == s.labels[i]
            return VGroup(Text(f"answer {s.guesses[i]}", font_size=36, color=POSITIVE if ok else NEGATIVE),
                          Text(f"(it is a {s.labels[i]})", font_size=30, color=GRAY)
                          ).arrange(RIGHT, buff=0.3).next_to(digit, DOWN, buff=0.3)

        def tally_texts(seen: int) -> tuple[str, str]:
            right = int(s.right[seen])
            return f"right: {right:,} of {seen:,}", pct(right / seen if seen else 0.0)

        # The tally changes on every frame of the stream: re-set from glyphs (a new Text per frame
        # costs more than drawing it). Laid out like the two Texts of the final count.
        final_texts = tally_texts(n)
        layout = VGroup(Text(final_texts[0], font_size=40), Text(final_texts[1], font_size=72)
                        ).arrange(DOWN, buff=0.35).move_to(RIGHT * 3.4 + UP * 1.2)
        tal = VGroup(GlyphText("right: 0123456789, of", font_size=40, slots=len(final_texts[0])),
                     GlyphText("0123456789.%", font_size=72, color=HIGHLIGHT, slots=len("100.0%")))
        for line, ref in zip(tal, layout):
            line.place(ref.get_center(), ORIGIN)

        counted = {"seen": None}

        def set_tally(m: VGroup) -> None:
            if counted["seen"] != at():
                counted["seen"] = at()
                for line, text in zip(m, tally_texts(at())):
                    line.set_text(text)

        track = Rectangle(width=BAR_WIDTH, height=0.35, stroke_color=GRAY, stroke_width=2).move_to(RIGHT * 3.4 + DOWN * 1.0)

        def bar() -> Rectangle:
            w = max(1e-3, BAR_WIDTH * at() / n)
            return Rectangle(width=w, height=0.35, stroke_width=0, fill_color=POSITIVE,
                             fill_opacity=0.8).align_to(track, LEFT).move_to(track, coor_mask=[0, 1, 0])

        bar_label = Text(f"digits seen, out of {n:,}", font_size=28, color=GRAY).next_to(track, DOWN, buff=0.2)

        # Beat: the real test.
        self.beat(f"Now the real test: {n:,} held-out digits the network never saw in training. It answers them "
                  "one at a time, and we check each answer against the label.")
        k.set_value(1)
        digit.add_updater(redraw_digit)
        ans, fill = answer(), bar()
        set_tally(tal)

        answered = {"i": shown()}

        def redraw_answer(m: VGroup) -> None:  # a new Text only when the digit changes
            if answered["i"] != shown():
                answered["i"] = shown()
                m.become(answer())

        ans.add_updater(redraw_answer)
        tal.add_updater(set_tally)
        fill.add_updater(lambda m: m.become(bar()))
        self.play(FadeIn(digit), FadeIn(ans), FadeIn(tal), Create(track), FadeIn(fill), FadeIn(bar_label),
                  run_time=0.2 * self.remaining())
        each = max(0.3, 0.9 * self.remaining() / (SLOW - 1))
        for j in range(2, SLOW + 1):
            self.play(k.animate.set_value(j), run_time=each, rate_func=lambda t: float(t >= 0.5))

        # Beat: speed up.
        acc = s.accuracy
        self.beat(f"Let it run through the rest. The green answers are right, the red ones wrong, and the tally "
                  f"keeps count. After all {n:,} digits it has {int(s.right[-1]):,} right: {pct(acc)}, the "
                  "accuracy measured for this run.")
        digit.clear_updaters()
        ans.clear_updaters()
        stops = np.unique(np.geomspace(SLOW, n, CHUNKS).round().astype(int))[1:]
        each = max(0.1, 0.8 * self.remaining() / len(stops))
        for stop in stops:
            # the digit shown during this stretch is the last one it counts
            new_digit = Group(digit_image(images[stop - 1], height=4.2)).move_to(digit)
            new_ans = answer(stop - 1)
            self.remove(digit, ans)
            digit, ans = new_digit, new_ans
            self.add(digit, ans)
            self.play(k.animate.set_value(stop), run_time=each, rate_func=linear)
        for m in (tal, fill):
            m.clear_updaters()
        box = SurroundingRectangle(tal[1], color=HIGHLIGHT, buff=0.15)
        self.play_through(Create(box))

        # Beat: published figures.
        line = NumberLine(x_range=[90, 100, 1], length=12, include_numbers=True, font_size=32,
                          decimal_number_config={"num_decimal_places": 0}).move_to(DOWN * 2.2)
        unit = Text("% of digits right", font_size=28, color=GRAY).next_to(line, DOWN, buff=0.55)

        def marker(value: float, text: str, color, height: float) -> VGroup:
            foot = line.n2p(value)
            stem = Line(foot, foot + UP * height, color=color, stroke_width=4)
            dot = Dot(foot, radius=0.1, color=color)
            label = Text(text, font_size=32, color=color).next_to(stem.get_end(), LEFT, buff=0.2)
            if label.get_left()[0] < -6.8:  # no room on the left: write it on the right of the stem
                label.next_to(stem.get_end(), RIGHT, buff=0.2)
            return VGroup(stem, dot, label)

        ours = marker(100 * acc, f"this run: {pct(acc)}", POSITIVE, 1.0)
        plain = marker(PUBLISHED_PLAIN, f"published, tuned plain networks: about {PUBLISHED_PLAIN:.0f}%", WHITE,
                       2.4)
        best = marker(PUBLISHED_BEST, f"published, best classifiers: {PUBLISHED_BEST:.1f}%+", HIGHLIGHT, 3.8)
        self.beat(f"How good is {pct(acc)}? Our network is small and trained on only {len(data.y_train):,} "
                  f"digits. Published work puts plain networks like this one, better tuned and trained on more "
                  f"data, at about {PUBLISHED_PLAIN:.0f}%, and the best classifiers above "
                  f"{PUBLISHED_BEST:.1f}%.")
        self.play(FadeOut(digit), FadeOut(ans), FadeOut(fill), FadeOut(track), FadeOut(bar_label), FadeOut(box),
                  FadeOut(tal), Create(line), FadeIn(unit), run_time=0.2 * self.remaining())
        self.play(GrowFromEdge(ours, DOWN), run_time=0.25 * self.remaining())
        self.play(GrowFromEdge(plain, DOWN), run_time=0.4 * self.remaining())
        self.play_through(GrowFromEdge(best, DOWN))

        # Beat: misclassified.
        wrong = s.wrong(12)
        cells = Group()
        for i in wrong:
            cells.add(Group(digit_image(images[i], height=1.55),
                            Text(f"{s.labels[i]} -> {s.guesses[i]}", font_size=30, color=NEGATIVE)
                            ).arrange(DOWN, buff=0.12))
        cells.arrange_in_grid(rows=2, buff=(0.35, 0.35)).move_to(UP * 0.3)
        key = Text(f"its first {len(wrong)} mistakes: true digit -> its answer", font_size=28, color=GRAY).next_to(cells, DOWN, buff=0.35)
        self.beat(f"And where does it go wrong? Here are the first {len(wrong)} mistakes from that stream, each "
                  "with its true digit and the network's answer. Some are scrawled or cut off, but others look "
                  "perfectly readable to us.")
        self.play(FadeOut(line), FadeOut(unit), FadeOut(ours), FadeOut(plain), FadeOut(best),
                  run_time=0.15 * self.remaining())
        self.play(LaggedStart(*[FadeIn(c, shift=UP * 0.2) for c in cells], lag_ratio=0.25),
                  run_time=0.6 * self.remaining())
        self.play_through(FadeIn(key))

        # Beat: confidence of the mistakes.
        sure = int(wrong[int(s.confidence[wrong].argmax())])
        c = list(wrong).index(sure)
        note = Text(f"its answer's output: {s.confidence[sure]:.2f}", font_size=28, color=HIGHLIGHT)
        note.next_to(key, DOWN, buff=0.2)
        self.beat(f"Some of these mistakes come with real confidence. For this {s.labels[sure]}, the output for "
                  f"{s.guesses[sure]} reaches {s.confidence[sure]:.2f}. The network has no notion of doubt: it "
                  "only knows which of its ten outputs is brightest.")
        self.play(Create(SurroundingRectangle(cells[c], color=HIGHLIGHT, buff=0.08)), FadeIn(note),
                  run_time=0.3 * self.remaining())
        self.play_through(cells[c].animate(rate_func=there_and_back).scale(1.3))
