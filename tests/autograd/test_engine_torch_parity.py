"""A second opinion from PyTorch (optional: skipped when torch is not installed).

PyTorch is not a dependency of chalkgrad; a plain `pip install torch` pulls a
multi-gigabyte GPU build. Install a CPU build by hand to run these tests.
"""

from __future__ import annotations

import pytest

import autograd
from autograd import Value

torch = pytest.importorskip("torch")


def test_expression_matches_pytorch() -> None:
    a, b, c = Value(-4.0), Value(2.0), Value(0.7)
    y = (a * b + b**3).tanh() * c.sigmoid() + (a.relu() - b.log()) / c + a.softplus() * b.sin() - abs(a) * c.cos()
    y.backward()

    ta, tb, tc = (torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in (-4.0, 2.0, 0.7))
    ty = (
        torch.tanh(ta * tb + tb**3) * torch.sigmoid(tc)
        + (torch.relu(ta) - torch.log(tb)) / tc
        + torch.nn.functional.softplus(ta) * torch.sin(tb)
        - torch.abs(ta) * torch.cos(tc)
    )
    ty.backward()
    assert y.data == pytest.approx(ty.item(), rel=1e-12)
    for ours, theirs in ((a, ta), (b, tb), (c, tc)):
        assert ours.grad == pytest.approx(theirs.grad.item(), rel=1e-12)


def test_logsumexp_and_softmax_match_pytorch() -> None:
    xs = [Value(x) for x in (2.0, 1.0, 0.1, -1.0)]
    weights = [1.0, -2.0, 0.5, 3.0]
    y = autograd.logsumexp(xs) + autograd.sum(s * w for s, w in zip(autograd.softmax(xs), weights))
    y.backward()

    t = torch.tensor([2.0, 1.0, 0.1, -1.0], dtype=torch.float64, requires_grad=True)
    ty = torch.logsumexp(t, 0) + (torch.softmax(t, 0) * torch.tensor(weights, dtype=torch.float64)).sum()
    ty.backward()
    assert y.data == pytest.approx(ty.item(), rel=1e-12)
    assert [x.grad for x in xs] == pytest.approx(t.grad.tolist(), rel=1e-12)
