"""``draw_network``: the lectures' picture of a network, one column of neurons per layer.

Inputs on the left, then each layer's neurons, the outputs on the right; every
edge is a weight. An edge runs through a small box that names the weight and
shows its value (and its gradient after backward), in the column next to the
neuron it leads to, where no other line crosses it; its width grows with |w| and
its colour says the sign (blue positive, red negative), as the legend under the
title says. A neuron shows its activation function and bias, and, when the
drawing is given a forward pass to read, its activation value (and gradient).

Where the numbers come from:

    weights and biases   the model's own parameters (their ``.grad`` after backward)
    activation values    a forward pass: ``root=`` the loss or outputs you computed
                         (read through the roles nn gives its Values, so gradients
                         after backward are shown too), or ``inputs=`` to let the
                         drawing run one forward pass itself

Works for ``nn.MLP`` (including ``MLP.from_weights``), ``nn.Layer``, ``nn.Neuron``
and ``nn.Perceptron``. A layer with more than ``max_neurons`` neurons shows its
first and last neurons and a marker saying how many are left out.

Read next: ``plots.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from autograd import Value, topological_order
from autograd.formatting import check_precision, format_number
from nn.naming import Role
from viz.drawing import styles
from viz.drawing.text import html_text
from viz.notation import check_notation, input_name, node_name, unit_title
from viz.render.drawing import Drawing
from viz.render.fonts import FONT

# Above this many edges, weight labels would cover the picture; draw_network then
# leaves them out unless edge_labels=True asks for them.
LABELLED_EDGES = 40

# How activations are named on the neurons (the function's name, never just a symbol).
ACTIVATION_NAMES = {"relu": "ReLU", "leaky_relu": "leaky ReLU"}


def _layers(model: Any) -> list[list[Any]]:
    """The model's neurons, layer by layer (each neuron has ``w``, ``b`` and an activation)."""
    if hasattr(model, "layers"):
        layers = [list(layer.neurons) for layer in model.layers]
    elif hasattr(model, "neurons"):
        layers = [list(model.neurons)]
    elif hasattr(model, "w") and hasattr(model, "b"):
        layers = [[model]]
    else:
        raise TypeError(
            f"draw_network() draws an nn.MLP, nn.Layer, nn.Neuron or nn.Perceptron; got {type(model).__name__}"
        )
    if not layers or not all(layers):
        raise ValueError("draw_network() needs a model with at least one neuron in every layer")
    return layers


def _activation_name(neuron: Any) -> str:
    activation = getattr(neuron, "activation", None)
    if activation is None:
        return "step" if hasattr(neuron, "threshold") else "linear"
    return activation if isinstance(activation, str) else getattr(activation, "__name__", "custom")


def _visible(count: int, max_neurons: int) -> tuple[list[int], int]:
    """Which indices to draw out of ``count`` and how many are left out in the middle."""
    if count <= max_neurons:
        return list(range(count)), 0
    head, tail = (max_neurons + 1) // 2, max_neurons // 2
    return list(range(head)) + list(range(count - tail, count)), count - head - tail


def _forward_values(model: Any, root: Any, inputs: Any) -> tuple[dict[int, Value], dict[tuple[int, int], Value]]:
    """Input Values by index and neuron outputs by (layer, unit), read from a forward pass."""
    if root is None and inputs is None:
        return {}, {}
    if root is not None and inputs is not None:
        raise ValueError("give draw_network either root= (a forward pass you ran) or inputs= (to run one), not both")
    if inputs is not None:
        root = model(inputs)
    roots = [root] if isinstance(root, Value) else list(root)
    if not roots or not all(isinstance(item, Value) for item in roots):
        raise TypeError("root= must be a Value (the loss or an output) or a list of Values (the outputs)")
    parameters = set(model.parameters())
    xs: dict[int, Value] = {}
    outputs: dict[tuple[int, int], Value] = {}
    used_model = False
    for one_root in roots:
        for node in topological_order(one_root):
            if node in parameters:
                used_model = True
            role = node.role
            if not isinstance(role, Role):
                continue
            if role.kind == "x" and role.input is not None:
                xs[role.input] = node
            elif role.kind == "a" and role.unit is not None:
                outputs[(role.layer, role.unit)] = node
            elif role.kind == "z" and role.unit is not None:
                outputs.setdefault((role.layer, role.unit), node)  # a linear neuron's output is z
    if not used_model:
        raise ValueError("root= was not computed by this model: none of the model's parameters is in its graph")
    return xs, outputs


