"""Deck 000: the 1-2-3-1 sigmoid network on x = 2.0, y = 1 with binary cross-entropy.

Built with from_weights exactly as the slides write it (w0 is the bias), then
checked against the slides' printed numbers to the decimals they print: the
forward pass, the loss, every gradient, every updated weight after one
gradient-descent step with learning rate 0.1, and the forward pass and loss again.

Where the slides are off, the test asserts the exact value and says why.
"""

from __future__ import annotations

import pytest

import nn
from autograd import Value, gradcheck, topological_order


def slide_network() -> nn.MLP:
    return nn.MLP.from_weights(
        weights=[
            [[0.1], [0.1]],  # layer 1: w1 of neurons 1 and 2
            [[0.2, 0.1], [0.3, 0.2], [0.1, 0.3]],  # layer 2: [w1, w2] of neurons 1..3
            [[0.4, 0.2, 0.6]],  # output: w1, w2, w3
        ],
        biases=[[0.1, 0.2], [0.3, 0.1, 0.2], [0.5]],  # the w0 of every neuron
        activations="sigmoid",
    )


def by_label(loss: Value) -> dict[str, Value]:
    return {node.label: node for node in topological_order(loss) if node.label}


@pytest.fixture
def trained() -> tuple[nn.MLP, dict[str, Value]]:
    model = slide_network()
    loss = nn.bce(model(2.0), 1)
    loss.backward()
    return model, by_label(loss)


def test_forward_pass(trained: tuple[nn.MLP, dict[str, Value]]) -> None:
    _, v = trained
    assert [round(v[k].data, 4) for k in ["z1[0]", "a1[0]", "z1[1]", "a1[1]"]] == [0.3, 0.5744, 0.4, 0.5987]
    assert [round(v[f"z2[{j}]"].data, 4) for j in range(3)] == [0.4748, 0.3921, 0.4371]
    # a3^[2] is printed 0.6076 on the forward slide (right: 0.607556) but used as
    # 0.6075 on the following slides (z^[3], dL/dw3^[3], the a(1 - a) factor).
    assert [round(v[f"a2[{j}]"].data, 4) for j in range(3)] == [0.6165, 0.5968, 0.6076]
    assert round(v["z3[0]"].data, 4) == 1.2305
    assert round(v["a3[0]"].data, 4) == 0.7739  # ŷ


def test_loss(trained: tuple[nn.MLP, dict[str, Value]]) -> None:
    _, v = trained
    assert round(v["loss"].data, 4) == 0.2563
    # The slide writes "log(0.7740) ≈ -0.2563" and then uses ŷ = 0.7740 in the
    # backward pass: ŷ = 0.773905 rounds to 0.7739, as the forward slide says.
    assert round(v["a3[0]"].data, 4) != 0.7740


def test_output_layer_gradients(trained: tuple[nn.MLP, dict[str, Value]]) -> None:
    _, v = trained
    y_hat = v["a3[0]"]
    assert round(y_hat.grad, 4) == -1.2921  # dL/dŷ = -1/ŷ (the next line of the slide says -1.2922)
    assert round(y_hat.data * (1 - y_hat.data), 4) == 0.1750  # dŷ/dz
    assert round(v["z3[0]"].grad, 4) == -0.2261
    assert round(v["b3[0]"].grad, 4) == -0.2261  # dL/dw0^[3]
    # dL/dw1..3^[3] = -0.1394, -0.1349, -0.1374 (the update slide then uses -0.1393 and -0.1373)
    assert [round(v[f"W3[0,{i}]"].grad, 4) for i in range(3)] == [-0.1394, -0.1349, -0.1374]


def test_layer_2_gradients(trained: tuple[nn.MLP, dict[str, Value]]) -> None:
    _, v = trained
    # dL/da^[2] = -0.0904, -0.0452, -0.1357 (the next slide uses -0.1356 for the third)
    assert [round(v[f"a2[{j}]"].grad, 4) for j in range(3)] == [-0.0904, -0.0452, -0.1357]
    assert [round(v[f"a2[{j}]"].data * (1 - v[f"a2[{j}]"].data), 4) for j in range(3)] == [0.2364, 0.2406, 0.2384]
    assert [round(v[f"z2[{j}]"].grad, 4) for j in range(3)] == [-0.0214, -0.0109, -0.0323]
    # the slide's w_{ij}^[2] is input i of neuron j: w_0j is b2[j-1], w_1j is W2[j-1,0], w_2j is W2[j-1,1]
    assert [round(v[f"b2[{j}]"].grad, 4) for j in range(3)] == [-0.0214, -0.0109, -0.0323]
    assert [[round(v[f"W2[{j},{i}]"].grad, 4) for i in range(2)] for j in range(3)] == [
        [-0.0123, -0.0128],
        [-0.0063, -0.0065],
        [-0.0186, -0.0194],
    ]


