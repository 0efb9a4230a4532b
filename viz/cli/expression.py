"""A small, safe expression language for the command line: ``tanh(x1*w1 + x2*w2 + b)``.

``evaluate(text, values)`` computes the expression with Values, so that backward
can run on it. The text is parsed by Python's ``ast`` module and then checked
node by node against a whitelist; nothing is ever passed to ``eval``. Allowed:

    numbers                    2, 0.5, 1e-3
    variables                  any name given a value (x1=2 on the command line)
    arithmetic                 + - * / ** and unary - +, with parentheses
    functions of one Value     exp log sqrt tanh sigmoid softplus relu sin cos abs
    with a number as well      leaky_relu(x, slope)  step(x, threshold)
    functions of several       max(a, b)  min(a, b)  sum(a, b, ...)  logsumexp(a, b, ...)

Anything else (attribute access, indexing, strings, lambdas, unknown names such
as ``__import__``) is an ``ExpressionError`` whose message shows the expression
with a caret under the offending position.

Read next: ``cli.py``, which uses this for ``chalkgrad graph``.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping

import autograd
from autograd import Value

UNARY_FUNCTIONS: dict[str, Callable[[Value], Value]] = {
    "exp": Value.exp,
    "log": Value.log,
    "sqrt": Value.sqrt,
    "tanh": Value.tanh,
    "sigmoid": Value.sigmoid,
    "softplus": Value.softplus,
    "relu": Value.relu,
    "sin": Value.sin,
    "cos": Value.cos,
    "abs": Value.__abs__,
}
# Functions whose second argument is a plain number (a setting, not a Value).
SETTING_FUNCTIONS = {"leaky_relu": "slope", "step": "threshold"}
PAIR_FUNCTIONS = {"max": autograd.maximum, "min": autograd.minimum}
MANY_FUNCTIONS = {"sum": autograd.sum, "logsumexp": autograd.logsumexp}
FUNCTIONS = sorted([*UNARY_FUNCTIONS, *SETTING_FUNCTIONS, *PAIR_FUNCTIONS, *MANY_FUNCTIONS])

ALLOWED = "numbers, variables given as name=value, + - * / ** with parentheses, and the functions " + ", ".join(
    FUNCTIONS
)


class ExpressionError(ValueError):
    """An expression that cannot be used; the message points at the position."""


def pointer(text: str, at: int, message: str) -> ExpressionError:
    """``message`` with the expression and a caret under character ``at`` (0-based)."""
    return ExpressionError(f"{message}\n    {text}\n    {' ' * at}^")


def column(text: str, node: ast.AST) -> int:
    """The character position of ``node``; ast counts UTF-8 bytes, the caret needs characters."""
    offset = getattr(node, "col_offset", 0)
    return len(text.encode("utf-8")[:offset].decode("utf-8", "ignore"))


def end_column(text: str, node: ast.AST) -> int:
    offset = getattr(node, "end_col_offset", None) or 0
    return len(text.encode("utf-8")[:offset].decode("utf-8", "ignore"))


def parse(text: str) -> ast.expr:
    """The checked syntax tree of ``text`` (one line), or an ExpressionError.

    Positions in the tree count from the first non-blank character: callers
    strip the text (``text.strip()``) before pointing into it, as ``evaluate`` does.
    """
    if not isinstance(text, str):
        raise TypeError(f"the expression must be text, got {type(text).__name__}")
    if "\n" in text or "\r" in text:
        raise ExpressionError("the expression must be on one line")
    text = text.strip()  # Python would reject a leading space as an "unexpected indent"
    if not text:
        raise ExpressionError("the expression is empty; write something like 'tanh(x*w + b)'")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as error:
        if not error.offset or error.offset > len(text):
            # Python reports no position when the text stops in the middle of a term.
            raise pointer(text, len(text), f"the expression ends too early ({error.msg})") from None
        raise pointer(text, error.offset - 1, f"cannot read the expression: {error.msg}") from None
    _check(text, tree.body)
    return tree.body


def _check(text: str, node: ast.AST) -> None:
    """Reject every node that is not on the whitelist, with its position."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise pointer(text, column(text, node), f"only numbers are allowed as constants, not {node.value!r}")
    elif isinstance(node, ast.Name):
        pass  # checked against the variables when evaluating
    elif isinstance(node, ast.BinOp):
        if not isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)):
            start = end_column(text, node.left)
            gap = text[start : column(text, node.right)]
            operator_at = start + len(gap) - len(gap.lstrip(" ()"))
            message = "only + - * / ** are allowed between terms"
            if isinstance(node.op, ast.BitXor):
                message += " (^ is not a power in Python: write ** for a power, e.g. x**2)"
            raise pointer(text, operator_at, message)
        _check(text, node.left)
        _check(text, node.right)
    elif isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, (ast.USub, ast.UAdd)):
            raise pointer(text, column(text, node), "only - and + are allowed in front of a term")
        _check(text, node.operand)
    elif isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name):
            _check(text, node.func)  # reports the attribute access or whatever it is
            raise pointer(text, column(text, node), "only the named functions can be called")
        if node.func.id not in FUNCTIONS:
            raise pointer(text, column(text, node), f"{node.func.id!r} is not a function here; allowed: {ALLOWED}")
        if node.keywords:
            raise pointer(text, column(text, node.keywords[0]), "give the arguments without names")
        for argument in node.args:
            if isinstance(argument, ast.Starred):
                raise pointer(text, column(text, argument), "* arguments are not allowed")
            _check(text, argument)
    elif isinstance(node, ast.Attribute):
        dot_at = text.find(".", end_column(text, node.value))
        raise pointer(text, dot_at, f"attribute access (.{node.attr}) is not allowed; allowed: {ALLOWED}")
    else:
        kind = type(node).__name__
        message = f"this part of the expression ({kind}) is not allowed; allowed: {ALLOWED}"
        raise pointer(text, column(text, node), message)


