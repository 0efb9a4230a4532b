"""Exercise mode: hidden numbers, checking answers with hints, revealing the solution."""

from __future__ import annotations

import pytest
from teaching_examples import lecture_network, small_expression

from autograd import Value
from viz.classroom.exercise import exercise


def test_grad_exercise_hides_every_gradient_but_the_roots() -> None:
    nodes = small_expression()
    ex = exercise(nodes["L"])
    assert set(ex.blanks) == {"a", "b", "c", "d", "e", "f", "t"}
    assert ex.cell_text(nodes["L"]) == ("-9.928", "1")
    assert ex.cell_text(nodes["a"]) == ("2", "?")
    nodes["L"].backward()  # the student's own pass gives the same numbers as the exercise's
    assert ex.solution["a"] == nodes["a"].grad


def test_right_answers_within_tolerance_and_filled_in_afterwards() -> None:
    nodes = lecture_network()
    ex = exercise(nodes["loss"])
    result = ex.check({"a3[0]": -1.292, "z3[0]": "-0.2261", "b3[0]": -0.22})
    assert result.right == ["a3[0]", "z3[0]"]
    assert result.wrong == ["b3[0]"]
    assert not result.all_correct
    assert ex.cell_text(nodes["z3[0]"])[1] == "-0.2261"  # solved: drawn with its number
    assert ex.cell_text(nodes["b3[0]"])[1] == "?"
    assert "2 of" in str(result)


@pytest.mark.parametrize(
    ("name", "answer", "expected_hint"),
    [
        ("z3[0]", -1.2921, "upstream gradient dloss/da3[0]; multiply it by the local derivative da3[0]/dz3[0]"),
        ("W3[0,0]", 0.6165, "local derivative dz3[0]/dW3[0,0]; multiply it by the upstream gradient dloss/dz3[0]"),
        ("b3[0]", 0.2261, "sign is flipped"),
        ("a1[0]", -0.004276, "a1[0] is used 3 times; that is only the term through z2[0]"),
    ],
)
def test_hints_name_the_missed_factor(name: str, answer: float, expected_hint: str) -> None:
    ex = exercise(lecture_network()["loss"])
    check = ex.check({name: answer})[name]
    assert check.correct is False
    assert expected_hint in check.message


def test_hint_for_an_error_carried_over_from_the_upstream_answer() -> None:
    ex = exercise(lecture_network()["loss"])
    wrong_upstream = -1.0
    result = ex.check({"a3[0]": wrong_upstream, "z3[0]": wrong_upstream * 0.1750})
    assert "follows from your dloss/da3[0]" in result["z3[0]"].message


def test_sigmoid_hint_states_the_local_rule() -> None:
    ex = exercise(lecture_network()["loss"])
    assert "s·(1 − s)" in ex.check({"z3[0]": -1.2921})["z3[0]"].message


def test_all_correct_and_reveal() -> None:
    nodes = small_expression()
    ex = exercise(nodes["L"])
    answers = {name: ex.solution[name] for name in ex.blanks}
    result = ex.check(answers)
    assert result.all_correct and not result.missing
    assert ex.cell_text(nodes["e"])[1] == "-2"
    fresh = exercise(nodes["L"])
    assert fresh.cell_text(nodes["e"])[1] == "?"
    fresh.reveal()
    assert fresh.cell_text(nodes["e"])[1] == "-2"


def test_data_exercise_practises_the_forward_pass() -> None:
    nodes = lecture_network()
    ex = exercise(nodes["loss"], hide="data")
    assert ex.cell_text(nodes["W1[0,0]"]) == ("0.1", "")
    assert ex.cell_text(nodes["z1[0]"]) == ("?", "")
    result = ex.check({"z1[0]": 0.3, "a1[0]": 0.3, "a2[0]": 0.6165, "z2[0]": 0.47})
    assert result.right == ["z1[0]", "a2[0]"]
    assert "that is the input z1[0]; apply sigmoid" in result["a1[0]"].message
    assert "uses a1[0], and your value for it" in result["z2[0]"].message


def test_given_values_are_notes_not_errors() -> None:
    nodes = lecture_network()
    ex = exercise(nodes["loss"])
    result = ex.check({"x[0]": 2.0, "loss": 1.0})
    assert result["x[0]"].correct is None and "constant" in result["x[0]"].message
    assert result["loss"].correct is None and "given" in result["loss"].message


def test_unknown_labels_and_non_numbers_are_clear_errors() -> None:
    ex = exercise(lecture_network()["loss"])
    with pytest.raises(ValueError, match=r"no node called 'z3\[1\]'.*did you mean 'z3\[0\]'"):
        ex.check({"z3[1]": 0.1})
    with pytest.raises(TypeError, match=r"the answer for 'a3\[0\]' is 'minus one' \(str\), which is not a number"):
        ex.check({"a3[0]": "minus one"})
    with pytest.raises(TypeError, match="not a number"):
        ex.check({"a3[0]": True})
    with pytest.raises(TypeError, match="not a number"):
        ex.check({"a3[0]": float("nan")})
    with pytest.raises(TypeError, match="takes a dict"):
        ex.check([("a3[0]", 1.0)])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match='hide must be "grad"'):
        exercise(lecture_network()["loss"], hide="both")


def test_ambiguous_labels_are_explained_and_numbered_names_work() -> None:
    a = Value(2.0, label="w")
    b = Value(5.0, label="w")
    y = a * b
    y.label = "y"
    ex = exercise(y)
    with pytest.raises(ValueError, match=r"label 'w' belongs to several nodes.*'w \(1st\)', 'w \(2nd\)'"):
        ex.check({"w": 5.0})
    result = ex.check({"w (1st)": 5.0, "w (2nd)": 2.0})
    assert result.all_correct


