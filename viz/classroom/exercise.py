"""Exercise mode: the graph with "?" in place of numbers, and a checker for the student's answers.

``exercise(root, hide="grad")`` hides every gradient (the root's own, 1, stays given);
``hide="data"`` hides every computed value (the leaves stay given) to practise the
forward pass. The student writes answers by node label::

    ex = exercise(loss)
    ex                                  # the drawing, with "?" where the numbers were
    ex.check({"a3[0]": -1.29, "z3[0]": -0.226})
    ex.reveal()                         # the drawing with every number

``check`` says which answers are right within a tolerance and, for a wrong one,
which step was probably missed. A gradient is

    dL/dv = Σ over the nodes u that use v of  dL/du · du/dv
              (upstream gradient)    (local derivative)

so the usual slips are: giving dL/du alone (local derivative forgotten), du/dv alone
(upstream forgotten), one term of the sum when v is used several times, or a
flipped sign. The hints test for exactly those, with the engine's numbers.

Read next: ``sgd_update.py`` (what happens with the gradients once they are known).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from numbers import Real
from typing import Any

from autograd import Send, Value, backward_steps
from autograd.derivatives import local_derivative_in_words, multiplied_by
from autograd.formatting import check_precision, format_number
from viz.classroom.names import NodeNames
from viz.drawing.graph import check_drawable, draw_graph
from viz.drawing.text import page_text

# A student's own answer is echoed with more digits than the drawing shows: as typed, mostly.
ANSWER_DIGITS = 6


@dataclass(frozen=True)
class AnswerCheck:
    """The verdict on one answer: ``correct`` is None when the name is not a blank."""

    name: str
    answer: float
    correct: bool | None
    message: str


class CheckResult:
    """What ``Exercise.check`` found: one verdict per answer, and the blanks left."""

    def __init__(self, checks: list[AnswerCheck], missing: list[str], what: str, solved: int, total: int) -> None:
        self.checks = checks
        self.missing = missing
        self.what = what
        self.solved = solved  # blanks right so far, over every check of this exercise
        self.total = total  # blanks in the exercise

    @property
    def right(self) -> list[str]:
        return [c.name for c in self.checks if c.correct]

    @property
    def wrong(self) -> list[str]:
        return [c.name for c in self.checks if c.correct is False]

    @property
    def all_correct(self) -> bool:
        """Every blank answered, and every answer right."""
        return not self.missing and not self.wrong

    def __getitem__(self, name: str) -> AnswerCheck:
        for check in self.checks:
            if check.name == name:
                return check
        raise KeyError(f"no answer for {name!r} was checked")

    def __str__(self) -> str:
        lines = [f"{self.solved} of {self.total} {self.what} right"]
        for check in self.checks:
            mark = {True: "right", False: "WRONG", None: "note"}[check.correct]
            message = f": {check.message}" if check.message else ""
            lines.append(f"  {mark:<5}  {check.name} = {format_number(check.answer, ANSWER_DIGITS)}{message}")
        if self.missing:
            lines.append("  still to fill in: " + ", ".join(self.missing))
        elif not self.wrong:
            lines.append("  all done: every blank is right.")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        return '<pre class="chalkgrad-exercise-check">' + page_text(str(self)) + "</pre>"


class Exercise:
    """A graph with hidden numbers to fill in; see ``exercise``."""

    def __init__(
        self,
        root: Value,
        hide: str = "grad",
        rel_tol: float = 0.01,
        abs_tol: float = 1e-4,
        precision: int = 4,
        notation: str = "chalkgrad",
    ) -> None:
        if hide not in ("grad", "data"):
            raise ValueError(f'hide must be "grad" (practise backward) or "data" (practise forward), got {hide!r}')
        self.names = NodeNames(root, notation)
        check_drawable(root)  # the exercise is a drawing: a graph too large for one is refused first
        self.root = root
        self.uses: dict[Value, list[tuple[Value, int, Send]]] = {}
        self.hide = hide
        self.rel_tol = float(rel_tol)
        self.abs_tol = float(abs_tol)
        self.precision = check_precision(precision)
        if hide == "grad":
            if not root.requires_grad:
                raise ValueError("this graph has nothing that needs a gradient, so there is nothing to hide")
            record = backward_steps(root)
            hidden = [step.node for step in record if step.node is not root]
            # every edge out of each node, as the record has it: (user, what it sent down that edge)
            for step in record:
                for index, send in enumerate(step.sends):
                    self.uses.setdefault(send.input, []).append((step.node, index, send))
            self.solution = {self.names(n): record.gradient(n) for n in hidden}
            self.root_gradient = record.seed
        else:
            hidden = [n for n in self.names.order if n.inputs]
            self.solution = {self.names(n): n.data for n in hidden}
            self.root_gradient = 1.0
        self.hidden: set[Value] = set(hidden)
        # The blanks a student is asked for are the labelled ones (the drawing names them);
        # unlabelled intermediate nodes show "?" too and may be answered as "#i".
        labelled = [self.names(n) for n in hidden if n.label]
        self.blanks: list[str] = labelled or list(self.solution)
        self.solved: dict[str, float] = {}  # blanks answered right so far: drawn filled in
        self.revealed = False

    # -- the drawing ----------------------------------------------------------------

    def cell_text(self, node: Value) -> tuple[str, str]:
        """The (data, grad) text of a node's cell: "?" for a blank not yet solved."""
        p = self.precision
        name = self.names(node)
        hidden = node in self.hidden and not (self.revealed or name in self.solved)
        if self.hide == "data":
            return ("?" if hidden else format_number(self.solution.get(name, node.data), p), "")
        data = format_number(node.data, p)
        if not node.requires_grad:
            return (data, "—")  # a constant: backward gives it no gradient
        return (data, "?" if hidden else format_number(self._grad(node), p))

    def draw(self, **options: Any) -> Any:
        """The graph with "?" in the blanks (answers already right are filled in)."""
        options.setdefault("notation", self.names.notation)
        return draw_graph(self.root, cell_text=self.cell_text, show_grad=self.hide == "grad", **options)

    def reveal(self, **options: Any) -> Any:
        """Show the solution: from now on the drawing has every number (see also ``solution``)."""
        self.revealed = True
        return self.draw(**options)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
        return self.draw()._repr_mimebundle_(include, exclude)

    def __str__(self) -> str:
        root = self.names(self.root)
        what = f"gradient d{root}/d(node)" if self.hide == "grad" else "value (forward pass)"
        lines = [f"Exercise: fill in the {what} of {len(self.blanks)} nodes of {self.names(self.root)}."]
        for node in self.names.order:
            name = self.names(node)
            data, grad = self.cell_text(node)
            op = node.op or ("constant" if not node.requires_grad else "leaf")
            cells = f"data {data}" + (f", grad {grad}" if grad not in ("", "—") else "")
            lines.append(f"  {name:<12} {op:<10} {cells}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    # -- checking -------------------------------------------------------------------

    def close(self, answer: float, true: float) -> bool:
        """Whether ``answer`` counts as ``true``: within ``rel_tol`` of it, relative to the true value.

        |answer - true| <= rel_tol * |true|, so a gradient of 1e-6 is not answered by 0.
        Only a true value of exactly 0 has an absolute floor instead: |answer| <= abs_tol.
        (A nan or infinite true value is matched only by itself.)
        """
        if not math.isfinite(true):
            return answer == true or (math.isnan(answer) and math.isnan(true))
        if true == 0:
            return abs(answer) <= self.abs_tol
        return abs(answer - true) <= self.rel_tol * abs(true)

    def check(self, answers: Mapping[str, object] | Mapping[Value, object]) -> CheckResult:
        """Compare the student's answers (by node label, or by the node itself) with the engine's numbers.

        Answers within ``rel_tol`` of the true value (relative to it; ``abs_tol`` only
        when the true value is 0, see ``close``) are marked right (and drawn from
        then on); a wrong answer comes with a hint. Unknown or ambiguous labels and
        answers that are not numbers raise a ValueError/TypeError naming every problem.
        """
        parsed = self._parse(answers)
        checks = []
        for name, answer in parsed.items():
            node = self.names.find(name)
            if node not in self.hidden:
                checks.append(AnswerCheck(name, answer, None, self._not_a_blank(node)))
                continue
            expected = self.solution[name]
            if self.close(answer, expected):
                self.solved[name] = answer
                checks.append(AnswerCheck(name, answer, True, ""))
            else:
                self.solved.pop(name, None)  # the latest answer counts, as on a sheet of paper
                checks.append(AnswerCheck(name, answer, False, self._hint(node, answer, parsed)))
        missing = [name for name in self.blanks if name not in parsed and name not in self.solved]
        what = "gradients" if self.hide == "grad" else "values"
        solved = sum(1 for name in self.blanks if name in self.solved)
        return CheckResult(checks, missing, what, solved=solved, total=len(self.blanks))

    def _parse(self, answers: Mapping[str, object] | Mapping[Value, object]) -> dict[str, float]:
        if not isinstance(answers, Mapping):
            raise TypeError(
                f"check() takes a dict from node label to number, e.g. {{'a': 0.5}}; got {type(answers).__name__}"
            )
        parsed: dict[str, float] = {}
        problems: list[str] = []
        for key, raw in answers.items():
            if isinstance(key, Value) and key in self.names:
                key = self.names(key)  # a node itself is as good as its label
            if not isinstance(key, str):
                problems.append(f"the key {key!r} is not a label (a label is a string such as 'a' or 'W1[0,0]')")
                continue
            try:
                key = self.names(self.names.find(key))  # " W1[0, 0]" is read as "W1[0,0]"
            except ValueError as error:
                problems.append(str(error))
                continue
            number = _as_number(raw)
            if number is None:
                problems.append(_not_a_number(key, raw))
            else:
                parsed[key] = number
        if problems:
            error_type = TypeError if all("not a number" in p or "not a label" in p for p in problems) else ValueError
            raise error_type("check() could not read these answers:\n  - " + "\n  - ".join(problems))
        return parsed

    def _not_a_blank(self, node: Value) -> str:
        if self.hide == "grad" and node is self.root:
            root = self.names(self.root)
            return f"the root's gradient d{root}/d{root} = 1 is given, it is where backward starts"
        if self.hide == "grad":
            return "a constant (requires_grad=False) gets no gradient; nothing to fill in"
        return "a leaf's value is given; only computed values are blanks"

    def _grad(self, node: Value) -> float:
        """A node's gradient, from the backward record made with the exercise (the root's is the seed)."""
        return self.root_gradient if node is self.root else self.solution[self.names(node)]

    def _hint(self, node: Value, answer: float, answers: Mapping[str, float]) -> str:
        expected = self.solution[self.names(node)]
        if expected != 0 and self.close(answer, -expected):
            return "the size is right but the sign is flipped: check the signs of the factors"
        if self.hide == "data":
            return self._forward_hint(node, answer, answers)
        return self._backward_hint(node, answer, answers)

    def _backward_hint(self, node: Value, answer: float, answers: Mapping[str, float]) -> str:
        name = self.names(node)
        L = self.names(self.root)  # gradients are written dL/d(node) with the root's own name
        # every edge out of this node, as the backward record has it: (user, input index, what it sent)
        edges = self.uses.get(node, [])
        uses = [(user, send.local) for user, _, send in edges]
        terms = [send.sent or 0.0 for _, _, send in edges]
        for user, index, send in edges:
            u, local = self.names(user), send.local
            if self.close(answer, self._grad(user)):
                return (
                    f"that is the upstream gradient d{L}/d{u}; multiply it by the local derivative "
                    f"d{u}/d{name} ({user.op}: {self._local_rule(user, index)})"
                )
            if self.close(answer, local):
                return f"that is the local derivative d{u}/d{name}; multiply it by the upstream gradient d{L}/d{u}"
            given = answers.get(u)
            if given is not None and not self.close(given, self._grad(user)) and self.close(answer, given * local):
                mine = format_number(given, ANSWER_DIGITS)
                return f"this follows from your d{L}/d{u} = {mine}, which is not right: fix that one first"
        if len(uses) > 1:
            for k, ((user, _), term) in enumerate(zip(uses, terms)):
                if self.close(answer, term):
                    # by position, not identity: in a + a both uses are the same node
                    others = ", ".join(self.names(other) for j, (other, _) in enumerate(uses) if j != k)
                    return (
                        f"{name} is used {len(uses)} times; that is only the term through {self.names(user)}: "
                        f"add the terms through {others} too"
                    )
        near = self._near_miss(node, answer)
        if near:
            return near
        rules = "; ".join(f"d{self.names(user)}/d{name} = {self._local_rule(user, index)}" for user, index, _ in edges)
        return (
            f"d{L}/d{name} = Σ over its users of d{L}/du · du/d{name}; recheck the upstream gradients "
            f"and the local derivatives ({rules})"
        )

    def _local_rule(self, user: Value, index: int) -> str:
        """How d(user)/d(its input ``index``) is found (autograd's table); in a product, named by the partner."""
        partner = multiplied_by(user, index)
        if partner is not None:
            return f"the number {self.names(user.inputs[index])} is multiplied by, {self.names(partner)}"
        return local_derivative_in_words(user, index)

    def _forward_hint(self, node: Value, answer: float, answers: Mapping[str, float]) -> str:
        name = self.names(node)
        inputs = ", ".join(self.names(child) for child in node.inputs)
        if len(node.inputs) == 1 and node.inputs[0].data != node.data and self.close(answer, node.inputs[0].data):
            return f"that is the input {self.names(node.inputs[0])}; apply {node.op} to it"
        for child in node.inputs:
            given = answers.get(self.names(child))
            if given is not None and child in self.hidden and not self.close(given, child.data):
                child_name = self.names(child)
                mine = format_number(given, ANSWER_DIGITS)
                return f"{name} uses {child_name}, and your value for it ({mine}) is not right: fix that first"
        return self._near_miss(node, answer) or f"{name} = {node.op}({inputs}): recompute it from the inputs' values"

    def _near_miss(self, node: Value, answer: float) -> str | None:
        """A hint for an answer within 10 % of the right one: the method is right, the rounding is not."""
        expected = self.solution[self.names(node)]
        if expected == 0 or abs(answer - expected) > 0.1 * abs(expected):
            return None
        off = abs(answer - expected) / abs(expected)
        return (
            f"close, but {off:.0%} off (answers within {self.rel_tol:.0%} count as right): keep more "
            "significant digits in the numbers you multiply, and round only the final answer"
        )


def _as_number(raw: object) -> float | None:
    """A real number (or text that reads as one) as float; None for anything else."""
    if isinstance(raw, bool):
        return None  # True/False are ints to Python, but never a meant answer
    if isinstance(raw, Real):
        value = float(raw)
    elif isinstance(raw, str):
        try:
            value = float(raw.strip().replace("\u2212", "-"))  # the minus sign of slides and PDFs
        except ValueError:
            return None
    else:
        return None
    return value if math.isfinite(value) else None


def _not_a_number(key: str, raw: object) -> str:
    message = f"the answer for {key!r} is {raw!r} ({type(raw).__name__}), which is not a number"
    if isinstance(raw, str) and "," in raw and _as_number(raw.replace(",", ".", 1)) is not None:
        return message + f"; write the decimal point as '.' (e.g. {raw.replace(',', '.', 1).strip()!r})"
    return message + "; write it as a number such as -0.25 (work out fractions and products first)"


def exercise(
    root: Value,
    hide: str = "grad",
    rel_tol: float = 0.01,
    abs_tol: float = 1e-4,
    precision: int = 4,
    notation: str = "chalkgrad",
) -> Exercise:
    """The graph of ``root`` as an exercise: "?" in place of every gradient (or computed value).

    ``hide="grad"`` practises backward (the answers are the engine's, from
    ``autograd.backward_steps``: nothing is run on the graph, no ``.grad`` changes);
    ``hide="data"`` practises the forward pass. An answer is right when it is
    within ``rel_tol`` (1 % by default) of the engine's number, relative to that
    number: for a true gradient of -0.0000123 the answers from -0.00001218 to
    -0.00001242 are right, and 0 is wrong. Only where the true value is exactly 0
    is there an absolute floor: answers within ``abs_tol`` (1e-4) of 0 are right.
    ``notation="deck"`` names the nodes nn made as the lecture decks do (w₁₁^[1] for
    W1[0,0]; see ``viz.notation``): the drawing, the hints and the
    list of blanks use those names, and ``check`` accepts them typed as "w_11^[1]" (or by label).
    """
    return Exercise(root, hide=hide, rel_tol=rel_tol, abs_tol=abs_tol, precision=precision, notation=notation)
