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
    # ---------------------------------------------------------------- chapter 2
    "To learn, the network is shown training data: {0} digits, each labelled with what it is.":
        "为了学习，我们给网络看训练数据：{0} 个数字，每个都标注了它是几。",
    "Training adjusts all the weights and biases to do better on these examples.":
        "训练会调整所有的权重和偏置，让网络在这些样本上表现得更好。",
    "Then we test it on {0} digits it has never seen, to see if it generalises.":
        "然后用它从没见过的 {0} 个数字来测试，看它能否举一反三。",
    "After training, it labels {0}% of those unseen digits correctly.":
        "训练之后，这些没见过的数字它能认对 {0}%。",
    "Start with the network before any training: every weight and bias is random.":
        "先看训练之前的网络：每个权重和偏置都是随机的。",
    "Feed it this {0}, and the output is utter trash: its brightest neuron says {1}.":
        "输入这个 {0}，输出简直一团糟：最亮的神经元说是 {1}。",
    "What we wanted: 1 for the {0} neuron, 0 for all the others.":
        "我们想要的是：数字 {0} 的神经元为 1，其他全为 0。",
    "Add up the squares of the differences: the cost of this one example is {0}.":
        "把差值的平方加起来：这一个样本的代价是 {0}。",
    "The cost is small when the network confidently gets it right, and large when it has no idea.":
        "网络有把握地答对时，代价很小；它毫无头绪时，代价很大。",
    "The cost of the whole network is the average over all {0} training digits: {1}.":
        "整个网络的代价，是全部 {0} 个训练数字上的平均值：{1}。",
    "The network is a function: {0} pixels in, {1} numbers out.":
        "网络是一个函数：输入 {0} 个像素，输出 {1} 个数。",
    "And it is parameterised by {0} weights and biases.":
        "它的参数是 {0} 个权重和偏置。",
    "The cost is a function too: all {0} weights and biases in, one number out.":
        "代价也是一个函数：输入全部 {0} 个权重和偏置，输出一个数。",
    "Its parameters are the training data, fixed once and for all.":
        "它的参数是训练数据，一经确定就不再改变。",
    "Random weights cost {0}; the trained ones only {1}.":
        "随机权重的代价是 {0}；训练好的权重只有 {1}。",
    "Picture a simpler function with one input: here, the real cost along one line through parameter space.":
        "先想象一个只有一个输入的简单函数：这里是沿参数空间中一条直线的真实代价。",
    "Start somewhere and ask which way is downhill: the slope tells you.":
        "从某处出发，问哪边是下坡：斜率会告诉你。",
    "Positive slope: step left. Negative slope: step right.":
        "斜率为正，就往左走；斜率为负，就往右走。",
    "Repeat, and the ball rolls downhill; the steps shrink as the slope flattens near the bottom.":
        "不断重复，小球就滚下坡；接近谷底时斜率变平，步子也越来越小。",
    "Near the valley floor the slope, and so each step, shrinks towards zero: a local minimum.":
        "在谷底附近，斜率以及每一步都趋近于零：这是一个局部极小值。",
    "Now imagine a function with two inputs: the cost on a plane through parameter space.":
        "现在想象一个有两个输入的函数：参数空间中一个平面上的代价。",
    "At any point, the gradient points in the direction of steepest ascent.":
        "在任意一点，梯度都指向上升最快的方向。",
    "So step the other way, along the negative gradient, to go downhill fastest.":
        "所以朝反方向、沿负梯度走，下坡最快。",
    "Take a step, recompute the gradient, repeat: the cost falls from {0} to {1}.":
        "走一步，重新计算梯度，再重复：代价从 {0} 降到 {1}。",
    "Here is the real cost, on a plane through the trained network's 13,002 parameters.":
        "这是真实的代价，画在穿过训练好的网络 13,002 个参数的一个平面上。",
    "The white path is the real training run, {0} steps, projected onto the plane.":
        "白色路径是真实的训练过程，共 {0} 步，投影到了这个平面上。",
    "Like a ball rolling downhill, it ends in the valley where the trained network sits.":
        "就像小球滚下山坡，它最终停在训练好的网络所在的山谷里。",
    "The plane keeps {0}% of the path's spread, but the heights are the cost at its shadow on the plane.":
        "这个平面保留了路径 {0}% 的离散程度，但高度是路径在平面上的投影处的代价。",
    "Put all {0} weights and biases of the untrained network into one long column.":
        "把未训练网络的全部 {0} 个权重和偏置排成长长的一列。",
    "The negative gradient of the cost over all {0} training digits is a column just as long.":
        "代价在全部 {0} 个训练数字上的负梯度，也是同样长的一列。",
    "Adding it, times the step size {0}, is one step of gradient descent.":
        "把它乘以步长 {0} 再加上去，就是梯度下降的一步。",
    "Each sign says whether that weight or bias should go up or down.":
        "每一项的正负号，说明对应的权重或偏置该调高还是调低。",
    "Each size says how much the cost cares: here one entry matters about {0} times more than another.":
        "每一项的大小，说明代价对它有多敏感：这里有一项的影响大约是另一项的 {0} 倍。",
    "The true gradient averages over all {0} training digits: every single step is slow.":
        "真正的梯度要在全部 {0} 个训练数字上求平均：每一步都很慢。",
    "Instead, each step can use a random mini-batch of {0}: {1} times cheaper, but noisier.":
        "改为每一步只用随机的 {0} 个样本组成的小批量：便宜 {1} 倍，但噪声更大。",
    "The mini-batch path wanders, yet still goes downhill: cost {0} against {1} for full batch.":
        "小批量的路径摇摇晃晃，但仍然在下坡：代价 {0}，全批量是 {1}。",
    "During training, each mini-batch's cost jumps around while the true cost falls steadily.":
        "训练过程中，每个小批量的代价上下跳动，而真实代价稳步下降。",
    "One epoch is one pass over all {0} training digits, in mini-batches of {1}.":
        "一个轮次（epoch）就是以每批 {1} 个的小批量，把全部 {0} 个训练数字过一遍。",
    "The cost falls from {0} to {1} over {2} epochs.":
        "经过 {2} 个轮次，代价从 {0} 降到 {1}。",
    "Meanwhile accuracy on unseen digits climbs from {0}% to {1}%.":
        "同时，在没见过的数字上，准确率从 {0}% 升到 {1}%。",
    "So did the first layer learn to pick up little edges, as we hoped?":
        "那么，第一层有没有像我们希望的那样，学会识别小段的边呢？",
    "Not really: the patterns look almost random, with only loose blobs of structure.":
        "并没有：这些图案看上去几乎是随机的，只有一些松散的斑块结构。",
    "Feed it pure noise, and it answers {0} anyway, with output {1}.":
        "输入纯粹的噪声，它照样回答 {0}，输出值为 {1}。",
    "It was never trained to be unsure: nothing in its training data was noise.":
        "它从没被训练过表达“不确定”：训练数据里没有一张是噪声。",
    # ---------------------------------------------------------------- chapter 4
    "Here is the network halfway through learning, looking at a real {0}.":
        "这是学习到一半的网络，正在看一个真实的 {0}。",
    "Follow one path through it: a pixel, one neuron in each hidden layer, and the output.":
        "沿着其中一条路径走：一个像素，每个隐藏层各一个神经元，再到输出。",
    "Pulled out, it is a chain of four neurons joined by three weights, with three biases.":
        "单独拿出来，它是由三个权重串起来的四个神经元，外加三个偏置。",
    "This is a {0}, so the last activation, {1}, should be 1.":
        "这是一个 {0}，所以最后的激活值 {1} 应该是 1。",
    "The last weight, the previous activation and the bias make z; sigma of z makes a; a and y make the cost.":
        "最后一个权重、前一个激活值和偏置得到 z；z 经过 sigma 得到 a；a 和 y 得到代价。",
    "Draw it as a tree: each quantity hangs on the ones above it.":
        "把它画成一棵树：每个量都取决于它上面的那些量。",
    "Give each of them a number line with its real value.":
        "给每个量配一条数轴，标出它的真实值。",
    "Nudge w by {0}: z moves, a moves, and the cost moves.":
        "把 w 轻推 {0}：z 跟着动，a 跟着动，代价也跟着动。",
    "How sensitive is the cost to the last weight? The chain rule splits it into three ratios.":
        "代价对最后一个权重有多敏感？链式法则把它拆成三个比值。",
    # The three factors of the chain rule (beat lines kept in a list in Ch4ChainRule).
    "Nudging a changes the cost by twice a minus y.":
        "轻推 a，代价的变化率是 a 减 y 的两倍。",
    "Nudging z changes a by the slope of the sigmoid there.":
        "轻推 z，a 的变化率是 sigmoid 在该处的斜率。",
    "And nudging w changes z by the previous activation.":
        "轻推 w，z 的变化率是前一个激活值。",
    "Multiplied together: the cost changes by {0} per unit of w.":
        "三者相乘：w 每变化一个单位，代价变化 {0}。",
    "The chain rule predicts that the cost changes by {0} times the nudge.":
        "链式法则预测：代价的变化是轻推量的 {0} 倍。",
    "Change w from {0} to {1} and run the whole network again.":
        "把 w 从 {0} 改成 {1}，再把整个网络重新跑一遍。",
    "Measured and predicted changes agree, and better and better as the nudge shrinks.":
        "实测与预测的变化相符，而且轻推量越小，符合得越好。",
    "For the bias, z changes exactly as much as b does: that ratio is one.":
        "对偏置来说，b 变多少 z 就变多少：这个比值是 1。",
    "For the previous activation, the ratio is the weight joining them.":
        "对前一个激活值来说，比值就是连接它们的权重。",
    "We cannot change that activation directly, but the same recipe repeats one layer back.":
        "我们不能直接改变那个激活值，但同样的方法可以往回一层重复使用。",
    "That was one example. The cost of a mini-batch averages all {0} of its examples.":
        "这只是一个样本。一个小批量的代价是其中全部 {0} 个样本的平均。",
    "Each such average is one entry of the gradient vector.":
        "每个这样的平均值，就是梯度向量中的一项。",
    "With more neurons per layer, k indexes the previous layer and j the last one.":
        "每层有多个神经元时，用 k 标记前一层，用 j 标记最后一层。",
    "But activation k reaches the cost through all ten outputs, so its derivative sums over j.":
        "但激活值 k 要经过全部十个输出才影响代价，所以它的导数要对 j 求和。",
    "Added up, they give {0}, exactly what backpropagation computes.":
        "加起来得到 {0}，正是反向传播算出的结果。",
    "Do this for every weight: here is each edge's derivative from the mini-batch at step {0}.":
        "对每个权重都这样做：这是第 {0} 步的小批量上每条连接的导数。",
    "The most sensitive weight changes the cost by {0} per unit; gradient descent moves each weight "
    "against its derivative.":
        "最敏感的权重每变化一个单位，代价变化 {0}；梯度下降让每个权重朝其导数的反方向移动。",
    "The next step of stochastic gradient descent moves that weight from {0} to {1}.":
        "随机梯度下降的下一步，把这个权重从 {0} 移到 {1}。",
    # ---------------------------------------------------------------- graphs
    "Write f equals x plus y, times z, as a graph of two gates.":
        "把 f 等于 x 加 y 再乘以 z，画成由两个门组成的计算图。",
    "Forward: with x minus two, y five and z minus four, q is three and f is minus twelve.":
        "前向：x 为负二，y 为五，z 为负四，则 q 为三，f 为负十二。",
    "Backward: start from one at f; the multiply gate hands each input the other input's value.":
        "反向：从 f 处的 1 开始；乘法门把另一个输入的值交给每个输入。",
    "The add gate passes its gradient, minus four, unchanged to both x and y.":
        "加法门把它的梯度负四原封不动地传给 x 和 y。",
    "Check: nudging x by {0} changes f by {1}, minus four times the nudge.":
        "验证：把 x 轻推 {0}，f 变化 {1}，正是轻推量的负四倍。",
    "An add gate hands its gradient unchanged to every input.":
        "加法门把梯度原封不动地分给每个输入。",
    "A multiply gate swaps: each input gets the other input times the gradient.":
        "乘法门则交换：每个输入得到另一个输入乘以梯度。",
    "A max gate routes the whole gradient to the larger input and nothing to the other.":
        "取最大值门把全部梯度交给较大的输入，另一个什么也得不到。",
    "And where a value is used several times, its gradients add up: here to {0}, just as backpropagation finds.":
        "一个值被用了多次时，它的梯度要相加：这里加起来是 {0}，和反向传播的结果一样。",
    "In code, the forward pass computes and remembers every intermediate value.":
        "在代码里，前向传播计算并记住每一个中间值。",
    "The backward pass walks the graph in reverse, one local rule per gate.":
        "反向传播则倒着遍历计算图，每个门用一条局部规则。",
    "Take D equals W times X, with the real last weight matrix and two images' activations.":
        "取 D 等于 W 乘以 X，W 是真实的最后一层权重矩阵，X 是两张图像的激活值。",
    "The gradient on W must have W's shape, ten by sixteen; the only product that fits is dD times X transposed.":
        "W 的梯度必须和 W 形状相同，十乘十六；唯一能对上的乘积是 dD 乘以 X 的转置。",
    "Likewise dX, sixteen by two, is W transposed times dD.":
        "同理，十六乘二的 dX 等于 W 的转置乘以 dD。",
    "One entry, worked out: it is the same number backpropagation gives for that weight.":
        "算出其中一项：正是反向传播给这个权重的那个数。",
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
    from lecture.catalog import chapters

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
