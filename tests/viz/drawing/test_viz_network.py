"""draw_network and the nn-aware options of draw_graph (clusters, collapse), on the lecture's 1-2-3-1 network."""

from __future__ import annotations

import itertools
import re

import pytest
from conftest import require
from viz_helpers import RENDERER_NAMES, centre_x, locate, svg_nodes, texts

import nn
import viz
from autograd import Value, topological_order
from viz.cli.demo import BIASES, WEIGHTS, X, Y
from viz.drawing.text import html_text
from viz.render.renderer import render


def lecture_network() -> tuple[nn.MLP, Value]:
    model = nn.MLP.from_weights(WEIGHTS, BIASES, "sigmoid")
    loss = nn.bce(model(X), Y)
    loss.backward()
    return model, loss


def node_ids(source: str) -> list[str]:
    return re.findall(r"^\t(\w+) \[label=", source, flags=re.MULTILINE)


def unit_ids(source: str) -> list[str]:
    """The inputs and neurons of a network diagram, without the boxes that name its weights."""
    return [node_id for node_id in node_ids(source) if "_w" not in node_id]


def test_network_has_a_column_per_layer_and_an_edge_per_weight() -> None:
    model, loss = lecture_network()
    source = viz.draw_network(model, root=loss).source
    assert unit_ids(source) == ["x0", "n1_0", "n1_1", "n2_0", "n2_1", "n2_2", "n3_0"]
    edges = re.findall(r"^\t(\w+) -> (\w+) \[", source, flags=re.MULTILINE)
    assert len(edges) == 2 * (2 + 6 + 3)  # one per weight, in two pieces: to its label's box, then on
    assert ("n2_2", "n3_0_w2") in edges and ("n3_0_w2", "n3_0") in edges and ("x0", "n1_1_w0") in edges
    assert "{rank=same; n2_0 -> n2_1 -> n2_2 [style=invis]}" in source
    # the boxes of the weights into one layer stand in one column, grouped by the unit they lead to
    boxes = "n2_0_w0 -> n2_0_w1 -> n2_1_w0 -> n2_1_w1 -> n2_2_w0 -> n2_2_w1"
    assert f"{{rank=same; {boxes} [style=invis]}}" in source
    assert re.search(r"n1_0_w0 -> n1_0 \[color=\S+ penwidth=\S+\]", source)  # the arrow points at the unit
    assert re.search(r"x0 -> n1_0_w0 \[color=\S+ penwidth=\S+ arrowhead=none minlen=2\]", source)


def test_network_shows_activations_weights_and_gradients_from_the_slide() -> None:
    model, loss = lecture_network()
    source = viz.draw_network(model, root=loss).source
    # one format for every number: 3 significant digits, the smallest gradient keeps its own three
    assert html_text("a1[0] = 0.574") in source  # slide: 0.5744
    assert html_text("a3[0] = 0.774 (grad -1.29)") in source  # slide: ŷ = 0.7739, dL/dŷ = -1/ŷ
    assert "b = 0.5 (grad -0.226)" in source  # slide: dL/dw0[3] = -0.2261
    assert "b = 0.1 (grad -0.00263)" in source and "e-0" not in source
    box = re.search(r"n3_0_w0 \[label=<(.*?)> shape", source)
    assert box is not None
    assert box.group(1) == f"{html_text('W3[0,0]')} = 0.4<BR/>grad -0.139"  # slide: -0.1394; named as in W^[3]
    # the thickest edge is the largest weight (0.6), blue because it is positive
    pattern = r"(\w+ -> \w+) \[color=\"#\w+\" penwidth=([\d.]+)"
    widths = {m.group(1): float(m.group(2)) for m in re.finditer(pattern, source)}
    assert max(widths, key=lambda edge: widths[edge]) == "n2_2 -> n3_0_w2"
    assert widths["n2_2 -> n3_0_w2"] > widths["n2_0 -> n3_0_w0"] > widths["n2_1 -> n3_0_w1"]
    assert widths["n3_0_w2 -> n3_0"] == widths["n2_2 -> n3_0_w2"]  # both pieces of a weight's line alike


def test_neurons_are_titled_by_layer_and_unit_with_their_activation() -> None:
    """Not "2.1 σ": a student reads 2.1 as a number."""
    model, loss = lecture_network()
    source = viz.draw_network(model, root=loss).source
    label = re.search(r"n2_1 \[label=<(.*?)> shape", source)
    assert label is not None
    lines = label.group(1).split("<BR/>")
    assert lines[0] == "<B>layer 2 · unit 1</B> · sigmoid"
    assert lines[1:] == [html_text("a2[1] = 0.597 (grad -0.0452)"), "b = 0.1 (grad -0.0109)"]
    assert "σ" not in source and "<B>2.1</B>" not in source
    tanh = viz.draw_network(nn.MLP(2, [3, 1], activation="tanh", rng=0)).source
    assert "<B>layer 1 · unit 2</B> · tanh" in tanh and "<B>layer 2 · unit 0</B> · linear" in tanh


