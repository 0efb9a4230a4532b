"""Plots: the right artists with the right data, drawn with matplotlib's Agg backend."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.contour import ContourSet

import nn
import viz
from viz.drawing.plots import activation_curve


@pytest.fixture(autouse=True)
def close_figures() -> object:
    yield None
    plt.close("all")


def vertical_line_model() -> nn.MLP:
    """One sigmoid neuron whose boundary is the line x[0] = 1 (w = (2, 0), b = -2)."""
    return nn.MLP.from_weights([[[2.0, 0.0]]], [[-2.0]], "sigmoid")


def test_decision_boundary_regions_line_and_points() -> None:
    X = np.array([[0.0, 0.0], [0.5, 1.0], [1.5, 0.0], [2.0, 1.0]])
    y = np.array([0, 0, 1, 1])
    ax = viz.plot_decision_boundary(vertical_line_model(), X, y, resolution=41)
    scatter = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(scatter) == 1
    np.testing.assert_allclose(scatter[0].get_offsets(), X)
    np.testing.assert_array_equal(scatter[0].get_array(), y)
    contours = [c for c in ax.collections if isinstance(c, ContourSet)]
    filled = [c for c in contours if c.filled]
    lines = [c for c in contours if not c.filled]
    assert len(filled) == 1 and len(lines) == 1
    assert list(lines[0].levels) == [0.5]  # sigmoid outputs: threshold 0.5
    segments = np.concatenate(lines[0].allsegs[0])
    np.testing.assert_allclose(segments[:, 0], 1.0, atol=0.05)  # the boundary x[0] = 1
    assert segments[:, 1].min() < 0.0 and segments[:, 1].max() > 1.0  # it crosses the whole plot
    assert ax.get_xlim() == pytest.approx((-0.5, 2.5))


def test_decision_boundary_multiclass_uses_argmax() -> None:
    model = nn.MLP.from_weights([[[1.0, 0.0], [-1.0, 0.0]]], [[0.0, 0.0]], "linear")
    X = [[-1.0, 0.0], [1.0, 0.0]]
    ax = viz.plot_decision_boundary(model, X, [[0, 1], [1, 0]], resolution=21)
    lines = [c for c in ax.collections if isinstance(c, ContourSet) and not c.filled]
    segments = np.concatenate(lines[0].allsegs[0])
    np.testing.assert_allclose(segments[:, 0], 0.0, atol=0.1)
    scatter = next(c for c in ax.collections if isinstance(c, PathCollection))
    np.testing.assert_array_equal(scatter.get_array(), [1, 0])


def test_decision_boundary_errors() -> None:
    with pytest.raises(ValueError, match="2 coordinates"):
        viz.plot_decision_boundary(vertical_line_model(), [[1.0, 2.0, 3.0]], [1])
    with pytest.raises(ValueError, match="labels"):
        viz.plot_decision_boundary(vertical_line_model(), [[1.0, 2.0]], [1, 0])


def test_history_plots_loss_and_accuracy() -> None:
    history = nn.History(loss=[0.9, 0.5, 0.3], accuracy=[0.5, 0.75, 1.0])
    ax = viz.plot_history(history)
    (loss_line,) = ax.get_lines()
    np.testing.assert_array_equal(loss_line.get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(loss_line.get_ydata(), [0.9, 0.5, 0.3])
    twins = [other for other in ax.figure.axes if other is not ax]
    assert len(twins) == 1
    np.testing.assert_array_equal(twins[0].get_lines()[0].get_ydata(), [0.5, 0.75, 1.0])
    assert ax.get_xlabel() == "epoch" and twins[0].get_ylabel() == "accuracy"


def test_history_without_accuracy_and_from_real_training() -> None:
    X, y = nn.data.truth_table("AND")
    model = nn.MLP(2, [1], output_activation="sigmoid", rng=0)
    history = nn.fit(model, X, y, "bce", nn.SGD(model.parameters(), lr=0.5), epochs=5, progress=False)
    ax = viz.plot_history(history)
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), history.loss)
    ax2 = viz.plot_history(nn.History(loss=[1.0, 0.5], accuracy=None))
    assert len(ax2.figure.axes) == 1
    with pytest.raises(ValueError, match="no epochs"):
        viz.plot_history(nn.History(loss=[], accuracy=None))


def test_activation_plot_has_function_and_derivative() -> None:
    ax = viz.plot_activation("sigmoid", points=5, z_range=(-2.0, 2.0))
    f, df = ax.get_lines()[:2]
    zs = np.linspace(-2, 2, 5)
    sig = 1 / (1 + np.exp(-zs))
    np.testing.assert_allclose(f.get_ydata(), sig)
    np.testing.assert_allclose(df.get_ydata(), sig * (1 - sig))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["sigmoid(z)", "sigmoid'(z)"]


def test_activation_curves_use_the_engine_conventions() -> None:
    values, slopes = activation_curve("relu", [-1.0, 0.0, 2.0])
    assert values == [0.0, 0.0, 2.0] and slopes == [0.0, 0.0, 1.0]  # ReLU'(0) = 0
    values, slopes = activation_curve("step", [-0.1, 0.0])
    assert values == [0.0, 1.0] and slopes == [0.0, 0.0]  # fires at z >= 0
    _, slopes = activation_curve("tanh", [0.5])
    assert slopes[0] == pytest.approx(1 - math.tanh(0.5) ** 2)
    with pytest.raises(ValueError, match="unknown activation"):
        viz.plot_activation("swish")


def test_plots_draw_into_a_given_axes() -> None:
    _, (left, right) = plt.subplots(1, 2)
    assert viz.plot_activation("tanh", ax=left) is left
    assert viz.plot_history([1.0, 0.5], ax=right) is right
    assert len(left.get_lines()) >= 2 and len(right.get_lines()) == 1


def test_plot_titles_are_shown_as_written() -> None:
    """A "$" would start TeX maths in matplotlib (and one alone fails at drawing time)."""
    import matplotlib

    matplotlib.use("Agg")
    title = "cost $x and $$ {} \\frac <!--<script>"
    ax = viz.plot_history([1.0, 0.5], title=title)
    ax.figure.canvas.draw()  # would raise on the unclosed "$"
    assert ax.get_title().replace("\\$", "$") == title
