"""Chain-rule paths: dL/dw as a sum, over every path from w to L, of products of local derivatives.

The chain rule for a graph says

    dL/dw = Σ over paths w -> v1 -> v2 -> ... -> L of  dL/dv_k · ... · dv2/dv1 · dv1/dw

where each factor is the local derivative a node recorded for one of its inputs.
``chain_rule(L, wrt=w)`` writes every path out with labels and numbers, e.g.

    dL/dw5 = dL/do1 · do1/dz3 · dz3/dw5 = (-0.71)(0.229)(0.615) = -0.1

and adds them up; the sum equals the gradient backward gives w (shown next to it,
read from the engine's record ``autograd.backward_steps``, so no ``.grad`` changes).

Paths multiply quickly (a deep network has a number of paths exponential in its
depth), so they are first *counted*, by dynamic programming over the graph in
topological order: paths(v) = Σ over v's inputs u of paths(u). The sums of their
products are the engine's own (``autograd.grad``: the one chain-rule loop). Only when
the count is small (``max_paths``) are the paths listed; otherwise the result
says how many there are and groups them by the node where they meet: going
down from L, the shared chain of single edges ends at a node with several
incoming branches; each branch is one group, with its path count and its
summed contribution.

Read next: ``stepper.py`` (the same products, one edge at a time, drawn).
"""

from __future__ import annotations

from dataclasses import dataclass

from autograd import Value, backward_steps, grad
from autograd.formatting import check_precision, format_number
from viz.classroom.names import NodeNames
from viz.drawing.text import page_text

# A path with more factors than twice this is written with its middle left out.
LONG_PATH_ENDS = 8
# Lines of the text form are at most this wide (a terminal, a projected notebook);
# a longer equation continues on the next lines, its "=" signs aligned.
LINE_WIDTH = 100


def _pack(pieces: list[str], sep: str, first: str, indent: str, width: int = LINE_WIDTH) -> list[str]:
    """``first + pieces joined by sep``, broken into lines of at most ``width`` (where possible).

    A continuation line starts with ``indent`` and the separator without its leading
    space, so that a product continues with "· ..." and a sum with "+ ...".
    """
    lines: list[str] = []
    line = first + pieces[0]
    for piece in pieces[1:]:
        if len(line) + len(sep) + len(piece) <= width:
            line += sep + piece
        else:
            lines.append(line)
            line = indent + sep.lstrip() + piece
    lines.append(line)
    return lines


@dataclass(frozen=True)
class Factor:
    """One local derivative d(node)/d(input) on a path."""

    node: str
    input: str
    value: float

    def symbol(self) -> str:
        return f"d{self.node}/d{self.input}"


@dataclass(frozen=True)
class Path:
    """One path from ``wrt`` up to the root: its factors, root side first, and their product."""

    nodes: tuple[str, ...]  # wrt first, root last
    factors: tuple[Factor, ...]  # root side first, as the chain rule is written
    product: float

    def text(self, root: str, wrt: str, precision: int = 4, width: int = LINE_WIDTH) -> str:
        """The path's equation; when it is wider than ``width``, on several lines with aligned "=" signs."""
        if not self.factors:
            return f"d{root}/d{wrt} = 1"
        shown: list[Factor | None] = list(self.factors)
        if len(shown) > 2 * LONG_PATH_ENDS:  # a long chain: the ends, and how much is left out
            shown = [*shown[:LONG_PATH_ENDS], None, *shown[-LONG_PATH_ENDS:]]
        skipped = f"…({len(self.factors) - 2 * LONG_PATH_ENDS} more factors)…"
        symbols = [f.symbol() if f else skipped for f in shown]
        numbers = [f"({format_number(f.value, precision)})" if f else skipped for f in shown]
        product = format_number(self.product, precision)
        lhs = f"d{root}/d{wrt} = "
        one_line = f"{lhs}{' · '.join(symbols)} = {''.join(numbers)} = {product}"
        if len(one_line) <= width:
            return one_line
        equals = " " * (len(lhs) - 2)  # continuation lines put their "=" under the first one
        lines = _pack(symbols, " · ", lhs, equals + "  ", width)
        lines += _pack(numbers, "", equals + "= ", equals + "  ", width)
        lines.append(f"{equals}= {product}")
        return "\n".join(lines)


@dataclass(frozen=True)
class Branch:
    """The paths that reach the meeting node through one of its inputs."""

    input: str
    local: float  # d(meeting node)/d(input)
    count: int  # paths from wrt to the input
    below: float  # Σ of the products of those paths, d(input)/d(wrt)
    contribution: float  # (shared chain) · local · below


