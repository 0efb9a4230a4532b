"""The Value node: one number in a computation graph.

A Value holds a float (``data``) and, after ``backward()``, the derivative of the
output with respect to it (``grad``). A Value made by an operation also remembers
where it came from:

    inputs       the Values it was computed from, in order (a tuple, so ``a + a``
                 keeps both uses of ``a``; see ``Value.inputs`` for how it is stored)
    local_grads  d(this)/d(input) for each input, computed together with the value
    op           a short name of the operation ("+", "*", "tanh", ...); "" for leaves

and two fields for people rather than for the chain rule: ``label``, the name a
drawing shows, and ``role``, what the node is in a network (set by ``nn``, read by
``viz``; None for every Value ``nn`` did not make).

That is all the chain rule needs. ``backward()`` (in ``backward.py``) multiplies
each node's gradient by its local derivatives and adds the products into the
inputs' gradients, visiting the nodes in reverse topological order.

How this file is laid out:

1. the Value class: its fields, and one line per primitive operation naming the
   rule that computes it;
2. composites: subtraction, negation and the reflected operators, each
   written in terms of the primitives;
3. the rules: for every primitive, a function of its input Values that returns the
   value and the local derivatives side by side, ``(f, (df/da, df/db, ...))``: the
   table of derivatives a lecture writes on the board;
4. the one place where result nodes are made (``_apply``).

An operation is its rule: ``x.tanh()`` is ``_apply("tanh", _tanh, (x,), (x,))``,
which calls ``_tanh(x)`` and records the answer on a new node. Replay
(``replay.py``) calls the very same rules again on a recorded graph, which is why
the rules are functions of their own rather than bodies of the methods.

Read next: ``backward.py`` (the chain-rule sweep), then ``functions.py``
(operations where many Values meet: sum, dot, softmax, log-sum-exp).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from numbers import Real
from typing import Union

from autograd.backward import backward as run_backward
from autograd.backward import zero_grad as reset_grads
from autograd.grad_mode import RECORDING, TAPE

Number = Union[int, float]
Operand = Union["Value", int, float]
# What a rule returns: the value of the operation and d(value)/d(input) for each input.
Local = tuple[float, tuple[float, ...]]


def _as_float(data: object, what: str = "Value()") -> float:
    """Convert a real number to float, or explain what was wrong with it."""
    if type(data) is float:  # the common case, checked first: it is the fastest check
        return data
    if isinstance(data, (float, int)):  # float subclasses (numpy.float64), ints and bools
        try:
            return float(data)
        except OverflowError:  # a float holds at most about 1.8e308
            digits = len(str(abs(data)))
            raise OverflowError(
                f"{what} got a whole number with {digits} digits, too large for a float (the largest is about 1.8e308)"
            ) from None
    # numbers.Real covers the rest: fractions and every numpy scalar type (numpy
    # registers its scalars with the numbers ABCs).
    if isinstance(data, Real):
        try:
            return float(data)
        except OverflowError:
            raise OverflowError(
                f"{what} got the {type(data).__name__} {str(data)[:40]}..., too large for a float "
                "(the largest is about 1.8e308)"
            ) from None
    if getattr(data, "ndim", None) == 0 and getattr(getattr(data, "dtype", None), "kind", None) in ("b", "i", "u", "f"):
        return float(data)  # type: ignore[arg-type]  # a 0-d numpy array holding one real number
    if isinstance(data, Value):
        hint = "it is already a Value: use it directly, or pass its number with .data"
    elif isinstance(data, str):
        hint = "convert the text to a number first, e.g. float(text)"
    elif isinstance(data, complex):
        hint = "chalkgrad works with real numbers only"
    elif hasattr(data, "__len__"):
        hint = "a Value holds one number; make a list of Values for a vector"
    else:
        hint = "give an int, a float or a numpy scalar"
    raise TypeError(f"{what} needs a real number, but got {type(data).__name__} {data!r}: {hint}")


def _describe(value: Value) -> str:
    """How an error message names a node: its label when it has one."""
    return f"{value.data!r} (the Value labelled {value.label!r})" if value.label else repr(value.data)


class Value:
    """A scalar that remembers how it was computed, so it can be differentiated.

    ``Value(data, label="", requires_grad=True)``: ``data`` is any real number (ints
    and numpy scalars become floats). Set ``requires_grad=False`` for constants:
    they never receive a gradient and ``backward()`` does no work for them.
    """

    __slots__ = ("data", "grad", "_inputs", "local_grads", "op", "label", "requires_grad", "role")

    # numpy asks this when a Value meets a numpy scalar: a higher priority than an
    # ndarray's makes numpy hand the operation to Value's reflected operators.
    __array_priority__ = 1000

    data: float
    grad: float
    # The inputs as stored: a node of a one-input operation (relu, tanh, exp, ...) keeps
    # its input itself, any other node a tuple (empty for a leaf). A one-element tuple
    # would be a second object per node: a chain of relus takes 96 B per node instead of
    # 144 B (tracemalloc), and the garbage collector, whose full collections were most of
    # the time a long chain took to build, has half as many objects to walk. Read
    # ``inputs``, which is always a tuple; only the loops of backward.py read this.
    _inputs: tuple[Value, ...] | Value
    local_grads: tuple[float, ...]
    op: str
    label: str
    requires_grad: bool
    # What the node is in a network: set by nn (an nn.naming.Role: the weight, bias,
    # pre-activation or activation of which unit of which layer, or a network input),
    # read by viz to group and name nodes. None for anything nn did not make.
    role: object

    def __init__(self, data: object, label: str = "", requires_grad: bool = True) -> None:
        if not isinstance(label, str):
            raise TypeError(f"label must be a string, got {type(label).__name__} {label!r}")
        self.data = _as_float(data)
        self.grad = 0.0
        self._inputs = ()
        self.local_grads = ()
        self.op = ""
        self.label = label
        self.requires_grad = bool(requires_grad)
        self.role = None

    @property
    def inputs(self) -> tuple[Value, ...]:
        """The Values this node was computed from, in order; () for a leaf."""
        inputs = self._inputs
        return inputs if type(inputs) is tuple else (inputs,)  # type: ignore[return-value]

    def __repr__(self) -> str:
        text = f"Value(data={self.data}, grad={self.grad}"
        return text + (f", label={self.label!r})" if self.label else ")")

    def __float__(self) -> float:
        return self.data

    # -- graph-level helpers (implemented in backward.py) ---------------------------

    def backward(self, grad: float = 1.0) -> None:
        """Fill in ``.grad`` of every node this Value depends on (see ``backward.py``).

        Like PyTorch, gradients of leaves *accumulate*: a second call adds the same
        amounts again. Call ``zero_grad()`` (or an optimizer's) between steps.
        """
        run_backward(self, grad)

    def zero_grad(self) -> None:
        """Set ``.grad`` to 0.0 on this Value and every node it depends on."""
        reset_grads(self)

    def detach(self) -> Value:
        """A new constant leaf with the same data and label, cut off from the graph."""
        return Value(self.data, label=self.label, requires_grad=False)

    # -- 1. primitives: each names its rule (section 3), f and f' side by side there --

    def __add__(self, other: Operand) -> Value:
        """f = a + b;  df/da = 1, df/db = 1."""
        other = _operand(other)
        if other is NotImplemented:
            return NotImplemented
        inputs = (self, other)
        return _apply("+", _add, inputs, inputs)

    def __mul__(self, other: Operand) -> Value:
        """f = a * b;  df/da = b, df/db = a."""
        other = _operand(other)
        if other is NotImplemented:
            return NotImplemented
        inputs = (self, other)
        return _apply("*", _mul, inputs, inputs)

    def __truediv__(self, other: Operand) -> Value:
        """f = a / b;  df/da = 1 / b,  df/db = -a / b**2, computed as -f / b.

        A primitive, not the composite a * b**-1: 1e-10 / 1e-310 = 1e300 fits in a
        float, but 1e-310**-1 does not. For the same reason df/db is -f / b, which
        stays finite whenever the true value does (as PyTorch computes it).
        """
        other = _operand(other)
        if other is NotImplemented:
            return NotImplemented
        inputs = (self, other)
        return _apply("/", _divide, inputs, inputs)

    def __pow__(self, exponent: Operand) -> Value:
        """f = x ** n;  df/dx = n * x ** (n - 1);  with a Value exponent also df/dn = x**n * ln(x)."""
        if isinstance(exponent, Value):
            inputs = (self, exponent)
            return _apply("**", _pow_value, inputs, inputs)
        if not isinstance(exponent, Real):
            return NotImplemented
        n = _as_float(exponent, "the exponent of **")
        return _apply(f"**{n:g}", _power, (self,), (self, n))

    def exp(self) -> Value:
        """f = e**x;  df/dx = e**x.  Above x = 709.78 the result overflows to inf."""
        inputs = (self,)
        return _apply("exp", _exp, inputs, inputs)

    def log(self) -> Value:
        """f = ln(x) for x > 0;  df/dx = 1 / x.  (log(inf) = inf and log(nan) = nan.)"""
        inputs = (self,)
        return _apply("log", _log, inputs, inputs)

    def sqrt(self) -> Value:
        """f = sqrt(x) for x >= 0;  df/dx = 1 / (2 sqrt(x)), infinite at x = 0."""
        inputs = (self,)
        return _apply("sqrt", _sqrt, inputs, inputs)

    def tanh(self) -> Value:
        """f = tanh(x);  df/dx = 1 - tanh(x)**2."""
        inputs = (self,)
        return _apply("tanh", _tanh, inputs, inputs)

    def sigmoid(self) -> Value:
        """f = 1 / (1 + e**-x);  df/dx = f * (1 - f).  Stable for every x."""
        inputs = (self,)
        return _apply("sigmoid", _sigmoid, inputs, inputs)

    def softplus(self) -> Value:
        """f = ln(1 + e**x);  df/dx = sigmoid(x).  Stable for every x."""
        inputs = (self,)
        return _apply("softplus", _softplus, inputs, inputs)

    def relu(self) -> Value:
        """f = max(x, 0);  df/dx = 1 if x > 0 else 0 (so ReLU'(0) = 0, as in PyTorch)."""
        inputs = (self,)
        return _apply("relu", _relu, inputs, inputs)

    def leaky_relu(self, slope: float = 0.01) -> Value:
        """f = x if x > 0 else slope * x;  df/dx = 1 if x > 0 else slope (at 0: slope)."""
        slope = _as_float(slope, "leaky_relu(slope=...)")
        return _apply("leaky_relu", _leaky_relu, (self,), (self, slope))

    def step(self, threshold: float = 0.0) -> Value:
        """The Heaviside step: f = 1 if x >= threshold else 0;  df/dx = 0 everywhere.

        The perceptron's activation. It fires at ``x >= threshold`` (the convention
        of most perceptron slides); its derivative is taken as 0, including at the
        jump, so gradients do not flow through it.
        """
        threshold = _as_float(threshold, "step(threshold=...)")
        return _apply("step", _step, (self,), (self, threshold))

    def sin(self) -> Value:
        """f = sin(x);  df/dx = cos(x).  (sin(±inf) is nan.)"""
        inputs = (self,)
        return _apply("sin", _sin, inputs, inputs)

    def cos(self) -> Value:
        """f = cos(x);  df/dx = -sin(x).  (cos(±inf) is nan.)"""
        inputs = (self,)
        return _apply("cos", _cos, inputs, inputs)

    def __abs__(self) -> Value:
        """f = |x|;  df/dx = sign(x), taken as 0 at x = 0."""
        inputs = (self,)
        return _apply("abs", _abs, inputs, inputs)

    # -- 2. composites: written with the primitives above ---------------------------

    def __neg__(self) -> Value:  # -a = a * (-1)
        return self * -1.0

    def __sub__(self, other: Operand) -> Value:  # a - b = a + (-b)
        other = _operand(other)
        if other is NotImplemented:
            return NotImplemented
        return self + (-other)

    def __radd__(self, other: Operand) -> Value:  # b + a = a + b
        return self + other

    def __rmul__(self, other: Operand) -> Value:  # b * a = a * b
        return self * other

    def __rsub__(self, other: Operand) -> Value:  # b - a = b + (-a)
        other = _operand(other)
        if other is NotImplemented:
            return NotImplemented
        return other + (-self)

    def __rtruediv__(self, other: Operand) -> Value:  # b / a with a plain-number b
        other = _operand(other)
        if other is NotImplemented:
            return NotImplemented
        inputs = (other, self)
        return _apply("/", _divide, inputs, inputs)

    def __rpow__(self, base: Operand) -> Value:  # b ** a with a plain-number base b
        base = _operand(base)
        if base is NotImplemented:
            return NotImplemented
        inputs = (base, self)
        return _apply("**", _pow_value, inputs, inputs)


# -- 3. the rules: value and local derivatives side by side ----------------------------
#
# Each rule takes the input Values (and an operation's fixed parameter, such as the
# exponent n of x ** n) and returns (f, (df/da, df/db, ...)), one local derivative
# per input, in the order of the inputs.

# Local derivatives that are always the same numbers are shared by every node that
# has them, rather than stored again per node (a + b, and relu on either side of 0).
_ONE_ONE = (1.0, 1.0)
_SLOPE_ONE = (1.0,)
_SLOPE_ZERO = (0.0,)


def _add(a: Value, b: Value) -> Local:
    """f = a + b;  df/da = 1, df/db = 1."""
    return a.data + b.data, _ONE_ONE


def _mul(a: Value, b: Value) -> Local:
    """f = a * b;  df/da = b, df/db = a."""
    return a.data * b.data, (b.data, a.data)


def _divide(numerator: Value, divisor: Value) -> Local:
    """f = a / b;  df/da = 1 / b,  df/db = -f / b (= -a / b**2, without overflowing first)."""
    a, b = numerator.data, divisor.data
    if b == 0:
        raise ZeroDivisionError(f"division by zero: {_describe(numerator)} / {_describe(divisor)}")
    out = a / b
    return out, (1.0 / b, -(out / b))


def _power(base: Value, n: float) -> Local:
    """f = x ** n for a fixed number n;  df/dx = n * x ** (n - 1)."""
    return _checked_power(base, n), (_power_slope(base.data, n),)


def _power_slope(x: float, n: float) -> float:
    """d(x**n)/dx = n * x**(n-1); at x = 0 it is infinite when 0 < n < 1."""
    if n == 0:
        return 0.0
    if x == 0 and n < 1:  # n > 0 here: zero to a negative power was refused before
        if n == 0.5:  # x ** 0.5 is sqrt(x), and at -0.0 its slope is sqrt's: -inf
            return math.copysign(math.inf, x)
        odd = (n - 1).is_integer() and (n - 1) % 2 == 1  # IEEE: (-0.0) ** -1 is -inf, (-0.0) ** -0.5 is inf
        return n * (math.copysign(math.inf, x) if odd else math.inf)
    return n * _ieee_power(x, n - 1)


def _pow_value(base: Value, exponent: Value) -> Local:
    """f = a ** b with both a Value;  df/da = b * a**(b-1),  df/db = a**b * ln(a)."""
    a, b = base.data, exponent.data
    out = _checked_power(base, b)
    if a > 0 or math.isnan(a):
        d_exponent = out * math.log(a)
    elif a == 0:
        d_exponent = 0.0 if b >= 0 else math.nan  # the limit of a**b * ln(a) as a -> 0 for b > 0; b may be nan
    elif exponent.requires_grad:
        raise ValueError(
            f"({_describe(base)}) ** {_describe(exponent)}: the derivative with respect to the "
            "exponent is a**b * ln(a), and ln of a negative base is undefined"
        )
    else:  # a constant exponent never receives a gradient; nan marks the slope as undefined
        d_exponent = math.nan
    return out, (_power_slope(a, b), d_exponent)


def _checked_power(base: Value, n: float) -> float:
    """x ** n for real x and n, or an error that says why it has no real value."""
    x = base.data
    if x == 0 and n < 0:
        raise ZeroDivisionError(f"{_describe(base)} ** {n:g}: zero to a negative power divides by zero")
    if x < 0 and not n.is_integer():
        raise ValueError(
            f"({_describe(base)}) ** {n:g} has no real value: a negative base needs a whole-number "
            "exponent (Python would return a complex number here)"
        )
    return _ieee_power(x, n)


def _exp(x: Value) -> Local:
    """f = e**x;  df/dx = e**x (inf above x = 709.78, like every overflow)."""
    out = _ieee_exp(x.data)
    return out, (out,)


def _log(value: Value) -> Local:
    """f = ln(x) for x > 0;  df/dx = 1 / x.  ln(nan) is nan, ln(inf) is inf."""
    x = value.data
    if x <= 0:
        raise ValueError(f"log({_describe(value)}) is undefined: the natural log needs an input > 0")
    return math.log(x), (1.0 / x,)


def _sqrt(value: Value) -> Local:
    """f = sqrt(x) for x >= 0;  df/dx = 1 / (2 sqrt(x)), infinite at x = 0."""
    x = value.data
    if x < 0:
        raise ValueError(f"sqrt({_describe(value)}) is undefined: the square root needs an input >= 0")
    out = math.sqrt(x)  # sqrt(-0.0) is -0.0, and its slope -inf, as in IEEE arithmetic and PyTorch
    return out, (0.5 / out if out != 0 else math.copysign(math.inf, out),)


def _tanh(x: Value) -> Local:
    """f = tanh(x);  df/dx = 1 - tanh(x)**2.  (math.tanh never overflows.)"""
    t = math.tanh(x.data)
    return t, (1.0 - t * t,)


def _sigmoid(value: Value) -> Local:
    """f = 1 / (1 + e**-x);  df/dx = f * (1 - f).

    A primitive rather than a composite so that it can be computed stably:
    e**-x overflows for x < -709, so negative x use the equal form e**x / (1 + e**x).
    """
    x = value.data
    if x >= 0:
        s = 1.0 / (1.0 + math.exp(-x))
    else:
        e = math.exp(x)
        s = e / (1.0 + e)
    return s, (s * (1.0 - s),)


def _softplus(value: Value) -> Local:
    """f = ln(1 + e**x);  df/dx = sigmoid(x).

    Computed as max(x, 0) + ln(1 + e**-|x|), which never overflows.
    """
    x = value.data
    out = max(x, 0.0) + math.log1p(math.exp(-abs(x)))
    slope = 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))
    return out, (slope,)