def test_exercise_drawing_has_question_marks_for_the_blanks() -> None:
    nodes = small_expression()
    ex = exercise(nodes["L"])
    source = ex.draw().source
    assert source.count("grad ?") == 8  # 7 labelled blanks and one unlabelled intermediate
    assert "grad 1<" in source  # the root's gradient is given
    ex.check({"a": ex.solution["a"]})
    assert ex.draw().source.count("grad ?") == 7
    assert ex.reveal().source.count("grad ?") == 0


def test_answers_can_be_keyed_by_the_nodes_themselves() -> None:
    nodes = small_expression()
    ex = exercise(nodes["L"])
    result = ex.check({nodes["d"]: -2.0, nodes["f"]: 4.964})
    assert result.right == ["d", "f"]


def test_a_node_used_twice_by_the_same_operation() -> None:
    a = Value(3.0, label="a")
    y = a * a
    y.label = "y"
    z = y.exp() * 0.001
    z.label = "z"
    ex = exercise(z)
    one_term = ex.solution["a"] / 2  # dz/dy · a, one of the two uses in a * a
    message = ex.check({"a": one_term})["a"].message
    assert "a is used 2 times; that is only the term through y: add the terms through y too" in message


def test_the_count_is_the_whole_sheet_and_a_later_wrong_answer_undoes_a_right_one() -> None:
    ex = exercise(lecture_network()["loss"])
    first = ex.check({"a3[0]": -1.2921, "z3[0]": -0.2261})
    assert str(first).startswith(f"2 of {len(ex.blanks)} gradients right")
    later = ex.check({"z3[0]": -0.5})  # changed to a wrong answer: no longer counted as right
    assert str(later).startswith(f"1 of {len(ex.blanks)} gradients right")
    assert "z3[0]" not in ex.solved and "z3[0]" in later.wrong


def test_copied_and_slightly_mistyped_answers_are_understood() -> None:
    ex = exercise(lecture_network()["loss"])
    # the minus sign of a PDF or slide, spaces around a label and inside its brackets
    result = ex.check({"z3[0]": "−0.2261", " W3[0, 0] ": -0.1394})
    assert result.right == ["z3[0]", "W3[0,0]"]
    with pytest.raises(TypeError, match=r"decimal point.*'\.'"):
        ex.check({"b3[0]": "-0,2261"})
    with pytest.raises(TypeError, match=r"write it as a number such as -0\.25"):
        ex.check({"b3[0]": "1/2"})
    with pytest.raises(ValueError, match=r"no node called 'z3'.*did you mean 'z3\[0\]'"):
        ex.check({"z3": -0.2261})


def test_a_near_miss_is_told_to_keep_more_digits() -> None:
    ex = exercise(lecture_network()["loss"])
    message = ex.check({"z3[0]": -0.22})["z3[0]"].message
    assert "close" in message and "3%" in message and "digits" in message


def test_hints_write_the_gradient_with_the_roots_name() -> None:
    ex = exercise(lecture_network()["loss"])
    message = ex.check({"z3[0]": -1.2921})["z3[0]"].message
    assert "upstream gradient dloss/da3[0]" in message
    assert "gradient dloss/d(node)" in str(ex)


def test_a_weighted_sum_hint_names_the_partner_of_the_product() -> None:
    from autograd import dot

    w, x, b = Value(0.5, label="w"), Value(3.0, label="x"), Value(0.1, label="b")
    z = dot([w], [x], bias=b)
    z.label = "z"
    y = z * z
    y.label = "y"
    result = exercise(y).check({"w": 2 * z.data, "x": 1.0, "b": 0.3})
    assert "the number w is multiplied by, x" in result["w"].message  # gave the upstream gradient only
    assert "the number x is multiplied by, w" in result["x"].message
    assert "1, for the bias" in result["b"].message
    right = exercise(y).check({"z": 2 * z.data})
    assert str(right).splitlines()[1].strip() == f"right  z = {2 * z.data:g}"


def test_tolerance_is_relative_to_the_true_value_with_a_floor_only_at_zero() -> None:
    """A tiny true gradient is not answered by 0; only a true 0 has an absolute floor."""
    w = Value(3e-5, label="w")
    x = Value(0.4, label="x")
    dead = Value(-1.0, label="dead")
    loss = w * x * 0.5 + dead.relu()  # dloss/dw = 0.2, dloss/dx = 1.5e-5, dloss/ddead = 0
    ex = exercise(loss)
    assert ex.solution["x"] == pytest.approx(1.5e-5)
    result = ex.check({"x": 0.0, "w": 0.2, "dead": 0.0})
    assert result.wrong == ["x"] and result.right == ["w", "dead"]
    assert exercise(loss).check({"x": 1.51e-5}).right == ["x"]  # within 1 % of 1.5e-5
    assert exercise(loss).check({"x": 1.6e-5}).wrong == ["x"]  # 7 % off
    assert exercise(loss).check({"dead": 5e-5}).right == ["dead"]  # the floor of a true zero
    assert exercise(loss).check({"dead": 0.01}).wrong == ["dead"]
    assert exercise(loss).check({"w": 0.2019}).right == ["w"] and exercise(loss).check({"w": 0.203}).wrong == ["w"]
    strict = exercise(loss, rel_tol=1e-6, abs_tol=0.0)
    assert strict.check({"x": 1.5e-5, "dead": 0.0}).all_correct is False  # w is still to do
    assert strict.check({"x": 1.5e-5, "dead": 0.0}).right == ["x", "dead"]
