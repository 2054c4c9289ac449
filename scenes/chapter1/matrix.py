"""Part 6: counting the parameters, and the layer as one matrix product."""

from __future__ import annotations

import numpy as np
from manim import (
    Group,
    Text,
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    WHITE,
    Circle,
    Circumscribe,
    Create,
    FadeIn,
    FadeOut,
    Indicate,
    LaggedStart,
    MathTex,
    Matrix,
    ReplacementTransform,
    ShowPassingFlash,
    Square,
    Succession,
    SurroundingRectangle,
    Transform,
    VGroup,
    Write,
)

from network.activations import sigmoid
from scenes.data import ANY_RUN, Needs, get_run
from scenes.mobjects import EdgeRaster, NetworkDiagram, signed_color
from scenes.numbers import fmt
from scenes.style import GRAY, ACTIVATION_COLOR, BIAS_COLOR, HIGHLIGHT, WEIGHT_COLOR
from scenes.chapter1.numbers import demo_probe, forward_source_lines, parameter_counts
from scenes.chapter1.drawing import Ch1Scene, colored_formula, learning_tour


def wrap_code(lines: list[str], width: int) -> list[tuple[str, int]]:
    """Source ``lines`` broken at spaces into lines of at most ``width`` characters, each a
    ``(text, k)`` with ``k`` the source line it comes from. A broken line ends in a
    backslash and its continuation is indented eight more spaces, so the code stays valid Python."""
    out: list[tuple[str, int]] = []
    for k, line in enumerate(lines):
        indent = len(line) - len(line.lstrip())
        text = line.rstrip()
        while len(text) > width:
            spaces = [j for j in range(indent + 1, min(len(text), width - 1)) if text[j] == " "]  # room for " \\"
            nice = [j for j in spaces if text[j - 1] == "," or text[j + 1:j + 4] in ("if ", "els")]
            cut = (nice or spaces or [-1])[-1]
            if cut <= indent:
                break
            out.append((text[:cut] + " \\", k))
            indent = len(line) - len(line.lstrip()) + 8
            text = " " * indent + text[cut + 1:].lstrip()
        out.append((text, k))
    return out


