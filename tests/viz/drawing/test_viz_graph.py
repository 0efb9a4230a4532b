"""draw_graph as DOT text: nodes, ids, options and hooks (no renderer needed)."""

from __future__ import annotations

import re

import pytest

import viz
from autograd import Value, dot, topological_order
from autograd.formatting import format_number
from viz.drawing.graph import DEFAULT_MAX_NODES


def neuron() -> tuple[Value, list[Value]]:
    """The tanh neuron of the classic example: out = tanh(x1*w1 + x2*w2 + b)."""
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    out = (x1 * w1 + x2 * w2 + b).tanh()
    out.label = "out"
    return out, [x1, x2, w1, w2, b]


def node_statements(source: str) -> dict[str, str]:
    """DOT node statements by id (our ids are digits, op<digits> or neuron<l>_<j>)."""
    found = {}
    for line in source.splitlines():
        match = re.match(r"\s*((?:op|neuron)?[\d_]+) \[(.*)\]$", line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def edge_statements(source: str) -> list[tuple[str, str]]:
    return re.findall(r"^\s*(\S+) -> (\S+)", source, flags=re.MULTILINE)


def test_one_record_per_value_and_one_node_per_op_with_ids_from_topological_order() -> None:
    out, _ = neuron()
    order = topological_order(out)
    nodes = node_statements(viz.draw_graph(out).source)
    value_ids = {str(i) for i in range(len(order))}
    op_ids = {f"op{i}" for i, node in enumerate(order) if node.inputs}
    assert set(nodes) == value_ids | op_ids
    for i, node in enumerate(order):
        if node.label:
            assert f"<B>{node.label}</B>" in nodes[str(i)]


def test_each_record_holds_label_data_and_grad_after_backward() -> None:
    out, (x1, _, w1, _, _) = neuron()
    out.backward()
    order = topological_order(out)
    nodes = node_statements(viz.draw_graph(out).source)
    assert "data 0.7071" in nodes[str(order.index(out))] and "grad 1" in nodes[str(order.index(out))]
    record_w1 = nodes[str(order.index(w1))]
    assert "<B>w1</B>" in record_w1 and "data -3" in record_w1 and "grad 1" in record_w1
    assert "grad -1.5" in nodes[str(order.index(x1))]


def test_edges_go_input_to_op_to_result() -> None:
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    c = a * b
    source = viz.draw_graph(c).source
    assert edge_statements(source) == [("0", "op2"), ("1", "op2"), ("op2", "2")]


def test_reused_value_keeps_both_edges() -> None:
    a = Value(3.0, label="a")
    b = a + a
    assert edge_statements(viz.draw_graph(b).source) == [("0", "op1"), ("0", "op1"), ("op1", "1")]


def test_same_graph_gives_identical_source() -> None:
    first, _ = neuron()
    second, _ = neuron()
    assert viz.draw_graph(first).source == viz.draw_graph(second).source


def test_left_to_right_by_default_and_rankdir_option() -> None:
    out, _ = neuron()
    assert "rankdir=LR" in viz.draw_graph(out).source
    assert "rankdir=TB" in viz.draw_graph(out, rankdir="TB").source
    with pytest.raises(ValueError, match="rankdir"):
        viz.draw_graph(out, rankdir="sideways")


def test_grads_hidden_before_backward_and_shown_after() -> None:
    out, _ = neuron()
    assert "grad" not in viz.draw_graph(out).source
    assert "grad 0" in viz.draw_graph(out, show_grad=True).source
    out.backward()
    assert "grad" in viz.draw_graph(out).source
    assert "grad" not in viz.draw_graph(out, show_grad=False).source


def test_precision_option() -> None:
    a = Value(1.0 / 3.0, label="a")
    assert "data 0.33<" in viz.draw_graph(a * 2, precision=2).source
    assert "data 0.333333<" in viz.draw_graph(a * 2, precision=6).source
    with pytest.raises(ValueError, match="precision"):
        viz.draw_graph(a, precision=-1)


def test_ops_can_be_hidden() -> None:
    out, _ = neuron()
    source = viz.draw_graph(out, show_ops=False).source
    assert not any(node_id.startswith("op") for node_id in node_statements(source))
    assert all(not tail.startswith("op") and not head.startswith("op") for tail, head in edge_statements(source))


def test_local_derivative_edge_labels() -> None:
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    source = viz.draw_graph(c, edge_labels="local").source
    assert "0 -> op2 [label=<-3>]" in source  # dc/da = b
    assert "1 -> op2 [label=<2>]" in source  # dc/db = a


def test_chain_rule_edge_labels_and_sum_where_a_value_feeds_several_ops() -> None:
    a = Value(3.0, label="a")
    b = a * 2.0
    c = a.exp()
    d = b + c
    d.backward()
    source = viz.draw_graph(d, edge_labels="chain").source
    # upstream 1 x local 2 = 2 into the product, upstream 1 x e^3 into exp
    assert "label=<1 × 2 = 2>" in source
    assert "label=<1 × 20.09 = 20.09>" in source
    # a feeds two ops: its grad is shown as the sum of what they send, in backward's order
    assert "grad 20.09 + 2 = 22.09" in source
    # the constant 2.0 receives nothing, so its edge has no product
    order = topological_order(d)
    constant_id = str(order.index(b.inputs[1]))
    assert f"\t{constant_id} -> op{order.index(b)}\n" in source


def test_colour_by_role() -> None:
    x = Value(1.0, label="x", requires_grad=False)
    w = Value(2.0, label="w")
    y = x * w * 3.0
    nodes = node_statements(viz.draw_graph(y).source)
    order = topological_order(y)
    colours = {node.label or node.op or "const": nodes[str(i)] for i, node in enumerate(order)}
    assert 'BGCOLOR="#dbeafe"' in colours["x"]  # input
    assert 'BGCOLOR="#fde68a"' in colours["w"]  # parameter
    assert 'BGCOLOR="#bbf7d0"' in nodes[str(order.index(y))]  # output
    assert 'BGCOLOR="#f3f4f6"' in colours["const"]  # constant


def test_colour_by_gradient_sign() -> None:
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    c.backward()  # a.grad = -3 (red), b.grad = 2 (blue)
    nodes = node_statements(viz.draw_graph(c, color_by="grad").source)
    fill_a = re.search(r'BGCOLOR="#(\w\w)(\w\w)(\w\w)"', nodes["0"])
    fill_b = re.search(r'BGCOLOR="#(\w\w)(\w\w)(\w\w)"', nodes["1"])
    assert fill_a and fill_b
    red_a, _, blue_a = (int(h, 16) for h in fill_a.groups())
    red_b, _, blue_b = (int(h, 16) for h in fill_b.groups())
    assert red_a > blue_a  # negative gradient: red
    assert blue_b > red_b  # positive gradient: blue
    with pytest.raises(ValueError, match="color_by"):
        viz.draw_graph(c, color_by="rainbow")


def test_highlight_nodes_and_path_to_the_root() -> None:
    out, (_, _, w1, _, b) = neuron()
    order = topological_order(out)
    source = viz.draw_graph(out, highlight=[b]).source
    nodes = node_statements(source)
    assert 'BORDER="3"' in nodes[str(order.index(b))]
    assert 'BORDER="3"' not in nodes[str(order.index(w1))]

    nodes = node_statements(viz.draw_graph(out, highlight_path=w1).source)
    marked = {node_id for node_id, text in nodes.items() if 'BORDER="3"' in text or "penwidth=2.5" in text}
    on_path = [w1]
    node = w1
    while node is not out:
        node = next(user for user in order if node in user.inputs)
        on_path.append(node)
    expected = {str(order.index(n)) for n in on_path} | {f"op{order.index(n)}" for n in on_path if n.inputs}
    assert marked == expected
    with pytest.raises(ValueError, match="not part of this graph"):
        viz.draw_graph(out, highlight_path=Value(1.0))


def test_cell_text_and_edge_text_hooks() -> None:
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    c = a * b
    source = viz.draw_graph(
        c,
        show_grad=True,
        cell_text=lambda v: ("?" if v is c else f"{v.data:g}", ""),
        edge_text=lambda node, i: f"edge{i}" if i == 0 else None,
    ).source
    nodes = node_statements(source)
    assert "<TD>data ?</TD>" in nodes["2"] and "<TD>data 2</TD>" in nodes["0"]
    assert "0 -> op2 [label=<edge0>]" in source
    assert "\t1 -> op2\n" in source


def test_several_roots() -> None:
    a = Value(1.0, label="a")
    outputs = [a.exp(), a.tanh()]
    nodes = node_statements(viz.draw_graph(outputs).source)
    assert set(nodes) == {"0", "1", "op1", "2", "op2"}


def test_bad_root_is_a_clear_error() -> None:
    with pytest.raises(TypeError, match="needs a Value"):
        viz.draw_graph(3.0)  # type: ignore[arg-type]


def chain(length: int) -> Value:
    node = Value(0.1, label="x")
    for _ in range(length):
        node = node.tanh()
    return node


def test_big_graph_is_refused_with_size_and_options() -> None:
    root = chain(1500)  # 1501 Values + 1500 ops
    with pytest.raises(viz.GraphTooLarge) as caught:
        viz.draw_graph(root)
    message = str(caught.value)
    assert "1,501 Values" in message and "3,001 drawn nodes" in message
    assert f"max_nodes={DEFAULT_MAX_NODES:,}" in message
    for option in ("show_ops=False: 1,501 drawn nodes, drawable", "collapse=True", "ONE sample", "max_nodes=None"):
        assert option in message
    assert "needs a network built with nn" in message  # this chain was not built by nn
    # the limit is configurable both ways
    assert "\top1500 -> 1500\n" in viz.draw_graph(root, max_nodes=None).source
    with pytest.raises(viz.GraphTooLarge):
        viz.draw_graph(chain(10), max_nodes=5)
    with pytest.raises(ValueError, match="max_nodes"):
        viz.draw_graph(root, max_nodes=0)


def test_title() -> None:
    a = Value(1.0, label="a")
    assert "label=<my &lt;graph&gt;>" in viz.draw_graph(a, title="my <graph>").source


def test_dot_node_is_one_op() -> None:
    ws = [Value(0.5, label="w0"), Value(-1.0, label="w1")]
    z = dot(ws, [Value(1.0, label="x0"), Value(2.0, label="x1")], bias=Value(0.1, label="b"))
    nodes = node_statements(viz.draw_graph(z).source)
    assert sum(1 for node_id in nodes if node_id.startswith("op")) == 1
    assert "label=<dot>" in nodes["op5"]


def test_a_dot_with_number_coefficients_draws_one_op_over_its_values() -> None:
    ws = [Value(0.5, label="w0"), Value(-1.0, label="w1")]
    z = dot(ws, [1.5, 2.0], bias=Value(0.1, label="b"))
    source = viz.draw_graph(z).source
    nodes = node_statements(source)
    assert sum(1 for node_id in nodes if node_id.startswith("op")) == 1
    assert any("scaled_sum" in statement for statement in nodes.values())
    assert len([n for n in nodes if not n.startswith("op")]) == 4  # w0, w1, b and z: no nodes for 1.5 and 2.0
    assert "× 1.5" in source and "× 2" in source and "× 1" in source  # the coefficients ride on the edges
    table = viz.backprop_table(z)
    assert table is not None


def test_layout_effort_is_capped_only_for_big_graphs() -> None:
    from viz.drawing.graph import CAPPED_LAYOUT_ABOVE

    small = viz.draw_graph(chain(10)).source
    assert "nslimit" not in small and "mclimit" not in small
    big = viz.draw_graph(chain(CAPPED_LAYOUT_ABOVE // 2 + 1)).source  # just above the threshold of drawn nodes
    assert "mclimit=0.01" in big and "nslimit=0.2" in big


def test_edge_labels_of_big_graphs_are_placed_after_the_layout() -> None:
    """Labels laid out as part of the graph slow routing down by minutes; big graphs get xlabels (bench/)."""
    from viz.drawing.graph import LABELS_IN_LAYOUT_UP_TO

    small = viz.draw_graph(chain(10), edge_labels="local").source
    assert "[label=<" in small and "xlabel" not in small and "forcelabels" not in small
    big = viz.draw_graph(chain(LABELS_IN_LAYOUT_UP_TO // 2 + 1), edge_labels="local").source
    edges = [line for line in big.splitlines() if " -> op" in line]
    assert edges and all("[xlabel=<" in line and "[label=<" not in line for line in edges)
    assert "forcelabels=true" in big


def test_constants_show_that_they_take_no_gradient() -> None:
    """Inputs made from numbers, the -1 of a negation, the 2 of a division: no grad, and no 0 either."""
    x = Value(2.0, label="x[0]", requires_grad=False)
    w = Value(-3.0, label="w")
    y = -(x * w) / 2.0
    y.backward()
    order = topological_order(y)
    constants = [node for node in order if not node.requires_grad]
    assert sorted(node.data for node in constants) == [-1.0, 2.0, 2.0]  # x[0], the -1, the divisor 2
    for mode in (None, "local", "chain"):
        nodes = node_statements(viz.draw_graph(y, edge_labels=mode).source)
        for i, node in enumerate(order):
            if node.requires_grad:
                assert f"grad {format_number(node.grad)}<" in nodes[str(i)]
            else:
                assert "<TD>grad —</TD>" in nodes[str(i)], nodes[str(i)]
                assert "grad 0" not in nodes[str(i)]
    assert "<TD>grad -1</TD>" in node_statements(viz.draw_graph(y).source)[str(order.index(w))]  # -x/2
    # the hooks of the teaching tools still decide for themselves
    hooked = viz.draw_graph(y, cell_text=lambda v: ("d", "g"), show_grad=True).source
    assert "grad —" not in hooked and hooked.count("<TD>grad g</TD>") == len(order)


def test_colour_by_gradient_size() -> None:
    """The larger |grad|, the stronger the fill (further from white); zero stays white."""
    a, b, c = Value(1.0, label="a"), Value(10.0, label="b"), Value(0.0, label="c")
    out = a * 1.0 + b * 0.1 + c * 0.0  # grads 1.0, 0.1, 0.0
    out.backward()
    order = topological_order(out)
    nodes = node_statements(viz.draw_graph(out, color_by="grad").source)

    def whiteness(node: Value) -> int:
        fill = re.search(r'BGCOLOR="#(\w\w)(\w\w)(\w\w)"', nodes[str(order.index(node))])
        assert fill is not None
        return sum(int(h, 16) for h in fill.groups())

    assert whiteness(a) < whiteness(b) < whiteness(c) == 3 * 255


# -- the slide layout -----------------------------------------------------------------------


def lecture_loss() -> Value:
    """The demo's 1-2-3-1 network on its sample, after backward (nn gives every Value its role)."""
    import nn
    from viz.cli.demo import BIASES, WEIGHTS, X, Y

    loss = nn.bce(nn.MLP.from_weights(WEIGHTS, BIASES, "sigmoid")(X), Y)
    loss.backward()
    return loss


def test_slide_layout_orders_columns_as_the_lectures_index_them() -> None:
    loss = lecture_loss()
    order = topological_order(loss)
    source = viz.draw_graph(loss, layout="slide").source
    chains = re.findall(r"\{rank=same; ([^}]*)\}", source)
    by_label = {node.label: str(i) for i, node in enumerate(order)}

    def chain_of(*labels: str) -> str:
        return " -> ".join(by_label[label] for label in labels) + (" [style=invis]" if len(labels) > 1 else "")

    assert chain_of("x[0]", "W1[0,0]", "b1[0]", "W1[1,0]", "b1[1]") in chains  # inputs, then unit by unit
    assert (
        chain_of("W2[0,0]", "W2[0,1]", "b2[0]", "W2[1,0]", "W2[1,1]", "b2[1]", "W2[2,0]", "W2[2,1]", "b2[2]") in chains
    )
    assert chain_of("z2[0]", "z2[1]", "z2[2]") in chains and chain_of("a1[0]", "a1[1]") in chains
    # no op nodes: the operation is written in its result's record; records are stacked rows
    assert "op" not in "".join(line.split("[")[0] for line in source.splitlines())
    assert "<B>a1[0&#93;</B> · sigmoid" in source and "<TR><TD>data 0.5744</TD></TR>" in source
    # an activation feeding the next layer leaves a column for that layer's parameters
    assert f"\t{by_label['a1[0]']} -> {by_label['z2[0]']} [minlen=2]" in source
    with pytest.raises(ValueError, match="layout must be 'wide' or 'slide'"):
        viz.draw_graph(loss, layout="poster")
    assert "op" in viz.draw_graph(loss, layout="slide", show_ops=True).source  # ops can still be asked for
