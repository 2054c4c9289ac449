"""Chapter 4: many neurons per layer."""

from __future__ import annotations

from manim import (
    DOWN,
    RIGHT,
    LEFT,
    UP,
    Circumscribe,
    Create,
    FadeIn,
    FadeOut,
    Indicate,
    LaggedStart,
    MathTex,
    Text,
    TransformFromCopy,
    VGroup,
    Write,
)

from scenes.base import LectureScene
from scenes.data import Needs
from scenes.mobjects import NetworkDiagram
from scenes.numbers import fixed, fmt, tex_num
from scenes.style import GRAY, ACTIVATION_COLOR, HIGHLIGHT, NEGATIVE, POSITIVE
from scenes.chapter4.numbers import STEP, the_path, sum_over_outputs, largest


class Ch4ManyNeurons(LectureScene):
    """Indices j, k, w_jk; dC0/da_k(L-1) sums over every output j (all paths), checked against backprop."""

    NEEDS = Needs(hidden_sizes=(16, 16), steps=(STEP,))

    def construct(self) -> None:
        path = the_path()
        W = path.net.weights[2]
        diagram = NetworkDiagram([16, 10], [W], layer_buff=2.6, neuron_buff=0.1)
        diagram.height = 5.0
        diagram.to_edge(LEFT, buff=1.5).shift(DOWN * 0.4)
        diagram.set_activations([path.acts[2], path.acts[3]])
        title = Text("More neurons per layer", font_size=32).to_edge(UP, buff=0.3)
        k_lab = MathTex(r"a_k^{(L-1)}", font_size=30, color=ACTIVATION_COLOR)
        k_lab.next_to(diagram.neuron(0, path.j), LEFT, buff=0.15)
        j_lab = MathTex(r"a_j^{(L)}", font_size=30, color=ACTIVATION_COLOR).next_to(diagram.layers[1], UP, buff=0.2)
        eqs = VGroup(
            MathTex(r"z_j^{(L)} = \sum_k w_{jk}^{(L)} a_k^{(L-1)} + b_j^{(L)}", font_size=32),
            MathTex(r"C_0 = \sum_{j=0}^{9} \big(a_j^{(L)} - y_j\big)^2", font_size=32),
            MathTex(r"{\partial C_0 \over \partial w_{jk}^{(L)}} = a_k^{(L-1)} \sigma'\big(z_j^{(L)}\big)"
                    r" 2\big(a_j^{(L)} - y_j\big)", font_size=32),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3).next_to(title, DOWN, buff=0.35)
        eqs.set_x(diagram.get_right()[0] + 0.9 + eqs.width / 2)
        self.add(diagram.edges)

        # Beat: indices.
        self.beat("Real layers have many neurons, so the symbols need indices. Let k count the neurons of the "
                  "previous layer and j those of the last layer; the weight from neuron k to neuron j is called w j k. "
                  "The weighted sum now adds up over every k, and the cost adds up over all ten outputs.")
        self.add(diagram.layers)
        self.play(Write(title), FadeIn(k_lab), FadeIn(j_lab), run_time=0.25 * self.remaining())
        self.play_through(Write(eqs[0]), share=0.5)
        self.play_through(Write(eqs[1]))

        # Beat: one weight's derivative.
        self.beat(f"The derivative for a single weight, like the one from our neuron to output {path.i}, keeps "
                  "exactly the same three factors as before; they simply carry the indices of the two neurons "
                  "it joins.")
        one_edge = diagram.edge(0, path.i, path.j).copy().set_stroke(HIGHLIGHT, width=5, opacity=1)
        self.play(FadeOut(title, shift=UP * 0.3), run_time=0.4)  # no title stays on screen
        self.play_through(Write(eqs[2]), share=0.5)
        self.play_through(Create(one_edge), share=0.5)
        self.play_through(Circumscribe(eqs[2], color=HIGHLIGHT))

        # Beat: all paths.
        self.beat("One thing is new. A neuron of the previous layer feeds all ten outputs, so a nudge to its "
                  "activation reaches the cost along ten routes at once. Its derivative is therefore a sum over j, "
                  "with one term for each route.")
        out_edges = VGroup(*[diagram.edge(0, jj, path.j).copy().set_stroke(HIGHLIGHT, width=3, opacity=1)
                             for jj in range(10)])
        total = MathTex(r"{\partial C_0 \over \partial a_k^{(L-1)}} = \sum_{j=0}^{9} w_{jk}^{(L)}"
                        r" \sigma'\big(z_j^{(L)}\big) 2\big(a_j^{(L)} - y_j\big)", font_size=32)
        total.move_to(eqs[2], aligned_edge=LEFT)
        self.play(FadeOut(eqs[2]), FadeOut(one_edge), run_time=0.1 * self.remaining())
        self.play_through(Create(out_edges, lag_ratio=0.1), share=0.45)
        self.play_through(Write(total))

        # Beat: the ten terms.
        terms, backprop = sum_over_outputs(path)
        cells = VGroup(*[MathTex(rf"j={jj}:\ {fixed(t, 3)}", font_size=28,
                                 color=POSITIVE if t >= 0 else NEGATIVE) for jj, t in enumerate(terms)])
        cells.arrange_in_grid(rows=4, cols=3, buff=(0.45, 0.12), flow_order="dr")
        cells.next_to(total, DOWN, buff=0.3).align_to(total, LEFT)
        j1, j2 = largest(terms, 2)
        self.beat(f"Here are the ten terms for the neuron on our path. A negative term means that output would like "
                  f"the neuron brighter, a positive one would like it dimmer. The strongest pulls are "
                  f"{terms[j1]:.3f} from output {j1} and {terms[j2]:.3f} from output {j2}.")
        self.play_through(LaggedStart(*[FadeIn(c) for c in cells], lag_ratio=0.1), share=0.45)
        self.play_through(Indicate(cells[j1]), Indicate(out_edges[j1]), share=0.5)
        self.play_through(Indicate(cells[j2]), Indicate(out_edges[j2]))

        # Beat: sum vs backprop.
        self.beat(f"Added up, the ten terms give {fmt(float(terms.sum()), 3)}, exactly what backpropagation computes "
                  f"for this neuron. Our single path alone would have said {fmt(path.dC_daprev, 3)}, so leaving out "
                  "the other routes would have given the wrong answer.")
        result = MathTex(rf"\sum = {tex_num(float(terms.sum()), 3)}", font_size=34)
        result.next_to(cells, DOWN, buff=0.3).align_to(total, LEFT)
        check = VGroup(Text(f"backprop: {fmt(backprop, 3)}", font_size=28, color=GRAY),
                       Text(f"one path alone: {fmt(path.dC_daprev, 3)}", font_size=28, color=GRAY))
        check.arrange(DOWN, aligned_edge=LEFT, buff=0.12).next_to(result, RIGHT, buff=0.7)
        self.play(TransformFromCopy(cells, result), run_time=1.5)
        self.play_through(FadeIn(check), share=0.45)
        self.play_through(Indicate(cells[path.i]), Indicate(out_edges[path.i]))
