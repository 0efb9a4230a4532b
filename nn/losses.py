"""Loss functions: one number that says how wrong the predictions are.

Every loss takes predictions (a Value, a list of Values, or a list of such lists
for a batch) and targets of the same shape (plain numbers), and returns ONE Value
labelled "loss", ready for ``loss.backward()``.

The lectures disagree on two conventions, so both are explicit arguments:

    reduction="mean"   average over all elements (PyTorch's default), or "sum"
    half=True          (mse only) the 1/2 in front that makes d/dŷ = ŷ - y

    mse             l = (ŷ - y)²                         dl/dŷ = 2 (ŷ - y)    (ŷ - y with half=True)
    mae             l = |ŷ - y|                          dl/dŷ = sign(ŷ - y)  (0 at ŷ = y)
    bce             l = -[y ln ŷ + (1 - y) ln(1 - ŷ)]    dl/dŷ = (ŷ - y) / (ŷ (1 - ŷ))
    bce_with_logits the same with ŷ = sigmoid(z):        dl/dz = sigmoid(z) - y
                    computed as softplus(z) - y z, which never overflows nor cancels
    cross_entropy   l = -Σ_c y_c ln softmax(z)_c = logsumexp(z) - z_k      dl/dz_j = softmax(z)_j - y_j
                    one node, computed as ln Σ_j e**(z_j - m) - (z_k - m) with m = max(z),
                    accurate for any finite logits
    hinge           l = max(0, margin - y s), y in {-1, +1}               dl/ds = -y where y s < margin

With a single element the loss is that element's node itself: no sum, no division,
so the graph is exactly the slide's formula. Every node a loss makes is labelled by
what it is ("ŷ − y", "log(1 − ŷ)", "−y·log(ŷ)", "Σ terms"; with several elements
"ŷ[1] − y[1]", ...), so tables, exercises and drawings can name each one; the
constants it uses (the −1 of a negation, a 1/n) are named by their value.

Read next: ``optim.py``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Union

import autograd
from autograd import Value
from autograd.functions import cross_entropy as cross_entropy_node
from nn.checks import as_list
from nn.naming import LOSS_LABEL

Prediction = Union[Value, float, Sequence[object]]
Target = Union[float, Sequence[object]]

REDUCTIONS = ("mean", "sum")


def mse(pred: Prediction, target: Target, reduction: str = "mean", half: bool = False) -> Value:
    """Mean (or summed) squared error; ``half=True`` puts the lectures' 1/2 in front."""
    if not isinstance(half, bool):
        raise TypeError(f"half must be True or False, got {half!r}")
    pairs = _pairs(pred, target, "mse")
    terms = []
    for i, (p, t) in enumerate(pairs):
        difference = _minus(p, t, _symbols(i, len(pairs)))
        terms.append(_named(difference**2, f"({difference.label})²"))
    return _reduce(terms, reduction, 0.5 if half else 1.0)


def mae(pred: Prediction, target: Target, reduction: str = "mean") -> Value:
    """Mean (or summed) absolute error."""
    pairs = _pairs(pred, target, "mae")
    terms = []
    for i, (p, t) in enumerate(pairs):
        difference = _minus(p, t, _symbols(i, len(pairs)))
        terms.append(_named(abs(difference), f"|{difference.label}|"))
    return _reduce(terms, reduction)


