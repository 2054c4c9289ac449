"""Chinese subtitles: a table from every English beat line to Chinese.

Beat lines are often f-strings with measured numbers in them, e.g.
``self.beat(f"Adding up all 784 products gives the weighted sum, {fmt(s, 3)}.")``.
The table is keyed by the line's *template*: each ``{...}`` field of the
f-string becomes ``{0}``, ``{1}``, ... in order, and the Chinese line uses the
same numbered fields (in any order). At run time a rendered subtitle is matched
against the templates and the numbers are carried over, so the table never
holds a number of its own.

:func:`beat_templates` reads the templates straight from the chapter files
(with :mod:`ast`), which is how ``tests/test_render.py`` checks that every
beat has a translation. Lines without one stay in English in the ``.zh.srt``.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path

#: English beat template -> Chinese.
ZH: dict[str, str] = {
    # ---------------------------------------------------------------- chapter 1
    "Here are five threes, each written by a different person, yet you read them all at once.":
        "这里有五个 3，每个都出自不同人之手，你却一眼就能认出它们。",
    "Each one is a grid of 28 by 28 pixels: 784 pixels in all.":
        "每个都是 28×28 的像素网格：一共 784 个像素。",
    "Zoom in, and every pixel is just a number: its brightness, from 0 for black to 1 for white.":
        "放大来看，每个像素只是一个数：它的亮度，0 是黑，1 是白。",
    "Think of a neuron as a thing that holds one such number, called its activation.":
        "把神经元看成装着一个这样的数的东西，这个数叫作它的激活值。",
    "Take one digit: all 784 of its pixels become the first layer of the network.":
        "取一个数字：它的全部 784 个像素构成网络的第一层。",
    "Unrolled into one long column, each pixel is an input neuron, lit by its brightness.":
        "展开成长长的一列，每个像素就是一个输入神经元，亮度就是它的激活值。",
    "Then come two hidden layers of {0} neurons each.":
        "接着是两个隐藏层，每层 {0} 个神经元。",
    "And the last layer has {0} neurons, one for each digit from 0 to 9.":
        "最后一层有 {0} 个神经元，分别对应数字 0 到 9。",
    "Every line is a connection with a weight: green for positive, red for negative.":
        "每条线都是一个带权重的连接：绿色为正，红色为负。",
    "Feed in a real handwritten {0} that the network never trained on.":
        "输入一个网络训练时从没见过的真实手写 {0}。",
    "It is not always right: here is a real {0} from the same held-out digits.":
        "它并不总是对的：这是同一批留出数据里的一个真实的 {0}。",
    "Each layer's activations determine the next layer's, through the trained weights.":
        "每一层的激活值，通过训练好的权重，决定下一层的激活值。",
    "The brightest output is the network's answer: {0}.":
        "最亮的输出就是网络的答案：{0}。",
    "The brightest output says {0}, but the digit is a {1}.":
        "最亮的输出说是 {0}，但这个数字其实是 {1}。",
    "Here is what we might hope the layers do: a nine is a loop on top of a line,":
        "我们或许希望各层是这样工作的：9 是上面一个圈加下面一条竖线，",
    "an eight is two loops, and a four is three lines.":
        "8 是两个圈，4 是三条线。",
    "And a loop itself might be built from little edges, which a lower layer could spot.":
        "而圈本身又可能由一小段一小段的边组成，更低的一层可以识别这些边。",
    "Whether training finds anything like this is a question; here are the real first-layer weights.":
        "训练是否真能学到这样的结构还是个问题；这是第一层真实的权重。",
    "Focus on one neuron of the first hidden layer: neuron number {0}.":
        "只看第一个隐藏层中的一个神经元：第 {0} 号神经元。",
    "Each of its 784 incoming connections has a weight; drawn on the pixel grid they make this picture.":
        "它的 784 条输入连接各有一个权重；画在像素网格上，就是这幅图。",
    "Multiply every pixel of this {0} by its weight.":
        "把这个 {0} 的每个像素乘以对应的权重。",
    "Adding up all 784 products gives the weighted sum, {0}.":
        "把 784 个乘积全部相加，得到加权和 {0}。",
    "To land between 0 and 1, the sum goes through the sigmoid function, which squishes it.":
        "为了落在 0 到 1 之间，这个和要经过 sigmoid 函数的挤压。",
    "First we add the neuron's bias, here {0}: it sets how large the sum must be before the neuron lights up.":
        "先加上这个神经元的偏置，这里是 {0}：它决定加权和要多大，神经元才会被点亮。",
    "Our digit's sum, {0}, plus the bias gives {1}, and the sigmoid turns that into {2}.":
        "我们这个数字的加权和 {0}，加上偏置得 {1}，sigmoid 再把它变成 {2}。",
    "Every connection has its own weight, so count them layer by layer.":
        "每个连接都有自己的权重，我们一层一层地数。",
    "Every neuron after the input layer also has a bias.":
        "输入层之后的每个神经元还各有一个偏置。",
    "All together, {0} knobs and dials; learning means finding good values for all of them.":
        "加起来一共 {0} 个旋钮；所谓学习，就是为它们全部找到合适的取值。",
    "All of this is written compactly: the next layer is sigma of W times a plus b.":
        "这一切可以写得很紧凑：下一层等于 sigma(W a + b)。",
    "Here it is for the second hidden layer, with the trained network's numbers, for one real {0}.":
        "这是第二个隐藏层的情形，用的是训练好的网络的数值，输入是一个真实的 {0}。",
    "Each row of W times the activations is one neuron's weighted sum, over all 16 inputs.":
        "W 的每一行乘以激活值，就是一个神经元对全部 16 个输入的加权和。",
    "Sigma of every entry gives the next layer's activations; sigma of {0} is {1}.":
        "对每一项取 sigma，就得到下一层的激活值；sigma({0}) 等于 {1}。",
    "So a neuron is really a function: it takes all the numbers of the layer before and returns one.":
        "所以神经元其实是一个函数：输入上一层的所有数，输出一个数。",
    "And the whole network is a function too: {0} numbers in, {1} numbers out.":
        "整个网络也是一个函数：输入 {0} 个数，输出 {1} 个数。",
    "A complicated function, with {0} parameters, but just a function.":
        "一个有 {0} 个参数的复杂函数，但终究只是一个函数。",
    "Early networks used the sigmoid, as ours does, to squish sums into the range 0 to 1.":
        "早期的网络和我们的一样，用 sigmoid 把加权和挤压到 0 到 1 之间。",
    "Modern deep networks mostly use ReLU instead: the maximum of zero and a.":
        "现代的深度网络大多改用 ReLU：取 0 和 a 中较大的那个。",
    "The sigmoid flattens out, so its slope is small: in our trained network it averages {0}, "
    "and learning signals fade layer by layer.":
        "sigmoid 两端趋于平坦，斜率很小：在我们训练好的网络里平均只有 {0}，学习信号一层层衰减。",
    "ReLU's slope is exactly 1 wherever the neuron is active, so deep networks train more easily.":
        "只要神经元处于激活状态，ReLU 的斜率就恰好是 1，所以深层网络更容易训练。",
    # ---------------------------------------------------------------- chapter 3
    "Take one real training image, a {0}, and the network before any training.":
        "取一张真实的训练图像，一个 {0}，再取一个还没训练过的网络。",
    "Its outputs look random; the brightest one even says {0}.":
        "它的输出看上去很随机；最亮的那个甚至说是 {0}。",
    "We want the {0} neuron to go up and every other output to go down.":
        "我们希望数字 {0} 的神经元变亮，其他所有输出都变暗。",
    "Each nudge is proportional to how far that output is from its target.":
        "每个调整的大小，都和该输出离目标值有多远成正比。",
    "The cost of this one example adds up the squares of those differences.":
        "这一个样本的代价，就是这些差值的平方和。",
    "Focus on the {0} neuron, which we want brighter: now it is at {1}.":
        "只看数字 {0} 的神经元，我们希望它更亮：现在它是 {1}。",
    "Raising its bias helps directly; this example asks for a change of {0}.":
        "增大它的偏置直接有用；这个样本要求的改变量是 {0}。",
    "Weights from bright neurons matter most: neurons that fire together wire together.":
        "来自明亮神经元的权重影响最大：一起激发的神经元，连接会一起加强。",
    "Or change the previous activations: up where the weight is positive, down where negative.":
        "也可以改变上一层的激活值：权重为正的调高，权重为负的调低。",
    "We cannot set activations directly, but we can keep these wishes for the layer before.":
        "我们不能直接设定激活值，但可以把这些期望记下来，留给前一层。",
    "The other nine outputs have wishes for the same layer, each wanting its own neuron dimmer.":
        "另外九个输出对同一层也各有期望，每个都想让自己的神经元变暗。",
    "The {0} neuron's row is the one we just saw; the rows of the others mostly point the other way.":
        "数字 {0} 的神经元那一行就是刚才看到的；其他各行大多指向相反的方向。",
    "Adding all ten wishes gives the desired change for each neuron of layer 2.":
        "把十个期望加起来，就得到第 2 层每个神经元期望的改变量。",
    "Each wish is weighted by how strongly its neuron wants to change, and by the connecting weight.":
        "每个期望的分量，取决于它的神经元想改变的程度，以及连接的权重。",
    "Start from the nudges the output layer wants for this 2.":
        "从输出层对这个 2 想要的调整出发。",
    "Summing every output's wishes gives the nudges for the last hidden layer.":
        "把每个输出的期望加起来，得到最后一个隐藏层的调整量。",
    "Then the same process, one layer back: that is the backwards propagation.":
        "然后往回一层，重复同样的过程：这就是反向传播。",
    "Each layer's nudges then set how its own weights and biases should change.":
        "每一层的调整量，又决定了它自己的权重和偏置该怎样改变。",
    "Turn the summed wishes of the last hidden layer into desired bias changes, for the biggest five.":
        "把最后一个隐藏层汇总的期望换算成偏置的改变量，这里列出最大的五个。",
    "Backpropagation on this one example gives exactly the same numbers.":
        "对这一个样本做反向传播，得到的数完全一样。",
    "And nudging each bias a tiny bit and measuring the cost agrees too.":
        "把每个偏置微调一点点、再测量代价的变化，结果也一致。",
    "Over all thirteen thousand weights and biases, the two agree to rounding error.":
        "在全部一万三千个权重和偏置上，两者只差舍入误差。",
    "One example's wishes are not enough: every training example has its own.":
        "一个样本的期望还不够：每个训练样本都有自己的期望。",
    "The wishes differ from digit to digit, sometimes even in sign.":
        "不同数字的期望各不相同，有时连正负号都相反。",
    "Averaging them over the batch gives how each parameter should change.":
        "在一批样本上取平均，就得到每个参数该如何改变。",
    "That average is exactly the negative gradient the training step recorded.":
        "这个平均值，恰好就是训练这一步记录下来的负梯度。",
    "In practice, shuffle the training data and split it into small mini-batches.":
        "实际中，先把训练数据打乱，再分成一个个小批量。",
    "Each step uses one mini-batch: a rough but cheap estimate of the true gradient.":
        "每一步只用一个小批量：对真实梯度的估计虽然粗糙，但计算便宜。",
    "Like a drunk man stumbling downhill: each step is noisy, but the cost keeps falling.":
        "就像醉汉跌跌撞撞地下山：每一步都有噪声，但代价一直在下降。",
    "After {0} such steps, {1} passes over the data, it classifies {2}% of unseen digits correctly.":
        "这样走了 {0} 步、把数据过了 {1} 遍之后，它能正确识别 {2}% 的没见过的数字。",
}

_FIELD = re.compile(r"\{(\d+)\}")


def template_of(node: ast.expr) -> str | None:
    """The template of a beat argument: a string, or an f-string with ``{0}``... fields.

    Returns None for anything else (e.g. a variable).
    """
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts, n = [], 0
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            else:
                parts.append(f"{{{n}}}")
                n += 1
        return "".join(parts)
    return None


def templates_of(node: ast.expr) -> list[str | None]:
    """Every template a beat argument can produce (both branches of ``a if c else b``)."""
    if isinstance(node, ast.IfExp):
        return templates_of(node.body) + templates_of(node.orelse)
    return [template_of(node)]


def beat_templates(path: Path) -> list[tuple[int, str | None]]:
    """Every ``self.beat(...)`` / ``scene.beat(...)`` call in a source file.

    Parameters
    ----------
    path : Path
        A chapter file.

    Returns
    -------
    list of (int, str or None)
        Line number and template of each beat line (a conditional argument
        gives one entry per branch; None if the argument is not a literal
        string or f-string). ``super().beat(caption)`` in an overriding
        ``beat`` is not a narration line and is left out.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "beat" and node.args):
            continue
        owner = node.func.value
        if isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name) and owner.func.id == "super":
            continue
        found.extend((node.lineno, t) for t in templates_of(node.args[0]))
    return sorted(found, key=lambda item: item[0])


