"""Module, Neuron, Layer, MLP: structure, names, labels, initialisation and errors."""

from __future__ import annotations

import random

import numpy as np
import pytest

import autograd
import nn
from autograd import Value, topological_order
from nn.naming import LabelInfo, Role, parse_label


def test_neuron_is_one_dot_node_then_the_activation() -> None:
    neuron = nn.Neuron(3, "tanh", rng=0)
    out = neuron([1.0, 2.0, 3.0])
    assert out.op == "tanh" and out.label == "a1[0]"
    z = out.inputs[0]
    assert z.op == "dot" and z.label == "z1[0]"
    assert z.inputs[:3] == tuple(neuron.w) and z.inputs[-1] is neuron.b
    assert [x.label for x in z.inputs[3:6]] == ["x[0]", "x[1]", "x[2]"]
    assert all(not x.requires_grad for x in z.inputs[3:6])


def test_linear_neuron_output_is_its_z_node() -> None:
    out = nn.Neuron(2, "linear", rng=0)([1.0, 1.0])
    assert out.op == "dot" and out.label == "z1[0]"


def test_neuron_without_bias_has_no_bias_parameter() -> None:
    neuron = nn.Neuron(2, "relu", rng=0, bias=False)
    assert neuron.b is None and neuron.num_parameters() == 2
    z = neuron([1.0, 2.0]).inputs[0]
    assert len(z.inputs) == 4


def test_activation_names_and_callables() -> None:
    for name in ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "step"]:
        assert nn.Neuron(1, name, rng=0).activation == name

    def swish(z: Value) -> Value:
        return z * z.sigmoid()

    neuron = nn.Neuron(1, swish, rng=0)
    assert neuron.activation == "swish"
    neuron.w[0].data, neuron.b.data = 1.0, 0.0  # type: ignore[union-attr]
    assert neuron([2.0]).data == pytest.approx(2.0 / (1.0 + np.exp(-2.0)))


def test_unknown_activation_lists_the_known_names() -> None:
    with pytest.raises(ValueError, match=r"'sigmoid'.*'relu'") as info:
        nn.Neuron(2, "softsign")
    assert "softsign" in str(info.value)
    with pytest.raises(TypeError, match="activation"):
        nn.Neuron(2, 3)  # type: ignore[arg-type]


def test_layer_always_returns_a_list() -> None:
    out = nn.Layer(2, 1, "sigmoid", rng=0)([0.5, -0.5])
    assert isinstance(out, list) and len(out) == 1


def test_mlp_labels_follow_the_contract() -> None:
    model = nn.MLP(2, [3, 1], "relu", "sigmoid", rng=1)
    assert model.layers[1].neurons[0].w[2].label == "W2[0,2]"
    assert model.layers[0].neurons[2].b.label == "b1[2]"  # type: ignore[union-attr]
    (out,) = model([0.1, 0.2])
    labels = {node.label for node in topological_order(out)}
    assert {"x[0]", "x[1]", "z1[0]", "a1[2]", "z2[0]", "a2[0]", "W1[1,0]", "b2[0]"} <= labels


def test_named_parameters_follow_attribute_paths() -> None:
    model = nn.MLP(2, [2, 1], rng=0)
    names = [name for name, _ in model.named_parameters()]
    assert names[:3] == ["layers.0.neurons.0.w.0", "layers.0.neurons.0.w.1", "layers.0.neurons.0.b"]
    assert names[-1] == "layers.1.neurons.0.b"
    assert model.named_parameters()[4][1] is model.layers[0].neurons[1].w[1]
    assert model.parameters() == [p for _, p in model.named_parameters()]
    assert model.num_parameters() == 2 * 2 + 2 + 2 + 1


def test_zero_grad_resets_every_parameter() -> None:
    model = nn.MLP(2, [3, 1], rng=0)
    model([1.0, -1.0])[0].backward()
    assert any(p.grad != 0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0 for p in model.parameters())


def test_repr_is_short_for_a_big_model() -> None:
    model = nn.MLP(64, [16, 10], "relu", rng=0)
    text = repr(model)
    assert "\n" not in text and len(text) < 100
    assert "64" in text and "1210 parameters" in text
    assert repr(model.layers[0]) == "Layer(64 -> 16, relu)"
    assert repr(model.layers[0].neurons[0]) == "Neuron(64 inputs, relu, bias)"


def test_same_seed_same_network_different_seed_different_network() -> None:
    a = nn.MLP(3, [4, 2], rng=42).weights()
    assert nn.MLP(3, [4, 2], rng=42).weights() == a
    assert nn.MLP(3, [4, 2], rng=random.Random(42)).weights() == a
    assert nn.MLP(3, [4, 2], rng=43).weights() != a