class Ch1ParameterCount(Ch1Scene):
    """Counting the weights and biases of the real network: 13,002."""

    NEEDS = ANY_RUN

    def construct(self) -> None:
        run = get_run()
        sizes = run.layer_sizes
        w_counts, b_counts, total = parameter_counts(sizes)
        diagram = NetworkDiagram(sizes, run.final.weights, layer_buff=1.4)
        diagram.height = 5.8
        brace = diagram.layer_brace(0, str(sizes[0]), direction=LEFT)
        brace[1].scale(0.8)
        VGroup(brace, diagram).to_edge(LEFT, buff=0.4)
        self.add(diagram, brace)

        # Beat: weights, layer by layer.
        self.beat("Every connection has its own weight, so let's count them layer by layer. Between two "
                  "layers there is one weight for every pair of neurons, so the count is the size of one layer "
                  f"times the size of the next. Adding up the layers gives {sum(w_counts):,} weights.")
        terms = [rf"{a} \times {b}" for a, b in zip(sizes[:-1], sizes[1:])]
        wline = MathTex(*[t for k, t in enumerate(terms) for t in ((t,) if k == 0 else ("+", t))],
                        "=", f"{sum(w_counts):,}".replace(",", "{,}"), r"\text{ weights}", font_size=44)
        wline[2 * len(w_counts) - 1:].next_to(wline[:2 * len(w_counts) - 1], DOWN, buff=0.25, aligned_edge=LEFT)
        wline.set_color_by_tex(r"\times", WEIGHT_COLOR)
        bline = MathTex(*[t for k, n in enumerate(b_counts) for t in ((str(n),) if k == 0 else ("+", str(n)))],
                        "=", f"{sum(b_counts)}", r"\text{ biases}", font_size=44)
        for k in range(0, 2 * len(b_counts) - 1, 2):
            bline[k].set_color(BIAS_COLOR)
        tline = MathTex(f"{total:,}".replace(",", "{,}"), r"\text{ parameters}", font_size=56)
        tline[0].set_color(HIGHLIGHT)
        lines = VGroup(wline, bline, tline).arrange(DOWN, buff=0.6, aligned_edge=LEFT)
        room = (7.1 - 0.4) - (diagram.get_right()[0] + 0.4)  # keep 0.4 from the frame's right edge
        lines.scale_to_fit_width(min(lines.width, room)).next_to(diagram, RIGHT, buff=0.4)
        each = max(1.0, 0.75 * self.remaining() / len(w_counts))
        for l in range(len(w_counts)):
            flash = diagram.edges[l].copy().set_stroke(color=HIGHLIGHT)
            parts = [wline[2 * l]] if l == 0 else [wline[2 * l - 1], wline[2 * l]]
            self.play(ShowPassingFlash(flash, time_width=0.7), *[FadeIn(p) for p in parts], run_time=each)
        self.play_through(FadeIn(wline[2 * len(w_counts) - 1 :]), share=0.9)

        # Beat: biases.
        self.beat(f"Every neuron after the input layer also has a bias of its own, one number each: "
                  f"{sum(b_counts)} biases in all.")
        rings = VGroup(*[c.copy().set_stroke(BIAS_COLOR, width=3) for col in diagram.layers[1:] for c in col])
        self.play(FadeIn(rings, lag_ratio=0.05), Write(bline), run_time=0.7 * self.remaining())
        self.play_through(FadeOut(rings), share=0.9)

        # Beat: total.
        self.beat(f"All together, that is {total:,} parameters: the knobs and dials that shape what the "
                  "network does. Every one of them is just a number we could, in principle, turn.")
        self.play(Write(tline), run_time=0.35 * self.remaining())
        self.play(FadeIn(rings, lag_ratio=0.05), run_time=0.3 * self.remaining())
        self.play_through(FadeOut(rings), Circumscribe(tline), share=0.9)

        # Beat: every edge, changing as the network learns.
        snaps = run.snapshots
        self.beat(f"And here are all {sum(w_counts):,} weights at once, every single connection, not just the few "
                  "we drew before. Learning means finding good values for all of them. Watch them change, "
                  f"snapshot by recorded snapshot, from the random start to the trained network at step "
                  f"{snaps[-1].step:,}.")
        raster = EdgeRaster(diagram, snaps[0].weights, vmax=[float(np.abs(w).max()) for w in snaps[-1].weights])
        step_t = Text(f"step {snaps[0].step:,}", font_size=30, color=GRAY).next_to(diagram, DOWN, buff=0.1)
        step_t.align_to(diagram, LEFT)
        self.play(FadeOut(diagram.edges), FadeIn(raster), FadeIn(step_t), run_time=0.15 * self.remaining())
        self.bring_to_front(diagram.layers, *diagram.ellipses.values())
        learning_tour(self, raster, snaps, step_t, max(1.0, 0.92 * self.remaining()), font_size=30)