def draw_network(
    model: Any,
    *,
    root: Value | Sequence[Value] | None = None,
    inputs: Sequence[float] | None = None,
    precision: int = 3,
    show_grad: bool | None = None,
    edge_labels: bool | None = None,
    max_neurons: int = 10,
    rankdir: str = "LR",
    title: str | None = None,
    notation: str = "chalkgrad",
) -> Drawing:
    """Draw ``model`` as columns of neurons joined by weighted edges (see the module docstring).

    root         the loss (or outputs) of a forward pass of this model: neurons show
                 their activation values, and gradients after backward
    inputs       one input sample: the drawing runs the forward pass itself
    precision    significant digits of every number (default 3), so a small gradient
                 keeps its digits next to a large weight (0.00052 next to 0.032, never
                 0.001 next to 0.032); the legend says how many
    show_grad    show gradients; None: only when some parameter has a non-zero grad
    edge_labels  write each weight (and its gradient) on its edge; None (default):
                 only when at most ``LABELLED_EDGES`` edges are drawn
    max_neurons  a longer layer shows its first and last neurons and a "more" marker
    rankdir      "LR" (default, inputs on the left) or "TB" (inputs on top)
    notation     "chalkgrad" (default): nn's labels, units counted from 0 (W1[0,0], a1[0]);
                 "deck": the lecture decks' names, counted from 1 (w₁₁^[1], a₁^[1],
                 "layer 1 · neuron 1"), see ``viz.notation``
    """
    precision = check_precision(precision)
    notation = check_notation(notation)
    if isinstance(max_neurons, bool) or not isinstance(max_neurons, int) or max_neurons < 2:
        raise ValueError(f"max_neurons must be a whole number of at least 2, got {max_neurons!r}")
    if rankdir not in ("LR", "TB", "RL", "BT"):
        raise ValueError(f"rankdir must be 'LR', 'TB', 'RL' or 'BT', got {rankdir!r}")
    layers = _layers(model)
    xs, outputs = _forward_values(model, root, inputs)
    weights = [w for layer in layers for neuron in layer for w in neuron.w]
    biases = [neuron.b for layer in layers for neuron in layer if neuron.b is not None]
    if show_grad is None:
        show_grad = any(p.grad != 0.0 for p in weights + biases) or any(v.grad != 0.0 for v in outputs.values())
    if edge_labels is None:
        edge_labels = _drawn_edges(layers, max_neurons) <= LABELLED_EDGES
    largest = styles.largest_magnitude([w.data for w in weights])
    style = _Style(precision, show_grad, edge_labels, largest, notation)

    graph = Drawing(name="network")
    # Straight lines read best; a weight's label is a small box the edge runs through
    # (see _weight_edges), and only curved splines route edges around those boxes.
    splines = "spline" if edge_labels else "line"
    ranksep = "0.45" if edge_labels else "1.4"  # labelled edges have two more columns per layer
    graph.attr("graph", rankdir=rankdir, nodesep="0.2", ranksep=ranksep, splines=splines, outputorder="edgesfirst")
    graph.attr("graph", fontname=FONT)
    graph.body.append(f"\tlabel=<{_title_and_legend(title, style)}> labelloc=t fontsize=14\n")
    graph.attr("node", fontname=FONT, fontsize="10", style="filled")
    graph.attr("edge", fontname=FONT, fontsize="8", arrowsize="0.5")

    column, previous = _draw_inputs(graph, len(layers[0][0].w), xs, style, max_neurons)
    columns = [column]
    for layer_number, layer in enumerate(layers, start=1):
        is_output = layer_number == len(layers)
        column, previous = _draw_layer(graph, layer, layer_number, is_output, previous, outputs, style, max_neurons)
        columns.append(column)

    # Keep each column together and in order, top to bottom.
    for column in columns:
        if len(column) == 1:
            graph.body.append(f"\t{{rank=same; {column[0]}}}\n")
        else:
            graph.body.append("\t{rank=same; " + " -> ".join(column) + " [style=invis]}\n")
    return graph


