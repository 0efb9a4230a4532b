"""A small, safe expression language for the command line: ``tanh(x1*w1 + x2*w2 + b)``.

``evaluate(text, values)`` computes the expression with Values, so that backward
can run on it. The text is read by a tokenizer and a parser written here for this
language alone, against a whitelist; nothing is ever passed to ``eval``, and no
Python syntax beyond the list below is understood. Allowed:

    numbers                    2, 0.5, 1e-3, .5
    variables                  any name given a value (x1=2 on the command line)
    arithmetic                 + - * / ** and unary - +, with parentheses
    functions of one Value     exp log (also ln) sqrt tanh sigmoid softplus relu sin cos abs
    with a number as well      leaky_relu(x, slope)  step(x, threshold)
    functions of several       max(a, b)  min(a, b)  sum(a, b, ...)  logsumexp(a, b, ...)

Precedence is Python's: ``**`` binds tightest and groups from the right
(``2**3**2`` is 2**9), then unary minus (``-x**2`` is -(x**2)), then ``* /``,
then ``+ -``, both grouping from the left.

Anything else (attribute access, indexing, strings, keywords, unknown names such
as ``__import__``) is an ``ExpressionError`` whose message shows the expression
with a caret under the offending position; a misspelt function name gets a
"did you mean ...?".

The work is linear in the length of the text: one pass makes the tokens, one pass
(the shunting-yard algorithm, with explicit stacks, no recursion) turns them into
a postfix program, and one pass runs the program. So ``sum(x, x, ..., x)`` with
30,000 arguments and ``x+x+...+x`` with 30,000 terms are fine.

Read next: ``app.py``, which uses this for ``chalkgrad graph``.
"""

from __future__ import annotations

import difflib
import keyword
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import autograd
from autograd import Value