def test_weight_labels_are_readable_on_pale_edges() -> None:
    """A small weight draws a pale line, but its label keeps a dark, readable colour of the same hue."""
    model = nn.MLP.from_weights([[[0.05, -0.05, 1.0]]], [[0.0]], "linear")
    source = viz.draw_network(model).source
    for box, hue in (("n1_0_w0", "blue"), ("n1_0_w1", "red")):
        edge = re.search(box + r' \[label=.* color="#(\w\w)(\w\w)(\w\w)" fontcolor="#(\w\w)(\w\w)(\w\w)"', source)
        assert edge is not None
        line = [int(h, 16) for h in edge.groups()[:3]]
        text = [int(h, 16) for h in edge.groups()[3:]]
        assert sum(text) < sum(line) and sum(text) < 3 * 150  # darker than the pale line, dark enough to read
        assert (text[2] > text[0]) if hue == "blue" else (text[0] > text[2])


def test_network_sign_colours_and_no_grads_before_backward() -> None:
    model = nn.MLP.from_weights([[[1.0, -2.0]]], [[0.0]], "linear")
    source = viz.draw_network(model, inputs=[1.0, 1.0]).source
    positive = re.search(r"x0 -> n1_0_w0 \[color=\"#(\w\w)(\w\w)(\w\w)\"", source)
    negative = re.search(r"x1 -> n1_0_w1 \[color=\"#(\w\w)(\w\w)(\w\w)\"", source)
    assert positive and negative
    assert int(positive.group(3), 16) > int(positive.group(1), 16)  # blue
    assert int(negative.group(1), 16) > int(negative.group(3), 16)  # red
    assert html_text("z1[0] = -1") + "<" in source  # 1*1 - 2*1 + 0, the linear output keeps its z label
    assert "grad" not in source


def test_large_layers_elide_the_middle_with_a_marker() -> None:
    model = nn.MLP(3, [25, 2], activation="relu", rng=0)
    source = viz.draw_network(model, max_neurons=6).source
    ids = unit_ids(source)
    assert [i for i in ids if i.startswith("n1_")] == ["n1_0", "n1_1", "n1_2", "n1_22", "n1_23", "n1_24"]
    assert "m1_more [label=<⋮<BR/>19 more<BR/>(units 3 to 21)>" in source
    wide = viz.draw_network(nn.MLP(30, [2], rng=0), max_neurons=4).source
    assert f"xmore [label=<⋮<BR/>26 more<BR/>({html_text('x[2]')} to {html_text('x[27]')})>" in wide
    assert "{rank=same; n1_0 -> n1_1 -> n1_2 -> m1_more -> n1_22 -> n1_23 -> n1_24 [style=invis]}" in source
    assert "label=<W" in source  # 3*6 + 6*2 = 30 edges are labelled ...
    many = nn.MLP(10, [10, 1], rng=0)
    assert "label=<W" not in viz.draw_network(many).source  # ... 110 edges are not
    assert "label=<W" in viz.draw_network(many, edge_labels=True).source


def test_perceptron_and_single_neuron() -> None:
    perceptron = nn.Perceptron(2)
    source = viz.draw_network(perceptron).source
    assert unit_ids(source) == ["x0", "x1", "n1_0"]
    assert "step" in source
    neuron = nn.Neuron(3, activation="tanh")
    assert unit_ids(viz.draw_network(neuron).source) == ["x0", "x1", "x2", "n1_0"]


def test_network_errors() -> None:
    model, loss = lecture_network()
    other, _ = lecture_network()
    with pytest.raises(ValueError, match="not computed by this model"):
        viz.draw_network(other, root=loss)
    with pytest.raises(ValueError, match="not both"):
        viz.draw_network(model, root=loss, inputs=X)
    with pytest.raises(TypeError, match=r"nn\.MLP"):
        viz.draw_network(42)


@pytest.mark.parametrize("renderer_name", RENDERER_NAMES)
def test_network_renders_with_columns_left_to_right(renderer_name: str) -> None:
    renderer = locate(renderer_name)
    require(renderer is not None, f"the Graphviz renderer `{renderer_name}`")
    assert renderer is not None
    model, loss = lecture_network()
    nodes = svg_nodes(render(viz.draw_network(model, root=loss), "svg", renderer=renderer).decode())
    assert {node for node in nodes if "_w" not in node} == {"x0", "n1_0", "n1_1", "n2_0", "n2_1", "n2_2", "n3_0"}
    columns = [["x0"], ["n1_0", "n1_1"], ["n2_0", "n2_1", "n2_2"], ["n3_0"]]
    xs = [[centre_x(nodes[i]) for i in column] for column in columns]
    for left, right in itertools.pairwise(xs):
        assert max(left) < min(right)
    assert any("a3[0] = 0.774" in line for line in texts(nodes["n3_0"]))
    # each weight's box stands between the two units its line joins, nearer the one it leads to
    for target, source_ids in (("n3_0", ["n2_0", "n2_1", "n2_2"]), ("n2_1", ["n1_0", "n1_1"])):
        for i, source_id in enumerate(source_ids):
            box = centre_x(nodes[f"{target}_w{i}"])
            assert centre_x(nodes[source_id]) < box < centre_x(nodes[target])


