"""Chain-rule paths: every path's product, their sum equal to the engine's gradient."""

from __future__ import annotations

import math

import pytest
from teaching_examples import lecture_network, small_expression

from autograd import Value
from viz.classroom.chain_rule import chain_rule


def test_two_paths_through_a_reused_leaf() -> None:
    nodes = small_expression()
    nodes["L"].backward()
    result = chain_rule(nodes["L"], wrt=nodes["a"])
    assert result.count == 2 and result.paths is not None
    first, second = result.paths
    assert [f.symbol() for f in first.factors] == ["dL/dd", "dd/d#4", "d#4/de", "de/da"]
    assert first.product == -2 * 1 * 1 * -3
    assert second.product == pytest.approx(-2 * (1 - math.tanh(2.0) ** 2))
    assert abs(result.total - nodes["a"].grad) <= 1e-12
    text = str(result)
    assert "dL/da = dL/dd · dd/d#4 · d#4/de · de/da = (-2)(1)(1)(-3) = 6" in text
    assert "sum over paths" in text


@pytest.mark.parametrize("name", ["W1[0,0]", "W1[1,0]", "b1[0]", "W2[1,1]", "W3[0,2]", "b3[0]", "a1[1]", "z2[2]"])
def test_sum_over_paths_equals_the_gradient_in_the_lecture_network(name: str) -> None:
    nodes = lecture_network()
    nodes["loss"].backward()
    result = chain_rule(nodes["loss"], wrt=nodes[name])
    assert abs(result.total - nodes[name].grad) <= 1e-12
    assert result.grad == nodes[name].grad


def test_a_same_input_twice_gives_two_paths() -> None:
    a = Value(3.0, label="a")
    y = a + a
    y.label = "y"
    result = chain_rule(y, wrt=a)
    assert result.count == 2
    y.backward()
    assert result.total == a.grad == 2.0


def deep_diamonds(depth: int) -> tuple[Value, Value]:
    """x feeds a ladder of `depth` diamonds: 2**depth paths from x to the top."""
    x = Value(0.3, label="x")
    v = x
    for k in range(depth):
        left = v.sin()
        right = v * 0.9
        v = left + right
        v.label = f"v{k}"
    return v, x


def test_huge_path_counts_are_counted_not_listed() -> None:
    top, x = deep_diamonds(60)
    top.backward()
    result = chain_rule(top, wrt=x)
    assert result.count == 2**60
    assert result.paths is None and not result.listed
    assert result.meeting == "v59"
    assert [b.count for b in result.branches] == [2**59, 2**59]
    assert sum(b.contribution for b in result.branches) == pytest.approx(x.grad, rel=1e-12)
    assert abs(result.total - x.grad) <= 1e-12 * max(1.0, abs(x.grad))
    text = str(result)
    assert str(2**60) in text and "too many to list" in text and "meet at v59" in text


def test_shared_chain_above_the_meeting_node() -> None:
    top, x = deep_diamonds(8)
    out = (top.tanh() * 2.0).exp()
    out.label = "out"
    out.backward()
    result = chain_rule(out, wrt=x, max_paths=10)
    assert result.count == 256
    assert result.meeting == "v7"
    assert len(result.chain) == 3  # out -> (*2) -> tanh -> v7
    assert abs(result.total - x.grad) <= 1e-12 * max(1.0, abs(x.grad))


def test_no_path_and_wrt_equal_to_root() -> None:
    a, b = Value(1.0, label="a"), Value(2.0, label="b")
    y = a * 3.0
    y.label = "y"
    both = y + b
    assert chain_rule(both, wrt=both).paths is not None
    assert chain_rule(both, wrt=both).total == 1.0
    with pytest.raises(ValueError, match="not part of the graph"):
        chain_rule(y, wrt=b)
    with pytest.raises(TypeError, match="wrt must be a Value"):
        chain_rule(y, wrt=1.0)  # type: ignore[arg-type]


def test_constant_wrt_is_explained() -> None:
    nodes = lecture_network()
    nodes["loss"].backward()
    result = chain_rule(nodes["loss"], wrt=nodes["x[0]"])
    assert result.count == 12
    assert "constant" in str(result)
    assert nodes["x[0]"].grad == 0.0


def test_a_long_chain_is_one_path_written_with_its_middle_left_out() -> None:
    x = Value(0.5, label="x")
    v = x
    for _ in range(20_000):
        v = v * 1.0001
    v.label = "top"
    v.backward()
    result = chain_rule(v, wrt=x)
    assert result.count == 1 and result.paths is not None
    (path,) = result.paths
    assert len(path.factors) == 20_000 and len(path.nodes) == 20_001
    assert path.nodes[0] == "x" and path.nodes[-1] == "top"
    assert abs(result.total - x.grad) <= 1e-12 * x.grad
    text = str(result)
    assert "…(19984 more factors)…" in text and len(text) < 2000


def test_wrt_can_be_a_label() -> None:
    nodes = lecture_network()
    by_label = chain_rule(nodes["loss"], wrt="W2[1,0]")
    by_value = chain_rule(nodes["loss"], wrt=nodes["W2[1,0]"])
    assert by_label.count == by_value.count == 2  # through log(y_hat) and through log(1 - y_hat)
    assert by_label.total == by_value.total
    with pytest.raises(ValueError, match="no node called 'W9'"):
        chain_rule(nodes["loss"], wrt="W9")


def test_a_long_path_is_written_on_aligned_lines() -> None:
    nodes = lecture_network()
    nodes["loss"].backward()
    text = str(chain_rule(nodes["loss"], wrt="W1[0,0]"))
    assert max(len(line) for line in text.splitlines()) <= 100
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("dloss/dW1[0,0] = dloss/d"))
    column = lines[start].index("=")
    # the factors continue with "·"; the numbers and the product follow, their "=" under the first one
    assert lines[start + 1].strip().startswith("· ")
    numbers = next(k for k in range(start, len(lines)) if lines[k].strip().startswith("= (-1)"))
    assert lines[numbers].index("=") == column
    assert lines[numbers + 1].strip() == "= -0.002091" and lines[numbers + 1].index("=") == column
    assert "path 1: W1[0,0] → z1[0] → a1[0] → z2[0]" in text


def test_before_and_after_backward_the_text_gives_the_engines_gradient() -> None:
    nodes = small_expression()
    before = str(chain_rule(nodes["L"], wrt="a"))  # backward not run: a.grad is still 0
    assert "the gradient L.backward() gives a = 5.859" in before
    assert nodes["a"].grad == 0.0
    nodes["L"].backward()
    assert str(chain_rule(nodes["L"], wrt="a")) == before
