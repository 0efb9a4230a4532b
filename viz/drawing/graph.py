"""``draw_graph``: the computation graph of a Value, with every node's data and gradient.

Each Value is drawn as a record ``label | data | grad`` and each operation as a
small node between its inputs and its result, left to right by default:

    a | data 2.0 | grad -3.0  ──►  (*)  ──►  | data -6.0 | grad 1.0
    b | data -3.0 | grad 2.0  ──►

The drawing is built as DOT text (the Graphviz language) by this module alone;
nothing is rendered until the drawing is displayed or saved (``render.py``).
Node ids are fixed by the graph, not by memory addresses: a Value's id is its
position in ``autograd.topological_order(root)``, the op that made it is
``op<position>``, and a collapsed neuron is ``neuron<layer>_<unit>``. The same
graph therefore always gives the same DOT text.

Read next: ``render.py`` (how DOT becomes SVG/PNG), ``network.py`` (the layered
diagram of a model).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Union

from autograd import BackwardRecord, Step, Value, backward_steps, topological_order
from autograd.formatting import check_precision, format_number
from viz.drawing import styles
from viz.drawing.neurons import NeuronGroup, group_neurons
from viz.drawing.room import CELL_MARGIN, RECORD_FONT_SIZE, Room, fitted
from viz.drawing.slide import LAYOUTS, column_statements, needs_a_column_between, stacked_rows
from viz.drawing.text import html_text
from viz.notation import check_notation, node_name, unit_title
from viz.render.drawing import Drawing
from viz.render.fonts import FONT, text_width

# Above this many drawn nodes draw_graph refuses (see GraphTooLarge). With the
# layout caps below, dot lays out 2,000 nodes in a few seconds; far beyond that it
# takes minutes and the picture is unreadable anyway (bench/viz_bench.py measures).
DEFAULT_MAX_NODES = 2000

# Above this many drawn nodes, Graphviz's two slow phases (crossing minimisation
# and network-simplex positioning) get a capped number of iterations. Measured on
# a 1,000-Value graph (about 2,000 drawn nodes): 20 s uncapped, 2-3 s capped, with
# both dot and graphviz-pure. Small graphs keep the full-quality layout.
CAPPED_LAYOUT_ABOVE = 1000
LAYOUT_CAPS = {"mclimit": "0.01", "nslimit": "0.2", "nslimit1": "0.2", "searchsize": "10"}

# Up to this many drawn nodes an edge label is laid out as part of the graph (dot
# gives it a place of its own mid-edge, so labels never collide). That doubles the
# ranks a long edge crosses, and routing them grows much faster than the graph:
# measured on 1,000 Values (bench/viz_bench.py), 50 s with dot and minutes with
# graphviz-pure, against 2-5 s unlabelled. Above it, labels are placed beside their
# edges after the layout (xlabel), which costs about as much as no label at all.
LABELS_IN_LAYOUT_UP_TO = 500

# The grad cell of a Value that takes no gradient (requires_grad=False).
NO_GRAD = "—"

EDGE_LABEL_MODES = (None, "local", "chain")
COLOUR_MODES = (None, "role", "grad", "data")
RANKDIRS = ("LR", "RL", "TB", "BT")

CellText = Callable[[Value], tuple[str, str]]
EdgeText = Callable[[Value, int], Union[str, None]]


class GraphTooLarge(ValueError):
    """The graph has more nodes than ``max_nodes``; the message says what makes it drawable."""


def draw_graph(
    root: Value | Sequence[Value],
    *,
    rankdir: str = "LR",
    precision: int = 4,
    show_grad: bool | None = None,
    show_ops: bool | None = None,
    edge_labels: str | None = None,
    color_by: str | None = "role",
    highlight: Iterable[Value] = (),
    highlight_path: Value | None = None,
    highlight_edges: Iterable[tuple[Value, int]] = (),
    clusters: bool = False,
    collapse: bool = False,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    cell_text: CellText | None = None,
    edge_text: EdgeText | None = None,
    title: str | None = None,
    notation: str = "chalkgrad",
    room: Room | None = None,
    layout: str = "wide",
) -> Drawing:
    """Draw the computation graph that produced ``root`` (a Value, or several Values).

    Returns a ``graphviz.Digraph`` (shown inline in Jupyter; save it with
    ``viz.save``). Options:

    rankdir         "LR" (default, inputs on the left), "RL", "TB" or "BT"
    precision       significant digits of data and grad (default 4)
    show_grad       show the grad column; None (default) shows it only when some node
                    has a non-zero grad, so a graph drawn before backward() does not
                    show a screen of zeros as if they were answers; a constant
                    (requires_grad=False: x[i], the -1 of a negation) shows "grad —"
    show_ops        draw a small node per operation; None (default): yes, except with
                    layout="slide", which writes the operation into its result's record
    layout          "wide" (default): each record's cells side by side; "slide": a network
                    shaped for a 16:9 slide, records stacked, operations folded into them,
                    layers in columns left to right, units and parameters top to bottom in
                    index order (see ``slide.py``)
    edge_labels     None; "local": the local derivative d(node)/d(input) on each edge;
                    "chain": upstream grad × local derivative = what backward sends
                    along the edge, and the sum in the record of a Value that feeds
                    several operations (read from ``autograd.backward_steps``, so it
                    shows the backward pass before or after ``backward()`` alike)
    color_by        "role" (input, parameter, intermediate, output), "grad" or
                    "data" (blue positive, red negative, stronger when larger), or None
    highlight       Values drawn with a thick red border
    highlight_path  a Value (usually a parameter): every node and edge on its way to
                    the root is highlighted
    highlight_edges edges given as (node, index of the input) drawn thick, their
                    labels large and red: the edges a step of a step-through uses
    clusters        group the Values of each neuron and layer (from the roles nn
                    gives its Values, whatever their labels) in labelled boxes
    collapse        draw each neuron (from nn's roles) as one node
    max_nodes       refuse graphs with more drawn nodes than this (None: no limit);
                    above CAPPED_LAYOUT_ABOVE drawn nodes the layout effort is capped,
                    above LABELS_IN_LAYOUT_UP_TO edge labels are placed beside their edges
    cell_text       f(value) -> (data text, grad text) replacing the numbers shown
    edge_text       f(node, i) -> label of the edge from node.inputs[i] into node
    title           a caption above the graph
    notation        "chalkgrad" (default): each Value shows its label; "deck": the Values nn
                    made are named as the lecture decks write them (w₁₁^[1] for W1[0,0],
                    a₁^[2] for a2[0], "layer 1 · neuron 1"), see ``viz.notation``
    room            a ``Room`` (``room.py``): fixed sizes for the record cells and edge
                    labels it lists, so that drawings of one graph with different texts
                    (the frames of a step-through) share one layout; the edges that
                    carry a label are then drawn emphasised, as the ones in use
    """
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be 'wide' or 'slide', got {layout!r}")
    if show_ops is None:
        show_ops = layout != "slide"
    builder = _prepared(
        root,
        precision=precision,
        show_grad=show_grad,
        show_ops=show_ops,
        edge_labels=edge_labels,
        color_by=color_by,
        clusters=clusters,
        collapse=collapse,
        max_nodes=max_nodes,
        cell_text=cell_text,
        edge_text=edge_text,
        notation=notation,
    )
    if rankdir not in RANKDIRS:
        raise ValueError(f"rankdir must be one of {', '.join(RANKDIRS)}, got {rankdir!r}")
    builder.mark(highlight, highlight_path)
    builder.stressed_edges = set(highlight_edges)
    builder.room = room
    builder.layout = layout

    graph = Drawing(name="computation_graph")
    # The slide layout packs its columns closer: a lecture network must fit 16:9.
    nodesep, ranksep = ("0.25", "0.2") if layout == "slide" else ("0.25", "0.35")
    graph.attr("graph", rankdir=rankdir, nodesep=nodesep, ranksep=ranksep, fontname=FONT)
    drawn = builder.count_drawn_nodes()
    if drawn > CAPPED_LAYOUT_ABOVE:
        graph.attr("graph", **LAYOUT_CAPS)
    if drawn > LABELS_IN_LAYOUT_UP_TO:
        builder.label_attribute = "xlabel"
        graph.attr("graph", forcelabels="true")  # place every label, even where it must touch another
    if title:
        graph.body.append(f"\tlabel=<{html_text(title)}> labelloc=t fontsize=14\n")
    graph.attr("node", shape="plain", fontname=FONT, fontsize="11")
    graph.attr("edge", fontname=FONT, fontsize="9", color=styles.NEUTRAL_EDGE, arrowsize="0.6")
    graph.body.extend(builder.statements())
    return graph


def check_drawable(root: Value | Sequence[Value], **options: object) -> None:
    """Raise now what ``draw_graph(root, **options)`` would raise for its size or its options.

    Counts the nodes without building any text, so a tool that draws many pictures
    of one graph (a step-through, an exercise) can refuse a graph that is too large
    before doing any work.
    """
    drawing_only = {"rankdir", "highlight", "highlight_path", "highlight_edges", "title", "layout"}
    unknown = set(options) - drawing_only - set(_PREPARED_OPTIONS)
    if unknown:
        raise TypeError(f"draw_graph() got unknown options: {', '.join(sorted(unknown))}")
    if "rankdir" in options and options["rankdir"] not in RANKDIRS:
        raise ValueError(f"rankdir must be one of {', '.join(RANKDIRS)}, got {options['rankdir']!r}")
    _prepared(root, **{k: v for k, v in options.items() if k not in drawing_only})  # type: ignore[arg-type]


_PREPARED_OPTIONS = (
    "precision",
    "show_grad",
    "show_ops",
    "edge_labels",
    "color_by",
    "clusters",
    "collapse",
    "max_nodes",
    "cell_text",
    "edge_text",
    "notation",
)


def _prepared(
    root: Value | Sequence[Value],
    *,
    precision: int = 4,
    show_grad: bool | None = None,
    show_ops: bool = True,
    edge_labels: str | None = None,
    color_by: str | None = "role",
    clusters: bool = False,
    collapse: bool = False,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    cell_text: CellText | None = None,
    edge_text: EdgeText | None = None,
    notation: str = "chalkgrad",
) -> _Builder:
    """The options checked, the nodes grouped and counted: a builder ready to write DOT, or an error."""
    roots = _check_roots(root)
    precision = check_precision(precision)
    notation = check_notation(notation)
    if edge_labels not in EDGE_LABEL_MODES:
        raise ValueError(f"edge_labels must be None, 'local' or 'chain', got {edge_labels!r}")
    if edge_labels == "chain" and len(roots) > 1:
        raise ValueError("edge_labels='chain' shows the backward pass of one root; draw one Value, e.g. the loss")
    if color_by not in COLOUR_MODES:
        raise ValueError(f"color_by must be None, 'role', 'grad' or 'data', got {color_by!r}")
    if max_nodes is not None and (isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 1):
        raise ValueError(f"max_nodes must be a positive whole number or None, got {max_nodes!r}")

    order = _order(roots)
    if show_grad is None:
        show_grad = edge_labels == "chain" or any(node.grad != 0.0 for node in order)
    builder = _Builder(
        order=order,
        roots=roots,
        precision=precision,
        show_grad=bool(show_grad),
        show_ops=show_ops,
        edge_labels=edge_labels,
        color_by=color_by,
        cell_text=cell_text,
        edge_text=edge_text,
        notation=notation,
    )
    builder.group(clusters=clusters, collapse=collapse)
    drawn = builder.count_drawn_nodes()
    if max_nodes is not None and drawn > max_nodes:
        raise GraphTooLarge(_too_large_message(builder, drawn, max_nodes))
    return builder


def _check_roots(root: object) -> list[Value]:
    if isinstance(root, Value):
        return [root]
    if isinstance(root, (list, tuple)) and root and all(isinstance(item, Value) for item in root):
        return list(root)
    raise TypeError(
        f"draw_graph() needs a Value (or a non-empty list of Values), got {type(root).__name__}; "
        "draw the result of a computation, e.g. draw_graph(loss)"
    )


def _order(roots: list[Value]) -> list[Value]:
    """Every node the roots depend on, inputs first; for one root exactly topological_order(root)."""
    if len(roots) == 1:
        return topological_order(roots[0])
    seen: set[Value] = set()
    order: list[Value] = []
    for root in roots:
        for node in topological_order(root):
            if node not in seen:
                seen.add(node)
                order.append(node)
    return order


def _drawn_nodes(order: list[Value], neurons: dict[tuple[int, int], NeuronGroup], show_ops: bool) -> int:
    """How many nodes a drawing has: one per Value (minus those collapsed into ``neurons``), one per op."""
    members = {node for group in neurons.values() for node in group.members}
    visible = [node for node in order if node not in members]
    ops = sum(1 for node in visible if node.inputs) if show_ops else 0
    return len(visible) + ops + len(neurons)


def _too_large_message(builder: _Builder, drawn: int, max_nodes: int) -> str:
    """Why the graph is refused, and what each option would make of it (with its size)."""
    order = builder.order
    operations = sum(1 for node in order if node.inputs)
    neurons = builder.neurons or group_neurons(order)

    def verdict(count: int) -> str:
        return "drawable" if count <= max_nodes else f"still more than {max_nodes:,}"

    hints = []
    current = builder.neurons if builder.collapse else {}
    if builder.show_ops:
        count = _drawn_nodes(order, current, show_ops=False)
        hints.append(f"show_ops=False: {count:,} drawn nodes, {verdict(count)} (one node per Value, no op nodes)")
    if not builder.collapse and neurons:
        count = _drawn_nodes(order, neurons, builder.show_ops)
        hints.append(f"collapse=True: {count:,} drawn nodes, {verdict(count)} (one node per neuron)")
        if builder.show_ops and count > max_nodes:
            count = _drawn_nodes(order, neurons, show_ops=False)
            hints.append(f"collapse=True, show_ops=False: {count:,} drawn nodes, {verdict(count)}")
    elif not neurons:
        hints.append("collapse=True (one node per neuron) needs a network built with nn; this graph has none")
    hints += [
        "draw the loss of ONE sample instead of a whole batch (call the model on one input)",
        "a smaller network, or drawing one neuron's output instead of the loss",
        f"max_nodes={drawn} or max_nodes=None to draw it anyway (layout may then take minutes)",
    ]
    return (
        f"This graph is too big to draw: {len(order):,} Values and {operations:,} operations make "
        f"{drawn:,} drawn nodes, more than max_nodes={max_nodes:,}. To make it drawable, try:\n  - "
        + "\n  - ".join(hints)
    )


def _border(marked: bool) -> str:
    """The outer border of a record: none, or thick and red when highlighted."""
    return f'BORDER="3" COLOR="{styles.HIGHLIGHT_COLOUR}"' if marked else 'BORDER="0"'


class _Builder:
    """Turns a graph into DOT statements; one instance per draw_graph call."""

    def __init__(
        self,
        *,
        order: list[Value],
        roots: list[Value],
        precision: int,
        show_grad: bool,
        show_ops: bool,
        edge_labels: str | None,
        color_by: str | None,
        cell_text: CellText | None,
        edge_text: EdgeText | None,
        notation: str = "chalkgrad",
    ) -> None:
        self.order = order
        self.notation = notation
        self.position = {node: i for i, node in enumerate(order)}
        self.roots = set(roots)
        self.precision = precision
        self.show_grad = show_grad
        self.show_ops = show_ops
        self.edge_labels = edge_labels
        self.color_by = color_by
        self.cell_text = cell_text
        self.edge_text = edge_text
        self.neurons: dict[tuple[int, int], NeuronGroup] = {}
        self.neuron_of: dict[Value, NeuronGroup] = {}
        self.clusters = False
        self.collapse = False
        self.marked_nodes: set[Value] = set()
        self.stressed_edges: set[tuple[Value, int]] = set()
        # edge_labels="chain" reads the backward pass from the engine's record (made in statements())
        self.sweep: BackwardRecord | None = None
        self.steps: dict[Value, Step] = {}
        self.marked_edges: set[tuple[Value, Value]] = set()
        self.room: Room | None = None
        self.layout = "wide"
        self.label_attribute = "label"  # or "xlabel" for large graphs (see LABELS_IN_LAYOUT_UP_TO)
        numbers = [node.grad for node in order] if color_by == "grad" else [node.data for node in order]
        self.largest = styles.largest_magnitude(numbers)

    # -- grouping and highlighting --------------------------------------------------

    def group(self, *, clusters: bool, collapse: bool) -> None:
        if not (clusters or collapse):
            return
        self.neurons = group_neurons(self.order)
        if not self.neurons:
            option = "collapse=True" if collapse else "clusters=True"
            raise ValueError(
                f"{option} groups Values by neuron using the roles nn gives them (weight, bias, weighted sum and "
                "activation of each unit); no Value in this graph has one. Build the graph with nn "
                "(nn.Neuron, nn.Layer, nn.MLP), or set a Value's role to an nn.naming.Role."
            )
        for group in self.neurons.values():
            for node in group.members:
                self.neuron_of[node] = group
        self.clusters = clusters and not collapse
        self.collapse = collapse

    def count_drawn_nodes(self) -> int:
        if not self.collapse:
            return len(self.order) + (sum(1 for node in self.order if node.inputs) if self.show_ops else 0)
        visible = [node for node in self.order if node not in self.neuron_of]
        ops = sum(1 for node in visible if node.inputs) if self.show_ops else 0
        return len(visible) + ops + len(self.neurons)

    def mark(self, highlight: Iterable[Value], path_from: Value | None) -> None:
        for node in highlight:
            if not isinstance(node, Value):
                raise TypeError(f"highlight must hold Values, got {type(node).__name__} {node!r}")
            self.marked_nodes.add(node)
        if path_from is None:
            return
        if path_from not in self.position:
            raise ValueError(f"highlight_path={path_from!r} is not part of this graph, so it has no path to the root")
        on_path = {path_from}
        for node in self.order:
            for child in node.inputs:
                if child in on_path:
                    on_path.add(node)
                    self.marked_edges.add((child, node))
        self.marked_nodes |= on_path

    # -- ids and text -----------------------------------------------------------------

    def node_id(self, node: Value) -> str:
        group = self.neuron_of.get(node) if self.collapse else None
        return group.node_id if group is not None else str(self.position[node])

    def number(self, x: float) -> str:
        return format_number(x, self.precision)

    def fill(self, node: Value) -> str:
        if self.color_by == "role":
            return styles.ROLE_COLOURS[styles.role(node, node in self.roots)]
        if self.color_by == "grad":
            return styles.signed_fill(node.grad, self.largest)
        if self.color_by == "data":
            return styles.signed_fill(node.data, self.largest)
        return "#ffffff"

    def grad_text(self, node: Value, users: dict[Value, list[str]]) -> str:
        if not node.requires_grad:
            # A constant (a network input x[i], the -1 of a negation, a number in an
            # expression) takes no gradient: "grad 0.0000" would read like an answer.
            return f"grad {NO_GRAD}"
        if self.sweep is None:
            return f"grad {self.number(node.grad)}"
        # edge_labels="chain": the backward pass being explained, from the engine's record
        gradient = self.number(self.sweep.gradient(node))
        sends = users.get(node)
        if sends is not None and len(sends) > 1:
            return f"grad {' + '.join(sends)} = {gradient}"
        return f"grad {gradient}"

    def record(self, node: Value, users: dict[Value, list[str]]) -> str:
        i = self.position[node]
        if self.cell_text is not None:
            data_text, grad_text = self.cell_text(node)
            cells = [f"data {data_text}", f"grad {grad_text}"]
        else:
            cells = [f"data {self.number(node.data)}", self.grad_text(node, users)]
        if not self.show_grad:
            cells = cells[:1]
        if self.room is not None:
            return self.fixed_record(node, cells)
        if self.layout == "slide":
            return self.stacked_record(node, cells)
        row = "".join(f"<TD>{html_text(cell)}</TD>" for cell in cells)
        name = node_name(node, self.notation)
        if name:
            row = f"<TD><B>{html_text(name)}</B></TD>" + row
        table = f'<TABLE {_border(node in self.marked_nodes)} CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" '
        table += f'BGCOLOR="{self.fill(node)}"><TR>{row}</TR></TABLE>'
        return f"\t{i} [label=<{table}>]\n"

    def stacked_record(self, node: Value, cells: list[str]) -> str:
        """The slide layout's record: the name (and, without op nodes, the operation) over data over grad."""
        name = html_text(node_name(node, self.notation))
        name = f"<B>{name}</B>" if name else ""
        if node.inputs and not self.show_ops:
            name += (" · " if name else "") + html_text(node.op)
        table = f'<TABLE {_border(node in self.marked_nodes)} CELLBORDER="1" CELLSPACING="0" CELLPADDING="3" '
        rows = stacked_rows(name, [html_text(cell) for cell in cells], leaf=not node.inputs)
        table += f'BGCOLOR="{self.fill(node)}">{rows}</TABLE>'
        return f"\t{self.position[node]} [label=<{table}>]\n"

    def fixed_record(self, node: Value, cells: list[str]) -> str:
        """The record with the sizes the room reserves: the same box whatever its texts say."""
        room = self.room
        assert room is not None
        reserved = room.cells.get(node, (0.0, 0.0))
        widths = [max(width, text_width(cell, RECORD_FONT_SIZE)) for cell, width in zip(cells, reserved)]
        name = html_text(node_name(node, self.notation))
        name_width = text_width(node_name(node, self.notation), RECORD_FONT_SIZE, bold=True)
        if self.layout != "slide":
            row = "".join(room.cell(html_text(cell), width) for cell, width in zip(cells, widths))
            rows = f"<TR>{room.cell(name, name_width, True) if name else ''}{row}</TR>"
        elif node.inputs:  # stacked, as the slide layout draws it: name (and op) over data over grad
            name = f"<B>{name}</B>" if name else ""
            if not self.show_ops:
                name += (" · " if name else "") + html_text(node.op)
                name_width = text_width(f"{node_name(node, self.notation)} · {node.op}", RECORD_FONT_SIZE, bold=True)
            column = max([name_width, *widths])
            rows = "".join(f"<TR>{room.cell(html_text(cell), column)}</TR>" for cell in cells)
            rows = (f"<TR>{room.cell(name, column)}</TR>" if name else "") + rows
        else:  # a leaf of the slide layout: its name over its cells side by side
            if name and name_width > sum(widths):
                widths[0] += name_width - sum(widths)  # the first cell widens until the name fits above
            row = "".join(room.cell(html_text(cell), width) for cell, width in zip(cells, widths))
            spanned = sum(fitted(width, CELL_MARGIN) for width in widths) - CELL_MARGIN
            rows = (f"<TR>{room.cell(name, spanned, True, len(cells))}</TR>" if name else "") + f"<TR>{row}</TR>"
        # The border is always 3 points wide, drawn red or not at all: a highlight changes no size.
        colour = styles.HIGHLIGHT_COLOUR if node in self.marked_nodes else "transparent"
        table = f'<TABLE BORDER="3" COLOR="{colour}" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" '
        table += f'BGCOLOR="{self.fill(node)}">{rows}</TABLE>'
        return f"\t{self.position[node]} [label=<{table}>]\n"

    def op_node(self, node: Value) -> str:
        i = self.position[node]
        extra = f' color="{styles.HIGHLIGHT_COLOUR}" penwidth=2.5' if node in self.marked_nodes else ""
        return (
            f'\top{i} [label=<{html_text(node.op)}> shape=ellipse style=filled fillcolor="{styles.OP_COLOUR}" '
            f"margin=0.03 height=0.3 width=0.3 fontsize=10{extra}]\n"
        )

    def neuron_node(self, group: NeuronGroup) -> str:
        name = f"<B>{html_text(unit_title(group.layer, group.unit, self.notation))}</B> ({html_text(group.activation)})"
        rows = [f'<TR><TD COLSPAN="3">{name}</TD></TR>']
        for kind in ("z", "a"):
            for node in group.of_kind(kind)[-1:]:
                grad = f"<TD>grad {self.number(node.grad)}</TD>" if self.show_grad else ""
                name = html_text(node_name(node, self.notation))
                rows.append(f"<TR><TD>{name}</TD><TD>data {self.number(node.data)}</TD>{grad}</TR>")
        weights, biases = group.of_kind("W"), group.of_kind("b")
        plural = "" if len(weights) == 1 else "s"
        parameters = f"{len(weights)} weight{plural}" + (", 1 bias" if biases else ", no bias")
        rows.append(f'<TR><TD COLSPAN="3">{parameters}</TD></TR>')
        marked = any(node in self.marked_nodes for node in group.members)
        table = f'<TABLE {_border(marked)} CELLBORDER="1" CELLSPACING="0" CELLPADDING="3" BGCOLOR="#ede9fe">'
        table += "".join(rows) + "</TABLE>"
        return f"\t{group.node_id} [label=<{table}>]\n"

    def edge_label(self, node: Value, index: int) -> str | None:
        if self.edge_text is not None:
            return self.edge_text(node, index)
        if self.edge_labels is None:
            # A scaled sum's coefficients are numbers, not nodes (autograd.dot with a list of
            # numbers): its edges carry them, or the drawing would not show them at all.
            return f"× {self.number(node.local_grads[index])}" if node.op == "scaled_sum" else None
        local = node.local_grads[index]
        if self.edge_labels == "local":
            return self.number(local)
        step = self.steps.get(node)
        sent = step.sends[index].sent if step is not None else None
        if step is None or sent is None:
            return None  # backward does not visit this node, or sends nothing to a constant input
        return f"{self.number(step.upstream)} × {self.number(step.sends[index].local)} = {self.number(sent)}"

    # -- the statements -----------------------------------------------------------------

    def statements(self) -> list[str]:
        users: dict[Value, list[str]] = {}  # for "chain": what each node received, edge by edge
        if self.edge_labels == "chain" and next(iter(self.roots)).requires_grad:
            self.sweep = backward_steps(next(iter(self.roots)))
            self.steps = {step.node: step for step in self.sweep}
            for step in self.sweep:
                for send in step.sends:
                    if send.sent is not None:
                        users.setdefault(send.input, []).append(self.number(send.sent))
        node_lines: dict[Value, list[str]] = {}
        for node in self.order:
            if self.collapse and node in self.neuron_of:
                continue
            lines = [self.record(node, users)]
            if node.inputs and self.show_ops:
                lines.append(self.op_node(node))
            node_lines[node] = lines

        out: list[str] = []
        if self.collapse:
            out.extend(self.neuron_node(group) for group in self.neurons.values())
        if self.clusters:
            out.extend(self._cluster_blocks(node_lines))
        for node, lines in node_lines.items():
            if not (self.clusters and node in self.neuron_of):
                out.extend(lines)
        out.extend(self._edges())
        if self.layout == "slide" and not self.collapse:
            out.extend(column_statements(self.order, self.node_id))
        return out

    def _cluster_blocks(self, node_lines: dict[Value, list[str]]) -> list[str]:
        by_layer: dict[int, list[NeuronGroup]] = {}
        for group in self.neurons.values():
            by_layer.setdefault(group.layer, []).append(group)
        out = []
        for layer in sorted(by_layer):
            out.append(
                f'\tsubgraph cluster_layer{layer} {{\n\t\tlabel=<layer {layer}> style=rounded color="#9ca3af" '
                "fontsize=12\n"
            )
            for group in sorted(by_layer[layer], key=lambda g: g.unit):
                title = html_text(unit_title(layer, group.unit, self.notation))
                out.append(
                    f"\t\tsubgraph cluster_neuron{layer}_{group.unit} {{\n\t\t\tlabel=<{title} "
                    f'({html_text(group.activation)})> style="rounded,filled" fillcolor="#f5f3ff" color="#c4b5fd"\n'
                )
                for node in group.members:
                    out.extend("\t\t" + line for line in node_lines.get(node, []))
                out.append("\t\t}\n")
            out.append("\t}\n")
        return out

    def _edge(
        self,
        tail: str,
        head: str,
        label: str | None,
        marked: bool,
        stressed: bool = False,
        edge: tuple[Value, int] | None = None,
        gap: bool = False,
    ) -> str:
        attributes = ["minlen=2"] if gap else []
        in_room = self.room is not None and edge in self.room.edges
        if self.room is not None and edge is not None and in_room:
            # A label of fixed size on every edge the room lists, empty where this
            # drawing has no label for it: the layout is the same either way.
            text = html_text(label) if label is not None else ""
            colour = styles.HIGHLIGHT_COLOUR if stressed else "black"
            attributes.append(f"{self.label_attribute}=<{self.room.edge_label(edge, text, colour)}>")
        elif label is not None:
            attributes.append(f"{self.label_attribute}=<{html_text(label)}>")
        if marked:
            attributes.append(f'color="{styles.HIGHLIGHT_COLOUR}" penwidth=2.5')
        elif stressed:  # an edge the current step uses: thick, with its label large and red
            red = styles.HIGHLIGHT_COLOUR
            size = "" if in_room else "fontsize=14 "  # a room's labels carry their own size and colour
            attributes.append(f'{size}fontcolor="{red}" color="{red}" penwidth=2')
        return f"\t{tail} -> {head}" + (f" [{' '.join(attributes)}]" if attributes else "") + "\n"

    def _edges(self) -> list[str]:
        out: list[str] = []
        seen_collapsed: set[tuple[str, str]] = set()
        for node in self.order:
            if not node.inputs:
                continue
            head_id = self.node_id(node)
            absorbed = self.collapse and node in self.neuron_of
            via_op = self.show_ops and not absorbed
            target = f"op{self.position[node]}" if via_op else head_id
            for index, child in enumerate(node.inputs):
                tail = self.node_id(child)
                if absorbed or (self.collapse and child in self.neuron_of):
                    if tail == target or (tail, target) in seen_collapsed:
                        continue  # inside one neuron, or already drawn
                    seen_collapsed.add((tail, target))
                    if absorbed:
                        out.append(self._edge(tail, target, None, (child, node) in self.marked_edges))
                        continue
                label = self.edge_label(node, index)
                marked = (child, node) in self.marked_edges
                stressed = (node, index) in self.stressed_edges
                gap = self.layout == "slide" and needs_a_column_between(child, node)
                out.append(self._edge(tail, target, label, marked, stressed, (node, index), gap))
            if via_op:
                marked = node in self.marked_nodes and any((c, node) in self.marked_edges for c in node.inputs)
                out.append(self._edge(target, head_id, None, marked))
        return out