class ChainRule:
    """The paths from ``wrt`` to ``root`` and their sum; see ``chain_rule``."""

    def __init__(
        self,
        root: str,
        wrt: str,
        count: int,
        total: float,
        grad: float,
        paths: list[Path] | None,
        chain: tuple[Factor, ...],
        meeting: str | None,
        branches: list[Branch],
        precision: int,
        wrt_is_constant: bool,
    ) -> None:
        self.root = root
        self.wrt = wrt
        self.count = count  # number of paths (an exact int, however large)
        self.total = total  # Σ over paths of their products
        self.grad = grad  # what backward gives wrt (from the engine's record), for comparison
        self.paths = paths  # every path when count <= max_paths, else None
        self.chain = chain  # factors shared by all paths, from the root down to the meeting node
        self.meeting = meeting  # the first node (from the root) where paths meet, or None
        self.branches = branches  # one group per input of the meeting node that carries paths
        self.precision = precision
        self.wrt_is_constant = wrt_is_constant

    @property
    def listed(self) -> bool:
        """True when every path is written out."""
        return self.paths is not None

    def lines(self) -> list[str]:
        p = self.precision
        r, w = self.root, self.wrt
        if self.count == 0:
            return [f"{r} does not depend on {w}: there is no path, so d{r}/d{w} = 0"]
        out: list[str] = []
        if self.paths is not None:
            noun = "path" if self.count == 1 else "paths"
            out.append(f"{self.count} {noun} from {w} to {r}:")
            for number, path in enumerate(self.paths, start=1):
                if self.count > 1:
                    first = f"  path {number}: "
                    out += _pack(list(path.nodes), " → ", first, " " * len(first))
                out += ["    " + line for line in path.text(r, w, p, LINE_WIDTH - 4).split("\n")]
            if self.count > 1:
                lhs = f"sum over paths: d{r}/d{w} = "
                terms = [f"({format_number(path.product, p)})" for path in self.paths]
                out += _pack(
                    [*terms[:-1], f"{terms[-1]} = {format_number(self.total, p)}"], " + ", lhs, " " * (len(lhs) - 2)
                )
        else:
            out.append(f"{self.count} paths from {w} to {r}: too many to list; grouped by where they meet.")
            shared = " · ".join(f.symbol() for f in self.chain)
            if self.chain:
                numbers = "".join(f"({format_number(f.value, p)})" for f in self.chain)
                out.append(f"every path ends with the shared chain {shared} = {numbers}")
            out.append(f"the paths meet at {self.meeting}, arriving through {len(self.branches)} inputs:")
            for b in self.branches:
                out.append(f"  via {b.input}: {b.count} paths, contributing {format_number(b.contribution, p)}")
                out.append(
                    f"    d{self.meeting}/d{b.input} = {format_number(b.local, p)}; "
                    f"Σ of their products below: d{b.input}/d{w} = {format_number(b.below, p)}"
                )
            out.append(f"sum over the groups: d{r}/d{w} = {format_number(self.total, p)}")
        if self.wrt_is_constant:
            out.append(f"({w} is a constant, requires_grad=False: backward leaves its .grad at 0)")
        else:
            out.append(f"the gradient {r}.backward() gives {w} = {format_number(self.grad, p)}")
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def __repr__(self) -> str:
        return f"<ChainRule d{self.root}/d{self.wrt}: {self.count} paths>\n{self}"

    def _repr_html_(self) -> str:
        return '<pre class="chalkgrad-chain-rule">' + page_text(str(self)) + "</pre>"