def _relu(value: Value) -> Local:
    """f = max(x, 0);  df/dx = 1 if x > 0 else 0 (so ReLU'(0) = 0, as in PyTorch).

    Written with PyTorch's comparisons, so that the corners agree too: relu(nan)
    is nan with slope 1 (a nan stays visible), relu(-0.0) is -0.0 with slope 0.
    """
    x = value.data
    if x > 0:
        return x, _SLOPE_ONE
    return (0.0 if x < 0 else x), (_SLOPE_ZERO if x <= 0 else _SLOPE_ONE)


def _leaky_relu(value: Value, slope: float) -> Local:
    """f = x if x > 0 else slope * x;  df/dx = 1 if x > 0 else slope (at 0: slope)."""
    x = value.data
    return (x, _SLOPE_ONE) if x > 0 else (slope * x, (slope,))


def _step(value: Value, threshold: float) -> Local:
    """f = 1 if x >= threshold else 0;  df/dx = 0 (also at the jump)."""
    return 1.0 if value.data >= threshold else 0.0, _SLOPE_ZERO


def _sin(x: Value) -> Local:
    """f = sin(x);  df/dx = cos(x)."""
    return _ieee_sin(x.data), (_ieee_cos(x.data),)


def _cos(x: Value) -> Local:
    """f = cos(x);  df/dx = -sin(x)."""
    return _ieee_cos(x.data), (-_ieee_sin(x.data),)


