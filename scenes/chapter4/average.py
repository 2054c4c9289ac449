"""Chapter 4: the average over the mini-batch and the gradient vector."""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Circumscribe,
    Create,
    FadeIn,
    FadeOut,
    Group,
    Indicate,
    LaggedStart,
    MathTex,
    MobjectMatrix,
    SurroundingRectangle,
    Text,
    TransformFromCopy,
    VGroup,
    Write,
)

from scenes.base import LectureScene
from scenes.data import Needs, get_dataset, get_run
from scenes.mobjects import digit_image
from scenes.numbers import fixed, fmt, tex_num
from scenes.style import GRAY, HIGHLIGHT, NEGATIVE, POSITIVE
from scenes.chapter4.numbers import STEP, the_path, batch_average, path_gradient, largest


class Ch4AverageAndGradient(LectureScene):
    """The average of dC_n/dw(L) over the mini-batch, then the gradient vector."""

    NEEDS = Needs(activation=None, cost=None, hidden_layers=2, batch_size=10, steps=(STEP,))

    def construct(self) -> None:
        run, data = get_run(), get_dataset()
        path = the_path()
        avg = batch_average()
        title = Text("Many training examples", font_size=32).to_edge(UP, buff=0.3)
        formula = MathTex(
            r"{\partial C \over \partial w^{(L)}} = {1 \over n} \sum_{k=0}^{n-1} {\partial C_k \over \partial w^{(L)}}",
            font_size=40,
        ).next_to(title, DOWN, buff=0.35)

        # Beat: average.
        self.beat(f"All of that was for a single training example. The cost of a mini-batch is the average of the "
                  f"costs of its {avg.indices.size} examples, so its derivative is simply the average of theirs.")
        self.play(Write(title), run_time=0.2 * self.remaining())
        self.play_through(Write(formula))

        # Beat: the examples.
        tiles = Group()
        values = VGroup()
        own = avg.indices.tolist().index(path.index)
        for n, (row, value) in enumerate(zip(avg.indices, avg.per_example)):
            img = digit_image(data.X_train[row], height=0.9)
            val = MathTex(fixed(value, 3), font_size=26, color=POSITIVE if value >= 0 else NEGATIVE)
            val.next_to(img, DOWN, buff=0.15)
            values.add(val)
            tile = Group(img, val)
            if n == own:
                tile.add(SurroundingRectangle(tile, color=HIGHLIGHT, buff=0.08))
            tiles.add(tile)
        tiles.arrange(RIGHT, buff=0.25).next_to(formula, DOWN, buff=0.45)
        big = largest(avg.per_example, 1)[0]
        self.beat(f"Here are the {avg.indices.size} images of the mini-batch, each with its own derivative for our "
                  f"last weight. Most barely care about it. The biggest pull, {avg.per_example[big]:.3f}, comes from "
                  f"a {avg.labels[big]}, and the image we followed, boxed, gives {avg.per_example[own]:.3f}.")
        self.play(FadeOut(title, shift=UP * 0.3), run_time=0.4)  # no title stays on screen
        self.play_through(LaggedStart(*[FadeIn(t) for t in tiles], lag_ratio=0.15), share=0.4)
        self.play_through(Circumscribe(tiles[big], color=HIGHLIGHT), Indicate(values[big]), share=0.5)
        self.play_through(Indicate(values[own]))

        # Beat: the mean.
        mean = MathTex(rf"\text{{mean}} = {tex_num(avg.mean, 3)}", font_size=36).next_to(tiles, DOWN, buff=0.35)
        rec = Text(f"= the gradient recorded at step {path.step}: {fmt(avg.recorded, 3)}", font_size=22, color=GRAY)
        rec.next_to(mean, DOWN, buff=0.15)
        self.beat(f"Their mean is {fmt(avg.mean, 3)}, and it matches the gradient that training recorded for this "
                  f"weight at step {path.step}. It is this average, not any single image's opinion, that the "
                  "training step follows.")
        self.play_through(TransformFromCopy(values, mean), share=0.4)
        self.play_through(FadeIn(rec), share=0.4)
        self.play_through(Indicate(mean))

        # Beat: the gradient vector.
        entries = path_gradient()
        n_params = sum(w.size + b.size for w, b in zip(run.final.weights, run.final.biases))
        rows = [MathTex(rf"{name} = {tex_num(v, 3)}", font_size=38) for name, v in entries]
        column = MobjectMatrix([[m] for m in rows[:2] + [MathTex(r"\vdots", font_size=38)] + rows[2:]],
                               v_buff=0.62, element_alignment_corner=ORIGIN)
        vector = VGroup(MathTex(r"\nabla C =", font_size=38), column).arrange(RIGHT, buff=0.2)
        vector.move_to(LEFT * 1.2)  # the column fills the frame's height, the note beside it
        side = Text(f"the path's {len(entries)} entries\nof all {n_params:,}", font_size=28, color=GRAY,
                    line_spacing=0.8).next_to(vector, RIGHT, buff=0.5)
        self.beat(f"Every weight and every bias gets such an average, and together they form the gradient vector, "
                  f"one entry for each of the {n_params:,} parameters. Here are the {len(entries)} entries that "
                  "belong to our path.")
        self.play(FadeOut(tiles), FadeOut(mean), FadeOut(rec), FadeOut(formula), run_time=0.2 * self.remaining())
        self.play_through(Write(vector), share=0.6)
        self.play_through(FadeIn(side))

        # Beat: backprop fills it in.
        self.beat(f"The entry for our last weight is the {fmt(avg.recorded, 3)} we just averaged. Backpropagation "
                  "fills in all of the entries at once, for every example of the batch, sweeping from the output "
                  "layer back toward the input.")
        self.play_through(Create(SurroundingRectangle(rows[4], color=HIGHLIGHT, buff=0.08)), share=0.35)
        self.play_through(LaggedStart(*[Indicate(m) for m in reversed(rows)], lag_ratio=0.5))
