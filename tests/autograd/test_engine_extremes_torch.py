"""Every op and loss against PyTorch at nan, ±inf, ±0, subnormals and overflow (skipped without torch).

One table: for each op, chalkgrad's function, PyTorch's, and the inputs where
chalkgrad refuses on purpose (a domain error naming the op and the value, listed
in the README). On every other input of the grid, value and gradients must be
PyTorch's: nan where it has nan, the same infinities, equal numbers otherwise.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Callable
from typing import Any

import pytest

import autograd
import nn
from autograd import Value

torch = pytest.importorskip("torch")
F = torch.nn.functional
pytestmark = pytest.mark.torch

INF, NAN = math.inf, math.nan
SPECIALS = [NAN, INF, -INF, 0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-310, 1e-160, 1.0, -1.5, 2.0]
SPECIALS += [0.5, 20.5, 710.0, -745.0, 1e16, 1e308, -1e308]
PAIRS = list(itertools.product([NAN, INF, -INF, 0.0, -0.0, 5e-324, 1e-310, 1e-160, 1.0, -2.0, 1e160, 1e308], repeat=2))
EXPONENTS = [-2.5, -1.0, 0.0, 0.5, 1.0, 2.0, 3.0, 5000.0]


def never(*xs: float) -> bool:
    return False


# name -> (chalkgrad function of Values, PyTorch function of 0-d tensors, inputs, refused(*inputs))
Case = tuple[Callable[..., Value], Callable[..., Any], list[tuple[float, ...]], Callable[..., bool]]
ONE = [(x,) for x in SPECIALS]


def _heaviside(t: Any) -> Any:
    """The step; PyTorch has no derivative for it, and chalkgrad's is 0."""
    return torch.heaviside(t.detach(), torch.tensor(1.0, dtype=torch.float64))


CASES: dict[str, Case] = {
    "exp": (Value.exp, torch.exp, ONE, never),
    "log": (Value.log, torch.log, ONE, lambda x: x <= 0),
    "sqrt": (Value.sqrt, torch.sqrt, ONE, lambda x: x < 0),
    "tanh": (Value.tanh, torch.tanh, ONE, never),
    "sigmoid": (Value.sigmoid, torch.sigmoid, ONE, never),
    "softplus": (Value.softplus, F.softplus, ONE, never),
    "relu": (Value.relu, torch.relu, ONE, never),
    "leaky_relu": (Value.leaky_relu, F.leaky_relu, ONE, never),
    "step": (Value.step, _heaviside, ONE, never),
    "sin": (Value.sin, torch.sin, ONE, never),
    "cos": (Value.cos, torch.cos, ONE, never),
    "abs": (abs, torch.abs, ONE, never),
    "neg": (lambda a: -a, lambda t: -t, ONE, never),
    "add": (lambda a, b: a + b, lambda a, b: a + b, PAIRS, never),
    "sub": (lambda a, b: a - b, lambda a, b: a - b, PAIRS, never),
    "mul": (lambda a, b: a * b, lambda a, b: a * b, PAIRS, never),
    "div": (lambda a, b: a / b, lambda a, b: a / b, PAIRS, lambda a, b: b == 0),
    "rdiv": (lambda a: 1.0 / a, lambda t: 1.0 / t, ONE, lambda a: a == 0),
    "pow_value": (
        lambda a, b: a**b,
        lambda a, b: a**b,
        PAIRS,
        lambda a, b: (a == 0 and b < 0) or (a < 0 and not (math.isfinite(b) and b.is_integer())) or a < 0,
    ),
    "maximum": (autograd.maximum, torch.maximum, PAIRS, never),
    "minimum": (autograd.minimum, torch.minimum, PAIRS, never),
    "sum": (lambda *v: autograd.sum(v), lambda *t: torch.stack(t).sum(), PAIRS, never),
    "dot": (lambda a, b: autograd.dot([a], [b], bias=1.0), lambda a, b: a * b + 1.0, PAIRS, never),
    "logsumexp": (lambda *v: autograd.logsumexp(v), lambda *t: torch.logsumexp(torch.stack(t), 0), PAIRS, never),
    "softmax[0]": (lambda *v: autograd.softmax(v)[0], lambda *t: torch.softmax(torch.stack(t), 0)[0], PAIRS, never),
    "mse": (lambda p: nn.mse(p, 1.0), lambda t: F.mse_loss(t, torch.tensor(1.0, dtype=torch.float64)), ONE, never),
    "mae": (lambda p: nn.mae(p, 1.0), lambda t: F.l1_loss(t, torch.tensor(1.0, dtype=torch.float64)), ONE, never),
    "bce_y1": (
        lambda p: nn.bce(p, 1.0),
        lambda t: F.binary_cross_entropy(t, torch.tensor(1.0, dtype=torch.float64)),
        ONE,
        # refused: outside [0, 1] (PyTorch raises too), or a term PyTorch clamps at 100
        lambda p: not 0 <= p <= 1 or p == 0 or -math.log(p) > 100,
    ),
    "bce_with_logits": (
        lambda z: nn.bce_with_logits(z, 0.25),
        lambda t: F.binary_cross_entropy_with_logits(t, torch.tensor(0.25, dtype=torch.float64)),
        ONE,
        math.isinf,
    ),
    "cross_entropy": (
        lambda *z: nn.cross_entropy(list(z), 1),
        lambda *t: F.cross_entropy(torch.stack(t).unsqueeze(0), torch.tensor([1])),
        PAIRS,
        never,
    ),
    "cross_entropy_soft": (
        lambda *z: nn.cross_entropy(list(z), [0.25, 0.75]),
        lambda *t: F.cross_entropy(torch.stack(t).unsqueeze(0), torch.tensor([[0.25, 0.75]], dtype=torch.float64)),
        PAIRS,
        never,
    ),
    "hinge": (lambda s: nn.hinge(s, -1.0), lambda t: torch.relu(1.0 + t), ONE, never),
}
for n in EXPONENTS:
    CASES[f"pow {n:g}"] = (
        lambda a, n=n: a**n,
        lambda t, n=n: t**n,
        ONE,
        lambda x, n=n: (x == 0 and n < 0) or (x < 0 and not n.is_integer()),
    )