# -- IEEE arithmetic where Python's math raises instead ------------------------------
#
# The overflow policy (README, "Numbers at the extremes"): a result too large for a
# float is inf, with its sign, exactly as in IEEE arithmetic, numpy and PyTorch;
# ``backward()`` warns when its output or a leaf's gradient is not finite. Python's
# float + - * / already behave so; math.exp and ** raise OverflowError instead, and
# math.sin and math.cos raise for an infinite angle. These give the IEEE results.


def _ieee_exp(x: float) -> float:
    """e**x; inf when it overflows (x > 709.78)."""
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def _ieee_sin(x: float) -> float:
    """sin(x); nan for x = ±inf (an infinite angle has no sine)."""
    return math.sin(x) if not math.isinf(x) else math.nan


def _ieee_cos(x: float) -> float:
    """cos(x); nan for x = ±inf."""
    return math.cos(x) if not math.isinf(x) else math.nan


def _ieee_power(x: float, n: float) -> float:
    """x ** n for a base and exponent that have a real power; ±inf when it overflows."""
    try:
        return x**n
    except OverflowError:  # the sign: negative only for a negative base and an odd exponent
        odd = n.is_integer() and n % 2 == 1
        return -math.inf if x < 0 and odd else math.inf


def _abs(value: Value) -> Local:
    """f = |x|;  df/dx = sign(x), taken as 0 at x = 0."""
    x = value.data
    sign = 1.0 if x > 0 else (-1.0 if x < 0 else 0.0)
    return abs(x), (sign,)


