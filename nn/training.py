"""A training loop with a progress bar and a loss history, for when the loop itself is not the lesson.

``fit`` runs exactly the step that notebooks first write by hand, once per batch:

    optimizer.zero_grad()
    loss = mean of loss_fn(model(x_i), y_i) over the batch
    loss.backward()
    optimizer.step()

and records, per epoch, the mean training loss and (for classifiers) the accuracy
of the predictions made during that epoch. The progress bar comes from
``tqdm.auto``: a widget in Jupyter, a text bar in a terminal; ``progress=False``
turns it off, and ``progress="text"`` forces the text bar (a notebook saved after
running keeps the text bar's final state; a widget's saved text shows 0%). tqdm is
imported only when a bar is shown, so ``progress=False`` trains without it.

Read next: ``serialize.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Union

import autograd
from autograd import Value, no_grad
from autograd.formatting import format_number
from nn import losses
from nn._optional import optional_import
from nn.checks import whole_number
from nn.init import Rng, make_rng
from nn.module import Module
from nn.optim import Optimizer

LossFn = Callable[[list[Value], Any], Value]

LOSSES: dict[str, LossFn] = {
    "mse": losses.mse,
    "mae": losses.mae,
    "bce": losses.bce,
    "bce_with_logits": losses.bce_with_logits,
    "cross_entropy": losses.cross_entropy,
    "hinge": losses.hinge,
}


@dataclass
class History:
    """Per-epoch training loss and accuracy (None when the task is not classification)."""

    loss: list[float]
    accuracy: list[float] | None

    @property
    def epochs(self) -> int:
        return len(self.loss)

    def __repr__(self) -> str:
        text = f"History({self.epochs} epoch{'' if self.epochs == 1 else 's'}"
        if self.loss:
            text += f", last loss {format_number(self.loss[-1])}"
        if self.accuracy:
            text += f", last accuracy {format_number(self.accuracy[-1], 3)}"
        return text + ")"


def fit(
    model: Callable[[Any], list[Value]],
    X: Sequence[Any],
    y: Sequence[Any],
    loss: Union[str, LossFn],
    optimizer: Optimizer,
    epochs: int,
    batch_size: int | None = None,
    shuffle: bool = True,
    rng: Rng = None,
    progress: bool | str = True,
    accuracy: bool | None = None,
) -> History:
    """Train ``model`` on (X, y) for ``epochs`` passes; returns a History.

    ``loss`` is a loss name ("mse", "bce", "cross_entropy", ...) or any function
    ``loss(outputs, target) -> Value``. ``batch_size=None`` uses the whole data set
    per step (full-batch gradient descent); 1 is per-sample SGD. ``rng`` (a
    random.Random or seed) fixes the shuffling. ``progress`` is True, False or
    "text" (see above). ``accuracy`` is recorded for the
    classification losses (bce, bce_with_logits, cross_entropy, hinge) unless
    False; True forces it for other losses (threshold 0.5 for one output, the
    largest output otherwise).
    """
    loss_fn, loss_name = _loss(loss)
    rows, targets = _data(X, y)
    _check_optimizer(optimizer, model)
    n = len(rows)
    size = n if batch_size is None else whole_number(batch_size, "batch_size")
    epochs = whole_number(epochs, "epochs")
    classify = (loss_name in _CLASSIFICATION) if accuracy is None else bool(accuracy)
    generator = make_rng(rng)
    order = list(range(n))
    history = History(loss=[], accuracy=[] if classify else None)

    bar = _progress_bar(epochs, progress)
    for _ in bar:
        if shuffle:
            generator.shuffle(order)
        total_loss, correct = 0.0, 0
        for start in range(0, n, size):
            batch = order[start : start + size]
            batch_targets = [targets[i] for i in batch]
            outputs, sample_losses = train_step(model, [rows[i] for i in batch], batch_targets, loss_fn, optimizer)
            total_loss += sum(value.data for value in sample_losses)
            if classify:
                correct += sum(is_correct(out, t, loss_name) for out, t in zip(outputs, batch_targets))
        history.loss.append(total_loss / n)
        shown = {"loss": format_number(history.loss[-1])}
        if history.accuracy is not None:
            history.accuracy.append(correct / n)
            shown["accuracy"] = format_number(history.accuracy[-1], 3)
        bar.set_postfix(shown)
    return history


def _progress_bar(epochs: int, progress: bool | str) -> Any:
    """A tqdm bar over the epochs: automatic (widget in Jupyter), plain text, or disabled."""
    if progress not in (True, False, "text"):
        raise ValueError(f'progress must be True, False or "text", got {progress!r}')
    if progress is False:
        return _NoBar(epochs)
    module = optional_import(
        "tqdm" if progress == "text" else "tqdm.auto", "nn.fit's progress bar", "or call fit(..., progress=False)"
    )
    return module.tqdm(range(epochs), desc="training", unit="epoch")


class _NoBar:
    """The epochs without a bar: what fit iterates over when ``progress=False`` (no tqdm needed)."""

    def __init__(self, epochs: int) -> None:
        self.epochs = range(epochs)

    def __iter__(self) -> Any:
        return iter(self.epochs)

    def set_postfix(self, shown: dict[str, str]) -> None:
        """Nothing to show the numbers on."""


def train_step(
    model: Callable[[Any], list[Value]],
    xs: Sequence[Any],
    ys: Sequence[Any],
    loss_fn: LossFn,
    optimizer: Optimizer,
) -> tuple[list[list[Value]], list[Value]]:
    """One step on one batch, exactly the hand-written loop; returns the outputs and per-sample losses.

    The batch loss is the mean of the per-sample losses, so its gradient does not
    grow with the batch size.
    """
    optimizer.zero_grad()
    outputs = [model(x) for x in xs]
    sample_losses = [loss_fn(out, t) for out, t in zip(outputs, ys)]
    batch_loss = sample_losses[0] if len(sample_losses) == 1 else autograd.sum(sample_losses) * (1.0 / len(xs))
    batch_loss.backward()
    optimizer.step()
    return outputs, sample_losses


def accuracy(
    model: Callable[[Any], list[Value]], X: Sequence[Any], y: Sequence[Any], loss: Union[str, LossFn]
) -> float:
    """The fraction of samples the model classifies correctly, by the decision rule of ``loss``.

    bce: output >= 0.5 means 1; bce_with_logits and hinge: output >= 0 means the
    positive class; cross_entropy (and any model with several outputs): the largest
    output is the class.
    """
    _, loss_name = _loss(loss)
    rows, targets = _data(X, y)
    with no_grad():
        hits = sum(is_correct(model(x), t, loss_name) for x, t in zip(rows, targets))
    return hits / len(rows)


_CLASSIFICATION = ("bce", "bce_with_logits", "cross_entropy", "hinge")


def is_correct(outputs: Sequence[Value], target: Any, loss_name: str) -> bool:
    """Whether the outputs pick the target class, by the decision rule of the loss."""
    if len(outputs) > 1:
        predicted = max(range(len(outputs)), key=lambda k: outputs[k].data)
        if isinstance(target, (list, tuple)):
            return predicted == max(range(len(target)), key=lambda k: target[k])
        return predicted == int(target)
    score = outputs[0].data
    label = target[0] if isinstance(target, (list, tuple)) else target
    if loss_name == "hinge":
        return (1.0 if score >= 0 else -1.0) == float(label)
    cut = 0.0 if loss_name == "bce_with_logits" else 0.5
    return (1.0 if score >= cut else 0.0) == float(label)


def _loss(loss: Union[str, LossFn]) -> tuple[LossFn, str]:
    if isinstance(loss, str):
        if loss not in LOSSES:
            raise ValueError(f"unknown loss {loss!r}; the known losses are {', '.join(map(repr, LOSSES))}")
        return LOSSES[loss], loss
    if callable(loss):
        return loss, getattr(loss, "__name__", "")
    raise TypeError(f"loss must be a loss name or a function, got {type(loss).__name__} {loss!r}")


def _data(X: Sequence[Any], y: Sequence[Any]) -> tuple[list[Any], list[Any]]:
    """Plain Python lists (much faster to index than numpy arrays in the inner loop)."""
    rows = X.tolist() if hasattr(X, "tolist") else list(X)
    targets = y.tolist() if hasattr(y, "tolist") else list(y)
    if len(rows) != len(targets):
        raise ValueError(f"X has {len(rows)} samples but y has {len(targets)} targets")
    if not rows:
        raise ValueError("there is no data to train on: X is empty")
    return rows, targets


def _check_optimizer(optimizer: object, model: object) -> None:
    """An optimizer object that holds this model's parameters, or a clear error."""
    if not isinstance(optimizer, Optimizer):
        raise TypeError(
            f"optimizer must be an optimizer such as nn.SGD(model.parameters(), lr=0.1) or nn.Adam(...), "
            f"got {type(optimizer).__name__}"
        )
    if isinstance(model, Module):
        held = {id(p) for p in optimizer.params}
        if not any(id(p) in held for p in model.parameters()):
            raise ValueError(
                "the optimizer holds none of this model's parameters, so training would change nothing. "
                "It was probably built for an earlier model: after making the model, make the optimizer "
                "again with nn.SGD(model.parameters(), ...) (or nn.Adam)."
            )
