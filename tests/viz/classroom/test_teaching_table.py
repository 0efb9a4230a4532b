"""The backprop table: rows in backward's order, the engine's numbers, every output format."""

from __future__ import annotations

import math

import pytest
from teaching_examples import lecture_network, small_expression

from autograd import Value, topological_order
from viz.classroom.table import backprop_table


def test_rows_follow_the_order_backward_visits_the_nodes() -> None:
    nodes = small_expression()
    table = backprop_table(nodes["L"])
    expected = [n for n in reversed(topological_order(nodes["L"], only_requiring_grad=True))]
    assert [row.node for row in table] == [n.label or f"#{topological_order(nodes['L']).index(n)}" for n in expected]
    assert table[0].node == "L" and table[0].upstream == 1.0


def test_numbers_are_the_engines_own() -> None:
    nodes = small_expression()
    L = nodes["L"]
    L.backward()
    table = backprop_table(L)  # root already has a gradient: the table must not run backward again
    assert nodes["a"].grad == pytest.approx(-2 * (-3) + -2 * (1 - math.tanh(2.0) ** 2))
    for row in table:
        if row.node.startswith("#"):
            continue
        node = nodes[row.node]
        assert row.data == node.data
        assert row.grad == node.grad
        assert row.local_grads == node.local_grads
        # upstream is summed exactly as backward sums it, so it matches bit for bit
        assert row.upstream == node.grad


def test_sends_are_upstream_times_local_and_reuse_gets_two_rows_of_sends() -> None:
    nodes = small_expression()
    table = backprop_table(nodes["L"])
    e_row = table.row("e")
    assert e_row.inputs == ("a", "b")
    assert e_row.sends == (e_row.upstream * -3.0, e_row.upstream * 2.0)
    t_row = table.row("t")
    assert t_row.sends[0] == pytest.approx(-2.0 * (1 - math.tanh(2.0) ** 2))
    # a receives from e and from t: its upstream is the sum of both sends
    assert table.row("a").upstream == pytest.approx(e_row.sends[0] + t_row.sends[0])


def test_the_table_shows_one_backward_pass_whatever_the_leaves_accumulated() -> None:
    a = Value(3.0, label="a")
    y = a * a
    y.label = "y"
    y.backward()
    y.backward()  # leaves accumulate: a.grad is now 12; one pass sends 6
    table = backprop_table(y)
    assert table.row("a").grad == table.row("a").upstream == 6.0
    assert a.grad == 12.0


def test_lecture_network_rows_match_the_slides() -> None:
    nodes = lecture_network()
    table = backprop_table(nodes["loss"], precision=4)
    assert table.row("z3[0]").grad == pytest.approx(-0.2261, abs=5e-5)
    assert table.row("W3[0,0]").grad == pytest.approx(-0.1394, abs=5e-5)
    assert table.row("W1[0,0]").grad == pytest.approx(-0.00527, abs=5e-6)
    assert table.row("a1[0]").upstream == pytest.approx(-0.01078, abs=5e-6)
    # the constant input appears as an input, but receives nothing
    z1 = table.row("z1[0]")
    assert z1.inputs == ("W1[0,0]", "x[0]", "b1[0]")
    assert z1.sends[1] is None
    assert "x[0]" not in [row.node for row in table]


def test_text_markdown_html_and_dicts() -> None:
    nodes = small_expression()
    table = backprop_table(nodes["L"], precision=3)
    text = str(table)
    lines = text.splitlines()
    assert lines[0].startswith("step") and set(lines[1]) <= {"-", " "}
    # one line per input of each node (at least one per node)
    assert len(lines) == 2 + sum(max(1, len(row.inputs)) for row in table)
    assert lines[2].split() == ["1", "L", "*", "-9.93", "d/dd", "=", "-2", "1", "d", "←", "-2", "1"]
    assert lines[3].split() == ["d/df", "=", "4.96", "f", "←", "4.96"]
    assert "4.96" in text and "4.964" not in text  # three significant digits
    md = table.to_markdown()
    assert md.splitlines()[0].startswith("| step | node |")
    assert len(md.splitlines()) == 2 + len(table)
    html = table._repr_html_()
    assert html.count("<tr>") == 1 + len(table) and "<th>grad</th>" in html
    dicts = table.to_dicts()
    nodes["L"].backward()
    assert dicts[0]["node"] == "L" and dicts[0]["grad"] == 1.0
    assert dicts[-1]["node"] == "a" and dicts[-1]["grad"] == nodes["a"].grad


def test_duplicate_and_missing_labels_get_distinct_names() -> None:
    x = Value(1.0, label="x")
    y = Value(2.0, label="x")
    out = x * y + 1
    rows = backprop_table(out).to_dicts()
    names = [row["node"] for row in rows]
    assert len(set(names)) == len(names)
    assert {"x (1st)", "x (2nd)"} <= set(names)
    assert names[0].startswith("#")  # the unlabelled sum; the constant 1 is named by its value


def test_bad_arguments_get_clear_errors() -> None:
    with pytest.raises(TypeError, match="expected a Value"):
        backprop_table(3.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="significant digits"):
        backprop_table(Value(1.0) * 2, precision=0)


def test_headings_use_the_roots_name_and_html_aligns_numbers_right_and_words_left() -> None:
    nodes = lecture_network()
    table = backprop_table(nodes["loss"])
    assert "upstream dloss/d(node)" in str(table).splitlines()[0]
    assert "upstream dloss/d(node)" in table.to_markdown().splitlines()[0]
    page = table._repr_html_()
    assert "<th>upstream dloss/d(node)</th>" in page
    first_row = page.split("<tbody>")[1].split("</tr>")[0]
    cells = first_row.split("<td")[1:]
    assert "text-align: right" in cells[3] and "text-align: left" in cells[1]  # data right, node left


def test_text_columns_line_up_under_their_headings() -> None:
    table = backprop_table(lecture_network()["loss"])
    lines = str(table).splitlines()
    header, rule = lines[0], lines[1]
    starts = [k for k in range(len(rule)) if rule[k] == "-" and (k == 0 or rule[k - 1] == " ")]
    assert len(starts) == len(table.header)
    for heading, start in zip(table.header[1:3], starts[1:3]):  # word columns start under their heading
        assert header.index(heading) == start
    first_lines = [line for line in lines[2:] if line[: starts[1]].strip()]  # a row's first line has its step
    assert len(first_lines) == len(table)
    for line in first_lines:
        assert len(line) == len(rule)  # the last column (grad) is right-aligned to the rule's end
        assert line[starts[1] - 2 : starts[1]] == "  " and line[starts[1]] != " "  # node names start in column
