"""Every operation's local derivative in words: the table a teacher writes on the board.

The engine computes local derivatives as numbers (``value.py``, ``functions.py``);
this file says, for each operation, how a student finds them by hand. It is the
one place such explanations live: the classroom tools (``viz.classroom``) quote
it in their hints rather than restating the rules.

    local_derivative_in_words(node, i)   how d(node)/d(node.inputs[i]) is found
    multiplied_by(node, i)               the input that node.inputs[i] is multiplied
                                         by in node (for * and dot), else None

Read next: ``numerical.py`` (the same derivatives, checked against central differences).
"""

from __future__ import annotations

from autograd.value import Value

# op -> how its local derivative is found, for any of its inputs.
IN_WORDS = {
    "+": "1 for each term",
    "sum": "1 for each term",
    "*": "the other factor",
    "/": "1/b for the numerator a, −a/b² for the divisor b",
    "cross_entropy": "softmax(z) minus the target, for each logit",
    "**": "b·a^(b−1) for the base a, a^b·ln(a) for the exponent b",
    "**n": "n·x^(n−1), the power rule",  # x ** n for a number n; its op names n ("**2")
    "dot": "the matching input for a weight, the matching weight for an input, 1 for the bias",
    "scaled_sum": "its fixed coefficient, the number it is multiplied by (1 for the bias)",
    "exp": "the output e^x itself",
    "log": "1/x",
    "sqrt": "1/(2·sqrt(x))",
    "tanh": "1 − t², with t the tanh's output",
    "sigmoid": "s·(1 − s), with s the sigmoid's output",
    "softplus": "sigmoid(x)",
    "relu": "1 where the input is > 0, else 0",
    "leaky_relu": "1 where the input is > 0, else the slope",
    "step": "0",
    "sin": "cos(x)",
    "cos": "−sin(x)",
    "abs": "the sign of x",
    "logsumexp": "softmax(x)_i for input i",
    "softmax": "p_i·(1 − p_i) for its own input i, −p_i·p_j for another input j",
    "max": "1 for the larger input, 0 for the other",
    "min": "1 for the smaller input, 0 for the other",
}


def _entry(node: Value) -> str:
    """The table's key for a node's op. ``x ** n`` records its exponent in its op name
    ("**2", "**-1": value.py writes "**{n:g}"), and every exponent shares one entry."""
    if node.op not in IN_WORDS and node.op.startswith("**") and len(node.inputs) == 1:
        return "**n"
    return node.op


def local_derivative_in_words(node: Value, index: int) -> str:
    """How d(node)/d(input) is found for ``node.inputs[index]``, in words (the numbers are the engine's)."""
    entry = _entry(node)
    if entry == "**n":
        return f"n·x^(n−1) with n = {node.op[2:]}"
    if entry == "dot" and multiplied_by(node, index) is None:
        return "1, for the bias"
    return IN_WORDS.get(entry, f"the derivative of {node.op}")


def multiplied_by(node: Value, index: int) -> Value | None:
    """The input that ``node.inputs[index]`` is multiplied by in ``node``, for ``*`` and ``dot``; else None.

    A dot node's inputs are w1..wn, x1..xn and then the bias, if any (``functions.dot``):
    wi is multiplied by xi and xi by wi.
    """
    if node.op == "*":
        return node.inputs[1 - index]
    if node.op == "dot":
        n = len(node.inputs) // 2
        if index >= 2 * n:
            return None  # the bias is added, not multiplied
        return node.inputs[index + n] if index < n else node.inputs[index - n]
    return None
