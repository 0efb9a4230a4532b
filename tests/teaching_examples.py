"""Graphs the teaching-tool tests share: a small expression and the lecture's 1-2-3-1 network.

The network is the worked example of deck 000 (one input x = 2.0, label y = 1,
sigmoid everywhere, binary cross-entropy), built from plain Values with the
labels and roles ``nn`` gives its Values ("W1[0,0]", "b2[1]", "z3[0]", "a3[0]",
...), so these tests do not depend on nn's layers, only on its ``naming``.
"""

from __future__ import annotations

from autograd import Value, dot
from nn.naming import Role, named

# The deck's weights: W[l] has shape (units in layer l, units in layer l - 1).
LECTURE_W = [[[0.1], [0.1]], [[0.2, 0.1], [0.3, 0.2], [0.1, 0.3]], [[0.4, 0.2, 0.6]]]
LECTURE_B = [[0.1, 0.2], [0.3, 0.1, 0.2], [0.5]]


def small_expression() -> dict[str, Value]:
    """L = (a * b + c) * f with a reuse: a also enters through tanh. Returns every node by label."""
    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    c = Value(10.0, label="c")
    f = Value(-2.0, label="f")
    e = a * b
    e.label = "e"
    t = a.tanh()
    t.label = "t"
    d = e + c + t
    d.label = "d"
    L = d * f
    L.label = "L"
    return {"a": a, "b": b, "c": c, "f": f, "e": e, "t": t, "d": d, "L": L}


def lecture_network(x: float = 2.0, y: float = 1.0) -> dict[str, Value]:
    """The 1-2-3-1 sigmoid network with BCE loss; returns every labelled node (and "loss")."""
    nodes: dict[str, Value] = {}
    activations = [named(Value(x, requires_grad=False), Role("x", 0, None, 0))]
    nodes["x[0]"] = activations[0]
    for layer, (weights, biases) in enumerate(zip(LECTURE_W, LECTURE_B), start=1):
        outputs = []
        for j, (row, bias) in enumerate(zip(weights, biases)):
            ws = [named(Value(w), Role("W", layer, j, i)) for i, w in enumerate(row)]
            b = named(Value(bias), Role("b", layer, j))
            z = named(dot(ws, activations, bias=b), Role("z", layer, j))
            a = named(z.sigmoid(), Role("a", layer, j))
            for node in (*ws, b, z, a):
                nodes[node.label] = node
            outputs.append(a)
        activations = outputs
    y_hat = activations[0]
    loss = -(y * y_hat.log() + (1 - y) * (1 - y_hat).log())
    loss.label = "loss"
    nodes["loss"] = loss
    return nodes