SUMS = ("cross_entropy", "logsumexp", "softmax", "sum", "dot")

# Where PyTorch's own formula loses the answer, the exact gradients instead:
# logsumexp's slopes are e**(x - f), and f = 1e160 + ln 2 rounds to 1e160, so PyTorch
# gives 1 and 1 where softmax is 1/2 and 1/2. bce at ŷ = 1, y = 1: d(-ln ŷ)/dŷ = -1,
# where PyTorch divides 0 by its clamp 1e-12 and gives 0 (README, "Numbers that go wrong").
EXACT_WHERE_PYTORCH_ROUNDS: dict[tuple[str, tuple[float, ...]], list[float]] = {
    ("logsumexp", (1e160, 1e160)): [0.5, 0.5],
    ("logsumexp", (1e308, 1e308)): [0.5, 0.5],
    ("bce_y1", (1.0,)): [-1.0],
}


def agrees(ours: float, theirs: float, rel: float) -> bool:
    if math.isnan(theirs) or math.isnan(ours):
        return math.isnan(theirs) and math.isnan(ours)
    if math.isinf(theirs) or math.isinf(ours):
        return ours == theirs
    return math.isclose(ours, theirs, rel_tol=rel, abs_tol=1e-300)


ROWS = [(name, inputs) for name, case in CASES.items() for inputs in case[2]]


@pytest.mark.parametrize(("name", "inputs"), ROWS, ids=[f"{name}{inputs}" for name, inputs in ROWS])
def test_matches_pytorch_or_refuses_by_name(name: str, inputs: tuple[float, ...]) -> None:
    ours_fn, torch_fn, _, refused = CASES[name]
    values = [Value(x) for x in inputs]
    if refused(*inputs):
        with pytest.raises((ValueError, ZeroDivisionError)) as error:
            ours_fn(*values)
        message = str(error.value)
        assert "math domain error" not in message
        assert any(repr(x) in message for x in inputs), message  # the value is named
        return
    out = ours_fn(*values)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # non-finite results warn; that is tested elsewhere
        out.backward()
    tensors = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in inputs]
    expected = torch_fn(*tensors)
    if expected.requires_grad:
        expected.backward()
    theirs = [tensor.grad.item() if tensor.grad is not None else 0.0 for tensor in tensors]
    theirs = EXACT_WHERE_PYTORCH_ROUNDS.get((name, inputs), theirs)
    # Sums of several terms may round differently (summation order); single ops agree to the bit.
    # PyTorch's softplus returns x itself above x = 20, off by e**-x (at most 2e-9).
    rel = 1e-8 if name == "softplus" else 1e-12 if name.startswith(SUMS) else 1e-15
    assert agrees(out.data, expected.item(), rel), f"{name}{inputs}: value {out.data!r}, PyTorch {expected.item()!r}"
    for value, grad in zip(values, theirs):
        assert agrees(value.grad, grad, rel), f"{name}{inputs}: gradient {value.grad!r}, PyTorch {grad!r}"