class Ch1MatrixForm(Ch1Scene):
    """a' = sigma(W a + b) in color, with a real slice of the trained second layer."""

    NEEDS = Needs(cost=None, hidden_sizes=(16, 16))

    def construct(self) -> None:
        run = get_run()
        i = demo_probe()
        snap = run.final
        W = snap.weights[1].astype(np.float64)
        b = snap.biases[1].astype(np.float64)
        a1 = snap.probe_activations[1][i].astype(np.float64)
        z = W @ a1 + b
        a2 = sigmoid(z)
        n = 3

        # Beat: compact formula.
        self.beat("Writing out every weighted sum by hand gets tedious, so we use compact notation. A layer's "
                  "activations are sigma of the weight matrix W times the previous layer's activations a, "
                  "plus the bias vector b.")
        formula = colored_formula("1", "0").scale(1.8).move_to(0.3 * UP)  # large alone, then up top
        self.play(Write(formula), run_time=0.35 * self.remaining())
        self.play_through(LaggedStart(*[Indicate(formula[k], color=formula[k].get_color(), scale_factor=1.4)
                                        for k in (3, 4, 6)], lag_ratio=0.8), share=0.9)

        # Beat: a real example.
        self.beat(f"Here it is for the second hidden layer, filled in with the trained network's numbers for "
                  f"one real {int(run.probes.labels[i])}. W has one row for each neuron of this layer and one "
                  "column for each neuron of the layer before; we show only its top-left corner.")
        layer2 = colored_formula("2", "1", "2").to_edge(UP, buff=0.4)
        self.play(Transform(formula, layer2), run_time=0.2 * self.remaining())
        wrows = [[fmt(W[r, c], 2) for c in range(n)] + [r"\cdots"] for r in range(n)]
        wrows.append([r"\vdots"] * n + [r"\ddots"])
        wmat = Matrix(wrows, h_buff=1.25, v_buff=0.95, element_alignment_corner=ORIGIN)
        avec = Matrix([[fmt(v, 2)] for v in a1[:n]] + [[r"\vdots"]], v_buff=0.95)
        bvec = Matrix([[fmt(v, 2)] for v in b[:n]] + [[r"\vdots"]], v_buff=0.95)
        rvec = Matrix([[fmt(v, 2)] for v in a2[:n]] + [[r"\vdots"]], v_buff=0.95)
        wmat.get_entries().set_color(WEIGHT_COLOR)
        avec.get_entries().set_color(ACTIVATION_COLOR)
        bvec.get_entries().set_color(BIAS_COLOR)
        rvec.get_entries().set_color(ACTIVATION_COLOR)
        sig_open = MathTex(r"\sigma\Bigg(", font_size=72)
        sig_close = MathTex(r"\Bigg)", font_size=72)
        eq = MathTex("=", font_size=48)
        plus = MathTex("+", font_size=48)
        row = VGroup(rvec, eq, sig_open, wmat, avec, plus, bvec, sig_close).arrange(RIGHT, buff=0.18)
        row.scale_to_fit_width(min(row.width, 12.8)).next_to(formula, DOWN, buff=0.6)
        names = VGroup(
            MathTex("a^{(2)}", color=ACTIVATION_COLOR, font_size=36).next_to(rvec, DOWN, buff=0.2),
            MathTex(r"W^{(2)}\ (16 \times 16)", color=WEIGHT_COLOR, font_size=36).next_to(wmat, DOWN, buff=0.2),
            MathTex("a^{(1)}", color=ACTIVATION_COLOR, font_size=36).next_to(avec, DOWN, buff=0.2),
            MathTex("b^{(2)}", color=BIAS_COLOR, font_size=36).next_to(bvec, DOWN, buff=0.2),
        )
        self.play(FadeIn(wmat), FadeIn(avec), FadeIn(bvec), FadeIn(VGroup(sig_open, sig_close, plus)),
                  FadeIn(names[1:]), run_time=0.3 * self.remaining())
        w_row = SurroundingRectangle(VGroup(*wmat.get_rows()[0]), color=HIGHLIGHT, buff=0.08)
        w_col = SurroundingRectangle(VGroup(*wmat.get_columns()[0]), color=HIGHLIGHT, buff=0.08)
        self.play(Create(w_row), run_time=0.3 * self.remaining())
        self.play(ReplacementTransform(w_row, w_col), run_time=0.5 * self.remaining())
        self.play_through(FadeOut(w_col), share=0.9)

        # Beat: one row times the vector.
        self.beat(f"Multiply the first row of W entry by entry with the activation vector and add up: that is "
                  f"the first neuron's weighted sum over all 16 of its inputs, {fmt(W[0] @ a1, 3)}. Adding its "
                  f"bias, {fmt(b[0], 2)}, gives {fmt(z[0], 3)}.")
        row_box = SurroundingRectangle(VGroup(*wmat.get_rows()[0]), color=HIGHLIGHT, buff=0.08)
        col_box = SurroundingRectangle(avec.get_entries(), color=HIGHLIGHT, buff=0.08)
        first = MathTex(r"\textstyle\sum_k", "w_{0k}", "a_k", "+", "b_0", "=",
                        fmt(W[0] @ a1, 3), "+", f"({fmt(b[0], 2)})", "=", fmt(z[0], 3), font_size=44)
        first[1].set_color(WEIGHT_COLOR)
        first[2].set_color(ACTIVATION_COLOR)
        first[4].set_color(BIAS_COLOR)
        first[8].set_color(BIAS_COLOR)
        first.next_to(names, DOWN, buff=0.4)
        self.play(Create(row_box), Create(col_box))
        # The pairs w_0k, a_k that are multiplied, one after the other.
        pairs = [VGroup(SurroundingRectangle(wmat.get_rows()[0][k], color=WHITE, buff=0.05),
                        SurroundingRectangle(avec.get_entries()[k], color=WHITE, buff=0.05)) for k in range(n)]
        pair = pairs[0].copy()
        self.play(Create(pair))
        self.play(Succession(*[Transform(pair, p) for p in pairs[1:]]), run_time=0.35 * self.remaining())
        self.play(FadeOut(pair), Write(first[:7]), run_time=0.45 * self.remaining())
        self.add(first)  # whole, for the script's reading of the screen (Write hides the rest until drawn)
        self.play_through(Write(first[7:]), share=0.9)

        # Beat: sigma of each entry.
        self.beat(f"Then sigma is applied to every entry, which gives the next layer's activations: sigma of "
                  f"{fmt(z[0], 3)} is {fmt(a2[0], 2)}. One matrix product computes all 16 neurons at once, "
                  "which is exactly the kind of work computers do fast.")
        squish = MathTex(r"\sigma(", fmt(z[0], 3), ")", "=", fmt(a2[0], 2), font_size=44)
        squish[4].set_color(ACTIVATION_COLOR)
        squish.next_to(first, DOWN, buff=0.3)
        self.play(FadeIn(rvec), FadeIn(eq), FadeIn(names[0]), FadeOut(row_box), FadeOut(col_box),
                  run_time=0.25 * self.remaining())
        self.play(Create(SurroundingRectangle(rvec.get_entries()[0], color=HIGHLIGHT, buff=0.06)), Write(squish),
                  run_time=0.35 * self.remaining())
        self.play_through(Circumscribe(VGroup(wmat, avec, bvec)), Circumscribe(rvec), share=0.9)

        # Beat: the same thing as the NumPy of our own network/ package.
        code_lines = forward_source_lines()
        _, acts = run.network(-1).forward(run.probes.images[i])
        from_code = float(acts[2][0, 0])
        self.beat(f"And in this project's own code, the whole forward pass is just these lines of NumPy: for each "
                  f"layer, multiply by the weight matrix, add the biases, and squish. Run on the same digit, they "
                  f"give the same {fmt(from_code, 2)} for the first neuron of the second hidden layer.")
        others = Group(*[m for m in self.mobjects if m is not formula])
        shown = wrap_code(code_lines, 46)
        code = VGroup(*[Text(text.strip(), font="Monospace", font_size=32) for text, _ in shown])
        code.arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        char = code[0].width / len(shown[0][0].strip())  # monospace: one character's width
        for line, (text, _) in zip(code, shown):
            line.shift((len(text) - len(text.lstrip())) * char * RIGHT)
        panel = SurroundingRectangle(code, color=GRAY, buff=0.35, corner_radius=0.1)
        source = Text("network/mlp.py, MLP.forward", font_size=28, color=GRAY).next_to(panel, UP, buff=0.15)
        block = VGroup(source, panel, code)
        block.scale_to_fit_width(min(block.width, 12.4)).next_to(formula, DOWN, buff=0.35)
        result = MathTex(r"a^{(2)}_0", "=", fmt(from_code, 2), font_size=44).next_to(panel, DOWN, buff=0.4)
        result[0].set_color(ACTIVATION_COLOR)
        result[2].set_color(ACTIVATION_COLOR)
        self.play(FadeOut(others), run_time=0.12 * self.remaining())
        self.play(FadeIn(block, shift=0.3 * UP), run_time=0.2 * self.remaining())
        step = 0.4 * self.remaining() / len(code_lines)
        for k in range(len(code_lines)):  # one source line (and its continuations) at a time
            self.play(Indicate(VGroup(*[m for m, (_, src) in zip(code, shown) if src == k]), color=HIGHLIGHT,
                               scale_factor=1.05), run_time=step)
        self.play_through(FadeIn(result, shift=0.2 * UP), Circumscribe(result), share=0.9)


