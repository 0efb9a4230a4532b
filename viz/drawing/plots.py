"""Plots with matplotlib: a classifier's decision boundary, a training history, an activation.

    plot_decision_boundary(model, X, y)   the regions a 2-input model assigns to each
                                          class, its boundary line, and the data on top
    plot_history(history)                 loss (and accuracy) per epoch from nn.fit
    plot_activation("sigmoid")            f(z) and its derivative f'(z), both computed
                                          by the engine (the derivative by backward)

Each function draws into ``ax=`` when given one, and otherwise makes a new figure;
it returns the matplotlib Axes it drew in (for plot_history, the loss Axes).
numpy and matplotlib are imported when a plot is drawn, not with ``viz``.

Read next: ``cli.py`` (the command line), or the notebooks that use these plots.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from autograd import Value, no_grad
from nn._optional import optional_import
from viz.drawing.text import printable

if TYPE_CHECKING:
    import numpy as np

ACTIVATION_NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "softplus", "step", "linear", "exp", "sin", "cos", "abs")


def _axes(ax: Any, needed_by: str) -> Any:
    """``ax``, or the Axes of a new matplotlib figure."""
    if ax is not None:
        return ax
    plt = optional_import("matplotlib.pyplot", needed_by)
    _, ax = plt.subplots(figsize=(5, 4))
    return ax


def _scores(model: Any, points: np.ndarray) -> np.ndarray:
    """The model's outputs for each row of ``points``: shape (rows, outputs)."""
    np = optional_import("numpy", "viz.plot_decision_boundary()")
    rows = []
    with no_grad():  # no graph is needed to colour a picture
        for point in points:
            out = model([float(point[0]), float(point[1])])
            outputs = [out] if isinstance(out, Value) else list(out)
            rows.append([float(value.data) if isinstance(value, Value) else float(value) for value in outputs])
    return np.array(rows, dtype=float)


def plot_decision_boundary(
    model: Any,
    X: Sequence[Sequence[float]] | np.ndarray,
    y: Sequence[Any] | np.ndarray,
    *,
    ax: Any = None,
    resolution: int = 80,
    threshold: float | None = None,
    margin: float = 0.5,
    title: str | None = None,
) -> Any:
    """Colour the plane by the class ``model`` predicts, draw the boundary, scatter (X, y).

    One output: class 1 where the output is above ``threshold`` (default 0.5 when
    every output lies in [0, 1], as after a sigmoid, otherwise 0.0); the boundary is
    the contour at the threshold. Several outputs: the class of the largest output.
    ``resolution`` points per axis are evaluated (resolution² forward passes).
    """
    np = optional_import("numpy", "viz.plot_decision_boundary()")
    points = np.asarray(X, dtype=float)
    labels = np.asarray(y)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"X must hold points with 2 coordinates (shape (n, 2)), got shape {points.shape}")
    if len(labels) != len(points):
        raise ValueError(f"X has {len(points)} points but y has {len(labels)} labels")
    if labels.ndim == 2:  # one-hot rows
        labels = labels.argmax(axis=1)
    if isinstance(resolution, bool) or not isinstance(resolution, int) or resolution < 2:
        raise ValueError(f"resolution must be a whole number of at least 2, got {resolution!r}")
    ax = _axes(ax, "viz.plot_decision_boundary()")
    x_min, y_min = points.min(axis=0) - margin
    x_max, y_max = points.max(axis=0) + margin
    xs, ys = np.linspace(x_min, x_max, resolution), np.linspace(y_min, y_max, resolution)
    grid_x, grid_y = np.meshgrid(xs, ys)
    scores = _scores(model, np.column_stack([grid_x.ravel(), grid_y.ravel()]))
    if scores.shape[1] == 1:
        score = scores[:, 0].reshape(grid_x.shape)
        if threshold is None:
            threshold = 0.5 if score.min() >= 0.0 and score.max() <= 1.0 else 0.0
        classes = (score > threshold).astype(float)
        ax.contourf(grid_x, grid_y, classes, levels=[-0.5, 0.5, 1.5], cmap="coolwarm", alpha=0.25)
        if score.min() < threshold < score.max():
            ax.contour(grid_x, grid_y, score, levels=[threshold], colors="black", linewidths=1.5)
    else:
        classes = scores.argmax(axis=1).reshape(grid_x.shape).astype(float)
        count = scores.shape[1]
        ax.contourf(grid_x, grid_y, classes, levels=np.arange(count + 1) - 0.5, cmap="coolwarm", alpha=0.25)
        ax.contour(grid_x, grid_y, classes, levels=np.arange(count - 1) + 0.5, colors="black", linewidths=1.0)
    ax.scatter(points[:, 0], points[:, 1], c=labels, cmap="coolwarm", edgecolors="black", linewidths=0.5, s=25)
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(y_min, y_max)
    ax.set_xlabel("x[0]")
    ax.set_ylabel("x[1]")
    ax.set_title(_plain(title) if title else "decision boundary")
    return ax