class _Style:
    """The drawing's choices, shared by every neuron and edge."""

    def __init__(
        self, precision: int, show_grad: bool, edge_labels: bool, largest_weight: float, notation: str = "chalkgrad"
    ) -> None:
        self.precision = precision
        self.notation = notation
        self.show_grad = show_grad
        self.edge_labels = edge_labels
        self.largest_weight = largest_weight

    def number(self, x: float) -> str:
        return format_number(x, self.precision)

    def with_grad(self, text: str, value: Value) -> str:
        return text + (f" (grad {self.number(value.grad)})" if self.show_grad else "")


def _drawn_edges(layers: list[list[Any]], max_neurons: int) -> int:
    """How many weight edges the drawing will show (after eliding long layers)."""
    drawn = 0
    fan_in = len(_visible(len(layers[0][0].w), max_neurons)[0])
    for layer in layers:
        shown_here = len(_visible(len(layer), max_neurons)[0])
        drawn += fan_in * shown_here
        fan_in = shown_here
    return drawn


def _draw_inputs(
    graph: Drawing, nin: int, xs: dict[int, Value], style: _Style, max_neurons: int
) -> tuple[list[str], dict[int, str]]:
    """Column 0, the inputs; returns the column and the inputs' node ids by index."""
    shown, hidden = _visible(nin, max_neurons)
    column = []
    for i in shown:
        lines = [f"<B>{html_text(input_name(i, style.notation))}</B>"]
        if i in xs:
            lines.append(html_text(style.number(xs[i].data)))
        graph.body.append(f'\tx{i} [label=<{"<BR/>".join(lines)}> shape=box fillcolor="#dbeafe"]\n')
        column.append(f"x{i}")
    marked = _with_marker(
        graph,
        column,
        hidden,
        "x",
        shown,
        lambda i, k: f"{input_name(i, style.notation)} to {input_name(k, style.notation)}",
    )
    return marked, {i: f"x{i}" for i in shown}


def _draw_layer(
    graph: Drawing,
    layer: list[Any],
    layer_number: int,
    is_output: bool,
    previous: dict[int, str],
    outputs: dict[tuple[int, int], Value],
    style: _Style,
    max_neurons: int,
) -> tuple[list[str], dict[int, str]]:
    """One column of neurons and the weight edges into it; returns the column and its node ids."""
    shown, hidden = _visible(len(layer), max_neurons)
    column, current = [], {}
    labels: list[str] = []
    for j in shown:
        neuron = layer[j]
        node_id = f"n{layer_number}_{j}"
        activation = _activation_name(neuron)
        title = html_text(unit_title(layer_number, j, style.notation))
        lines = [f"<B>{title}</B> · {html_text(ACTIVATION_NAMES.get(activation, activation))}"]
        output = outputs.get((layer_number, j))
        if output is not None:
            name = node_name(output, style.notation)
            lines.append(html_text(style.with_grad(f"{name} = {style.number(output.data)}", output)))
        if neuron.b is not None:
            bias = node_name(neuron.b, style.notation) if style.notation == "deck" else "b"
            lines.append(html_text(style.with_grad(f"{bias} = {style.number(neuron.b.data)}", neuron.b)))
        fill = "#bbf7d0" if is_output else "#ede9fe"
        graph.body.append(f'\t{node_id} [label=<{"<BR/>".join(lines)}> shape=ellipse fillcolor="{fill}"]\n')
        column.append(node_id)
        current[j] = node_id
        if style.edge_labels:
            labels.extend(_weight_edges(graph, neuron.w, previous, node_id, style))
        else:
            for i, source in previous.items():
                graph.body.append(f"\t{source} -> {node_id} [{_line(neuron.w[i], style)}]\n")
    if len(labels) > 1:  # the weight boxes in one column, grouped by the unit they lead to
        graph.body.append("\t{rank=same; " + " -> ".join(labels) + " [style=invis]}\n")

    def span(i: int, k: int) -> str:
        return f"neurons {i + 1} to {k + 1}" if style.notation == "deck" else f"units {i} to {k}"

    marked = _with_marker(graph, column, hidden, f"m{layer_number}_", shown, span)
    return marked, current