def variable_nodes(tree: ast.expr) -> list[ast.Name]:
    """Every use of a variable in ``tree``, left to right."""
    uses = [node for node in ast.walk(tree) if isinstance(node, ast.Name) and not _is_function_name(tree, node)]
    return sorted(uses, key=lambda node: node.col_offset)


def variables(tree: ast.expr) -> list[str]:
    """The variable names used in ``tree``, in order of first use (left to right)."""
    names: list[str] = []
    for node in variable_nodes(tree):
        if node.id not in names:
            names.append(node.id)
    return names


def _is_function_name(tree: ast.expr, name: ast.Name) -> bool:
    return any(isinstance(node, ast.Call) and node.func is name for node in ast.walk(tree))


def evaluate(text: str, values: Mapping[str, Value | float]) -> Value:
    """Compute ``text`` with Values; ``values`` gives every variable (numbers become labelled Values)."""
    tree = parse(text)
    text = text.strip()  # the positions in the tree count from here (see parse)
    leaves = {name: value if isinstance(value, Value) else Value(value, label=name) for name, value in values.items()}
    result = _evaluate(text, tree, leaves)
    if not isinstance(result, Value):  # an expression of numbers only
        result = Value(result, requires_grad=False)
    return result


def _evaluate(text: str, node: ast.expr, leaves: Mapping[str, Value]) -> Value | float:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return float(node.value)
    if isinstance(node, ast.Name):
        if node.id in leaves:
            return leaves[node.id]
        if node.id in FUNCTIONS:
            raise pointer(text, column(text, node), f"{node.id!r} is a function: call it, e.g. {node.id}(x)")
        given = ", ".join(sorted(leaves)) or "none"
        raise pointer(
            text,
            column(text, node),
            f"no value was given for the variable {node.id!r}: add {node.id}=<number> (variables given: {given})",
        )
    if isinstance(node, ast.UnaryOp):
        operand = _evaluate(text, node.operand, leaves)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp):
        left, right = _evaluate(text, node.left, leaves), _evaluate(text, node.right, leaves)
        try:
            return _binary(node.op, left, right)
        except (ValueError, ZeroDivisionError, OverflowError) as error:
            raise pointer(text, column(text, node), str(error)) from None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        arguments = [_evaluate(text, argument, leaves) for argument in node.args]
        try:
            return _call(node.func.id, arguments)
        except (TypeError, ValueError, ZeroDivisionError, OverflowError) as error:
            raise pointer(text, column(text, node), str(error)) from None
    raise pointer(text, column(text, node), "this part of the expression is not allowed")  # parse() prevents it


def _binary(op: ast.operator, left: Value | float, right: Value | float) -> Value | float:
    if isinstance(op, ast.Add):
        return left + right
    if isinstance(op, ast.Sub):
        return left - right
    if isinstance(op, ast.Mult):
        return left * right
    if isinstance(op, ast.Div):
        if not isinstance(left, Value) and not isinstance(right, Value) and right == 0:
            raise ZeroDivisionError("division by zero")
        return left / right
    if not isinstance(left, Value) and not isinstance(right, Value):
        # Through a Value so that (-8) ** 0.5 is the engine's clear error, not a complex number.
        return (Value(left, requires_grad=False) ** right).data
    return left**right


def _as_value(x: Value | float) -> Value:
    return x if isinstance(x, Value) else Value(x, requires_grad=False)


def _call(name: str, arguments: list[Value | float]) -> Value:
    count = len(arguments)
    if name in UNARY_FUNCTIONS:
        if count != 1:
            raise TypeError(f"{name}() takes one argument, got {count}")
        return UNARY_FUNCTIONS[name](_as_value(arguments[0]))
    if name in SETTING_FUNCTIONS:
        setting = SETTING_FUNCTIONS[name]
        if count not in (1, 2):
            raise TypeError(f"{name}() takes a value and optionally its {setting}, got {count} arguments")
        x = _as_value(arguments[0])
        if count == 1:
            return x.leaky_relu() if name == "leaky_relu" else x.step()
        number = arguments[1]
        if isinstance(number, Value):
            raise TypeError(f"the {setting} of {name}() must be a plain number, not an expression with variables")
        return x.leaky_relu(number) if name == "leaky_relu" else x.step(number)
    if name in PAIR_FUNCTIONS:
        if count != 2:
            raise TypeError(f"{name}() takes two arguments, got {count}")
        return PAIR_FUNCTIONS[name](arguments[0], arguments[1])
    if count == 0:
        raise TypeError(f"{name}() needs at least one argument")
    return MANY_FUNCTIONS[name](arguments)