def plot_history(history: Any, *, ax: Any = None, title: str | None = None) -> Any:
    """Loss per epoch (left axis) and, when recorded, accuracy per epoch (right axis)."""
    loss = getattr(history, "loss", history)
    accuracy = getattr(history, "accuracy", None)
    loss = [float(x) for x in loss]
    if not loss:
        raise ValueError("the history has no epochs to plot (train with nn.fit first)")
    ax = _axes(ax, "viz.plot_history()")
    epochs = list(range(1, len(loss) + 1))
    ax.plot(epochs, loss, color="tab:blue", marker="o" if len(loss) <= 30 else None, label="loss")
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss", color="tab:blue")
    ax.set_title(_plain(title) if title else "training history")
    if accuracy:
        right = ax.twinx()
        right.plot(epochs, [float(a) for a in accuracy], color="tab:orange", label="accuracy")
        right.set_ylabel("accuracy", color="tab:orange")
        right.set_ylim(-0.02, 1.02)
    return ax


def _apply(name: str, z: Value) -> Value:
    if name == "linear":
        return z * 1.0
    if name not in ACTIVATION_NAMES:
        raise ValueError(f"unknown activation {name!r}; choose one of {', '.join(ACTIVATION_NAMES)}")
    method = {
        "sigmoid": Value.sigmoid,
        "tanh": Value.tanh,
        "relu": Value.relu,
        "leaky_relu": Value.leaky_relu,
        "softplus": Value.softplus,
        "step": Value.step,
        "exp": Value.exp,
        "sin": Value.sin,
        "cos": Value.cos,
        "abs": Value.__abs__,
    }[name]
    return method(z)


def activation_curve(name: str, zs: Sequence[float]) -> tuple[list[float], list[float]]:
    """f(z) and f'(z) at each z, computed by the engine: f by the forward pass, f' by backward."""
    values, slopes = [], []
    for z in zs:
        x = Value(float(z))
        out = _apply(name, x)
        out.backward()
        values.append(out.data)
        slopes.append(x.grad)
    return values, slopes


def plot_activation(name: str, *, ax: Any = None, z_range: tuple[float, float] = (-5.0, 5.0), points: int = 401) -> Any:
    """Plot the activation ``name`` and its derivative over ``z_range``."""
    if points < 2:
        raise ValueError(f"points must be at least 2, got {points!r}")
    zs = optional_import("numpy", "viz.plot_activation()").linspace(z_range[0], z_range[1], points)
    values, slopes = activation_curve(name, zs.tolist())
    ax = _axes(ax, "viz.plot_activation()")
    ax.plot(zs, values, color="tab:blue", label=f"{name}(z)")
    ax.plot(zs, slopes, color="tab:red", linestyle="--", label=f"{name}'(z)")
    ax.axhline(0.0, color="gray", linewidth=0.5)
    ax.axvline(0.0, color="gray", linewidth=0.5)
    ax.set_xlabel("z")
    ax.set_title(f"{name} and its derivative")
    ax.legend()
    return ax


def _plain(text: str) -> str:
    """A title as written: matplotlib would read text between two "$" as TeX maths (and fail on one)."""
    if not isinstance(text, str):
        raise TypeError(f"a title must be text, got {type(text).__name__} {text!r}")
    return printable(text).replace("$", r"\$")