def bce(prob: Prediction, target: Target, reduction: str = "mean") -> Value:
    """Binary cross-entropy of probabilities ŷ in (0, 1) against targets y in [0, 1].

    Only the terms that the target needs are built: for y = 1 the loss node is
    -ln(ŷ), exactly as the slides simplify it.
    """
    pairs = _pairs(prob, target, "bce")
    terms = []
    for i, (p, t) in enumerate(pairs):
        _check_probability_target(t, i, "bce")
        if not 0.0 <= p.data <= 1.0:
            raise ValueError(
                f"bce() needs predicted probabilities between 0 and 1, but prediction {i} is {p.data!r}. "
                "If these are the raw outputs of a linear layer (logits), give them to "
                "bce_with_logits() instead, or put a sigmoid on the output layer."
            )
        _check_not_saturated(p.data, t, i)
        y_hat, y = _symbols(i, len(pairs))
        if t == 1:
            log_p = _named(p.log(), f"log({y_hat})")
            terms.append(_named(-log_p, f"−log({y_hat})"))
        elif t == 0:
            log_q = _named(_one_minus(p, y_hat).log(), f"log(1 − {y_hat})")
            terms.append(_named(-log_q, f"−log(1 − {y_hat})"))
        else:
            first = _named(t * _named(p.log(), f"log({y_hat})"), f"{y}·log({y_hat})")
            log_q = _named(_one_minus(p, y_hat).log(), f"log(1 − {y_hat})")
            second = _named((1.0 - t) * log_q, f"(1 − {y})·log(1 − {y_hat})")
            both = _named(first + second, f"{first.label} + {second.label}")
            terms.append(_named(-both, f"−[{both.label}]"))
    return _reduce(terms, reduction)


def bce_with_logits(logit: Prediction, target: Target, reduction: str = "mean") -> Value:
    """Binary cross-entropy of sigmoid(z), from the logit z: softplus(z) - y z.

    Equal to bce(sigmoid(z), y), but stable for any finite z (no log of 0, no overflow).
    """
    pairs = _pairs(logit, target, "bce_with_logits")
    terms = []
    for i, (z, t) in enumerate(pairs):
        _check_probability_target(t, i, "bce_with_logits")
        if math.isinf(z.data):
            # The limits exist (0 or inf), but PyTorch computes 0 * inf here and returns nan:
            # rather than disagree with it silently, say what happened upstream.
            raise ValueError(
                f"bce_with_logits() needs finite logits, but logit {i} is {z.data!r}: the forward pass "
                "overflowed somewhere before the loss (look for an exp or a ** that gave inf)"
            )
        terms.append(_logistic_loss(z, t, _symbols(i, len(pairs), prediction="z")))
    return _reduce(terms, reduction)


def _logistic_loss(z: Value, t: float, symbols: tuple[str, str]) -> Value:
    """softplus(z) - t z, arranged so that nothing cancels.

    For z >= 0 the equal form (1 - t) z + softplus(-z) is used: there softplus(z)
    and t z are both close to z, and subtracting them would lose the small loss
    of a confident, correct prediction (e.g. 1.2e-4 at z = 9, t = 1).
    """
    zs, y = symbols
    if z.data >= 0:
        tail = _named(_named(-z, f"−{zs}").softplus(), f"softplus(−{zs})")
        if t == 1:
            return tail
        head = _named(z * (1.0 - t), f"(1 − {y})·{zs}")
        return _named(head + tail, f"{head.label} + {tail.label}")
    head = _named(z.softplus(), f"softplus({zs})")
    if t == 0:
        return head
    tail = _named(-_named(z * t, f"{y}·{zs}"), f"−{y}·{zs}")  # head - z t, written as the engine does it
    return _named(head + tail, f"{head.label} − {y}·{zs}")


def softmax(logits: Sequence[Value | float]) -> list[Value]:
    """Probabilities e**z_i / Σ_j e**z_j (one node per output; stable for any finite z)."""
    if not isinstance(logits, (list, tuple)) and not hasattr(logits, "tolist"):
        raise TypeError(f"softmax() needs a list of logits, got {type(logits).__name__} {logits!r}")
    return [_named(p, f"softmax(z)[{i}]") for i, p in enumerate(autograd.softmax(logits))]


