"""One SGD step drawn on the graph: w, grad, lr, w_new per parameter; the lecture's numbers."""

from __future__ import annotations

import math

import pytest
from teaching_examples import lecture_network, small_expression

from autograd import Value
from viz.classroom.sgd_update import sgd_update


def test_lecture_update_matches_the_slides_and_lowers_the_loss() -> None:
    nodes = lecture_network()
    update = sgd_update(nodes["loss"], lr=0.1)
    assert len(update) == 17  # 2 + 2 + 6 + 3 + 3 + 1 parameters
    # the slide's updated weights (4 decimals)
    for name, new in [
        ("b3[0]", 0.5226),
        ("W3[0,0]", 0.4139),
        ("W3[0,1]", 0.2135),
        ("W3[0,2]", 0.6137),
        ("b2[0]", 0.3021),
        ("W2[0,0]", 0.2012),
        ("W1[0,0]", 0.1005),
        ("b1[1]", 0.2003),
    ]:
        assert update.row(name).w_new == pytest.approx(new, abs=5e-5), name
    row = update.row("W3[0,0]")
    assert row.w_new == row.w - 0.1 * row.grad and row.lr == 0.1
    assert nodes["W3[0,0]"].data == 0.4  # nothing changes before apply()
    update.apply()
    assert nodes["W3[0,0]"].data == row.w_new
    with pytest.raises(ValueError, match="already applied"):
        update.apply()
    # the forward pass with the new weights: the loss drops from 0.2563 to about 0.2455
    new_loss = _forward(nodes)
    assert new_loss == pytest.approx(0.2455, abs=5e-4)
    assert new_loss < 0.2563


def _forward(nodes: dict[str, Value]) -> float:
    """The lecture network's loss recomputed with plain floats from the (updated) parameters."""
    a = [2.0]
    for layer, units in ((1, 2), (2, 3), (3, 1)):
        a = [
            1
            / (
                1
                + math.exp(
                    -(
                        nodes[f"b{layer}[{j}]"].data
                        + sum(nodes[f"W{layer}[{j},{i}]"].data * a[i] for i in range(len(a)))
                    )
                )
            )
            for j in range(units)
        ]
    return -math.log(a[0])


def test_table_text_markdown_and_drawing() -> None:
    nodes = small_expression()
    update = sgd_update(nodes["L"], lr=0.01, precision=3)
    assert [row.name for row in update.rows] == ["a", "b", "c", "f"]
    text = str(update)
    assert "lr = 0.01" in text and "not applied yet" in text
    assert update.to_markdown().count("\n") == 1 + 4
    assert update.to_dicts()[1] == {"parameter": "b", "w": -3.0, "grad": -4.0, "lr": 0.01, "w_new": -2.96}
    source = update.draw().source
    assert "data -3 − 0.01×(-4) = -2.96" in source
    assert source.count('BORDER="3"') == 4  # every parameter highlighted
    assert "w_new = w − lr · dL/dw" in source


def test_params_can_be_chosen_and_are_checked() -> None:
    nodes = small_expression()
    update = sgd_update(nodes["L"], lr=0.5, params=[nodes["a"]])
    assert [row.name for row in update.rows] == ["a"]
    with pytest.raises(ValueError, match="not part of the graph"):
        sgd_update(nodes["L"], params=[Value(1.0)])
    with pytest.raises(TypeError, match="params must be Values"):
        sgd_update(nodes["L"], params=[1.0])
    with pytest.raises(ValueError, match="positive number"):
        sgd_update(nodes["L"], lr=-0.1)
    with pytest.raises(ValueError, match="no parameters"):
        sgd_update(Value(2.0, requires_grad=False) * Value(3.0, requires_grad=False))


def test_the_drawn_step_is_the_step_nn_sgd_takes() -> None:
    from nn import MLP, SGD, bce

    weights = [[[0.1], [0.1]], [[0.2, 0.1], [0.3, 0.2], [0.1, 0.3]], [[0.4, 0.2, 0.6]]]
    biases = [[0.1, 0.2], [0.3, 0.1, 0.2], [0.5]]
    model = MLP.from_weights(weights, biases, "sigmoid")
    loss = bce(model([2.0])[0], 1.0)
    update = sgd_update(loss, lr=0.1, params=model)  # a model stands for its parameters
    assert [row.name for row in update.rows] == [p.label for p in model.parameters()]
    loss.backward()
    SGD(model.parameters(), lr=0.1).step()
    assert [p.data for p in model.parameters()] == [row.w_new for row in update.rows]