@pytest.mark.parametrize(
    ("init", "check"),
    [
        ("default", lambda w, b, nin, nout: max(map(abs, w)) <= nin**-0.5 and abs(b) <= nin**-0.5),
        ("xavier", lambda w, b, nin, nout: max(map(abs, w)) <= (6 / (nin + nout)) ** 0.5 and b == 0),
        ("uniform", lambda w, b, nin, nout: max(map(abs, w)) <= 1.0),
        ("zeros", lambda w, b, nin, nout: w == [0.0] * nin and b == 0),
    ],
)
def test_init_schemes_stay_in_their_ranges(init: str, check: object) -> None:
    layer = nn.Layer(50, 20, rng=0, init=init)
    for neuron in layer.neurons:
        w = [p.data for p in neuron.w]
        assert check(w, neuron.b.data, 50, 20)  # type: ignore[operator, union-attr]


def test_he_init_has_the_right_spread() -> None:
    layer = nn.Layer(200, 50, "relu", rng=0, init="he")
    w = np.array([[p.data for p in n.w] for n in layer.neurons])
    assert w.std() == pytest.approx((2 / 200) ** 0.5, rel=0.05)
    assert all(n.b.data == 0 for n in layer.neurons)  # type: ignore[union-attr]


def test_bad_init_and_rng_are_clear_errors() -> None:
    with pytest.raises(ValueError, match="'xavier'"):
        nn.Neuron(2, init="glorot")
    with pytest.raises(TypeError, match="rng"):
        nn.Neuron(2, rng="seed")  # type: ignore[arg-type]


def test_wrong_number_of_inputs_says_how_many() -> None:
    model = nn.MLP(3, [2, 1], rng=0)
    with pytest.raises(ValueError, match="3-2-1 network") as info:
        model([1.0, 2.0])
    assert "3 inputs" in str(info.value) and "got 2" in str(info.value)
    with pytest.raises(ValueError, match="takes 2 inputs"):
        nn.Neuron(2)([1.0])
    with pytest.raises(TypeError, match="list of 3 inputs"):
        model(None)  # type: ignore[arg-type]


def test_one_input_may_be_a_plain_number_or_numpy_array() -> None:
    model = nn.MLP(1, [2, 1], rng=0)
    assert model(2.0)[0].data == model([2.0])[0].data == model(np.array([2.0]))[0].data
    two = nn.MLP(2, [1], rng=0)
    assert two(np.array([1.0, 2.0]))[0].data == two([1.0, 2.0])[0].data