def cross_entropy(logits: Sequence[object], target: object, reduction: str = "mean") -> Value:
    """Softmax cross-entropy from logits: logsumexp(z) - z_k for the true class k.

    ``target`` is a class index (0-based) or a one-hot / probability list for one
    sample; for a batch, give a list of logit lists and a list of targets, and the
    per-sample losses are reduced by ``reduction``.
    """
    rows = as_list(logits, "cross_entropy() logits")
    if rows and _is_row(rows[0]):
        if not isinstance(target, (list, tuple)) and not hasattr(target, "tolist"):
            raise TypeError(
                f"cross_entropy() got {len(rows)} samples of logits: give {len(rows)} targets "
                f"(one class index or one-hot list per sample), not {target!r}"
            )
        targets = as_list(target, "cross_entropy() target")
        if len(targets) != len(rows):
            raise ValueError(f"cross_entropy() got {len(rows)} samples of logits but {len(targets)} targets")
        losses = [
            _named(_one_cross_entropy(_values(row, "cross_entropy() logits"), t), f"loss[{i}]")
            for i, (row, t) in enumerate(zip(rows, targets))
        ]
        return _reduce(losses, reduction)
    _check_reduction(reduction)
    loss = _one_cross_entropy(_values(rows, "cross_entropy() logits"), target)
    loss.label = LOSS_LABEL
    return loss


def hinge(score: Prediction, target: Target, reduction: str = "mean", margin: float = 1.0) -> Value:
    """The SVM hinge loss max(0, margin - y s) for labels y in {-1, +1}."""
    pairs = _pairs(score, target, "hinge")
    for i, (_, t) in enumerate(pairs):
        if t not in (-1.0, 1.0):
            raise ValueError(f"hinge() needs targets -1 or +1, but target {i} is {t!r} (for 0/1 labels use 2 * y - 1)")
    terms = []
    for i, (s, t) in enumerate(pairs):
        score, y = _symbols(i, len(pairs), prediction="s")
        product = _named(s * t, f"{y}·{score}")
        gap = _named(_constant(margin) + _named(-product, f"−{product.label}"), f"{margin:g} − {product.label}")
        terms.append(_named(gap.relu(), f"max(0, {gap.label})"))
    return _reduce(terms, reduction)


# -- helpers ----------------------------------------------------------------------


def _one_cross_entropy(z: list[Value], target: object) -> Value:
    if len(z) < 2:
        # softmax of one logit is always 1, so the loss would be 0 whatever the model does
        raise ValueError(
            "cross_entropy() needs at least 2 logits, one per class, but got 1. For a yes/no "
            "output with one unit use bce_with_logits() (or bce() after a sigmoid)."
        )
    if hasattr(target, "tolist"):
        target = target.tolist()
    if isinstance(target, (list, tuple)):
        weights = [_number(t, f"cross_entropy() target {c}") for c, t in enumerate(target)]
        if len(weights) != len(z):
            raise ValueError(f"cross_entropy() got {len(z)} logits but a target list of {len(weights)} numbers")
        if any(w < 0 for w in weights) or not math.isclose(sum(weights), 1.0, abs_tol=1e-9):
            raise ValueError(f"a cross_entropy() target list must be one-hot or sum to 1 with no negatives: {target!r}")
        return cross_entropy_node(z, weights)
    k = _class_index(target, len(z))
    return cross_entropy_node(z, [1.0 if c == k else 0.0 for c in range(len(z))])


def _is_row(item: object) -> bool:
    """True for one sample's list of logits (so the input is a batch)."""
    return isinstance(item, (list, tuple)) or getattr(item, "ndim", 0) >= 1


def _class_index(target: object, classes: int) -> int:
    if isinstance(target, bool) or not (isinstance(target, (int, float)) or hasattr(target, "__index__")):
        raise TypeError(f"a cross_entropy() target is a class index or a one-hot list, got {target!r}")
    if isinstance(target, float) and not target.is_integer():
        raise TypeError(f"a class index must be a whole number, got {target!r}")
    k = int(target)
    if not 0 <= k < classes:
        raise ValueError(f"class index {k} is out of range: there are {classes} classes, numbered 0 to {classes - 1}")
    return k


def _pairs(pred: Prediction, target: Target, name: str) -> list[tuple[Value, float]]:
    """Flatten predictions and targets to matching (Value, float) pairs, or explain the mismatch."""
    preds = _flatten(pred)
    targets = _flatten(target)
    if len(preds) != len(targets):
        raise ValueError(
            f"{name}() got {len(preds)} predictions but {len(targets)} targets; they must match one to one"
        )
    if not preds:
        raise ValueError(f"{name}() got no predictions")
    pairs = [
        (_value(p, f"{name}() prediction {i}"), _number(t, f"{name}() target {i}"))
        for i, (p, t) in enumerate(zip(preds, targets))
    ]
    for i, (_, t) in enumerate(pairs):
        if not math.isfinite(t):
            raise ValueError(f"{name}() target {i} is {t!r}; targets must be finite numbers (check the data)")
    return pairs