class Ch1RowsAsEdges(Ch1Scene):
    """The real 16 x 16 matrix W of the second hidden layer beside the diagram: row j lit
    together with the edges into neuron j."""

    NEEDS = Needs(activation=None, cost=None, hidden_sizes=(16, 16))

    def construct(self) -> None:
        run = get_run()
        W = run.final.weights[1].astype(np.float64)  # (16, 16): row j = weights into neuron j of layer 2
        n_out, n_in = W.shape
        vmax = float(np.abs(W).max())
        cell = 0.36
        grid = VGroup(*[Square(cell, stroke_color=GRAY, stroke_width=0.5).set_fill(signed_color(W[j, k], vmax), 1)
                        for j in range(n_out) for k in range(n_in)]).arrange_in_grid(n_out, n_in, buff=0)
        grid.move_to([-3.6, -0.2, 0])
        name = MathTex(r"W^{(2)}", color=WEIGHT_COLOR, font_size=48).next_to(grid, UP, buff=0.25)
        diagram = NetworkDiagram([n_in, n_out], [W], layer_buff=3.2, neuron_buff=0.16)
        diagram.height = grid.height
        diagram.move_to([3.4, -0.2, 0])
        titles = VGroup(Text("hidden 1", font_size=28).next_to(diagram.layers[0], UP, buff=0.25),
                        Text("hidden 2", font_size=28).next_to(diagram.layers[1], UP, buff=0.25))

        def row_box(j: int) -> SurroundingRectangle:
            return SurroundingRectangle(VGroup(*grid[j * n_in:(j + 1) * n_in]), color=HIGHLIGHT, buff=0.02)

        def lit(j: int) -> VGroup:
            return VGroup(*[e.copy().set_stroke(width=4, opacity=1) for e in diagram.edges_into(0, j)])

        # Beat: W as colours, row 0 as the edges into neuron 0.
        self.beat(f"Here is the real weight matrix of the second hidden layer as a {n_out} by {n_in} grid of "
                  "colours, green for positive and red for negative, beside the connections it describes. "
                  "Its first row holds exactly the weights on the edges into the first neuron.")
        self.play(FadeIn(grid, lag_ratio=0.01), FadeIn(name), run_time=0.3 * self.remaining())
        self.play(FadeIn(diagram), FadeIn(titles), run_time=0.2 * self.remaining())
        box, edges = row_box(0), lit(0)
        ring = Circle(radius=diagram.layers[1][0].width / 2 + 0.07, color=HIGHLIGHT, stroke_width=4)
        ring.move_to(diagram.layers[1][0])
        self.play(Create(box), run_time=0.2 * self.remaining())
        self.play_through(Create(edges, lag_ratio=0.05), Create(ring), share=0.9)

        # Beat: every row in turn.
        self.beat(f"Step down the rows and the lit edges follow: row by row, W lists the incoming weights of "
                  f"each of the {n_out} neurons in turn. Multiplying by W is every neuron taking its weighted "
                  "sum at the same time.")
        each = 0.92 * self.remaining() / (n_out - 1)
        for j in range(1, n_out):
            new_edges = lit(j)
            new_ring = ring.copy().move_to(diagram.layers[1][j])
            self.play(Transform(box, row_box(j)), FadeOut(edges), FadeIn(new_edges), Transform(ring, new_ring),
                      run_time=each)
            edges = new_edges