def chain_rule(
    root: Value, wrt: Value | str, max_paths: int = 64, precision: int = 4, notation: str = "chalkgrad"
) -> ChainRule:
    """Every path from ``wrt`` to ``root`` as a product of local derivatives, and their sum.

    ``wrt`` is a Value of the graph, or its label (e.g. ``"W1[0,0]"``).

    The sum over paths is d(root)/d(wrt); it equals the gradient ``root.backward()``
    gives ``wrt``, which is shown for comparison (read from the engine's record,
    ``autograd.backward_steps``: this function runs nothing on the graph and
    changes no ``.grad``). Paths are counted first; when
    there are more than ``max_paths``, they are grouped by the node where they meet
    instead of being listed. ``precision`` is the significant digits shown.
    ``notation="deck"`` names the nodes nn made as the lecture decks do (w₁₁^[1] for
    W1[0,0]; see ``viz.notation``).
    """
    names = NodeNames(root, notation)
    if isinstance(wrt, str):
        wrt = names.find(wrt)
    if not isinstance(wrt, Value):
        raise TypeError(f"wrt must be a Value of the graph (or its label), got {type(wrt).__name__} {wrt!r}")
    if wrt not in names:
        raise ValueError(f"wrt={wrt!r} is not part of the graph of {root!r}: {names(root)} does not depend on it")
    check_precision(precision)
    if isinstance(max_paths, bool) or not isinstance(max_paths, int) or max_paths < 0:
        raise ValueError(f"max_paths must be a whole number >= 0, got {max_paths!r}")

    # Dynamic programming in topological order (inputs before users): the number of
    # paths from wrt to each node. (Their summed products are the chain rule itself:
    # those come from the engine, autograd.grad, never from a second sweep here.)
    count: dict[Value, int] = {}
    for node in names.order[names.position[wrt] :]:
        if node is wrt:
            count[node] = 1
            continue
        n = sum(count[child] for child in node.inputs if child in count)  # inputs wrt reaches carry paths
        if n:
            count[node] = n

    n_paths = count.get(root, 0)
    paths = _list_paths(root, wrt, count, names) if n_paths <= max_paths else None
    chain, meeting, branches = _group_by_meeting(root, wrt, count, names) if paths is None else ((), None, [])
    summed = grad(root, wrt) if n_paths else 0.0
    # Add the shown terms themselves, so that the printed sum is the sum of the printed terms.
    if paths:
        summed = 0.0
        for path in paths:
            summed += path.product
    elif branches:
        summed = 0.0
        for branch in branches:
            summed += branch.contribution
    return ChainRule(
        root=names(root),
        wrt=names(wrt),
        count=n_paths,
        total=summed,
        grad=backward_steps(root).gradient(wrt) if wrt.requires_grad else 0.0,
        paths=paths,
        chain=chain,
        meeting=meeting,
        branches=branches,
        precision=precision,
        wrt_is_constant=not wrt.requires_grad,
    )


def _list_paths(root: Value, wrt: Value, count: dict[Value, int], names: NodeNames) -> list[Path]:
    """Every path from wrt to root, by depth-first search from the root down (explicit stack).

    Each step down is stored once, with a link to the step it came from, so a long
    path costs memory in proportion to its length (not its length squared).
    """
    if root not in count:
        return []
    paths: list[Path] = []
    # steps[k] = (node reached, index of the step above it or -1, factor on the edge taken)
    steps: list[tuple[Value, int, Factor | None]] = [(root, -1, None)]
    stack = [0]
    while stack:
        k = stack.pop()
        node = steps[k][0]
        if node is wrt:
            paths.append(_path_ending_at(steps, k, names(root)))
            continue
        # reversed, so that the first input's paths come out first
        for child, local in reversed(list(zip(node.inputs, node.local_grads))):
            if child in count:
                steps.append((child, k, Factor(node=names(node), input=names(child), value=local)))
                stack.append(len(steps) - 1)
    return paths


def _path_ending_at(steps: list[tuple[Value, int, Factor | None]], k: int, root_name: str) -> Path:
    """Follow the links from step k (at wrt) back up to the root."""
    upwards: list[Factor] = []  # wrt's edge first
    factor = steps[k][2]
    while factor is not None:
        upwards.append(factor)
        k = steps[k][1]
        factor = steps[k][2]
    product = 1.0
    for f in upwards:
        product *= f.value
    nodes = (*(f.input for f in upwards), root_name)
    return Path(nodes=nodes, factors=tuple(reversed(upwards)), product=product)


def _group_by_meeting(
    root: Value, wrt: Value, count: dict[Value, int], names: NodeNames
) -> tuple[tuple[Factor, ...], str | None, list[Branch]]:
    """Walk down from the root along the single edge that carries all the paths, to where they meet."""
    chain: list[Factor] = []
    node = root
    while True:
        carrying = [(child, local) for child, local in zip(node.inputs, node.local_grads) if child in count]
        if len(carrying) != 1:
            break
        child, local = carrying[0]
        chain.append(Factor(node=names(node), input=names(child), value=local))
        node = child
    shared = 1.0
    for f in chain:
        shared *= f.value
    branches = [
        Branch(
            input=names(child),
            local=local,
            count=count[child],
            below=below,
            contribution=shared * local * below,
        )
        for child, local, below in ((child, local, grad(child, wrt)) for child, local in carrying)
    ]
    return tuple(chain), names(node), branches