def _line(w: Value, style: _Style) -> str:
    """The attributes of a weight's line: width by |w|, colour by sign."""
    colour, width = styles.signed_line(w.data, style.largest_weight)
    return f'color="{colour}" penwidth={width}'


def _weight_edges(graph: Drawing, ws: list[Value], sources: dict[int, str], target: str, style: _Style) -> list[str]:
    """The edges into ``target``, each running through a small box that names its weight; returns the boxes.

    A label beside a line is ambiguous where lines run close or cross; a box the line
    itself passes through is not, and Graphviz routes every other line around it. Each
    box sits in the column just before the unit the weight leads to (the line from the
    source is two columns long, the one into the unit one), so the boxes of one unit
    stand together, next to it.
    """
    boxes = []
    for i, source in sources.items():
        w = ws[i]
        box = f"{target}_w{i}"
        # Named as in the lectures' W^[l] (nn labels its weights "W2[0,1]"), or as the decks write w_ij^[l].
        text = f"{node_name(w, style.notation) or 'w'} = {style.number(w.data)}"
        if style.show_grad:
            text += f"\ngrad {style.number(w.grad)}"
        colour, _ = styles.signed_line(w.data, style.largest_weight)
        graph.body.append(
            f'\t{box} [label=<{html_text(text)}> shape=box style="rounded,filled" fillcolor="#ffffff" '
            f'color="{colour}" fontcolor="{styles.signed_text(w.data)}" fontsize=8 margin="0.05,0.02" '
            "width=0 height=0]\n"
        )
        graph.body.append(f"\t{source} -> {box} [{_line(w, style)} arrowhead=none minlen=2]\n")
        graph.body.append(f"\t{box} -> {target} [{_line(w, style)}]\n")
        boxes.append(box)
    return boxes


def _title_and_legend(title: str | None, style: _Style) -> str:
    """The diagram's caption: its title, then what the colours, widths and numbers mean."""
    largest = style.largest_weight or 1.0
    positive, thin = styles.signed_line(0.3 * largest, largest)
    negative, _ = styles.signed_line(-0.3 * largest, largest)
    strongest, thick = styles.signed_line(largest, largest)

    def line(colour: str, width: float) -> str:
        # A table of its own keeps the sample as thin as the line: a plain cell would grow to the row's height.
        sample = f'<TD FIXEDSIZE="TRUE" WIDTH="28" HEIGHT="{max(1, round(width))}" BGCOLOR="{colour}"></TD>'
        return f'<TD><TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>{sample}</TR></TABLE></TD>'

    def words(text: str) -> str:
        return f'<TD><FONT POINT-SIZE="9">{html_text(text)}</FONT></TD>'

    weights = "weights: the thicker the line, the larger |w|"
    if style.largest_weight:
        weights += f" (the thickest is {style.number(style.largest_weight)})"
    cells = [
        line(positive, thin),
        words("positive"),
        line(negative, thin),
        words("negative"),
        line(strongest, thick),
        words(weights),
        words(f"· every number to {style.precision} significant digits"),
    ]
    rows = f'<TR><TD><FONT POINT-SIZE="14">{html_text(title)}</FONT></TD></TR>' if title else ""
    legend = '<TABLE BORDER="0" CELLSPACING="4" CELLPADDING="0"><TR>' + "".join(cells) + "</TR></TABLE>"
    rows += f"<TR><TD>{legend}</TD></TR>"
    return f'<TABLE BORDER="0" CELLPADDING="1" CELLSPACING="0">{rows}</TABLE>'


def _with_marker(
    graph: Drawing, column: list[str], hidden: int, prefix: str, shown: list[int], span: Callable[[int, int], str]
) -> list[str]:
    """Insert the "⋮ n more (first to last)" marker into ``column`` where neurons were left out."""
    if hidden == 0:
        return column
    position = len(shown) // 2 + len(shown) % 2  # the left-out indices lie between these two halves
    left_out = span(shown[position - 1] + 1, shown[position] - 1)
    marker = f"{prefix}more"
    graph.body.append(
        f'\t{marker} [label=<⋮<BR/>{hidden} more<BR/>({html_text(left_out)})> shape=plaintext style="" '
        'fontcolor="#6b7280"]\n'
    )
    return [*column[:position], marker, *column[position:]]
