"""Part 1b: a preview of the finished network reading a stream of held-out digits, with a tally."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Circumscribe,
    Create,
    FadeIn,
    FadeOut,
    Group,
    LaggedStart,
    ReplacementTransform,
    Text,
    Transform,
    VGroup,
)

from scenes.data import Needs, get_dataset, get_run
from scenes.mobjects import NetworkDiagram, digit_image
from scenes.numbers import fmt
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE, POSITIVE
from scenes.chapter1.numbers import brightest_pixels, preview_stream, validation_accuracy
from scenes.chapter1.drawing import Ch1Scene, fill_animations

#: Where the digit being read sits, and the size of the thumbnails it leaves behind.
DIGIT_AT = np.array([-5.1, 1.0, 0.0])
THUMB = 0.62


def tally_texts(right: int, wrong: int) -> VGroup:
    """The running tally, two lines under the current digit."""
    tally = VGroup(Text(f"right: {right}", font_size=30, color=POSITIVE),
                   Text(f"wrong: {wrong}", font_size=30, color=NEGATIVE)).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
    return tally.move_to(DIGIT_AT + 2.2 * DOWN)


class Ch1Preview(Ch1Scene):
    """The trained network classifying a stream of real held-out digits, a tally of right and wrong."""

    NEEDS = Needs(activation=None, cost=None, min_hidden=1)

    def construct(self) -> None:
        run = get_run()
        stream = preview_stream(15)
        n = len(stream.labels)
        diagram = NetworkDiagram(run.layer_sizes, run.final.weights,
                                 shown={0: brightest_pixels(stream.images, 16)}, layer_buff=2.0)
        diagram.height = 5.3
        diagram.move_to([1.7, 0.55, 0])
        labels = diagram.output_labels(font_size=22)
        note = Text(f"16 of {run.layer_sizes[0]} inputs drawn", font_size=24, color=GRAY)
        note.next_to(diagram.layers[0], UP, buff=0.12)
        caption = Text(f"{n} held-out digits,\nnever seen in training", font_size=28, line_spacing=0.8)
        caption.move_to([DIGIT_AT[0], 3.1, 0]).to_edge(LEFT, buff=0.4)
        slots = [np.array([-6.45 + k * 0.85, -2.95, 0.0]) for k in range(n)]
        tally = tally_texts(0, 0)
        self.add(diagram, labels, note)  # static first: only the neurons are redrawn
        state = {"tally": tally, "box": None}
        thumbs = Group()  # the digits read so far, with the answers given

        def read(k: int, seconds: float) -> None:
            """Digit ``k`` of the stream: in, through the layers, answer boxed, tally, thumbnail."""
            t = max(seconds, 2.4)
            digit = digit_image(stream.images[k], height=2.4).move_to(DIGIT_AT)
            fade_box = [FadeOut(state["box"])] if state["box"] is not None else []
            self.play(FadeIn(digit, shift=0.3 * RIGHT), *fade_box,
                      *[AnimationGroup(*fill_animations(diagram, l, np.zeros(run.layer_sizes[l])))
                        for l in range(len(run.layer_sizes))], run_time=0.18 * t)
            # The pixels pour into the input column: the image squeezes onto it while the inputs light up.
            column = diagram.layers[0]
            pour = digit[0].copy()
            target = digit[0].copy().stretch_to_fit_width(0.3).stretch_to_fit_height(column.height)
            target.move_to(column).set_opacity(0)
            self.play(Transform(pour, target), *fill_animations(diagram, 0, stream.activations[0][k]),
                      run_time=0.24 * t)
            self.remove(pour)
            self.play(LaggedStart(*[AnimationGroup(*fill_animations(diagram, l, stream.activations[l][k]))
                                    for l in range(1, len(run.layer_sizes))], lag_ratio=0.7), run_time=0.3 * t)
            guess, label = int(stream.guesses[k]), int(stream.labels[k])
            ok = guess == label
            box = diagram.answer_box(guess).set_color(HIGHLIGHT if ok else NEGATIVE)
            right, wrong = stream.tally(k + 1)
            new_tally = tally_texts(right, wrong)
            thumb = digit.copy().scale_to_fit_height(THUMB).move_to(slots[k])
            thumb[1].set_color(POSITIVE if ok else NEGATIVE).set_stroke(width=3)
            mark = Text(str(guess), font_size=22, color=POSITIVE if ok else NEGATIVE).next_to(thumb, DOWN, buff=0.08)
            self.play(Create(box), ReplacementTransform(state["tally"], new_tally), run_time=0.12 * t)
            self.play(Transform(digit, thumb), FadeIn(mark), run_time=0.16 * t)
            state.update(tally=new_tally, box=box)
            thumbs.add(Group(digit, mark))

        def stream_beat(ks: range) -> None:
            each = 0.95 * self.remaining() / len(ks)
            for k in ks:
                read(k, each)

        self.beat(f"Before we take the network apart, let's watch the finished one at work. Here are {n} digits "
                  "from the held-out validation set, which it never saw in training. Each digit's pixels pour "
                  "into the input layer, and every neuron then lights up exactly as bright as its real activation.")
        self.play(FadeIn(caption), FadeIn(tally), run_time=1.0)
        stream_beat(range(0, 3))

        self.beat("Nobody wrote a rule about loops or strokes into it. It only has numbers, tuned on thousands "
                  "of examples, and yet each answer takes a blink: the brightest output neuron, boxed, is its guess.")
        stream_beat(range(3, 7))

        self.beat("The tally keeps score as the digits go by. An answer that matches the true label counts as "
                  "right and lands in the row below in green; a mistake lands there in red.")
        stream_beat(range(7, 11))

        self.beat("Some of these digits are sloppy and some are slanted, and the network takes each one in "
                  "stride. Every digit it reads joins the row at the bottom, with the answer it gave.")
        stream_beat(range(11, n))

        right, wrong = stream.tally(n)
        accuracy = validation_accuracy()
        total = len(get_dataset().y_val)
        self.beat(f"That makes {right} right and {wrong} wrong out of these {n}. Over all {total:,} validation "
                  f"digits it gets {fmt(100 * accuracy, 3)} percent right. How a tangle of circles and lines "
                  "manages that is what the rest of this lecture is about.")
        score = Text(f"all {total:,}\nvalidation digits:\n{fmt(100 * accuracy, 3)}% right", font_size=28,
                     color=HIGHLIGHT, line_spacing=0.8).align_to(caption, UP).to_edge(LEFT, buff=0.4)
        self.play(FadeOut(state["box"]), *[AnimationGroup(*fill_animations(diagram, l, np.zeros(s)))
                                           for l, s in enumerate(run.layer_sizes)], run_time=0.8)
        self.play(Circumscribe(state["tally"]), run_time=0.25 * self.remaining())
        misses = [thumbs[k] for k in range(n) if stream.guesses[k] != stream.labels[k]]
        self.play(*[Circumscribe(m, color=NEGATIVE) for m in misses] or [Circumscribe(thumbs)],
                  run_time=0.3 * self.remaining())
        self.play(ReplacementTransform(caption, score), run_time=0.3 * self.remaining())
        self.play_through(LaggedStart(*[m.animate.shift(0.12 * UP) for m in thumbs], lag_ratio=0.1),
                          share=0.9)