def test_layer_1_gradients(trained: tuple[nn.MLP, dict[str, Value]]) -> None:
    _, v = trained
    # The slide sums rounded products (-0.00214 - 0.00218 - 0.00969 = -0.01401);
    # exactly dL/da2^[1] = -0.0140179 -> -0.01402.
    assert [round(v[f"a1[{j}]"].grad, 5) for j in range(2)] == [-0.01078, -0.01402]
    assert [round(v[f"a1[{j}]"].data * (1 - v[f"a1[{j}]"].data), 4) for j in range(2)] == [0.2445, 0.2403]
    # The slide multiplies rounded numbers (-0.01078 x 0.2445 = -0.0026357 -> -0.00264);
    # exactly dL/dz1^[1] = -0.0026341 -> -0.00263, and so dL/dw11^[1] = 2.0 x that
    # = -0.0052682 -> -0.00527 (the slide: -0.00528).
    assert [round(v[f"z1[{j}]"].grad, 5) for j in range(2)] == [-0.00263, -0.00337]
    assert [round(v[f"b1[{j}]"].grad, 5) for j in range(2)] == [-0.00263, -0.00337]
    assert [round(v[f"W1[{j},0]"].grad, 5) for j in range(2)] == [-0.00527, -0.00674]


def test_every_gradient_agrees_with_central_differences() -> None:
    def loss_with(*params: Value) -> Value:
        model = slide_network()
        given = iter(params)
        for layer in model.layers:
            for neuron in layer.neurons:
                neuron.w = [next(given) for _ in neuron.w]
                neuron.b = next(given)
        return nn.bce(model(2.0), 1)

    report = gradcheck(loss_with, slide_network().parameters())
    assert report, report


def test_one_gradient_descent_step_gives_the_slides_new_weights() -> None:
    model = slide_network()
    optimizer = nn.SGD(model.parameters(), lr=0.1)
    optimizer.zero_grad()
    nn.bce(model(2.0), 1).backward()
    optimizer.step()
    weights = [[[round(w, 4) for w in row] for row in matrix] for matrix in model.weights()]
    biases = [[round(b, 4) for b in vector] for vector in model.biases()]  # type: ignore[union-attr]
    assert weights == [
        [[0.1005], [0.1007]],
        [[0.2012, 0.1013], [0.3006, 0.2007], [0.1019, 0.3019]],
        [[0.4139, 0.2135, 0.6137]],
    ]
    assert biases == [[0.1003, 0.2003], [0.3021, 0.1011, 0.2032], [0.5226]]


def test_forward_pass_and_loss_after_the_step() -> None:
    model = slide_network()
    optimizer = nn.SGD(model.parameters(), lr=0.1)
    first = nn.bce(model(2.0), 1)
    first.backward()
    optimizer.step()
    loss = nn.bce(model(2.0), 1)
    v = by_label(loss)
    assert [round(v[f"z1[{j}]"].data, 4) for j in range(2)] == [0.3013, 0.4017]
    assert [round(v[f"a1[{j}]"].data, 4) for j in range(2)] == [0.5748, 0.5991]
    assert [round(v[f"z2[{j}]"].data, 4) for j in range(3)] == [0.4785, 0.3941, 0.4427]
    assert [round(v[f"a2[{j}]"].data, 4) for j in range(3)] == [0.6174, 0.5973, 0.6089]
    # The slide's sum reads "0.4139 x 0.6147" (a typo for a1^[2] = 0.6174); its result
    # 1.2794 is the right one.
    assert round(v["z3[0]"].data, 4) == 1.2794
    # ŷ_new = 0.7823; the "Updated Network" slide's "now predicts 0.7862 (improved
    # from 0.7740)" matches neither this nor the forward pass (0.7739).
    assert round(v["a3[0]"].data, 4) == 0.7823
    assert round(loss.data, 4) == 0.2455
    assert round(first.data - loss.data, 4) == 0.0108
    assert round(100 * (first.data - loss.data) / first.data, 2) == 4.23  # "4.23% reduction"