@lru_cache(maxsize=None)
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    patterns = []
    for en, zh in ZH.items():
        if not _FIELD.search(en):
            continue
        pieces = _FIELD.split(en)
        regex = ""
        for i, piece in enumerate(pieces):
            regex += re.escape(piece) if i % 2 == 0 else f"(?P<f{piece}>.+?)"
        patterns.append((re.compile(regex + r"\Z", re.S), zh))
    return patterns


def translate(line: str) -> str | None:
    """The Chinese for one rendered English subtitle line, or None if the table lacks it."""
    line = line.strip()
    if line in ZH:
        return ZH[line]
    for pattern, zh in _patterns():
        m = pattern.match(line)
        if m:
            return _FIELD.sub(lambda f: m.group(f"f{f.group(1)}"), zh)
    return None


def translate_srt(text: str) -> str:
    """Translate the content of every subtitle of an ``.srt`` file (timings kept).

    A line missing from the table stays in English.
    """
    import srt

    subs = list(srt.parse(text))
    for sub in subs:
        joined = " ".join(sub.content.split("\n"))
        sub.content = translate(joined) or sub.content
    return srt.compose(subs, reindex=False)


def missing_translations() -> list[str]:
    """``file:line: template`` for every beat of the catalog's chapters that has no Chinese line."""
    from scenes.catalog import chapters

    missing = []
    for chapter in chapters(warn=False):
        for line, template in beat_templates(chapter.path):
            if template is None or template not in ZH:
                missing.append(f"{chapter.name}.py:{line}: {template!r}")
    return missing


if __name__ == "__main__":
    # List the beat lines still missing from the table (exit status 1 if any).
    import sys

    lines = missing_translations()
    print("\n".join(lines) or "every beat line has a Chinese translation")
    sys.exit(1 if lines else 0)
