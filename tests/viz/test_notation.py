"""The decks' notation (``notation="deck"``): one naming place, read from nn's roles.

Every drawing and teaching tool takes the option; the names come from
``viz.notation`` and from the ``role`` nn sets, never from a label. The network is
deck 000's 1-2-3-1 example, so the names can be checked against the slides
(w_11^[1] is the weight from the input into the first neuron of layer 1, w_01^[2]
the bias of the first hidden neuron of layer 2, a_1^[3] the prediction).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from teaching_examples import LECTURE_B, LECTURE_W, lecture_network

import nn
import viz
from autograd import Value
from nn.naming import Role
from viz.notation import check_notation, deck_latex, deck_name, input_name, node_name, typed, unit_title


@pytest.fixture
def net() -> dict[str, Value]:
    return lecture_network()


# -- the names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "text", "latex"),
    [
        (Role("W", 1, 0, 0), "w₁₁^[1]", "w_{11}^{[1]}"),  # from input 1 into neuron 1 of layer 1
        (Role("W", 2, 2, 1), "w₂₃^[2]", "w_{23}^{[2]}"),  # from a_2^[1] into neuron 3 (deck 000: w_23^[2])
        (Role("b", 2, 0), "w₀₁^[2]", "w_{01}^{[2]}"),  # the bias as the weight of the constant input 1
        (Role("z", 3, 0), "z₁^[3]", "z_{1}^{[3]}"),
        (Role("a", 1, 1), "a₂^[1]", "a_{2}^{[1]}"),
        (Role("x", 0, None, 0), "x₁", "x_{1}"),
        (Role("W", 1, 11, 2), "w₃,₁₂^[1]", "w_{3,12}^{[1]}"),  # two-digit indices get a comma
    ],
)
def test_a_role_has_the_decks_name(role: Role, text: str, latex: str) -> None:
    assert deck_name(role) == text
    assert deck_latex(role) == latex


def test_values_without_a_role_keep_their_label_in_both_notations(net: dict[str, Value]) -> None:
    loss = net["loss"]
    assert node_name(loss, "deck") == node_name(loss, "chalkgrad") == "loss"
    mine = Value(1.5, label="w5")  # a Value the student made and named
    assert node_name(mine, "deck") == "w5"
    assert deck_name(None) is None


def test_the_deck_name_comes_from_the_role_not_the_label(net: dict[str, Value]) -> None:
    weight = net["W2[1,0]"]
    weight.label = "my weight"  # a student's own label changes nothing the deck names
    assert node_name(weight, "chalkgrad") == "my weight"
    assert node_name(weight, "deck") == "w₁₂^[2]"


def test_nn_models_name_their_values_for_the_deck() -> None:
    model = nn.MLP.from_weights(LECTURE_W, LECTURE_B, "sigmoid")
    assert node_name(model.layers[0].neurons[0].w[0], "deck") == "w₁₁^[1]"
    assert node_name(model.layers[1].neurons[2].b, "deck") == "w₀₃^[2]"
    output = model([2.0])[0]
    assert node_name(output, "deck") == "a₁^[3]"


def test_unit_titles_and_inputs() -> None:
    assert unit_title(2, 0) == "layer 2 · unit 0"
    assert unit_title(2, 0, "deck") == "layer 2 · neuron 1"
    assert input_name(0) == "x[0]" and input_name(0, "deck") == "x₁"


@pytest.mark.parametrize("written", ["w_11^[1]", "w_{11}^{[1]}", "w11^[1]", " w₁₁^[1] ", "w_{1 1}^{[1]}"])
def test_typed_names_meet_the_drawn_one(written: str) -> None:
    assert typed(written) == typed("w₁₁^[1]") == "w11^[1]"


def test_an_unknown_notation_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match=r"'chalkgrad'.*'deck'.*got 'slides'"):
        check_notation("slides")


# -- the option, in every drawing and tool ----------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda n: viz.draw_graph(n["loss"], notation="Deck"),
        lambda n: viz.backprop_table(n["loss"], notation="Deck"),
        lambda n: viz.step_through(n["loss"], notation="Deck"),
        lambda n: viz.exercise(n["loss"], notation="Deck"),
        lambda n: viz.chain_rule(n["loss"], wrt=n["W1[0,0]"], notation="Deck"),
        lambda n: viz.sgd_update(n["loss"], notation="Deck"),
    ],
    ids=["draw_graph", "backprop_table", "step_through", "exercise", "chain_rule", "sgd_update"],
)
def test_every_tool_refuses_an_unknown_notation(
    make: Callable[[dict[str, Value]], object], net: dict[str, Value]
) -> None:
    with pytest.raises(ValueError, match="notation must be"):
        make(net)


def test_draw_graph_shows_the_decks_names(net: dict[str, Value]) -> None:
    plain = viz.draw_graph(net["loss"], clusters=True).source
    deck = viz.draw_graph(net["loss"], clusters=True, notation="deck").source
    # "]" is written as an entity in DOT labels (see viz.drawing.text)
    assert "<B>W1[0,0&#93;</B>" in plain and "layer 1 · unit 0" in plain  # the default is unchanged
    for name in ("w₁₁^[1&#93;", "w₀₁^[2&#93;", "z₁^[3&#93;", "a₃^[2&#93;", "x₁"):
        assert f"<B>{name}</B>" in deck
    assert "layer 1 · neuron 1" in deck and "layer 1 · unit 0" not in deck
    assert "W1[0,0" not in deck and "<B>loss</B>" in deck  # the loss has no role: its label stays


def test_draw_network_shows_the_decks_names() -> None:
    model = nn.MLP.from_weights(LECTURE_W, LECTURE_B, "sigmoid")
    deck = viz.draw_network(model, inputs=[2.0], notation="deck").source
    assert "<B>x₁</B>" in deck and "layer 3 · neuron 1" in deck
    assert "w₁₁^[1&#93; = 0.1" in deck  # a weight on its edge
    assert "w₀₁^[2&#93; = 0.3" in deck and "a₁^[3&#93; = 0.774" in deck  # a bias and the prediction
    assert "W1[0,0" not in deck and "x[0" not in deck
    assert "W1[0,0&#93; = 0.1" in viz.draw_network(model, inputs=[2.0]).source


def test_the_table_names_rows_as_the_deck_and_finds_them_either_way(net: dict[str, Value]) -> None:
    table = viz.backprop_table(net["loss"], notation="deck")
    nodes = [row.node for row in table]
    assert "w₁₁^[1]" in nodes and "W1[0,0]" not in nodes
    row = table.row("w_11^[1]")
    assert row is table.row("W1[0,0]") is table.row("w₁₁^[1]")
    assert round(row.grad, 5) == -0.00527  # deck 000, Step 8 (the slide's -0.00528 is rounding drift)
    assert "w₁₁^[1]" in str(table) and "W1[0,0]" not in str(table)
    with pytest.raises(ValueError, match="no row for 'w_99"):
        table.row("w_99^[1]")


def test_step_captions_and_frames_use_the_decks_names(net: dict[str, Value]) -> None:
    steps = viz.step_through(net["loss"], notation="deck")
    at_z3 = next(frame for frame in steps if frame.name == "z₁^[3]")
    assert "w₁₁^[3] += -0.2261 × 0.6165 = -0.1394" in at_z3.caption  # deck 000, Step 2
    drawing = steps.draw(at_z3.index).source
    assert "<B>z₁^[3&#93;</B>" in drawing and "W3[0,0" not in drawing


def test_an_exercise_takes_answers_in_the_decks_names_or_by_label(net: dict[str, Value]) -> None:
    exercise = viz.exercise(net["loss"], notation="deck")
    assert "w₁₁^[1]" in exercise.blanks
    checked = exercise.check({"w_11^[1]": -0.00527, "z_1^{[3]}": -0.2261, "W3[0,0]": -0.1394})
    assert checked.right == ["w₁₁^[1]", "z₁^[3]", "w₁₁^[3]"]
    slip = exercise.check({"a_1^[2]": -0.2261})  # the upstream gradient, not yet times the weight
    assert "dloss/dz₁^[3]" in slip["a₁^[2]"].message and "w₁₁^[3]" in slip["a₁^[2]"].message
    assert "<B>w₁₁^[1&#93;</B>" in exercise.draw().source


def test_chain_rule_and_sgd_update_in_the_decks_names(net: dict[str, Value]) -> None:
    paths = viz.chain_rule(net["loss"], wrt="w_{11}^{[1]}", notation="deck")
    # one path through each neuron of layer 2 (deck 000, Step 6), twice: the BCE's y and 1 - y terms
    assert paths.count == 6
    assert "w₁₁^[1] → z₁^[1] → a₁^[1] → z₁^[2]" in str(paths)
    assert round(paths.total, 5) == -0.00527
    update = viz.sgd_update(net["loss"], lr=0.1, notation="deck")
    rows = {row.name: row for row in update.rows}
    assert round(rows["w₀₁^[3]"].w_new, 4) == 0.5226  # deck 000's first updated weight
    assert "<B>w₀₁^[3&#93;</B>" in update.draw().source


def test_the_option_changes_names_only(net: dict[str, Value]) -> None:
    """The same numbers in the same rows: only the node names differ between the notations."""
    plain = viz.backprop_table(net["loss"])
    deck = viz.backprop_table(net["loss"], notation="deck")
    assert [(r.data, r.upstream, r.sends) for r in plain] == [(r.data, r.upstream, r.sends) for r in deck]
    assert all(node.grad == 0.0 for node in net.values())  # and, like every reader, writes no .grad