def _flatten(items: object) -> list[object]:
    if hasattr(items, "tolist") and not isinstance(items, Value):
        items = items.tolist()
    if isinstance(items, (list, tuple)):
        flat: list[object] = []
        for item in items:
            flat.extend(_flatten(item))
        return flat
    return [items]


def _values(items: object, what: str) -> list[Value]:
    # Values as they are; only a number needs a constant (and its position named, should it be bad).
    values = [
        item if isinstance(item, Value) else _value(item, f"{what} {i}") for i, item in enumerate(as_list(items, what))
    ]
    if not values:
        raise ValueError(f"{what} is empty")
    return values


def _value(item: object, what: str) -> Value:
    if isinstance(item, Value):
        return item
    return Value(_number(item, what), requires_grad=False)


def _number(item: object, what: str) -> float:
    if isinstance(item, Value):
        return item.data
    if isinstance(item, (str, bytes)) or item is None:
        raise TypeError(f"{what} must be a number, got {item!r}")
    try:
        return float(item)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise TypeError(f"{what} must be a number, got {type(item).__name__} {item!r}") from None


def _minus(p: Value, t: float, symbols: tuple[str, str]) -> Value:
    """ŷ - y as one "+" node with the constant -y (not a separate negation node)."""
    y_hat, y = symbols
    return _named(p + (-t), f"{y_hat} − {y}")


def _one_minus(p: Value, y_hat: str) -> Value:
    """1 - ŷ, as the engine writes it: 1 + (−ŷ)."""
    return _named(_constant(1.0) + _named(-p, f"−{y_hat}"), f"1 − {y_hat}")


def _symbols(i: int, count: int, prediction: str = "ŷ") -> tuple[str, str]:
    """How the formulas name element i's prediction and target: "ŷ", "y"; with several, "ŷ[i]", "y[i]"."""
    return (prediction, "y") if count == 1 else (f"{prediction}[{i}]", f"y[{i}]")


def _named(value: Value, label: str) -> Value:
    value.label = label
    return value


def _constant(x: float) -> Value:
    return Value(x, requires_grad=False)


def _check_probability_target(t: float, i: int, name: str) -> None:
    if not 0.0 <= t <= 1.0:
        raise ValueError(f"{name}() needs targets between 0 and 1, but target {i} is {t!r}")


# PyTorch's bce clamps each ln at -100, so its loss term never exceeds 100. Where the exact
# term would, the prediction has saturated (sigmoid of a logit below about -100, or a
# prediction of exactly 0 or 1): refuse, rather than return a number PyTorch disagrees with.
_LARGEST_BCE_TERM = 100.0


def _check_not_saturated(p: float, t: float, i: int) -> None:
    needed = ([p] if t > 0 else []) + ([1.0 - p] if t < 1 else [])
    if any(q <= 0.0 or -math.log(q) > _LARGEST_BCE_TERM for q in needed):
        raise ValueError(
            f"bce() needs predicted probabilities strictly between 0 and 1, but prediction {i} is {p!r} "
            f"with target {t!r}, so the loss is infinite or above {_LARGEST_BCE_TERM:g} (where PyTorch "
            "clamps it). A saturated sigmoid does this: give the logits to bce_with_logits() instead, "
            "which is exact for any logit."
        )


def _check_reduction(reduction: str) -> None:
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be 'mean' or 'sum', got {reduction!r}")


def _reduce(terms: list[Value], reduction: str, scale: float = 1.0) -> Value:
    """Sum or average the per-element losses (times ``scale``) into one node labelled "loss"."""
    _check_reduction(reduction)
    if reduction == "mean":
        scale /= len(terms)
    total = terms[0] if len(terms) == 1 else _named(autograd.sum(terms), "Σ terms")
    loss = total if scale == 1.0 else total * scale
    loss.label = LOSS_LABEL
    return loss
