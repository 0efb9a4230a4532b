"""``chalkgrad demo``: the lecture's 1-2-3-1 network, forward and backward, with pictures.

The network of the deck "Training a simple neural network with one hidden layer":
one input x = 2.0, a first layer of two sigmoid neurons, a second of three, one
sigmoid output, and binary cross-entropy against the label y = 1. The weights are
the slide's (W[l] has one row per neuron of layer l, one column per input):

    W1 = [[0.1], [0.1]]                          b1 = [0.1, 0.2]
    W2 = [[0.2, 0.1], [0.3, 0.2], [0.1, 0.3]]    b2 = [0.3, 0.1, 0.2]
    W3 = [[0.4, 0.2, 0.6]]                       b3 = [0.5]

The slide finds ŷ = 0.7739 and loss 0.2563, dL/dz3 = ŷ - y = -0.2261, and so on
back to dL/dW1[0,0] = -0.00528.

``chalkgrad demo`` writes the computation graph and the network diagram (SVG by
default, --format png for a projector-sharp PNG, or pdf), and the computation
graph as a TikZ picture for LaTeX slides, and prints where each file is.

Read next: ``graph.py`` and ``network.py``, which draw the two pictures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nn
from autograd import Value, topological_order
from autograd.formatting import format_number
from nn.naming import Role
from viz.cli.output import write_picture
from viz.drawing.graph import draw_graph
from viz.drawing.network import draw_network

WEIGHTS = [[[0.1], [0.1]], [[0.2, 0.1], [0.3, 0.2], [0.1, 0.3]], [[0.4, 0.2, 0.6]]]
BIASES = [[0.1, 0.2], [0.3, 0.1, 0.2], [0.5]]
X = [2.0]
Y = [1]

# How the demo draws the computation graph for a slide: the whole network in a 16:9 box,
# layers left to right, units and parameters top to bottom in index order.
SLIDE_GRAPH: dict[str, Any] = {"layout": "slide"}


def build() -> tuple[Any, Value]:
    """The slide's model and its loss on (x, y) after one forward and one backward pass."""
    model = nn.MLP.from_weights(WEIGHTS, BIASES, "sigmoid")
    loss = nn.bce(model(X), Y)
    loss.backward()
    return model, loss


def run_demo(folder: Path, fmt: str = "svg") -> int:
    """Print the worked example and write its two pictures into ``folder``."""

    model, loss = build()
    order = topological_order(loss)
    by_role = {node.role: node for node in order if isinstance(node.role, Role)}

    print("The 1-2-3-1 sigmoid network of the lecture, on x = 2.0 with label y = 1 and binary cross-entropy.\n")
    print("Forward pass (z = W·a + b, then a = sigmoid(z)):")
    for layer in (1, 2, 3):
        for unit in range(len(WEIGHTS[layer - 1])):
            z, a = by_role[Role("z", layer, unit)], by_role[Role("a", layer, unit)]
            z_text, a_text = format_number(z.data), format_number(a.data)
            print(f"  layer {layer}, neuron {unit}:  z = {z_text}   a = sigmoid(z) = {a_text}")
    y_hat = by_role[Role("a", 3, 0)]
    print(f"\n  prediction ŷ = {format_number(y_hat.data)}    loss = -ln(ŷ) = {format_number(loss.data)}")

    print("\nBackward pass (loss.backward()), gradient of the loss with respect to each node:")
    print(f"  dL/dŷ = {format_number(y_hat.grad)}")
    for layer in (3, 2, 1):
        for unit in range(len(WEIGHTS[layer - 1])):
            z, a = by_role[Role("z", layer, unit)], by_role[Role("a", layer, unit)]
            print(f"  layer {layer}, neuron {unit}:  dL/da = {format_number(a.grad)}   dL/dz = {format_number(z.grad)}")
    print("\nGradients of the parameters, layer by layer (what an optimizer step uses):")
    layer_shown = 0
    for _, parameter in model.named_parameters():  # the model's order: layer 1 first, unit by unit
        layer = parameter.role.layer if isinstance(parameter.role, Role) else 0
        if layer != layer_shown:
            print(f"  layer {layer}")
            layer_shown = layer
        print(f"    {parameter.label:<8} = {format_number(parameter.data)}   grad {format_number(parameter.grad)}")
    print("\nOne step of gradient descent with learning rate 0.1 would move each parameter by -0.1 × grad.")

    folder.mkdir(parents=True, exist_ok=True)
    graph = draw_graph(loss, **SLIDE_GRAPH, title="1-2-3-1 network: computation graph after backward()")
    network = draw_network(model, root=loss, precision=4, title="1-2-3-1 network: activations, weights and gradients")
    # A PNG for a projector gets three times the pixels of a 96-dpi screen picture.
    options = {"scale": 3} if fmt == "png" else {}
    pictures = [
        (graph, f"computation_graph.{fmt}", "the computation graph", options),
        (network, f"network.{fmt}", "the network diagram", options),
        (graph, "computation_graph.tex", "the computation graph for LaTeX slides (a TikZ picture)", {}),
    ]
    print()
    status = 0
    for drawing, name, what, extra in pictures:
        status = max(status, write_picture(drawing, folder / name, what, **extra))
    if status == 0:
        print(
            "\nOpen the pictures in a browser or an image viewer. The .tex file compiles on its own "
            "(pdflatex computation_graph.tex) or goes into slides: its first lines say how."
        )
    return status