UNARY_FUNCTIONS: dict[str, Callable[[Value], Value]] = {
    "exp": Value.exp,
    "log": Value.log,
    "ln": Value.log,  # the slides' name for the natural log
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


# -- 1. tokens --------------------------------------------------------------------------------

_NUMBER = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_NAME = re.compile(r"[^\W\d]\w*")
_OPERATORS = ("**", "+", "-", "*", "/", "(", ")", ",")


@dataclass(frozen=True)
class Token:
    kind: str  # "number", "name", or the operator itself ("+", "**", "(", ...)
    text: str
    at: int  # position of the first character in the (stripped) expression


def _tokens(text: str) -> Iterator[Token]:
    """The tokens of ``text``, left to right, or an ExpressionError at the first character that is not allowed.

    A generator, so that the parser reports the leftmost problem first: in
    ``__import__('os')`` the name, before the quote.
    """
    previous: Token | None = None
    depth = 0  # how many "(" are open: inside a call, "name=" is a keyword argument
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char.isspace():  # also a tab or a no-break space pasted from a slide
            i += 1
            continue
        number = _NUMBER.match(text, i)
        if number:
            end = number.end()
            if end < n and (text[end].isalpha() or text[end] == "_"):
                raise pointer(text, end, f"a number followed by a name: write a * between them, e.g. 2*{text[end]}")
            previous = Token("number", number.group(), i)
            i = end
        elif name := _NAME.match(text, i):
            previous = Token("name", name.group(), i)
            i = name.end()
        elif (operator := next((op for op in _OPERATORS if text.startswith(op, i)), None)) and not text.startswith(
            "//", i
        ):
            previous = Token(operator, operator, i)
            depth += {"(": 1, ")": -1}.get(operator, 0)
            i += len(operator)
        elif char == "=" and depth > 0 and previous is not None and previous.kind == "name":
            raise pointer(text, previous.at, "give the arguments without names")  # tanh(x, slope=1)
        elif char == "=" and not text.startswith("==", i):
            raise pointer(text, i, "'=' is not part of an expression: give the values after it, as name=number")
        else:
            raise pointer(text, i, _unexpected(text, i))
        yield previous


def _unexpected(text: str, i: int) -> str:
    """What to say about a character that no token starts with."""
    char = text[i]
    if char == ".":
        attribute = _NAME.match(text, i + 1)
        shown = f".{attribute.group()}" if attribute else "."
        return f"attribute access ({shown}) is not allowed; allowed: {ALLOWED}"
    if char in "'\"":
        return "only numbers are allowed as constants, not text in quotes"
    if char == "[":
        return "indexing ([...]) is not allowed; allowed: " + ALLOWED
    if char == "^":
        return "only + - * / ** are allowed between terms (^ is not a power: write ** for a power, e.g. x**2)"
    if char in "/%@&|<>=!~":
        return "only + - * / ** are allowed between terms"
    return f"cannot read the expression: the character {char!r} is not part of the language; allowed: {ALLOWED}"


# -- 2. the postfix program ------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One instruction of the postfix program.

    kind: "number" (push ``value``), "variable" (push the Value named ``name``),
    "negate" / "plus" (unary), "+" "-" "*" "/" "**" (binary), "call" (``name``
    with ``count`` arguments). ``at`` is where the step's expression starts, for carets.
    """

    kind: str
    at: int
    name: str = ""
    value: float = 0.0
    count: int = 0


@dataclass(frozen=True)
class Expression:
    """A checked expression: its text, its postfix program and its variables in order of first use."""

    text: str
    program: tuple[Step, ...]
    first_uses: dict[str, int]  # variable -> position of its first use, in order of first use

    def variables(self) -> list[str]:
        return list(self.first_uses)


# binary operator -> (precedence, groups from the right)
_BINARY = {"+": (1, False), "-": (1, False), "*": (2, False), "/": (2, False), "**": (4, True)}
_UNARY_PRECEDENCE = 3  # between * and **: -x**2 is -(x**2), 2*-x is 2*(-x)
_KEYWORD_CONSTANTS = ("True", "False", "None")


@dataclass
class _Pending:
    """An entry of the operator stack: an operator, a "(" or a function call's "(" (with its argument count)."""

    kind: str  # "binary", "unary", "paren", "call"
    symbol: str
    at: int  # the position of the operator, or of the "(" / the function's name
    start: int = 0  # binary: where its left operand starts (the caret of an error in it)
    count: int = 0  # call: the commas so far
    opened: bool = False  # call: its "(" has been read


def parse(text: str) -> Expression:
    """The checked expression ``text`` (one line), or an ExpressionError that points at the problem.

    Positions count from the first non-blank character: callers strip the text
    (``text.strip()``) before pointing into it, as ``evaluate`` does.
    """
    if not isinstance(text, str):
        raise TypeError(f"the expression must be text, got {type(text).__name__}")
    if "\n" in text or "\r" in text:
        raise ExpressionError("the expression must be on one line")
    text = text.strip()
    if not text:
        raise ExpressionError("the expression is empty; write something like 'tanh(x*w + b)'")
    program: list[Step] = []
    first_uses: dict[str, int] = {}
    pending: list[_Pending] = []  # the operator stack
    starts: list[int] = []  # where each finished operand (one per value the program will push) starts
    expect_operand = True

    def finish(entry: _Pending) -> None:
        """Move an operator from the stack into the program, joining its operands' start positions."""
        if entry.kind == "binary":
            starts.pop()
            starts[-1] = entry.start
            program.append(Step(entry.symbol, entry.start))
        else:  # unary: the expression starts at the sign
            starts[-1] = entry.at
            program.append(Step("negate" if entry.symbol == "-" else "plus", entry.at))

    def finish_operators() -> None:
        while pending and pending[-1].kind in ("binary", "unary"):
            finish(pending.pop())

    for token, following in _with_next(_tokens(text)):
        if expect_operand:
            if token.kind == "number":
                program.append(Step("number", token.at, value=_number(text, token)))
                starts.append(token.at)
                expect_operand = False
            elif token.kind == "name" and following is not None and following.kind == "(":
                _check_name(text, token, called=True)
                pending.append(_Pending("call", token.text, token.at))
            elif token.kind == "name":
                _check_name(text, token, called=False)
                program.append(Step("variable", token.at, name=token.text))
                first_uses.setdefault(token.text, token.at)
                starts.append(token.at)
                expect_operand = False
            elif token.kind == "(" and pending and pending[-1].kind == "call" and not pending[-1].opened:
                pending[-1].opened = True  # the "(" of a call
            elif token.kind == "(":
                pending.append(_Pending("paren", "(", token.at))
            elif token.kind in ("+", "-"):
                pending.append(_Pending("unary", token.kind, token.at))
            elif token.kind == ")" and pending and pending[-1].kind == "call" and pending[-1].count == 0:
                call = pending.pop()  # f(): a call without arguments (the function says whether that is allowed)
                program.append(Step("call", call.at, name=call.symbol, count=0))
                starts.append(call.at)
                expect_operand = False
            else:
                raise pointer(text, token.at, "cannot read the expression: a number, a variable or '(' is missing here")
        elif token.kind in _BINARY:
            precedence, from_right = _BINARY[token.kind]
            while pending and pending[-1].kind in ("binary", "unary"):
                top = pending[-1]
                top_precedence = _UNARY_PRECEDENCE if top.kind == "unary" else _BINARY[top.symbol][0]
                if top_precedence < precedence or (top_precedence == precedence and from_right):
                    break
                finish(pending.pop())
            pending.append(_Pending("binary", token.kind, token.at, start=starts[-1]))
            expect_operand = True
        elif token.kind == ",":
            finish_operators()
            if not pending or pending[-1].kind != "call":
                raise pointer(text, token.at, "',' separates the arguments of a function, e.g. max(a, b)")
            pending[-1].count += 1
            expect_operand = True
        elif token.kind == ")":
            finish_operators()
            if not pending:
                raise pointer(text, token.at, "')' has no matching '('")
            group = pending.pop()
            if group.kind == "call":
                arguments = group.count + 1
                del starts[len(starts) - arguments + 1 :]
                program.append(Step("call", group.at, name=group.symbol, count=arguments))
            starts[-1] = group.at  # a call starts at its name, a parenthesised operand at its "("
        elif token.kind == "name" and keyword.iskeyword(token.text):
            raise pointer(text, token.at, f"{token.text!r} is Python, not part of this language; allowed: {ALLOWED}")
        else:
            raise pointer(text, token.at, "two terms in a row: put an operator such as * or + between them")
    if expect_operand:
        raise pointer(text, len(text), "the expression ends too early: a number, a variable or '(' is missing")
    finish_operators()
    if pending:
        raise pointer(text, pending[-1].at, "this '(' is never closed: the expression ends too early")
    return Expression(text, tuple(program), first_uses)


def _with_next(tokens: Iterator[Token]) -> Iterator[tuple[Token, Token | None]]:
    """Each token with the one after it (None at the end).

    A character the tokenizer rejects is reported once the parser has dealt with
    everything before it, so the message is always about the leftmost problem.
    """
    current = next(tokens, None)
    while current is not None:
        try:
            following = next(tokens, None)
        except ExpressionError as problem:
            yield current, None
            raise problem from None
        yield current, following
        current = following


def _number(text: str, token: Token) -> float:
    value = float(token.text)
    if not math.isfinite(value):  # float() reads a 400-digit number as inf
        shown = f"with {len(token.text)} characters" if len(token.text) > 20 else token.text
        raise pointer(text, token.at, f"the number {shown} is too large for a float (at most about 1.8e308)")
    return value


def _check_name(text: str, token: Token, called: bool) -> None:
    """A name where an operand goes: a variable, or a known function followed by "("."""
    name = token.text
    if name in _KEYWORD_CONSTANTS:
        raise pointer(text, token.at, f"only numbers are allowed as constants, not {name}")
    if keyword.iskeyword(name):
        raise pointer(text, token.at, f"{name!r} is Python, not part of this language; allowed: {ALLOWED}")
    if called and name not in FUNCTIONS:
        suggestion = did_you_mean(name, FUNCTIONS)
        raise pointer(text, token.at, f"{name!r} is not a function here{suggestion}; allowed: {ALLOWED}")
    if not called and name in FUNCTIONS:
        raise pointer(text, token.at, f"{name!r} is a function: call it, e.g. {name}(x)")


def did_you_mean(name: str, known: list[str]) -> str:
    """ " (did you mean tanh?)" for a name that is close to a known one (case, a swap, a typo), else ""."""
    same_letters = [candidate for candidate in known if candidate.lower() == name.lower()]
    close = same_letters or difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


def variables(expression: Expression) -> list[str]:
    """The variable names used in ``expression``, in order of first use (left to right)."""
    return expression.variables()


# -- 3. running the program -----------------------------------------------------------------------


def evaluate(text: str | Expression, values: Mapping[str, Value | float]) -> Value:
    """Compute the expression with Values; ``values`` gives every variable (numbers become labelled Values)."""
    expression = text if isinstance(text, Expression) else parse(text)
    leaves = {name: value if isinstance(value, Value) else Value(value, label=name) for name, value in values.items()}
    stack: list[Value | float] = []
    for step in expression.program:
        try:
            if step.kind == "number":
                stack.append(step.value)
            elif step.kind == "variable":
                stack.append(_variable(expression.text, step, leaves))
            elif step.kind == "negate":
                stack.append(_constant_or_value(lambda x: -x, stack.pop()))
            elif step.kind == "plus":
                pass  # +x is x
            elif step.kind == "call":
                arguments = stack[len(stack) - step.count :]
                del stack[len(stack) - step.count :]
                stack.append(_call(step.name, arguments))
            else:
                right = stack.pop()
                stack.append(_binary(step.kind, stack.pop(), right))
        except (TypeError, ValueError, ZeroDivisionError, OverflowError) as error:
            if isinstance(error, ExpressionError):
                raise
            raise pointer(expression.text, step.at, str(error)) from None
    (result,) = stack
    return result if isinstance(result, Value) else Value(result, requires_grad=False)


def _variable(text: str, step: Step, leaves: Mapping[str, Value]) -> Value:
    if step.name in leaves:
        return leaves[step.name]
    given = ", ".join(sorted(leaves)) or "none"
    raise pointer(
        text,
        step.at,
        f"no value was given for the variable {step.name!r}: add {step.name}=<number> (variables given: {given})",
    )


def _constant_or_value(operation: Callable[[Value], Value], x: Value | float) -> Value | float:
    """The operation on a Value, or on a plain number through a constant Value (the engine's rules and errors)."""
    if isinstance(x, Value):
        return operation(x)
    return operation(Value(x, requires_grad=False)).data


def _binary(op: str, left: Value | float, right: Value | float) -> Value | float:
    operations: dict[str, Callable[[Value | float, Value | float], Value | float]] = {
        "+": lambda a, b: a + b,
        "-": lambda a, b: a - b,
        "*": lambda a, b: a * b,
        "/": lambda a, b: a / b,
        "**": lambda a, b: a**b,
    }
    operation = operations[op]
    if isinstance(left, Value) or isinstance(right, Value):
        return operation(left, right)
    # Two numbers: through a constant Value, so that 1/0 and (-8) ** 0.5 are the engine's clear errors.
    result = operation(Value(left, requires_grad=False), right)
    return result.data if isinstance(result, Value) else result


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