# -- 4. the one place where result nodes are made ----------------------------------------


def _apply(op: str, rule: Callable[..., Local], inputs: tuple[Value, ...], args: tuple[object, ...]) -> Value:
    """The node for ``op(inputs)``: ``rule(*args)`` gives its value and local derivatives.

    ``args`` are the rule's arguments: usually the inputs themselves; the inputs and
    the operation's fixed parameter (the n of x ** n); or, for the n-ary rules of
    ``functions.py``, the inputs in groups (dot: the weights, the inputs, the bias).
    A replay tape keeps ``(node, rule, args)`` to recompute the node later.
    """
    data, local_grads = rule(*args)
    # object.__new__ skips Value.__init__'s checks of user input, which data (already
    # a float) does not need: it makes node creation about 2x faster (measured, 3.11).
    out = object.__new__(Value)
    out.data = data
    out.grad = 0.0
    out.label = ""
    out.role = None
    if RECORDING.get():
        out._inputs = inputs if len(inputs) != 1 else inputs[0]  # one input is kept as itself (see Value._inputs)
        out.local_grads = local_grads
        out.op = op
        out.requires_grad = False
        for node in inputs:
            if node.requires_grad:
                out.requires_grad = True
                break
        tape = TAPE.get()
        if tape is not None:  # a replay tape is being recorded (replay.py)
            tape.append((out, rule, args))
    else:  # inside no_grad(): a plain constant, nothing for backward to visit
        out._inputs = ()
        out.local_grads = ()
        out.op = ""
        out.requires_grad = False
    return out


# -- helpers for the operators ----------------------------------------------------


def _operand(other: object) -> Value:
    """A Value as it is, a plain number as a constant Value; NotImplemented otherwise.

    Returning NotImplemented lets Python (and numpy, for arrays) try the other
    operand's method, which is how ``W @ x`` works on arrays of Values.
    """
    if isinstance(other, Value):
        return other
    if type(other) is float:  # the common case (w * 0.5, 1 - y): no conversion to check
        return constant(other)
    if isinstance(other, (float, int, Real)):
        return Value(other, requires_grad=False)
    return NotImplemented


def constant(number: float, label: str = "") -> Value:
    """``Value(number, label, requires_grad=False)`` for a number that is already a float.

    For code that makes many constants from floats it holds (the operators above,
    a network's inputs): skipping ``Value()``'s checks of user input makes each one
    about 2x faster (measured, 3.11).
    """
    out = object.__new__(Value)
    out.data = number
    out.grad = 0.0
    out._inputs = ()
    out.local_grads = ()
    out.op = ""
    out.label = label
    out.requires_grad = False
    out.role = None
    return out