# -- draw_graph with nn's labels ------------------------------------------------------------------


def test_clusters_per_layer_and_neuron() -> None:
    _, loss = lecture_network()
    source = viz.draw_graph(loss, clusters=True).source
    for layer in (1, 2, 3):
        assert f"subgraph cluster_layer{layer} {{" in source
    assert source.count("subgraph cluster_neuron") == 2 + 3 + 1
    assert "label=<layer 2 · unit 1 (sigmoid)>" in source  # not "2.1", which reads like a number
    # the members of neuron 2.1 are inside its box
    block = source.split("subgraph cluster_neuron2_1 {")[1].split("}")[0]
    order = topological_order(loss)
    labels = {node.label: i for i, node in enumerate(order)}
    for label in ("W2[1,0]", "W2[1,1]", "b2[1]", "z2[1]", "a2[1]"):
        assert f"\t{labels[label]} [label=" in block
    assert f"op{labels['z2[1]']} [label=<dot>" in block
    assert f"\t{labels['x[0]']} [label=" not in source.split("subgraph cluster_layer1 {")[1].split("\n\t}\n")[0]


def test_collapse_draws_one_node_per_neuron() -> None:
    _, loss = lecture_network()
    source = viz.draw_graph(loss, collapse=True).source
    ids = node_ids(source)
    neurons = [i for i in ids if i.startswith("neuron")]
    assert neurons == ["neuron1_0", "neuron1_1", "neuron2_0", "neuron2_1", "neuron2_2", "neuron3_0"]
    assert not any(label in source for label in ("W1[0,0]", "b2[1]"))
    edges = set(re.findall(r"^\t(\w+) -> (\w+)", source, flags=re.MULTILINE))
    for j in range(2):
        for k in range(3):
            assert (f"neuron1_{j}", f"neuron2_{k}") in edges
    assert ("neuron2_2", "neuron3_0") in edges
    # neuron 3.0 shows z and a with their gradients (slide: dL/dz = -0.2261)
    row = re.search(r"neuron3_0 \[label=<(.*)>\]", source)
    assert row is not None
    assert "<B>layer 3 · unit 0</B> (sigmoid)" in row.group(1)
    z_row = f"<TD>{html_text('z3[0]')}</TD><TD>data 1.23</TD><TD>grad -0.2261</TD>"
    a_row = f"<TD>{html_text('a3[0]')}</TD><TD>data 0.7739</TD><TD>grad -1.292</TD>"
    assert z_row in row.group(1) and a_row in row.group(1)
    assert "3 weights, 1 bias" in row.group(1)


def test_collapse_makes_a_batch_drawable() -> None:
    model = nn.MLP(4, [16, 16, 1], rng=1)
    samples = [[0.1 * i, 0.2, -0.3, 0.4 * i] for i in range(8)]
    loss = nn.mse([model(x)[0] for x in samples], [1.0] * 8)
    with pytest.raises(viz.GraphTooLarge) as caught:
        viz.draw_graph(loss, max_nodes=500)
    message = str(caught.value)
    # the graph comes from nn, so collapsing is offered with the size it would give
    assert "needs the labels" not in message
    collapsed = viz.draw_graph(loss, collapse=True, max_nodes=None).source
    collapsed_count = len(re.findall(r"^\t(\w+) \[label=", collapsed, flags=re.MULTILINE))
    assert f"collapse=True: {collapsed_count:,} drawn nodes, drawable" in message
    plain = viz.draw_graph(loss, show_ops=False, max_nodes=None).source
    plain_count = len(re.findall(r"^\t(\w+) \[label=", plain, flags=re.MULTILINE))
    assert f"show_ops=False: {plain_count:,} drawn nodes, still more than 500" in message
    assert "neuron3_0" in viz.draw_graph(loss, collapse=True, max_nodes=500).source


def test_clusters_need_nn_roles() -> None:
    a = Value(1.0, label="W1[0,0]")  # a label that looks like nn's is not enough: nn sets roles
    with pytest.raises(ValueError, match="roles nn gives"):
        viz.draw_graph(a * 2, clusters=True)


def test_one_number_format_per_diagram_and_a_legend() -> None:
    """A gradient of 0.00052 next to 0.032: both with 3 significant digits, never 0.001 beside 0.032."""
    model = nn.MLP.from_weights([[[0.5, -0.25]]], [[0.1]], "linear")
    model.layers[0].neurons[0].w[0].grad = 0.00052
    model.layers[0].neurons[0].w[1].grad = 0.032
    source = viz.draw_network(model).source
    assert "grad 0.00052" in source and "grad 0.032" in source and "= 0.5<" in source
    assert "e-0" not in source
    assert "every number to 3 significant digits" in source
    for words in ("positive", "negative", "the thicker the line, the larger |w| (the thickest is 0.5)"):
        assert html_text(words) in source
    # a title comes first, above the legend
    titled = viz.draw_network(model, title="one neuron").source
    assert titled.index("one neuron") < titled.index("positive")
