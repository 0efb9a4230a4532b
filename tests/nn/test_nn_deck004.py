"""Deck 004: the 2-2-1 sigmoid network without biases, inputs 0.5 and 0.3, target 1, MSE, lr 0.1.

The slides name the weights w1..w6: z1 = x1 w1 + x2 w3, z2 = x1 w2 + x2 w4 (so
W^[1] = [[w1, w3], [w2, w4]]) and z3 = h1 w5 + h2 w6 (W^[2] = [[w5, w6]]). The loss
is C = (1/n) Σ (y - ŷ)² with n = 1 and no 1/2 factor: nn.mse with its defaults.
"""

from __future__ import annotations

import nn
from autograd import Value, topological_order

W1, W3, W2, W4, W5, W6 = 0.7, 0.4, 0.3, 0.6, 0.55, 0.45
X = [0.5, 0.3]


def slide_network() -> nn.MLP:
    return nn.MLP.from_weights([[[W1, W3], [W2, W4]], [[W5, W6]]], None, "sigmoid")


def nodes(loss: Value) -> dict[str, Value]:
    return {node.label: node for node in topological_order(loss) if node.label}


def test_network_has_no_bias_parameters() -> None:
    model = slide_network()
    assert model.num_parameters() == 6 and model.biases() == [None, None]


def test_forward_pass_and_loss() -> None:
    v = nodes(nn.mse(slide_network()(X), 1.0))
    assert [round(v["z1[0]"].data, 2), round(v["z1[1]"].data, 2)] == [0.47, 0.33]
    assert [round(v["a1[0]"].data, 3), round(v["a1[1]"].data, 3)] == [0.615, 0.582]  # h1, h2
    # o1 is printed 0.645, but sigmoid(0.600253) = 0.645714 -> 0.646; the slide
    # truncates. Its own loss C = (1 - 0.645)² = 0.126 comes out the same either way.
    assert round(v["a2[0]"].data, 3) == 0.646
    assert round(v["loss"].data, 3) == 0.126


def test_chain_rule_factors_and_the_gradients_of_w5_w6() -> None:
    model = slide_network()
    loss = nn.mse(model(X), 1.0)
    loss.backward()
    v = nodes(loss)
    assert round(v["a2[0]"].grad, 2) == -0.71  # dC/do1 = -2 (1 - o1)
    o1 = v["a2[0]"].data
    assert round(o1 * (1 - o1), 3) == 0.229  # do1/dz3
    w5, w6 = model.layers[1].neurons[0].w
    assert round(w5.grad, 1) == -0.1  # -0.71 x 0.229 x 0.615 = -0.0998 (printed -0.1)
    # dC/dw6 is printed -0.095 (from the rounded -0.71 x 0.229 x 0.582 = -0.0946);
    # exactly -0.708572 x 0.228767 x 0.581759 = -0.094302 -> -0.094.
    assert round(w6.grad, 3) == -0.094


def test_updated_weights() -> None:
    model = slide_network()
    optimizer = nn.SGD(model.parameters(), lr=0.1)
    optimizer.zero_grad()
    nn.mse(model(X), 1.0).backward()
    optimizer.step()
    (n1, n2), (out,) = model.layers[0].neurons, model.layers[1].neurons
    assert round(out.w[0].data, 2) == 0.56  # w5
    # w6 is printed 0.4595 (0.45 + 0.1 x the rounded 0.095); exactly 0.459430 -> 0.4594.
    assert round(out.w[1].data, 4) == 0.4594
    # w1 is printed 0.7010; exactly 0.7 + 0.1 x 0.010551 = 0.701055 -> 0.7011.
    assert round(n1.w[0].data, 4) == 0.7011
    # w3 is printed 0.4011, which is what x1 = 0.5 would give; w3 multiplies x2 = 0.3,
    # so dC/dw3 = dC/dz1 x 0.3 = -0.006331 and w3 = 0.400633 -> 0.4006.
    assert round(n1.w[1].data, 4) == 0.4006
    assert round(n2.w[0].data, 4) == 0.3009  # w2
    assert round(n2.w[1].data, 4) == 0.6005  # w4


def test_forward_pass_and_loss_after_the_update() -> None:
    model = slide_network()
    optimizer = nn.SGD(model.parameters(), lr=0.1)
    before = nn.mse(model(X), 1.0)
    before.backward()
    optimizer.step()
    loss = nn.mse(model(X), 1.0)
    v = nodes(loss)
    # z1 is printed 0.4708 = 0.5 x 0.7010 + 0.3 x 0.4011, from the slide's wrong w3;
    # with the right weights z1 = 0.470717 -> 0.4707.
    assert round(v["z1[0]"].data, 4) == 0.4707
    assert round(v["z1[1]"].data, 4) == 0.3306
    # The new loss is only shown in a figure ("the error is reduced"): 0.1236 < 0.1255.
    assert round(loss.data, 4) == 0.1236 and loss.data < before.data