def test_bad_sizes_are_clear_errors() -> None:
    with pytest.raises(ValueError, match="number of inputs nin must be a whole number >= 1, got 0"):
        nn.MLP(0, [1])
    with pytest.raises(TypeError, match=r"\[3\]"):
        nn.MLP(2, 3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at least one layer"):
        nn.MLP(2, [])
    with pytest.raises(ValueError, match=r"units of layer 1 \(nout\) must be a whole number >= 1, got 0"):
        nn.Layer(2, 0)
    with pytest.raises(ValueError, match=r"units of layer 2 must be a whole number >= 1, got 2\.0"):
        nn.MLP(2, [3, 2.0])


# -- from_weights ---------------------------------------------------------------


def test_from_weights_puts_every_number_where_the_slide_writes_it() -> None:
    w1 = [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]
    w2 = [[0.7, 0.8, 0.9]]
    model = nn.MLP.from_weights([w1, np.array(w2)], [[1.0, 2.0, 3.0], np.array([4.0])], ["relu", "sigmoid"])
    assert model.sizes == [2, 3, 1] and model.activations == ["relu", "sigmoid"]
    assert model.layers[0].neurons[2].w[1].data == 0.6
    assert model.layers[1].neurons[0].b.data == 4.0  # type: ignore[union-attr]
    assert model.weights() == [w1, w2]
    assert model.biases() == [[1.0, 2.0, 3.0], [4.0]]
    assert model.layers[0].neurons[2].w[1].label == "W1[2,1]"


def test_from_weights_without_biases_has_no_bias_parameters() -> None:
    model = nn.MLP.from_weights([[[1.0, 1.0]], [[2.0]]], None, "linear")
    assert model.biases() == [None, None] and model.num_parameters() == 3
    assert model([1.0, 2.0])[0].data == 6.0
    mixed = nn.MLP.from_weights([[[1.0, 1.0]], [[2.0]]], [None, [0.5]], "linear")
    assert mixed.biases() == [None, [0.5]]
    assert mixed([1.0, 2.0])[0].data == 6.5


def test_from_weights_computes_the_hand_set_xor_network() -> None:
    # Hidden units h1 = relu(x1 + x2), h2 = relu(x1 + x2 - 1); output h1 - 2 h2.
    model = nn.MLP.from_weights([[[1, 1], [1, 1]], [[1, -2]]], [[0, -1], [0]], ["relu", "linear"])
    outputs = [model(x)[0].data for x in [[0, 0], [0, 1], [1, 0], [1, 1]]]
    assert outputs == [0.0, 1.0, 1.0, 0.0]


def test_from_weights_shapes_that_do_not_chain() -> None:
    with pytest.raises(ValueError, match=r"do not chain: W2 has 3 columns, but layer 1 has 2 units.*\(1, 2\)"):
        nn.MLP.from_weights([[[1, 1], [1, 1]], [[1, 1, 1]]], None, "relu")


@pytest.mark.parametrize(
    ("weights", "biases", "activations", "error", "match"),
    [
        ([], None, "relu", ValueError, "empty"),
        ([[1.0, 2.0]], None, "relu", ValueError, r"W1 must be a matrix.*\[\[w1, w2"),
        ([[[1.0, 2.0], [3.0]]], None, "relu", ValueError, "not a rectangular"),
        ([[[1.0, "2"]]], None, "relu", TypeError, r"W1\[0,1\] must be a number"),
        ([[[1.0, float("nan")]]], None, "relu", ValueError, r"W1\[0,1\] must be a finite"),
        ([[[1.0, 2.0]]], [[1.0, 2.0]], "relu", ValueError, "b1 has 2 numbers but layer 1 has 1 unit"),
        ([[[1.0, 2.0]]], [[1.0], [2.0]], "relu", ValueError, "1 weight matrices but 2 bias"),
        ([[[1.0, 2.0]]], None, ["relu", "relu"], ValueError, "1 weight matrices but 2 activations"),
        ([[[1.0, 2.0]]], None, ["swish"], ValueError, "unknown activation 'swish'"),
        ("W", None, "relu", TypeError, "weights must be a list"),
    ],
)
def test_from_weights_errors(weights: object, biases: object, activations: object, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        nn.MLP.from_weights(weights, biases, activations)  # type: ignore[arg-type]


def test_neuron_from_weights() -> None:
    neuron = nn.Neuron.from_weights([0.5, -1.0], 0.25, "linear")
    assert neuron([2.0, 1.0]).data == 0.25
    assert nn.Neuron.from_weights([1.0], None, "relu").b is None


# -- labels and roles ---------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "label"),
    [
        (Role("W", 1, 0, 1), "W1[0,1]"),
        (Role("W", 12, 3, 45), "W12[3,45]"),
        (Role("b", 2, 0), "b2[0]"),
        (Role("z", 1, 2), "z1[2]"),
        (Role("a", 3, 1), "a3[1]"),
        (Role("x", 0, None, 4), "x[4]"),
    ],
)
def test_a_role_has_one_label(role: Role, label: str) -> None:
    assert role.label == label


def test_every_value_of_a_network_knows_its_role_and_keeps_it_when_relabelled() -> None:
    model = nn.MLP(2, [3, 2], "tanh", "sigmoid", rng=0)
    for k, layer in enumerate(model.layers):
        for j, neuron in enumerate(layer.neurons):
            for i, w in enumerate(neuron.w):
                assert w.role == Role("W", k + 1, j, i) and w.label == w.role.label
            assert neuron.b.role == Role("b", k + 1, j)  # type: ignore[union-attr]
    outputs = model([0.5, 0.5])
    assert [o.role for o in outputs] == [Role("a", 2, 0), Role("a", 2, 1)]
    z = outputs[0].inputs[0]
    assert z.role == Role("z", 2, 0)
    inputs = [node for node in autograd.topological_order(outputs[0]) if not node.requires_grad]
    assert [node.role for node in inputs] == [Role("x", 0, None, 0), Role("x", 0, None, 1)]
    model.layers[0].neurons[0].w[0].label = "my favourite weight"
    assert model.layers[0].neurons[0].w[0].role == Role("W", 1, 0, 0)
    assert Value(1.0).role is None and (Value(1.0) * 2).role is None


def test_a_linear_neurons_output_is_its_weighted_sum() -> None:
    out = nn.Neuron(2, "linear")([1.0, 2.0])
    assert out.role == Role("z", 1, 0) and out.label == "z1[0]"


def test_parse_label_still_reads_nn_labels_but_is_deprecated() -> None:
    with pytest.warns(DeprecationWarning, match="read the Value's .role"):
        assert parse_label("W1[0,1]") == LabelInfo("W", 1, 0, 1) == Role("W", 1, 0, 1)
    with pytest.warns(DeprecationWarning):
        assert parse_label("loss") is None


# -- what a student types by mistake (each used to fail late, silently or obscurely) --


def test_one_layer_mlp_does_not_silently_ignore_its_activation() -> None:
    # MLP(2, [1], "sigmoid") has no hidden layer, so "sigmoid" (the hidden-layer
    # activation) would be unused and the only layer linear.
    with pytest.raises(ValueError, match=r"activation=.sigmoid.\) has no hidden layer.*output_activation=.sigmoid."):
        nn.MLP(2, [1], "sigmoid")
    assert nn.MLP(2, [1], output_activation="sigmoid", rng=0).activations == ["sigmoid"]
    assert nn.MLP(2, [1], "relu", "linear", rng=0).activations == ["linear"]  # both explicit: as asked
    assert nn.MLP(2, [1], rng=0).activations == ["linear"]
    assert nn.MLP(2, [3, 1], rng=0).activations == ["tanh", "linear"]


def test_numpy_integers_are_whole_numbers() -> None:
    model = nn.MLP(np.int64(2), np.array([3, 1]), rng=np.int64(7))
    assert model.sizes == [2, 3, 1]
    assert model.weights() == nn.MLP(2, [3, 1], rng=7).weights()
    assert nn.Neuron(np.int32(2), rng=0).nin == 2


def test_a_zero_dimensional_array_is_one_input() -> None:
    model = nn.MLP(1, [2, 1], rng=0)
    assert model(np.array(2.0))[0].data == model([2.0])[0].data


def test_unordered_inputs_are_refused() -> None:
    with pytest.raises(TypeError, match="no order"):
        nn.MLP(2, [1], rng=0)({1.0, 2.0})


def test_a_whole_data_set_given_to_a_model_says_to_loop() -> None:
    model = nn.MLP(2, [1], rng=0)
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    with pytest.raises(ValueError, match=r"one sample.*\[model\(x\) for x in X\]"):
        model(X)
    with pytest.raises(ValueError, match=r"one sample"):
        nn.MLP(1, [1], rng=0)([[1.0]])


def test_reprs_count_in_good_english() -> None:
    assert repr(nn.Neuron(1, "relu", rng=0)) == "Neuron(1 input, relu, bias)"
    assert repr(nn.MLP.from_weights([[[1.0]]], None, "relu")) == "MLP(1 -> 1 relu; 1 parameter)"


def test_from_weights_accepts_biases_written_as_column_vectors_or_a_number() -> None:
    # Slides often write b^[l] as a column, and the bias of a single output unit as a number.
    model = nn.MLP.from_weights([[[1.0, 2.0], [3.0, 4.0]], [[1.0, -1.0]]], [[[0.5], [-0.5]], 0.25], ["relu", "linear"])
    assert model.biases() == [[0.5, -0.5], [0.25]]
    column = nn.MLP.from_weights([np.ones((2, 2))], [np.array([[0.5], [0.1]])], "relu")
    assert column.biases() == [[0.5, 0.1]]
    with pytest.raises(TypeError, match="b1 must be a list"):
        nn.MLP.from_weights([[[1.0], [2.0]]], [0.5], "relu")  # a number only for a one-unit layer


@pytest.mark.parametrize(
    ("weights", "activations", "error", "match"),
    [
        ([[[]]], "relu", ValueError, "W1 has an empty row"),
        ([[[1.0]]], None, TypeError, "activations must be"),
        ([[[1.0]]], 3, TypeError, "activations must be"),
        (
            [[[1, 1, 1], [1, 1, 1]], [[1], [1], [1]]],
            "relu",
            ValueError,
            r"W2 must have shape \(3, 2\)\. They would chain if transposed",
        ),
    ],
)
def test_more_from_weights_errors(weights: object, activations: object, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        nn.MLP.from_weights(weights, None, activations)  # type: ignore[arg-type]


def test_from_weights_takes_a_list_of_numpy_rows() -> None:
    model = nn.MLP.from_weights([[np.array([1.0, 2.0]), np.array([3.0, 4.0])]], [np.array([0.5, 0.25])], "linear")
    assert model.weights() == [[[1.0, 2.0], [3.0, 4.0]]] and model.biases() == [[0.5, 0.25]]


def test_one_layer_error_names_a_function_by_its_name() -> None:
    def swish(z: Value) -> Value:
        return z * z.sigmoid()

    with pytest.raises(ValueError, match=r"output_activation=swish\)"):
        nn.MLP(2, [1], swish)


def test_network_inputs_are_labelled_constants_whatever_the_number_type() -> None:
    import numpy as np

    from nn.naming import input_roles, network_input, x_role

    assert input_roles(8)[7] is x_role(7)
    for number in (0.5, 3, np.float64(0.5), np.int64(3), True):
        x = network_input(number, x_role(7))
        assert (x.label, x.role, x.requires_grad, type(x.data)) == ("x[7]", x_role(7), False, float)
        assert x.data == float(number)
